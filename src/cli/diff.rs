//! `tokex diff A B [--json]`: what changed from token A to token B — identity and audience
//! claims, signing key, lifetime, scopes, and Management API operations per group. Exit 0
//! equal, 9 different, and the common table's codes otherwise (3 bad input).

use super::exit;
use super::output::{self, json_text, paint, safe};
use super::token_input::{InputError, read_token};
use crate::domain::Inspection;
use crate::domain::token_diff::TokenDiff;
use crate::palette::Role;
use clap::Args;
use std::ffi::{OsStr, OsString};
use std::io::{Read, Write};

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The first token: the token itself, `-` (stdin) or `@FILE`.
    pub left: OsString,
    /// The second token, in the same forms (only one side may read stdin).
    pub right: OsString,
    /// Print one JSON object (`equal`, `fields`, `scopes`, `operations`).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, thiserror::Error)]
enum SideError {
    #[error(transparent)]
    Input(#[from] InputError),
    #[error("not a token: {0}")]
    Decode(#[from] crate::domain::DecodeError),
}

pub fn diff_command(args: &DiffArgs, now: i64, stdin: &mut impl Read, out: &mut impl Write) -> u8 {
    if args.left == "-" && args.right == "-" {
        output::error_line(&InputError::StdinTwice.to_string());
        return exit::BAD_INPUT;
    }
    let left = match inspect_side(&args.left, stdin) {
        Ok(inspection) => inspection,
        Err(error) => return bad_input("first token", &error),
    };
    let right = match inspect_side(&args.right, stdin) {
        Ok(inspection) => inspection,
        Err(error) => return bad_input("second token", &error),
    };
    let diff = TokenDiff::between(&left, &right, now);
    let text = if args.json {
        format!("{}\n", json_text(&diff.to_json(), false))
    } else {
        render_diff(&diff, output::stdout_colour())
    };
    if out.write_all(text.as_bytes()).and_then(|()| out.flush()).is_err() {
        return exit::FAILURE;
    }
    if diff.is_equal() { exit::OK } else { exit::DIFFERENT }
}

fn bad_input(side: &str, error: &SideError) -> u8 {
    output::error_line(&format!("{side}: {error}"));
    exit::BAD_INPUT
}

fn inspect_side(arg: &OsStr, stdin: &mut impl Read) -> Result<Inspection, SideError> {
    let text = read_token(Some(arg), stdin)?;
    Ok(Inspection::from_pasted(&text)?)
}

/// The readable form: a verdict line, the fields side by side, then scopes and operations.
fn render_diff(diff: &TokenDiff, colour: bool) -> String {
    let mut text = String::new();
    let verdict = if diff.is_equal() {
        paint(Role::Info, "equal: same identity, audience and scopes", colour)
    } else {
        paint(Role::Warning, "different", colour)
    };
    text.push_str(&format!("{verdict}\n\n"));
    let shown = |value: &Option<String>| value.as_deref().map_or("—".to_owned(), |v| safe(v).into_owned());
    let width = diff.fields.iter().map(|f| shown(&f.left).chars().count()).max().unwrap_or(0).clamp(4, 60);
    text.push_str(&format!("{:<10} {:<width$}  {}\n", "", "first", "second"));
    for field in &diff.fields {
        let left = shown(&field.left);
        let right = if field.is_equal() { "=".to_owned() } else { shown(&field.right) };
        let line = format!("{:<10} {left:<width$}  {right}", field.name);
        let style = if field.is_equal() { Role::Dim } else { Role::Warning };
        text.push_str(&paint(style, &line, colour));
        text.push('\n');
    }
    text.push('\n');
    // Scopes by resource, as the Inspector groups them: one line a resource, not one line of 280.
    text.push_str(&format!("scopes: {} gained, {} lost\n", diff.scopes_gained.len(), diff.scopes_lost.len()));
    let resources = diff.scopes_by_resource();
    let width = resources.iter().map(|r| r.resource.chars().count()).max().unwrap_or(0).min(40);
    for resource in &resources {
        let mut line = format!("  {:<width$}", safe(&resource.resource));
        for action in &resource.gained {
            line.push_str(&format!(" {}", paint(Role::Info, &format!("+{}", safe(action)), colour)));
        }
        for action in &resource.lost {
            line.push_str(&format!(" {}", paint(Role::Error, &format!("−{}", safe(action)), colour)));
        }
        text.push_str(&line);
        text.push('\n');
    }
    let changed = diff.scopes_gained.iter().chain(&diff.scopes_lost).map(String::as_str);
    for line in super::scope_words::unused_lines(changed, "  ") {
        text.push_str(&line);
        text.push('\n');
    }
    text.push_str(&format!(
        "Management API operations: {} gained, {} lost\n",
        diff.operations_gained(),
        diff.operations_lost()
    ));
    for group in &diff.operations {
        text.push_str(&format!("  {}: +{} −{}\n", group.group, group.gained.len(), group.lost.len()));
        for id in &group.gained {
            text.push_str(&paint(Role::Info, &format!("    + {id}"), colour));
            text.push('\n');
        }
        for id in &group.lost {
            text.push_str(&paint(Role::Error, &format!("    − {id}"), colour));
            text.push('\n');
        }
    }
    text
}
