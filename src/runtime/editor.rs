//! `E` in the API pane: the JSON body in the user's own editor. The TUI gives the terminal
//! away (key reading stopped, raw mode, bracketed paste and the alternate screen off), runs
//! `$EDITOR` (then `$VISUAL`, then `vi`) on a 0600 file in a fresh private 0700 directory
//! (`crate::safe_file`: set on the handles, whatever the umask), takes the terminal back and
//! reads the file back (at most `MAX_BODY` bytes, never through a link, never waiting on a
//! FIFO, only a regular file of the user's) before the directory is deleted. A body never holds
//! a token or a secret; the file is private all the same.

use crate::app::EditorError;
use crate::safe_file::{PrivateDir, SafeFileError};
use crossterm::event::{Event, EventStream};
use futures_util::{Stream, StreamExt};
use std::io::{self, IsTerminal, Write};
use std::path::Path;
use std::pin::Pin;
use std::process::Command;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};

/// The largest body read back from the editor's file.
pub const MAX_BODY: u64 = 1024 * 1024;

/// What runs the external editor; tests and non-terminal runtimes have none.
pub trait ExternalEditor {
    /// Runs the editor on `text`; key reading stays stopped until `resume_input`.
    fn edit(&mut self, text: &str) -> Result<String, EditorError>;

    /// Reads keys again. Called once the screen has been cleared: clearing asks the terminal
    /// for the cursor position, which crossterm's key reader would otherwise wait in front of.
    fn resume_input(&mut self) {}
}

/// No editor: the runtime of tests, where nobody could type into one.
pub struct NoEditor;

impl ExternalEditor for NoEditor {
    fn edit(&mut self, _text: &str) -> Result<String, EditorError> {
        Err(EditorError::Unavailable)
    }
}

/// The terminal's key events, which can be stopped while another program owns the terminal
/// (crossterm's reader would otherwise take the editor's keys).
#[derive(Clone)]
pub struct SuspendableEvents {
    stream: Arc<Mutex<Option<EventStream>>>,
}

impl Default for SuspendableEvents {
    fn default() -> Self {
        Self::new()
    }
}

impl SuspendableEvents {
    pub fn new() -> Self {
        Self { stream: Arc::new(Mutex::new(Some(EventStream::new()))) }
    }

    fn stop(&self) {
        // Dropping the stream ends crossterm's reading thread.
        drop(self.stream.lock().unwrap_or_else(PoisonError::into_inner).take());
    }

    fn restart(&self) {
        *self.stream.lock().unwrap_or_else(PoisonError::into_inner) = Some(EventStream::new());
    }
}

impl Stream for SuspendableEvents {
    type Item = io::Result<Event>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        match self.stream.lock().unwrap_or_else(PoisonError::into_inner).as_mut() {
            Some(stream) => stream.poll_next_unpin(cx),
            // Stopped only while the editor runs, during which the loop is not polling; the
            // message that ends the edit wakes the loop, which polls the new stream.
            None => Poll::Pending,
        }
    }
}

/// The real terminal's editor.
pub struct TerminalEditor {
    pub events: SuspendableEvents,
}

impl ExternalEditor for TerminalEditor {
    fn edit(&mut self, text: &str) -> Result<String, EditorError> {
        let dir = PrivateDir::create_temp(&std::env::temp_dir(), "tokex-body-").map_err(temp_file)?;
        if let Err(error) = write_body(&dir, text) {
            let _ = dir.remove_all();
            return Err(error);
        }
        let path = dir.join(BODY_FILE);
        let (program, args) = editor_command();
        let editor =
            std::iter::once(program.as_str()).chain(args.iter().map(String::as_str)).collect::<Vec<_>>();
        let editor = editor.join(" ");

        self.events.stop();
        super::terminal::restore();
        let status = run_editor(&program, &args, &path);
        let resumed = super::terminal::resume();
        // Dropping the key reader woke crossterm's poll; when its thread was idle that wake is
        // still pending and would make the next read (the cursor position that clearing the
        // screen asks for) give up at once. This poll takes it; keys stay queued.
        let _ = crossterm::event::poll(std::time::Duration::ZERO);
        resumed.map_err(|error| EditorError::Terminal(Arc::new(error)))?;

        let edited = match status {
            Err(error) => Err(EditorError::Spawn { editor, source: Arc::new(error) }),
            Ok(status) if !status.success() => {
                Err(EditorError::Failed { editor, status: status.to_string() })
            }
            Ok(_) => read_body(&dir),
        };
        let _ = dir.remove_all();
        edited
    }

    fn resume_input(&mut self) {
        self.events.restart();
    }
}

/// `$EDITOR`, else `$VISUAL`, else `vi`, split at spaces into the program and its arguments
/// (`code --wait` works; a program path with spaces does not).
pub fn editor_command() -> (String, Vec<String>) {
    let chosen = ["EDITOR", "VISUAL"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.trim().is_empty())
        .unwrap_or_else(|| "vi".to_owned());
    let mut words = chosen.split_whitespace().map(str::to_owned);
    let program = words.next().unwrap_or_else(|| "vi".to_owned());
    (program, words.collect())
}

fn run_editor(program: &str, args: &[String], path: &Path) -> io::Result<std::process::ExitStatus> {
    let mut command = Command::new(program);
    command.args(args).arg(path);
    // With `tokex -` stdin is the pipe the token came from: the editor needs the terminal.
    if !io::stdin().is_terminal() {
        command.stdin(std::fs::File::open("/dev/tty")?);
    }
    command.status()
}

/// The body's name inside the private directory.
const BODY_FILE: &str = "body.json";

fn temp_file(error: SafeFileError) -> EditorError {
    EditorError::TempFile(Arc::new(io::Error::other(error)))
}

/// The body, written to a new 0600 file (`O_EXCL`, never through a link).
fn write_body(dir: &PrivateDir, text: &str) -> Result<(), EditorError> {
    let mut file = dir.create_new(BODY_FILE).map_err(temp_file)?;
    let written = file.write_all(text.as_bytes()).and_then(|()| file.write_all(b"\n"));
    written.map_err(|error| EditorError::TempFile(Arc::new(error)))
}

/// The file's text as the editor left it, refused when over `MAX_BODY` bytes, not UTF-8, or
/// not a regular file of the user's (a link or a FIFO put in its place).
pub fn read_body(dir: &PrivateDir) -> Result<String, EditorError> {
    let bytes = match dir.read(BODY_FILE, MAX_BODY) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => {
            return Err(temp_file(SafeFileError::io(&dir.join(BODY_FILE), io::ErrorKind::NotFound.into())));
        }
        Err(SafeFileError::TooLarge { .. }) => return Err(EditorError::TooLarge { limit: MAX_BODY }),
        Err(error) => return Err(temp_file(error)),
    };
    String::from_utf8(bytes).map_err(|_| EditorError::NotUtf8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_over_the_limit_is_refused_and_a_small_one_read() {
        let dir = PrivateDir::create_temp(&std::env::temp_dir(), "tokex-editor-unit-").expect("temp dir");
        write_body(&dir, "{\"a\": 1}").expect("write");
        assert_eq!(read_body(&dir).expect("read"), "{\"a\": 1}\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).expect("stat").permissions().mode() & 0o777;
            assert_eq!((mode(dir.path()), mode(&dir.join(BODY_FILE))), (0o700, 0o600));
        }
        std::fs::write(dir.join(BODY_FILE), vec![b' '; usize::try_from(MAX_BODY).expect("fits") + 1])
            .expect("write");
        assert!(matches!(read_body(&dir), Err(EditorError::TooLarge { .. })));
        dir.remove_all().expect("removed");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_or_a_fifo_in_place_of_the_body_is_refused_without_waiting() {
        let dir = PrivateDir::create_temp(&std::env::temp_dir(), "tokex-editor-unit-").expect("temp dir");
        let planted = std::env::temp_dir().join(format!("tokex-editor-planted-{}", std::process::id()));
        std::fs::write(&planted, b"{\"attacker\": true}").expect("planted");
        std::os::unix::fs::symlink(&planted, dir.join(BODY_FILE)).expect("symlink");
        let error = read_body(&dir).expect_err("a link is not read");
        assert!(error.to_string().contains("symbolic link"), "{error}");
        std::fs::remove_file(dir.join(BODY_FILE)).expect("unlink");
        assert!(
            std::process::Command::new("mkfifo").arg(dir.join(BODY_FILE)).status().expect("mkfifo").success()
        );
        let path = dir.path().to_owned();
        let (send, receive) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let dir = PrivateDir::open_existing(&path).ok().flatten();
            let _ = send.send(dir.map(|dir| read_body(&dir).map_err(|e| e.to_string())));
        });
        let read = receive.recv_timeout(std::time::Duration::from_secs(5)).expect("a FIFO must not block");
        assert!(matches!(&read, Some(Err(text)) if text.contains("not a regular file")), "{read:?}");
        let _ = std::fs::remove_file(&planted);
        dir.remove_all().expect("removed");
    }
}
