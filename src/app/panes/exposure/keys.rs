//! The Exposure pane's keys (the global ones are in `app::global_keys`; none is shadowed here,
//! a test holds that). The remedies are capitals: each changes the tenant, and asks first.

use crate::app::keys::{Binding, ch, plain};
use crossterm::event::KeyCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Down,
    Up,
    PageDown,
    PageUp,
    Top,
    Bottom,
    Read,
    Watch,
    List,
    Open,
    DeleteGrant,
    RotateSecret,
    LowerLifetime,
}

pub const KEYS: &[Binding<Action>] = &[
    Binding {
        keys: &[ch('r')],
        label: "r",
        description: "Read the tenant's log now: the inspected token's client, or the one picked (never sooner than the rate limit allows)",
        action: Action::Read,
    },
    Binding {
        keys: &[ch('w')],
        label: "w",
        description: "Watch: read the log again every 30 s, until a rate limit (429) stops it",
        action: Action::Watch,
    },
    Binding {
        keys: &[ch('l')],
        label: "l",
        description: "List every client with a grant for the Management API, riskiest first",
        action: Action::List,
    },
    Binding {
        keys: &[plain(KeyCode::Enter)],
        label: "Enter",
        description: "In the list: the story of the client under the cursor (Esc goes back)",
        action: Action::Open,
    },
    Binding {
        keys: &[plain(KeyCode::Down), ch('j')],
        label: "↓/j ↑/k",
        description: "Scroll / move in the list",
        action: Action::Down,
    },
    Binding { keys: &[plain(KeyCode::Up), ch('k')], label: "", description: "", action: Action::Up },
    Binding {
        keys: &[plain(KeyCode::PageDown), ch(' ')],
        label: "PgDn/Space PgUp",
        description: "A page down / up",
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
        keys: &[ch('D')],
        label: "D",
        description: "Delete the client's grant: no new tokens; the live ones stay valid (asks first)",
        action: Action::DeleteGrant,
    },
    Binding {
        keys: &[ch('R')],
        label: "R",
        description: "Rotate the client's secret: the old one stops working; live tokens stay valid (asks first)",
        action: Action::RotateSecret,
    },
    Binding {
        keys: &[ch('T')],
        label: "T",
        description: "Lower the Management API's token lifetime: new tokens only, every client (asks first)",
        action: Action::LowerLifetime,
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
