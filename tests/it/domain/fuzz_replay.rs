//! Replays every committed fuzz corpus file (`fuzz/corpus/<target>/`) through the same checks
//! the cargo-fuzz targets run, so a stable `cargo test` catches regressions without nightly.
// Needs the local tenant (the default `tenant` feature): fuzz/checks.rs checks the tenant's
// user search too. Skipped in a client-only build.
#![cfg(feature = "tenant")]

use crate::checks;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;

fn corpus_files(target: &str) -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus").join(target);
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut files: Vec<PathBuf> = entries.map(|e| e.expect("a directory entry").path()).collect();
    files.sort();
    files
}

/// Runs every file of one target's corpus, then names every file whose check panicked.
fn replay(target: &str) {
    let (_, check) = checks::TARGETS.iter().find(|(name, _)| *name == target).expect("a known target");
    let files = corpus_files(target);
    assert!(files.len() >= 10, "the {target} corpus has only {} files", files.len());
    let failed: Vec<String> = files
        .iter()
        .filter(|path| {
            let data = std::fs::read(path).expect("a readable corpus file");
            catch_unwind(AssertUnwindSafe(|| check(&data))).is_err()
        })
        .map(|path| path.display().to_string())
        .collect();
    assert!(failed.is_empty(), "{target}: {} of {} inputs fail: {failed:#?}", failed.len(), files.len());
}

#[test]
fn every_target_has_a_replay_test() {
    let names: Vec<&str> = checks::TARGETS.iter().map(|(name, _)| *name).collect();
    assert_eq!(
        names,
        ["pasted_input", "search_query", "config_file", "json_lines", "catalog_path", "request_target"]
    );
}

#[test]
fn request_target_corpus() {
    replay("request_target");
}

#[test]
fn pasted_input_corpus() {
    replay("pasted_input");
}

#[test]
fn search_query_corpus() {
    replay("search_query");
}

#[test]
fn config_file_corpus() {
    replay("config_file");
}

#[test]
fn json_lines_corpus() {
    replay("json_lines");
}

#[test]
fn catalog_path_corpus() {
    replay("catalog_path");
}

/// The path traversals the fuzzer found (`.<TAB>.`, a trailing control character): every one
/// is now refused, or resolves to a path that is still under /api/v2 once parsed as a URL.
#[test]
fn found_paths_stay_under_api() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fuzz/artifacts-found/catalog_path");
    for entry in std::fs::read_dir(dir).expect("the found inputs") {
        let text = std::fs::read_to_string(entry.expect("an entry").path()).expect("UTF-8 text");
        if let Ok(resolved) = tokex::domain::api_path::resolve_api_path(&text) {
            assert!(checks::requested_path_is_under_api(&resolved), "{text:?} is requested outside /api/v2");
        }
    }
}
