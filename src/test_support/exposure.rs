//! The Exposure pane's test data: a tenant's answers as the runtime hands them back, built
//! from log events in Auth0's shape for the `acme` test tenant's client `abc123`.

use super::NOW;
use crate::app::{Cmd, ExposureRead, Model, Msg, update};
use crate::config::ExposureQuestion;
use crate::domain::exposure::{
    AskingToken, Coverage, ExposureData, GrantInfo, GrantsAnswer, LifetimeAnswer, LogEvent, SearchCost,
};
use serde_json::{Value, json};

pub const CLIENT: &str = "abc123";
pub const API: &str = "https://acme.eu.auth0.com/api/v2/";

/// A `seccft` of `client` from `ip`, `ago` seconds before NOW.
pub fn issued(client: &str, ago: i64, ip: &str) -> Value {
    event("seccft", client, ago, ip, json!({}))
}

/// An event of `kind` with `details`.
pub fn event(kind: &str, client: &str, ago: i64, ip: &str, details: Value) -> Value {
    let at = chrono::DateTime::<chrono::Utc>::from_timestamp(NOW - ago, 0).unwrap_or_default();
    json!({
        "date": at.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(), "type": kind, "client_id": client,
        "client_name": "acme-app", "ip": ip, "user_agent": "curl/8.5.0", "audience": API,
        "scope": "read:users read:client_keys", "details": details,
        "log_id": format!("{kind}-{client}-{ago}"),
    })
}

/// The tenant's answer to `question` holding `events` (the client's grant `cgr_1`).
pub fn answer(question: &ExposureQuestion, events: &[Value], cost: SearchCost) -> Box<ExposureRead> {
    let lifetime = LifetimeAnswer::Read(86_400);
    let mut parsed: Vec<LogEvent> = events.iter().filter_map(LogEvent::parse).collect();
    parsed.sort_by_key(|e| std::cmp::Reverse(e.at_ms));
    let data = ExposureData {
        query: question.query.clone(),
        asked_at: NOW,
        window_start: question.query.window_start(&lifetime, NOW),
        lifetime,
        grants: GrantsAnswer::Read(vec![GrantInfo {
            id: "cgr_1".into(),
            client_id: CLIENT.into(),
            scopes: vec!["read:users".into(), "read:client_keys".into()],
        }]),
        events: parsed,
        coverage: Coverage { reaches_window: true, ..Coverage::default() },
        cost,
        asked_with: AskingToken::default(),
        client_names: Default::default(),
    };
    Box::new(ExposureRead {
        data,
        token: super::management_token(
            NOW,
            86_400,
            "read:logs delete:client_grants update:client_keys update:resource_servers",
        ),
    })
}

/// The log read a command list asks for: its id, question and asking token.
pub fn read_cmd(cmds: &[Cmd]) -> Option<(u64, ExposureQuestion, Option<String>)> {
    cmds.iter().find_map(|cmd| match cmd {
        Cmd::ReadExposure { id, question, asking_token, .. } => {
            Some((*id, question.clone(), asking_token.clone()))
        }
        _ => None,
    })
}

/// Presses `r` and answers the read with `events`; returns the commands of the answer.
pub fn read_story(model: &mut Model, events: &[Value]) -> Vec<Cmd> {
    let cmds = super::press(model, crossterm::event::KeyCode::Char('r'));
    let (id, question, _) =
        read_cmd(&cmds).unwrap_or_else(|| panic!("no log read in {cmds:?}: {:?}", model.notice));
    let cost = SearchCost { requests: 4, events_read: events.len() as u32, rate_limited: 0 };
    update(model, Msg::ExposureRead { id, result: Ok(answer(&question, events, cost)) })
}
