//! Grant drift: how an issued token compares with its client's grant today. A Management API
//! token cannot be revoked: shrinking or deleting the client grant, deleting the client or
//! rotating its secret changes nothing for tokens already issued (docs/auth0.md#lifecycle). This
//! module turns "the token's scopes" and "what the tenant says now" into what a user must know.

use super::expiry::format_duration;
use super::scope_rule::sorted;
use serde_json::{Value, json};
use std::collections::HashSet;

/// What the tenant said about the token's client and its grant for the token's audience.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TenantAnswer {
    /// The grant exists with these scopes; `client_exists` is None when the client could not be
    /// read (no `read:clients`).
    Grant { grant_id: String, scopes: Vec<String>, client_exists: Option<bool> },
    /// No grant for this client and audience any more.
    GrantDeleted { client_exists: Option<bool> },
}

/// Why drift could not be checked; shown as a neutral line, never as an error.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DriftUnknown {
    #[error("the token names no client (azp) or audience, so there is no grant to compare with")]
    NoClientOrAudience,
    #[error("no profile for {tenant} is configured; drift needs one whose token has read:client_grants")]
    NoProfile { tenant: String },
    /// `profiles` names every profile of the tenant that was tried (`acme`, `acme, acme-admin`).
    #[error("the token of profile {profiles} lacks read:client_grants, so the grant cannot be read")]
    NoGrantScope { profiles: String },
    /// No token of these profiles is at hand, and the asker does not fetch one by itself
    /// (the TUI's grant line: an exchange only happens on the user's `f`).
    #[error("no token of profile {profiles} is at hand to read the grant with (none is fetched for it)")]
    NoHeldToken { profiles: String },
    #[error("the grant could not be read: {reason}")]
    Unreachable { reason: String },
    /// The token is not shown to be the tenant's (unsigned, forged, another issuer): its claims
    /// are its author's word, so its client's grant is not asked about and nothing is said
    /// about how long it works.
    #[error(
        "the token's signature is not verified ({reason}), so its client and scopes are only what it claims"
    )]
    NotVerified { reason: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DriftReport {
    /// Scopes the token carries that the grant no longer has: still usable until `exp`.
    pub still_usable: Vec<String>,
    /// Scopes the grant has that the token lacks: a new token gets them.
    pub fetch_to_get: Vec<String>,
    pub grant_deleted: bool,
    /// Some(false) when the client was deleted.
    pub client_exists: Option<bool>,
    /// Seconds until the token expires (None: no `exp`).
    pub time_left: Option<i64>,
}

impl DriftReport {
    pub fn assess(token_scopes: &[String], answer: &TenantAnswer, exp: Option<i64>, now: i64) -> Self {
        let time_left = exp.map(|exp| exp.saturating_sub(now));
        let token: HashSet<&str> = token_scopes.iter().map(String::as_str).collect();
        match answer {
            TenantAnswer::Grant { scopes, client_exists, .. } => {
                let grant: HashSet<&str> = scopes.iter().map(String::as_str).collect();
                DriftReport {
                    still_usable: sorted(token.difference(&grant)),
                    fetch_to_get: sorted(grant.difference(&token)),
                    grant_deleted: false,
                    client_exists: *client_exists,
                    time_left,
                }
            }
            TenantAnswer::GrantDeleted { client_exists } => DriftReport {
                still_usable: sorted(token.iter()),
                fetch_to_get: Vec::new(),
                grant_deleted: true,
                client_exists: *client_exists,
                time_left,
            },
        }
    }

    pub fn has_drift(&self) -> bool {
        !self.still_usable.is_empty()
            || !self.fetch_to_get.is_empty()
            || self.grant_deleted
            || self.client_exists == Some(false)
    }

    fn until_exp(&self) -> String {
        match self.time_left {
            Some(left) if left > 0 => format!("for {} more (until exp)", format_duration(left)),
            Some(_) => "until exp, which has passed".to_owned(),
            None => "with no expiry at all".to_owned(),
        }
    }

    /// The lines the Inspector and `tokex drift` show, most serious first.
    pub fn lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        if self.client_exists == Some(false) {
            lines.push(format!(
                "the client was deleted: no new tokens for it; this one stays valid {}",
                self.until_exp()
            ));
        }
        if self.grant_deleted {
            lines.push(format!(
                "the client grant was deleted: no new tokens for this client; this one stays valid {}",
                self.until_exp()
            ));
        } else if !self.still_usable.is_empty() && self.time_left.is_some_and(|left| left <= 0) {
            lines.push(format!(
                "no longer granted: {} (the token has expired anyway, so they no longer work)",
                self.still_usable.join(" ")
            ));
        } else if !self.still_usable.is_empty() {
            lines.push(format!(
                "no longer granted but still usable {}: {} (an issued token cannot be revoked)",
                self.until_exp(),
                self.still_usable.join(" ")
            ));
        }
        if !self.fetch_to_get.is_empty() {
            lines.push(format!(
                "granted since this token was issued: {} (fetch a new token to get them)",
                self.fetch_to_get.join(" ")
            ));
        }
        if lines.is_empty() {
            lines.push("no drift: the token carries exactly its client's current grant".to_owned());
        }
        lines
    }

    pub fn to_json(&self) -> Value {
        json!({
            "drift": self.has_drift(),
            "still_usable": self.still_usable,
            "fetch_to_get": self.fetch_to_get,
            "grant_deleted": self.grant_deleted,
            "client_exists": self.client_exists,
            "expires_in_seconds": self.time_left,
            "lines": self.lines(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owned(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    fn grant(scopes: &[&str], client_exists: Option<bool>) -> TenantAnswer {
        TenantAnswer::Grant { grant_id: "cgr_1".into(), scopes: owned(scopes), client_exists }
    }

    #[test]
    fn shrunk_grant_leaves_scopes_usable_until_exp() {
        let report = DriftReport::assess(
            &owned(&["read:users", "read:roles"]),
            &grant(&["read:roles", "read:clients"], Some(true)),
            Some(3_600),
            0,
        );
        assert!(report.has_drift());
        assert_eq!(report.still_usable, ["read:users"]);
        assert_eq!(report.fetch_to_get, ["read:clients"]);
        let lines = report.lines();
        assert!(
            lines[0].contains("still usable for 1h 0m 0s more") && lines[0].contains("cannot be revoked")
        );
        assert!(lines[1].contains("read:clients") && lines[1].contains("fetch a new token"));
    }

    #[test]
    fn an_expired_token_is_not_called_usable() {
        let report = DriftReport::assess(&owned(&["read:users"]), &grant(&[], Some(true)), Some(100), 200);
        let lines = report.lines();
        assert!(lines[0].contains("expired") && !lines[0].contains("still usable"), "{lines:?}");
    }

    #[test]
    fn equal_sets_are_no_drift() {
        let report = DriftReport::assess(&owned(&["read:users"]), &grant(&["read:users"], None), Some(10), 0);
        assert!(!report.has_drift());
        assert_eq!(report.lines(), ["no drift: the token carries exactly its client's current grant"]);
    }

    #[test]
    fn deleted_grant_and_client() {
        let report = DriftReport::assess(
            &owned(&["read:users"]),
            &TenantAnswer::GrantDeleted { client_exists: Some(false) },
            Some(100),
            200,
        );
        assert!(report.has_drift());
        let lines = report.lines();
        assert!(lines[0].starts_with("the client was deleted"), "{lines:?}");
        assert!(lines[1].starts_with("the client grant was deleted") && lines[1].contains("has passed"));
        assert_eq!(report.to_json()["client_exists"], false);
    }
}
