//! The binary: everything is in the library (`tokex::cli`). Rust's runtime already ignores
//! SIGPIPE, so a closed pipe (`tokex decode | head -c1`) is a write error tokex reports, not a
//! silent death.

fn main() -> std::process::ExitCode {
    std::process::ExitCode::from(tokex::cli::launch_from_args(std::env::args_os()))
}
