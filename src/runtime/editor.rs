//! `E` in the API pane: the JSON body in the user's own editor. The TUI gives the terminal
//! away (key reading stopped, raw mode, bracketed paste and the alternate screen off), runs
//! `$EDITOR` (then `$VISUAL`, then `vi`) on a 0600 file in a private 0700 directory, takes
//! the terminal back and reads the file (at most `MAX_BODY` bytes) before the directory is
//! deleted. A body never holds a token or a secret; the file is private all the same.

use crate::app::EditorError;
use crossterm::event::{Event, EventStream};
use futures_util::{Stream, StreamExt};
use std::io::{self, IsTerminal, Read, Write};
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
        let temp = |error: io::Error| EditorError::TempFile(Arc::new(error));
        // tempfile creates the directory 0700 on Unix; the file inside is created 0600.
        let dir = tempfile::Builder::new().prefix("tokex-body-").tempdir().map_err(temp)?;
        let path = dir.path().join("body.json");
        write_private(&path, text).map_err(temp)?;
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

        let status =
            status.map_err(|error| EditorError::Spawn { editor: editor.clone(), source: Arc::new(error) })?;
        if !status.success() {
            return Err(EditorError::Failed { editor, status: status.to_string() });
        }
        let edited = read_bounded(&path);
        drop(dir);
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

fn write_private(path: &Path, text: &str) -> io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(text.as_bytes())?;
    file.write_all(b"\n")
}

/// The file's text, refused when over `MAX_BODY` bytes or not UTF-8.
pub fn read_bounded(path: &Path) -> Result<String, EditorError> {
    let file = std::fs::File::open(path).map_err(|error| EditorError::TempFile(Arc::new(error)))?;
    let mut bytes = Vec::new();
    file.take(MAX_BODY + 1)
        .read_to_end(&mut bytes)
        .map_err(|error| EditorError::TempFile(Arc::new(error)))?;
    if bytes.len() as u64 > MAX_BODY {
        return Err(EditorError::TooLarge { limit: MAX_BODY });
    }
    String::from_utf8(bytes).map_err(|_| EditorError::NotUtf8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_over_the_limit_is_refused_and_a_small_one_read() {
        let dir = tempfile::tempdir().expect("temp dir");
        let big = dir.path().join("big.json");
        std::fs::write(&big, vec![b' '; usize::try_from(MAX_BODY).expect("fits") + 1]).expect("write");
        assert!(matches!(read_bounded(&big), Err(EditorError::TooLarge { .. })));
        let small = dir.path().join("small.json");
        write_private(&small, "{\"a\": 1}").expect("write");
        assert_eq!(read_bounded(&small).expect("read"), "{\"a\": 1}\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&small).expect("stat").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
