use std::process::ExitCode;
use tokex::cli::{self, exit};

fn main() -> ExitCode {
    let cli = match cli::parse() {
        Ok(cli) => cli,
        Err(error) => return ExitCode::from(cli::output::usage_error(&error)),
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            cli::output::error_line(&format!("cannot start: {error}"));
            return ExitCode::from(exit::FAILURE);
        }
    };
    ExitCode::from(runtime.block_on(cli::run(cli)))
}
