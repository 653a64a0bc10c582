//! Profiles: the `AUTH0_*` environment (the implicit `env` profile), the TOML file at
//! `<config dir>/tokex/config.toml` (or `--config PATH`), and flags, merged once.
//! Precedence: flags > environment > file. See `load.rs` for the rules.

mod domain_url;
mod drift_question;
mod errors;
mod exposure_question;
pub mod file;
mod load;
mod problem;
mod profile;
mod read;
mod redact;
mod secret;
mod secret_cmd;

pub use domain_url::{
    ApiUrlError, DomainError, check_url, checked_api_url, has_scheme, management_audience, normalize_domain,
    origin_of,
};
pub use drift_question::{DriftQuestion, GRANT_SCOPE};
pub use errors::{NoActiveProfile, ProfileError, SecretError};
pub use exposure_question::ExposureQuestion;
pub use file::Position;
pub use load::{
    Config, ConfigProblem, ENV_PROFILE, LoadOptions, Overrides, config_path_from_env, default_config_path,
};
pub use profile::{AuthMethod, PrivateKeySource, Profile, ProfileOrigin, SecretSource, profile_for_issuer};
pub use redact::form_urlencoded;
pub use secret::Secret;
pub use secret_cmd::DEFAULT_COMMAND_TIMEOUT;
