//! Parsing the command line, plus what clap cannot say by itself: a bare argument that is no
//! token but looks like a mistyped subcommand (`tokex fecth`) is a usage error with clap's
//! "did you mean", not an inspector opened on garbage.

use super::Cli;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{CommandFactory, Parser};
use std::ffi::OsString;

/// clap's own threshold for suggesting a subcommand (Jaro similarity).
const SIMILARITY: f64 = 0.7;

/// The process's command line, parsed and checked.
pub fn parse() -> Result<Cli, clap::Error> {
    parse_from(std::env::args_os())
}

pub fn parse_from<I, T>(args: I) -> Result<Cli, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = Cli::try_parse_from(args)?;
    if let Some(token) = cli.token.as_ref() {
        // Built again only here: a second command tree would cost every `decode` a third of
        // its instructions.
        let mut command = Cli::command();
        if cli.command.is_some() {
            return Err(command.error(
                ErrorKind::ArgumentConflict,
                "a token argument cannot be combined with a subcommand (`tokex decode TOKEN` decodes one)",
            ));
        }
        if token.to_str().is_some_and(|arg| arg.eq_ignore_ascii_case("version")) {
            let mut error = clap::Error::new(ErrorKind::InvalidSubcommand).with_cmd(&command);
            error.insert(ContextKind::InvalidSubcommand, ContextValue::String("version".into()));
            error.insert(ContextKind::SuggestedArg, ContextValue::String("--version".into()));
            error.insert(ContextKind::Usage, ContextValue::StyledStr(command.render_usage()));
            return Err(error);
        }
        if let Some(near) = token.to_str().and_then(|arg| near_subcommand(&command, arg)) {
            let arg = token.to_string_lossy().into_owned();
            let mut error = clap::Error::new(ErrorKind::InvalidSubcommand).with_cmd(&command);
            error.insert(ContextKind::InvalidSubcommand, ContextValue::String(arg));
            error.insert(ContextKind::SuggestedSubcommand, ContextValue::Strings(vec![near]));
            error.insert(ContextKind::Usage, ContextValue::StyledStr(command.render_usage()));
            return Err(error);
        }
    }
    Ok(cli)
}

/// The subcommand `arg` was probably meant to be: only for an argument that cannot be a
/// token (a JWT always has dots; `-` means stdin).
fn near_subcommand(command: &clap::Command, arg: &str) -> Option<String> {
    if arg == "-" || arg.contains('.') || arg.len() > 40 {
        return None;
    }
    let lower = arg.to_ascii_lowercase();
    command
        .get_subcommands()
        .map(|sub| sub.get_name())
        .map(|name| (strsim::jaro(&lower, name), name))
        .filter(|(score, _)| *score > SIMILARITY)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, name)| name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Command;

    fn parsed(args: &[&str]) -> Result<Cli, clap::Error> {
        parse_from(std::iter::once("tokex").chain(args.iter().copied()))
    }

    #[test]
    fn global_options_work_before_and_after_the_subcommand() {
        for args in [&["--profile", "dev", "fetch"][..], &["fetch", "--profile", "dev"]] {
            let cli = parsed(args).unwrap_or_else(|e| panic!("{args:?}: {e}"));
            assert!(matches!(cli.command, Some(Command::Fetch(_))), "{args:?}");
            assert_eq!(cli.profile.profile.as_deref(), Some("dev"));
            assert!(cli.token.is_none());
        }
        let cli = parsed(&["--timeout", "5", "decode"]).unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(cli.command, Some(Command::Decode(_))));
        assert_eq!(cli.profile.timeout, 5);
        let cli = parsed(&["-v", "endpoints"]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(cli.log.verbose, 1);
        let cli = parsed(&["endpoints", "-vv", "--theme", "light"]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(cli.log.verbose, 2);
        assert!(matches!(cli.tui.theme, crate::cli::ThemeArg::Light));
    }

    #[test]
    fn a_near_miss_is_a_usage_error_with_a_suggestion() {
        let error = parsed(&["fecth"]).err().unwrap_or_else(|| panic!("fecth must not parse"));
        assert_eq!(error.kind(), ErrorKind::InvalidSubcommand);
        assert_eq!(error.exit_code(), 2);
        let text = error.render().to_string();
        assert!(text.contains("'fecth'") && text.contains("'fetch'"), "{text}");
        assert!(parsed(&["--profile", "dev", "decod"]).is_err());
        // Tokens and stdin are not subcommands.
        assert!(parsed(&["eyJhbGciOiJIUzI1NiJ9.e30.sig"]).is_ok_and(|cli| cli.token.is_some()));
        assert!(parsed(&["-"]).is_ok_and(|cli| cli.token.is_some()));
        assert!(parsed(&["zzzzzz"]).is_ok_and(|cli| cli.token.is_some()));
        assert!(parsed(&["a.b.c", "decode"]).is_err());
        // `tokex version` is `tokex --version`, and `completion` is `completions` (gh, kubectl).
        let error = parsed(&["version"]).err().unwrap_or_else(|| panic!("version must not parse"));
        assert!(error.render().to_string().contains("'--version'"), "{}", error.render());
        assert!(
            parsed(&["completion", "bash"])
                .is_ok_and(|cli| matches!(cli.command, Some(Command::Completions(_))))
        );
    }
}
