//! Clipboard writes. OSC 52 asks the terminal itself to set the clipboard, which works over
//! SSH and needs no OS libraries. Nothing answers it, so success cannot be known: the TUI says
//! "sent to the terminal's clipboard". Tests use a recording implementation instead.

use crate::app::Msg;
use crate::domain::sanitize::clipboard_text;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use std::io::Write;

pub use crate::app::ClipboardError;

/// The one way a copy reaches the clipboard (every `Cmd::Copy` of the runtime comes here): the
/// text made safe to paste into a shell first (`domain::sanitize::clipboard_text`: no control
/// character a terminal or a shell acts on, so a paste cannot end bracketed paste and run what
/// follows), and the confirmation says when something was escaped.
pub fn copy_for_paste<K: Clipboard + ?Sized>(clipboard: &mut K, what: String, text: &str) -> Msg {
    let (safe, escaped) = clipboard_text(text);
    let what = match escaped {
        0 => what,
        1 => format!("{what} (1 control character escaped as \\uXXXX)"),
        n => format!("{what} ({n} control characters escaped as \\uXXXX)"),
    };
    Msg::Copied { what, result: clipboard.copy(&safe) }
}

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
    fn every_copy_is_made_safe_to_paste_and_says_so() {
        use super::{RecordingClipboard, copy_for_paste};
        use crate::app::Msg;
        let mut clipboard = RecordingClipboard::default();
        let hostile = "{\"a\":\"\u{1b}[201~\ntouch pwned\n\"}";
        let msg = copy_for_paste(&mut clipboard, "the response body".to_owned(), hostile);
        assert_eq!(clipboard.copied, ["{\"a\":\"\\u001b[201~\ntouch pwned\n\"}"]);
        assert!(
            matches!(&msg, Msg::Copied { what, result: Ok(()) } if what == "the response body (1 control character escaped as \\uXXXX)"),
            "{msg:?}"
        );
        let msg = copy_for_paste(&mut clipboard, "the token".to_owned(), "eyJ.x.y");
        assert!(matches!(&msg, Msg::Copied { what, .. } if what == "the token"), "{msg:?}");
        assert_eq!(clipboard.copied[1], "eyJ.x.y");
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
