//! The only place the command line prints. Text from outside (tokens, responses, config,
//! environment) goes through `safe` before it is written; JSON through `json_text`. Colours
//! come from the neutral palette (`crate::palette`, which the TUI maps to its own styles) so a
//! body looks the same in both, and are used only when anstream says the stream takes them (a
//! terminal, NO_COLOR unset).

use crate::domain::json_lines::{JsonLine, Tok, body_lines};
use crate::domain::sanitize::{escape_control, escape_control_keep_newlines, escape_json_output};
use crate::palette::{Colour, Role};
use serde_json::Value;
use std::borrow::Cow;
use std::io::{self, IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};

pub use crate::domain::sanitize::escape_control as safe;

/// Whether colour may be written to stdout (terminal, NO_COLOR / CLICOLOR honoured).
pub fn stdout_colour() -> bool {
    anstream::AutoStream::choice(&io::stdout()) != anstream::ColorChoice::Never
}

pub fn stdout_is_terminal() -> bool {
    io::stdout().is_terminal()
}

/// The terminal's width in cells when stdout is one; None when piped (print full width).
pub fn stdout_width() -> Option<usize> {
    if !stdout_is_terminal() {
        return None;
    }
    crossterm::terminal::size().ok().map(|(columns, _)| usize::from(columns)).filter(|c| *c > 0)
}

/// `text` painted with the look of `role` when `colour` is on.
pub fn paint(role: Role, text: &str, colour: bool) -> String {
    if !colour {
        return text.to_owned();
    }
    let ansi = ansi_style(role);
    format!("{ansi}{text}{ansi:#}")
}

/// The palette's look as ANSI: foreground and weight (a background is the TUI's business: key
/// caps and tabs, which the command line never prints).
fn ansi_style(role: Role) -> anstyle::Style {
    let look = role.look();
    let ansi = anstyle::Style::new().fg_color(ansi_colour(look.fg));
    if look.bold { ansi.bold() } else { ansi }
}

fn ansi_colour(colour: Colour) -> Option<anstyle::Color> {
    use anstyle::AnsiColor as A;
    let ansi = match colour {
        Colour::Default => return None,
        Colour::Black => A::Black,
        Colour::Red => A::Red,
        Colour::Green => A::Green,
        Colour::Yellow => A::Yellow,
        Colour::Blue => A::Blue,
        Colour::Magenta => A::Magenta,
        Colour::Cyan => A::Cyan,
        Colour::Gray => A::White,
        Colour::DarkGray => A::BrightBlack,
    };
    Some(ansi.into())
}

/// One JSON document as one line (or pretty), with every character a terminal could act on
/// or hide escaped as `\uXXXX`: the JSON stays valid and decodes to the same value.
pub fn json_text(value: &Value, pretty: bool) -> String {
    let text = if pretty { serde_json::to_string_pretty(value) } else { serde_json::to_string(value) };
    // Serialising a `Value` cannot fail (its keys are strings).
    let text = text.unwrap_or_default();
    escape_json_output(&text).into_owned()
}

/// A response body for stdout: pretty and coloured JSON on a terminal, compact JSON when
/// piped (a pipe often ends at a terminal too: `| less`, `| cat`), both escaped; a non-JSON body
/// as text, escaped either way (newlines kept).
pub fn render_body(body: &[u8], terminal: bool, colour: bool) -> Vec<u8> {
    if body.is_empty() {
        return Vec::new();
    }
    if !terminal {
        return match serde_json::from_slice::<Value>(body) {
            Ok(value) => format!("{}\n", json_text(&value, false)).into_bytes(),
            Err(_) => {
                let text = String::from_utf8_lossy(body);
                let mut escaped = escape_control_keep_newlines(&text).into_owned();
                if !escaped.ends_with('\n') {
                    escaped.push('\n');
                }
                escaped.into_bytes()
            }
        };
    }
    let mut text = String::new();
    for line in body_lines(body) {
        push_line(&mut text, &line, colour);
        text.push('\n');
    }
    text.into_bytes()
}

fn push_line(text: &mut String, line: &JsonLine, colour: bool) {
    for (tok, segment) in &line.segments {
        match tok {
            Tok::Punct | Tok::Text => text.push_str(segment),
            _ => text.push_str(&paint(Role::Json(*tok), segment, colour)),
        }
    }
}

/// Every error line starts with this, clap's included (`tokex: error: …`); warnings and notes
/// say `tokex: warning: …` and `tokex: note: …`.
pub const PREFIX: &str = "tokex: ";

static QUIET: AtomicBool = AtomicBool::new(false);

/// `--quiet`: informational lines (notes, the HTTP report of `call`) are not written; errors
/// and warnings still are.
pub fn set_quiet(quiet: bool) {
    QUIET.store(quiet, Ordering::Relaxed);
}

fn quiet() -> bool {
    QUIET.load(Ordering::Relaxed)
}

/// Reports a command-line parsing failure. clap quotes the offending argument, so the text is
/// escaped like any other input (help and version, tokex's own text, print as clap writes them).
/// Returns the exit code: 0 for help and version, 2 for usage errors.
pub fn usage_error(error: &clap::Error) -> u8 {
    use clap::error::ErrorKind;
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        let _ = error.print();
    } else {
        // `StyledStr`'s Display is plain text: no colour, only clap's words and the argument.
        let text = error.render().to_string();
        let _ = write!(io::stderr().lock(), "{PREFIX}{}", escape_control_keep_newlines(&text));
    }
    u8::try_from(error.exit_code()).unwrap_or(2)
}

/// Reports a wrong value found after parsing (an unknown operation or group) as clap reports a
/// usage error, with the same exit code. Returns that code.
pub fn bad_input(message: &str) -> u8 {
    usage_error(&clap::Error::raw(clap::error::ErrorKind::InvalidValue, format!("{message}\n")))
}

/// Writes `tokex: error: <message>` to stderr, escaped.
pub fn error_line(message: &str) {
    let _ = writeln!(io::stderr().lock(), "{PREFIX}error: {}", escape_control(message));
}

/// Writes `tokex: warning: <message>` to stderr, escaped (kept by `--quiet`).
pub fn warning_line(message: &str) {
    let _ = writeln!(io::stderr().lock(), "{PREFIX}warning: {}", escape_control(message));
}

/// Writes `tokex: note: <message>` to stderr, escaped, unless `--quiet`.
pub fn note_line(message: &str) {
    if !quiet() {
        let _ = writeln!(io::stderr().lock(), "{PREFIX}note: {}", escape_control(message));
    }
}

/// Writes informational text tokex composed from escaped parts to stderr, unless `--quiet`.
pub fn info_text(text: &str) {
    if !quiet() {
        let _ = write!(io::stderr().lock(), "{text}");
    }
}

/// One line of informational text tokex composed from escaped parts, to stderr, unless
/// `--quiet` (the local tenant's notes after its JSON line).
pub fn info_line(text: &str) {
    info_text(&format!("{text}\n"));
}

/// Writes text tokex composed from escaped parts to stderr, as it is (what a command says
/// about its stdout, e.g. which scope serves which call).
pub fn stderr_text(text: &str) {
    let _ = write!(io::stderr().lock(), "{text}");
}

/// Where lines that explain stdout's data (a table's header and legend) go: beside the data on
/// a terminal, to stderr when stdout is piped, so `tokex endpoints | wc -l` counts rows.
pub fn explanation_to_stdout() -> bool {
    stdout_is_terminal()
}

/// Writes `bytes` to stdout and flushes; false when stdout is gone (a closed pipe).
pub fn stdout_bytes(bytes: &[u8]) -> bool {
    let mut out = io::stdout().lock();
    out.write_all(bytes).and_then(|()| out.flush()).is_ok()
}

/// Escapes a value for a one-line readable display (strings unquoted).
pub fn value_text(value: &Value) -> Cow<'_, str> {
    match value {
        Value::String(text) => escape_control(text),
        other => Cow::Owned(escape_control(&other.to_string()).into_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_plain_when_piped_and_escaped_on_a_terminal() {
        let body = b"{\"a\": \"x\\u001b[31m\", \"b\": [1]}";
        assert_eq!(render_body(body, false, false), b"{\"a\":\"x\\u001b[31m\",\"b\":[1]}\n".to_vec());
        let pretty = String::from_utf8(render_body(body, true, false)).unwrap_or_default();
        assert!(pretty.contains("\n  \"b\": [\n"), "{pretty}");
        assert!(!pretty.contains('\x1b'));
        let coloured = String::from_utf8(render_body(body, true, true)).unwrap_or_default();
        assert!(coloured.contains("\x1b[34m\"a\"\x1b[0m"), "{coloured}");
        assert_eq!(
            render_body(b"raw\x1b]0;t\x07\xc2\x9b\n\tx", false, false),
            b"raw\\u{1b}]0;t\\u{7}\\u{9b}\n\\tx\n".to_vec()
        );
        assert!(render_body(b"", true, true).is_empty());
    }

    #[test]
    fn piped_json_escapes_what_a_terminal_would_act_on() {
        let body = "{\"k\": \"a\u{9b}b\u{202e}c\u{200b}d\u{7f}\"}".as_bytes();
        let out = String::from_utf8(render_body(body, false, false)).unwrap_or_default();
        assert_eq!(out, "{\"k\":\"a\\u009bb\\u202ec\\u200bd\\u007f\"}\n");
        let round: Value = serde_json::from_str(&out).unwrap_or(Value::Null);
        assert_eq!(round["k"], "a\u{9b}b\u{202e}c\u{200b}d\u{7f}");
    }

    #[test]
    fn palette_is_the_tuis() {
        assert_eq!(paint(Role::Section, "x", true), "\x1b[1m\x1b[36mx\x1b[0m");
        assert_eq!(paint(Role::Section, "x", false), "x");
        assert_eq!(paint(Role::Json(Tok::Null), "null", true), "\x1b[90mnull\x1b[0m");
        assert_eq!(paint(Role::Plain, "x", true), "x", "no escape for plain text");
    }
}
