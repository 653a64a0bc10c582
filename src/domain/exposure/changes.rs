//! Changes to a client, its grant and the API, recognised in `sapi` events, whoever made
//! them (another client may rotate this one's secret or delete its grant).

use super::event::{EventKind, LogEvent};
use super::{ExposureData, GrantsAnswer, MAX_TOKEN_LIFETIME};
use std::collections::HashSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// `POST /clients/{id}/rotate-secret`.
    Rotated,
    /// `PATCH /clients/{id}` with a `client_secret`.
    SecretSet,
    GrantCreated,
    GrantUpdated,
    GrantDeleted,
    ClientDeleted,
    /// The API's `token_lifetime` set to this.
    LifetimeChanged(i64),
}

/// A change to the client, its grant or the API, from a `sapi` event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub at: i64,
    pub at_ms: i64,
    pub kind: ChangeKind,
    /// Who made it: the calling client's name, else its id.
    pub by: String,
    pub ip: String,
}

/// An audience names the same API: identical, or the local tenant's `https://` alias of an
/// `http://` identifier (docs/auth0.md#local-tenant-operations).
pub(super) fn same_api(audience: &str, api: &str) -> bool {
    audience == api
        || api.strip_prefix("http://").is_some_and(|rest| audience.strip_prefix("https://") == Some(rest))
}

/// The ids of the client's grants for the API: from the tenant's answer, and from the log
/// (a created grant's answer, an updated grant's answer naming the client).
pub(super) fn grant_ids(
    data: &ExposureData,
    events: &[&LogEvent],
    client_id: &str,
    audience: &str,
) -> HashSet<String> {
    let mut ids: HashSet<String> = match &data.grants {
        GrantsAnswer::Read(grants) => {
            grants.iter().filter(|g| g.client_id == client_id).map(|g| g.id.clone()).collect()
        }
        GrantsAnswer::Unknown(_) => HashSet::new(),
    };
    for event in events.iter().filter(|e| e.kind == EventKind::Sapi) {
        let Some(call) = &event.call else { continue };
        let names_client = call.body_client_id.as_deref() == Some(client_id)
            || call.answer_client_id.as_deref() == Some(client_id);
        let for_api = call.audience.as_deref().is_none_or(|a| same_api(a, audience));
        if call.path.starts_with("/api/v2/client-grants") && names_client && for_api {
            ids.extend(call.answer_id.clone());
            if let Some(id) = call.path.strip_prefix("/api/v2/client-grants/") {
                ids.insert(id.to_owned());
            }
        }
    }
    ids
}

pub(super) fn change_of(
    event: &LogEvent,
    client_id: &str,
    audience: &str,
    grants: &HashSet<String>,
) -> Option<Change> {
    let call = event.call.as_ref().filter(|_| event.kind == EventKind::Sapi)?;
    let path = call.path.as_str();
    let client_path = format!("/api/v2/clients/{client_id}");
    let grant = path.strip_prefix("/api/v2/client-grants/").is_some_and(|id| grants.contains(id));
    let kind = match call.method.as_str() {
        "POST" if path == format!("{client_path}/rotate-secret") => ChangeKind::Rotated,
        "PATCH" if path == client_path && call.sets_secret => ChangeKind::SecretSet,
        "DELETE" if path == client_path => ChangeKind::ClientDeleted,
        "POST" if path == "/api/v2/client-grants" => {
            let names = call.body_client_id.as_deref() == Some(client_id)
                || call.answer_client_id.as_deref() == Some(client_id);
            let for_api = call.audience.as_deref().is_none_or(|a| same_api(a, audience));
            if !(names && for_api) {
                return None;
            }
            ChangeKind::GrantCreated
        }
        "PATCH" if grant => ChangeKind::GrantUpdated,
        "DELETE" if grant => ChangeKind::GrantDeleted,
        _ => return lifetime_change(event, audience),
    };
    Some(change(event, kind))
}

/// A change of the API's `token_lifetime` (`PATCH /resource-servers/{id}`, by identifier or
/// by the id its answer names).
pub(super) fn lifetime_change(event: &LogEvent, audience: &str) -> Option<Change> {
    let call = event.call.as_ref().filter(|c| event.kind == EventKind::Sapi && c.method == "PATCH")?;
    let id = call.path.strip_prefix("/api/v2/resource-servers/")?;
    let named =
        same_api(id, audience) || call.answer_identifier.as_deref().is_some_and(|i| same_api(i, audience));
    let seconds = call.token_lifetime.filter(|s| (1..=MAX_TOKEN_LIFETIME).contains(s))?;
    named.then(|| change(event, ChangeKind::LifetimeChanged(seconds)))
}

fn change(event: &LogEvent, kind: ChangeKind) -> Change {
    let by = if event.client_name.is_empty() { event.client_id.clone() } else { event.client_name.clone() };
    Change { at: event.at(), at_ms: event.at_ms, kind, by, ip: event.ip.clone() }
}
