//! `tokex endpoints [--token TOKEN|-] [--allowed|--denied] [--group G] [--json]`: the operations
//! of the Management API with the scopes each needs, and with a token, which of them it passes.

use super::exit;
use super::output::{self, json_text, safe};
use super::token_input::read_token;
use crate::domain::Inspection;
use crate::domain::catalog::{self, ScopeSet, TableRow};
use clap::Args;
use std::ffi::{OsStr, OsString};
use std::io::{self, Write};

#[derive(Debug, Args)]
pub struct EndpointsArgs {
    /// A token (`-` for stdin, `@FILE` for a file): each row then says whether it passes and
    /// which scopes it lacks.
    #[arg(long, value_name = "TOKEN|-|@FILE")]
    pub token: Option<OsString>,
    /// Only the operations the token passes.
    #[arg(long, requires = "token", conflicts_with = "denied")]
    pub allowed: bool,
    /// Only the operations the token does not pass.
    #[arg(long, requires = "token")]
    pub denied: bool,
    /// Only this group (documentation section), e.g. `users` or `client-grants`.
    #[arg(long, value_name = "GROUP", add = clap_complete::engine::ArgValueCompleter::new(super::complete::groups))]
    pub group: Option<String>,
    /// Print a JSON array (method, path, scopes, destructive, description, …; with a token also
    /// `allowed` and `missing`).
    #[arg(long)]
    pub json: bool,
}

/// The token's scopes, from `--token TOKEN|-|@FILE`.
fn token_scopes(arg: &OsStr) -> Result<ScopeSet, String> {
    let text = read_token(Some(arg), &mut io::stdin()).map_err(|e| format!("--token: {e}"))?;
    let inspection = Inspection::from_pasted(&text).map_err(|e| format!("--token: not a token: {e}"))?;
    Ok(ScopeSet::new(&inspection.claims.scopes))
}

/// `--token`'s scopes when given; `Err` is the exit code after the error was printed.
pub fn optional_token_scopes(arg: Option<&OsStr>) -> Result<Option<ScopeSet>, u8> {
    arg.map(token_scopes).transpose().map_err(|error| {
        output::error_line(&error);
        exit::BAD_INPUT
    })
}

pub fn endpoints_command(args: &EndpointsArgs, out: &mut impl Write) -> u8 {
    let token = match optional_token_scopes(args.token.as_deref()) {
        Ok(token) => token,
        Err(code) => return code,
    };
    let endpoints = catalog::catalog();
    if let Some(group) = args.group.as_deref()
        && !endpoints.iter().any(|e| e.group.eq_ignore_ascii_case(group))
    {
        let mut groups: Vec<&str> = endpoints.iter().map(|e| e.group.as_str()).collect();
        groups.dedup();
        return output::bad_input(&format!(
            "no group named `{}`; the groups are: {}",
            safe(group),
            groups.join(", ")
        ));
    }
    let rows: Vec<TableRow> = endpoints
        .iter()
        .filter(|e| args.group.as_deref().is_none_or(|g| e.group.eq_ignore_ascii_case(g)))
        .map(|e| TableRow::new(e, token.as_ref().map(|t| e.check(t))))
        .filter(|row| match &row.verdict {
            Some(verdict) if args.allowed => verdict.is_allowed(),
            Some(verdict) if args.denied => !verdict.is_allowed(),
            _ => true,
        })
        .collect();
    let written = if args.json {
        writeln!(out, "{}", json_text(&catalog::to_json(&rows), false))
    } else {
        let mut table = catalog::render_table(&rows, output::stdout_width());
        if let Some(token) = token.as_ref() {
            for line in super::scope_words::unused_lines(token.iter(), "token scope ") {
                table.legend.push_str(&line);
                table.legend.push('\n');
            }
        }
        if output::explanation_to_stdout() {
            out.write_all(table.whole().as_bytes())
        } else {
            // Piped: stdout carries one line per operation, nothing else.
            output::info_text(&format!("{}{}", table.header, table.legend));
            out.write_all(table.rows.as_bytes())
        }
    };
    if written.is_err() { exit::FAILURE } else { exit::OK }
}
