//! Starts a command line with only the machinery it uses: a plain `decode` runs without clap's
//! command tree or any async runtime, the local tenant gets a thread per core (it signs
//! tokens), and everything else (TUI, fetch, call, verify) one thread, which is all an
//! interactive client needs and lets an idle TUI sleep on a single thread.

use super::decode::decode_plain;
use super::{Cli, Command, DecodeArgs, exit, output, run};
use std::ffi::OsString;

/// Runs the command line `args` (the program name first) and returns the exit code.
pub fn launch_from_args(args: impl IntoIterator<Item = OsString>) -> u8 {
    let args: Vec<OsString> = args.into_iter().collect();
    if let Some(decode) = plain_decode_args(args.get(1..).unwrap_or_default()) {
        return decode_plain(&decode, chrono::Utc::now().timestamp());
    }
    match super::parse::parse_from(args) {
        Ok(cli) => launch(cli),
        Err(error) => output::usage_error(&error),
    }
}

/// `decode [TOKEN|-] [--json]`, the shape nearly every decode has, read without clap: building
/// clap's whole command tree was most of a decode's start-up. Anything else (another flag, a
/// second argument, an argument starting with `-` other than `-`) returns None, for clap.
pub fn plain_decode_args(args: &[OsString]) -> Option<DecodeArgs> {
    let (command, rest) = args.split_first()?;
    if command != "decode" || rest.len() > 2 {
        return None;
    }
    let mut decode = DecodeArgs { token: None, json: false, verify: false, jwks: None };
    for arg in rest {
        if arg == "--json" && !decode.json {
            decode.json = true;
        } else if decode.token.is_none() && (arg == "-" || !arg.as_encoded_bytes().starts_with(b"-")) {
            decode.token = Some(arg.clone());
        } else {
            return None;
        }
    }
    Some(decode)
}

pub fn launch(cli: Cli) -> u8 {
    if let Some(Command::Decode(args)) = &cli.command
        && !args.verify
    {
        return decode_plain(args, chrono::Utc::now().timestamp());
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn args(words: &[&str]) -> Vec<OsString> {
        words.iter().map(OsString::from).collect()
    }

    /// The shortcut reads exactly what clap reads, and leaves everything else to clap.
    #[test]
    fn plain_decode_args_agree_with_clap() {
        let plain = [
            vec!["decode"],
            vec!["decode", "-"],
            vec!["decode", "eyJ.eyJ.c2ln"],
            vec!["decode", "--json"],
            vec!["decode", "--json", "-"],
            vec!["decode", "eyJ.eyJ.c2ln", "--json"],
            vec!["decode", ""],
        ];
        for words in plain {
            let shortcut = plain_decode_args(&args(&words)).unwrap_or_else(|| panic!("{words:?}"));
            let parsed = super::super::parse::parse_from(args(&[&["tokex"], &words[..]].concat()))
                .expect("clap parses it");
            let Some(Command::Decode(by_clap)) = parsed.command else { panic!("{words:?}: not decode") };
            assert_eq!(format!("{shortcut:?}"), format!("{by_clap:?}"), "{words:?}");
        }
        for words in [
            vec![],
            vec!["fetch"],
            vec!["decode", "--verify"],
            vec!["decode", "--json", "--json"],
            vec!["decode", "a", "b"],
            vec!["decode", "-x"],
            vec!["decode", "--help"],
            vec!["decode", "--config", "c.toml", "-"],
            vec!["eyJ.eyJ.c2ln"],
        ] {
            assert!(plain_decode_args(&args(&words)).is_none(), "{words:?}");
        }
    }
}
