//! Clipboard writes. OSC 52 asks the terminal itself to set the clipboard, which works over
//! SSH and needs no OS libraries; tests use a recording implementation instead.

use base64::Engine;
use std::io::Write;

pub use crate::app::ClipboardError;

pub trait Clipboard: Send {
    fn copy(&mut self, text: &str) -> Result<(), ClipboardError>;
}

/// Writes `ESC ] 52 ; c ; <base64> BEL` to the terminal.
pub struct Osc52<W: Write + Send> {
    out: W,
}

impl<W: Write + Send> Osc52<W> {
    pub fn new(out: W) -> Self {
        Self { out }
    }
}

impl<W: Write + Send> Clipboard for Osc52<W> {
    fn copy(&mut self, text: &str) -> Result<(), ClipboardError> {
        let encoded = base64::engine::general_purpose::STANDARD.encode(text);
        // tmux swallows OSC 52 unless wrapped in its passthrough sequence.
        let sequence = if std::env::var_os("TMUX").is_some() {
            format!("\x1bPtmux;\x1b\x1b]52;c;{encoded}\x07\x1b\\")
        } else {
            format!("\x1b]52;c;{encoded}\x07")
        };
        self.out.write_all(sequence.as_bytes()).and_then(|()| self.out.flush()).map_err(ClipboardError::from)
    }
}

/// Remembers what was copied; for tests.
#[derive(Default)]
pub struct RecordingClipboard {
    pub copied: Vec<String>,
}

impl Clipboard for RecordingClipboard {
    fn copy(&mut self, text: &str) -> Result<(), ClipboardError> {
        self.copied.push(text.to_owned());
        Ok(())
    }
}
