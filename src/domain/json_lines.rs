//! A JSON body as display lines: pretty-printed, tokenised for colouring and with every
//! control character escaped. Shared by the TUI (built once when a response arrives; a frame
//! only styles the visible lines) and the CLI (printed once), which colour the tokens with the
//! same palette (`ui::json::style`).

use crate::domain::sanitize::escape_control;
use serde_json::Value;

/// What a piece of text is, so the renderer can colour it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tok {
    Key,
    Str,
    Num,
    Bool,
    Null,
    Punct,
    /// A body that is not JSON, shown as text.
    Text,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct JsonLine {
    pub segments: Vec<(Tok, String)>,
}

impl JsonLine {
    fn push(&mut self, tok: Tok, text: impl Into<String>) {
        self.segments.push((tok, text.into()));
    }

    /// The line as plain text, for search.
    pub fn text(&self) -> String {
        self.segments.iter().map(|(_, s)| s.as_str()).collect()
    }
}

const INDENT: &str = "  ";

/// Pretty JSON lines for `value`.
pub fn json_lines(value: &Value) -> Vec<JsonLine> {
    let mut lines = Vec::new();
    let mut current = JsonLine::default();
    write_value(value, 0, &mut current, &mut lines);
    lines.push(current);
    lines
}

/// Lines for a body: JSON when it parses, escaped text otherwise, a note when empty.
pub fn body_lines(body: &[u8]) -> Vec<JsonLine> {
    if body.is_empty() {
        return Vec::new();
    }
    if let Ok(value) = serde_json::from_slice::<Value>(body) {
        return json_lines(&value);
    }
    String::from_utf8_lossy(body)
        .lines()
        .map(|line| JsonLine { segments: vec![(Tok::Text, escape_control(line).into_owned())] })
        .collect()
}

fn new_line(current: &mut JsonLine, lines: &mut Vec<JsonLine>, depth: usize) {
    lines.push(std::mem::take(current));
    if depth > 0 {
        current.push(Tok::Punct, INDENT.repeat(depth));
    }
}

/// A JSON string literal, safe for a terminal: JSON already escapes C0 controls; the
/// rest (C1, DEL, bidi overrides) are escaped here.
fn quoted(text: &str) -> String {
    let json = serde_json::to_string(text).unwrap_or_else(|_| format!("\"{text}\""));
    escape_control(&json).into_owned()
}

fn write_value(value: &Value, depth: usize, current: &mut JsonLine, lines: &mut Vec<JsonLine>) {
    match value {
        Value::Null => current.push(Tok::Null, "null"),
        Value::Bool(b) => current.push(Tok::Bool, b.to_string()),
        Value::Number(n) => current.push(Tok::Num, n.to_string()),
        Value::String(s) => current.push(Tok::Str, quoted(s)),
        Value::Array(items) if items.is_empty() => current.push(Tok::Punct, "[]"),
        Value::Object(map) if map.is_empty() => current.push(Tok::Punct, "{}"),
        Value::Array(items) => {
            current.push(Tok::Punct, "[");
            for (i, item) in items.iter().enumerate() {
                new_line(current, lines, depth + 1);
                write_value(item, depth + 1, current, lines);
                if i + 1 < items.len() {
                    current.push(Tok::Punct, ",");
                }
            }
            new_line(current, lines, depth);
            current.push(Tok::Punct, "]");
        }
        Value::Object(map) => {
            current.push(Tok::Punct, "{");
            let count = map.len();
            for (i, (key, item)) in map.iter().enumerate() {
                new_line(current, lines, depth + 1);
                current.push(Tok::Key, quoted(key));
                current.push(Tok::Punct, ": ");
                write_value(item, depth + 1, current, lines);
                if i + 1 < count {
                    current.push(Tok::Punct, ",");
                }
            }
            new_line(current, lines, depth);
            current.push(Tok::Punct, "}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn texts(lines: &[JsonLine]) -> Vec<String> {
        lines.iter().map(JsonLine::text).collect()
    }

    #[test]
    fn pretty_prints_like_serde() {
        let value = json!({"a": [1, {"b": null}], "c": "x", "e": [], "f": {}});
        let expected = serde_json::to_string_pretty(&value).unwrap_or_default();
        assert_eq!(texts(&json_lines(&value)).join("\n"), expected);
    }

    #[test]
    fn control_characters_are_escaped() {
        let lines = json_lines(&json!({"name": "a\u{1b}]0;x\u{7}\u{9b}\u{202e}"}));
        let all = texts(&lines).concat();
        assert!(!all.chars().any(crate::domain::sanitize::is_unsafe_char), "{all:?}");
        assert!(all.contains("\\u001b"), "{all}");
        assert!(all.contains("\\u{202e}"), "{all}");
        let text = body_lines(b"plain \x1b[31m red");
        assert_eq!(texts(&text), vec!["plain \\u{1b}[31m red".to_string()]);
    }

    #[test]
    fn tokens_carry_kinds() {
        let lines = json_lines(&json!({"k": true}));
        assert_eq!(lines[1].segments[1], (Tok::Key, "\"k\"".to_string()));
        assert_eq!(lines[1].segments[3], (Tok::Bool, "true".to_string()));
    }
}
