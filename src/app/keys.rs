//! Key tables: every binding is a row of a table that feeds dispatch, the help overlay, the
//! footer and the manual page, so they cannot disagree. The global table is in
//! `global_keys`; each pane keeps its own next to its handlers (`panes/*/keys.rs`).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A key as a table names it: a code plus the modifiers that must be held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeySpec {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

pub const fn plain(code: KeyCode) -> KeySpec {
    KeySpec { code, modifiers: KeyModifiers::NONE }
}

pub const fn ch(c: char) -> KeySpec {
    plain(KeyCode::Char(c))
}

pub const fn ctrl(c: char) -> KeySpec {
    KeySpec { code: KeyCode::Char(c), modifiers: KeyModifiers::CONTROL }
}

/// One row of a key table.
#[derive(Debug, Clone, Copy)]
pub struct Binding<A> {
    pub keys: &'static [KeySpec],
    /// How the help overlay names the keys; empty on a row that shares the row above's line.
    pub label: &'static str,
    pub description: &'static str,
    pub action: A,
}

impl KeySpec {
    /// Whether `key` is this key. Shift is ignored for characters because terminals disagree
    /// on whether `?` or `G` arrive with SHIFT set; Control and Alt must match.
    pub fn matches(&self, key: &KeyEvent) -> bool {
        let held = |m: KeyModifiers| m & (KeyModifiers::CONTROL | KeyModifiers::ALT);
        self.code == key.code && held(self.modifiers) == held(key.modifiers)
    }
}

/// The action `table` binds to `key`.
pub fn lookup<A: Copy>(table: &[Binding<A>], key: &KeyEvent) -> Option<A> {
    table.iter().find(|binding| binding.keys.iter().any(|spec| spec.matches(key))).map(|b| b.action)
}

/// The rows worth listing (a row without a label continues the one above).
pub fn documented<A>(table: &'static [Binding<A>]) -> impl Iterator<Item = (&'static str, &'static str)> {
    table.iter().filter(|b| !b.label.is_empty()).map(|b| (b.label, b.description))
}

/// Keys bound more than once across `tables` (looked up together, the first binding wins and
/// the later one is dead). Tests call it on every pane's tables.
#[cfg(test)]
pub fn bound_twice<A>(tables: &[&[Binding<A>]]) -> Vec<KeySpec> {
    let specs: Vec<KeySpec> =
        tables.iter().flat_map(|t| t.iter()).flat_map(|b| b.keys.iter().copied()).collect();
    let mut twice: Vec<KeySpec> =
        specs.iter().enumerate().filter(|(i, s)| specs[..*i].contains(s)).map(|(_, s)| *s).collect();
    twice.dedup();
    twice
}

/// Whether `key` is Ctrl-C, which quits from anywhere, a modal included.
pub fn is_interrupt(key: &KeyEvent) -> bool {
    key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c')
}
