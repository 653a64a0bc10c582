//! What the unit tests of the TUI share: unsigned but well-formed tokens, driving the model
//! with keys as a user would, and reading the screen back.

pub mod encoder;
pub mod exposure;

use crate::app::{Cmd, Model, Msg, PaneId, update};
use crate::config::{Profile, Secret};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::{Value, json};

pub const NOW: i64 = 1_764_320_000;

pub fn segment(value: &Value) -> String {
    URL_SAFE_NO_PAD.encode(value.to_string())
}

/// A compact JWT with the given header and payload and a fake (but base64url) signature.
pub fn token(header: Value, payload: Value) -> String {
    format!("{}.{}.{}", segment(&header), segment(&payload), URL_SAFE_NO_PAD.encode([7u8; 64]))
}

/// An Auth0-shaped Management API token of `acme.eu.auth0.com` issued at `iat` for `lifetime`
/// seconds.
pub fn management_token(iat: i64, lifetime: i64, scope: &str) -> String {
    token(
        json!({"typ": "JWT", "alg": "RS256", "kid": "kid-1"}),
        json!({
            "iss": "https://acme.eu.auth0.com/",
            "sub": "abc123@clients",
            "aud": "https://acme.eu.auth0.com/api/v2/",
            "iat": iat,
            "exp": iat + lifetime,
            "scope": scope,
            "gty": "client-credentials",
            "azp": "abc123",
        }),
    )
}

pub fn offset() -> chrono::FixedOffset {
    chrono::FixedOffset::east_opt(0).expect("offset")
}

/// The `acme` profile of `acme.eu.auth0.com` (client `client_id`).
pub fn acme(client_id: &str) -> Profile {
    Profile::new("acme", "acme.eu.auth0.com", client_id, Secret::new("s".to_owned())).expect("profile")
}

/// A model with the `acme` profile active, a Management API token with `scopes` pasted, and
/// the API pane open.
pub fn api_pane_model(scopes: &str) -> Model {
    let mut model = Model::new(NOW, offset()).with_profiles(vec![acme("abc")], Some(0));
    update(&mut model, Msg::Paste(management_token(NOW, 86_400, scopes)));
    press(&mut model, KeyCode::Char('3'));
    assert_eq!(model.focus, PaneId::Api);
    model
}

/// One key press without modifiers, through `update`.
pub fn press(model: &mut Model, code: KeyCode) -> Vec<Cmd> {
    press_with(model, code, KeyModifiers::NONE)
}

pub fn press_with(model: &mut Model, code: KeyCode, modifiers: KeyModifiers) -> Vec<Cmd> {
    update(model, Msg::Key(KeyEvent::new(code, modifiers)))
}

pub fn type_text(model: &mut Model, text: &str) -> Vec<Cmd> {
    text.chars().flat_map(|c| press(model, KeyCode::Char(c))).collect()
}

/// Selects the catalog entry `method path` in the API pane's list the way a user does: filter
/// for it, move onto its row, then clear the filter (the selection stays).
pub fn select(model: &mut Model, method: &str, path: &str) {
    assert_eq!(model.focus, PaneId::Api, "select works in the API pane");
    // Leave any modal, then move the focus to the list.
    if model.panes.api.modal.is_some() {
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
        model
            .panes
            .api
            .list
            .selected_endpoint()
            .is_some_and(|e| e.method.as_str() == method && e.path == path)
    };
    for _ in 0..crate::domain::catalog::catalog().len() {
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

/// Sets a parameter of the selected operation's form, as typing it would.
pub fn set_param(model: &mut Model, name: &str, value: &str) {
    if let Some(index) = model.panes.api.list.selected_index()
        && let Some(form) = model.panes.api.forms.get_mut(index)
    {
        form.set(name, value);
    }
}

/// Whether the help overlay is open.
pub fn help_open(model: &Model) -> bool {
    matches!(model.modal.as_ref().map(|m| &m.kind), Some(crate::app::modal::ModalKind::Help(_)))
}

/// The help overlay's scroll (0 when it is closed).
pub fn help_scroll(model: &Model) -> usize {
    match model.modal.as_ref().map(|m| &m.kind) {
        Some(crate::app::modal::ModalKind::Help(help)) => help.scroll,
        _ => 0,
    }
}

/// The token prompt (`e`), when open.
pub fn token_prompt(model: &Model) -> Option<&crate::app::modal::LinePrompt> {
    match model.modal.as_ref() {
        Some(crate::app::modal::Modal {
            kind: crate::app::modal::ModalKind::Line(prompt),
            purpose: crate::app::GlobalPurpose::EditToken,
        }) => Some(prompt),
        _ => None,
    }
}

/// What the user sees at `width`×`height`, as text (one line per row).
pub fn screen(model: &Model, width: u16, height: u16) -> String {
    text(&draw(model, width, height))
}

/// The API pane's open confirmation, if any.
pub fn confirmation(model: &Model) -> Option<&crate::app::modal::Confirm> {
    match model.panes.api.modal.as_ref().map(|m| &m.kind) {
        Some(crate::app::modal::ModalKind::Confirm(confirm)) => Some(confirm),
        _ => None,
    }
}

/// The change being confirmed in the API pane, if a confirmation of a change is open.
pub fn change(model: &Model) -> Option<&crate::domain::change_confirmation::ChangeConfirmation> {
    match confirmation(model).map(|c| &c.question) {
        Some(crate::app::modal::Question::Change(change)) => Some(change),
        _ => None,
    }
}

/// `model` told of `width`×`height` and drawn into a `TestBackend` of that size.
pub fn draw(model: &Model, width: u16, height: u16) -> ratatui::Terminal<ratatui::backend::TestBackend> {
    let mut model = model.clone();
    update(&mut model, Msg::Resize(width, height));
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height)).expect("terminal");
    terminal.draw(|frame| crate::ui::render(frame, &model)).expect("draw");
    terminal
}

/// Each row of the screen as the cells' symbols.
pub fn rows(terminal: &ratatui::Terminal<ratatui::backend::TestBackend>) -> Vec<String> {
    let buffer = terminal.backend().buffer();
    (0..buffer.area.height)
        .map(|y| (0..buffer.area.width).map(|x| buffer[(x, y)].symbol()).collect::<String>())
        .collect()
}

/// The first row of `screen` that contains `needle`; fails with the whole screen otherwise.
pub fn row_with<'a>(screen: &'a str, needle: &str) -> &'a str {
    screen
        .lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} not on screen:\n{screen}"))
}

/// The whole screen, one line per row.
pub fn text(terminal: &ratatui::Terminal<ratatui::backend::TestBackend>) -> String {
    rows(terminal).iter().map(|row| format!("{row}\n")).collect()
}

/// Where `needle` is drawn at the model's own size (`Msg::Resize` it first): the column and
/// row of its first cell. Fails with the whole screen when it is not there.
pub fn cell_of(model: &Model, needle: &str) -> (u16, u16) {
    let (width, height) = model.screen.viewport;
    let terminal = draw(model, width, height);
    let buffer = terminal.backend().buffer();
    for y in 0..height {
        for x in 0..width {
            let from: String = (x..width).map(|column| buffer[(column, y)].symbol()).collect();
            if from.starts_with(needle) {
                return (x, y);
            }
        }
    }
    panic!("{needle:?} not on screen:\n{}", text(&terminal));
}

/// A left click at `x`, `y`.
pub fn click(model: &mut Model, x: u16, y: u16) -> Vec<Cmd> {
    mouse(model, crossterm::event::MouseEventKind::Down(crossterm::event::MouseButton::Left), x, y)
}

/// A left click on the first cell of `needle` as drawn.
pub fn click_on(model: &mut Model, needle: &str) -> Vec<Cmd> {
    let (x, y) = cell_of(model, needle);
    click(model, x, y)
}

/// A turn of the wheel at `x`, `y` (`down` towards the end).
pub fn wheel(model: &mut Model, x: u16, y: u16, down: bool) -> Vec<Cmd> {
    use crossterm::event::MouseEventKind::{ScrollDown, ScrollUp};
    mouse(model, if down { ScrollDown } else { ScrollUp }, x, y)
}

pub fn mouse(model: &mut Model, kind: crossterm::event::MouseEventKind, x: u16, y: u16) -> Vec<Cmd> {
    let event = crossterm::event::MouseEvent { kind, column: x, row: y, modifiers: KeyModifiers::NONE };
    update(model, Msg::Mouse(event))
}

/// Everything the open help overlay says at `width`×`height`, read page by page, its wrapped
/// rows joined and spaces collapsed (descriptions wrap under themselves).
pub fn help_text(model: &Model, width: u16, height: u16) -> String {
    let mut model = model.clone();
    let mut seen = String::new();
    let mut last = String::new();
    loop {
        let page = screen(&model, width, height);
        if page == last {
            break;
        }
        for row in page.lines().filter(|row| row.starts_with('│')) {
            seen.push(' ');
            seen.push_str(row.trim_matches('│').trim());
        }
        press(&mut model, KeyCode::PageDown);
        last = page;
    }
    seen.split_whitespace().collect::<Vec<_>>().join(" ")
}
