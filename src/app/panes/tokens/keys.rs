//! The Tokens pane's keys (the global ones are in `app::global_keys`): one table for the list
//! of profiles and tokens, one for the difference while it has the focus.

use crate::app::keys::{Binding, ch, plain};
use crossterm::event::KeyCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListAction {
    Down,
    Up,
    Choose,
    Mark,
    ToDiff,
    AllGroups,
}

pub const LIST_KEYS: &[Binding<ListAction>] = &[
    Binding {
        keys: &[plain(KeyCode::Down), ch('j')],
        label: "↓/j ↑/k",
        description: "Next / previous row",
        action: ListAction::Down,
    },
    Binding { keys: &[plain(KeyCode::Up), ch('k')], label: "", description: "", action: ListAction::Up },
    Binding {
        keys: &[plain(KeyCode::Enter)],
        label: "Enter",
        description: "Make the profile active / inspect the token",
        action: ListAction::Choose,
    },
    Binding {
        keys: &[ch('m')],
        label: "m",
        description: "Mark the token to compare; move to another to see the difference (m again unmarks)",
        action: ListAction::Mark,
    },
    Binding {
        keys: &[plain(KeyCode::Right), ch('l')],
        label: "→/l",
        description: "Into the difference, to scroll it and open its groups",
        action: ListAction::ToDiff,
    },
    Binding {
        keys: &[ch('o')],
        label: "o",
        description: "Open every group of operations in the difference, or close them all",
        action: ListAction::AllGroups,
    },
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiffAction {
    Down,
    Up,
    PageDown,
    PageUp,
    First,
    Last,
    Toggle,
    AllGroups,
    Back,
}

pub const DIFF_KEYS: &[Binding<DiffAction>] = &[
    Binding {
        keys: &[plain(KeyCode::Down), ch('j')],
        label: "↓/j ↑/k",
        description: "Next / previous row of the difference",
        action: DiffAction::Down,
    },
    Binding { keys: &[plain(KeyCode::Up), ch('k')], label: "", description: "", action: DiffAction::Up },
    Binding {
        keys: &[plain(KeyCode::PageDown), ch(' ')],
        label: "PgDn/Space PgUp",
        description: "A page down / up",
        action: DiffAction::PageDown,
    },
    Binding { keys: &[plain(KeyCode::PageUp)], label: "", description: "", action: DiffAction::PageUp },
    Binding {
        keys: &[plain(KeyCode::Home), ch('g')],
        label: "g/Home G/End",
        description: "First / last row",
        action: DiffAction::First,
    },
    Binding { keys: &[plain(KeyCode::End), ch('G')], label: "", description: "", action: DiffAction::Last },
    Binding {
        keys: &[plain(KeyCode::Enter)],
        label: "Enter",
        description: "Open or close the group of operations under the cursor",
        action: DiffAction::Toggle,
    },
    Binding {
        keys: &[ch('o')],
        label: "o",
        description: "Open every group, or close them all",
        action: DiffAction::AllGroups,
    },
    Binding {
        keys: &[plain(KeyCode::Left), ch('h'), plain(KeyCode::Esc)],
        label: "←/h/Esc",
        description: "Back to the list of tokens",
        action: DiffAction::Back,
    },
];

#[cfg(test)]
mod tests {
    use crate::app::global_keys::shadowed;
    use crate::app::keys::bound_twice;

    #[test]
    fn each_key_does_one_thing_and_none_is_a_global_one() {
        assert_eq!(bound_twice(&[super::LIST_KEYS]), Vec::new());
        assert_eq!(bound_twice(&[super::DIFF_KEYS]), Vec::new());
        assert_eq!(shadowed(&[super::LIST_KEYS]), Vec::new());
        assert_eq!(shadowed(&[super::DIFF_KEYS]), Vec::new());
    }
}
