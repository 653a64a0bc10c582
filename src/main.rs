use clap::Parser;
use std::io::{self, Write};
use std::process::ExitCode;
use tokex::app::TokenOrigin;
use tokex::cli::{self, Cli, Command};
use tokex::config::Config;
use tokex::net::Http;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("tokex: cannot start: {error}");
            return ExitCode::from(cli::exit::FAILURE);
        }
    };
    ExitCode::from(runtime.block_on(run(cli)))
}

async fn run(cli: Cli) -> u8 {
    let now = chrono::Utc::now().timestamp();
    let http = match Http::new(cli.profile.http_options()) {
        Ok(http) => http,
        Err(error) => return fail(&format!("cannot create the HTTP client: {error}")),
    };
    match cli.command {
        Some(Command::Decode(args)) => {
            let input = match cli::read_token_arg(args.token.as_deref(), &mut io::stdin()) {
                Ok(input) => input,
                Err(error) => return fail(&format!("could not read stdin: {error}")),
            };
            if args.verify {
                let config = load_config(&cli.profile, false);
                return cli::decode_verify_command(
                    &http,
                    &input,
                    &config.profiles,
                    args.jwks.as_deref(),
                    args.json,
                    now,
                )
                .await;
            }
            let colour = cli::use_colour(cli::stdout_is_terminal());
            cli::decode_command(&input, args.json, now, colour, &mut io::stdout(), &mut io::stderr())
        }
        Some(Command::Fetch(args)) => {
            let config = load_config(&cli.profile, false);
            let profile = match config.require_active() {
                Ok(profile) => profile.clone(),
                Err(error) => return fail(&error),
            };
            let mut out = io::stdout().lock();
            match tokex::net::fetch_command(&http, &profile, args.json, &mut out).await {
                Ok(()) => cli::exit::OK,
                Err(error) => {
                    let _ = out.flush();
                    eprintln!("{error}");
                    cli::exit::FAILURE
                }
            }
        }
        Some(Command::DevTenant(args)) => match tokex::tenant::run_dev_tenant(args.tenant_config()).await {
            Ok(()) => cli::exit::OK,
            Err(error) => fail(&format!("local tenant: {error}")),
        },
        Some(Command::Endpoints(args)) => {
            tokex::cli_call::endpoints_command(args.json, &mut io::stdout().lock())
        }
        Some(Command::Call(args)) => tokex::cli_call::call_command(&http, &cli.profile, args, now).await,
        Some(Command::Demo) => match cli::start_demo(&http, now).await {
            Ok((tenant, model, initial)) => {
                let code = run_tui(model, initial, http).await;
                tenant.shutdown().await;
                code
            }
            Err(error) => fail(&format!("demo: {error}")),
        },
        None => {
            let token = match cli.token.as_deref() {
                Some("-") => match cli::read_token_arg(Some("-"), &mut io::stdin()) {
                    Ok(text) => Some(text),
                    Err(error) => return fail(&format!("could not read stdin: {error}")),
                },
                other => other.map(str::to_owned),
            };
            let origin =
                if cli.token.as_deref() == Some("-") { TokenOrigin::Pasted } else { TokenOrigin::Argument };
            let config = load_config(&cli.profile, true);
            let active =
                config.active.as_ref().and_then(|name| config.profiles.iter().position(|p| &p.name == name));
            let (model, initial) =
                cli::initial_model(config.profiles, active, token.as_deref().map(|t| (t, origin)), now);
            let model = model.with_config_problems(config.problems);
            run_tui(model, initial, http).await
        }
    }
}

/// Loads profiles; problems are reported on stderr (for commands) or in the Tokens pane (TUI),
/// and never stop tokex from starting.
fn load_config(args: &cli::ProfileArgs, for_tui: bool) -> Config {
    let config = Config::load(&args.load_options());
    if !for_tui {
        for problem in &config.problems {
            eprintln!("tokex: {problem}");
        }
    }
    config
}

async fn run_tui(model: tokex::app::Model, initial: Vec<tokex::app::Cmd>, http: Http) -> u8 {
    match tokex::runtime::run_terminal(model, initial, http).await {
        Ok(()) => cli::exit::OK,
        Err(error) => fail(&format!("terminal error: {error}")),
    }
}

fn fail(message: &str) -> u8 {
    eprintln!("tokex: {}", tokex::domain::sanitize::escape_control(message));
    cli::exit::FAILURE
}
