//! `-v`/`--verbose`, `TOKEX_LOG` and `--log-file`: a tracing log written to the log file and,
//! for commands, to stderr as well (as curl -v and gh do); never to the terminal while the TUI
//! owns it. What is logged is chosen where it happens (`net`, `config`); tokens, secrets and
//! `Authorization` values are never among the fields, and what reaches stderr is escaped.

use crate::safe_file::{PrivateDir, SafeFileError};
use clap::Args;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, fmt};

/// The variable holding a tracing-subscriber filter (`tokex=debug`, `tokex::net=trace`, …).
pub const LOG_ENV: &str = "TOKEX_LOG";

#[derive(Debug, Args, Clone, Default)]
pub struct LogArgs {
    /// Log requests (method, URL, status, latency, rate limit), config resolution and cache
    /// decisions to stderr (commands; not the TUI) and to --log-file; -vv for more. TOKEX_LOG
    /// takes a filter instead (e.g. TOKEX_LOG=tokex::net=debug). Tokens and secrets are never
    /// logged.
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
    #[error("cannot open the log file: {0}")]
    Open(#[from] SafeFileError),
}

/// The log stops growing here; the next run that finds it this large starts a new one.
pub const MAX_LOG_BYTES: u64 = 10 * 1024 * 1024;
/// The file name a full log is renamed to (one old generation is kept).
const OLD_SUFFIX: &str = ".1";

/// Where a log goes besides the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Echo {
    /// A command: stderr too.
    Stderr,
    /// The TUI owns the terminal: the file only.
    FileOnly,
}

/// Starts logging when asked for (`-v` or `TOKEX_LOG`); returns the file written to.
pub fn start(args: &LogArgs, env_filter: Option<String>, echo: Echo) -> Result<Option<PathBuf>, LogError> {
    let filter = match env_filter.filter(|text| !text.trim().is_empty()) {
        Some(text) => EnvFilter::try_new(text)?,
        None => match args.verbose {
            0 => return Ok(None),
            1 => EnvFilter::new("tokex=debug"),
            _ => EnvFilter::new("tokex=trace"),
        },
    };
    let (path, private) = match &args.log_file {
        Some(path) => (path.clone(), false),
        None => (default_log_path().ok_or(LogError::NoPath)?, true),
    };
    let file = open_log(&path, private, MAX_LOG_BYTES)?;
    let file_layer = fmt::layer().with_ansi(false).with_writer(Mutex::new(file));
    let stderr_layer =
        (echo == Echo::Stderr).then(|| fmt::layer().with_ansi(false).with_writer(|| EscapedStderr));
    // A second start in one process (tests) keeps the first subscriber.
    let _ = tracing_subscriber::registry().with(filter).with(file_layer).with(stderr_layer).try_init();
    tracing::info!(version = env!("CARGO_PKG_VERSION"), "tokex started");
    Ok(Some(path))
}

/// stderr, with every character a terminal would act on escaped (a URL or a config value in
/// a log line comes from outside).
struct EscapedStderr;

impl std::io::Write for EscapedStderr {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        let escaped = crate::domain::sanitize::escape_control_keep_newlines(&text);
        std::io::stderr().lock().write_all(escaped.as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        std::io::stderr().lock().flush()
    }
}

/// `<state dir>/tokex/tokex.log` (XDG_STATE_HOME on Linux), else the cache directory.
pub fn default_log_path() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "tokex")?;
    let dir = dirs.state_dir().unwrap_or_else(|| dirs.cache_dir());
    Some(dir.join("tokex.log"))
}

/// Appends to the log through `crate::safe_file`: never through a link, never a FIFO, only a
/// regular file of the user's with one link, made 0600 (an existing wider mode is narrowed: it
/// is the user's own file). The default directory is private (0700); a directory named with
/// `--log-file` may be shared (`/tmp`), and only the file is checked. A log over `limit` is
/// renamed to `tokex.log.1` (or emptied where it cannot be renamed) and a new one begun.
pub fn open_log(path: &Path, private: bool, limit: u64) -> Result<CappedLog, SafeFileError> {
    let not_a_file = || SafeFileError::NotRegular { path: path.to_owned() };
    let name = path.file_name().and_then(|n| n.to_str()).ok_or_else(not_a_file)?;
    let parent = path.parent().filter(|dir| !dir.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let dir = if private || !parent.exists() {
        PrivateDir::create(parent)?
    } else {
        PrivateDir::open_shared(parent)?
    };
    let mut file = dir.open_or_create(name, true)?;
    let mut size = file.metadata().map_err(|e| SafeFileError::Io { path: path.to_owned(), source: e })?.len();
    if size >= limit {
        let old = format!("{name}{OLD_SUFFIX}");
        match dir.rename(name, &old) {
            Ok(()) => file = dir.open_or_create(name, true)?,
            Err(_) => file.set_len(0).map_err(|e| SafeFileError::Io { path: path.to_owned(), source: e })?,
        }
        size = 0;
    }
    Ok(CappedLog { file, written: size, limit, stopped: false })
}

/// The log file, which stops taking lines once it holds `limit` bytes.
#[derive(Debug)]
pub struct CappedLog {
    file: File,
    written: u64,
    limit: u64,
    stopped: bool,
}

impl Write for CappedLog {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.stopped {
            return Ok(buf.len());
        }
        if self.written.saturating_add(buf.len() as u64) > self.limit {
            self.stopped = true;
            let note = format!(
                "tokex: the log reached {}; nothing more is written this run (the next run starts a new file)\n",
                crate::net::format_size(self.limit)
            );
            self.file.write_all(note.as_bytes())?;
            return Ok(buf.len());
        }
        self.file.write_all(buf)?;
        self.written = self.written.saturating_add(buf.len() as u64);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("tokex-log-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("dir");
        dir
    }

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).map(|m| m.permissions().mode() & 0o777).unwrap_or(0)
    }

    #[test]
    fn a_planted_link_or_fifo_is_refused_without_waiting() {
        let dir = scratch("hostile");
        let victim = dir.join("victim");
        std::fs::write(&victim, b"precious").expect("victim");
        std::os::unix::fs::symlink(&victim, dir.join("link.log")).expect("symlink");
        let error = open_log(&dir.join("link.log"), false, MAX_LOG_BYTES).expect_err("a link");
        assert!(matches!(error, SafeFileError::Symlink { .. }), "{error}");
        assert_eq!(std::fs::read(&victim).expect("victim"), b"precious");

        let fifo = dir.join("fifo.log");
        assert!(std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo").success());
        let (send, receive) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = send.send(open_log(&fifo, false, MAX_LOG_BYTES).err());
        });
        let error = receive.recv_timeout(std::time::Duration::from_secs(5)).expect("a FIFO must not block");
        assert!(matches!(error, Some(SafeFileError::NotRegular { .. })), "{error:?}");
    }

    #[test]
    fn an_existing_wider_log_is_narrowed_and_a_new_one_is_0600() {
        let dir = scratch("modes");
        let wide = dir.join("wide.log");
        std::fs::write(&wide, b"old line\n").expect("log");
        std::fs::set_permissions(&wide, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        open_log(&wide, false, MAX_LOG_BYTES).expect("opens");
        assert_eq!(mode(&wide), 0o600);
        assert_eq!(std::fs::read(&wide).expect("kept"), b"old line\n", "appended to, never truncated");
        let fresh = dir.join("private").join("tokex.log");
        open_log(&fresh, true, MAX_LOG_BYTES).expect("opens");
        assert_eq!((mode(fresh.parent().expect("dir")), mode(&fresh)), (0o700, 0o600));
    }

    #[test]
    fn a_full_log_is_rotated_and_a_run_stops_at_the_limit() {
        let dir = scratch("size");
        let path = dir.join("tokex.log");
        std::fs::write(&path, vec![b'x'; 100]).expect("full log");
        let mut log = open_log(&path, false, 100).expect("opens");
        assert_eq!(std::fs::metadata(dir.join("tokex.log.1")).map(|m| m.len()).unwrap_or(0), 100);
        log.write_all(&[b'a'; 60]).expect("write");
        log.write_all(&[b'b'; 60]).expect("over the limit: dropped, not an error");
        log.write_all(b"later").expect("dropped");
        let text = std::fs::read_to_string(&path).expect("log");
        let note = "tokex: the log reached 100 bytes; nothing more is written this run (the next run starts a new file)\n";
        assert_eq!(text, format!("{}{note}", "a".repeat(60)));
    }
}
