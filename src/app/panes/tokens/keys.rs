//! The Tokens pane's keys (the global ones are in `app::global_keys`).

use crate::app::keys::{Binding, ch, plain};
use crossterm::event::KeyCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Down,
    Up,
    Choose,
    Mark,
    ExpandDiff,
}

pub const KEYS: &[Binding<Action>] = &[
    Binding {
        keys: &[plain(KeyCode::Down), ch('j')],
        label: "↓/j ↑/k",
        description: "Next / previous row",
        action: Action::Down,
    },
    Binding { keys: &[plain(KeyCode::Up), ch('k')], label: "", description: "", action: Action::Up },
    Binding {
        keys: &[plain(KeyCode::Enter)],
        label: "Enter",
        description: "Make the profile active / inspect the token",
        action: Action::Choose,
    },
    Binding {
        keys: &[ch('m')],
        label: "m",
        description: "Mark the token to compare; move to another to see the difference (m again unmarks)",
        action: Action::Mark,
    },
    Binding {
        keys: &[ch('o')],
        label: "o",
        description: "List every operation gained and lost in the difference, or only counts per group",
        action: Action::ExpandDiff,
    },
];
