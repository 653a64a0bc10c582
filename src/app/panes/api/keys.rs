//! The API pane's keys: one table per section of the pane (the list, the parameters, the
//! response) and one for keys that act wherever the focus is. A section's own table wins.
//! None of these keys is a global one (a test holds that).

use crate::app::keys::{Binding, ch, plain};
use crossterm::event::KeyCode;

/// Which part of the pane has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Focus {
    #[default]
    List,
    Form,
    Response,
}

impl Focus {
    pub fn title(self) -> &'static str {
        match self {
            Focus::List => "List",
            Focus::Form => "Parameters",
            Focus::Response => "Response",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    FocusLeft,
    FocusRight,
    Filter,
    Send,
    EditField,
    ExternalEditor,
    Pick,
    Example,
    ClearField,
    Search,
    NextMatch,
    PrevMatch,
    NextPage,
    PrevPage,
    CopyBody,
    CopyCurl,
    ToggleCurlToken,
    RetryAtReset,
    ToggleGroup,
    ToggleAllGroups,
    CycleVerdict,
    OpenDoc,
    CopyDoc,
    AddQueryRow,
    RemoveQueryRow,
    ToggleDetails,
    Zoom,
    ToggleWrap,
    ScrollLeft,
    ScrollRight,
}

/// Keys that act wherever the focus is in the pane.
pub const ANYWHERE: &[Binding<Action>] = &[
    Binding {
        keys: &[plain(KeyCode::Up), ch('k')],
        label: "↑/k ↓/j",
        description: "Move in the list or form / scroll the response",
        action: Action::Up,
    },
    Binding { keys: &[plain(KeyCode::Down), ch('j')], label: "", description: "", action: Action::Down },
    Binding {
        keys: &[plain(KeyCode::PageUp)],
        label: "PgUp/PgDn",
        description: "A page up / down",
        action: Action::PageUp,
    },
    Binding {
        keys: &[plain(KeyCode::PageDown), ch(' ')],
        label: "",
        description: "",
        action: Action::PageDown,
    },
    Binding {
        keys: &[plain(KeyCode::Home), ch('g')],
        label: "g/G",
        description: "First / last",
        action: Action::Top,
    },
    Binding { keys: &[plain(KeyCode::End), ch('G')], label: "", description: "", action: Action::Bottom },
    Binding {
        keys: &[plain(KeyCode::Left), ch('h')],
        label: "←/h →/l",
        description: "Move between the list, the parameters and the response",
        action: Action::FocusLeft,
    },
    Binding {
        keys: &[plain(KeyCode::Right), ch('l')],
        label: "",
        description: "",
        action: Action::FocusRight,
    },
    Binding {
        keys: &[ch('/')],
        label: "/",
        description: "Filter operations (the kept filter comes back selected; Esc in the list clears it)",
        action: Action::Filter,
    },
    Binding {
        keys: &[ch('s')],
        label: "s",
        description: "Call the selected operation (calls that change the tenant ask first)",
        action: Action::Send,
    },
    Binding {
        keys: &[ch('o')],
        label: "o",
        description: "Open the operation's documentation page (copies the link if no browser opens)",
        action: Action::OpenDoc,
    },
    Binding {
        keys: &[ch('O')],
        label: "O",
        description: "Copy the link to the operation's documentation page",
        action: Action::CopyDoc,
    },
    Binding {
        keys: &[ch('i')],
        label: "i",
        description: "Unfold the operation's details and every note (again: fold them)",
        action: Action::ToggleDetails,
    },
    Binding {
        keys: &[ch('m')],
        label: "m",
        description: "Zoom: give the focused section the whole pane (again: back)",
        action: Action::Zoom,
    },
    Binding {
        keys: &[ch('+')],
        label: "+",
        description: "Add a query parameter row (`key = value`) to the form",
        action: Action::AddQueryRow,
    },
    Binding {
        keys: &[ch(']')],
        label: "] [",
        description: "Next / previous page (page+per_page or from+take)",
        action: Action::NextPage,
    },
    Binding { keys: &[ch('[')], label: "", description: "", action: Action::PrevPage },
    Binding { keys: &[ch('y')], label: "y", description: "Copy the response body", action: Action::CopyBody },
    Binding {
        keys: &[ch('Y')],
        label: "Y",
        description: "Copy a curl command for the call ($TOKEN unless t)",
        action: Action::CopyCurl,
    },
    Binding {
        keys: &[ch('t')],
        label: "t",
        description: "Put the real token in copied curl commands (toggle)",
        action: Action::ToggleCurlToken,
    },
    Binding {
        keys: &[ch('R')],
        label: "R",
        description: "After a 429, retry once when the rate limit resets (again: cancel)",
        action: Action::RetryAtReset,
    },
];

pub const LIST: &[Binding<Action>] = &[
    Binding {
        keys: &[plain(KeyCode::Enter)],
        label: "Enter",
        description: "Call the operation with the inspected token (on a group: fold / unfold it)",
        action: Action::Send,
    },
    Binding {
        keys: &[ch('z')],
        label: "z",
        description: "Fold / unfold the selected group",
        action: Action::ToggleGroup,
    },
    Binding {
        keys: &[ch('Z')],
        label: "Z",
        description: "Unfold every group (again: fold them all)",
        action: Action::ToggleAllGroups,
    },
    Binding {
        keys: &[ch('F')],
        label: "F",
        description: "Show all / only allowed / only denied operations",
        action: Action::CycleVerdict,
    },
];

pub const FORM: &[Binding<Action>] = &[
    Binding {
        keys: &[plain(KeyCode::Enter)],
        label: "Enter",
        description: "Edit the field (the body: multi-line, Enter breaks the line, Ctrl-S keeps)",
        action: Action::EditField,
    },
    Binding {
        keys: &[ch('E')],
        label: "E",
        description: "Edit the JSON body in $EDITOR (then $VISUAL, then vi)",
        action: Action::ExternalEditor,
    },
    Binding {
        keys: &[ch('p')],
        label: "p",
        description: "Pick a value (e.g. a user id) from the last response; type to filter the list",
        action: Action::Pick,
    },
    Binding {
        keys: &[ch('x')],
        label: "x",
        description: "Fill in an example (cycles the user-search examples)",
        action: Action::Example,
    },
    Binding {
        keys: &[plain(KeyCode::Delete), plain(KeyCode::Backspace)],
        label: "Del",
        description: "Clear the field",
        action: Action::ClearField,
    },
    Binding {
        keys: &[ch('-')],
        label: "-",
        description: "Remove the extra query row under the cursor",
        action: Action::RemoveQueryRow,
    },
];

pub const RESPONSE: &[Binding<Action>] = &[
    Binding {
        keys: &[ch('/')],
        label: "/ n N",
        description: "Search the body; next / previous match",
        action: Action::Search,
    },
    Binding { keys: &[ch('n')], label: "", description: "", action: Action::NextMatch },
    Binding { keys: &[ch('N')], label: "", description: "", action: Action::PrevMatch },
    Binding {
        keys: &[ch('w')],
        label: "w",
        description: "Wrap long lines / keep them whole and scroll sideways with < >",
        action: Action::ToggleWrap,
    },
    Binding {
        keys: &[ch('<')],
        label: "< >",
        description: "Scroll sideways (when lines are not wrapped)",
        action: Action::ScrollLeft,
    },
    Binding { keys: &[ch('>')], label: "", description: "", action: Action::ScrollRight },
];

/// The table of `focus`'s section.
pub fn section(focus: Focus) -> &'static [Binding<Action>] {
    match focus {
        Focus::List => LIST,
        Focus::Form => FORM,
        Focus::Response => RESPONSE,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::global_keys::{GLOBAL_KEYS, shadowed};
    use crate::app::keys::{bound_twice, lookup};
    use crossterm::event::{KeyEvent, KeyModifiers};

    #[test]
    fn each_key_does_one_thing_in_each_section_and_none_is_a_global_one() {
        // A section may give a key of ANYWHERE its own meaning there (`/` searches the response);
        // within one table a key is bound once.
        for table in [ANYWHERE, LIST, FORM, RESPONSE] {
            assert_eq!(bound_twice(&[table]), Vec::new());
            assert_eq!(shadowed(&[table]), Vec::new());
        }
        assert_eq!(bound_twice(&[GLOBAL_KEYS]), Vec::new(), "the global keys");
    }

    #[test]
    fn section_keys_win() {
        let enter = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
        assert_eq!(lookup(section(Focus::List), &enter), Some(Action::Send));
        assert_eq!(lookup(section(Focus::Form), &enter), Some(Action::EditField));
        assert_eq!(lookup(section(Focus::Response), &enter), None);
        let shifted = KeyEvent::new(KeyCode::Char('Y'), KeyModifiers::SHIFT);
        assert_eq!(lookup(ANYWHERE, &shifted), Some(Action::CopyCurl));
    }
}
