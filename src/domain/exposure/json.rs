//! `--json`: the story and the ranking as one object each. Times are ISO 8601 in UTC with their
//! epoch seconds beside them (`*_epoch`); counts are numbers; strings are the log's own (the
//! CLI escapes the whole document before printing).

use super::changes::{Change, ChangeKind};
use super::ranking::Ranking;
use super::remedy::RemedyAction;
use super::report::{TimeFormat, remedy_text, unknown_text};
use super::story::{Activity, GrantNow, IssuedToken, LifetimeSource, Source, Story};
use super::{SearchCost, Unknown};
use chrono::{DateTime, Offset, Utc};
use serde_json::{Value, json};

fn iso(at: i64) -> Value {
    DateTime::<Utc>::from_timestamp(at, 0)
        .map_or(Value::Null, |t| json!(t.format("%Y-%m-%dT%H:%M:%SZ").to_string()))
}

fn utc(now: i64) -> TimeFormat {
    TimeFormat { offset: Utc.fix(), now }
}

fn token(t: &IssuedToken) -> Value {
    json!({
        "issued": iso(t.at), "issued_epoch": t.at, "expires": iso(t.exp), "expires_epoch": t.exp,
        "ip": t.ip, "user_agent": t.user_agent, "log_id": t.log_id,
        "lifetime_known": t.lifetime_known, "asked_with": t.asked_with,
    })
}

fn source(s: &Source) -> Value {
    json!({"value": s.value, "count": s.count, "first": iso(s.first), "last": iso(s.last)})
}

fn change(c: &Option<Change>, after: &[IssuedToken]) -> Value {
    let Some(c) = c else { return Value::Null };
    let kind = match c.kind {
        ChangeKind::Rotated => "rotated",
        ChangeKind::SecretSet => "secret_set",
        ChangeKind::GrantCreated => "created",
        ChangeKind::GrantUpdated => "updated",
        ChangeKind::GrantDeleted => "deleted",
        ChangeKind::ClientDeleted => "client_deleted",
        ChangeKind::LifetimeChanged(_) => "lifetime_changed",
    };
    let ips: Vec<&str> = after.iter().map(|t| t.ip.as_str()).collect();
    json!({
        "at": iso(c.at), "at_epoch": c.at, "kind": kind, "by": c.by, "ip": c.ip,
        "live_tokens_after": after.len(), "ips_after": ips,
    })
}

fn activity(list: &[Activity]) -> Value {
    list.iter()
        .map(|a| {
            json!({"at": iso(a.at), "type": a.kind.code(), "method": a.method, "path": a.path,
                   "status": a.status, "ip": a.ip})
        })
        .collect()
}

pub(super) fn cost(cost: &SearchCost) -> Value {
    json!({"requests": cost.requests, "events": cost.events_read, "rate_limited_requests": cost.rate_limited})
}

fn unknowns(list: &[Unknown], complete_from: Option<i64>, time: &TimeFormat) -> Value {
    json!({
        "complete_from": complete_from.map_or(Value::Null, iso),
        "notes": list.iter().map(|u| unknown_text(u, time).trim().to_owned()).collect::<Vec<_>>(),
    })
}

impl Story {
    pub fn to_json(&self) -> Value {
        let time = utc(self.now);
        let all_clear = self.all_clear_at();
        let remedies: Vec<Value> = self
            .remedies
            .iter()
            .map(|r| {
                let text = remedy_text(r, self, &time);
                let action = match r.action {
                    RemedyAction::DeleteGrant => "delete_grant",
                    RemedyAction::RotateSecret => "rotate_secret",
                    RemedyAction::LowerLifetime => "lower_lifetime",
                };
                json!({"action": action, "method": r.method.as_str(), "path": r.path, "body": r.body, "scope": r.scope,
                       "possible": r.blocked.is_none(), "will": text.will, "will_not": text.will_not})
            })
            .collect();
        let grant = match &self.grant_now {
            GrantNow::Exists { id, scopes } => json!({"exists": true, "id": id, "scopes": scopes}),
            GrantNow::Deleted => json!({"exists": false}),
            GrantNow::Unknown(reason) => json!({"exists": Value::Null, "unknown": reason}),
        };
        let mut object = json!({
            "client_id": self.client_id,
            "client_name": self.client_name,
            "tenant": self.tenant,
            "audience": self.audience,
            "now": iso(self.now),
            "window_start": iso(self.window_start),
            "lifetime": {
                "seconds": self.lifetime,
                "source": match &self.lifetime_source { LifetimeSource::Tenant => "tenant", LifetimeSource::Maximum { .. } => "maximum" },
            },
            "live_tokens": self.live.len(),
            "clear": self.is_clear(),
            "all_clear_at": all_clear.map_or(Value::Null, iso),
            "all_clear_epoch": all_clear,
            "all_clear_in_seconds": all_clear.map(|at| at - self.now),
            "first_issued": self.live.first().map_or(Value::Null, |t| iso(t.at)),
            "last_issued": self.live.last().map_or(Value::Null, |t| iso(t.at)),
            "live_scopes": self.live_scopes,
            "tokens": self.live.iter().map(token).collect::<Vec<_>>(),
            "tokens_in_window": self.tokens.len(),
            "ips": self.ips.iter().map(source).collect::<Vec<_>>(),
            "user_agents": self.user_agents.iter().map(source).collect::<Vec<_>>(),
            "rotation": change(&self.rotation, &self.after_rotation),
            "grant_change": change(&self.grant_change, &self.after_grant_change),
            "grant": grant,
            "client_deleted": self.client_deleted.as_ref().map_or(Value::Null, |c| iso(c.at)),
            "knocking": {
                "since": iso(self.knocks.since), "since_rotation": self.knocks.since_rotation,
                "count": self.knocks.count, "ips": self.knocks.ips.iter().map(source).collect::<Vec<_>>(),
                "blocked": self.knocks.blocked,
            },
            "activity_since": iso(self.activity_since),
            "activity": activity(&self.activity),
            "secrets_read": activity(&self.secret_reads),
            "api_limits": activity(&self.rate_limits),
            "remedies": remedies,
            "unknown": unknowns(&self.unknown, self.complete_from, &time),
        });
        if let (Value::Object(map), Value::Object(extra)) = (&mut object, cost(&self.cost)) {
            map.extend(extra);
        }
        object
    }
}

impl Ranking {
    pub fn to_json(&self) -> Value {
        let time = utc(self.now);
        let clients: Vec<Value> = self
            .clients
            .iter()
            .map(|c| {
                json!({
                    "client_id": c.client_id, "client_name": c.client_name, "scopes": c.scopes.len(),
                    "privileged": c.privileged, "live_tokens": c.live,
                    "last_issued": c.last_issue.map_or(Value::Null, iso),
                    "all_clear_at": c.all_clear_at.map_or(Value::Null, iso),
                    "distinct_ips": c.distinct_ips, "knocks_since_rotation": c.knocks, "risk": c.risk,
                    "grant": c.has_grant,
                })
            })
            .collect();
        let mut object = json!({
            "tenant": self.tenant,
            "audience": self.audience,
            "now": iso(self.now),
            "window_start": iso(self.window_start),
            "clients_from": if self.from_grants { "grants" } else { "tokens_in_window" },
            "clients": clients,
            "unknown": unknowns(&self.unknown, self.complete_from, &time),
        });
        if let (Value::Object(map), Value::Object(extra)) = (&mut object, cost(&self.cost)) {
            map.extend(extra);
        }
        object
    }
}
