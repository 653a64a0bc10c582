//! What the help overlay lists, built from the key tables themselves so it cannot fall behind
//! them: every global key, then every key of the focused pane (the API pane's own table
//! included), and how to scroll and close it. `update` scrolls it; `ui::help` draws it.

use super::api_pane::keys;
use super::keymap::BINDINGS;
use super::pane::Pane;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// One section of the overlay: a heading and its (label, description) rows.
pub struct HelpSection {
    pub heading: String,
    pub rows: Vec<(&'static str, &'static str)>,
}

/// The overlay's sections for `pane`.
pub fn sections(pane: Pane) -> Vec<HelpSection> {
    let global = BINDINGS.iter().filter(|b| b.pane.is_none()).map(|b| (b.label, b.description)).collect();
    let mut local: Vec<(&str, &str)> =
        BINDINGS.iter().filter(|b| b.pane == Some(pane)).map(|b| (b.label, b.description)).collect();
    if pane == Pane::Api {
        local.extend(keys::documented().map(|b| (b.label, b.description)));
    }
    vec![
        HelpSection { heading: "Global keys".to_owned(), rows: global },
        HelpSection { heading: format!("{} pane", pane.title()), rows: local },
    ]
}

/// Rows the overlay has (headings, keys, the closing notes), for clamping the scroll.
pub fn line_count(pane: Pane) -> usize {
    // Per section: heading + rows; then a blank line and two notes.
    sections(pane).iter().map(|s| s.rows.len() + 1).sum::<usize>() + 3
}

/// What a key does while the overlay is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HelpKey {
    Close,
    Quit,
    /// Scroll by this many rows (negative: up); `isize::MIN`/`MAX` for top and bottom.
    Scroll(isize),
    Ignore,
}

pub const PAGE: isize = 10;

/// `?`, Esc and `q` close; Ctrl-C still quits; the inspector's scrolling keys scroll.
pub fn help_key(key: &KeyEvent) -> HelpKey {
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        return if key.code == KeyCode::Char('c') { HelpKey::Quit } else { HelpKey::Ignore };
    }
    match key.code {
        KeyCode::Char('?') | KeyCode::Esc | KeyCode::Char('q') => HelpKey::Close,
        KeyCode::Down | KeyCode::Char('j') => HelpKey::Scroll(1),
        KeyCode::Up | KeyCode::Char('k') => HelpKey::Scroll(-1),
        KeyCode::PageDown | KeyCode::Char(' ') => HelpKey::Scroll(PAGE),
        KeyCode::PageUp => HelpKey::Scroll(-PAGE),
        KeyCode::Home | KeyCode::Char('g') => HelpKey::Scroll(isize::MIN),
        KeyCode::End | KeyCode::Char('G') => HelpKey::Scroll(isize::MAX),
        _ => HelpKey::Ignore,
    }
}

/// The new scroll offset, kept within the overlay's rows.
pub fn scrolled(offset: usize, by: isize, pane: Pane) -> usize {
    let last = line_count(pane).saturating_sub(1);
    offset.saturating_add_signed(by).min(last)
}
