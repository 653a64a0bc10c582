//! `tokex endpoints` and `tokex call`: the catalog as text or JSON, and one Management API
//! call from the shell. The body goes to stdout (pretty and coloured on a terminal, compact
//! and plain otherwise); everything about the call goes to stderr.

use crate::app::api_pane::json_view::{Tok, body_lines};
use crate::cli::{ProfileArgs, exit, use_colour};
use crate::config::Config;
use crate::domain::Inspection;
use crate::domain::api_errors;
use crate::domain::catalog::{self, Method};
use crate::domain::sanitize::escape_control;
use crate::net::{ApiResponse, Http};
use clap::Args;
use serde_json::{Value, json};
use std::io::{self, BufRead, IsTerminal, Read, Write};

#[derive(Debug, Args)]
pub struct EndpointsArgs {
    /// Print a JSON array (method, path, scopes, destructive, description, …).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct CallArgs {
    /// HTTP method: GET, POST, PUT, PATCH or DELETE (any case).
    pub method: String,
    /// Path below the tenant: `/users`, `/api/v2/clients/ID`, optionally with `?query`.
    pub path: String,
    /// A query parameter, repeatable; the value is percent-encoded for you.
    #[arg(short = 'q', long = "query", value_name = "KEY=VALUE")]
    pub query: Vec<String>,
    /// JSON request body, or `-` to read it from stdin.
    #[arg(short = 'd', long = "data", value_name = "JSON|-")]
    pub data: Option<String>,
    /// The bearer token, or `-` to read it from stdin (default: a fresh one from the profile).
    #[arg(long, value_name = "TOKEN|-")]
    pub token: Option<String>,
    /// Print one JSON object: status, reason, latency_ms, url, rate_limit, body.
    #[arg(long)]
    pub json: bool,
    /// Do not ask before DELETE and other destructive calls.
    #[arg(long)]
    pub yes: bool,
    /// Make the call N times over one keep-alive connection, reporting each latency on
    /// stderr and printing the last body (for measuring warm calls).
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub repeat: u32,
}

/// `tokex endpoints`.
pub fn endpoints_command(json_output: bool, out: &mut impl Write) -> u8 {
    let endpoints = catalog::catalog();
    let written = if json_output {
        writeln!(out, "{}", catalog::to_json(endpoints))
    } else {
        out.write_all(catalog::render_table(endpoints).as_bytes())
    };
    if written.is_err() { exit::FAILURE } else { exit::OK }
}

/// `path` with each `KEY=VALUE` appended as an encoded query parameter. Characters that may
/// not appear raw in a path (`|` in `auth0|…` ids, spaces) are percent-encoded; existing
/// `%XX` escapes are kept.
pub fn build_path(path: &str, query: &[String]) -> Result<String, String> {
    let (path, existing) = match path.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (path, None),
    };
    let mut out = String::new();
    if !path.starts_with('/') {
        out.push('/');
    }
    for c in path.chars() {
        let allowed = c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@/%".contains(c);
        if allowed {
            out.push(c);
        } else {
            out.push_str(&catalog::percent_encode(&c.to_string()));
        }
    }
    let mut pairs: Vec<String> = existing.filter(|q| !q.is_empty()).map(str::to_owned).into_iter().collect();
    for item in query {
        let (key, value) = item
            .split_once('=')
            .ok_or_else(|| format!("-q expects KEY=VALUE, got {:?}", escape_control(item)))?;
        pairs.push(format!("{}={}", catalog::percent_encode(key), catalog::percent_encode(value)));
    }
    if !pairs.is_empty() {
        out.push('?');
        out.push_str(&pairs.join("&"));
    }
    Ok(out)
}

/// The tenant domain of a Management API token: its audience is `https://{domain}/api/v2/`.
fn domain_from_token(inspection: &Inspection) -> Option<String> {
    inspection.claims.aud.iter().find_map(|aud| aud.strip_suffix("/api/v2/").map(str::to_owned))
}

/// The body for stdout: pretty and coloured JSON on a terminal (control characters escaped),
/// compact JSON otherwise; non-JSON bodies as they came (escaped on a terminal).
pub fn render_body(body: &[u8], terminal: bool, colour: bool) -> Vec<u8> {
    if body.is_empty() {
        return Vec::new();
    }
    if !terminal {
        return match serde_json::from_slice::<Value>(body) {
            Ok(value) => format!("{value}\n").into_bytes(),
            Err(_) => body.to_vec(),
        };
    }
    let mut text = String::new();
    for line in body_lines(body) {
        for (tok, segment) in &line.segments {
            let code = match tok {
                Tok::Key => "34",
                Tok::Str => "32",
                Tok::Num => "36",
                Tok::Bool => "35",
                Tok::Null => "90",
                Tok::Punct | Tok::Text => "",
            };
            if colour && !code.is_empty() {
                text.push_str(&format!("\x1b[{code}m{segment}\x1b[0m"));
            } else {
                text.push_str(segment);
            }
        }
        text.push('\n');
    }
    text.into_bytes()
}

/// What stderr says about a response: status, latency and size, the rate-limit headers, and
/// Auth0's error explained.
pub fn report(response: &ApiResponse, scopes: &[String], now: i64) -> String {
    let mut text = format!(
        "HTTP {} {} · {:.2} ms · {} bytes · {}\n",
        response.status,
        escape_control(&response.reason),
        response.latency.as_secs_f64() * 1000.0,
        response.body.len(),
        escape_control(&response.url)
    );
    if let Some(limit) = response.rate_limit {
        text.push_str(&format!(
            "x-ratelimit-limit: {}\nx-ratelimit-remaining: {}\nx-ratelimit-reset: {} (in {} s)\n",
            limit.limit,
            limit.remaining,
            limit.reset_epoch,
            limit.seconds_until_reset(now)
        ));
    }
    if !response.is_success() {
        let body = response.json().unwrap_or(Value::Null);
        if let Some(explanation) = api_errors::explain(response.status, &body, scopes) {
            text.push_str(&format!("tokex: {explanation}\n"));
        }
    }
    text
}

fn json_report(response: &ApiResponse) -> Value {
    let body = response.json().unwrap_or_else(|| Value::String(response.body_text().into_owned()));
    json!({
        "status": response.status,
        "reason": response.reason,
        "latency_ms": response.latency.as_millis() as u64,
        "url": response.url,
        "rate_limit": response.rate_limit.map(|l| json!({
            "limit": l.limit, "remaining": l.remaining, "reset": l.reset_epoch
        })),
        "body": body,
    })
}

/// Asks on the terminal; true only for an explicit yes.
fn confirm(method: Method, path: &str, endpoint: Option<&catalog::Endpoint>) -> bool {
    let mut err = io::stderr().lock();
    let _ = writeln!(err, "tokex: {method} {} changes the tenant.", escape_control(path));
    if let Some(confirm) = endpoint.and_then(|e| e.confirm.as_ref()) {
        let _ = writeln!(err, "  will:     {}", confirm.will);
        if let Some(will_not) = confirm.will_not.as_ref() {
            let _ = writeln!(err, "  will not: {will_not}");
        }
    }
    let _ = write!(err, "Type yes to send it: ");
    let _ = err.flush();
    let mut answer = String::new();
    if io::stdin().lock().read_line(&mut answer).is_err() {
        return false;
    }
    matches!(answer.trim().to_lowercase().as_str(), "yes" | "y")
}

fn fail(message: &str) -> u8 {
    eprintln!("tokex: {}", escape_control(message));
    exit::FAILURE
}

/// `tokex call`.
pub async fn call_command(http: &Http, profile_args: &ProfileArgs, args: CallArgs, now: i64) -> u8 {
    let method: Method = match args.method.parse() {
        Ok(method) => method,
        Err(error) => return fail(&error),
    };
    if args.token.as_deref() == Some("-") && args.data.as_deref() == Some("-") {
        return fail("only one of --token - and -d - can read stdin");
    }
    let mut stdin_text = String::new();
    if (args.token.as_deref() == Some("-") || args.data.as_deref() == Some("-"))
        && let Err(error) = io::stdin().read_to_string(&mut stdin_text)
    {
        return fail(&format!("could not read stdin: {error}"));
    }
    let body: Option<Value> = match args.data.as_deref() {
        None => None,
        Some(text) => {
            let text = if text == "-" { stdin_text.as_str() } else { text };
            match serde_json::from_str(text) {
                Ok(value) => Some(value),
                Err(error) => return fail(&format!("-d is not JSON: {error}")),
            }
        }
    };
    let path_and_query = match build_path(&args.path, &args.query) {
        Ok(path) => path,
        Err(error) => return fail(&error),
    };

    let (token, domain) = match args.token.as_deref() {
        Some(given) => {
            let raw = if given == "-" { stdin_text.trim() } else { given.trim() };
            let raw = crate::domain::input::extract_jwt(raw).unwrap_or_else(|_| raw.to_owned());
            let inspection = Inspection::from_pasted(&raw).ok();
            let domain = profile_args
                .domain
                .clone()
                .or_else(|| {
                    Config::load(&profile_args.load_options()).active_profile().map(|p| p.domain.clone())
                })
                .or_else(|| inspection.as_ref().and_then(domain_from_token));
            match domain {
                Some(domain) => (raw, domain),
                None => {
                    return fail(
                        "no tenant to call: pass --domain, configure a profile, or use a token whose aud is \
                         https://DOMAIN/api/v2/",
                    );
                }
            }
        }
        None => {
            let config = Config::load(&profile_args.load_options());
            for problem in &config.problems {
                eprintln!("tokex: {problem}");
            }
            let profile = match config.require_active() {
                Ok(profile) => profile.clone(),
                Err(error) => return fail(&error.to_string()),
            };
            match crate::net::fetch_token(http, &profile).await {
                Ok(grant) => (grant.response.access_token, profile.domain.clone()),
                Err(error) => return fail(&format!("could not fetch a token: {error}")),
            }
        }
    };

    let scopes = match Inspection::from_pasted(&token) {
        Ok(inspection) => inspection.claims.scopes,
        Err(error) => {
            eprintln!("tokex: warning: the token does not decode ({error}); no scope check before the call");
            Vec::new()
        }
    };
    let endpoint = catalog::find(method, &path_and_query);
    match endpoint {
        Some(endpoint) => {
            if let Some(hint) = endpoint.scope_hint(&scopes) {
                eprintln!(
                    "tokex: warning: the token {hint} for {}; expect 403 insufficient_scope",
                    endpoint.id()
                );
            }
        }
        None => eprintln!("tokex: note: {method} {path_and_query} is not in the catalog; no scope check"),
    }

    let destructive = method == Method::Delete || endpoint.is_some_and(|e| e.destructive);
    let interactive = io::stdin().is_terminal() && io::stderr().is_terminal();
    if destructive && !args.yes && interactive && !confirm(method, &path_and_query, endpoint) {
        return fail("not confirmed; nothing was sent");
    }

    let mut last = None;
    for _ in 0..args.repeat {
        match crate::net::call_api(http, &domain, method.as_str(), &path_and_query, &token, body.as_ref())
            .await
        {
            Ok(response) => {
                eprint!("{}", report(&response, &scopes, now));
                last = Some(response);
            }
            Err(error) => return fail(&error.to_string()),
        }
    }
    let Some(response) = last else { return exit::FAILURE };
    let terminal = io::stdout().is_terminal();
    let output = if args.json {
        let report = json_report(&response);
        let text =
            if terminal { serde_json::to_string_pretty(&report) } else { serde_json::to_string(&report) };
        let text = text.unwrap_or_default();
        // The JSON writer leaves bidi overrides and C1 controls raw; a terminal must not see them.
        let text = if terminal {
            crate::domain::sanitize::escape_control_keep_newlines(&text).into_owned()
        } else {
            text
        };
        format!("{text}\n").into_bytes()
    } else {
        render_body(&response.body, terminal, use_colour(terminal))
    };
    let mut out = io::stdout().lock();
    if out.write_all(&output).and_then(|()| out.flush()).is_err() {
        return exit::FAILURE;
    }
    if response.is_success() { exit::OK } else { exit::FAILURE }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_queries_are_encoded() {
        assert_eq!(build_path("users", &[]).as_deref(), Ok("/users"));
        assert_eq!(
            build_path("/api/v2/users/auth0|1 x", &["q=email:\"a@b\"".into(), "page=0".into()]).as_deref(),
            Ok("/api/v2/users/auth0%7C1%20x?q=email%3A%22a%40b%22&page=0")
        );
        assert_eq!(build_path("/users?a=1", &["b=2".into()]).as_deref(), Ok("/users?a=1&b=2"));
        assert!(build_path("/users", &["novalue".into()]).is_err());
    }

    #[test]
    fn bodies_plain_when_piped_and_escaped_on_a_terminal() {
        let body = b"{\"a\": \"x\\u001b[31m\", \"b\": [1]}";
        assert_eq!(render_body(body, false, false), b"{\"a\":\"x\\u001b[31m\",\"b\":[1]}\n".to_vec());
        let pretty = String::from_utf8(render_body(body, true, false)).unwrap_or_default();
        assert!(pretty.contains("\n  \"b\": [\n"), "{pretty}");
        assert!(!pretty.contains('\x1b'));
        let coloured = String::from_utf8(render_body(body, true, true)).unwrap_or_default();
        assert!(coloured.contains("\x1b[34m\"a\"\x1b[0m"), "{coloured}");
        assert_eq!(render_body(b"raw\x1b", false, false), b"raw\x1b".to_vec());
        assert!(render_body(b"", true, true).is_empty());
    }
}
