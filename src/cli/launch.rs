//! Starts a command line with only the machinery it uses: a plain `decode` runs without any
//! async runtime, the local tenant gets a thread per core (it signs
//! tokens), and everything else (TUI, fetch, call, verify) one thread, which is all an
//! interactive client needs and lets an idle TUI sleep on a single thread.

use super::decode::decode_plain;
use super::{Cli, Command, exit, output, run};
use std::ffi::OsString;

/// Runs the command line `args` (the program name first) and returns the exit code. clap parses
/// it, once.
pub fn launch_from_args(args: impl IntoIterator<Item = OsString>) -> u8 {
    let args: Vec<OsString> = args.into_iter().collect();
    if let Some(code) = super::complete::answer_if_asked(&args) {
        return code;
    }
    match super::parse::parse_from(args) {
        Ok(cli) => launch(cli),
        Err(error) => output::usage_error(&error),
    }
}

pub fn launch(cli: Cli) -> u8 {
    if let Some(Command::Decode(args)) = &cli.command
        && !args.verify
    {
        return decode_plain(args, chrono::Utc::now().timestamp());
    }
    output::set_quiet(cli.quiet);
    #[cfg(feature = "tenant")]
    let signs_tokens = matches!(cli.command, Some(Command::DevTenant(_)));
    #[cfg(not(feature = "tenant"))]
    let signs_tokens = false;
    let mut builder = if signs_tokens {
        tokio::runtime::Builder::new_multi_thread()
    } else {
        tokio::runtime::Builder::new_current_thread()
    };
    match builder.enable_all().build() {
        Ok(runtime) => runtime.block_on(run(cli)),
        Err(error) => {
            output::error_line(&format!("cannot start: {error}"));
            exit::FAILURE
        }
    }
}
