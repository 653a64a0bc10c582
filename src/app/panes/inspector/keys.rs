//! The Inspector's keys (the global ones are in `app::global_keys`).

use super::summary::Jump;
use crate::app::keys::{Binding, ch, plain};
use crossterm::event::KeyCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    ScrollDown,
    ScrollUp,
    PageDown,
    PageUp,
    Top,
    Bottom,
    CheckDrift,
    Jump(Jump),
    Encode,
}

pub const KEYS: &[Binding<Action>] = &[
    Binding {
        keys: &[plain(KeyCode::Down), ch('j')],
        label: "↓/j ↑/k",
        description: "Scroll down / up",
        action: Action::ScrollDown,
    },
    Binding { keys: &[plain(KeyCode::Up), ch('k')], label: "", description: "", action: Action::ScrollUp },
    Binding {
        keys: &[plain(KeyCode::PageDown), ch(' ')],
        label: "PgDn/Space PgUp",
        description: "Scroll a page down / up",
        action: Action::PageDown,
    },
    Binding { keys: &[plain(KeyCode::PageUp)], label: "", description: "", action: Action::PageUp },
    Binding {
        keys: &[plain(KeyCode::Home), ch('g')],
        label: "Home/g End/G",
        description: "Top / bottom",
        action: Action::Top,
    },
    Binding { keys: &[plain(KeyCode::End), ch('G')], label: "", description: "", action: Action::Bottom },
    Binding {
        keys: &[ch('s')],
        label: "s o p w t",
        description: "Jump to the scopes, the operations, the privileged scopes, the warnings, exp",
        action: Action::Jump(Jump::Scopes),
    },
    Binding { keys: &[ch('o')], label: "", description: "", action: Action::Jump(Jump::Operations) },
    Binding { keys: &[ch('p')], label: "", description: "", action: Action::Jump(Jump::Privileged) },
    Binding { keys: &[ch('w')], label: "", description: "", action: Action::Jump(Jump::Warnings) },
    Binding { keys: &[ch('t')], label: "", description: "", action: Action::Jump(Jump::Expiry) },
    Binding {
        keys: &[ch('d')],
        label: "d",
        description: "Compare the token with its client's grant now (at most once a minute)",
        action: Action::CheckDrift,
    },
    Binding {
        keys: &[ch('E')],
        label: "E",
        description: "Encoder: edit the token's claims and sign the result with a key you choose",
        action: Action::Encode,
    },
];

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
