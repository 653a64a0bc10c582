//! Why a profile table is unusable, and why a command has no profile: typed until shown.

use super::domain_url::DomainError;

/// One `[profiles.NAME]` table that cannot become a profile.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProfileError {
    /// The table does not fit the schema (unknown key, wrong type); the text is toml's.
    #[error("{0}")]
    Table(String),
    #[error("`domain` is missing")]
    MissingDomain,
    #[error(transparent)]
    Domain(#[from] DomainError),
    #[error("`client_id` is missing")]
    MissingClientId,
    #[error("auth_method = \"private_key_jwt\" needs private_key_path")]
    PrivateKeyPathMissing,
    #[error("`{key}` refused: {error}")]
    Endpoint { key: &'static str, error: DomainError },
    #[error("`client_secret_cmd_timeout` must be at least 1 second")]
    ZeroTimeout,
    #[error("`env` is reserved for the AUTH0_* environment variables")]
    ReservedName,
    #[error("AUTH0_DOMAIN {0}")]
    EnvDomain(DomainError),
}

/// Why a CLI command has no profile to use.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoActiveProfile {
    /// `--profile` or `default_profile` names a profile that does not exist; the text is the
    /// [`super::ConfigProblem`]'s.
    #[error("{0}")]
    Unknown(String),
    #[error(
        "no profile configured: set AUTH0_DOMAIN, AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET{}",
        file.as_ref().map(|path| format!(", or add a [profiles.NAME] to {}", path.display())).unwrap_or_default()
    )]
    NoneConfigured { file: Option<std::path::PathBuf> },
}

/// Why a profile has no client secret to send.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretError {
    #[error("profile `{profile}` has no client secret (set client_secret_env or client_secret_cmd)")]
    Missing { profile: String },
    #[error("profile `{profile}`: environment variable {var} is not set")]
    EnvUnset { profile: String, var: String },
    #[error("profile `{profile}`: client_secret_cmd failed ({status}){detail}")]
    CommandFailed { profile: String, status: String, detail: String },
    #[error("profile `{profile}`: client_secret_cmd printed nothing")]
    CommandEmpty { profile: String },
    #[error("profile `{profile}`: client_secret_cmd did not finish within {seconds} s")]
    CommandTimeout { profile: String, seconds: u64 },
}
