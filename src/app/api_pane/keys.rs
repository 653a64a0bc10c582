//! The API pane's own key table: one list feeds both dispatch and the help overlay. None of
//! these keys is a global one (q ? 1 2 3 Tab f v a e c Esc), which act first.

use crate::app::keymap::KeySpec;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Which part of the pane has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Focus {
    #[default]
    List,
    Form,
    Response,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiAction {
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
    ToggleNotes,
}

pub struct ApiBinding {
    /// `None`: in every part of the pane.
    pub focus: Option<Focus>,
    pub keys: &'static [KeySpec],
    pub label: &'static str,
    pub action: ApiAction,
    pub description: &'static str,
}

const fn plain(code: KeyCode) -> KeySpec {
    KeySpec { code, modifiers: KeyModifiers::NONE }
}

const fn ch(c: char) -> KeySpec {
    plain(KeyCode::Char(c))
}

pub const KEYS: &[ApiBinding] = &[
    ApiBinding {
        focus: None,
        keys: &[plain(KeyCode::Up), ch('k')],
        label: "↑/k ↓/j",
        action: ApiAction::Up,
        description: "API: move in the list or form / scroll the response",
    },
    ApiBinding {
        focus: None,
        keys: &[plain(KeyCode::Down), ch('j')],
        label: "",
        action: ApiAction::Down,
        description: "",
    },
    ApiBinding {
        focus: None,
        keys: &[plain(KeyCode::PageUp)],
        label: "PgUp/PgDn",
        action: ApiAction::PageUp,
        description: "API: a page up / down",
    },
    ApiBinding {
        focus: None,
        keys: &[plain(KeyCode::PageDown), ch(' ')],
        label: "",
        action: ApiAction::PageDown,
        description: "",
    },
    ApiBinding {
        focus: None,
        keys: &[plain(KeyCode::Home), ch('g')],
        label: "g/G",
        action: ApiAction::Top,
        description: "API: first / last",
    },
    ApiBinding {
        focus: None,
        keys: &[plain(KeyCode::End), ch('G')],
        label: "",
        action: ApiAction::Bottom,
        description: "",
    },
    ApiBinding {
        focus: None,
        keys: &[plain(KeyCode::Left), ch('h')],
        label: "←/h →/l",
        action: ApiAction::FocusLeft,
        description: "API: move between list, parameters and response",
    },
    ApiBinding {
        focus: None,
        keys: &[plain(KeyCode::Right), ch('l')],
        label: "",
        action: ApiAction::FocusRight,
        description: "",
    },
    ApiBinding {
        focus: None,
        keys: &[ch('/')],
        label: "/",
        action: ApiAction::Filter,
        description: "List and parameters: filter operations (the kept one comes back selected; Esc in the list clears it)",
    },
    ApiBinding {
        focus: Some(Focus::List),
        keys: &[plain(KeyCode::Enter)],
        label: "Enter",
        action: ApiAction::Send,
        description: "List: call the operation with the inspected token (on a group: fold / unfold it)",
    },
    ApiBinding {
        focus: Some(Focus::List),
        keys: &[ch('z')],
        label: "z",
        action: ApiAction::ToggleGroup,
        description: "List: fold / unfold the selected group",
    },
    ApiBinding {
        focus: Some(Focus::List),
        keys: &[ch('Z')],
        label: "Z",
        action: ApiAction::ToggleAllGroups,
        description: "List: unfold every group (again: fold them all)",
    },
    ApiBinding {
        focus: Some(Focus::List),
        keys: &[ch('F')],
        label: "F",
        action: ApiAction::CycleVerdict,
        description: "List: show all / only allowed / only denied operations",
    },
    ApiBinding {
        focus: None,
        keys: &[ch('o')],
        label: "o",
        action: ApiAction::OpenDoc,
        description: "API: open the operation's documentation page (copies the link if no browser opens)",
    },
    ApiBinding {
        focus: None,
        keys: &[ch('O')],
        label: "O",
        action: ApiAction::CopyDoc,
        description: "API: copy the link to the operation's documentation page",
    },
    ApiBinding {
        focus: None,
        keys: &[ch('i')],
        label: "i",
        action: ApiAction::ToggleNotes,
        description: "API: show every note of the operation / fold them to one line",
    },
    ApiBinding {
        focus: None,
        keys: &[ch('+')],
        label: "+",
        action: ApiAction::AddQueryRow,
        description: "API: add a query parameter row (`key = value`) to the form",
    },
    ApiBinding {
        focus: Some(Focus::Form),
        keys: &[ch('-')],
        label: "-",
        action: ApiAction::RemoveQueryRow,
        description: "Parameters: remove the extra query row under the cursor",
    },
    ApiBinding {
        focus: None,
        keys: &[ch('s')],
        label: "s",
        action: ApiAction::Send,
        description: "API: call the selected endpoint (destructive calls ask first)",
    },
    ApiBinding {
        focus: Some(Focus::Form),
        keys: &[plain(KeyCode::Enter)],
        label: "Enter",
        action: ApiAction::EditField,
        description: "Parameters: edit the field (the body: multi-line, Enter breaks the line, Ctrl-S keeps)",
    },
    ApiBinding {
        focus: Some(Focus::Form),
        keys: &[ch('E')],
        label: "E",
        action: ApiAction::ExternalEditor,
        description: "Parameters: edit the JSON body in $EDITOR (then $VISUAL, then vi)",
    },
    ApiBinding {
        focus: Some(Focus::Form),
        keys: &[ch('p')],
        label: "p",
        action: ApiAction::Pick,
        description: "Parameters: pick a value (e.g. a user id) from the last response",
    },
    ApiBinding {
        focus: Some(Focus::Form),
        keys: &[ch('x')],
        label: "x",
        action: ApiAction::Example,
        description: "Parameters: fill in an example (cycles the user-search examples)",
    },
    ApiBinding {
        focus: Some(Focus::Form),
        keys: &[plain(KeyCode::Delete), plain(KeyCode::Backspace)],
        label: "Del",
        action: ApiAction::ClearField,
        description: "Parameters: clear the field",
    },
    ApiBinding {
        focus: Some(Focus::Response),
        keys: &[ch('/')],
        label: "/ n N",
        action: ApiAction::Search,
        description: "Response: search the body; next / previous match",
    },
    ApiBinding {
        focus: Some(Focus::Response),
        keys: &[ch('n')],
        label: "",
        action: ApiAction::NextMatch,
        description: "",
    },
    ApiBinding {
        focus: Some(Focus::Response),
        keys: &[ch('N')],
        label: "",
        action: ApiAction::PrevMatch,
        description: "",
    },
    ApiBinding {
        focus: None,
        keys: &[ch(']')],
        label: "] [",
        action: ApiAction::NextPage,
        description: "API: next / previous page (page+per_page or from+take)",
    },
    ApiBinding { focus: None, keys: &[ch('[')], label: "", action: ApiAction::PrevPage, description: "" },
    ApiBinding {
        focus: None,
        keys: &[ch('y')],
        label: "y",
        action: ApiAction::CopyBody,
        description: "API: copy the response body",
    },
    ApiBinding {
        focus: None,
        keys: &[ch('Y')],
        label: "Y",
        action: ApiAction::CopyCurl,
        description: "API: copy a curl command for the call ($TOKEN unless t)",
    },
    ApiBinding {
        focus: None,
        keys: &[ch('t')],
        label: "t",
        action: ApiAction::ToggleCurlToken,
        description: "API: put the real token in copied curl commands (toggle)",
    },
    ApiBinding {
        focus: None,
        keys: &[ch('R')],
        label: "R",
        action: ApiAction::RetryAtReset,
        description: "API: after a 429, retry once when the rate limit resets (again: undo)",
    },
];

/// The bindings worth listing: rows with a label (continuation rows share the one above).
pub fn documented() -> impl Iterator<Item = &'static ApiBinding> {
    KEYS.iter().filter(|b| !b.label.is_empty())
}

/// The action for `key` with `focus`; focus-specific bindings win over pane-wide ones. Shift
/// is ignored for characters (terminals disagree on it for `G`, `N`, `Y`, `R`).
pub fn action_for(key: &KeyEvent, focus: Focus) -> Option<ApiAction> {
    let relevant = key.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
    let matches = |binding: &&ApiBinding| {
        binding.keys.iter().any(|spec| spec.code == key.code && spec.modifiers == relevant)
    };
    KEYS.iter()
        .filter(|b| b.focus == Some(focus))
        .find(matches)
        .or_else(|| KEYS.iter().filter(|b| b.focus.is_none()).find(matches))
        .map(|b| b.action)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Pane;
    use crate::app::keymap::{Action, BINDINGS};

    #[test]
    fn no_key_collides_with_a_global_binding() {
        for binding in KEYS {
            for spec in binding.keys {
                let key = KeyEvent::new(spec.code, spec.modifiers);
                let global = BINDINGS.iter().filter(|b| b.pane.is_none()).any(|b| b.keys.contains(spec));
                assert!(!global, "{:?} is global", spec.code);
                assert_eq!(crate::app::keymap::action_for(&key, Pane::Api), Some(Action::Api));
            }
        }
    }

    #[test]
    fn focus_specific_keys_win() {
        let enter = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
        assert_eq!(action_for(&enter, Focus::List), Some(ApiAction::Send));
        assert_eq!(action_for(&enter, Focus::Form), Some(ApiAction::EditField));
        assert_eq!(action_for(&enter, Focus::Response), None);
        let shifted = KeyEvent::new(KeyCode::Char('Y'), KeyModifiers::SHIFT);
        assert_eq!(action_for(&shifted, Focus::Response), Some(ApiAction::CopyCurl));
    }
}
