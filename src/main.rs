use clap::Parser;
use std::io;
use std::process::ExitCode;
use tokex::app::TokenOrigin;
use tokex::cli::{self, Cli, Command};

const SAMPLE_TOKEN: &str = include_str!("../assets/sample-token.txt");

fn main() -> ExitCode {
    let cli = Cli::parse();
    let now = chrono::Utc::now().timestamp();
    match cli.command {
        Some(Command::Decode(args)) => {
            let input = match cli::read_token_arg(args.token.as_deref(), &mut io::stdin()) {
                Ok(input) => input,
                Err(error) => {
                    eprintln!("tokex: could not read stdin: {error}");
                    return ExitCode::from(cli::exit::FAILURE);
                }
            };
            let colour = cli::use_colour(cli::stdout_is_terminal());
            ExitCode::from(cli::decode_command(
                &input,
                args.json,
                now,
                colour,
                &mut io::stdout(),
                &mut io::stderr(),
            ))
        }
        Some(Command::Demo) => run_tui(cli::initial_model(Some((SAMPLE_TOKEN, TokenOrigin::Sample)), now)),
        None => {
            let token = match cli.token.as_deref() {
                Some("-") => match cli::read_token_arg(Some("-"), &mut io::stdin()) {
                    Ok(text) => Some(text),
                    Err(error) => {
                        eprintln!("tokex: could not read stdin: {error}");
                        return ExitCode::from(cli::exit::FAILURE);
                    }
                },
                other => other.map(str::to_owned),
            };
            let origin =
                if cli.token.as_deref() == Some("-") { TokenOrigin::Pasted } else { TokenOrigin::Argument };
            run_tui(cli::initial_model(token.as_deref().map(|t| (t, origin)), now))
        }
    }
}

fn run_tui(model: tokex::app::Model) -> ExitCode {
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("tokex: cannot start: {error}");
            return ExitCode::from(cli::exit::FAILURE);
        }
    };
    match runtime.block_on(tokex::runtime::run_terminal(model)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("tokex: terminal error: {error}");
            ExitCode::from(cli::exit::FAILURE)
        }
    }
}
