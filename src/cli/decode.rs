//! `tokex decode [--json] [--verify [--jwks FILE|URL]]`: a token's summary without the TUI.

use super::output::{self, json_text, paint, safe, value_text};
use super::verify::{VerifyOptions, verify_for_cli};
use super::{DecodeArgs, exit};
use crate::config::Profile;
use crate::domain::Inspection;
use crate::net::{Http, JwksSource};
use crate::ui::theme;
use serde_json::json;
use std::ffi::OsStr;
use std::io::{self, Read, Write};

/// Tokens larger than this are refused when read from stdin (a token with every Management API
/// scope is about 5 KB; this leaves room for anything real).
pub const MAX_STDIN_BYTES: u64 = 32 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("could not read stdin: {0}")]
    Read(#[from] io::Error),
    #[error("stdin is larger than {} MiB", MAX_STDIN_BYTES / 1024 / 1024)]
    TooLarge,
    #[error("the input is not UTF-8 text, so it is not a token")]
    NotUtf8,
}

/// The token argument: a literal, or stdin for `-` / nothing. Bounded, and UTF-8 or an error
/// (an argument and stdin fail the same way).
pub fn read_token_arg(arg: Option<&OsStr>, stdin: &mut impl Read) -> Result<String, InputError> {
    match arg.filter(|arg| *arg != "-") {
        Some(token) => token.to_str().map(str::to_owned).ok_or(InputError::NotUtf8),
        None => read_stdin(stdin),
    }
}

/// All of stdin as text: at most [`MAX_STDIN_BYTES`], and UTF-8.
pub fn read_stdin(stdin: &mut impl Read) -> Result<String, InputError> {
    let mut bytes = Vec::new();
    stdin.take(MAX_STDIN_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_STDIN_BYTES {
        return Err(InputError::TooLarge);
    }
    String::from_utf8(bytes).map_err(|_| InputError::NotUtf8)
}

/// Reports an input failure the way a decode failure is reported.
pub fn input_failure(error: &InputError, json_output: bool, out: &mut impl Write) -> u8 {
    let message = error.to_string();
    output::error_line(&message);
    if json_output {
        let _ = writeln!(out, "{}", json_text(&json!({ "error": message }), false));
    }
    exit::BAD_INPUT
}

/// `tokex decode` without `--verify`: reads the token and prints its summary (no network, no
/// configuration, no async runtime).
pub fn decode_plain(args: &DecodeArgs, now: i64) -> u8 {
    let input = match read_token_arg(args.token.as_deref(), &mut io::stdin()) {
        Ok(input) => input,
        Err(error) => return input_failure(&error, args.json, &mut io::stdout()),
    };
    let colour = output::stdout_colour();
    decode_command(&input, args.json, now, colour, &mut io::stdout().lock(), &mut io::stderr())
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
                writeln!(out, "{}", json_text(&summary, false))
            } else {
                out.write_all(summary_text(&inspection, now, colour).as_bytes())
                    .and_then(|()| writeln!(out, "signature: not verified (--verify checks it)"))
            };
            if written.is_err() { exit::FAILURE } else { exit::OK }
        }
        Err(error) => {
            let message = error.to_string();
            let _ = writeln!(err, "tokex: {}", safe(&message));
            if json_output {
                let _ = writeln!(out, "{}", json_text(&json!({ "error": message }), false));
            }
            exit::BAD_INPUT
        }
    }
}

/// The readable summary `tokex decode` prints: every string escaped, colour optional.
pub fn summary_text(inspection: &Inspection, now: i64, colour: bool) -> String {
    let heading = |text: &str| format!("{}\n", paint(theme::section(), text, colour));
    let expiry = inspection.expiry(now);
    let mut text = paint(theme::urgency(expiry.urgency), &expiry.headline(), colour);
    if let Some(lifetime) = expiry.lifetime {
        text.push_str(&format!(" (lifetime {})", crate::domain::format_duration(lifetime)));
    }
    text.push('\n');
    text.push_str(&heading("header"));
    for (name, value) in &inspection.jwt.header {
        text.push_str(&format!("  {:<5} {}\n", safe(name), value_text(value)));
    }
    text.push_str(&heading("claims"));
    for (name, value) in &inspection.jwt.payload {
        if matches!(name.as_str(), "scope" | "scp" | "permissions") {
            continue;
        }
        let mut line = format!("  {:<5} {}", safe(name), value_text(value));
        if let (true, Some(seconds)) = (matches!(name.as_str(), "iat" | "nbf" | "exp"), value.as_i64())
            && let Some(when) = crate::domain::inspection::rfc3339(seconds)
        {
            line.push_str(&format!("  ({when}, {})", crate::domain::expiry::relative(seconds, now)));
        }
        text.push_str(&line);
        text.push('\n');
    }
    text.push_str(&heading(&format!("scopes ({})", inspection.claims.scopes.len())));
    for group in &inspection.scope_groups {
        text.push_str(&format!("  {}: {}\n", safe(&group.resource), safe(&group.actions.join(", "))));
    }
    if !inspection.warnings.is_empty() {
        text.push_str(&heading("warnings"));
        for warning in &inspection.warnings {
            text.push_str(&format!("  {} {}\n", paint(theme::warning(), "!", colour), safe(&warning.text)));
        }
    }
    text
}

/// `tokex decode --verify`: exit 0 only when the signature verifies and the token is valid
/// now for its issuer and audience.
pub async fn decode_verify_command(
    http: &Http,
    input: &str,
    profiles: &[Profile],
    jwks: Option<&str>,
    json_output: bool,
    now: i64,
) -> u8 {
    let options = VerifyOptions { jwks: jwks.map(JwksSource::parse), audience: None };
    let mut out = io::stdout().lock();
    match verify_for_cli(http, input, profiles, &options, now).await {
        Ok(report) => {
            let written = if json_output {
                writeln!(out, "{}", json_text(&report.to_json(now), false))
            } else {
                let colour = output::stdout_colour();
                out.write_all(summary_text(&report.inspection, now, colour).as_bytes()).and_then(|()| {
                    writeln!(
                        out,
                        "signature: {} (issuer {}, audience {})",
                        safe(&report.verification.signature.to_string()),
                        safe(&report.expected.issuer),
                        safe(&report.expected.audience)
                    )
                })
            };
            if written.is_err() { exit::FAILURE } else { exit::OK }
        }
        Err(failure) => {
            output::error_line(&format!("verification failed: {failure}"));
            if json_output {
                // Everything a plain decode says, plus why verification failed.
                let mut object = match failure.inspection.as_deref() {
                    Some(inspection) => inspection.summary_json(now, json!("not_verified")),
                    None => json!({}),
                };
                object["error"] = json!(failure.to_string());
                if let Some(verification) = failure.verification.as_ref() {
                    crate::domain::verify::annotate_summary(&mut object, verification);
                }
                let _ = writeln!(out, "{}", json_text(&object, false));
            }
            if failure.network { exit::NETWORK } else { exit::BAD_INPUT }
        }
    }
}
