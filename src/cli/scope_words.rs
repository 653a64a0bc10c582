//! The command line's lines about single scopes, worded by `domain::scope_catalog` (the same
//! words the TUI uses) and escaped.

use super::output::safe;
use crate::domain::scope_catalog::notes_for_unused;

/// `  scope: what it is` for each scope of `scopes` that unlocks no operation (a real scope no
/// documented operation uses, or one unknown to the Management API), each once.
pub fn unused_lines<'a>(scopes: impl IntoIterator<Item = &'a str>, indent: &str) -> Vec<String> {
    notes_for_unused(scopes)
        .into_iter()
        .map(|(scope, info)| format!("{indent}{}: {}", safe(scope), info.summary()))
        .collect()
}
