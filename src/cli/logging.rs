//! `-v`/`--verbose`, `TOKEX_LOG` and `--log-file`: a tracing log written to a file, never to
//! the terminal (the TUI owns it). What is logged is chosen where it happens (`net`, `config`);
//! tokens, secrets and `Authorization` values are never among the fields.

use clap::Args;
use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use tracing_subscriber::EnvFilter;

/// The variable holding a tracing-subscriber filter (`tokex=debug`, `tokex::net=trace`, …).
pub const LOG_ENV: &str = "TOKEX_LOG";

#[derive(Debug, Args, Clone, Default)]
pub struct LogArgs {
    /// Log requests (method, URL, status, latency, rate limit), config resolution and cache
    /// decisions to --log-file; -vv for more. TOKEX_LOG takes a filter instead
    /// (e.g. TOKEX_LOG=tokex::net=debug). Tokens and secrets are never logged.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// The log file, appended to (default: <user state dir>/tokex/tokex.log, e.g.
    /// ~/.local/state/tokex/tokex.log on Linux).
    #[arg(long, global = true, value_name = "PATH", env = "TOKEX_LOG_FILE")]
    pub log_file: Option<PathBuf>,
}

#[derive(Debug, thiserror::Error)]
pub enum LogError {
    #[error("{LOG_ENV} is not a valid filter: {0}")]
    Filter(#[from] tracing_subscriber::filter::ParseError),
    #[error("no user state or cache directory for the log; pass --log-file")]
    NoPath,
    #[error("cannot open the log file {}: {source}", path.display())]
    Open { path: PathBuf, source: std::io::Error },
}

/// Starts logging when asked for (`-v` or `TOKEX_LOG`); returns the file written to.
pub fn start(args: &LogArgs, env_filter: Option<String>) -> Result<Option<PathBuf>, LogError> {
    let filter = match env_filter.filter(|text| !text.trim().is_empty()) {
        Some(text) => EnvFilter::try_new(text)?,
        None => match args.verbose {
            0 => return Ok(None),
            1 => EnvFilter::new("tokex=debug"),
            _ => EnvFilter::new("tokex=trace"),
        },
    };
    let path = args.log_file.clone().or_else(default_log_path).ok_or(LogError::NoPath)?;
    let file = open_log(&path).map_err(|source| LogError::Open { path: path.clone(), source })?;
    // A second start in one process (tests) keeps the first subscriber.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(Mutex::new(file))
        .try_init();
    tracing::info!(version = env!("CARGO_PKG_VERSION"), "tokex started");
    Ok(Some(path))
}

/// `<state dir>/tokex/tokex.log` (XDG_STATE_HOME on Linux), else the cache directory.
pub fn default_log_path() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "tokex")?;
    let dir = dirs.state_dir().unwrap_or_else(|| dirs.cache_dir());
    Some(dir.join("tokex.log"))
}

/// Appends; created readable by the user only (URLs in it may name users and tenants).
fn open_log(path: &Path) -> std::io::Result<File> {
    if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut options = OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}
