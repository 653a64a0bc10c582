//! One table of key bindings feeds both dispatch and the help overlay, so the two cannot
//! disagree.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    ToggleHelp,
    EditToken,
    CopyToken,
    ScrollDown,
    ScrollUp,
    PageDown,
    PageUp,
    ScrollTop,
    ScrollBottom,
    ShowInspector,
    NextPane,
}

/// A key as the table names it: a code plus the modifiers that must be held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeySpec {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

const fn plain(code: KeyCode) -> KeySpec {
    KeySpec { code, modifiers: KeyModifiers::NONE }
}

const fn ctrl(c: char) -> KeySpec {
    KeySpec { code: KeyCode::Char(c), modifiers: KeyModifiers::CONTROL }
}

#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub keys: &'static [KeySpec],
    /// How the help overlay and hint bar name the keys.
    pub label: &'static str,
    pub action: Action,
    pub description: &'static str,
}

pub const BINDINGS: &[Binding] = &[
    Binding {
        keys: &[plain(KeyCode::Char('1'))],
        label: "1",
        action: Action::ShowInspector,
        description: "Inspector pane",
    },
    Binding {
        keys: &[plain(KeyCode::Tab)],
        label: "Tab",
        action: Action::NextPane,
        description: "Next pane",
    },
    Binding {
        keys: &[plain(KeyCode::Char('e'))],
        label: "e",
        action: Action::EditToken,
        description: "Type or edit a token (Enter decodes, Esc cancels)",
    },
    Binding {
        keys: &[plain(KeyCode::Char('c'))],
        label: "c",
        action: Action::CopyToken,
        description: "Copy the raw token to the clipboard (OSC 52)",
    },
    Binding {
        keys: &[plain(KeyCode::Down), plain(KeyCode::Char('j'))],
        label: "↓/j",
        action: Action::ScrollDown,
        description: "Scroll down",
    },
    Binding {
        keys: &[plain(KeyCode::Up), plain(KeyCode::Char('k'))],
        label: "↑/k",
        action: Action::ScrollUp,
        description: "Scroll up",
    },
    Binding {
        keys: &[plain(KeyCode::PageDown), plain(KeyCode::Char(' '))],
        label: "PgDn/Space",
        action: Action::PageDown,
        description: "Scroll a page down",
    },
    Binding {
        keys: &[plain(KeyCode::PageUp)],
        label: "PgUp",
        action: Action::PageUp,
        description: "Scroll a page up",
    },
    Binding {
        keys: &[plain(KeyCode::Home), plain(KeyCode::Char('g'))],
        label: "Home/g",
        action: Action::ScrollTop,
        description: "Scroll to the top",
    },
    Binding {
        keys: &[plain(KeyCode::End), KeySpec { code: KeyCode::Char('G'), modifiers: KeyModifiers::SHIFT }],
        label: "End/G",
        action: Action::ScrollBottom,
        description: "Scroll to the bottom",
    },
    Binding {
        keys: &[plain(KeyCode::Char('?'))],
        label: "?",
        action: Action::ToggleHelp,
        description: "Show or hide this help",
    },
    Binding {
        keys: &[plain(KeyCode::Char('q')), ctrl('c')],
        label: "q/Ctrl-C",
        action: Action::Quit,
        description: "Quit",
    },
];

/// The action bound to `key`, if any. Shift is ignored for characters because terminals
/// disagree on whether `?` or `G` arrive with SHIFT set.
pub fn action_for(key: &KeyEvent) -> Option<Action> {
    let relevant = key.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
    BINDINGS.iter().find_map(|binding| {
        binding
            .keys
            .iter()
            .any(|spec| {
                let spec_mods = spec.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
                spec.code == key.code && spec_mods == relevant
            })
            .then_some(binding.action)
    })
}
