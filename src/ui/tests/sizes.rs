//! Every pane at 80×24, 120×40 and 200×60 (issue 22), as snapshots and with the assertions that
//! matter at each size: the Inspector's summary row on top (a 7-scope token and the admin token
//! with every scope), the API pane after a call with a long error body (the form reachable, the
//! long value wrapped, cut paths ending in `…`), and the Tokens pane's difference between a
//! readonly and the admin token (scopes grouped by resource).

use crate::app::{Cmd, Model, Msg, update};
use crate::domain::api_response::ApiResponse;
use crate::domain::catalog::catalog;
use crate::test_support::*;
use crossterm::event::KeyCode;
use rstest::rstest;
use std::time::Duration;

const SEVEN: &str = "read:users update:users read:clients read:roles read:logs read:client_grants read:stats";

fn every_scope() -> String {
    let mut scopes: Vec<String> = catalog().iter().flat_map(|e| e.scopes.iter().cloned()).collect();
    scopes.sort();
    scopes.dedup();
    scopes.join(" ")
}

fn inspector(scopes: &str) -> Model {
    let mut model = Model::new(NOW, offset());
    update(&mut model, Msg::Paste(management_token(NOW - 600, 86_400, scopes)));
    model
}

/// The API pane after `GET /users/{id}` answered 403 with Auth0's long insufficient-scope text.
fn api_after_a_long_error() -> Model {
    let mut model = api_pane_model(SEVEN);
    select(&mut model, "GET", "/api/v2/users/{id}");
    set_param(&mut model, "id", "auth0|5f7c8ec7c33c6c004bbafe82");
    let cmds = press(&mut model, KeyCode::Char('s'));
    let [Cmd::CallApi { id, .. }] = cmds.as_slice() else { panic!("{cmds:?}") };
    let body = r#"{"statusCode":403,"error":"Forbidden","message":"Insufficient scope, expected any of: read:users, read:user_idp_tokens, read:current_user, read:users_app_metadata","errorCode":"insufficient_scope"}"#;
    let response = ApiResponse {
        status: 403,
        reason: "Forbidden".into(),
        headers: Vec::new(),
        body: body.as_bytes().to_vec(),
        latency: Duration::from_millis(42),
        rate_limit: None,
        url: "https://acme.eu.auth0.com/api/v2/users/auth0%7C5f7c8ec7c33c6c004bbafe82".into(),
    };
    update(&mut model, Msg::ApiDone { id: *id, result: Ok(response) });
    model
}

fn tokens_diff() -> Model {
    let mut model = Model::new(NOW, offset());
    update(&mut model, Msg::Paste(management_token(NOW - 600, 86_400, "read:users read:clients")));
    update(&mut model, Msg::Paste(management_token(NOW - 60, 86_400, &every_scope())));
    press(&mut model, KeyCode::Char('2'));
    press(&mut model, KeyCode::Down);
    press(&mut model, KeyCode::Char('m'));
    press(&mut model, KeyCode::Up);
    model
}

fn summary_row(text: &str) -> &str {
    text.lines().nth(1).unwrap_or_default()
}

#[rstest]
#[case(80, 24)]
#[case(120, 40)]
#[case(200, 60)]
fn inspector_puts_the_summary_first(#[case] width: u16, #[case] height: u16) {
    let seven = screen(&inspector(SEVEN), width, height);
    let row = summary_row(&seven);
    assert!(row.contains("7 scopes") && row.contains("469") && row.contains("left"), "{seven}");
    assert!(row.contains("no refresh"), "{seven}");
    insta::assert_snapshot!(format!("inspector_seven_{width}x{height}"), seven);

    let admin = screen(&inspector(&every_scope()), width, height);
    let row = summary_row(&admin);
    assert!(row.contains("469/469") || row.contains("469 of 469"), "{admin}");
    assert!(row.contains("privileged"), "{admin}");
    insta::assert_snapshot!(format!("inspector_admin_{width}x{height}"), admin);
}

#[rstest]
#[case(80, 24)]
#[case(120, 40)]
#[case(200, 60)]
fn api_keeps_the_form_reachable_after_a_long_error(#[case] width: u16, #[case] height: u16) {
    let mut model = api_after_a_long_error();
    // The response has the focus after a call: the form keeps its rows on screen.
    let text = screen(&model, width, height);
    assert!(text.contains("403 Forbidden"), "{text}");
    assert!(
        text.contains("auth0|5f7c8ec7c33c6c004bbafe82") || text.contains("id "),
        "the form shows:\n{text}"
    );
    assert!(text.contains("Parameters"), "{text}");
    // The long message wraps: its last scope is on screen, not cut at the box's edge.
    assert!(text.contains("read:users_app_metadata"), "{text}");
    // Cut list rows end in …
    assert!(text.lines().any(|row| row.contains("…│")), "{text}");
    insta::assert_snapshot!(format!("api_long_error_{width}x{height}"), text);
    // ← gives the form the keyboard, and its rows show.
    press(&mut model, KeyCode::Left);
    let text = screen(&model, width, height);
    assert!(row_with(&text, "▸ id").contains("auth0|"), "{text}");
}

#[rstest]
#[case(80, 24)]
#[case(120, 40)]
#[case(200, 60)]
fn tokens_diff_groups_scopes_by_resource(#[case] width: u16, #[case] height: u16) {
    let text = screen(&tokens_diff(), width, height);
    assert!(text.contains("Difference ◆ marked → selected: different"), "{text}");
    assert!(row_with(&text, "  actions").contains("+create +delete +read +update"), "{text}");
    insta::assert_snapshot!(format!("tokens_diff_{width}x{height}"), text);
}

/// At 80×24 the response can have the whole pane (`m`), and its long lines can be kept whole
/// (`w`) and scrolled sideways (`<` `>`) instead of wrapped.
#[test]
fn the_api_response_zooms_and_scrolls_sideways_at_80x24() {
    let mut model = api_after_a_long_error();
    let split = screen(&model, 80, 24);
    assert!(split.contains("Parameters") && split.contains("▾ users"), "{split}");
    press(&mut model, KeyCode::Char('m'));
    let zoomed = screen(&model, 80, 24);
    assert!(zoomed.contains("403 Forbidden"), "{zoomed}");
    assert!(!zoomed.contains("Parameters") && !zoomed.contains("▾ users"), "the response alone:\n{zoomed}");
    // The body's message line (the one with the closing quote) wraps: its end shows.
    let end = "users_app_metadata\"";
    assert!(zoomed.contains(end), "wrapped, the message's end shows:\n{zoomed}");

    press(&mut model, KeyCode::Char('w'));
    let whole = screen(&model, 80, 24);
    assert!(!whole.contains(end), "kept whole, the end is off screen:\n{whole}");
    let mut presses = 0;
    while !screen(&model, 80, 24).contains(end) {
        press(&mut model, KeyCode::Char('>'));
        presses += 1;
        assert!(presses < 40, "> never reached the end:\n{}", screen(&model, 80, 24));
    }
    for _ in 0..presses {
        press(&mut model, KeyCode::Char('<'));
    }
    assert!(screen(&model, 80, 24).contains("\"statusCode\""), "< came back to the start");
    press(&mut model, KeyCode::Char('w'));
    assert!(screen(&model, 80, 24).contains(end), "w wraps again");
    press(&mut model, KeyCode::Char('m'));
    assert!(screen(&model, 80, 24).contains("Parameters"), "m again: back to the three sections");
}
