use std::process::ExitCode;

fn main() -> ExitCode {
    ExitCode::from(tokex::cli::launch_from_args(std::env::args_os()))
}
