//! Completions that know the tenant, through clap_complete's dynamic completion: the shell
//! runs `COMPLETE=bash tokex -- tokex call GET /us` and tokex answers with candidates, so
//! `--profile <TAB>` lists the config's profiles, `call GET /us<TAB>` the operations of that
//! method, and `--group`, methods and scopes their values. Registration: `source <(COMPLETE=bash
//! tokex)` (zsh and fish likewise); `tokex completions SHELL` keeps the static scripts.

use super::Cli;
use crate::config::{Config, LoadOptions};
use crate::domain::catalog::{self, Method};
use clap::CommandFactory;
use clap_complete::engine::CompletionCandidate;
use std::ffi::{OsStr, OsString};
use std::path::PathBuf;

/// Answers a completion request when the `COMPLETE` variable asks for one: the exit code, or
/// None when none was asked for. A request tokex cannot answer prints nothing (a shell shows no
/// candidates) rather than running the command line it was handed.
pub fn answer_if_asked(args: &[OsString]) -> Option<u8> {
    if std::env::var_os("COMPLETE").is_none_or(|v| v.is_empty() || v == "0") {
        return None;
    }
    let current_dir = std::env::current_dir().ok();
    match clap_complete::CompleteEnv::with_factory(Cli::command)
        .try_complete(args.iter().cloned(), current_dir.as_deref())
    {
        Ok(true) => Some(super::exit::OK),
        Ok(false) => None,
        Err(_) => Some(super::exit::USAGE),
    }
}

/// The command line being completed (what the shell passed after `--`).
fn completed_words() -> Vec<String> {
    let args: Vec<String> = std::env::args_os().map(|a| a.to_string_lossy().into_owned()).collect();
    match args.iter().position(|a| a == "--") {
        Some(at) => args[at + 1..].to_vec(),
        None => Vec::new(),
    }
}

fn candidates<'a>(values: impl IntoIterator<Item = &'a str>, current: &OsStr) -> Vec<CompletionCandidate> {
    let current = current.to_string_lossy();
    values.into_iter().filter(|v| v.starts_with(current.as_ref())).map(CompletionCandidate::new).collect()
}

/// The configured profiles (from `--config PATH` when the line names one).
pub fn profiles(current: &OsStr) -> Vec<CompletionCandidate> {
    let words = completed_words();
    let config_path =
        words.iter().position(|w| w == "--config").and_then(|i| words.get(i + 1)).map(PathBuf::from);
    let config = Config::load(&LoadOptions { config_path, ..LoadOptions::default() });
    let names: Vec<String> = config.profiles.iter().map(|p| p.name.clone()).collect();
    candidates(names.iter().map(String::as_str), current)
}

pub fn methods(current: &OsStr) -> Vec<CompletionCandidate> {
    let upper = current.to_string_lossy().to_ascii_uppercase();
    candidates(Method::ALL.iter().map(|m| m.as_str()), OsStr::new(&upper))
}

/// The operation paths for the method typed before the path (all paths without one), below
/// `/api/v2` unless the user started typing that prefix.
pub fn paths(current: &OsStr) -> Vec<CompletionCandidate> {
    let words = completed_words();
    let typed = current.to_string_lossy();
    // The word before the one being completed is the method (`call GET /us`, `scopes-for … GET /us`).
    let method = words.iter().rev().nth(1).and_then(|w| w.parse::<Method>().ok());
    let full = typed.starts_with("/api");
    let mut paths: Vec<String> = catalog::catalog()
        .iter()
        .filter(|e| method.is_none_or(|m| e.method == m))
        .map(|e| if full { e.path.clone() } else { e.path.trim_start_matches("/api/v2").to_owned() })
        .collect();
    paths.sort();
    paths.dedup();
    candidates(paths.iter().map(String::as_str), current)
}

/// `scopes-for`'s METHOD PATH pairs: a method in even places, a path after it.
pub fn calls(current: &OsStr) -> Vec<CompletionCandidate> {
    let words = completed_words();
    let previous = words.iter().rev().nth(1);
    if previous.is_some_and(|w| w.parse::<Method>().is_ok()) { paths(current) } else { methods(current) }
}

pub fn groups(current: &OsStr) -> Vec<CompletionCandidate> {
    let mut groups: Vec<&str> = catalog::catalog().iter().map(|e| e.group.as_str()).collect();
    groups.sort_unstable();
    groups.dedup();
    candidates(groups, current)
}

/// Management API scopes, for a space-separated list: the last word is completed.
pub fn scopes(current: &OsStr) -> Vec<CompletionCandidate> {
    let text = current.to_string_lossy();
    let (done, last) = text.rsplit_once(' ').map_or(("", text.as_ref()), |(d, l)| (d, l));
    let mut names: Vec<&str> =
        catalog::catalog().iter().flat_map(|e| e.scopes.iter().map(String::as_str)).collect();
    names.sort_unstable();
    names.dedup();
    names
        .into_iter()
        .filter(|s| s.starts_with(last))
        .map(|s| CompletionCandidate::new(if done.is_empty() { s.to_owned() } else { format!("{done} {s}") }))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(candidates: Vec<CompletionCandidate>) -> Vec<String> {
        candidates.iter().map(|c| c.get_value().to_string_lossy().into_owned()).collect()
    }

    #[test]
    fn groups_complete_from_the_catalog_once_each() {
        assert_eq!(values(groups(OsStr::new("client-gr"))), ["client-grants"]);
        let all = values(groups(OsStr::new("")));
        assert!(all.len() > 20 && all.windows(2).all(|w| w[0] < w[1]), "sorted, each once: {all:?}");
    }

    #[test]
    fn scopes_complete_the_last_word_of_the_list() {
        assert_eq!(values(scopes(OsStr::new("read:client_gr"))), ["read:client_grants"]);
        // The words already typed stay; only the last is completed.
        assert_eq!(
            values(scopes(OsStr::new("read:users delete:client_gr"))),
            ["read:users delete:client_grants"]
        );
        assert!(values(scopes(OsStr::new("nothing:like_this"))).is_empty());
    }
}
