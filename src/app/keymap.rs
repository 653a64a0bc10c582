//! One table of key bindings feeds both dispatch and the help overlay, so the two cannot
//! disagree.

use super::pane::Pane;
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
    ShowTokens,
    ShowApi,
    NextPane,
    Fetch,
    Verify,
    CheckDrift,
    ToggleAutoRenew,
    Cancel,
    SelectDown,
    SelectUp,
    Choose,
    MarkToken,
    ExpandDiff,
    /// Handed to the API pane, which has its own key table (`api_pane::KEYS`).
    Api,
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
    /// `None`: everywhere; otherwise only in that pane.
    pub pane: Option<Pane>,
    pub keys: &'static [KeySpec],
    /// How the help overlay and hint bar name the keys.
    pub label: &'static str,
    pub action: Action,
    pub description: &'static str,
}

pub const BINDINGS: &[Binding] = &[
    Binding {
        pane: None,
        keys: &[plain(KeyCode::Char('1'))],
        label: "1",
        action: Action::ShowInspector,
        description: "Inspector pane",
    },
    Binding {
        pane: None,
        keys: &[plain(KeyCode::Char('2'))],
        label: "2",
        action: Action::ShowTokens,
        description: "Tokens pane: profiles and this session's tokens",
    },
    Binding {
        pane: None,
        keys: &[plain(KeyCode::Char('3'))],
        label: "3",
        action: Action::ShowApi,
        description: "API pane: call Management API endpoints",
    },
    Binding {
        pane: None,
        keys: &[plain(KeyCode::Tab)],
        label: "Tab",
        action: Action::NextPane,
        description: "Next pane",
    },
    Binding {
        pane: None,
        keys: &[plain(KeyCode::Char('e'))],
        label: "e",
        action: Action::EditToken,
        description: "Type or edit a token (Enter decodes, Esc cancels)",
    },
    Binding {
        pane: None,
        keys: &[plain(KeyCode::Char('f'))],
        label: "f",
        action: Action::Fetch,
        description: "Fetch a new token from the active profile (client credentials)",
    },
    Binding {
        pane: None,
        keys: &[plain(KeyCode::Char('v'))],
        label: "v",
        action: Action::Verify,
        description: "Verify the signature, asking the token's issuer for its JWKS",
    },
    Binding {
        pane: None,
        keys: &[plain(KeyCode::Char('a'))],
        label: "a",
        action: Action::ToggleAutoRenew,
        description: "Auto-renew: fetch a new token in the last 5 % of the lifetime",
    },
    Binding {
        pane: None,
        keys: &[plain(KeyCode::Esc)],
        label: "Esc",
        action: Action::Cancel,
        description: "Cancel the request in flight / clear the API list's kept filter / dismiss the message",
    },
    Binding {
        pane: Some(Pane::Tokens),
        keys: &[plain(KeyCode::Down), plain(KeyCode::Char('j'))],
        label: "↓/j",
        action: Action::SelectDown,
        description: "Tokens: next row",
    },
    Binding {
        pane: Some(Pane::Tokens),
        keys: &[plain(KeyCode::Up), plain(KeyCode::Char('k'))],
        label: "↑/k",
        action: Action::SelectUp,
        description: "Tokens: previous row",
    },
    Binding {
        pane: Some(Pane::Tokens),
        keys: &[plain(KeyCode::Enter)],
        label: "Enter",
        action: Action::Choose,
        description: "Tokens: make the profile active / inspect the token",
    },
    Binding {
        pane: Some(Pane::Tokens),
        keys: &[plain(KeyCode::Char('m'))],
        label: "m",
        action: Action::MarkToken,
        description: "Tokens: mark the token to compare; move to another to see the difference",
    },
    Binding {
        pane: Some(Pane::Tokens),
        keys: &[plain(KeyCode::Char('o'))],
        label: "o",
        action: Action::ExpandDiff,
        description: "Tokens: list every operation gained and lost, or only counts per group",
    },
    Binding {
        pane: None,
        keys: &[plain(KeyCode::Char('c'))],
        label: "c",
        action: Action::CopyToken,
        description: "Copy the raw token to the clipboard (OSC 52)",
    },
    Binding {
        pane: Some(Pane::Inspector),
        keys: &[plain(KeyCode::Down), plain(KeyCode::Char('j'))],
        label: "↓/j",
        action: Action::ScrollDown,
        description: "Inspector: scroll down",
    },
    Binding {
        pane: Some(Pane::Inspector),
        keys: &[plain(KeyCode::Up), plain(KeyCode::Char('k'))],
        label: "↑/k",
        action: Action::ScrollUp,
        description: "Inspector: scroll up",
    },
    Binding {
        pane: Some(Pane::Inspector),
        keys: &[plain(KeyCode::PageDown), plain(KeyCode::Char(' '))],
        label: "PgDn/Space",
        action: Action::PageDown,
        description: "Inspector: scroll a page down",
    },
    Binding {
        pane: Some(Pane::Inspector),
        keys: &[plain(KeyCode::PageUp)],
        label: "PgUp",
        action: Action::PageUp,
        description: "Inspector: scroll a page up",
    },
    Binding {
        pane: Some(Pane::Inspector),
        keys: &[plain(KeyCode::Char('d'))],
        label: "d",
        action: Action::CheckDrift,
        description: "Inspector: compare the token with its client's grant now (at most once a minute)",
    },
    Binding {
        pane: Some(Pane::Inspector),
        keys: &[plain(KeyCode::Home), plain(KeyCode::Char('g'))],
        label: "Home/g",
        action: Action::ScrollTop,
        description: "Inspector: top",
    },
    Binding {
        pane: Some(Pane::Inspector),
        keys: &[plain(KeyCode::End), KeySpec { code: KeyCode::Char('G'), modifiers: KeyModifiers::SHIFT }],
        label: "End/G",
        action: Action::ScrollBottom,
        description: "Inspector: bottom",
    },
    Binding {
        pane: None,
        keys: &[plain(KeyCode::Char('?'))],
        label: "?",
        action: Action::ToggleHelp,
        description: "Show or hide this help",
    },
    Binding {
        pane: None,
        keys: &[plain(KeyCode::Char('q')), ctrl('c')],
        label: "q/Ctrl-C",
        action: Action::Quit,
        description: "Quit",
    },
];

/// The action bound to `key` in `pane`. Shift is ignored for characters because terminals
/// disagree on whether `?` or `G` arrive with SHIFT set. In the API pane every key no global
/// binding claims goes to the pane's own table.
pub fn action_for(key: &KeyEvent, pane: Pane) -> Option<Action> {
    let relevant = key.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
    let matches = |binding: &&Binding| {
        binding.keys.iter().any(|spec| {
            let spec_mods = spec.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
            spec.code == key.code && spec_mods == relevant
        })
    };
    let global = BINDINGS.iter().filter(|b| b.pane.is_none()).find(matches);
    let local = BINDINGS.iter().filter(|b| b.pane == Some(pane)).find(matches);
    match (local, global) {
        (Some(binding), _) | (None, Some(binding)) => Some(binding.action),
        (None, None) if pane == Pane::Api => Some(Action::Api),
        (None, None) => None,
    }
}
