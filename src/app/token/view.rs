//! Display text for an inspected token, built once when the token arrives: sanitised,
//! grouped and ordered, so rendering a frame only lays it out.

use crate::domain::catalog::{Capability, ScopeSet, privileged_scopes};
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
            .map(|group| {
                // Auth0's name for the resource, where it says more than the resource's own.
                let words = crate::domain::scope_catalog::resource_words(&group.resource, &group.actions)
                    .map(|words| format!("  ({words})"))
                    .unwrap_or_default();
                (safe(&group.resource), safe(&format!("{}{words}", group.actions.join(", "))))
            })
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
    /// How many operations the scopes pass, of how many.
    pub allowed: usize,
    pub total: usize,
    /// `can call 12 of 469 Management API operations`
    pub summary: String,
    /// One line per privileged scope the token holds (escaped): what it exposes.
    pub privileged: Vec<String>,
    /// What the privileged scopes expose, in a few words each, once each (`client secrets`).
    pub privileged_kinds: Vec<&'static str>,
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
        let notes = capability.unused_scope_notes();
        let mut unused: Vec<String> =
            notes.iter().take(MAX_FLAGGED_SCOPES).map(|note| safe(&note.sentence())).collect();
        let more = notes.len().saturating_sub(MAX_FLAGGED_SCOPES);
        if more > 0 {
            unused.push(format!("… and {more} more scopes that unlock no Management API operation"));
        }
        let found = privileged_scopes(scopes.iter().map(String::as_str));
        let privileged = found
            .iter()
            .take(MAX_FLAGGED_SCOPES)
            .map(|(scope, caution)| format!("{} privileged: {}", safe(scope), caution.explain()))
            .collect();
        let mut privileged_kinds: Vec<&'static str> = Vec::new();
        for (_, caution) in &found {
            if !privileged_kinds.contains(&caution.short()) {
                privileged_kinds.push(caution.short());
            }
        }
        Self {
            allowed: capability.allowed,
            total: capability.total,
            summary,
            privileged,
            privileged_kinds,
            groups,
            unused,
        }
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
