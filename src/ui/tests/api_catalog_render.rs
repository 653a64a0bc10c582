//! The API pane over the whole catalog, drawn at 80×24 and 120×40: group headers with their
//! counts, folded groups, the verdict filter in the title, lifecycle badges, rule labels (and
//! Auth0's 403 text where the sources disagree), and the Inspector's reach summary.

use crate::test_support::*;

use crossterm::event::KeyCode;
use rstest::rstest;
use std::time::Duration;

fn model(scopes: &str) -> Model {
    api_pane_model(scopes)
}
use crate::app::{Cmd, Model, Msg, update};
use crate::domain::api_response::ApiResponse;
use crate::domain::catalog::catalog;

#[rstest]
#[case(80, 24)]
#[case(120, 40)]
fn group_headers_show_their_counts_and_fold(#[case] width: u16, #[case] height: u16) {
    let mut model = model("read:users read:actions");
    let text = screen(&model, width, height);
    let users_allowed = model.panes.api.list.capability.groups[0].allowed;
    assert!(row_with(&text, "▾ users").contains(&format!("users  {users_allowed}/39 allowed")), "{text}");
    assert!(row_with(&text, "GET    /users").contains('✓'), "{text}");
    // Everything folded: one header per group, the generic ones included.
    press(&mut model, KeyCode::Char('Z'));
    press(&mut model, KeyCode::Char('Z'));
    let text = screen(&model, width, height);
    assert!(row_with(&text, "▸ users").contains("/39 allowed"), "{text}");
    assert!(!text.contains("GET    /users"), "folded:\n{text}");
    assert!(text.contains("operations; the token's scopes allow"), "the details describe the group:\n{text}");
    // Unfold the actions group from its header.
    press(&mut model, KeyCode::Char('/'));
    type_text(&mut model, "actions");
    press(&mut model, KeyCode::Enter);
    let text = screen(&model, width, height);
    assert!(row_with(&text, "▾ actions").contains("allowed"), "{text}");
    assert!(row_with(&text, "GET    /actions/actions").contains('✓'), "{text}");
}

#[rstest]
#[case(80, 24)]
#[case(120, 40)]
fn the_title_names_the_verdict_filter(#[case] width: u16, #[case] height: u16) {
    let mut model = model("read:users");
    assert!(!screen(&model, width, height).contains("only allowed"));
    press(&mut model, KeyCode::Char('F'));
    let text = screen(&model, width, height);
    // The verdict filter leads the title, so it shows whole even in the 32-column list at 80×24.
    assert!(row_with(&text, "Only allowed (F)").contains("▶"), "{text}");
    assert!(!text.contains('✗'), "only allowed rows:\n{text}");
    press(&mut model, KeyCode::Char('F'));
    let text = screen(&model, width, height);
    assert!(text.contains("Only denied (F)"), "{text}");
    assert!(!text.contains("only allowed"), "{text}");
    assert!(text.contains('✗') && !text.contains("✓ GET"), "{text}");
}

#[rstest]
#[case(80, 24)]
#[case(120, 40)]
fn lifecycle_badges_in_the_list_and_the_details(#[case] width: u16, #[case] height: u16) {
    let mut model = model("read:actions");
    select(&mut model, "GET", "/api/v2/actions/modules");
    let text = screen(&model, width, height);
    assert!(row_with(&text, "GET    /actions/modules ").contains("/actions/modules EA"), "{text}");
    let wide = screen(&model, 200, 50);
    assert!(wide.contains("EA: early access"), "{wide}");
}

#[test]
fn details_show_the_rule_label_and_the_doc_link() {
    let mut model = model("read:clients");
    select(&mut model, "GET", "/api/v2/clients/search");
    let text = screen(&model, 200, 50);
    assert!(text.contains("any of, per Auth0's docs"), "{text}");
    assert!(text.contains("docs https://auth0.com/docs/api/management/v2/clients/"), "{text}");
    select(&mut model, "GET", "/api/v2/users/{id}/roles");
    let text = screen(&model, 200, 50);
    assert!(text.contains("all of (Auth0's 403 text)"), "{text}");
}

#[test]
fn where_the_sources_disagree_auth0s_403_text_shows_beside_the_docs() {
    let Some(disputed) = catalog().iter().find(|e| e.sources_disagree) else {
        return; // the catalog has no disagreement today: nothing to show
    };
    let mut model = model("read:users");
    select(&mut model, disputed.method.as_str(), &disputed.path);
    let text = screen(&model, 160, 50);
    assert!(text.contains("Auth0's 403 says:"), "{text}");
    assert!(text.contains("docs list:"), "{text}");
}

#[test]
fn a_learned_rule_shows_in_the_list_and_the_details() {
    let mut model = model("read:clients");
    select(&mut model, "GET", "/api/v2/clients/search");
    let cmds = press(&mut model, KeyCode::Char('s'));
    let [Cmd::CallApi { id, .. }] = cmds.as_slice() else { panic!("{cmds:?}") };
    let body = r#"{"statusCode":403,"error":"Forbidden","message":"Insufficient scope, expected all of: read:clients, read:client_summary","errorCode":"insufficient_scope"}"#;
    let response = ApiResponse {
        status: 403,
        reason: "Forbidden".into(),
        headers: Vec::new(),
        body: body.as_bytes().to_vec(),
        latency: Duration::from_millis(5),
        rate_limit: None,
        url: "https://acme.eu.auth0.com/api/v2/clients/search".into(),
    };
    update(&mut model, Msg::ApiDone { id: *id, result: Ok(response) });
    press(&mut model, KeyCode::Char('h'));
    press(&mut model, KeyCode::Char('h'));
    let text = screen(&model, 200, 50);
    assert!(row_with(&text, "GET    /clients/search").contains("✗"), "{text}");
    assert!(text.contains("all of (learned from a 403 this session)"), "{text}");
}

#[rstest]
#[case(80, 24)]
#[case(120, 40)]
fn the_inspector_sums_up_the_tokens_reach_and_flags_a_typo(#[case] width: u16, #[case] height: u16) {
    let mut model = model("read:userz read:users read:roles \u{1b}[31mred");
    press(&mut model, KeyCode::Char('1'));
    // At 24 rows the summary sits below the claims: scroll to it as a user would (a bounded
    // number of lines).
    let mut text = screen(&model, width, height);
    for _ in 0..20 {
        if text.contains("read:userz unlocks") {
            break;
        }
        press(&mut model, KeyCode::Char('j'));
        text = screen(&model, width, height);
    }
    let allowed = model.panes.api.list.capability.allowed;
    assert!(text.contains(&format!("can call {allowed} of 469 Management API operations")), "{text}");
    assert!(text.contains("users "), "{text}");
    let flagged = row_with(&text, "read:userz unlocks");
    assert!(flagged.contains('⚠'), "{flagged}");
    assert!(!text.contains('\u{1b}'), "token text is escaped");
}

#[test]
fn notes_fold_to_one_line_at_80x24_and_i_shows_them_all() {
    let mut model = model("read:users");
    select(&mut model, "GET", "/api/v2/users");
    let text = screen(&model, 80, 24);
    assert!(text.contains("(+3 · i: all)"), "{text}");
    assert!(!text.contains("eventually consistent"), "the fourth note is folded away:\n{text}");
    assert!(text.contains("Parameters"), "the form stays on screen:\n{text}");
    press(&mut model, KeyCode::Char('i'));
    let text = screen(&model, 120, 40);
    assert!(text.contains("eventually consistent"), "{text}");
    // Unfolded, the details stay open when the form has the focus too.
    press(&mut model, KeyCode::Right);
    assert!(screen(&model, 120, 40).contains("eventually consistent"));
}

#[test]
fn a_stale_expect_403_clears_when_the_token_changes() {
    let mut model = model("read:clients");
    select(&mut model, "GET", "/api/v2/users");
    press(&mut model, KeyCode::Char('s'));
    assert!(model.panes.api.message.as_ref().is_some_and(|m| m.text.starts_with("Expect 403")));
    assert!(screen(&model, 120, 40).contains("Expect 403"));
    update(&mut model, Msg::Paste(management_token(NOW + 1, 86_400, "read:users")));
    assert!(model.panes.api.message.as_ref().is_none(), "{:?}", model.panes.api.message.as_ref());
    assert!(!screen(&model, 120, 40).contains("Expect 403"));
}

#[test]
fn the_details_give_auth0s_words_for_each_scope_and_what_it_opens() {
    let mut model = model("read:users");
    select(&mut model, "GET", "/api/v2/users/{id}");
    let text = screen(&model, 200, 50);
    let row = row_with(&text, "  scopes: read:users");
    let used = crate::domain::catalog::catalog()
        .iter()
        .filter(|e| e.scopes.iter().any(|s| s == "read:users"))
        .count();
    assert!(row.contains(&format!("read:users (Read Users, used by {used} operations)")), "{row}");
    // A legacy scope the operation lists says what it is.
    assert!(row.contains("read:current_user ("), "{row}");
}
