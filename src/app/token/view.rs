//! Display text for an inspected token, built once when the token arrives: sanitised,
//! grouped and ordered, so rendering a frame only lays it out.

use crate::domain::catalog::{Capability, ScopeSet};
use crate::domain::claims::REGISTERED;
use crate::domain::sanitize::escape_control;
use crate::domain::{Inspection, Warning};
use std::borrow::Cow;

/// A claim row. Time claims keep their timestamp so the relative part can follow `now`.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimRow {
    pub name: String,
    pub value: String,
    pub timestamp: Option<i64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TokenView {
    pub header: Vec<(String, String)>,
    pub claims: Vec<ClaimRow>,
    pub scope_summary: String,
    /// (resource, "read, update") pairs.
    pub scope_groups: Vec<(String, String)>,
    /// Column widths for claim names and scope resources, measured once (a token can carry
    /// 200,000 scopes; a frame must not walk them all).
    pub claim_name_width: usize,
    pub resource_width: usize,
    pub warnings: Vec<String>,
    /// What the token's scopes unlock across the Management API, worked out once per token.
    pub api: ApiReach,
}

impl TokenView {
    pub fn new(inspection: &Inspection) -> Self {
        let jwt = &inspection.jwt;
        let header =
            jwt.header.iter().map(|(name, value)| (safe(name), safe(&compact_json(value)))).collect();
        let claims_typed = &inspection.claims;
        let mut claims = Vec::new();
        for name in REGISTERED {
            let Some(value) = jwt.payload.get(name) else { continue };
            let timestamp = match name {
                "iat" => claims_typed.iat,
                "nbf" => claims_typed.nbf,
                "exp" => claims_typed.exp,
                _ => None,
            };
            let text = match name {
                "aud" => Cow::Owned(claims_typed.aud.join(", ")),
                _ => compact_json(value),
            };
            claims.push(ClaimRow { name: name.to_owned(), value: safe(&text), timestamp });
        }
        for (name, value) in inspection.other_claims() {
            claims.push(ClaimRow { name: safe(name), value: safe(&compact_json(value)), timestamp: None });
        }
        let sources: Vec<&str> = claims_typed.scope_sources.iter().map(|s| s.claim_name()).collect();
        let scope_summary = match claims_typed.scopes.len() {
            0 => "no scopes".to_owned(),
            count => {
                format!("{count} scope{} in `{}`", if count == 1 { "" } else { "s" }, sources.join("`, `"))
            }
        };
        let scope_groups: Vec<(String, String)> = inspection
            .scope_groups
            .iter()
            .map(|group| (safe(&group.resource), safe(&group.actions.join(", "))))
            .collect();
        let warnings = inspection.warnings.iter().map(|w: &Warning| safe(&w.text)).collect();
        let claim_name_width = claims.iter().map(|row| row.name.chars().count()).max().unwrap_or(3).min(16);
        let resource_width = scope_groups.iter().map(|(r, _)| r.chars().count()).max().unwrap_or(0).min(28);
        Self {
            header,
            claims,
            scope_summary,
            scope_groups,
            claim_name_width,
            resource_width,
            warnings,
            api: ApiReach::new(&claims_typed.scopes),
        }
    }
}

/// Scopes flagged one per line at most; a token with thousands of stray scopes gets a count.
const MAX_FLAGGED_SCOPES: usize = 20;

/// The Inspector's "what this token can do" lines, as text.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiReach {
    /// `can call 12 of 469 Management API operations`
    pub summary: String,
    /// `users 12/39 · roles 5/13 · …`: only groups with an allowed operation. Empty when none.
    pub groups: String,
    /// One line per scope that unlocks no operation (escaped), then `… and N more` if cut.
    pub unused: Vec<String>,
}

impl ApiReach {
    pub fn new(scopes: &[String]) -> Self {
        let capability = Capability::of(&ScopeSet::new(scopes));
        let summary =
            format!("can call {} of {} Management API operations", capability.allowed, capability.total);
        let groups = capability
            .groups
            .iter()
            .filter(|g| g.allowed > 0)
            .map(|g| format!("{} {}/{}", g.group, g.allowed, g.total))
            .collect::<Vec<_>>()
            .join(" · ");
        let mut unused: Vec<String> = capability
            .unused_scopes
            .iter()
            .take(MAX_FLAGGED_SCOPES)
            .map(|s| {
                format!("{} unlocks no Management API operation (typo, or a scope of another API?)", safe(s))
            })
            .collect();
        let more = capability.unused_scopes.len().saturating_sub(MAX_FLAGGED_SCOPES);
        if more > 0 {
            unused.push(format!("… and {more} more scopes that unlock no Management API operation"));
        }
        Self { summary, groups, unused }
    }
}

fn safe(text: &str) -> String {
    escape_control(text).into_owned()
}

/// Strings without their JSON quotes; everything else as compact JSON.
fn compact_json(value: &serde_json::Value) -> Cow<'_, str> {
    match value {
        serde_json::Value::String(text) => Cow::Borrowed(text),
        other => Cow::Owned(other.to_string()),
    }
}
