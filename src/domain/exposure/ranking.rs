//! `--all`: every client with a grant for the API, ranked by what its live tokens can do:
//! live tokens × privileged scopes (`catalog::privileged_scopes`, the Inspector's list), then
//! live tokens, then knocks.

use super::changes::same_api;
use super::event::EventKind;
use super::story::Story;
use super::unknown::Unknown;
use super::{ExposureData, GrantsAnswer, SearchCost};
use crate::domain::catalog::privileged_scopes;

/// One client's line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientRisk {
    pub client_id: String,
    /// From its events; empty when none named it.
    pub client_name: String,
    /// The grant's scopes (else those of its newest token in the window).
    pub scopes: Vec<String>,
    pub privileged: Vec<String>,
    pub live: usize,
    pub last_issue: Option<i64>,
    pub all_clear_at: Option<i64>,
    pub distinct_ips: usize,
    /// Failed exchanges since the last rotation (or the window's start).
    pub knocks: usize,
    /// `live × privileged`.
    pub risk: usize,
    /// Whether the client has a grant for the API now (None: the grants were not read).
    pub has_grant: Option<bool>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Ranking {
    pub tenant: String,
    pub audience: String,
    pub now: i64,
    pub window_start: i64,
    /// Riskiest first.
    pub clients: Vec<ClientRisk>,
    /// Whether the grants were read (else the clients are those that got tokens in the window).
    pub from_grants: bool,
    pub complete_from: Option<i64>,
    pub unknown: Vec<Unknown>,
    pub cost: SearchCost,
}

impl Ranking {
    pub fn rank(data: &ExposureData, now: i64) -> Ranking {
        // Clients with a grant, then those that got tokens in the window without one now (a
        // deleted grant leaves its live tokens working): their scopes are their newest token's.
        let (mut ids, from_grants): (Vec<(String, Vec<String>, bool)>, bool) = match &data.grants {
            GrantsAnswer::Read(grants) => {
                (grants.iter().map(|g| (g.client_id.clone(), g.scopes.clone(), true)).collect(), true)
            }
            GrantsAnswer::Unknown(_) => (Vec::new(), false),
        };
        // Newest first: each client's newest token names its scopes.
        for event in data
            .events
            .iter()
            .filter(|e| e.kind == EventKind::Seccft && same_api(&e.audience, &data.query.audience))
        {
            if !ids.iter().any(|(id, ..)| *id == event.client_id) {
                let scopes = event.scope.split_whitespace().map(str::to_owned).collect();
                ids.push((event.client_id.clone(), scopes, false));
            }
        }
        let events: Vec<&super::LogEvent> = data.events.iter().rev().collect();
        let lifetime_changes: Vec<super::changes::Change> =
            events.iter().filter_map(|e| super::changes::lifetime_change(e, &data.query.audience)).collect();
        let (complete_from, unknown) = super::unknown::unknowns(data, &lifetime_changes, now);
        let mut clients: Vec<ClientRisk> = ids
            .into_iter()
            .map(|(client_id, scopes, has_grant)| {
                let story = Story::tell(data, &client_id, now);
                let privileged: Vec<String> = privileged_scopes(scopes.iter().map(String::as_str))
                    .into_iter()
                    .map(|(scope, _)| scope.to_owned())
                    .collect();
                ClientRisk {
                    risk: story.live.len() * privileged.len(),
                    client_name: data
                        .client_names
                        .get(&client_id)
                        .cloned()
                        .unwrap_or_else(|| story.client_name.clone()),
                    live: story.live.len(),
                    last_issue: story.tokens.last().map(|t| t.at),
                    all_clear_at: story.all_clear_at(),
                    distinct_ips: story.ips.len(),
                    knocks: story.knocks.count,
                    client_id,
                    scopes,
                    privileged,
                    has_grant: from_grants.then_some(has_grant),
                }
            })
            .collect();
        clients.sort_by(|a, b| {
            b.risk
                .cmp(&a.risk)
                .then(b.live.cmp(&a.live))
                .then(b.privileged.len().cmp(&a.privileged.len()))
                .then(b.knocks.cmp(&a.knocks))
                .then(a.client_id.cmp(&b.client_id))
        });
        Ranking {
            tenant: data.query.tenant.clone(),
            audience: data.query.audience.clone(),
            now,
            window_start: data.window_start,
            clients,
            from_grants,
            complete_from,
            unknown,
            cost: data.cost,
        }
    }

    /// Whether any client has a live token, or the log cannot rule one out.
    pub fn any_live(&self) -> bool {
        self.complete_from.is_some() || self.clients.iter().any(|c| c.live > 0)
    }
}
