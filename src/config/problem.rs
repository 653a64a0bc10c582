//! What went wrong while loading the configuration: each problem says where (file, line,
//! profile) and whether something was lost (an error) or only needs a look (a warning).

use super::errors::ProfileError;
use super::file::Position;
use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigProblem {
    /// The file is not valid TOML (or has unknown top-level keys): nothing from it is used.
    Syntax {
        path: PathBuf,
        position: Option<Position>,
        message: String,
    },
    /// One profile is unusable; the others still load.
    InvalidProfile {
        path: Option<PathBuf>,
        profile: String,
        position: Option<Position>,
        problem: ProfileError,
    },
    ReadFailed {
        path: PathBuf,
        message: String,
    },
    /// A literal `client_secret` in a file that group or others can read.
    InsecurePermissions {
        path: PathBuf,
        mode: u32,
    },
    UnknownProfile {
        name: String,
        known: Vec<String>,
    },
    IncompleteEnvironment {
        message: String,
    },
    /// Advice that does not stop the profile from working.
    Notice {
        profile: String,
        message: String,
    },
}

impl ConfigProblem {
    /// Errors lose something (a file, a profile); the rest are warnings.
    pub fn is_error(&self) -> bool {
        matches!(
            self,
            ConfigProblem::Syntax { .. }
                | ConfigProblem::InvalidProfile { .. }
                | ConfigProblem::ReadFailed { .. }
                | ConfigProblem::UnknownProfile { .. }
        )
    }
}

fn at(path: &Path, position: Option<Position>) -> String {
    match position {
        Some(p) => format!("{}:{}:{}", path.display(), p.line, p.column),
        None => path.display().to_string(),
    }
}

impl fmt::Display for ConfigProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigProblem::Syntax { path, position, message } => {
                write!(f, "{}: config file ignored: {message}", at(path, *position))
            }
            ConfigProblem::InvalidProfile { path: Some(path), profile, position, problem } => {
                write!(f, "{}: profile `{profile}` ignored: {problem}", at(path, *position))
            }
            ConfigProblem::InvalidProfile { path: None, profile, problem, .. } => {
                write!(f, "profile `{profile}` ignored: {problem}")
            }
            ConfigProblem::ReadFailed { path, message } => {
                write!(f, "{}: cannot read the config file: {message}", path.display())
            }
            ConfigProblem::InsecurePermissions { path, mode } => write!(
                f,
                "{}: holds a literal client_secret and is readable by others (mode {mode:o}); \
                 run `chmod 600` or use client_secret_env / client_secret_cmd",
                path.display()
            ),
            ConfigProblem::UnknownProfile { name, known } if known.is_empty() => {
                write!(f, "no profile named `{name}` (no profiles are configured)")
            }
            ConfigProblem::UnknownProfile { name, known } => {
                write!(f, "no profile named `{name}` (known: {})", known.join(", "))
            }
            ConfigProblem::IncompleteEnvironment { message } => write!(f, "environment: {message}"),
            ConfigProblem::Notice { profile, message } => write!(f, "profile `{profile}`: {message}"),
        }
    }
}
