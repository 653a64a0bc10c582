//! One client's story from the log: its live tokens, where they went, who knocks with an old
//! secret, what the tokens did, and what each remedy would and would not change.

use super::changes::{Change, ChangeKind, change_of, grant_ids, same_api};
use super::event::{EventKind, LogEvent};
use super::remedy::{PROPOSED_LIFETIME, Remedy, RemedyAction};
use super::unknown::{Unknown, unknowns};
use super::{ExposureData, GrantsAnswer, LifetimeAnswer, MAX_TOKEN_LIFETIME, SearchCost};
use crate::domain::catalog::Method;
use std::collections::{HashMap, HashSet};

/// Where the lifetime counted for each token came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LifetimeSource {
    /// The Management API's `token_lifetime`, read from the tenant.
    Tenant,
    /// Not readable (the reason): every token is counted as living [`MAX_TOKEN_LIFETIME`].
    Maximum { reason: String },
}

/// One token, as its `seccft` tells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedToken {
    /// The issue second.
    pub at: i64,
    /// The `seccft`'s time (ms), to order it against changes within the same second.
    pub at_ms: i64,
    /// When it stops working: the issue second plus the lifetime it was issued with.
    pub exp: i64,
    pub ip: String,
    pub user_agent: String,
    pub log_id: String,
    /// False when its lifetime is not known and the maximum was counted.
    pub lifetime_known: bool,
    /// The token tokex asked the log with.
    pub asked_with: bool,
}

/// A distinct address or user agent among tokens or events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub value: String,
    pub count: usize,
    pub first: i64,
    pub last: i64,
}

/// The client's grant for the API now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GrantNow {
    Exists { id: String, scopes: Vec<String> },
    Deleted,
    Unknown(String),
}

/// Failed exchanges for the client: someone holding an old or wrong secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Knocks {
    /// Counted from here: the last rotation, or the window's start.
    pub since: i64,
    pub since_rotation: bool,
    pub count: usize,
    pub ips: Vec<Source>,
    /// `limit_wc`: times the client id was blocked after repeated failures.
    pub blocked: usize,
}

/// A call the client's tokens made that the log recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Activity {
    pub at: i64,
    pub kind: EventKind,
    pub method: String,
    pub path: String,
    pub status: Option<u16>,
    pub ip: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Story {
    pub client_id: String,
    /// From its events; empty when none named it.
    pub client_name: String,
    pub tenant: String,
    pub audience: String,
    pub now: i64,
    pub window_start: i64,
    pub lifetime: i64,
    pub lifetime_source: LifetimeSource,
    /// Every token issued in the window, oldest first.
    pub tokens: Vec<IssuedToken>,
    /// Those still live at `now`, oldest first.
    pub live: Vec<IssuedToken>,
    /// The scopes the live tokens carry, in the order first seen.
    pub live_scopes: Vec<String>,
    pub ips: Vec<Source>,
    pub user_agents: Vec<Source>,
    pub rotation: Option<Change>,
    pub after_rotation: Vec<IssuedToken>,
    pub grant_change: Option<Change>,
    pub after_grant_change: Vec<IssuedToken>,
    pub grant_now: GrantNow,
    pub client_deleted: Option<Change>,
    pub lifetime_changes: Vec<Change>,
    pub knocks: Knocks,
    /// Activity is listed from here: the oldest live token's issue, or the window's start.
    pub activity_since: i64,
    /// `sapi`/`fapi`, newest first.
    pub activity: Vec<Activity>,
    pub secret_reads: Vec<Activity>,
    pub rate_limits: Vec<Activity>,
    /// None when the log covers the whole window; else from when on the answer is complete.
    pub complete_from: Option<i64>,
    pub unknown: Vec<Unknown>,
    pub remedies: Vec<Remedy>,
    pub cost: SearchCost,
}

impl Story {
    /// `client_id`'s story from `data`, as of `now`.
    pub fn tell(data: &ExposureData, client_id: &str, now: i64) -> Story {
        let mut events: Vec<&LogEvent> = data.events.iter().collect();
        events.sort_by_key(|e| (e.at_ms, e.log_id.clone()));
        let audience = data.query.audience.as_str();
        let own = |e: &LogEvent| e.client_id == client_id;
        let client_name =
            events.iter().rev().filter(|e| own(e)).map(|e| e.client_name.clone()).find(|n| !n.is_empty());

        let grant_ids = grant_ids(data, &events, client_id, audience);
        let changes: Vec<Change> =
            events.iter().filter_map(|e| change_of(e, client_id, audience, &grant_ids)).collect();
        let last =
            |wanted: &dyn Fn(ChangeKind) -> bool| changes.iter().rev().find(|c| wanted(c.kind)).cloned();
        let rotation = last(&|k| matches!(k, ChangeKind::Rotated | ChangeKind::SecretSet));
        let grant_change = last(&|k| {
            matches!(k, ChangeKind::GrantCreated | ChangeKind::GrantUpdated | ChangeKind::GrantDeleted)
        });
        let client_deleted = last(&|k| k == ChangeKind::ClientDeleted);
        let lifetime_changes: Vec<Change> =
            changes.iter().filter(|c| matches!(c.kind, ChangeKind::LifetimeChanged(_))).cloned().collect();

        let lifetime_at = |at_ms: i64| -> (i64, bool) {
            let seen = lifetime_changes.iter().rev().find(|c| c.at_ms <= at_ms);
            match (seen, &data.lifetime) {
                (Some(Change { kind: ChangeKind::LifetimeChanged(secs), .. }), _) => (*secs, true),
                (_, LifetimeAnswer::Read(secs)) if lifetime_changes.is_empty() => (*secs, true),
                _ => (MAX_TOKEN_LIFETIME, false),
            }
        };
        let mut tokens: Vec<IssuedToken> = events
            .iter()
            .filter(|e| own(e) && e.kind == EventKind::Seccft && same_api(&e.audience, audience))
            .map(|e| {
                let (lifetime, known) = lifetime_at(e.at_ms);
                IssuedToken {
                    at: e.at(),
                    at_ms: e.at_ms,
                    exp: e.at().saturating_add(lifetime),
                    ip: e.ip.clone(),
                    user_agent: e.user_agent.clone(),
                    log_id: e.log_id.clone(),
                    lifetime_known: known,
                    asked_with: false,
                }
            })
            .collect();
        mark_asked_with(&mut tokens, data, client_id);
        let live: Vec<IssuedToken> = tokens.iter().filter(|t| t.exp > now).cloned().collect();
        let live_logs: HashSet<&str> = live.iter().map(|t| t.log_id.as_str()).collect();
        let mut live_scopes: Vec<String> = Vec::new();
        for event in events.iter().filter(|e| live_logs.contains(e.log_id.as_str())) {
            for scope in event.scope.split_whitespace() {
                if !live_scopes.iter().any(|s| s == scope) {
                    live_scopes.push(scope.to_owned());
                }
            }
        }
        let after = |change: &Option<Change>| -> Vec<IssuedToken> {
            let Some(change) = change else { return Vec::new() };
            live.iter().filter(|t| t.at_ms > change.at_ms).cloned().collect()
        };
        let after_rotation = after(&rotation);
        let after_grant_change = after(&grant_change);

        let knocks = knocks(&events, client_id, rotation.as_ref(), data.window_start);
        let activity_since = live.first().map_or(data.window_start, |t| t.at);
        let activity_of = |kinds: &[EventKind]| -> Vec<Activity> {
            events
                .iter()
                .rev()
                .filter(|e| own(e) && kinds.contains(&e.kind) && e.at() >= activity_since)
                .map(|e| activity(e))
                .collect()
        };
        let grant_now = grant_now(&data.grants, client_id);
        let lifetime_source = match &data.lifetime {
            LifetimeAnswer::Read(_) => LifetimeSource::Tenant,
            LifetimeAnswer::Unknown(reason) => LifetimeSource::Maximum { reason: reason.clone() },
        };
        let (complete_from, unknown) = unknowns(data, &lifetime_changes, now);
        let mut story = Story {
            client_id: client_id.to_owned(),
            client_name: client_name.unwrap_or_default(),
            tenant: data.query.tenant.clone(),
            audience: audience.to_owned(),
            now,
            window_start: data.window_start,
            lifetime: data.lifetime.bound(),
            lifetime_source,
            ips: sources(live.iter().map(|t| (t.ip.as_str(), t.at))),
            user_agents: sources(live.iter().map(|t| (t.user_agent.as_str(), t.at))),
            tokens,
            live,
            live_scopes,
            rotation,
            after_rotation,
            grant_change,
            after_grant_change,
            grant_now,
            client_deleted,
            lifetime_changes,
            knocks,
            activity_since,
            activity: activity_of(&[EventKind::Sapi, EventKind::Fapi]),
            secret_reads: activity_of(&[EventKind::MgmtApiRead]),
            rate_limits: activity_of(&[EventKind::ApiLimit]),
            complete_from,
            unknown,
            remedies: Vec::new(),
            cost: data.cost,
        };
        story.remedies = remedies(&story);
        story
    }

    /// When the last live token expires (None: none is live).
    pub fn all_clear_at(&self) -> Option<i64> {
        self.live.iter().map(|t| t.exp).max()
    }

    /// No live token, and the log covers the whole window: nothing can act as the client.
    pub fn is_clear(&self) -> bool {
        self.live.is_empty() && self.complete_from.is_none()
    }

    /// The next moment a live token expires (the story changes then).
    pub fn next_expiry(&self) -> Option<i64> {
        self.live.iter().map(|t| t.exp).min()
    }

    /// What the client is called in sentences: its name, else its id.
    pub fn client_label(&self) -> &str {
        if self.client_name.is_empty() { &self.client_id } else { &self.client_name }
    }
}

/// Marks the token tokex asked with: the client's newest `seccft` within a second of its `iat`.
fn mark_asked_with(tokens: &mut [IssuedToken], data: &ExposureData, client_id: &str) {
    let (Some(azp), Some(iat)) = (data.asked_with.azp.as_deref(), data.asked_with.iat) else { return };
    if azp != client_id {
        return;
    }
    if let Some(token) = tokens.iter_mut().rev().find(|t| (t.at - iat).abs() <= 1) {
        token.asked_with = true;
    }
}

fn knocks(events: &[&LogEvent], client_id: &str, rotation: Option<&Change>, window_start: i64) -> Knocks {
    let since_ms = rotation.map_or(window_start.saturating_mul(1000), |r| r.at_ms);
    let after = |kind: EventKind| {
        events.iter().filter(move |e| e.client_id == client_id && e.kind == kind && e.at_ms > since_ms)
    };
    let failed: Vec<&&LogEvent> = after(EventKind::Feccft).collect();
    Knocks {
        since: rotation.map_or(window_start, |r| r.at),
        since_rotation: rotation.is_some(),
        count: failed.len(),
        ips: sources(failed.iter().map(|e| (e.ip.as_str(), e.at()))),
        blocked: after(EventKind::LimitWc).count(),
    }
}

fn activity(event: &LogEvent) -> Activity {
    let call = event.call.clone().unwrap_or_default();
    Activity {
        at: event.at(),
        kind: event.kind,
        method: call.method,
        path: call.path,
        status: call.status,
        ip: event.ip.clone(),
    }
}

/// Distinct values with counts and first/last seen, most frequent first.
pub(super) fn sources<'a>(items: impl Iterator<Item = (&'a str, i64)>) -> Vec<Source> {
    let mut by_value: HashMap<&str, Source> = HashMap::new();
    for (value, at) in items {
        let entry = by_value.entry(value).or_insert_with(|| Source {
            value: value.to_owned(),
            count: 0,
            first: at,
            last: at,
        });
        entry.count += 1;
        entry.first = entry.first.min(at);
        entry.last = entry.last.max(at);
    }
    let mut list: Vec<Source> = by_value.into_values().collect();
    list.sort_by(|a, b| b.count.cmp(&a.count).then(b.last.cmp(&a.last)).then(a.value.cmp(&b.value)));
    list
}

fn grant_now(grants: &GrantsAnswer, client_id: &str) -> GrantNow {
    match grants {
        GrantsAnswer::Read(list) => match list.iter().find(|g| g.client_id == client_id) {
            Some(grant) => GrantNow::Exists { id: grant.id.clone(), scopes: grant.scopes.clone() },
            None => GrantNow::Deleted,
        },
        GrantsAnswer::Unknown(reason) => GrantNow::Unknown(reason.clone()),
    }
}

/// The remedies for the story, each with why it cannot be made when it cannot.
fn remedies(story: &Story) -> Vec<Remedy> {
    use crate::domain::catalog::percent_encode;
    let client = percent_encode(&story.client_id);
    let (grant_path, grant_blocked) = match &story.grant_now {
        GrantNow::Exists { id, .. } => (format!("/api/v2/client-grants/{}", percent_encode(id)), None),
        GrantNow::Deleted => (
            "/api/v2/client-grants/{id}".to_owned(),
            Some("the grant is already deleted: the client gets no new token".to_owned()),
        ),
        GrantNow::Unknown(reason) => {
            ("/api/v2/client-grants/{id}".to_owned(), Some(format!("the grant's id is not known ({reason})")))
        }
    };
    let client_gone = story.client_deleted.as_ref().map(|_| "the client is deleted".to_owned());
    let current = story.lifetime;
    let target = if current > PROPOSED_LIFETIME { PROPOSED_LIFETIME } else { 300 };
    let lifetime_blocked = (matches!(story.lifetime_source, LifetimeSource::Tenant) && current <= target)
        .then(|| format!("the lifetime is already {current} s"));
    vec![
        Remedy {
            action: RemedyAction::DeleteGrant,
            method: Method::Delete,
            path: grant_path,
            body: None,
            scope: "delete:client_grants",
            blocked: grant_blocked.or_else(|| client_gone.clone()),
            lifetime: None,
        },
        Remedy {
            action: RemedyAction::RotateSecret,
            method: Method::Post,
            path: format!("/api/v2/clients/{client}/rotate-secret"),
            body: None,
            scope: "update:client_keys",
            blocked: client_gone,
            lifetime: None,
        },
        Remedy {
            action: RemedyAction::LowerLifetime,
            method: Method::Patch,
            path: format!("/api/v2/resource-servers/{}", percent_encode(&story.audience)),
            body: Some(serde_json::json!({ "token_lifetime": target })),
            scope: "update:resource_servers",
            blocked: lifetime_blocked,
            lifetime: Some(target),
        },
    ]
}
