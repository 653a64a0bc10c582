//! Merging the config file, the environment and flags into profiles, once, at start-up.
//! Loading never fails: whatever is wrong becomes a [`ConfigProblem`] the caller shows while
//! the app starts with the profiles that did load.

use super::domain_url::{check_url, management_audience, normalize_domain};
use super::errors::{NoActiveProfile, ProfileError};
use super::file::{self, RawProfile};
pub use super::problem::ConfigProblem;
use super::profile::{AuthMethod, PrivateKeySource, Profile, ProfileOrigin, SecretSource};
use super::read::read_config_text;
use super::secret::Secret;
use super::secret_cmd::DEFAULT_COMMAND_TIMEOUT;
use std::path::{Path, PathBuf};

/// Name of the implicit profile built from `AUTH0_*` variables.
pub const ENV_PROFILE: &str = "env";

/// Command-line choices; they win over the environment and the file.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// `--config PATH`; without it, `<config dir>/tokex/config.toml`.
    pub config_path: Option<PathBuf>,
    /// `--profile NAME`.
    pub profile: Option<String>,
    /// Field flags, applied to the active profile.
    pub overrides: Overrides,
}

#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub domain: Option<String>,
    pub client_id: Option<String>,
    pub audience: Option<String>,
    pub auth_method: Option<AuthMethod>,
}

/// Profiles, which one is active, and everything that was wrong.
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub profiles: Vec<Profile>,
    pub active: Option<String>,
    pub problems: Vec<ConfigProblem>,
    /// The config file that was read (or would have been), for messages.
    pub file: Option<PathBuf>,
    /// The file's `mouse` key: `Some(false)` turns the TUI's mouse capture off.
    pub mouse: Option<bool>,
}

/// `$XDG_CONFIG_HOME/tokex/config.toml` when that variable holds an absolute path, on every OS
/// (the `directories` crate reads it only on Linux); else `<user config dir>/tokex/config.toml`.
pub fn default_config_path() -> Option<PathBuf> {
    config_path_from_env(&|name| std::env::var(name).ok())
}

/// [`default_config_path`] with an injected environment. A relative or empty
/// `XDG_CONFIG_HOME` is ignored, as the XDG base directory specification says.
pub fn config_path_from_env(env: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    if let Some(xdg) = env("XDG_CONFIG_HOME").map(PathBuf::from)
        && xdg.is_absolute()
    {
        return Some(xdg.join("tokex").join("config.toml"));
    }
    directories::ProjectDirs::from("", "", "tokex").map(|dirs| dirs.config_dir().join("config.toml"))
}

impl Config {
    /// Loads with the process environment.
    pub fn load(options: &LoadOptions) -> Config {
        Self::load_with_env(options, &|name| std::env::var(name).ok())
    }

    /// Loads with an injected environment, so tests never touch the process's.
    pub fn load_with_env(options: &LoadOptions, env: &dyn Fn(&str) -> Option<String>) -> Config {
        let mut config = Config::default();
        let path = options.config_path.clone().or_else(|| config_path_from_env(env));
        let mut default_profile = None;
        if let Some(path) = &path {
            default_profile = config.read_file(path, options.config_path.is_some(), env);
        }
        config.file = path;
        config.add_env_profile(env);
        config.choose_active(options.profile.as_deref(), default_profile);
        config.apply_overrides(&options.overrides);
        tracing::debug!(
            file = ?config.file,
            profiles = ?config.profiles.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(),
            active = ?config.active,
            domain = ?config.active_profile().map(|p| p.domain.as_str()),
            source = ?config.active_profile().map(|p| &p.origin),
            problems = config.problems.len(),
            "configuration resolved"
        );
        config
    }

    pub fn active_profile(&self) -> Option<&Profile> {
        self.active.as_deref().and_then(|name| self.profile(name))
    }

    pub fn profile(&self, name: &str) -> Option<&Profile> {
        self.profiles.iter().find(|p| p.name == name)
    }

    /// The profile whose tenant issued a token with this `iss`, decided without the network.
    pub fn profile_for_issuer(&self, iss: &str) -> Option<&Profile> {
        super::profile::profile_for_issuer(&self.profiles, self.active_profile(), iss)
    }

    /// The profile a CLI command should use, or why there is none.
    pub fn require_active(&self) -> Result<&Profile, NoActiveProfile> {
        if let Some(profile) = self.active_profile() {
            return Ok(profile);
        }
        if let Some(problem) =
            self.problems.iter().find(|p| matches!(p, ConfigProblem::UnknownProfile { .. }))
        {
            return Err(NoActiveProfile::Unknown(problem.to_string()));
        }
        Err(NoActiveProfile::NoneConfigured { file: self.file.clone() })
    }

    fn known_names(&self) -> Vec<String> {
        self.profiles.iter().map(|p| p.name.clone()).collect()
    }

    /// Reads and parses the file; returns its `default_profile`.
    fn read_file(
        &mut self,
        path: &Path,
        explicit: bool,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Option<String> {
        let text = match read_config_text(path) {
            Ok(text) => text,
            // No file at the default location is the normal first run.
            Err(error) if error.is_not_found() && !explicit => return None,
            Err(error) => {
                self.problems
                    .push(ConfigProblem::ReadFailed { path: path.to_owned(), message: error.to_string() });
                return None;
            }
        };
        let parsed = match file::parse(&text) {
            Ok(parsed) => parsed,
            Err(error) => {
                self.problems.push(ConfigProblem::Syntax {
                    path: path.to_owned(),
                    position: error.position,
                    message: error.message,
                });
                return None;
            }
        };
        self.mouse = parsed.mouse;
        let mut literal_secret = false;
        for parsed_profile in parsed.profiles {
            let invalid = |problem: ProfileError| ConfigProblem::InvalidProfile {
                path: Some(path.to_owned()),
                profile: parsed_profile.name.clone(),
                position: Some(parsed_profile.position),
                problem,
            };
            if parsed_profile.name == ENV_PROFILE {
                self.problems.push(invalid(ProfileError::ReservedName));
                continue;
            }
            let raw = match parsed_profile.raw {
                Ok(raw) => raw,
                Err(error) => {
                    self.problems.push(invalid(error));
                    continue;
                }
            };
            literal_secret |= raw.client_secret.is_some();
            match profile_from_raw(&parsed_profile.name, raw, path, env) {
                Ok((profile, notices)) => {
                    self.problems.extend(
                        notices
                            .into_iter()
                            .map(|message| ConfigProblem::Notice { profile: profile.name.clone(), message }),
                    );
                    self.profiles.push(profile);
                }
                Err(error) => self.problems.push(invalid(error)),
            }
        }
        if literal_secret && let Some(mode) = readable_by_others(path) {
            self.problems.push(ConfigProblem::InsecurePermissions { path: path.to_owned(), mode });
        }
        parsed.default_profile
    }

    fn add_env_profile(&mut self, env: &dyn Fn(&str) -> Option<String>) {
        let get = |name: &str| env(name).filter(|v| !v.trim().is_empty());
        let (domain, client_id) = (get("AUTH0_DOMAIN"), get("AUTH0_CLIENT_ID"));
        let (domain, client_id) = match (domain, client_id) {
            (Some(domain), Some(client_id)) => (domain, client_id),
            (None, None) => {
                if get("AUTH0_CLIENT_SECRET").is_some() {
                    self.problems.push(ConfigProblem::IncompleteEnvironment {
                        message: "AUTH0_CLIENT_SECRET is set but AUTH0_DOMAIN and AUTH0_CLIENT_ID are not"
                            .to_owned(),
                    });
                }
                return;
            }
            (Some(_), None) | (None, Some(_)) => {
                self.problems.push(ConfigProblem::IncompleteEnvironment {
                    message: "AUTH0_DOMAIN and AUTH0_CLIENT_ID must both be set for the `env` profile"
                        .to_owned(),
                });
                return;
            }
        };
        let domain = match normalize_domain(&domain) {
            Ok(domain) => domain,
            Err(error) => {
                self.problems.push(ConfigProblem::InvalidProfile {
                    path: None,
                    profile: ENV_PROFILE.to_owned(),
                    position: None,
                    problem: ProfileError::EnvDomain(error),
                });
                return;
            }
        };
        let secret = match get("AUTH0_CLIENT_SECRET") {
            Some(secret) => SecretSource::Value(Secret::new(secret)),
            None => SecretSource::EnvUnset { var: "AUTH0_CLIENT_SECRET".to_owned() },
        };
        let audience = get("AUTH0_AUDIENCE").unwrap_or_else(|| management_audience(&domain));
        self.profiles.push(Profile {
            name: ENV_PROFILE.to_owned(),
            domain,
            client_id,
            secret,
            audience,
            auth_method: AuthMethod::Post,
            private_key: None,
            token_endpoint: None,
            jwks_uri: None,
            cache: true,
            origin: ProfileOrigin::Environment,
        });
    }

    /// `--profile` > the environment's profile > `default_profile` > the first profile.
    fn choose_active(&mut self, flag: Option<&str>, default_profile: Option<String>) {
        if let Some(name) = flag {
            if self.profile(name).is_some() {
                self.active = Some(name.to_owned());
            } else {
                self.problems
                    .push(ConfigProblem::UnknownProfile { name: name.to_owned(), known: self.known_names() });
            }
            return;
        }
        if self.profile(ENV_PROFILE).is_some() {
            self.active = Some(ENV_PROFILE.to_owned());
            return;
        }
        if let Some(name) = default_profile {
            if self.profile(&name).is_some() {
                self.active = Some(name);
                return;
            }
            self.problems.push(ConfigProblem::UnknownProfile { name, known: self.known_names() });
        }
        self.active = self.profiles.first().map(|p| p.name.clone());
    }

    fn apply_overrides(&mut self, overrides: &Overrides) {
        let Some(name) = self.active.clone() else { return };
        let mut problem = None;
        if let Some(profile) = self.profiles.iter_mut().find(|p| p.name == name) {
            if let Some(domain) = &overrides.domain {
                match normalize_domain(domain) {
                    Ok(domain) => {
                        // A derived audience follows the domain; an explicit one stays.
                        if profile.audience == management_audience(&profile.domain) {
                            profile.audience = management_audience(&domain);
                        }
                        profile.domain = domain;
                    }
                    Err(error) => {
                        problem = Some(ConfigProblem::Notice {
                            profile: name.clone(),
                            message: format!("--domain ignored: {error}"),
                        })
                    }
                }
            }
            if let Some(client_id) = &overrides.client_id {
                profile.client_id = client_id.clone();
            }
            if let Some(audience) = &overrides.audience {
                profile.audience = audience.clone();
            }
            if let Some(method) = overrides.auth_method {
                profile.auth_method = method;
            }
        }
        self.problems.extend(problem);
    }
}

/// Builds a profile from its table; `Err` is why it is unusable, notices are advice.
fn profile_from_raw(
    name: &str,
    raw: RawProfile,
    path: &Path,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<(Profile, Vec<String>), ProfileError> {
    let mut notices = Vec::new();
    let domain = normalize_domain(raw.domain.as_deref().ok_or(ProfileError::MissingDomain)?)?;
    let client_id = raw.client_id.filter(|id| !id.trim().is_empty()).ok_or(ProfileError::MissingClientId)?;
    let endpoint = |key: &'static str, value: Option<String>| {
        value
            .map(|url| {
                check_url(&url).map(String::from).map_err(|error| ProfileError::Endpoint { key, error })
            })
            .transpose()
    };
    let token_endpoint = endpoint("token_endpoint", raw.token_endpoint)?;
    let jwks_uri = endpoint("jwks_uri", raw.jwks_uri)?;
    let command_timeout = match raw.client_secret_cmd_timeout {
        Some(0) => return Err(ProfileError::ZeroTimeout),
        Some(seconds) => std::time::Duration::from_secs(seconds),
        None => DEFAULT_COMMAND_TIMEOUT,
    };
    let sources =
        [raw.client_secret_env.is_some(), raw.client_secret_cmd.is_some(), raw.client_secret.is_some()];
    if sources.iter().filter(|set| **set).count() > 1 {
        notices.push(
            "several secret sources are set; using client_secret_env, then client_secret_cmd, then client_secret"
                .to_owned(),
        );
    }
    let secret = if let Some(var) = raw.client_secret_env {
        match env(&var).filter(|v| !v.is_empty()) {
            Some(value) => SecretSource::Value(Secret::new(value)),
            None => SecretSource::EnvUnset { var },
        }
    } else if let Some(command) = raw.client_secret_cmd {
        SecretSource::command(command).with_timeout(command_timeout)
    } else if let Some(secret) = raw.client_secret {
        notices.push("a literal client_secret in the config file is discouraged; prefer client_secret_env or client_secret_cmd".to_owned());
        SecretSource::Value(Secret::new(secret))
    } else {
        SecretSource::Missing
    };
    let auth_method = raw.auth_method.unwrap_or_default();
    let private_key = raw.private_key_path.map(|p| PrivateKeySource::Path(resolve_path(&p, path)));
    if auth_method == AuthMethod::PrivateKeyJwt && private_key.is_none() {
        return Err(ProfileError::PrivateKeyPathMissing);
    }
    if let Some(PrivateKeySource::Path(key)) = &private_key
        && let Some(mode) = readable_by_others(key)
    {
        notices.push(format!(
            "the private key {} is readable by others (mode {mode:03o}): anyone who can read it can sign \
             in as this client; run `chmod 600 {}`",
            key.display(),
            key.display()
        ));
    }
    let audience = raw.audience.unwrap_or_else(|| management_audience(&domain));
    Ok((
        Profile {
            name: name.to_owned(),
            domain,
            client_id,
            secret,
            audience,
            auth_method,
            private_key,
            token_endpoint,
            jwks_uri,
            cache: raw.cache.unwrap_or(true),
            origin: ProfileOrigin::File(path.to_owned()),
        },
        notices,
    ))
}

/// `~/x` is expanded; a relative path is relative to the config file's folder.
fn resolve_path(value: &Path, config_file: &Path) -> PathBuf {
    if let Ok(rest) = value.strip_prefix("~")
        && let Some(home) = directories::BaseDirs::new().map(|dirs| dirs.home_dir().to_owned())
    {
        return home.join(rest);
    }
    if value.is_relative()
        && let Some(dir) = config_file.parent()
    {
        return dir.join(value);
    }
    value.to_owned()
}

/// The file's mode when group or others may read it (a stat: never opens, so never blocks).
#[cfg(unix)]
fn readable_by_others(path: &Path) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).ok().filter(std::fs::Metadata::is_file)?.permissions().mode() & 0o777;
    (mode & 0o044 != 0).then_some(mode)
}

#[cfg(not(unix))]
fn readable_by_others(_path: &Path) -> Option<u32> {
    None
}
