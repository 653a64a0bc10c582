//! The Encoder's keys (the global ones are in `app::global_keys`; `c` there copies the new
//! token while this pane has the focus).

use crate::app::keys::{Binding, ch, plain};
use crossterm::event::KeyCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    EditClaims,
    AddScope,
    RemoveScope,
    ChooseKey,
    NextAlgorithm,
    RenewTimes,
    Inspect,
    ExpandDiff,
    ScrollDown,
    ScrollUp,
    PageDown,
    PageUp,
}

pub const KEYS: &[Binding<Action>] = &[
    Binding {
        keys: &[plain(KeyCode::Enter)],
        label: "Enter",
        description: "Edit the claims as JSON (Ctrl-S signs them, Esc leaves them as they were)",
        action: Action::EditClaims,
    },
    Binding {
        keys: &[ch('+')],
        label: "+ -",
        description: "Add a Management API scope / remove one of the token's scopes (picked by typing)",
        action: Action::AddScope,
    },
    Binding { keys: &[ch('-')], label: "", description: "", action: Action::RemoveScope },
    Binding {
        keys: &[ch('k')],
        label: "k",
        description: "Choose the signing key: the local tenant's, a profile's secret or private_key_jwt key, a key file",
        action: Action::ChooseKey,
    },
    Binding {
        keys: &[ch('A')],
        label: "A",
        description: "Next algorithm the key signs with (RS256 → RS384 → … → PS512, HS256 → HS384 → HS512)",
        action: Action::NextAlgorithm,
    },
    Binding {
        keys: &[ch('t')],
        label: "t",
        description: "Renew the times: issued now, expiring after the token's own lifetime",
        action: Action::RenewTimes,
    },
    Binding {
        keys: &[ch('i')],
        label: "i",
        description: "Inspect the new token (it joins the history; the API pane calls with it)",
        action: Action::Inspect,
    },
    Binding {
        keys: &[ch('o')],
        label: "o",
        description: "List every operation gained and lost in the difference, or only counts per group",
        action: Action::ExpandDiff,
    },
    Binding {
        // Not j/k as elsewhere: k chooses the key here.
        keys: &[plain(KeyCode::Down)],
        label: "↓ ↑",
        description: "Scroll the difference down / up",
        action: Action::ScrollDown,
    },
    Binding { keys: &[plain(KeyCode::Up)], label: "", description: "", action: Action::ScrollUp },
    Binding {
        keys: &[plain(KeyCode::PageDown), ch(' ')],
        label: "PgDn/Space PgUp",
        description: "Scroll the difference a page down / up",
        action: Action::PageDown,
    },
    Binding { keys: &[plain(KeyCode::PageUp)], label: "", description: "", action: Action::PageUp },
];

/// Shown with the pane's keys: the global `c` acts on this pane's token.
pub const COPY_HELP: (&str, &str) =
    ("c", "Copy the new token (the global c, while the Encoder has the focus)");

#[cfg(test)]
mod tests {
    use crate::app::global_keys::shadowed;
    use crate::app::keys::bound_twice;

    #[test]
    fn each_key_does_one_thing_and_none_is_a_global_one() {
        assert_eq!(bound_twice(&[super::KEYS]), Vec::new());
        assert_eq!(shadowed(&[super::KEYS]), Vec::new());
    }
}
