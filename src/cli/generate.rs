//! `tokex completions SHELL`: the static completion scripts, generated from the same clap
//! definition the parser uses (`complete` answers the dynamic ones).

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
