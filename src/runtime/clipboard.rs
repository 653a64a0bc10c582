//! Clipboard writes. OSC 52 asks the terminal itself to set the clipboard, which works over
//! SSH and needs no OS libraries. Nothing answers it, so success cannot be known: the TUI says
//! "sent to the terminal's clipboard". Tests use a recording implementation instead.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use std::io::Write;

pub use crate::app::ClipboardError;

pub trait Clipboard: Send {
    fn copy(&mut self, text: &str) -> Result<(), ClipboardError>;
}

/// Writes the OSC 52 sequence to the terminal.
pub struct Osc52<W: Write + Send> {
    out: W,
    /// Inside tmux, which takes plain OSC 52 only with `set-clipboard on` and passes the
    /// wrapped form on to the outer terminal only with `allow-passthrough on`: both are sent.
    tmux: bool,
}

impl<W: Write + Send> Osc52<W> {
    /// Wraps for tmux when `$TMUX` is set.
    pub fn new(out: W) -> Self {
        Self::with_tmux(out, std::env::var_os("TMUX").is_some())
    }

    pub fn with_tmux(out: W, tmux: bool) -> Self {
        Self { out, tmux }
    }

    pub fn into_inner(self) -> W {
        self.out
    }
}

impl<W: Write + Send> Clipboard for Osc52<W> {
    fn copy(&mut self, text: &str) -> Result<(), ClipboardError> {
        // `c`: the clipboard selection; ST (ESC \) ends the string.
        let plain = format!("\x1b]52;c;{}\x1b\\", STANDARD.encode(text));
        let mut sequence = plain.clone();
        if self.tmux {
            // tmux's passthrough: ESC P tmux; <sequence with every ESC doubled> ESC \
            sequence.push_str(&format!("\x1bPtmux;{}\x1b\\", plain.replace('\x1b', "\x1b\x1b")));
        }
        self.out.write_all(sequence.as_bytes())?;
        self.out.flush()?;
        Ok(())
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

#[cfg(test)]
mod tests {
    use super::{Clipboard, Osc52};

    fn written(tmux: bool, text: &str) -> String {
        let mut clipboard = Osc52::with_tmux(Vec::new(), tmux);
        clipboard.copy(text).expect("copies");
        String::from_utf8(clipboard.into_inner()).expect("utf-8")
    }

    #[test]
    fn osc52_carries_the_text_base64_encoded() {
        // "tokex" in base64 is dG9rZXg=.
        assert_eq!(written(false, "tokex"), "\x1b]52;c;dG9rZXg=\x1b\\");
    }

    #[test]
    fn inside_tmux_both_the_plain_and_the_wrapped_sequence_are_sent() {
        assert_eq!(
            written(true, "tokex"),
            "\x1b]52;c;dG9rZXg=\x1b\\\x1bPtmux;\x1b\x1b]52;c;dG9rZXg=\x1b\x1b\\\x1b\\"
        );
    }
}
