//! `tokex call METHOD PATH`: one Management API call from the shell. The body goes to stdout
//! (pretty and coloured on a terminal, compact and plain otherwise); everything about the call
//! goes to stderr. The token goes only to the tenant that issued it, and only under /api/v2/.

use super::output::{self, json_text, render_body, safe};
use super::{ProfileArgs, exit};
use crate::config::{Config, normalize_domain};
use crate::domain::Inspection;
use crate::domain::api_errors;
use crate::domain::api_path::{ApiPathError, resolve_api_path};
use crate::domain::api_response::ApiResponse;
use crate::domain::catalog::{self, Method};
use crate::domain::change_confirmation::{ChangeConfirmation, ChangeRequest, Identity, changes_tenant};
use crate::domain::issuing_tenant::{TenantVerdict, TokenTenants};
use crate::domain::token::is_bearer_token_text;
use crate::net::Http;
use clap::Args;
use clap_complete::engine::ArgValueCompleter;
use serde_json::{Value, json};
use std::io;

#[derive(Debug, Args)]
pub struct CallArgs {
    /// HTTP method: GET, POST, PUT, PATCH or DELETE (any case).
    #[arg(add = ArgValueCompleter::new(super::complete::methods))]
    pub method: Method,
    /// Path below the tenant: `/users`, `/api/v2/clients/ID`, optionally with `?query`.
    #[arg(add = ArgValueCompleter::new(super::complete::paths))]
    pub path: String,
    /// A query parameter, repeatable; the value is percent-encoded for you.
    #[arg(short = 'q', long = "query", value_name = "KEY=VALUE")]
    pub query: Vec<String>,
    /// JSON request body, or `-` to read it from stdin.
    #[arg(short = 'd', long = "data", value_name = "JSON|-")]
    pub data: Option<String>,
    /// The bearer token, `-` to read it from stdin or `@FILE` (default: the profile's cached
    /// token, or a fresh one).
    #[arg(long, value_name = "TOKEN|-|@FILE", env = "TOKEX_TOKEN", hide_env_values = true)]
    pub token: Option<std::ffi::OsString>,
    /// Neither reuse a cached token nor cache the one fetched.
    #[arg(long)]
    pub no_cache: bool,
    /// Print one JSON object: status, reason, latency_ms, url, rate_limit, body.
    #[arg(long)]
    pub json: bool,
    /// Send a call that changes the tenant (POST, PUT, PATCH, DELETE) without asking. Without
    /// a terminal such a call is refused unless this is given.
    #[arg(short = 'y', long)]
    pub yes: bool,
    /// Send the token even to a tenant that did not issue it (or when it names none).
    #[arg(long)]
    pub any_tenant: bool,
    /// Make the call N times over one keep-alive connection, reporting each latency on
    /// stderr and printing the last body (for measuring warm calls).
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub repeat: u32,
}

/// `path` with each `KEY=VALUE` appended as an encoded query parameter. Characters that may
/// not appear raw in a path (`|` in `auth0|…` ids, spaces) are percent-encoded; existing
/// `%XX` escapes are kept.
/// The result is resolved under `/api/v2` (dot segments removed; leaving it is an error).
pub fn build_path(path: &str, query: &[String]) -> Result<String, PathArgError> {
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
        let (key, value) = item.split_once('=').ok_or_else(|| PathArgError::QueryPair(item.clone()))?;
        pairs.push(format!("{}={}", catalog::percent_encode(key), catalog::percent_encode(value)));
    }
    if !pairs.is_empty() {
        out.push('?');
        out.push_str(&pairs.join("&"));
    }
    Ok(resolve_api_path(&out)?)
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PathArgError {
    #[error("-q expects KEY=VALUE, got `{}`", safe(.0))]
    QueryPair(String),
    #[error(transparent)]
    Path(#[from] ApiPathError),
}

/// What stderr says about a response: status, latency and size, and the rate-limit headers
/// (informational: `--quiet` drops it).
pub fn report(response: &ApiResponse, now: i64) -> String {
    let mut text = format!(
        "HTTP {} {} · {:.2} ms · {} bytes · {}\n",
        response.status,
        safe(&response.reason),
        response.latency.as_secs_f64() * 1000.0,
        response.body.len(),
        safe(&response.url)
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
    text
}

/// Auth0's error explained, for a response that is not a success (an error line, kept by
/// `--quiet`).
fn explanation(response: &ApiResponse, scopes: &[String]) -> Option<String> {
    if response.is_success() {
        return None;
    }
    let body = response.json().unwrap_or(Value::Null);
    api_errors::explain(response.status, &body, scopes)
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

/// `GET /users` with `q` but no `search_engine`: Auth0's v3 search, as the API pane sets it
/// (docs/auth0.md#user-search). None when nothing is added.
fn with_search_engine(method: Method, path_and_query: &str) -> Option<String> {
    let (path, query) = path_and_query.split_once('?')?;
    let keys: Vec<&str> = query.split('&').map(|pair| pair.split('=').next().unwrap_or("")).collect();
    let users = path.trim_end_matches('/') == "/api/v2/users";
    (method == Method::Get && users && keys.contains(&"q") && !keys.contains(&"search_engine"))
        .then(|| format!("{path_and_query}&search_engine=v3"))
}

fn fail_with(code: u8, message: &str) -> u8 {
    output::error_line(message);
    code
}

/// The request as the command line describes it, before any token is involved.
struct CallInput {
    method: Method,
    path_and_query: String,
    body: Option<Value>,
    /// The token text given with `--token` (stdin already read).
    given_token: Option<String>,
}

fn read_input(args: &CallArgs) -> Result<CallInput, String> {
    let method = args.method;
    let token_on_stdin = args.token.as_deref().is_some_and(|token| token == "-");
    if token_on_stdin && args.data.as_deref() == Some("-") {
        return Err("only one of --token - and -d - can read stdin".to_owned());
    }
    let stdin_text = if token_on_stdin || args.data.as_deref() == Some("-") {
        super::token_input::read_stdin(&mut io::stdin()).map_err(|error| error.to_string())?
    } else {
        String::new()
    };
    let body = match args.data.as_deref() {
        None => None,
        Some(text) => {
            let text = if text == "-" { stdin_text.as_str() } else { text };
            Some(serde_json::from_str(text).map_err(|error| format!("-d is not JSON: {error}"))?)
        }
    };
    let mut path_and_query =
        build_path(&args.path, &args.query).map_err(|error| format!("{error}; nothing was sent"))?;
    if let Some(with_v3) = with_search_engine(method, &path_and_query) {
        output::note_line("added search_engine=v3 (Auth0's user search); -q search_engine=… overrides");
        path_and_query = with_v3;
    }
    let given_token = match args.token.as_deref() {
        None => None,
        Some(_) if token_on_stdin => Some(stdin_text),
        Some(given) => Some(
            super::token_input::read_token(Some(given), &mut io::stdin())
                .map_err(|error| format!("--token: {error}"))?,
        ),
    }
    .map(|given| {
        let raw = given.trim();
        crate::domain::input::extract_jwt(raw).unwrap_or_else(|_| raw.to_owned())
    });
    Ok(CallInput { method, path_and_query, body, given_token })
}

/// The given token and where it goes: `--domain`, else the active profile, else the token's
/// own tenant. Refused when that is not the tenant that issued the token (unless
/// `--any-tenant`): an Auth0 token cannot be revoked, so a token sent elsewhere stays leaked.
fn target_for_given_token(
    raw: &str,
    profile_args: &ProfileArgs,
    any_tenant: bool,
) -> Result<(Option<Inspection>, String), String> {
    if !is_bearer_token_text(raw) {
        return Err(
            "the token has characters no token has (only letters, digits and -._~+/=); nothing was sent"
                .to_owned(),
        );
    }
    let inspection = Inspection::from_pasted(raw);
    let domain = profile_args
        .domain
        .clone()
        .or_else(|| Config::load(&profile_args.load_options()).active_profile().map(|p| p.domain.clone()))
        .or_else(|| inspection.as_ref().ok().and_then(|i| TokenTenants::of(i).origins.into_iter().next()))
        .ok_or(
            "no tenant to call: pass --domain, configure a profile, or use a token whose aud is \
             https://DOMAIN/api/v2/",
        )?;
    // `acme.eu.auth0.com` means https://, as everywhere else.
    let domain = normalize_domain(&domain).map_err(|error| error.to_string())?;
    let inspection = match inspection {
        Ok(inspection) => inspection,
        Err(_) if any_tenant => return Ok((None, domain)),
        Err(error) => {
            return Err(format!(
                "not a token: {error}; so tokex cannot tell which tenant issued it and \
                 nothing was sent (--any-tenant sends it anyway)"
            ));
        }
    };
    match TokenTenants::of(&inspection).verdict(&domain) {
        TenantVerdict::Same => {}
        _ if any_tenant => {}
        TenantVerdict::Foreign { token_tenant, target } => {
            return Err(format!(
                "the token was issued for {token_tenant}, not {target}; a token cannot be revoked, so \
                 tokex does not send it to another tenant. Call its own tenant with --domain \
                 {token_tenant}, or pass --any-tenant"
            ));
        }
        TenantVerdict::Unknown => {
            return Err(format!(
                "the token names no tenant (no https://DOMAIN/api/v2/ audience and no issuer), so it is \
                 not sent to {domain}; pass --any-tenant to send it anyway"
            ));
        }
    }
    Ok((Some(inspection), domain))
}

/// `tokex call`.
pub async fn call_command(http: &Http, profile_args: &ProfileArgs, args: CallArgs, now: i64) -> u8 {
    let input = match read_input(&args) {
        Ok(input) => input,
        Err(error) => return fail_with(exit::BAD_INPUT, &error),
    };
    let CallInput { method, path_and_query, body, given_token } = input;
    // A change is asked about on the terminal, or refused without one before anything (even a
    // token request) is sent.
    let terminal = match (changes_tenant(method) && !args.yes, super::confirm::Terminal::open()) {
        (false, _) => None,
        (true, Some(terminal)) => Some(terminal),
        (true, None) => {
            return super::confirm::refuse_without_terminal(method.as_str(), &safe(&path_and_query));
        }
    };
    let mut profile_name = None;
    let (token, domain, inspection) = match given_token {
        Some(raw) => match target_for_given_token(&raw, profile_args, args.any_tenant) {
            Ok((inspection, domain)) => (raw, domain, inspection),
            Err(error) => return fail_with(exit::BAD_INPUT, &error),
        },
        None => {
            let Some(profile) = super::profiles::active_profile(profile_args) else { return exit::FAILURE };
            match super::token_source::obtain_token(http, &profile, !args.no_cache, now).await {
                Ok(obtained) => {
                    if obtained.cached {
                        output::note_line(&format!(
                            "using the cached token of profile {} (--no-cache fetches a new one)",
                            profile.name
                        ));
                    }
                    let inspection = Inspection::from_pasted(&obtained.response.access_token).ok();
                    profile_name = Some(profile.name.clone());
                    (obtained.response.access_token, profile.domain.clone(), inspection)
                }
                Err(error) => {
                    return fail_with(exit::for_fetch(&error), &format!("could not fetch a token: {error}"));
                }
            }
        }
    };

    let decoded = inspection.is_some();
    let scopes = inspection.as_ref().map(|i| i.claims.scopes.clone()).unwrap_or_default();
    let endpoint = catalog::find(method, &path_and_query);
    match endpoint {
        // Without claims there is nothing to check the scopes against: one line says so.
        _ if !decoded => {
            output::note_line("the token does not decode as a JWT, so its scopes are unknown and not checked")
        }
        Some(endpoint) => {
            if let Some(hint) = endpoint.scope_hint(&catalog::ScopeSet::new(&scopes)) {
                output::warning_line(&format!(
                    "the token {hint} for {}; expect 403 insufficient_scope",
                    endpoint.id()
                ));
            }
        }
        None => output::note_line(&format!(
            "{method} {path_and_query} matches no Management API operation tokex knows; sent as is, \
             without a scope check"
        )),
    }

    let identity = Identity {
        profile: profile_name.as_deref(),
        client_name: None,
        azp: inspection.as_ref().and_then(|i| i.claims.azp.as_deref()),
    };
    if let Some(terminal) = terminal {
        let request = ChangeRequest {
            tenant: &domain,
            identity,
            method,
            path_and_query: &path_and_query,
            body: body.as_ref(),
        };
        if let Err(code) =
            super::confirm::ask(terminal, &ChangeConfirmation::for_endpoint(&request, endpoint))
        {
            return code;
        }
    }

    let mut last = None;
    for _ in 0..args.repeat {
        match crate::net::call_api(http, &domain, method.as_str(), &path_and_query, &token, body.as_ref())
            .await
        {
            Ok(response) => {
                output::info_text(&report(&response, now));
                if let Some(explanation) = explanation(&response, &scopes) {
                    output::error_line(&explanation);
                }
                last = Some(response);
            }
            Err(error) => return fail_with(exit::for_call(&error), &error.to_string()),
        }
    }
    let Some(response) = last else { return exit::FAILURE };
    let terminal = output::stdout_is_terminal();
    let bytes = if args.json {
        format!("{}\n", json_text(&json_report(&response), terminal)).into_bytes()
    } else {
        render_body(&response.body, terminal, terminal && output::stdout_colour())
    };
    if !output::stdout_bytes(&bytes) {
        return exit::FAILURE;
    }
    exit::for_status(response.status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_queries_are_encoded() {
        assert_eq!(build_path("users", &[]).as_deref(), Ok("/api/v2/users"));
        assert_eq!(
            build_path("/api/v2/users/auth0|1 x", &["q=email:\"a@b\"".into(), "page=0".into()]).as_deref(),
            Ok("/api/v2/users/auth0%7C1%20x?q=email%3A%22a%40b%22&page=0")
        );
        assert_eq!(build_path("/users?a=1", &["b=2".into()]).as_deref(), Ok("/api/v2/users?a=1&b=2"));
        assert!(matches!(build_path("/users", &["novalue".into()]), Err(PathArgError::QueryPair(_))));
    }

    #[test]
    fn user_search_gets_the_v3_engine_unless_one_is_named() {
        assert_eq!(
            with_search_engine(Method::Get, "/api/v2/users?q=name%3Ax").as_deref(),
            Some("/api/v2/users?q=name%3Ax&search_engine=v3")
        );
        assert_eq!(with_search_engine(Method::Get, "/api/v2/users?q=x&search_engine=v2"), None);
        assert_eq!(with_search_engine(Method::Get, "/api/v2/users?per_page=2"), None);
        assert_eq!(with_search_engine(Method::Get, "/api/v2/users/x?q=y"), None);
        assert_eq!(with_search_engine(Method::Post, "/api/v2/users?q=y"), None);
    }

    #[test]
    fn paths_never_leave_the_api() {
        assert!(matches!(build_path("/../../../etc/passwd", &[]), Err(PathArgError::Path(_))));
        assert!(matches!(build_path("/%2e%2e/%2E%2E/etc/passwd", &[]), Err(PathArgError::Path(_))));
        assert_eq!(build_path("/users/../clients", &[]).as_deref(), Ok("/api/v2/clients"));
    }
}
