//! Running `client_secret_cmd` with bounds: its own process group, its own timeout, at most
//! 64 KiB of stdout kept (the first line is the secret), done when the command exits even if
//! a background child keeps stdout open, and on timeout the whole group killed.

use super::errors::SecretError;
use super::secret::Secret;
use crate::domain::sanitize::escape_control;
use std::process::{ExitStatus, Stdio};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncReadExt};

/// Password managers may wait for a PIN or a touch, but not forever.
pub const DEFAULT_COMMAND_TIMEOUT: Duration = Duration::from_secs(30);
/// More than any secret; the rest of a chatty command's output is read and dropped.
const MAX_STDOUT: usize = 64 * 1024;
/// Enough for the first line of an error message.
const MAX_STDERR: usize = 4 * 1024;
/// After the command exits, what is already in the pipes is read for this long at most: a
/// background child that inherited stdout must not keep tokex waiting.
const DRAIN_AFTER_EXIT: Duration = Duration::from_millis(200);

/// Runs the command through the platform shell and takes the first line of its stdout. stderr
/// is summarised to its first line (never stdout, which may hold a partial secret).
pub(super) async fn run_secret_command(
    profile: &str,
    command: &str,
    limit: Duration,
) -> Result<Secret, SecretError> {
    let profile = profile.to_owned();
    let mut child = match shell(command).spawn() {
        Ok(child) => child,
        Err(error) => {
            return Err(SecretError::CommandFailed {
                profile,
                status: "could not start the shell".to_owned(),
                detail: format!(": {}", escape_control(&error.to_string())),
            });
        }
    };
    let (mut stdout, mut stderr) = (child.stdout.take(), child.stderr.take());
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let finished = tokio::time::timeout(limit, async {
        let reading = async {
            tokio::join!(
                read_capped(stdout.as_mut(), &mut out, MAX_STDOUT),
                read_capped(stderr.as_mut(), &mut err, MAX_STDERR)
            )
        };
        tokio::pin!(reading);
        let exited = tokio::select! {
            status = child.wait() => Some(status),
            _ = &mut reading => None,
        };
        match exited {
            Some(status) => {
                let _ = tokio::time::timeout(DRAIN_AFTER_EXIT, &mut reading).await;
                status
            }
            None => child.wait().await,
        }
    })
    .await;
    let status: ExitStatus = match finished {
        Err(_) => {
            kill_group(&mut child);
            let _ = child.wait().await;
            return Err(SecretError::CommandTimeout { profile, seconds: limit.as_secs() });
        }
        Ok(Err(error)) => {
            kill_group(&mut child);
            return Err(SecretError::CommandFailed {
                profile,
                status: "could not wait for the command".to_owned(),
                detail: format!(": {}", escape_control(&error.to_string())),
            });
        }
        Ok(Ok(status)) => status,
    };
    if !status.success() {
        let stderr = String::from_utf8_lossy(&err);
        let first = stderr.lines().find(|l| !l.trim().is_empty()).unwrap_or("").trim();
        let detail = if first.is_empty() { String::new() } else { format!(": {}", escape_control(first)) };
        return Err(SecretError::CommandFailed { profile, status: status.to_string(), detail });
    }
    let stdout = String::from_utf8_lossy(&out);
    let secret = stdout.lines().next().unwrap_or("").trim();
    if secret.is_empty() {
        return Err(SecretError::CommandEmpty { profile });
    }
    Ok(Secret::new(secret))
}

#[cfg(unix)]
fn shell(command: &str) -> tokio::process::Command {
    let mut shell = tokio::process::Command::new("sh");
    shell.arg("-c").arg(command);
    // Its own group, so a timeout can end the command and everything it started.
    shell.process_group(0);
    configure(shell)
}

#[cfg(windows)]
fn shell(command: &str) -> tokio::process::Command {
    let mut shell = tokio::process::Command::new("cmd");
    shell.arg("/C").arg(command);
    configure(shell)
}

fn configure(mut shell: tokio::process::Command) -> tokio::process::Command {
    shell.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).kill_on_drop(true);
    shell
}

/// Ends the command's whole process group (the group id is the shell's pid).
#[cfg(unix)]
fn kill_group(child: &mut tokio::process::Child) {
    // The shell was started as the leader of its own group, so the group id is its pid.
    let group = child.id().and_then(|pid| i32::try_from(pid).ok()).and_then(rustix::process::Pid::from_raw);
    if let Some(group) = group {
        let _ = rustix::process::kill_process_group(group, rustix::process::Signal::KILL);
    }
    let _ = child.start_kill();
}

#[cfg(windows)]
fn kill_group(child: &mut tokio::process::Child) {
    let _ = child.start_kill();
}

/// Reads to the end, keeping at most `cap` bytes and dropping the rest, so a command that
/// prints without end never blocks on a full pipe and never takes more than `cap` of memory.
async fn read_capped(reader: Option<&mut (impl AsyncRead + Unpin)>, kept: &mut Vec<u8>, cap: usize) {
    let Some(reader) = reader else { return };
    let mut chunk = [0u8; 8192];
    loop {
        match reader.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(read) => {
                let room = cap.saturating_sub(kept.len());
                kept.extend_from_slice(&chunk[..read.min(room)]);
            }
        }
    }
}
