//! The API pane through `update`: keys and `ApiDone` messages in, model and commands out.

use crate::app::modal::ModalKind;
use crate::app::panes::api::keys::Focus;
use crate::app::{ApiRequest, Cmd, Model, Msg, PaneId, update};
use crate::config::{Profile, Secret};
use crate::domain::api_response::ApiResponse;
use crate::domain::auth0::RateLimitInfo;
use crate::domain::catalog::catalog;
use crate::test_support::*;
use crossterm::event::{KeyCode, KeyModifiers};
use std::time::Duration;

const DOMAIN: &str = "acme.eu.auth0.com";

fn model_with_scopes(scopes: &str) -> Model {
    let profile = Profile::new("acme", DOMAIN, "abc123", Secret::new("s".to_owned())).expect("profile");
    let mut model = Model::new(NOW, chrono::FixedOffset::east_opt(0).expect("offset"))
        .with_profiles(vec![profile], Some(0));
    let token = management_token(NOW, 86_400, scopes);
    update(&mut model, Msg::Paste(token));
    press(&mut model, KeyCode::Char('3'));
    assert_eq!(model.focus, PaneId::Api);
    model
}

fn set_field(model: &mut Model, name: &str, value: &str) {
    set_param(model, name, value);
}

fn call_of(cmds: &[Cmd]) -> (u64, ApiRequest) {
    match cmds {
        [Cmd::CallApi { id, request }] => (*id, request.clone()),
        other => panic!("expected one CallApi, got {other:?}"),
    }
}

fn response(status: u16, body: &str, rate_limit: Option<RateLimitInfo>) -> ApiResponse {
    ApiResponse {
        status,
        reason: reqwest::StatusCode::from_u16(status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .unwrap_or("")
            .to_owned(),
        headers: Vec::new(),
        body: body.as_bytes().to_vec(),
        latency: Duration::from_millis(12),
        rate_limit,
        url: format!("https://{DOMAIN}/api/v2/x"),
    }
}

#[test]
fn filter_narrows_the_list_enter_keeps_it_and_esc_clears_it() {
    let mut model = model_with_scopes("read:users");
    let all = catalog().len();
    assert_eq!(model.panes.api.list.matching.len(), all);
    press(&mut model, KeyCode::Char('/'));
    assert!(model.panes.api.modal.is_some(), "typing goes to the filter, q included");
    type_text(&mut model, "client grants");
    assert!(!model.should_quit);
    let narrowed: Vec<String> = model.panes.api.list.matching.iter().map(|&i| catalog()[i].id()).collect();
    // the client-grants group (curated entries first) and organizations' client grants
    assert_eq!(narrowed[..2], ["GET /api/v2/client-grants", "DELETE /api/v2/client-grants/{id}"]);
    assert_eq!(narrowed.len(), 9);
    press(&mut model, KeyCode::Enter);
    assert!(model.panes.api.modal.is_none());
    assert_eq!(model.panes.api.list.filter.as_str(), "client grants");
    assert_eq!(model.panes.api.list.matching.len(), 9);
    press(&mut model, KeyCode::Char('/'));
    press(&mut model, KeyCode::Esc);
    assert_eq!(model.panes.api.list.filter.as_str(), "");
    assert_eq!(model.panes.api.list.matching.len(), all);
}

#[test]
fn verdicts_are_recomputed_when_the_token_changes() {
    let mut model = model_with_scopes("read:users");
    let clients = catalog().iter().position(|e| e.id() == "GET /api/v2/clients").expect("clients");
    let users = catalog().iter().position(|e| e.id() == "GET /api/v2/users").expect("users");
    assert!(model.panes.api.list.checks[users].is_allowed());
    assert!(!model.panes.api.list.checks[clients].is_allowed());
    update(&mut model, Msg::Paste(management_token(NOW, 86_400, "read:clients")));
    assert!(model.panes.api.list.checks[clients].is_allowed());
    assert!(!model.panes.api.list.checks[users].is_allowed());
}

#[test]
fn form_values_become_the_request_path() {
    let mut model = model_with_scopes("read:users");
    select(&mut model, "GET", "/api/v2/users/{id}");
    press(&mut model, KeyCode::Char('l'));
    assert_eq!(model.panes.api.focus, Focus::Form);
    press(&mut model, KeyCode::Enter);
    type_text(&mut model, "auth0|abc");
    press(&mut model, KeyCode::Enter);
    press(&mut model, KeyCode::Down);
    press(&mut model, KeyCode::Enter);
    type_text(&mut model, "email,name");
    press(&mut model, KeyCode::Enter);
    let (_, request) = call_of(&press(&mut model, KeyCode::Char('s')));
    assert_eq!(request.method, "GET");
    assert_eq!(request.path_and_query, "/api/v2/users/auth0%7Cabc?fields=email%2Cname");
    assert_eq!(request.domain, format!("https://{DOMAIN}"));
    assert_eq!(Some(request.token.as_str()), model.token.as_ref().map(|t| t.raw()));
    assert!(model.panes.api.in_flight() && model.busy());
}

#[test]
fn user_search_defaults_and_missing_path_parameters() {
    let mut model = model_with_scopes("read:users");
    select(&mut model, "GET", "/api/v2/users");
    let (_, request) = call_of(&press(&mut model, KeyCode::Enter));
    assert_eq!(
        request.path_and_query,
        "/api/v2/users?search_engine=v3&page=0&per_page=50&include_totals=true"
    );
    press(&mut model, KeyCode::Esc); // drops the call in flight
    select(&mut model, "GET", "/api/v2/users/{id}");
    assert!(press(&mut model, KeyCode::Enter).is_empty(), "no id, no call");
    let message = model.panes.api.message.as_ref().cloned().expect("says why");
    assert!(message.error && message.text.contains("missing path parameter `id`"), "{message:?}");
}

#[test]
fn destructive_calls_need_the_typed_target() {
    let mut model = model_with_scopes("delete:client_grants");
    select(&mut model, "DELETE", "/api/v2/client-grants/{id}");
    set_field(&mut model, "id", "cgr_123");
    assert!(press(&mut model, KeyCode::Enter).is_empty(), "nothing is sent before confirming");
    let change = change(&model).expect("a confirmation");
    assert_eq!(change.expected(), "cgr_123");
    assert_eq!(change.tenant, DOMAIN);
    assert!(change.will.iter().any(|l| l.contains("Deletes client grant cgr_123")), "{change:?}");
    assert!(
        change.will_not.iter().any(|l| l.contains("Does NOT revoke tokens already issued")),
        "{change:?}"
    );
    // A wrong answer keeps the box open and says what to type; nothing is sent.
    type_text(&mut model, "cgr_12");
    assert!(press(&mut model, KeyCode::Enter).is_empty());
    let confirm = confirmation(&model).expect("still open");
    assert!(confirm.mismatch.as_deref().is_some_and(|m| m.starts_with("Does not match")), "{confirm:?}");
    // Esc cancels, says nothing was sent, and neither quits nor sends.
    assert!(press(&mut model, KeyCode::Esc).is_empty());
    assert!(model.panes.api.modal.is_none());
    assert!(model.notice.as_ref().is_some_and(|n| n.text.contains("nothing was sent")), "{:?}", model.notice);
    // The right answer (pasted here) sends exactly that call.
    press(&mut model, KeyCode::Enter);
    update(&mut model, Msg::Paste("cgr_123".into()));
    let (_, request) = call_of(&press(&mut model, KeyCode::Enter));
    assert_eq!(
        (request.method.as_str(), request.path_and_query.as_str()),
        ("DELETE", "/api/v2/client-grants/cgr_123")
    );
}

#[test]
fn rotate_secret_confirmation_says_what_will_not_happen() {
    let mut model = model_with_scopes("update:client_keys");
    select(&mut model, "POST", "/api/v2/clients/{id}/rotate-secret");
    set_field(&mut model, "id", "cl_1");
    press(&mut model, KeyCode::Char('s'));
    let change = change(&model).expect("a confirmation");
    assert!(
        change.will_not.iter().any(|l| l.contains("Does NOT invalidate tokens already issued")),
        "{change:?}"
    );
}

#[test]
fn stale_and_cancelled_answers_are_ignored() {
    let mut model = model_with_scopes("read:users");
    select(&mut model, "GET", "/api/v2/users");
    let (first, _) = call_of(&press(&mut model, KeyCode::Enter));
    // Esc cancels the call in flight.
    let cmds = press(&mut model, KeyCode::Esc);
    assert!(matches!(cmds.as_slice(), [Cmd::Cancel(id)] if *id == first), "{cmds:?}");
    assert!(!model.panes.api.in_flight());
    update(&mut model, Msg::ApiDone { id: first, result: Ok(response(200, "[]", None)) });
    assert!(model.panes.api.call.response.as_ref().is_none(), "a cancelled call's answer is dropped");
    let (second, _) = call_of(&press(&mut model, KeyCode::Char('s')));
    assert_ne!(first, second);
    update(&mut model, Msg::ApiDone { id: first, result: Ok(response(500, "{}", None)) });
    assert!(
        model.panes.api.in_flight() && model.panes.api.call.response.as_ref().is_none(),
        "stale id ignored"
    );
    update(
        &mut model,
        Msg::ApiDone { id: second, result: Ok(response(200, r#"[{"user_id":"auth0|1"}]"#, None)) },
    );
    assert!(!model.panes.api.in_flight());
    assert_eq!(model.panes.api.call.response.as_ref().and_then(|r| r.status), Some(200));
    assert_eq!(model.panes.api.focus, Focus::Response);
}

#[test]
fn picker_fills_a_path_parameter_from_the_last_response() {
    let mut model = model_with_scopes("read:users");
    select(&mut model, "GET", "/api/v2/users");
    let (id, _) = call_of(&press(&mut model, KeyCode::Enter));
    let body =
        r#"{"users":[{"user_id":"auth0|1","email":"a@x"},{"user_id":"auth0|2","email":"b@x"}],"total":2}"#;
    update(&mut model, Msg::ApiDone { id, result: Ok(response(200, body, None)) });
    select(&mut model, "GET", "/api/v2/users/{id}");
    press(&mut model, KeyCode::Char('l'));
    press(&mut model, KeyCode::Char('p'));
    assert!(
        matches!(model.panes.api.modal.as_ref().map(|m| &m.kind), Some(ModalKind::Pick(p)) if p.options.len() == 2)
    );
    press(&mut model, KeyCode::Down);
    press(&mut model, KeyCode::Enter);
    let (_, request) = call_of(&press(&mut model, KeyCode::Char('s')));
    assert_eq!(request.path_and_query, "/api/v2/users/auth0%7C2");
}

#[test]
fn a_429_offers_one_retry_at_the_reset_and_never_loops() {
    let mut model = model_with_scopes("read:users");
    select(&mut model, "GET", "/api/v2/users");
    let (id, request) = call_of(&press(&mut model, KeyCode::Enter));
    let limit = RateLimitInfo { limit: 2, remaining: 0, reset_epoch: NOW + 3 };
    let body = r#"{"statusCode":429,"error":"Too Many Requests","message":"Global limit has been reached","errorCode":"too_many_requests"}"#;
    update(&mut model, Msg::ApiDone { id, result: Ok(response(429, body, Some(limit))) });
    let view = model.panes.api.call.response.as_ref().expect("response");
    assert!(view.explanation.as_deref().is_some_and(|e| e.contains("x-ratelimit-reset")));
    assert!(model.panes.api.call.shows_countdown(model.now));
    // Nothing happens by itself.
    for t in 1..=5 {
        assert!(update(&mut model, Msg::Tick(NOW + t)).is_empty(), "no silent retry");
    }
    // R schedules one retry for the reset; it fires once, at the reset.
    let mut model = model_with_scopes("read:users");
    select(&mut model, "GET", "/api/v2/users");
    let (id, _) = call_of(&press(&mut model, KeyCode::Enter));
    update(&mut model, Msg::ApiDone { id, result: Ok(response(429, body, Some(limit))) });
    assert!(press(&mut model, KeyCode::Char('R')).is_empty());
    assert_eq!(model.panes.api.call.retry_at, Some(NOW + 3));
    assert!(update(&mut model, Msg::Tick(NOW + 2)).is_empty());
    let (retry_id, retry) = call_of(&update(&mut model, Msg::Tick(NOW + 3)));
    assert_eq!(retry.path_and_query, request.path_and_query);
    update(
        &mut model,
        Msg::ApiDone {
            id: retry_id,
            result: Ok(response(429, body, Some(RateLimitInfo { reset_epoch: NOW + 5, ..limit }))),
        },
    );
    for t in 4..=10 {
        assert!(update(&mut model, Msg::Tick(NOW + t)).is_empty(), "a second 429 waits for another R");
    }
    // R twice cancels the schedule.
    press(&mut model, KeyCode::Char('R'));
    press(&mut model, KeyCode::Char('R'));
    assert_eq!(model.panes.api.call.retry_at, None);
}

#[test]
fn paging_offsets_and_checkpoints() {
    let mut model = model_with_scopes("read:users read:clients");
    select(&mut model, "GET", "/api/v2/users");
    let (id, _) = call_of(&press(&mut model, KeyCode::Enter));
    let page = |n: usize| {
        let users: Vec<String> = (0..50).map(|i| format!(r#"{{"user_id":"u{}"}}"#, n * 50 + i)).collect();
        format!(r#"{{"start":{},"limit":50,"length":50,"users":[{}],"total":120}}"#, n * 50, users.join(","))
    };
    update(&mut model, Msg::ApiDone { id, result: Ok(response(200, &page(0), None)) });
    assert!(press(&mut model, KeyCode::Char('[')).is_empty(), "no page before the first");
    let (id, next) = call_of(&press(&mut model, KeyCode::Char(']')));
    assert!(next.path_and_query.contains("page=1&per_page=50"), "{}", next.path_and_query);
    update(&mut model, Msg::ApiDone { id, result: Ok(response(200, &page(1), None)) });
    let (id, next) = call_of(&press(&mut model, KeyCode::Char(']')));
    assert!(next.path_and_query.contains("page=2"), "{}", next.path_and_query);
    update(&mut model, Msg::ApiDone { id, result: Ok(response(200, &page(2), None)) });
    assert!(press(&mut model, KeyCode::Char(']')).is_empty(), "120 users: page 2 is the last");
    let (_, previous) = call_of(&press(&mut model, KeyCode::Char('[')));
    assert!(previous.path_and_query.contains("page=1"), "{}", previous.path_and_query);
    press(&mut model, KeyCode::Esc); // drops the call in flight

    // Checkpoints: `next` from the body forward, the remembered `from` backward.
    select(&mut model, "GET", "/api/v2/clients");
    set_field(&mut model, "take", "2");
    let (id, first) = call_of(&press(&mut model, KeyCode::Enter));
    assert!(first.path_and_query.contains("take=2") && !first.path_and_query.contains("from="));
    update(
        &mut model,
        Msg::ApiDone { id, result: Ok(response(200, r#"{"clients":[{},{}],"next":"cp2"}"#, None)) },
    );
    let (id, second) = call_of(&press(&mut model, KeyCode::Char(']')));
    assert!(second.path_and_query.contains("from=cp2&take=2"), "{}", second.path_and_query);
    update(&mut model, Msg::ApiDone { id, result: Ok(response(200, r#"{"clients":[{}]}"#, None)) });
    assert!(press(&mut model, KeyCode::Char(']')).is_empty(), "no next: last page");
    let (_, back) = call_of(&press(&mut model, KeyCode::Char('[')));
    assert!(!back.path_and_query.contains("from="), "{}", back.path_and_query);
}

#[test]
fn copy_body_and_curl_with_the_token_only_on_request() {
    let mut model = model_with_scopes("read:users");
    select(&mut model, "GET", "/api/v2/stats/active-users");
    let (id, _) = call_of(&press(&mut model, KeyCode::Enter));
    update(&mut model, Msg::ApiDone { id, result: Ok(response(200, "36", None)) });
    let cmds = press(&mut model, KeyCode::Char('y'));
    assert!(matches!(cmds.as_slice(), [Cmd::Copy { text, .. }] if text == "36"), "{cmds:?}");
    let raw = model.token.as_ref().map(|t| t.raw().to_owned()).expect("token");
    let curl = |cmds: Vec<Cmd>| match cmds.as_slice() {
        [Cmd::Copy { text, .. }] => text.clone(),
        other => panic!("{other:?}"),
    };
    let plain = curl(press_with(&mut model, KeyCode::Char('Y'), KeyModifiers::SHIFT));
    assert!(plain.contains("$TOKEN") && !plain.contains(&raw), "{plain}");
    assert!(plain.contains(&format!("'https://{DOMAIN}/api/v2/stats/active-users'")), "{plain}");
    press(&mut model, KeyCode::Char('t'));
    let with = curl(press(&mut model, KeyCode::Char('Y')));
    assert!(with.contains(&raw), "{with}");
}

#[test]
fn without_token_or_profile_nothing_is_sent() {
    let mut model = Model::new(NOW, chrono::FixedOffset::east_opt(0).expect("offset"));
    press(&mut model, KeyCode::Char('3'));
    assert!(press(&mut model, KeyCode::Enter).is_empty());
    assert!(model.panes.api.message.as_ref().is_some_and(|m| m.text.contains("No token")));
    update(&mut model, Msg::Paste(management_token(NOW, 86_400, "read:users")));
    assert!(press(&mut model, KeyCode::Enter).is_empty());
    assert!(model.panes.api.message.as_ref().is_some_and(|m| m.text.contains("No active profile")));
}

#[test]
fn search_inside_the_body() {
    let mut model = model_with_scopes("read:users");
    select(&mut model, "GET", "/api/v2/users");
    let (id, _) = call_of(&press(&mut model, KeyCode::Enter));
    let users: Vec<String> = (0..40).map(|i| format!(r#"{{"user_id":"u{i}","email":"p{i}@x"}}"#)).collect();
    update(
        &mut model,
        Msg::ApiDone { id, result: Ok(response(200, &format!("[{}]", users.join(",")), None)) },
    );
    press(&mut model, KeyCode::Char('/'));
    type_text(&mut model, "P3");
    press(&mut model, KeyCode::Enter);
    let view = model.panes.api.call.response.as_ref().expect("response");
    let search = view.search.as_ref().expect("search");
    assert_eq!(search.matches.len(), 11, "p3 and p30..p39, case-insensitive");
    let first = search.matches[0];
    assert!(view.lines[first].text().contains("p3@x"));
    press(&mut model, KeyCode::Char('n'));
    assert_eq!(
        model.panes.api.call.response.as_ref().and_then(|r| r.search.as_ref()).map(|s| s.current),
        Some(1)
    );
}

/// The pane only asks for calls; `update` numbers them, from the same counter as token
/// fetches, and Esc cancels exactly the call it numbered.
#[test]
fn request_ids_are_assigned_by_update_and_unique_across_fetches_and_calls() {
    let mut model = model_with_scopes("read:users");
    let fetch = match press(&mut model, KeyCode::Char('f')).as_slice() {
        [Cmd::FetchToken { id, .. }] => *id,
        other => panic!("expected a fetch, got {other:?}"),
    };
    select(&mut model, "GET", "/api/v2/users");
    let (call, _) = call_of(&press(&mut model, KeyCode::Enter));
    assert_ne!(fetch, call);
    // The first Esc cancels what the focused pane does (the call), the second the fetch, each
    // by its own id.
    assert!(matches!(press(&mut model, KeyCode::Esc).as_slice(), [Cmd::Cancel(id)] if *id == call));
    assert!(matches!(press(&mut model, KeyCode::Esc).as_slice(), [Cmd::Cancel(id)] if *id == fetch));
    assert!(!model.panes.api.in_flight());
    let (next, _) = call_of(&press(&mut model, KeyCode::Enter));
    assert!(next > call && next > fetch, "ids never repeat");
}
