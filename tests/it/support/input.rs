//! Driving the model with keys, as a user would: the one `press` and the one `select` every
//! test uses (`tests/api_support` includes this file too).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tokex::app::{Cmd, Model, Msg, update};

/// One key press without modifiers, through `update`.
pub fn press(model: &mut Model, code: KeyCode) -> Vec<Cmd> {
    press_with(model, code, KeyModifiers::NONE)
}

pub fn press_with(model: &mut Model, code: KeyCode, modifiers: KeyModifiers) -> Vec<Cmd> {
    update(model, Msg::Key(KeyEvent::new(code, modifiers)))
}

pub fn type_text(model: &mut Model, text: &str) {
    for c in text.chars() {
        press(model, KeyCode::Char(c));
    }
}

/// Selects the catalog entry `method path` in the API pane's list the way a user does: filter
/// for it, move onto its row, then clear the filter (the selection stays).
pub fn select(model: &mut Model, method: &str, path: &str) {
    assert_eq!(model.pane, tokex::app::Pane::Api, "select works in the API pane");
    // Leave any editor, then move the focus to the list.
    if model.api.captures_keys() {
        press(model, KeyCode::Esc);
    }
    press(model, KeyCode::Left);
    press(model, KeyCode::Left);
    press(model, KeyCode::Char('/'));
    press_with(model, KeyCode::Char('u'), KeyModifiers::CONTROL);
    type_text(model, &format!("{method} {path}"));
    press(model, KeyCode::Enter);
    press(model, KeyCode::Home);
    let is_wanted = |model: &Model| {
        model.api.selected_endpoint().is_some_and(|e| e.method.as_str() == method && e.path == path)
    };
    for _ in 0..tokex::domain::catalog::catalog().len() {
        if is_wanted(model) {
            break;
        }
        press(model, KeyCode::Down);
    }
    assert!(is_wanted(model), "{method} {path} is not in the catalog");
    press(model, KeyCode::Char('/'));
    press(model, KeyCode::Esc);
    assert!(is_wanted(model), "clearing the filter keeps the selection");
}
