use clap::Parser;
use std::process::ExitCode;
use tokex::cli::{self, Cli, exit};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            cli::output::error_line(&format!("cannot start: {error}"));
            return ExitCode::from(exit::FAILURE);
        }
    };
    ExitCode::from(runtime.block_on(cli::run(cli)))
}
