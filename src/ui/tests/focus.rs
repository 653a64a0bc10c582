//! Everyday use of the TUI, rendered into TestBackend buffers at 80×24 and 200×60: focus
//! visible without colour (the `▶` mark, reverse and bold, and the footer naming the section),
//! `/` saying what it acts on, notices for state-changing letters, the rate meter at 0, the
//! grant picker's client names, the multi-line body editor and a long notice that is never
//! cut in the middle of a word.

use crate::test_support::*;
use crate::test_support::{draw as render, text as screen};

use crate::app::modal::ModalKind;
use crate::app::panes::api::keys::Focus;
use crate::app::{Cmd, ColourScheme, EditorError, Model, Msg, Notice, update};
use crate::domain::api_response::ApiResponse;
use crate::domain::auth0::RateLimitInfo;
use crossterm::event::{KeyCode, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Modifier;
use std::time::Duration;

const SIZES: [(u16, u16); 2] = [(80, 24), (200, 60)];

fn model(scopes: &str) -> Model {
    let mut model = api_pane_model(scopes);
    model.colours = ColourScheme::Monochrome;
    model
}

/// The modifiers of the cell where `needle` starts on screen.
fn modifiers_at(terminal: &Terminal<TestBackend>, needle: &str) -> Modifier {
    let buffer = terminal.backend().buffer();
    for (y, row) in rows(terminal).iter().enumerate() {
        if let Some(byte) = row.find(needle) {
            let x = row[..byte].chars().count() as u16;
            return buffer[(x, y as u16)].modifier;
        }
    }
    panic!("{needle:?} not on screen:\n{}", screen(terminal));
}

fn assert_marked(terminal: &Terminal<TestBackend>, title: &str) {
    let needle = format!("▶ {title}");
    let modifier = modifiers_at(terminal, &needle);
    assert!(modifier.contains(Modifier::REVERSED | Modifier::BOLD), "{needle}: {modifier:?}");
    let text = screen(terminal);
    assert_eq!(text.matches("┌ ▶").count(), 1, "one section title is marked:\n{text}");
}

fn footer(terminal: &Terminal<TestBackend>) -> String {
    rows(terminal).last().cloned().unwrap_or_default()
}

fn answer(model: &mut Model, response: ApiResponse) {
    let cmds = press(model, KeyCode::Char('s'));
    let [Cmd::CallApi { id, .. }] = cmds.as_slice() else { panic!("{cmds:?}") };
    update(model, Msg::ApiDone { id: *id, result: Ok(response) });
}

fn response(status: u16, body: &str, rate_limit: Option<RateLimitInfo>) -> ApiResponse {
    ApiResponse {
        status,
        reason: "OK".into(),
        headers: Vec::new(),
        body: body.as_bytes().to_vec(),
        latency: Duration::from_millis(7),
        rate_limit,
        url: "https://acme.eu.auth0.com/api/v2/x".into(),
    }
}

/// Where the open prompt's text starts: the row under its title, after the border.
fn prompt_text_at(terminal: &Terminal<TestBackend>) -> (u16, u16) {
    let rows = rows(terminal);
    let title = rows.iter().position(|row| row.contains("Esc cancels · Ctrl-U clears")).expect("a prompt");
    (1, u16::try_from(title + 1).expect("row"))
}

#[test]
fn the_focused_section_is_marked_and_named_without_colour() {
    for (width, height) in SIZES {
        let mut model = model("read:users update:users");
        let terminal = render(&model, width, height);
        assert_marked(&terminal, "Endpoints");
        let bottom = footer(&terminal);
        assert!(bottom.starts_with("List ·") && bottom.contains("/ filter"), "{bottom}");
        assert!(modifiers_at(&terminal, "List ·").contains(Modifier::REVERSED));

        select(&mut model, "GET", "/api/v2/users");
        press(&mut model, KeyCode::Right);
        assert_eq!(model.panes.api.focus, Focus::Form);
        let terminal = render(&model, width, height);
        assert_marked(&terminal, "Parameters");
        assert!(footer(&terminal).starts_with("Parameters ·"), "{}", footer(&terminal));

        answer(&mut model, response(200, r#"{"user_id":"auth0|1"}"#, None));
        let terminal = render(&model, width, height);
        assert_marked(&terminal, "Response");
        assert!(footer(&terminal).starts_with("Response ·"), "{}", footer(&terminal));

        press(&mut model, KeyCode::Char('2'));
        let terminal = render(&model, width, height);
        assert_marked(&terminal, "Profiles");
        assert!(footer(&terminal).starts_with("Profiles ·"), "{}", footer(&terminal));
        press(&mut model, KeyCode::Down);
        let terminal = render(&model, width, height);
        assert_marked(&terminal, "Tokens this session");
        assert!(footer(&terminal).starts_with("Tokens ·"), "{}", footer(&terminal));

        press(&mut model, KeyCode::Char('1'));
        let terminal = render(&model, width, height);
        assert_marked(&terminal, "Decoded");
        assert!(footer(&terminal).starts_with("Inspector ·"), "{}", footer(&terminal));
        // No colour anywhere: the marks alone carry the focus.
        let buffer = terminal.backend().buffer();
        assert!(buffer.content.iter().all(|c| c.fg == ratatui::style::Color::Reset));
    }
}

#[test]
fn slash_filters_from_the_list_and_the_form_and_searches_the_response() {
    for (width, height) in SIZES {
        let mut model = model("read:users");
        press(&mut model, KeyCode::Char('/'));
        assert!(screen(&render(&model, width, height)).contains("filter operations ·"));
        type_text(&mut model, "users");
        press(&mut model, KeyCode::Enter);
        assert_eq!(model.panes.api.list.filter.as_str(), "users");

        // Reopened, the kept filter is selected: typing replaces it.
        press(&mut model, KeyCode::Char('/'));
        let terminal = render(&model, width, height);
        let (x, y) = prompt_text_at(&terminal);
        let cell = &terminal.backend().buffer()[(x, y)];
        assert_eq!(cell.symbol(), "u");
        assert!(cell.modifier.contains(Modifier::REVERSED), "the text is selected");
        type_text(&mut model, "roles");
        assert_eq!(model.panes.api.list.filter.as_str(), "roles");
        // ← keeps it and moves the cursor (shown where it is); End goes back to the end.
        press(&mut model, KeyCode::Enter);
        press(&mut model, KeyCode::Char('/'));
        press(&mut model, KeyCode::Left);
        let mut terminal = render(&model, width, height);
        let (x, y) = prompt_text_at(&terminal);
        let cursor = terminal.get_cursor_position().expect("cursor");
        assert_eq!((cursor.x, cursor.y), (x + 4, y), "the cursor sits between role and s");
        assert!(
            !terminal.backend().buffer()[(x, y)].modifier.contains(Modifier::REVERSED),
            "no longer selected"
        );
        press(&mut model, KeyCode::End);
        type_text(&mut model, " get");
        press(&mut model, KeyCode::Enter);
        assert_eq!(model.panes.api.list.filter.as_str(), "roles get");

        // From the form, `/` filters the list too (and hands it the focus).
        select(&mut model, "GET", "/api/v2/users");
        press(&mut model, KeyCode::Right);
        assert_eq!(model.panes.api.focus, Focus::Form);
        press(&mut model, KeyCode::Char('/'));
        assert!(
            matches!(model.panes.api.modal.as_ref().map(|m| &m.kind), Some(ModalKind::Line(l)) if l.title.starts_with("filter"))
        );
        assert_eq!(model.panes.api.focus, Focus::List);
        assert!(footer(&render(&model, width, height)).starts_with("Filter operations ·"));
        press(&mut model, KeyCode::Esc);

        // From the response, it searches the body.
        answer(&mut model, response(200, r#"[{"email":"jane@example.com"}]"#, None));
        assert_eq!(model.panes.api.focus, Focus::Response);
        press(&mut model, KeyCode::Char('/'));
        let text = screen(&render(&model, width, height));
        assert!(text.contains("search response ·") && !text.contains("filter operations ·"), "{text}");
        type_text(&mut model, "jane");
        press(&mut model, KeyCode::Enter);
        assert!(
            model
                .panes
                .api
                .call
                .response
                .as_ref()
                .and_then(|r| r.search.as_ref())
                .is_some_and(|s| !s.matches.is_empty())
        );
    }
}

#[test]
fn esc_in_the_list_clears_a_kept_filter_and_says_so() {
    let mut model = model("read:users");
    press(&mut model, KeyCode::Char('/'));
    type_text(&mut model, "users");
    press(&mut model, KeyCode::Enter);
    assert_eq!(model.panes.api.list.filter.as_str(), "users");
    press(&mut model, KeyCode::Esc);
    assert_eq!(model.panes.api.list.filter.as_str(), "");
    let notice = model.notice.clone().expect("a notice");
    assert!(notice.text.contains("Filter cleared"), "{notice:?}");
}

#[test]
fn state_changing_letters_say_what_changed() {
    let mut model = model("read:users");
    press(&mut model, KeyCode::Char('t'));
    let text = model.notice.clone().expect("notice").text;
    assert!(text.contains("curl line (Y) shows the real token"), "{text}");
    press(&mut model, KeyCode::Char('t'));
    let text = model.notice.clone().expect("notice").text;
    assert!(text.contains("curl line (Y) shows $TOKEN"), "{text}");
    press(&mut model, KeyCode::Char('i'));
    assert!(model.notice.clone().expect("notice").text.contains("every note shows"));
    press(&mut model, KeyCode::Char('a'));
    assert!(model.notice.clone().expect("notice").text.starts_with("Auto-renew on"));
    press(&mut model, KeyCode::Char('a'));
    assert!(model.notice.clone().expect("notice").text.starts_with("Auto-renew off"));
    press(&mut model, KeyCode::Char('2'));
    press(&mut model, KeyCode::Char('o'));
    assert!(model.notice.clone().expect("notice").text.contains("No difference shows: mark a token with m"));
}

#[test]
fn the_rate_meter_at_zero_counts_down_and_never_claims_a_refill() {
    for (width, height) in SIZES {
        let mut model = model("read:users");
        select(&mut model, "GET", "/api/v2/users");
        let limit = RateLimitInfo { limit: 2, remaining: 0, reset_epoch: NOW };
        answer(&mut model, response(429, r#"{"statusCode":429}"#, Some(limit)));
        let text = screen(&render(&model, width, height));
        assert!(text.contains("0/2 · resets in 1s"), "{text}");
        assert!(text.contains("Resets in 1s: press R"), "the 429 advice agrees with the meter:\n{text}");
        assert!(!text.contains("refilled") && !text.contains("in 0s"), "{text}");
    }
}

#[test]
fn the_grant_picker_names_each_grants_client() {
    let mut model = model("read:clients read:client_grants delete:client_grants");
    select(&mut model, "GET", "/api/v2/clients");
    answer(&mut model, response(200, r#"[{"client_id":"c2","name":"Billing\u001b[31m"}]"#, None));
    select(&mut model, "GET", "/api/v2/client-grants");
    let grants = r#"[{"id":"cgr_1","client_id":"abc","audience":"https://acme.eu.auth0.com/api/v2/"},
        {"id":"cgr_2","client_id":"c2","audience":"https://acme.eu.auth0.com/api/v2/"},
        {"id":"cgr_3","client_id":"c3","audience":"https://acme.eu.auth0.com/api/v2/"}]"#;
    answer(&mut model, response(200, grants, None));
    select(&mut model, "DELETE", "/api/v2/client-grants/{id}");
    press(&mut model, KeyCode::Right);
    press(&mut model, KeyCode::Char('p'));
    let Some(ModalKind::Pick(picker)) = model.panes.api.modal.as_ref().map(|m| &m.kind) else {
        panic!("a picker")
    };
    let labels: Vec<&str> = picker.options.iter().map(|(_, label)| label.as_str()).collect();
    assert!(labels[0].starts_with("client of profile acme"), "{labels:?}");
    assert!(labels[1].starts_with("client Billing"), "{labels:?}");
    assert!(labels[2].starts_with("client c3 "), "the id when the name is unknown: {labels:?}");
    for (width, height) in SIZES {
        let text = screen(&render(&model, width, height));
        assert!(text.contains(r"client Billing\u{1b}[31m"), "escaped:\n{text}");
    }
}

#[test]
fn the_body_editor_is_multi_line_and_scrolls() {
    for (width, height) in SIZES {
        let mut model = model("update:users");
        select(&mut model, "PATCH", "/api/v2/users/{id}");
        press(&mut model, KeyCode::Right);
        press(&mut model, KeyCode::End);
        press(&mut model, KeyCode::Enter);
        assert!(matches!(model.panes.api.modal.as_ref().map(|m| &m.kind), Some(ModalKind::Text(_))));
        let text = screen(&render(&model, width, height));
        assert!(text.contains("line 1, col 1"), "{text}");
        assert!(text.contains(r#""plan": "pro""#), "pretty-printed for editing:\n{text}");
        // Enter breaks the line; thirty more lines make it taller than its box.
        for i in 0..30 {
            type_text(&mut model, &format!("\"k{i}\": {i},"));
            press(&mut model, KeyCode::Enter);
        }
        let text = screen(&render(&model, width, height));
        assert!(text.contains("line 31, col 1"), "{text}");
        assert!(text.contains(r#""k29": 29,"#), "the cursor's line stays in view:\n{text}");
        assert!(!text.contains(r#""k0": 0,"#) || height > 40, "scrolled:\n{text}");
        // Not JSON yet: Ctrl-S keeps the editor open with the reason.
        press_with(&mut model, KeyCode::Char('s'), KeyModifiers::CONTROL);
        assert!(
            matches!(model.panes.api.modal.as_ref().map(|m| &m.kind), Some(ModalKind::Text(t)) if t.error.is_some())
        );
        press(&mut model, KeyCode::Esc);
        press(&mut model, KeyCode::Enter);
        press_with(&mut model, KeyCode::Char('u'), KeyModifiers::CONTROL);
        type_text(&mut model, "{");
        press(&mut model, KeyCode::Enter);
        type_text(&mut model, "\"blocked\": true");
        press(&mut model, KeyCode::Enter);
        type_text(&mut model, "}");
        press_with(&mut model, KeyCode::Char('s'), KeyModifiers::CONTROL);
        assert!(model.panes.api.modal.is_none());
        assert_eq!(
            model.panes.api.selected_form().and_then(|f| f.body.clone()).as_deref(),
            Some(r#"{"blocked":true}"#)
        );
    }
}

#[test]
fn capital_e_hands_the_body_to_the_external_editor_and_takes_it_back() {
    let mut model = model("update:users");
    select(&mut model, "PATCH", "/api/v2/users/{id}");
    press(&mut model, KeyCode::Right);
    let cmds = press(&mut model, KeyCode::Char('E'));
    let [Cmd::EditBody { text }] = cmds.as_slice() else { panic!("{cmds:?}") };
    assert!(text.contains("\"plan\": \"pro\""), "{text}");
    update(&mut model, Msg::BodyEdited(Ok("{\"name\": \"from the editor\"}\n".to_owned())));
    assert_eq!(
        model.panes.api.selected_form().and_then(|f| f.body.clone()).as_deref(),
        Some(r#"{"name":"from the editor"}"#)
    );
    // Not JSON: the inline editor opens on it with the reason.
    update(&mut model, Msg::BodyEdited(Ok("{oops".to_owned())));
    assert!(
        matches!(model.panes.api.modal.as_ref().map(|m| &m.kind), Some(ModalKind::Text(t)) if t.error.is_some())
    );
    press(&mut model, KeyCode::Esc);
    update(&mut model, Msg::BodyEdited(Err(EditorError::TooLarge { limit: 1024 * 1024 })));
    let notice = model.notice.clone().expect("notice");
    assert!(notice.text.contains("over 1048576 bytes"), "{notice:?}");
    // An operation without a body says so instead.
    select(&mut model, "GET", "/api/v2/users");
    press(&mut model, KeyCode::Right);
    assert!(press(&mut model, KeyCode::Char('E')).is_empty());
}

#[test]
fn a_long_notice_is_wrapped_or_shortened_at_a_word_boundary() {
    let mut model = model("read:users");
    let text = "The tenant could not be reached: connection refused by https://acme.eu.auth0.com/oauth/token \
                while fetching a token for the profile acme. Check the domain, your network and any proxy, then \
                press f to try again; nothing was retried automatically and no token was stored anywhere.";
    model.notice = Some(Notice { hint: Some("Is AUTH0_DOMAIN right?".to_owned()), ..Notice::error(text) });
    let terminal = render(&model, 80, 24);
    let all = rows(&terminal);
    let [.., first, second, last] = all.as_slice() else { panic!() };
    assert!(last.starts_with("List ·"), "the footer stays: {last}");
    assert!(first.trim_start().starts_with("The tenant"), "{first}");
    let words: Vec<&str> = text.split_whitespace().collect();
    for line in [first, second] {
        for word in line.split_whitespace() {
            let whole = word.trim_end_matches('…');
            assert!(words.contains(&whole), "{word:?} is a cut word in {line:?}");
        }
    }
    assert!(second.trim_end().ends_with('…'), "shortened with an ellipsis: {second}");
}
