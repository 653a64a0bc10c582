//! The API pane rendered into a fixed-size buffer: row verdicts, the response view (escaped
//! control characters, the rate-limit meter and its countdown), the confirmation prompt.

use crate::test_support::*;
use crate::test_support::{draw as render, text as screen};

use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;
use std::time::Duration;

fn model(scopes: &str) -> Model {
    api_pane_model(scopes)
}
use crate::app::{Cmd, Model, Msg, update};
use crate::domain::api_response::ApiResponse;
use crate::domain::auth0::RateLimitInfo;

fn colour_at(terminal: &Terminal<TestBackend>, needle: &str) -> Color {
    let buffer = terminal.backend().buffer();
    for y in 0..buffer.area.height {
        let row: String = (0..buffer.area.width).map(|x| buffer[(x, y)].symbol().to_owned()).collect();
        if let Some(byte) = row.find(needle) {
            return buffer[(row[..byte].chars().count() as u16, y)].fg;
        }
    }
    panic!("{needle:?} not on screen");
}

/// Sends the selected endpoint and answers it with `response`.
fn answer(model: &mut Model, response: ApiResponse) {
    let cmds = press(model, KeyCode::Char('s'));
    let [Cmd::CallApi { id, .. }] = cmds.as_slice() else { panic!("{cmds:?}") };
    update(model, Msg::ApiDone { id: *id, result: Ok(response) });
}

fn response(status: u16, reason: &str, body: &str, rate_limit: Option<RateLimitInfo>) -> ApiResponse {
    ApiResponse {
        status,
        reason: reason.into(),
        headers: Vec::new(),
        body: body.as_bytes().to_vec(),
        latency: Duration::from_millis(42),
        rate_limit,
        url: "https://acme.eu.auth0.com/api/v2/users".into(),
    }
}

#[test]
fn rows_say_allowed_or_name_the_missing_scope() {
    let model = model("read:users");
    let terminal = render(&model, 140, 40);
    let text = screen(&terminal);
    assert!(row_with(&text, "GET    /users ").contains('✓'), "{text}");
    let logs = row_with(&text, "GET    /users/{id}/logs");
    assert!(logs.contains("✗") && logs.contains("read:logs | read:logs_users"), "{logs}");
    let roles = row_with(&text, "/users/{id}/roles ").split("││").next().unwrap_or_default();
    assert!(
        roles.contains("✗ GET    /users/{id}/roles  read:roles +") && !roles.contains("read:users"),
        "only the missing ones of an all-of rule: {roles}"
    );
    assert_eq!(colour_at(&terminal, "✗"), Color::Red);
    assert!(text.contains("Endpoints 11/469 allowed"), "{text}");
    assert!(text.contains("User search (v3)"), "the search helper shows for GET /users:\n{text}");
    assert!(text.contains("1000"), "the paging limit is explained");
}

#[test]
fn response_view_escapes_control_characters_and_shows_the_meter() {
    let mut model = model("read:users");
    let limit = RateLimitInfo { limit: 10, remaining: 3, reset_epoch: NOW + 42 };
    let body = r#"[{"name":"evil\u001b]0;pwned\u0007","bio":"x\u009b31m"}]"#;
    answer(&mut model, response(200, "OK", body, Some(limit)));
    let terminal = render(&model, 140, 40);
    let text = screen(&terminal);
    assert!(text.contains("200 OK"), "{text}");
    assert!(text.contains("42 ms"), "{text}");
    assert!(text.contains(&format!("{} B", body.len())), "{text}");
    assert!(text.contains("3/10"), "{text}");
    assert!(text.contains("resets in 42s") || text.contains("resets in 42 s"), "{text}");
    assert!(text.contains(r#""evil\u001b]0;pwned\u0007""#), "{text}");
    assert!(text.contains(r"\u{9b}31m"), "{text}");
    assert!(!text.chars().any(|c| c != '\n' && crate::domain::sanitize::is_unsafe_char(c)));
    assert_eq!(colour_at(&terminal, "\"evil"), Color::Green, "strings are coloured");
    // The countdown follows model.now, not the clock.
    update(&mut model, Msg::Tick(NOW + 40));
    let text = screen(&render(&model, 140, 40));
    assert!(text.contains("resets in 2s") || text.contains("resets in 2 s"), "{text}");
    update(&mut model, Msg::Tick(NOW + 60));
    let text = screen(&render(&model, 140, 40));
    assert!(text.contains("3/10 · as of the last call; reset 18s ago"), "{text}");
    assert!(!text.contains("refilled"), "{text}");
    assert!(!model.panes.api.call.shows_countdown(model.now));
}

#[test]
fn errors_are_explained_and_429_offers_the_retry() {
    let mut model = model("read:users");
    let body = r#"{"statusCode":403,"error":"Forbidden","message":"Insufficient scope, expected any of: read:clients","errorCode":"insufficient_scope"}"#;
    answer(&mut model, response(403, "Forbidden", body, None));
    let text = screen(&render(&model, 160, 40));
    assert!(text.contains("403 Forbidden"), "{text}");
    assert!(text.contains("lacks the scope read:clients"), "{text}");
    assert!(text.contains("client grant"), "{text}");
    let limit = RateLimitInfo { limit: 2, remaining: 0, reset_epoch: NOW + 7 };
    answer(&mut model, response(429, "Too Many Requests", r#"{"statusCode":429}"#, Some(limit)));
    let terminal = render(&model, 160, 40);
    let text = screen(&terminal);
    assert!(text.contains("press R to retry once then"), "{text}");
    assert!(text.contains("0/2"), "{text}");
    assert_eq!(colour_at(&terminal, "0/2"), Color::Red);
}

#[test]
fn destructive_prompt_shows_will_and_will_not() {
    let mut model = model("delete:client_grants");
    select(&mut model, "DELETE", "/api/v2/client-grants/{id}");
    set_param(&mut model, "id", "cgr_9");
    press(&mut model, KeyCode::Enter);
    let text = screen(&render(&model, 140, 40));
    assert!(text.contains("will not"), "{text}");
    assert!(text.contains("Type the id (cgr_9)"), "{text}");
    assert!(text.contains("tenant") && text.contains("acme.eu.auth0.com"), "where it goes: {text}");
}

#[test]
fn help_lists_the_api_keys_in_the_api_pane() {
    let mut model = model("read:users");
    press(&mut model, KeyCode::Char('?'));
    let text = crate::test_support::help_text(&model, 140, 60);
    for (_, description) in
        crate::app::global_keys::help_sections(crate::app::PaneId::Api).iter().flat_map(|s| s.rows.clone())
    {
        assert!(text.contains(description), "help lacks {description:?}\n{text}");
    }
}

/// A change with a body longer than the confirmation's box at 80×24: the body scrolls (↓ PgDn,
/// the wheel), the answer row and the buttons stay, and what was scrolled is what is sent.
#[test]
fn a_long_body_scrolls_in_its_confirmation_at_80x24() {
    let shown = |model: &Model| crate::test_support::screen(model, 80, 24);
    let mut model = api_pane_model("update:users");
    update(&mut model, Msg::Resize(80, 24));
    select(&mut model, "PATCH", "/api/v2/users/{id}");
    set_param(&mut model, "id", "auth0|1");
    let lines: Vec<String> = (0..40).map(|n| format!("\"field_{n:02}\": {n}")).collect();
    let body = format!("{{{}}}", lines.join(", "));
    if let Some(index) = model.panes.api.list.selected_index()
        && let Some(form) = model.panes.api.forms.get_mut(index)
    {
        form.body = Some(body);
    }
    press(&mut model, KeyCode::Char('s'));
    let text = shown(&model);
    assert!(text.contains("field_00") && !text.contains("field_39"), "the body's start:\n{text}");
    assert!(text.contains("[ Enter: send ]") && text.contains("[ Esc: cancel ]"), "{text}");
    for _ in 0..6 {
        press(&mut model, KeyCode::PageDown);
    }
    let text = shown(&model);
    assert!(text.contains("field_39") && !text.contains("field_00"), "scrolled to the end:\n{text}");
    assert!(text.contains("[ Enter: send ]"), "the buttons stay:\n{text}");
    // The wheel over the box scrolls back up.
    let (x, y) = cell_of(&model, "field_39");
    for _ in 0..30 {
        wheel(&mut model, x, y, false);
    }
    assert!(shown(&model).contains("field_00"), "the wheel scrolled back");
    // Typing still answers; the answer sends the body as it was shown.
    type_text(&mut model, "auth0|1");
    let cmds = press(&mut model, KeyCode::Enter);
    let sent = cmds.iter().find_map(|c| match c {
        crate::app::Cmd::CallApi { request, .. } => request.body.clone(),
        _ => None,
    });
    assert_eq!(sent.and_then(|b| b.get("field_39").cloned()), Some(39.into()));
}
