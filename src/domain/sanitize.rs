//! Strings from tokens and HTTP responses are attacker-controlled: a terminal that receives
//! a raw ESC can be made to retitle windows, rewrite the clipboard or fake output. Everything
//! such a string contains that is not printable is shown as a visible escape instead.

use std::borrow::Cow;

/// True for characters that must never reach the terminal as themselves: C0/C1 controls,
/// DEL, and the bidirectional overrides that can make text render in a misleading order.
pub fn is_unsafe_char(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Returns `text` with every unsafe character replaced by a visible escape (`\u{1b}`).
/// Borrowed when nothing needed escaping, which is the common case.
pub fn escape_control(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe_char(c) {
            match c {
                '\n' => out.push_str("\\n"),
                '\t' => out.push_str("\\t"),
                '\r' => out.push_str("\\r"),
                other => out.push_str(&format!("\\u{{{:x}}}", other as u32)),
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Like [`escape_control`] but keeps newlines, for multi-line text such as pretty JSON.
pub fn escape_control_keep_newlines(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c != '\n' && is_unsafe_char(c)) {
        return Cow::Borrowed(text);
    }
    let escaped: Vec<Cow<'_, str>> = text.split('\n').map(escape_control).collect();
    Cow::Owned(escaped.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_terminal_sequences() {
        assert_eq!(escape_control("a\u{1b}]0;pwned\u{7}b"), "a\\u{1b}]0;pwned\\u{7}b");
        assert_eq!(escape_control("x\u{9b}31m"), "x\\u{9b}31m");
        assert_eq!(escape_control("evil\u{202E}txt"), "evil\\u{202e}txt");
        assert_eq!(escape_control("tab\tnl\n"), "tab\\tnl\\n");
    }

    #[test]
    fn leaves_safe_text_borrowed() {
        assert!(matches!(escape_control("read:users ✓ ünï"), Cow::Borrowed(_)));
    }

    #[test]
    fn keep_newlines_variant() {
        assert_eq!(escape_control_keep_newlines("a\n\u{1b}b"), "a\n\\u{1b}b");
    }
}
