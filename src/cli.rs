//! Command-line surface: clap types and the non-interactive commands.

use crate::app::{Model, TokenOrigin};
use crate::domain::Inspection;
use crate::domain::sanitize::escape_control;
use clap::{Args, Parser, Subcommand};
use serde_json::json;
use std::io::{self, IsTerminal, Read, Write};

#[derive(Debug, Parser)]
#[command(
    name = "tokex",
    version,
    about = "Inspect Auth0 Management API v2 access tokens: claims, scopes, expiry, live.",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// A token to open the inspector with, or `-` to read it from stdin.
    pub token: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Decode a token and print a summary (no TUI).
    Decode(DecodeArgs),
    /// Open the inspector on a built-in sample token.
    Demo,
}

#[derive(Debug, Args)]
pub struct DecodeArgs {
    /// The token (bare, `Bearer …`, a header line or a JSON token response); `-` or nothing reads stdin.
    pub token: Option<String>,
    /// Print exactly one JSON object instead of the readable summary.
    #[arg(long)]
    pub json: bool,
}

/// Exit codes, documented in the README.
pub mod exit {
    pub const OK: u8 = 0;
    pub const FAILURE: u8 = 1;
}

/// Reads the token argument: a literal, or stdin for `-` / nothing.
pub fn read_token_arg(arg: Option<&str>, stdin: &mut impl Read) -> io::Result<String> {
    match arg {
        Some("-") | None => {
            let mut text = String::new();
            stdin.read_to_string(&mut text)?;
            Ok(text)
        }
        Some(token) => Ok(token.to_owned()),
    }
}

/// Whether to colour output: only on a terminal, and never when NO_COLOR is set.
pub fn use_colour(stdout_is_terminal: bool) -> bool {
    stdout_is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// `tokex decode`: exit code plus what to print where.
pub fn decode_command(
    input: &str,
    json_output: bool,
    now: i64,
    colour: bool,
    out: &mut impl Write,
    err: &mut impl Write,
) -> u8 {
    match Inspection::from_pasted(input) {
        Ok(inspection) => {
            let written = if json_output {
                let summary = inspection.summary_json(now, json!("not_verified"));
                writeln!(out, "{summary}")
            } else {
                out.write_all(summary_text(&inspection, now, colour).as_bytes())
            };
            if written.is_err() {
                return exit::FAILURE;
            }
            exit::OK
        }
        Err(error) => {
            let message = escape_control(&error.to_string()).into_owned();
            let _ = writeln!(err, "tokex: {message}");
            if json_output {
                let _ = writeln!(out, "{}", json!({ "error": message }));
            }
            exit::FAILURE
        }
    }
}

/// The readable summary `tokex decode` prints: every string escaped, colour optional.
pub fn summary_text(inspection: &Inspection, now: i64, colour: bool) -> String {
    let paint =
        |code: &str, text: &str| if colour { format!("\x1b[{code}m{text}\x1b[0m") } else { text.to_owned() };
    let safe = |text: &str| escape_control(text).into_owned();
    let expiry = inspection.expiry(now);
    let urgency_code = match expiry.urgency {
        crate::domain::Urgency::Calm => "32",
        crate::domain::Urgency::Soon => "33",
        crate::domain::Urgency::Critical => "31",
        crate::domain::Urgency::Unknown => "35",
    };
    let mut text = String::new();
    text.push_str(&paint(&format!("1;{urgency_code}"), &expiry.headline()));
    if let Some(lifetime) = expiry.lifetime {
        text.push_str(&format!(" (lifetime {})", crate::domain::format_duration(lifetime)));
    }
    text.push('\n');
    text.push_str(&paint("1;36", "header"));
    text.push('\n');
    for (name, value) in &inspection.jwt.header {
        text.push_str(&format!("  {:<5} {}\n", safe(name), safe(&value_text(value))));
    }
    text.push_str(&paint("1;36", "claims"));
    text.push('\n');
    for (name, value) in &inspection.jwt.payload {
        if matches!(name.as_str(), "scope" | "scp" | "permissions") {
            continue;
        }
        let mut line = format!("  {:<5} {}", safe(name), safe(&value_text(value)));
        if let (true, Some(seconds)) = (matches!(name.as_str(), "iat" | "nbf" | "exp"), value.as_i64())
            && let Some(when) = crate::domain::inspection::rfc3339(seconds)
        {
            line.push_str(&format!("  ({when}, {})", crate::domain::expiry::relative(seconds, now)));
        }
        text.push_str(&line);
        text.push('\n');
    }
    text.push_str(&paint("1;36", &format!("scopes ({})", inspection.claims.scopes.len())));
    text.push('\n');
    for group in &inspection.scope_groups {
        text.push_str(&format!("  {}: {}\n", safe(&group.resource), safe(&group.actions.join(", "))));
    }
    if !inspection.warnings.is_empty() {
        text.push_str(&paint("1;36", "warnings"));
        text.push('\n');
        for warning in &inspection.warnings {
            text.push_str(&format!("  {} {}\n", paint("33", "!"), safe(&warning.text)));
        }
    }
    text.push_str("signature: not verified\n");
    text
}

fn value_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// A model for the TUI, preloaded with a token when one was given.
pub fn initial_model(token: Option<(&str, TokenOrigin)>, now: i64) -> Model {
    let offset = *chrono::Local::now().offset();
    let mut model = Model::new(now, offset);
    if let Some((text, origin)) = token {
        // A bad argument is reported in the pane, like a bad paste.
        let _ = model.load_token(text, origin);
    }
    model
}

pub fn stdout_is_terminal() -> bool {
    io::stdout().is_terminal()
}
