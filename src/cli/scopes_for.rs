//! `tokex scopes-for METHOD PATH [METHOD PATH …] [--token TOKEN|-] [--json]`: the least set of
//! scopes that lets all these calls pass. stdout carries only the scopes, space-separated on one
//! line, so `$(tokex scopes-for …)` is usable; which scope serves which call, cautions and the
//! comparison with a token go to stderr. Without pairs, `METHOD PATH` lines are read from stdin.

use super::endpoints::optional_token_scopes;
use super::exit;
use super::output::{self, json_text, safe};
use super::token_input::read_stdin;
use crate::domain::catalog::{
    self, Endpoint, LeastScopes, Method, ScopeIndex, TokenFit, least_scopes, token_fit,
};
use clap::Args;
use serde_json::{Value, json};
use std::io::{self, Write};

#[derive(Debug, Args)]
pub struct ScopesForArgs {
    /// Calls as METHOD PATH pairs (`GET /users POST /roles`); paths take concrete ids or
    /// `{placeholders}`, with or without `/api/v2`. None: `METHOD PATH` lines from stdin.
    #[arg(value_name = "METHOD PATH", add = clap_complete::engine::ArgValueCompleter::new(super::complete::calls))]
    pub calls: Vec<String>,
    /// A token (`-` for stdin, `@FILE` for a file) to compare: the chosen scopes it lacks, and
    /// its scopes these calls do not need.
    #[arg(long, value_name = "TOKEN|-|@FILE")]
    pub token: Option<std::ffi::OsString>,
    /// Print one JSON object: scopes, calls, and with --token the comparison.
    #[arg(long)]
    pub json: bool,
}

/// Why the calls could not be read.
enum CallsError {
    /// Bad input in the call list: reported as a usage error.
    Input(String),
    /// stdin could not be read.
    Read(String),
}

fn read_calls(args: &ScopesForArgs) -> Result<Vec<&'static Endpoint>, CallsError> {
    let words: Vec<String> = if args.calls.is_empty() {
        if args.token.as_deref().is_some_and(|token| token == "-") {
            return Err(CallsError::Input(
                "--token - reads stdin, so give the calls as METHOD PATH arguments".to_owned(),
            ));
        }
        let text = read_stdin(&mut io::stdin()).map_err(|e| CallsError::Read(e.to_string()))?;
        let mut words = Vec::new();
        for (number, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let parts: Vec<&str> = line.split_whitespace().collect();
            if parts.len() != 2 {
                return Err(CallsError::Input(format!(
                    "stdin line {}: expected `METHOD PATH`, got `{}`",
                    number + 1,
                    safe(line)
                )));
            }
            words.extend(parts.into_iter().map(str::to_owned));
        }
        words
    } else {
        args.calls.clone()
    };
    if words.is_empty() {
        return Err(CallsError::Input(
            "no calls: give METHOD PATH pairs, or lines of them on stdin".to_owned(),
        ));
    }
    if !words.len().is_multiple_of(2) {
        return Err(CallsError::Input(format!(
            "calls come in METHOD PATH pairs; `{}` has no partner",
            safe(words.last().map_or("", String::as_str))
        )));
    }
    words.chunks(2).map(|pair| operation(&pair[0], &pair[1]).map_err(CallsError::Input)).collect()
}

fn operation(method: &str, path: &str) -> Result<&'static Endpoint, String> {
    let method: Method = method.parse().map_err(|e: catalog::MethodError| e.to_string())?;
    if let Some(endpoint) = catalog::find(method, path) {
        return Ok(endpoint);
    }
    let near: Vec<String> = catalog::nearest(method, path, 5).iter().map(|e| e.id()).collect();
    let hint = if near.is_empty() {
        "`tokex endpoints` lists every operation".to_owned()
    } else {
        format!("closest: {}", near.join(", "))
    };
    Err(format!("{method} {} is no Management API operation; {hint}", safe(path)))
}

pub fn scopes_for_command(args: &ScopesForArgs, out: &mut impl Write) -> u8 {
    let calls = match read_calls(args) {
        Ok(calls) => calls,
        Err(CallsError::Input(message)) => return output::bad_input(&message),
        Err(CallsError::Read(message)) => {
            output::error_line(&message);
            return exit::BAD_INPUT;
        }
    };
    let token = match optional_token_scopes(args.token.as_deref()) {
        Ok(token) => token,
        Err(code) => return code,
    };
    let least = least_scopes(&calls, ScopeIndex::global());
    let fit = token.as_ref().map(|t| token_fit(&calls, &least, t));
    let written = if args.json {
        writeln!(out, "{}", json_text(&to_json(&calls, &least, fit.as_ref()), false))
    } else {
        output::stderr_text(&explanation(&calls, &least, fit.as_ref()));
        writeln!(out, "{}", least.names().join(" "))
    };
    if written.is_err() { exit::FAILURE } else { exit::OK }
}

/// The chosen scopes that satisfy a call's clauses, in the call's order.
fn served_by<'a>(call: &Endpoint, least: &'a LeastScopes) -> Vec<&'a str> {
    let chosen = least.names();
    let mut served: Vec<&str> = Vec::new();
    for clause in call.requirement.clauses() {
        if let Some(scope) = chosen.iter().find(|s| clause.iter().any(|c| c == *s))
            && !served.contains(scope)
        {
            served.push(scope);
        }
    }
    served
}

/// What stderr says: one line per call, the cautions, and the comparison with the token.
fn explanation(calls: &[&Endpoint], least: &LeastScopes, fit: Option<&TokenFit>) -> String {
    let mut text = String::new();
    for call in calls {
        let rule = call.rule_label();
        let rule = if rule.is_empty() { String::new() } else { format!("  · {rule}") };
        text.push_str(&format!("{}: {}{rule}\n", call.id(), served_by(call, least).join(" + ")));
    }
    for chosen in &least.scopes {
        let info = crate::domain::scope_catalog::classify(&chosen.scope);
        text.push_str(&format!("{}: {}\n", chosen.scope, info.summary()));
        if let Some(caution) = chosen.caution {
            text.push_str(&format!("caution: {} {}\n", chosen.scope, caution.explain()));
        }
    }
    if let Some(fit) = fit {
        let list = |scopes: &[String]| {
            if scopes.is_empty() { "nothing".to_owned() } else { safe(&scopes.join(" ")).into_owned() }
        };
        text.push_str(&format!("the token lacks: {}\n", list(&fit.lacking)));
        text.push_str(&format!("not needed by these calls: {}\n", list(&fit.unneeded)));
        for line in super::scope_words::unused_lines(fit.unneeded.iter().map(String::as_str), "  ") {
            text.push_str(&line);
            text.push('\n');
        }
    }
    text
}

fn to_json(calls: &[&Endpoint], least: &LeastScopes, fit: Option<&TokenFit>) -> Value {
    let mut object = json!({
        "scopes": least.scopes.iter().map(|c| json!({
            "scope": c.scope,
            "unlocks": c.unlocks,
            "caution": c.caution.map(|c| c.explain()),
        })).collect::<Vec<_>>(),
        "calls": calls.iter().map(|e| json!({
            "method": e.method.as_str(),
            "path": e.path,
            "requirement": e.requirement.clauses(),
            "served_by": served_by(e, least),
        })).collect::<Vec<_>>(),
    });
    if let (Some(fit), Some(map)) = (fit, object.as_object_mut()) {
        map.insert(
            "token".into(),
            json!({ "lacking": fit.lacking, "unneeded": fit.unneeded, "passes_all": fit.passes_all }),
        );
    }
    object
}
