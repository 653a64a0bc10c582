//! Fetching a Management API token with the client-credentials grant. A Management API token
//! cannot be refreshed: a new one is fetched (docs/auth0.md#lifecycle).

use super::assertion::{client_assertion, random_jti};
use super::body::read_capped;
use super::discovery::{DiscoveryError, ExplicitEndpoints, endpoints_with};
use super::endpoints::Endpoints;
use super::http::Http;
use super::size::TOKEN_BODY_LIMIT;
use super::transport::{TransportError, excerpt};
use crate::config::{AuthMethod, PrivateKeySource, Profile, Secret, SecretError, form_urlencoded};
use crate::domain::auth0::{
    ASSERTION_TYPE_JWT_BEARER, GRANT_CLIENT_CREDENTIALS, OAuthErrorBody, TokenRequest, TokenResponse,
    token_error_hint,
};
use crate::domain::sanitize::escape_control;
use crate::safe_file::read_user_file;
use jsonwebtoken::EncodingKey;
use std::time::{SystemTime, UNIX_EPOCH};

/// A PEM RSA key of 16,384 bits is under 13 KiB; anything far larger is not a key.
const MAX_PRIVATE_KEY_BYTES: u64 = 64 * 1024;

/// A token response and when it arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenGrant {
    pub response: TokenResponse,
    /// Epoch seconds when the response was received.
    pub received_at: i64,
    pub profile: String,
    pub endpoints: Endpoints,
}

impl TokenGrant {
    /// `received_at + expires_in`: when the server says the token stops working.
    pub fn expires_at(&self) -> Option<i64> {
        self.response.expires_in.map(|secs| self.received_at.saturating_add(secs))
    }
}

/// Why no token came back, in words a person can act on. Texts never contain the secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    #[error(transparent)]
    Secret(#[from] SecretError),
    #[error("profile `{profile}`: private key: {detail}")]
    PrivateKey { profile: String, detail: String },
    #[error(transparent)]
    Transport(#[from] TransportError),
    /// The discovery document names endpoints tokex refuses to send the credential to.
    #[error(transparent)]
    Discovery(DiscoveryError),
    /// The server refused with an OAuth error body.
    #[error("{}", rejected_text(*status, error, description.as_deref(), *hint))]
    Rejected { status: u16, error: String, description: Option<String>, hint: Option<&'static str> },
    /// An error status without an OAuth body (a proxy's HTML page, an empty 502…).
    #[error("HTTP {status} from {url}: {excerpt}")]
    Status { status: u16, url: String, excerpt: String },
    #[error("the token endpoint answered HTTP {status} but not with JSON: {excerpt}")]
    NotJson { status: u16, excerpt: String },
    #[error("the token response ended early (truncated JSON): {excerpt}")]
    TruncatedJson { excerpt: String },
    #[error("the token response has no usable access_token: {detail}")]
    BadResponse { detail: String },
}

fn rejected_text(status: u16, error: &str, description: Option<&str>, hint: Option<&str>) -> String {
    let mut text = format!("token request rejected: HTTP {status} {error}");
    if let Some(description) = description {
        text.push_str(&format!(": {description}"));
    }
    if let Some(hint) = hint {
        text.push_str(&format!(" — {hint}"));
    }
    text
}

impl FetchError {
    pub fn hint(&self) -> Option<&'static str> {
        match self {
            FetchError::Rejected { hint, .. } => *hint,
            _ => None,
        }
    }

    /// Masks the secret, in every spelling, anywhere a server might have echoed it.
    fn redact(self, secret: &Secret, client_id: &str) -> Self {
        let r = |text: String| secret.redact_with_client(&text, client_id);
        match self {
            FetchError::Rejected { status, error, description, hint } => {
                FetchError::Rejected { status, error: r(error), description: description.map(r), hint }
            }
            FetchError::Status { status, url, excerpt } => {
                FetchError::Status { status, url: r(url), excerpt: r(excerpt) }
            }
            FetchError::NotJson { status, excerpt } => FetchError::NotJson { status, excerpt: r(excerpt) },
            FetchError::TruncatedJson { excerpt } => FetchError::TruncatedJson { excerpt: r(excerpt) },
            FetchError::BadResponse { detail } => FetchError::BadResponse { detail: r(detail) },
            FetchError::Transport(error) => FetchError::Transport(error.map_text(r)),
            FetchError::PrivateKey { profile, detail } => {
                FetchError::PrivateKey { profile, detail: r(detail) }
            }
            other @ (FetchError::Secret(_) | FetchError::Discovery(_)) => other,
        }
    }
}

impl From<DiscoveryError> for FetchError {
    /// A transport failure stays a transport failure, whichever request it happened on.
    fn from(error: DiscoveryError) -> Self {
        match error {
            DiscoveryError::Transport(error) => FetchError::Transport(error),
            other => FetchError::Discovery(other),
        }
    }
}

/// Client credentials → a fresh token, with the profile's auth method.
pub async fn fetch_token(http: &Http, profile: &Profile) -> Result<TokenGrant, FetchError> {
    let explicit = ExplicitEndpoints {
        token_endpoint: profile.token_endpoint.as_deref(),
        jwks_uri: profile.jwks_uri.as_deref(),
    };
    let endpoints = endpoints_with(http, &profile.domain, explicit).await?;
    let credential = credential(profile).await?;
    let result = request_token(http, profile, &endpoints, &credential).await;
    // Masked in every error: the secret, or the signed assertion (valid for a minute, and
    // replayable by whoever reads it in that time).
    result.map_err(|error| error.redact(credential.as_secret(), &profile.client_id))
}

enum Credential {
    Secret(Secret),
    /// The client assertion, kept as a `Secret` so it is masked like one.
    Assertion(Secret),
}

impl Credential {
    fn as_secret(&self) -> &Secret {
        match self {
            Credential::Secret(secret) | Credential::Assertion(secret) => secret,
        }
    }
}

async fn credential(profile: &Profile) -> Result<Credential, FetchError> {
    if profile.auth_method != AuthMethod::PrivateKeyJwt {
        return Ok(Credential::Secret(profile.client_secret().await?));
    }
    let key_error = |detail: String| FetchError::PrivateKey { profile: profile.name.clone(), detail };
    let pem = match &profile.private_key {
        None => return Err(key_error("no private_key_path is configured".to_owned())),
        Some(PrivateKeySource::Pem(pem)) => pem.clone(),
        // A small local file: a synchronous read is fine here. Bounded and never blocking: a
        // FIFO or a device (`/dev/zero`) at the path is refused, not read.
        Some(PrivateKeySource::Path(path)) => match read_user_file(path, MAX_PRIVATE_KEY_BYTES) {
            Ok((bytes, _)) => match String::from_utf8(bytes) {
                Ok(text) => Secret::new(text),
                Err(_) => return Err(key_error(format!("{} is not PEM text", path.display()))),
            },
            Err(error) => return Err(key_error(format!("cannot read the key: {error}"))),
        },
    };
    let key = EncodingKey::from_rsa_pem(pem.expose().as_bytes())
        .map_err(|e| key_error(format!("not an RSA private key in PEM form ({e})")))?;
    let jti = random_jti().map_err(|_| key_error("no randomness for the assertion's jti".to_owned()))?;
    let audience = format!("{}/", profile.domain);
    let assertion = client_assertion(&profile.client_id, &audience, &key, now_epoch(), &jti)
        .map_err(|e| key_error(format!("cannot sign the assertion: {e}")))?;
    Ok(Credential::Assertion(Secret::new(assertion)))
}

async fn request_token(
    http: &Http,
    profile: &Profile,
    endpoints: &Endpoints,
    credential: &Credential,
) -> Result<TokenGrant, FetchError> {
    let url = endpoints.token_endpoint.as_str();
    let mut form = TokenRequest {
        grant_type: GRANT_CLIENT_CREDENTIALS,
        client_id: &profile.client_id,
        client_secret: None,
        audience: &profile.audience,
        client_assertion_type: None,
        client_assertion: None,
    };
    let mut request = http
        .client(url)
        .await
        .map_err(FetchError::Transport)?
        .post(url)
        .header(reqwest::header::ACCEPT, "application/json");
    match (credential, profile.auth_method) {
        (Credential::Secret(secret), AuthMethod::Basic) => {
            // RFC 6749 §2.3.1: both halves are form-encoded before Basic encoding.
            request = request
                .basic_auth(form_urlencoded(&profile.client_id), Some(form_urlencoded(secret.expose())));
        }
        (Credential::Secret(secret), _) => form.client_secret = Some(secret.expose()),
        (Credential::Assertion(assertion), _) => {
            form.client_assertion_type = Some(ASSERTION_TYPE_JWT_BEARER);
            form.client_assertion = Some(assertion.expose());
        }
    }
    let started = std::time::Instant::now();
    // Logged: where and what came back; never the form, the Basic header or the body.
    let response = request.form(&form).send().await.map_err(|e| {
        let error = TransportError::from_reqwest(&e, url, http.timeout());
        let route = super::proxy::route_for(url);
        tracing::warn!(method = "POST", url, %route, profile = %profile.name, %error, "token request failed");
        error
    })?;
    let status = response.status().as_u16();
    let body = read_capped(response, TOKEN_BODY_LIMIT, url, http.timeout()).await?;
    tracing::debug!(
        method = "POST",
        url,
        route = %super::proxy::route_for(url),
        profile = %profile.name,
        auth_method = ?profile.auth_method,
        status,
        latency_ms = started.elapsed().as_millis() as u64,
        "token request"
    );
    let received_at = now_epoch();
    // Error texts are built from the body with the secret (or the assertion) already masked in
    // every spelling, so no cut (a 200-character excerpt) can leave part of it behind.
    let shown = |body: &[u8]| {
        credential
            .as_secret()
            .redact_with_client(&String::from_utf8_lossy(body), &profile.client_id)
            .into_bytes()
    };
    if !(200..300).contains(&status) {
        let body = shown(&body);
        return Err(match serde_json::from_slice::<OAuthErrorBody>(&body) {
            Ok(oauth) => {
                let error = escape_control(&oauth.error).into_owned();
                let description = oauth.error_description.map(|d| escape_control(&d).into_owned());
                let hint = token_error_hint(status, Some(&error), description.as_deref());
                FetchError::Rejected { status, error, description, hint }
            }
            Err(_) => FetchError::Status { status, url: url.to_owned(), excerpt: excerpt(&body) },
        });
    }
    let response = parse_token_response(status, &body).map_err(|_| {
        let body = shown(&body);
        parse_token_response(status, &body).err().unwrap_or(FetchError::BadResponse {
            detail: "the response names the client secret or assertion".to_owned(),
        })
    })?;
    Ok(TokenGrant { response, received_at, profile: profile.name.clone(), endpoints: endpoints.clone() })
}

fn parse_token_response(status: u16, body: &[u8]) -> Result<TokenResponse, FetchError> {
    match serde_json::from_slice::<TokenResponse>(body) {
        Ok(response) if response.access_token.trim().is_empty() => {
            Err(FetchError::BadResponse { detail: "access_token is empty".to_owned() })
        }
        Ok(response) => Ok(response),
        Err(error) if error.is_eof() => Err(FetchError::TruncatedJson { excerpt: excerpt(body) }),
        Err(error) if error.is_data() => {
            Err(FetchError::BadResponse { detail: escape_control(&error.to_string()).into_owned() })
        }
        Err(_) => Err(FetchError::NotJson { status, excerpt: excerpt(body) }),
    }
}

/// The network layer may read the clock; the domain layer never does.
pub(crate) fn now_epoch() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_encoding_for_basic_auth() {
        assert_eq!(form_urlencoded("abc-XYZ_0.9"), "abc-XYZ_0.9");
        assert_eq!(form_urlencoded("a b:c/d+e"), "a+b%3Ac%2Fd%2Be");
    }

    #[test]
    fn token_response_parsing_cases() {
        assert!(
            parse_token_response(200, br#"{"access_token":"x","expires_in":60,"token_type":"Bearer"}"#)
                .is_ok()
        );
        assert!(matches!(
            parse_token_response(200, br#"{"access_token":"x","exp"#),
            Err(FetchError::TruncatedJson { .. })
        ));
        assert!(matches!(parse_token_response(200, b"<html>hi</html>"), Err(FetchError::NotJson { .. })));
        assert!(matches!(
            parse_token_response(200, br#"{"token":"x"}"#),
            Err(FetchError::BadResponse { .. })
        ));
        assert!(matches!(
            parse_token_response(200, br#"{"access_token":""}"#),
            Err(FetchError::BadResponse { .. })
        ));
    }
}
