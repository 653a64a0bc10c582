//! `tokex completions SHELL` and `tokex man`: generated from the same clap definition the
//! parser uses, so they never fall behind the options.

use super::{Cli, exit, output};
use clap::{Args, CommandFactory};
use clap_complete::Shell;

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to write the script for.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// The completion script for `shell`, on stdout.
pub fn completions_command(args: &CompletionsArgs) -> u8 {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "tokex", &mut script);
    if output::stdout_bytes(&script) { exit::OK } else { exit::FAILURE }
}

/// The manual page in roff, on stdout.
pub fn man_command() -> u8 {
    let mut page = Vec::new();
    if let Err(error) = clap_mangen::Man::new(Cli::command()).render(&mut page) {
        output::error_line(&format!("cannot render the manual page: {error}"));
        return exit::FAILURE;
    }
    if output::stdout_bytes(&page) { exit::OK } else { exit::FAILURE }
}
