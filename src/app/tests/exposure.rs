//! The Exposure pane's state machine: which token reads the log (never a new exchange), the
//! pacing and the watch, the story and the list, Esc, and a remedy through the typed
//! confirmation whose answer comes back to the pane.

use crate::app::modal::{ModalKind, Question};
use crate::app::panes::exposure::View;
use crate::app::{Cmd, Model, Msg, PaneId, update};
use crate::domain::api_response::ApiResponse;
use crate::domain::exposure::{ExposureUnknown, SearchCost, Subject};
use crate::test_support::exposure::*;
use crate::test_support::*;
use crossterm::event::KeyCode;

fn model_with_token(scopes: &str) -> Model {
    let mut model = Model::new(NOW, offset()).with_profiles(vec![acme(CLIENT)], Some(0));
    update(&mut model, Msg::Paste(management_token(NOW - 60, 86_400, scopes)));
    press(&mut model, KeyCode::Char('4'));
    assert_eq!(model.focus, PaneId::Exposure);
    model
}

/// The incident: three addresses, the secret rotated an hour ago, a knock afterwards.
fn incident() -> Vec<serde_json::Value> {
    vec![
        issued(CLIENT, 7_200, "203.0.113.10"),
        issued(CLIENT, 5_000, "192.0.2.44"),
        event(
            "sapi",
            CLIENT,
            3_600,
            "198.51.100.23",
            serde_json::json!({"request": {"method": "post", "path": format!("/api/v2/clients/{CLIENT}/rotate-secret")},
                                "response": {"statusCode": 200, "body": {}}}),
        ),
        event("feccft", CLIENT, 600, "192.0.2.44", serde_json::json!({})),
        issued(CLIENT, 300, "203.0.113.10"),
    ]
}

fn never_an_exchange(cmds: &[Cmd]) {
    assert!(!cmds.iter().any(|c| matches!(c, Cmd::FetchToken { .. })), "{cmds:?}");
}

#[test]
fn r_reads_with_the_inspected_token_only_when_it_may_read_the_log() {
    let mut model = model_with_token("read:users read:logs");
    let cmds = press(&mut model, KeyCode::Char('r'));
    never_an_exchange(&cmds);
    let (_, question, asking) = read_cmd(&cmds).expect("a read");
    assert_eq!(question.query.subject, Subject::Client(CLIENT.into()));
    assert_eq!(question.query.audience, API);
    assert!(asking.is_some_and(|t| model.token.as_ref().is_some_and(|i| i.raw() == t)));
    assert!(model.busy(), "the spinner runs while the log is read");

    let mut model = model_with_token("read:users");
    let cmds = press(&mut model, KeyCode::Char('r'));
    let (_, _, asking) = read_cmd(&cmds).expect("a read");
    assert_eq!(asking, None, "the runtime looks for a held or cached token; it never fetches one");
    match cmds.iter().find(|c| matches!(c, Cmd::ReadExposure { .. })) {
        Some(Cmd::ReadExposure { held, .. }) => assert!(held.is_empty(), "no held token may read the log"),
        _ => unreachable!(),
    }
}

#[test]
fn without_a_token_r_says_what_to_do_and_sends_nothing() {
    let mut model = Model::new(NOW, offset()).with_profiles(vec![acme(CLIENT)], Some(0));
    press(&mut model, KeyCode::Char('4'));
    let cmds = press(&mut model, KeyCode::Char('r'));
    assert!(read_cmd(&cmds).is_none());
    let notice = model.notice.clone().map(|n| n.text).unwrap_or_default();
    assert!(notice.contains("No token inspected") && notice.contains("press l"), "{notice}");
}

#[test]
fn the_answer_becomes_the_story_and_its_countdown_follows_the_clock() {
    let mut model = model_with_token("read:logs");
    read_story(&mut model, &incident());
    let pane = &model.panes.exposure;
    let story = &pane.story.as_ref().expect("story").story;
    assert_eq!(story.live.len(), 3);
    assert_eq!(story.knocks.count, 1);
    assert_eq!(story.after_rotation.len(), 1);
    assert_eq!(model.session.requests.exposure, None);
    let first = screen(&model, 120, 40);
    assert!(first.contains("3 live tokens · all clear at ") && first.contains("(in 23h 55m 0s)"), "{first}");
    update(&mut model, Msg::Tick(NOW + 1));
    assert!(screen(&model, 120, 40).contains("(in 23h 54m 59s)"));
    // The oldest token expires: the story is told again with two.
    update(&mut model, Msg::Tick(NOW - 7_200 + 86_400));
    assert_eq!(model.panes.exposure.story.as_ref().map(|s| s.story.live.len()), Some(2));
}

#[test]
fn reads_are_paced_and_the_watch_stops_on_a_rate_limit() {
    let mut model = model_with_token("read:logs");
    read_story(&mut model, &incident());
    // Again at once: refused with the wait.
    let cmds = press(&mut model, KeyCode::Char('r'));
    assert!(read_cmd(&cmds).is_none());
    assert!(model.notice.as_ref().is_some_and(|n| n.text.contains("again in 5 s")), "{:?}", model.notice);

    press(&mut model, KeyCode::Char('w'));
    assert!(model.panes.exposure.watch);
    assert!(read_cmd(&update(&mut model, Msg::Tick(NOW + 29))).is_none(), "not before 30 s");
    let cmds = update(&mut model, Msg::Tick(NOW + 30));
    let (id, question, _) = read_cmd(&cmds).expect("the watch reads again");
    never_an_exchange(&cmds);
    let limited = SearchCost { requests: 5, events_read: 5, rate_limited: 1 };
    update(&mut model, Msg::ExposureRead { id, result: Ok(answer(&question, &incident(), limited)) });
    assert!(!model.panes.exposure.watch, "a 429 stops the watch");
    assert!(model.notice.as_ref().is_some_and(|n| n.text.contains("429")));

    // A read refused by the rate limit waits as long as the tenant says.
    model.now = NOW + 100;
    let cmds = press(&mut model, KeyCode::Char('r'));
    let (id, ..) = read_cmd(&cmds).expect("a read");
    update(&mut model, Msg::ExposureRead { id, result: Err(ExposureUnknown::RateLimited { wait: 40 }) });
    assert_eq!(model.panes.exposure.next_read_at, NOW + 140);
}

#[test]
fn esc_cancels_the_read_and_a_late_answer_is_dropped() {
    let mut model = model_with_token("read:logs");
    let cmds = press(&mut model, KeyCode::Char('r'));
    let (id, question, _) = read_cmd(&cmds).expect("a read");
    let cmds = press(&mut model, KeyCode::Esc);
    assert!(cmds.iter().any(|c| matches!(c, Cmd::Cancel(cancelled) if *cancelled == id)), "{cmds:?}");
    update(
        &mut model,
        Msg::ExposureRead { id, result: Ok(answer(&question, &incident(), SearchCost::default())) },
    );
    assert!(model.panes.exposure.story.is_none());
}

#[test]
fn a_missing_log_scope_says_which_key_gets_a_token() {
    let mut model = model_with_token("read:users");
    let cmds = press(&mut model, KeyCode::Char('r'));
    let (id, ..) = read_cmd(&cmds).expect("a read");
    update(
        &mut model,
        Msg::ExposureRead { id, result: Err(ExposureUnknown::NoHeldToken { profiles: "acme".into() }) },
    );
    let text = screen(&model, 200, 30);
    assert!(text.contains("A token with read:logs is needed: f fetches one from acme"), "{text}");
}

#[test]
fn a_remedy_asks_with_the_numbers_and_its_answer_comes_back_here() {
    let mut model = model_with_token("read:logs");
    read_story(&mut model, &incident());
    press(&mut model, KeyCode::Char('D'));
    let change = match model.panes.exposure.modal.as_ref().map(|m| &m.kind) {
        Some(ModalKind::Confirm(confirm)) => match &confirm.question {
            Question::Change(change) => change.clone(),
            other => panic!("{other:?}"),
        },
        other => panic!("no confirmation: {other:?}"),
    };
    assert_eq!(change.path, "/api/v2/client-grants/cgr_1");
    assert!(
        change.will_not.iter().any(|l| l.contains("the 3 live tokens stay valid until tomorrow")),
        "{change:?}"
    );
    assert!(change.will_not.iter().all(|l| !l.contains("revokes them")), "never promises revocation");
    // Global keys are text in the confirmation; a wrong answer keeps it open.
    type_text(&mut model, "4q");
    let cmds = press(&mut model, KeyCode::Enter);
    assert!(cmds.is_empty() && model.panes.exposure.modal.is_some() && !model.should_quit);
    press(&mut model, KeyCode::Esc);
    assert!(model.notice.as_ref().is_some_and(|n| n.text.contains("nothing was sent")));

    press(&mut model, KeyCode::Char('D'));
    type_text(&mut model, "cgr_1");
    let cmds = press(&mut model, KeyCode::Enter);
    let (id, request) = cmds
        .iter()
        .find_map(|c| match c {
            Cmd::CallApi { id, request } => Some((*id, request.clone())),
            _ => None,
        })
        .expect("the call");
    assert_eq!(
        (request.method.as_str(), request.path_and_query.as_str()),
        ("DELETE", "/api/v2/client-grants/cgr_1")
    );
    assert_eq!(model.session.requests.api, None, "the API pane's request is not this one");
    let response = ApiResponse {
        status: 204,
        reason: "No Content".into(),
        rate_limit: None,
        headers: Vec::new(),
        body: Vec::new(),
        latency: std::time::Duration::from_millis(3),
        url: "https://acme.eu.auth0.com/api/v2/client-grants/cgr_1".into(),
    };
    update(&mut model, Msg::ApiDone { id, result: Ok(response) });
    let notice = model.notice.clone().map(|n| n.text).unwrap_or_default();
    assert!(notice.starts_with("Grant deleted") && notice.contains("3 live tokens stay valid"), "{notice}");
    assert!(model.panes.api.call.response.is_none(), "the API pane did not take the answer");
}

#[test]
fn the_list_opens_a_client_and_esc_goes_back() {
    let mut model = model_with_token("read:logs");
    let cmds = press(&mut model, KeyCode::Char('l'));
    let (id, question, _) = read_cmd(&cmds).expect("a read");
    assert_eq!(question.query.subject, Subject::All);
    let mut events = incident();
    events.push(issued("other-client-0001", 100, "10.0.0.1"));
    update(
        &mut model,
        Msg::ExposureRead { id, result: Ok(answer(&question, &events, SearchCost::default())) },
    );
    assert_eq!(model.panes.exposure.view, View::List);
    let list = model.panes.exposure.list.as_ref().expect("list");
    assert_eq!(list.ranking.clients[0].client_id, CLIENT, "3 live × 1 privileged first");
    press(&mut model, KeyCode::Down);
    press(&mut model, KeyCode::Enter);
    let story = model.panes.exposure.story.as_ref().expect("story");
    assert_eq!(story.story.client_id, "other-client-0001");
    assert!(story.from_list);
    press(&mut model, KeyCode::Esc);
    assert_eq!(model.panes.exposure.view, View::List);
}

#[test]
fn the_mouse_picks_a_client_opens_its_story_scrolls_it_and_answers_a_remedy() {
    let mut model = model_with_token("read:logs");
    update(&mut model, Msg::Resize(120, 40));
    let cmds = press(&mut model, KeyCode::Char('l'));
    let (id, question, _) = read_cmd(&cmds).expect("a read");
    let mut events = incident();
    events.push(issued("other-client-0001", 100, "10.0.0.1"));
    update(
        &mut model,
        Msg::ExposureRead { id, result: Ok(answer(&question, &events, SearchCost::default())) },
    );
    // The heading row selects nothing; a click on a client selects it, a second tells its story.
    click_on(&mut model, "client · privileged scopes");
    assert_eq!(model.panes.exposure.list.as_ref().map(|l| l.selected), Some(0));
    click_on(&mut model, "other-client-0001");
    assert_eq!(model.panes.exposure.list.as_ref().map(|l| l.selected), Some(1));
    assert_eq!(model.panes.exposure.view, View::List);
    click_on(&mut model, "other-client-0001");
    assert_eq!(model.panes.exposure.view, View::Story);
    press(&mut model, KeyCode::Esc);
    // The wheel over the list moves its selection a row at a time.
    let (x, y) = cell_of(&model, "other-client-0001");
    wheel(&mut model, x, y, false);
    assert_eq!(model.panes.exposure.list.as_ref().map(|l| l.selected), Some(0));

    // The story at 80×24 is longer than its box: the wheel scrolls it three rows.
    update(&mut model, Msg::Resize(80, 24));
    press(&mut model, KeyCode::Enter);
    assert_eq!(model.panes.exposure.view, View::Story);
    let body = model.panes.exposure.body_area;
    wheel(&mut model, body.x + 2, body.y + 2, true);
    assert_eq!(model.panes.exposure.scroll, 3);

    // A remedy's confirmation takes the click on its cancel button; nothing is sent.
    press(&mut model, KeyCode::Char('D'));
    assert!(model.panes.exposure.modal.is_some());
    let cmds = click_on(&mut model, "[ Esc: cancel ]");
    assert!(model.panes.exposure.modal.is_none(), "the button closed it");
    assert!(!cmds.iter().any(|c| matches!(c, Cmd::CallApi { .. })), "{cmds:?}");
}

#[test]
fn lowering_the_lifetime_patches_the_api_and_says_issued_tokens_keep_theirs() {
    let mut model = model_with_token("read:logs");
    read_story(&mut model, &incident());
    press(&mut model, KeyCode::Char('T'));
    let change = match model.panes.exposure.modal.as_ref().map(|m| &m.kind) {
        Some(ModalKind::Confirm(confirm)) => match &confirm.question {
            Question::Change(change) => change.clone(),
            other => panic!("{other:?}"),
        },
        other => panic!("no confirmation: {other:?}: {:?}", model.notice),
    };
    assert!(change.path.starts_with("/api/v2/resource-servers/"), "{change:?}");
    let promises = change.will.join("\n") + "\n" + &change.will_not.join("\n");
    assert!(promises.contains("3600") || promises.contains("1h"), "the new lifetime is said: {promises}");
    assert!(
        change.will_not.iter().any(|l| l.contains("live tokens")),
        "issued tokens keep theirs: {promises}"
    );
    type_text(&mut model, &change.expected());
    let cmds = press(&mut model, KeyCode::Enter);
    let (id, request) = cmds
        .iter()
        .find_map(|c| match c {
            Cmd::CallApi { id, request } => Some((*id, request.clone())),
            _ => None,
        })
        .unwrap_or_else(|| panic!("the call: {cmds:?} {:?}", model.notice));
    assert_eq!(request.method, "PATCH");
    assert_eq!(request.path_and_query, change.path);
    assert_eq!(request.body, Some(serde_json::json!({ "token_lifetime": 3600 })));
    let response = ApiResponse {
        status: 200,
        reason: "OK".into(),
        rate_limit: None,
        headers: Vec::new(),
        body: br#"{"token_lifetime":3600}"#.to_vec(),
        latency: std::time::Duration::from_millis(3),
        url: format!("https://acme.eu.auth0.com{}", change.path),
    };
    update(&mut model, Msg::ApiDone { id, result: Ok(response) });
    let notice = model.notice.clone().map(|n| n.text).unwrap_or_default();
    assert!(notice.starts_with("Token lifetime lowered") && notice.contains("Still:"), "{notice}");
}
