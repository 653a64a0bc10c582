//! One tenant and client to fetch tokens for, however it was configured (file, environment,
//! or built in code like the demo tenant's).

use super::domain_url::{DomainError, check_url, management_audience, normalize_domain};
use super::errors::SecretError;
use super::secret::Secret;
use super::secret_cmd::{DEFAULT_COMMAND_TIMEOUT, run_secret_command};
use serde::Deserialize;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::OnceCell;

/// How the client authenticates at the token endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuthMethod {
    /// `client_secret_post`: the secret in the form body (Auth0's default).
    #[default]
    Post,
    /// `client_secret_basic`: HTTP Basic with client id and secret.
    Basic,
    /// A JWT assertion signed with the client's private key; no secret is sent.
    PrivateKeyJwt,
}

impl AuthMethod {
    pub fn config_name(self) -> &'static str {
        match self {
            AuthMethod::Post => "post",
            AuthMethod::Basic => "basic",
            AuthMethod::PrivateKeyJwt => "private_key_jwt",
        }
    }
}

impl fmt::Display for AuthMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AuthMethod::Post => "client_secret_post",
            AuthMethod::Basic => "client_secret_basic",
            AuthMethod::PrivateKeyJwt => "private_key_jwt",
        })
    }
}

/// Where the client secret comes from. A command runs only when a secret is needed, once.
#[derive(Debug, Clone)]
pub enum SecretSource {
    Value(Secret),
    /// `client_secret_env` names a variable that was not set when the config was loaded.
    EnvUnset {
        var: String,
    },
    Command {
        command: String,
        /// How long the command may run (`client_secret_cmd_timeout`).
        timeout: Duration,
        cache: Arc<OnceCell<Secret>>,
    },
    Missing,
}

impl SecretSource {
    pub fn command(command: impl Into<String>) -> Self {
        SecretSource::Command {
            command: command.into(),
            timeout: DEFAULT_COMMAND_TIMEOUT,
            cache: Arc::new(OnceCell::new()),
        }
    }

    /// Sets a command's timeout; other sources are returned unchanged.
    pub fn with_timeout(self, limit: Duration) -> Self {
        match self {
            SecretSource::Command { command, cache, .. } => {
                SecretSource::Command { command, timeout: limit, cache }
            }
            other => other,
        }
    }
}

/// The private key for `private_key_jwt`: a PEM file, or a PEM held in memory.
#[derive(Debug, Clone)]
pub enum PrivateKeySource {
    Path(PathBuf),
    Pem(Secret),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProfileOrigin {
    File(PathBuf),
    Environment,
    /// Built in code (the demo tenant) or from command-line flags.
    Code,
}

#[derive(Debug, Clone)]
pub struct Profile {
    pub name: String,
    /// Normalised base URL without a trailing slash, e.g. `https://acme.eu.auth0.com`.
    pub domain: String,
    pub client_id: String,
    pub secret: SecretSource,
    pub audience: String,
    pub auth_method: AuthMethod,
    pub private_key: Option<PrivateKeySource>,
    /// `token_endpoint = "…"` in the profile: the one place a token endpoint on another origin
    /// than `domain` is accepted from (checked, in the spelling reqwest uses).
    pub token_endpoint: Option<String>,
    /// `jwks_uri = "…"` in the profile: likewise for the JWKS.
    pub jwks_uri: Option<String>,
    /// Whether `fetch` and `call` may reuse and store this profile's tokens (`cache = false`
    /// turns it off).
    pub cache: bool,
    pub origin: ProfileOrigin,
}

impl Profile {
    /// A secret-based profile built in code (the demo tenant: `http://127.0.0.1:PORT`).
    /// The audience defaults to the Management API's, the method to `client_secret_post`.
    pub fn new(
        name: impl Into<String>,
        domain: &str,
        client_id: impl Into<String>,
        secret: Secret,
    ) -> Result<Self, DomainError> {
        let domain = normalize_domain(domain)?;
        Ok(Self {
            name: name.into(),
            audience: management_audience(&domain),
            domain,
            client_id: client_id.into(),
            secret: SecretSource::Value(secret),
            auth_method: AuthMethod::Post,
            private_key: None,
            token_endpoint: None,
            jwks_uri: None,
            cache: true,
            origin: ProfileOrigin::Code,
        })
    }

    /// Names the token endpoint explicitly (it may then be on another origin than `domain`).
    pub fn with_token_endpoint(mut self, url: &str) -> Result<Self, DomainError> {
        self.token_endpoint = Some(check_url(url)?.into());
        Ok(self)
    }

    /// Names the JWKS explicitly (it may then be on another origin than `domain`).
    pub fn with_jwks_uri(mut self, url: &str) -> Result<Self, DomainError> {
        self.jwks_uri = Some(check_url(url)?.into());
        Ok(self)
    }

    /// Switches to `private_key_jwt` with an in-memory PEM.
    pub fn with_private_key_pem(mut self, pem: impl Into<String>) -> Self {
        self.auth_method = AuthMethod::PrivateKeyJwt;
        self.private_key = Some(PrivateKeySource::Pem(Secret::new(pem)));
        self
    }

    pub fn with_audience(mut self, audience: impl Into<String>) -> Self {
        self.audience = audience.into();
        self
    }

    pub fn with_auth_method(mut self, method: AuthMethod) -> Self {
        self.auth_method = method;
        self
    }

    /// The `iss` Auth0 puts in this tenant's tokens: the domain with a trailing slash.
    pub fn issuer(&self) -> String {
        format!("{}/", self.domain)
    }

    /// True when a token with this `iss` comes from this profile's tenant (slash-insensitive,
    /// so `https://x/` and `https://x` both match) — decided without any network access.
    pub fn matches_issuer(&self, iss: &str) -> bool {
        iss.trim_end_matches('/').eq_ignore_ascii_case(&self.domain)
    }

    /// How the secret is shown in the Tokens pane: masked, or where it comes from.
    pub fn secret_display(&self) -> String {
        match &self.secret {
            SecretSource::Value(secret) => secret.masked(),
            SecretSource::EnvUnset { var } => format!("${var} (not set)"),
            SecretSource::Command { command, cache, .. } => match cache.get() {
                Some(secret) => secret.masked(),
                None => format!("from `{}`", crate::domain::sanitize::escape_control(command)),
            },
            SecretSource::Missing if self.auth_method == AuthMethod::PrivateKeyJwt => {
                "(private key)".to_owned()
            }
            SecretSource::Missing => "(none)".to_owned(),
        }
    }

    /// The client secret, running `client_secret_cmd` the first time it is needed.
    pub async fn client_secret(&self) -> Result<Secret, SecretError> {
        let profile = self.name.clone();
        match &self.secret {
            SecretSource::Value(secret) => Ok(secret.clone()),
            SecretSource::EnvUnset { var } => Err(SecretError::EnvUnset { profile, var: var.clone() }),
            SecretSource::Missing => Err(SecretError::Missing { profile }),
            SecretSource::Command { command, timeout, cache } => {
                cache.get_or_try_init(|| run_secret_command(&profile, command, *timeout)).await.cloned()
            }
        }
    }
}

/// The profile whose tenant issued a token with this `iss`, decided without the network: the
/// active profile first (two profiles may share a tenant), else the first that matches. The
/// one answer both the TUI and the CLI use.
pub fn profile_for_issuer<'a>(
    profiles: &'a [Profile],
    active: Option<&'a Profile>,
    iss: &str,
) -> Option<&'a Profile> {
    active.filter(|p| p.matches_issuer(iss)).or_else(|| profiles.iter().find(|p| p.matches_issuer(iss)))
}
