//! The API pane over the whole catalog, through `update`: folded groups, the verdict filter,
//! generic forms with extra query rows, typed confirmations for every DELETE, the doc-link key
//! and its fallback, rules learned from a 403, and the Inspector's summary of the token's reach.

use crate::app::modal::ModalKind;
use crate::app::panes::api::{ListRow, VerdictFilter, groups};
use crate::app::{ApiRequest, Cmd, Model, Msg, OpenError, PaneId, update};
use crate::config::{Profile, Secret};
use crate::domain::api_response::ApiResponse;
use crate::domain::catalog::{RuleSource, catalog};
use crate::test_support::*;
use crossterm::event::KeyCode;
use std::time::Duration;

const DOMAIN: &str = "acme.eu.auth0.com";

fn model_with_scopes(scopes: &str) -> Model {
    let profile = Profile::new("acme", DOMAIN, "abc123", Secret::new("s".to_owned())).expect("profile");
    let mut model = Model::new(NOW, chrono::FixedOffset::east_opt(0).expect("offset"))
        .with_profiles(vec![profile], Some(0));
    update(&mut model, Msg::Paste(management_token(NOW, 86_400, scopes)));
    press(&mut model, KeyCode::Char('3'));
    assert_eq!(model.focus, PaneId::Api);
    model
}

fn call_of(cmds: &[Cmd]) -> ApiRequest {
    match cmds {
        [Cmd::CallApi { request, .. }] => request.clone(),
        other => panic!("expected one CallApi, got {other:?}"),
    }
}

fn call_id(cmds: &[Cmd]) -> u64 {
    match cmds {
        [Cmd::CallApi { id, .. }] => *id,
        other => panic!("expected one CallApi, got {other:?}"),
    }
}

fn response(status: u16, body: &str) -> ApiResponse {
    ApiResponse {
        status,
        reason: String::new(),
        headers: Vec::new(),
        body: body.as_bytes().to_vec(),
        latency: Duration::from_millis(3),
        rate_limit: None,
        url: format!("https://{DOMAIN}/api/v2/x"),
    }
}

fn group_index(name: &str) -> usize {
    groups().iter().position(|g| g.name == name).unwrap_or_else(|| panic!("no group {name}"))
}

fn index_of(method: &str, path: &str) -> usize {
    catalog()
        .iter()
        .position(|e| e.method.as_str() == method && e.path == path)
        .unwrap_or_else(|| panic!("{method} {path} missing"))
}

/// Moves the list's selection onto the header of `group` with the arrow keys.
fn select_header(model: &mut Model, group: usize) {
    press(model, KeyCode::Home);
    for _ in 0..model.panes.api.list.rows.len() {
        if model.panes.api.list.rows.get(model.panes.api.list.selected) == Some(&ListRow::Group(group)) {
            return;
        }
        press(model, KeyCode::Down);
    }
    panic!("group {group} has no header row");
}

#[test]
fn generic_groups_start_folded_and_unfold_with_z_enter_and_capital_z() {
    let mut model = model_with_scopes("read:users read:actions");
    let actions = group_index("actions");
    let get_actions = index_of("GET", "/api/v2/actions/actions");
    let rows = model.panes.api.list.rows.to_vec();
    assert!(rows.contains(&ListRow::Endpoint(index_of("GET", "/api/v2/users"))), "curated groups open");
    assert!(rows.contains(&ListRow::Group(actions)));
    assert!(!rows.contains(&ListRow::Endpoint(get_actions)), "generic groups start folded");
    assert!(model.panes.api.list.is_collapsed(actions));
    assert_eq!(model.panes.api.list.matching.len(), catalog().len(), "a fold hides rows, not matches");
    // The first operation is selected, not a header: Enter calls it.
    assert_eq!(
        model.panes.api.list.selected_endpoint().map(|e| e.id()).as_deref(),
        Some("GET /api/v2/users")
    );

    select_header(&mut model, actions);
    assert!(model.panes.api.list.selected_endpoint().is_none());
    press(&mut model, KeyCode::Char('z'));
    assert!(model.panes.api.list.rows.contains(&ListRow::Endpoint(get_actions)));
    assert_eq!(
        model.panes.api.list.rows[model.panes.api.list.selected],
        ListRow::Group(actions),
        "stays on the header"
    );
    // Enter on a header folds it again; nothing is called.
    assert!(press(&mut model, KeyCode::Enter).is_empty());
    assert!(!model.panes.api.list.rows.contains(&ListRow::Endpoint(get_actions)));
    // z on an operation folds its group and lands on the header.
    press(&mut model, KeyCode::Home);
    press(&mut model, KeyCode::Down);
    assert!(model.panes.api.list.selected_endpoint().is_some_and(|e| e.group == "users"));
    press(&mut model, KeyCode::Char('z'));
    assert_eq!(
        model.panes.api.list.rows[model.panes.api.list.selected],
        ListRow::Group(group_index("users"))
    );

    // Z unfolds every group (one is folded), then folds them all.
    press(&mut model, KeyCode::Char('Z'));
    assert_eq!(model.panes.api.list.rows.len(), groups().len() + catalog().len());
    press(&mut model, KeyCode::Char('Z'));
    assert_eq!(model.panes.api.list.rows.len(), groups().len());
    assert!(model.panes.api.list.rows.iter().all(|r| matches!(r, ListRow::Group(_))));

    // A text filter shows the groups with matches unfolded, the others not at all.
    press(&mut model, KeyCode::Char('/'));
    type_text(&mut model, "actions modules");
    press(&mut model, KeyCode::Enter);
    let rows = model.panes.api.list.rows.clone();
    assert_eq!(rows[0], ListRow::Group(actions), "{rows:?}");
    assert!(rows.len() > 2 && rows[1..].iter().all(|r| matches!(r, ListRow::Endpoint(_))), "{rows:?}");
    assert_eq!(
        model.panes.api.list.selected_endpoint().map(|e| e.id()).as_deref(),
        Some("GET /api/v2/actions/modules")
    );
    // Clearing the filter keeps that operation selected: its group unfolds for it.
    press(&mut model, KeyCode::Char('/'));
    press(&mut model, KeyCode::Esc);
    assert_eq!(
        model.panes.api.list.selected_endpoint().map(|e| e.id()).as_deref(),
        Some("GET /api/v2/actions/modules")
    );
    assert!(!model.panes.api.list.is_collapsed(actions));
}

#[test]
fn filtering_a_resource_lists_it_before_the_paths_that_merely_contain_it() {
    let mut model = model_with_scopes("read:roles read:users");
    press(&mut model, KeyCode::Char('/'));
    type_text(&mut model, "roles");
    press(&mut model, KeyCode::Enter);
    let rows = model.panes.api.list.rows.clone();
    assert_eq!(rows[0], ListRow::Group(group_index("roles")), "{rows:?}");
    assert_eq!(
        model.panes.api.list.selected_endpoint().map(|e| e.id()).as_deref(),
        Some("GET /api/v2/roles")
    );
    let users =
        rows.iter().position(|r| *r == ListRow::Group(group_index("users"))).expect("users matches too");
    assert!(users > 1, "users/{{id}}/roles comes after the roles resource: {rows:?}");
    // A path prefix ranks its group first too.
    model.panes.api.list.set_filter("/users/{id}/ro");
    assert_eq!(model.panes.api.list.rows[0], ListRow::Group(group_index("users")));
    // Without a filter the catalog order is back.
    model.panes.api.list.set_filter("");
    assert!(matches!(model.panes.api.list.rows[0], ListRow::Group(0)));
}

#[test]
fn the_verdict_filter_cycles_all_allowed_denied() {
    let mut model = model_with_scopes("read:users read:clients");
    let allowed = model.panes.api.list.checks.iter().filter(|c| c.is_allowed()).count();
    assert!(allowed > 3 && allowed < catalog().len());
    press(&mut model, KeyCode::Char('F'));
    assert_eq!(model.panes.api.list.verdict, VerdictFilter::Allowed);
    assert_eq!(model.panes.api.list.matching.len(), allowed);
    assert!(model.panes.api.list.matching.iter().all(|&i| model.panes.api.list.checks[i].is_allowed()));
    // Groups without an allowed operation disappear; the rest keep their headers.
    let shown_groups = model.panes.api.list.rows.iter().filter(|r| matches!(r, ListRow::Group(_))).count();
    assert!(shown_groups < groups().len() && shown_groups >= 2, "{shown_groups}");
    press(&mut model, KeyCode::Char('F'));
    assert_eq!(model.panes.api.list.verdict, VerdictFilter::Denied);
    assert_eq!(model.panes.api.list.matching.len(), catalog().len() - allowed);
    assert!(model.panes.api.list.matching.iter().all(|&i| !model.panes.api.list.checks[i].is_allowed()));
    // Both filters at once.
    model.panes.api.list.set_filter("get users");
    let list = &model.panes.api.list;
    assert!(
        list.matching.iter().all(|&i| !list.checks[i].is_allowed() && catalog()[i].method.as_str() == "GET")
    );
    press(&mut model, KeyCode::Char('F'));
    assert_eq!(model.panes.api.list.verdict, VerdictFilter::All);
    assert!(model.panes.api.message.as_ref().is_some_and(|m| m.text.contains("Showing all operations")));
}

#[test]
fn a_generic_form_builds_the_query_string_from_extra_rows() {
    let mut model = model_with_scopes("read:actions");
    select(&mut model, "GET", "/api/v2/actions/actions/{actionId}/versions");
    press(&mut model, KeyCode::Char('l'));
    press(&mut model, KeyCode::Enter);
    type_text(&mut model, "act|1");
    press(&mut model, KeyCode::Enter);
    // + opens the editor on a new row; `key = value`, `key=value` both work.
    press(&mut model, KeyCode::Char('+'));
    assert!(matches!(model.panes.api.modal.as_ref().map(|m| &m.kind), Some(ModalKind::Line(_))));
    type_text(&mut model, "page = 2");
    press(&mut model, KeyCode::Enter);
    press(&mut model, KeyCode::Char('+'));
    type_text(&mut model, "q=a b&c");
    press(&mut model, KeyCode::Enter);
    // A row without a key is refused and the editor stays open.
    press(&mut model, KeyCode::Char('+'));
    type_text(&mut model, "= 3");
    press(&mut model, KeyCode::Enter);
    let kind = model.panes.api.modal.as_ref().map(|m| &m.kind);
    assert!(matches!(kind, Some(ModalKind::Line(line)) if line.error.is_some()), "{kind:?}");
    press(&mut model, KeyCode::Esc);
    let form = model.panes.api.selected_form().expect("form");
    assert_eq!(form.extra, [("page".to_owned(), "2".to_owned()), ("q".to_owned(), "a b&c".to_owned())]);
    let request = call_of(&press(&mut model, KeyCode::Char('s')));
    assert_eq!(request.path_and_query, "/api/v2/actions/actions/act%7C1/versions?page=2&q=a%20b%26c");
    press(&mut model, KeyCode::Esc);

    // `-` removes the row under the cursor (only extra rows).
    press(&mut model, KeyCode::Home);
    press(&mut model, KeyCode::Char('-'));
    assert_eq!(model.panes.api.selected_form().map(|f| f.extra.len()), Some(2), "the path row stays");
    press(&mut model, KeyCode::Down);
    press(&mut model, KeyCode::Char('-'));
    let request = call_of(&press(&mut model, KeyCode::Char('s')));
    assert_eq!(request.path_and_query, "/api/v2/actions/actions/act%7C1/versions?q=a%20b%26c");
}

#[test]
fn curated_forms_get_extra_rows_after_their_own_and_bodies_for_generic_posts() {
    let mut model = model_with_scopes("read:users create:actions");
    select(&mut model, "GET", "/api/v2/users");
    press(&mut model, KeyCode::Char('+'));
    type_text(&mut model, "connection = Username-Password-Authentication");
    press(&mut model, KeyCode::Enter);
    let request = call_of(&press(&mut model, KeyCode::Char('s')));
    assert_eq!(
        request.path_and_query,
        "/api/v2/users?search_engine=v3&page=0&per_page=50&include_totals=true\
         &connection=Username-Password-Authentication"
    );
    press(&mut model, KeyCode::Esc);
    select(&mut model, "POST", "/api/v2/actions/actions");
    let form = model.panes.api.selected_form().expect("form");
    assert_eq!(form.body.as_deref(), Some("{}"), "a generic POST gets a JSON body editor");
    press(&mut model, KeyCode::Char('l'));
    press(&mut model, KeyCode::Enter);
    press_with(&mut model, KeyCode::Char('u'), crossterm::event::KeyModifiers::CONTROL);
    type_text(&mut model, r#"{"name": "n"}"#);
    // The body editor is multi-line: Enter breaks the line, Ctrl-S keeps the body.
    press_with(&mut model, KeyCode::Char('s'), crossterm::event::KeyModifiers::CONTROL);
    // A POST changes the tenant: the confirmation shows the body, and the method is typed.
    assert!(press(&mut model, KeyCode::Char('s')).is_empty());
    let change = change(&model).expect("a confirmation");
    assert!(change.body.as_deref().is_some_and(|b| b.contains("\"name\": \"n\"")), "{change:?}");
    type_text(&mut model, "post");
    let request = call_of(&press(&mut model, KeyCode::Enter));
    assert_eq!(request.body, Some(serde_json::json!({"name": "n"})));
}

#[test]
fn every_generic_delete_asks_for_the_typed_id() {
    let mut model = model_with_scopes("delete:actions");
    select(&mut model, "DELETE", "/api/v2/actions/actions/{id}");
    assert!(!model.panes.api.list.selected_endpoint().is_some_and(|e| e.curated));
    set_param(&mut model, "id", "act_9");
    assert!(press(&mut model, KeyCode::Enter).is_empty(), "nothing leaves before the confirmation");
    assert_eq!(change(&model).expect("a confirmation").expected(), "act_9");
    type_text(&mut model, "act_9");
    let request = call_of(&press(&mut model, KeyCode::Enter));
    assert_eq!(
        (request.method.as_str(), request.path_and_query.as_str()),
        ("DELETE", "/api/v2/actions/actions/act_9")
    );
    // A long id is also confirmed by its last six characters (a wrong tail is refused).
    press(&mut model, KeyCode::Esc); // cancels the call in flight
    select(&mut model, "DELETE", "/api/v2/actions/actions/{id}");
    set_param(&mut model, "id", "act_0123456789abcdef");
    press(&mut model, KeyCode::Enter);
    assert_eq!(change(&model).expect("a confirmation").accepted_suffix(), Some("abcdef"));
    type_text(&mut model, "bcdef");
    assert!(press(&mut model, KeyCode::Enter).is_empty(), "five characters are not enough");
    assert!(confirmation(&model).is_some_and(|c| c.mismatch.is_some()), "the box stays open and says why");
    press_with(&mut model, KeyCode::Char('u'), crossterm::event::KeyModifiers::CONTROL);
    type_text(&mut model, "abcdef");
    let request = call_of(&press(&mut model, KeyCode::Enter));
    assert_eq!(request.path_and_query, "/api/v2/actions/actions/act_0123456789abcdef");
    // Every DELETE of the catalog is marked destructive.
    assert!(catalog().iter().filter(|e| e.method.as_str() == "DELETE").all(|e| e.destructive));
}

#[test]
fn o_opens_the_documentation_page_and_copies_it_when_no_browser_opens() {
    let mut model = model_with_scopes("read:users");
    select(&mut model, "GET", "/api/v2/users/{id}/roles");
    let doc = model.panes.api.list.selected_endpoint().map(|e| e.doc.clone()).expect("endpoint");
    assert!(doc.starts_with("https://auth0.com/docs/api/management/v2/"), "{doc}");
    let cmds = press(&mut model, KeyCode::Char('o'));
    assert!(matches!(cmds.as_slice(), [Cmd::OpenDoc { url }] if *url == doc), "{cmds:?}");
    // Opening worked: the notice says so.
    update(&mut model, Msg::DocOpened { url: doc.clone(), result: Ok(()) });
    assert!(model.notice.as_ref().is_some_and(|n| n.text.contains("Opened the documentation page")));
    // No browser: the link is copied instead, and the copy's notice says why.
    let failure = OpenError::from(std::io::Error::other("no xdg-open"));
    let cmds = update(&mut model, Msg::DocOpened { url: doc.clone(), result: Err(failure) });
    let [Cmd::Copy { what, text }] = cmds.as_slice() else { panic!("expected a copy, got {cmds:?}") };
    assert_eq!(text, &doc);
    assert!(what.contains("no browser opened: no xdg-open"), "{what}");
    update(&mut model, Msg::Copied { what: what.clone(), result: Ok(()) });
    assert!(model.notice.as_ref().is_some_and(|n| n.text.contains("documentation link (no browser")));
    // O copies straight away.
    let cmds = press(&mut model, KeyCode::Char('O'));
    assert!(matches!(cmds.as_slice(), [Cmd::Copy { text, .. }] if *text == doc), "{cmds:?}");
}

#[test]
fn a_403_stating_all_of_is_learned_for_the_session() {
    let mut model = model_with_scopes("read:clients");
    let search = index_of("GET", "/api/v2/clients/search");
    let documented = &catalog()[search];
    assert_eq!(documented.rule_source, RuleSource::AssumedAny);
    assert!(model.panes.api.list.checks[search].is_allowed(), "any-of: read:clients suffices on paper");
    select(&mut model, "GET", "/api/v2/clients/search");
    // A 403 that does not say "all of" teaches nothing.
    let id = call_id(&press(&mut model, KeyCode::Char('s')));
    let vague = r#"{"statusCode":403,"error":"Forbidden","message":"Insufficient scope, expected any of: read:client_summary","errorCode":"insufficient_scope"}"#;
    update(&mut model, Msg::ApiDone { id, result: Ok(response(403, vague)) });
    assert!(model.panes.api.list.checks[search].is_allowed());
    // One that does changes the verdict and the rule shown, for this session.
    let id = call_id(&press(&mut model, KeyCode::Char('s')));
    let stated = r#"{"statusCode":403,"error":"Forbidden","message":"Insufficient scope, expected all of: read:clients, read:client_summary","errorCode":"insufficient_scope"}"#;
    update(&mut model, Msg::ApiDone { id, result: Ok(response(403, stated)) });
    assert!(!model.panes.api.list.checks[search].is_allowed());
    let learned = model.panes.api.list.endpoint(search).expect("endpoint");
    assert_eq!(learned.rule_source, RuleSource::Learned);
    assert!(learned.rule_label().starts_with("all of (learned"), "{}", learned.rule_label());
    assert!(
        model
            .panes
            .api
            .message
            .as_ref()
            .is_some_and(|m| m.text.contains("all of: read:clients + read:client_summary"))
    );
    assert_eq!(
        model.panes.api.list.capability.allowed,
        model.panes.api.list.checks.iter().filter(|c| c.is_allowed()).count()
    );
    // The next call warns with the learned rule, and a new token keeps it.
    update(&mut model, Msg::Paste(management_token(NOW + 1, 86_400, "read:clients read:client_summary")));
    assert!(model.panes.api.list.checks[search].is_allowed());
    update(&mut model, Msg::Paste(management_token(NOW + 2, 86_400, "read:clients")));
    assert!(!model.panes.api.list.checks[search].is_allowed(), "remembered across tokens");
}

#[test]
fn the_inspector_counts_what_the_token_can_call_and_flags_stray_scopes() {
    let mut model = model_with_scopes("read:users read:userz read:roles openid");
    press(&mut model, KeyCode::Char('1'));
    let token = model.token.as_ref().expect("token");
    let api = &token.view.api;
    let allowed = model.panes.api.list.capability.allowed;
    assert_eq!(api.summary, format!("can call {allowed} of 469 Management API operations"));
    assert!(api.groups.starts_with("users "), "{}", api.groups);
    assert!(api.groups.contains(" · roles "), "{}", api.groups);
    assert!(!api.groups.contains("actions"), "only groups with an allowed operation: {}", api.groups);
    assert_eq!(api.unused.len(), 2, "{:?}", api.unused);
    assert!(
        api.unused[0].starts_with("openid unlocks no operation: unknown to the Management API"),
        "{:?}",
        api.unused
    );
    assert!(
        api.unused[1].starts_with("read:userz unlocks no operation: unknown to the Management API (typo"),
        "{:?}",
        api.unused
    );
}
