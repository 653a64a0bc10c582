//! Strings from tokens, HTTP responses, config files and the environment are attacker-
//! controlled: a terminal that receives a raw ESC can be made to retitle windows, rewrite the
//! clipboard or fake output, and invisible characters make `sc\u{200b}ope` look like `scope`.
//! This is the one escaping module: every output path (TUI, readable CLI, JSON CLI) uses it.

use std::borrow::Cow;

/// True for characters that must never reach the terminal as themselves: C0/C1 controls and
/// DEL; the bidirectional controls that make text render in a misleading order; and the
/// invisible ones (zero-width, direction marks, line/paragraph separators, soft hyphen, word
/// joiner) that make two different strings look the same.
pub fn is_unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{2060}'..='\u{2064}'
                | '\u{061C}'
                | '\u{FEFF}'
                | '\u{00AD}'
                | '\u{180E}'
        )
}

/// Whether `text` holds a character [`is_unsafe_char`] flags (other than `\n` when
/// `newlines_allowed`). ASCII text, nearly all of it, is checked a byte at a time: its only
/// unsafe characters are the C0 controls and DEL.
fn has_unsafe_char(text: &str, newlines_allowed: bool) -> bool {
    if text.is_ascii() {
        // Whole chunks without an early exit, so the check vectorises (a megabyte token is
        // checked on every paste).
        let unsafe_byte = |b: u8| (b < 0x20 || b == 0x7f) && !(newlines_allowed && b == b'\n');
        text.as_bytes().chunks(64).any(|chunk| chunk.iter().fold(false, |found, &b| found | unsafe_byte(b)))
    } else {
        text.chars().any(|c| is_unsafe_char(c) && !(newlines_allowed && c == '\n'))
    }
}

/// Returns `text` with every unsafe character replaced by a visible escape (`\u{1b}`).
/// Borrowed when nothing needed escaping, which is the common case.
pub fn escape_control(text: &str) -> Cow<'_, str> {
    if !has_unsafe_char(text, false) {
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
    if !has_unsafe_char(text, true) {
        return Cow::Borrowed(text);
    }
    let escaped: Vec<Cow<'_, str>> = text.split('\n').map(escape_control).collect();
    Cow::Owned(escaped.join("\n"))
}

/// Serialised JSON with every unsafe character that serde leaves raw (DEL, C1, bidi,
/// invisible) written as a `\uXXXX` escape. Such characters can only occur inside string
/// literals, so the result is valid JSON that decodes to the same value.
pub fn escape_json_output(json: &str) -> Cow<'_, str> {
    if !has_unsafe_char(json, true) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        // Pretty output has newlines between tokens; inside strings serde already escaped them.
        if is_unsafe_char(c) && c != '\n' {
            // Every unsafe character is in the Basic Multilingual Plane: one \uXXXX each.
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Text for the clipboard, which the user may paste into a shell: every character
/// [`is_unsafe_char`] flags except tab and newline is written as a visible `\u001b`-style
/// escape, so a paste can neither end bracketed paste (`ESC[201~`), nor send a terminal
/// sequence, nor hide what it holds. Tab and newline stay (a pretty body needs them; within
/// bracketed paste a newline is text, not Enter); CRLF becomes LF and a lone CR is escaped.
/// Inside a JSON string the escape is JSON's own, so a body stays the same JSON value. Also
/// returns how many characters were escaped (0: the text is unchanged, and borrowed).
pub fn clipboard_text(text: &str) -> (Cow<'_, str>, usize) {
    let keeps = |c: char| c == '\t' || c == '\n';
    if !text.chars().any(|c| is_unsafe_char(c) && !keeps(c)) {
        return (Cow::Borrowed(text), 0);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut escaped = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() == Some(&'\n') {
            continue;
        }
        if is_unsafe_char(c) && !keeps(c) {
            // Every unsafe character is in the Basic Multilingual Plane: one \uXXXX each.
            out.push_str(&format!("\\u{:04x}", c as u32));
            escaped += 1;
        } else {
            out.push(c);
        }
    }
    (Cow::Owned(out), escaped)
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
    fn invisible_characters_are_shown() {
        assert_eq!(escape_control("sc\u{200b}ope"), "sc\\u{200b}ope");
        for c in
            ['\u{200c}', '\u{200d}', '\u{feff}', '\u{200e}', '\u{200f}', '\u{61c}', '\u{2028}', '\u{2029}']
        {
            assert!(is_unsafe_char(c), "{c:?}");
            assert_ne!(escape_control(&c.to_string()), c.to_string());
        }
    }

    #[test]
    fn json_output_escapes_stay_valid_json() {
        let value = serde_json::json!({"a\u{202e}": "x\u{85}\u{7f}\u{200b}\u{2028}y", "b": "ü ✓"});
        let pretty = serde_json::to_string_pretty(&value).unwrap_or_default();
        let escaped = escape_json_output(&pretty);
        assert!(!escaped.chars().any(|c| c != '\n' && is_unsafe_char(c)), "{escaped}");
        assert!(escaped.contains("\\u202e") && escaped.contains("\\u0085") && escaped.contains("\\u2028"));
        let back: serde_json::Value = serde_json::from_str(&escaped).unwrap_or_default();
        assert_eq!(back, value);
        assert!(matches!(escape_json_output("{\"b\":\"ü ✓\"}"), Cow::Borrowed(_)));
    }

    #[test]
    fn ascii_and_unicode_text_are_checked_alike() {
        for c in (0u32..0x3000).filter_map(char::from_u32) {
            for text in [format!("ab{c}cd"), format!("é{c}")] {
                assert_eq!(has_unsafe_char(&text, false), is_unsafe_char(c), "{c:?}");
                assert_eq!(has_unsafe_char(&text, true), c != '\n' && is_unsafe_char(c), "{c:?}");
            }
        }
    }

    #[test]
    fn leaves_safe_text_borrowed() {
        assert!(matches!(escape_control("read:users ✓ ünï"), Cow::Borrowed(_)));
    }

    #[test]
    fn clipboard_text_cannot_end_a_bracketed_paste() {
        let hostile =
            "{\"a\":\"ok\u{1b}[201~\ntouch /tmp/pwned\n\u{9b}201~\u{7}\u{7f}\u{202e}\"}\r\n\tend\rx";
        let (safe, escaped) = clipboard_text(hostile);
        assert!(!safe.chars().any(|c| is_unsafe_char(c) && c != '\n' && c != '\t'), "{safe:?}");
        assert_eq!(escaped, 6, "ESC, CSI, BEL, DEL, RLO and the lone CR");
        assert_eq!(
            safe,
            "{\"a\":\"ok\\u001b[201~\ntouch /tmp/pwned\n\\u009b201~\\u0007\\u007f\\u202e\"}\n\tend\\u000dx"
        );
        // Inside a JSON string the escape is JSON's: the same value once parsed.
        let json = "{\"name\":\"a\u{1b}b\u{85}\"}";
        let value: serde_json::Value = serde_json::from_str(&clipboard_text(json).0).unwrap_or_default();
        assert_eq!(value["name"], "a\u{1b}b\u{85}");
        assert!(matches!(clipboard_text("curl -sS 'https://t/x' ü\n\t"), (Cow::Borrowed(_), 0)));
    }

    #[test]
    fn keep_newlines_variant() {
        assert_eq!(escape_control_keep_newlines("a\n\u{1b}b"), "a\n\\u{1b}b");
    }
}
