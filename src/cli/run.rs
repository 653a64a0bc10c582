//! Runs a parsed command line: one arm per command, each building only what it needs (no HTTP
//! client for a plain decode).

use super::decode::{decode_plain, decode_verify_command, input_failure};
use super::demo::initial_model;
#[cfg(feature = "tenant")]
use super::demo::start_demo;
use super::endpoints::endpoints_command;
use super::fetch::fetch_command;
use super::generate::completions_command;
use super::manual::man_command;
use super::profiles::{active_profile, load_config};
use super::scopes_for::scopes_for_command;
use super::token_input::read_token;
use super::{Cli, Command, ProfileArgs, call, exit, logging, output};
use crate::app::{Cmd, Model, TokenOrigin};
use crate::net::Http;
use std::io::{self, IsTerminal, Write};

pub async fn run(cli: Cli) -> u8 {
    let now = chrono::Utc::now().timestamp();
    #[cfg(feature = "tenant")]
    let tui = matches!(cli.command, None | Some(Command::Demo));
    #[cfg(not(feature = "tenant"))]
    let tui = cli.command.is_none();
    let echo = if tui { logging::Echo::FileOnly } else { logging::Echo::Stderr };
    if let Err(error) = logging::start(&cli.log, std::env::var(logging::LOG_ENV).ok(), echo) {
        output::error_line(&format!("no log: {error}"));
    }
    match cli.command {
        Some(Command::Decode(args)) => {
            if !args.verify {
                return decode_plain(&args, now);
            }
            let input = match read_token(args.token.as_deref(), &mut io::stdin()) {
                Ok(input) => input,
                Err(error) => return input_failure(&error, args.json, &mut io::stdout()),
            };
            let config = load_config(&cli.profile, false);
            if args.key.is_some() || args.secret.is_some() {
                let verifier =
                    match super::decode::offline_verifier(args.key.as_deref(), args.secret.as_deref()) {
                        Ok(verifier) => verifier,
                        Err(error) => {
                            output::error_line(&error.to_string());
                            return exit::BAD_INPUT;
                        }
                    };
                let outcome = super::verify::verify_with_key(&input, &config.profiles, &verifier, now);
                return super::decode::report_verification(outcome, args.json, now);
            }
            let Some(http) = http_client(&cli.profile) else { return exit::FAILURE };
            decode_verify_command(&http, &input, &config.profiles, args.jwks.as_deref(), args.json, now).await
        }
        Some(Command::Encode(args)) => super::encode::encode_command(&args, &cli.profile, now),
        Some(Command::Fetch(args)) => {
            let Some(http) = http_client(&cli.profile) else { return exit::FAILURE };
            let Some(profile) = active_profile(&cli.profile) else { return exit::FAILURE };
            let mut out = io::stdout().lock();
            let options = super::fetch::FetchOptions { json: args.json, use_cache: !args.no_cache };
            match fetch_command(&http, &profile, options, now, &mut out).await {
                Ok(()) => exit::OK,
                Err(failure) => {
                    let _ = out.flush();
                    output::error_line(&failure.message);
                    failure.code
                }
            }
        }
        #[cfg(feature = "tenant")]
        Some(Command::DevTenant(args)) => {
            super::dev_tenant::dev_tenant_command(args.tenant_config(), &mut io::stdout().lock()).await
        }
        Some(Command::Endpoints(args)) => endpoints_command(&args, &mut io::stdout().lock()),
        Some(Command::ScopesFor(args)) => scopes_for_command(&args, &mut io::stdout().lock()),
        Some(Command::Call(args)) => {
            let Some(http) = http_client(&cli.profile) else { return exit::FAILURE };
            call::call_command(&http, &cli.profile, args, now).await
        }
        Some(Command::Drift(args)) => {
            let Some(http) = http_client(&cli.profile) else { return exit::FAILURE };
            super::drift::drift_command(&http, &cli.profile, &args, now).await
        }
        Some(Command::Exposure(args)) => {
            let Some(http) = http_client(&cli.profile) else { return exit::FAILURE };
            super::exposure::exposure_command(&http, &cli.profile, &args, now).await
        }
        Some(Command::Cache(args)) => super::cache::cache_command(&args, now, &mut io::stdout().lock()),
        Some(Command::Diff(args)) => {
            super::diff::diff_command(&args, now, &mut io::stdin(), &mut io::stdout().lock())
        }
        Some(Command::Completions(args)) => completions_command(&args),
        Some(Command::Man) => man_command(),
        #[cfg(feature = "tenant")]
        Some(Command::Demo) => {
            if let Err(code) = require_terminal(false) {
                return code;
            }
            let Some(http) = http_client(&cli.profile) else { return exit::FAILURE };
            match start_demo(&http, now).await {
                Ok((tenant, mut model, initial)) => {
                    model.colours = cli.tui.colours();
                    // The demo reads no config file: only --no-mouse turns the mouse off.
                    model.mouse = cli.tui.mouse(None);
                    let code = run_tui(model, initial, http).await;
                    tenant.shutdown().await;
                    code
                }
                Err(error) => fail(&format!("demo: {error}")),
            }
        }
        None => inspector(cli, now).await,
    }
}

/// The TUI needs a terminal to draw on and to read keys from: started from a script or with
/// its output captured (`X=$(tokex …)`) it would write escape codes into a variable. With
/// `tokex -`, stdin carries the token and keys come from the controlling terminal.
fn require_terminal(token_on_stdin: bool) -> Result<(), u8> {
    if io::stdout().is_terminal() && (token_on_stdin || io::stdin().is_terminal()) {
        return Ok(());
    }
    output::error_line(
        "the inspector needs a terminal (stdin and stdout); try `tokex decode` for a summary, or \
         `tokex --help`",
    );
    Err(exit::USAGE)
}

/// `tokex [TOKEN|-]`: the inspector, with configuration problems shown in the Tokens pane.
async fn inspector(cli: Cli, now: i64) -> u8 {
    let from_stdin = cli.token.as_deref().is_some_and(|t| t == "-");
    if let Err(code) = require_terminal(from_stdin) {
        return code;
    }
    let token = match cli.token.as_deref() {
        Some(arg) => match read_token(Some(arg), &mut io::stdin()) {
            Ok(text) => Some(text),
            Err(error) => {
                output::error_line(&error.to_string());
                return exit::BAD_INPUT;
            }
        },
        None => None,
    };
    let mut origin = if from_stdin { TokenOrigin::Pasted } else { TokenOrigin::Argument };
    let Some(http) = http_client(&cli.profile) else { return exit::FAILURE };
    let config = load_config(&cli.profile, true);
    let active = config.active.as_ref().and_then(|name| config.profiles.iter().position(|p| &p.name == name));
    let token = match token {
        Some(token) => Some(token),
        None => {
            origin = TokenOrigin::Cached;
            active.and_then(|i| config.profiles.get(i)).and_then(|profile| cached_token(profile, now))
        }
    };
    let (mut model, initial) =
        initial_model(config.profiles, active, token.as_deref().map(|t| (t, origin)), now);
    model.colours = cli.tui.colours();
    model.mouse = cli.tui.mouse(config.mouse);
    run_tui(model.with_config_problems(config.problems), initial, http).await
}

/// The active profile's token from the CLI's cache, to show at start; the TUI verifies it like
/// any token of a configured issuer. A cache that cannot be read is the CLI's to report.
fn cached_token(profile: &crate::config::Profile, now: i64) -> Option<String> {
    if !profile.cache {
        return None;
    }
    let cache = crate::cache::TokenCache::default_location().ok()?;
    cache.get(&crate::cache::CacheKey::of(profile), now).ok().flatten().map(|entry| entry.access_token)
}

fn http_client(args: &ProfileArgs) -> Option<Http> {
    match Http::new(args.http_options()) {
        Ok(http) => Some(http),
        Err(error) => {
            fail(&format!("cannot create the HTTP client: {error}"));
            None
        }
    }
}

async fn run_tui(model: Model, initial: Vec<Cmd>, http: Http) -> u8 {
    match crate::runtime::run_terminal(model, initial, http).await {
        Ok(()) => exit::OK,
        Err(error) => fail(&format!("terminal error: {error}")),
    }
}

fn fail(message: &str) -> u8 {
    output::error_line(message);
    exit::FAILURE
}
