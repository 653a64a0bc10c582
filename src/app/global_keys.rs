//! The keys that mean the same in every pane, and the help built from every key table: the
//! overlay's sections for a pane, and every pane's for the manual page.

use super::keys::{Binding, ch, ctrl, documented, lookup, plain};
use super::modal::help::HelpSection;
use super::panes::PaneId;
use crossterm::event::{KeyCode, KeyEvent};

/// What the global keys do, whichever pane has the focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GlobalAction {
    Quit,
    Help,
    Show(PaneId),
    NextPane,
    EditToken,
    CopyToken,
    Fetch,
    Verify,
    ToggleAutoRenew,
}

/// Keys that mean the same in every pane. A pane's own table never uses one of them (a test
/// holds that), and while a modal is open none of them acts: the modal takes every key.
pub const GLOBAL_KEYS: &[Binding<GlobalAction>] = &[
    Binding {
        keys: &[plain(KeyCode::Tab)],
        label: "Tab",
        description: "Next pane",
        action: GlobalAction::NextPane,
    },
    Binding {
        keys: &[ch('e')],
        label: "e",
        description: "Type or paste a token (the current one starts selected: typing replaces it)",
        action: GlobalAction::EditToken,
    },
    Binding {
        keys: &[ch('f')],
        label: "f",
        description: "Fetch a new token from the active profile (one client-credentials exchange)",
        action: GlobalAction::Fetch,
    },
    Binding {
        keys: &[ch('v')],
        label: "v",
        description: "Verify the signature, asking the token's issuer for its JWKS",
        action: GlobalAction::Verify,
    },
    Binding {
        keys: &[ch('a')],
        label: "a",
        description: "Auto-renew: fetch a new token in the last 5 % of the lifetime",
        action: GlobalAction::ToggleAutoRenew,
    },
    Binding {
        keys: &[ch('c')],
        label: "c",
        description: "Copy the raw token to the clipboard (OSC 52; in the Encoder, the new token)",
        action: GlobalAction::CopyToken,
    },
    Binding {
        keys: &[ch('?')],
        label: "?",
        description: "Show or hide this help",
        action: GlobalAction::Help,
    },
    Binding {
        keys: &[ch('q'), ctrl('c')],
        label: "q/Ctrl-C",
        description: "Quit",
        action: GlobalAction::Quit,
    },
];

/// Esc, listed with the global keys: the focused pane uses it first (cancel its request, clear
/// its filter), then it cancels a token fetch, then it dismisses the notice.
pub const ESC_HELP: (&str, &str) =
    ("Esc", "Cancel what the pane is doing, else a token fetch, else dismiss the notice");

/// What the mouse does, in every pane (`app::update::mouse` and each pane's `on_mouse`).
pub const MOUSE_HELP: &[(&str, &str)] = &[
    (
        "click a tab",
        "Show that pane; in a confirmation, [ Enter: send ] and [ Esc: cancel ] act as those keys",
    ),
    (
        "click",
        "Select the row, parameter or section under the pointer (its section takes the keyboard); on the Inspector's summary row, jump to the section that explains that part",
    ),
    (
        "click again",
        "Act as Enter on the selected row: fold a group, call the operation, edit the parameter, inspect the token, make the profile active",
    ),
    ("click ▸ / ▾", "Fold or unfold that group at once (API list, difference)"),
    (
        "wheel",
        "Scroll the text under the pointer (body, response, difference, help), or move a list's selection",
    ),
    (
        "Shift+drag",
        "Select text with the terminal, as usual (--no-mouse or mouse = false leaves the mouse to the terminal)",
    ),
];

/// The global action `key` stands for: a pane's key (from the pane registry), else a row of
/// [`GLOBAL_KEYS`].
pub fn global_action(key: &KeyEvent) -> Option<GlobalAction> {
    PaneId::for_key(key).map(GlobalAction::Show).or_else(|| lookup(GLOBAL_KEYS, key))
}

/// Keys of `tables` that a global binding takes first (so the pane's binding is dead). Tests
/// beside every pane's key table call it.
#[cfg(test)]
pub fn shadowed<A>(tables: &[&[Binding<A>]]) -> Vec<crate::app::keys::KeySpec> {
    let specs = tables.iter().flat_map(|t| t.iter()).flat_map(|b| b.keys.iter().copied());
    specs.filter(|spec| global_action(&KeyEvent::new(spec.code, spec.modifiers)).is_some()).collect()
}

/// The help overlay's sections for `pane`: the global keys (each pane's key first), then the
/// pane's own, then the mouse.
pub fn help_sections(pane: PaneId) -> Vec<HelpSection> {
    let mut global: Vec<(&str, &str)> = PaneId::ALL.iter().map(|p| (p.key(), p.about())).collect();
    global.extend(documented(GLOBAL_KEYS));
    global.push(ESC_HELP);
    let mut all = vec![HelpSection { heading: "Global keys".to_owned(), rows: global }];
    all.extend(pane.help());
    all.push(HelpSection { heading: "Mouse".to_owned(), rows: MOUSE_HELP.to_vec() });
    all
}

/// Every key of every pane, for the manual page: the global keys once, then each pane's.
pub fn manual_sections() -> Vec<HelpSection> {
    let mut all = help_sections(PaneId::ALL[0]);
    // The mouse section goes last, after every pane's keys.
    let mouse = all.pop();
    for pane in PaneId::ALL.iter().skip(1) {
        all.extend(pane.help());
    }
    all.extend(mouse);
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pane_lists_the_global_keys_then_its_own() {
        for &pane in PaneId::ALL {
            let sections = help_sections(pane);
            assert_eq!(sections[0].heading, "Global keys");
            assert!(sections.len() >= 2, "{pane:?} has keys of its own");
        }
        let manual = manual_sections();
        assert_eq!(manual.iter().filter(|s| s.heading == "Global keys").count(), 1);
    }
}
