//! The calls that limit the damage once tokens are out, and why one cannot be made. None of
//! them revokes a token: Auth0 has no call that does (docs/auth0.md#lifecycle).

use super::story::{GrantNow, LifetimeSource, Story};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RemedyAction {
    DeleteGrant,
    RotateSecret,
    LowerLifetime,
}

/// A call that limits the damage, and why it cannot be made when it cannot.
#[derive(Debug, Clone, PartialEq)]
pub struct Remedy {
    pub action: RemedyAction,
    /// `DELETE`, `POST`, `PATCH`.
    pub method: &'static str,
    /// Percent-encoded, under `/api/v2`.
    pub path: String,
    pub body: Option<serde_json::Value>,
    /// The scope the calling token needs.
    pub scope: &'static str,
    /// Why it cannot be made (the grant is already gone…).
    pub blocked: Option<String>,
    /// `LowerLifetime`: the lifetime it sets.
    pub lifetime: Option<i64>,
}

/// The lifetime proposed by the lower-lifetime remedy.
pub const PROPOSED_LIFETIME: i64 = 3_600;

pub(super) fn remedies(story: &Story) -> Vec<Remedy> {
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
            method: "DELETE",
            path: grant_path,
            body: None,
            scope: "delete:client_grants",
            blocked: grant_blocked.or_else(|| client_gone.clone()),
            lifetime: None,
        },
        Remedy {
            action: RemedyAction::RotateSecret,
            method: "POST",
            path: format!("/api/v2/clients/{client}/rotate-secret"),
            body: None,
            scope: "update:client_keys",
            blocked: client_gone,
            lifetime: None,
        },
        Remedy {
            action: RemedyAction::LowerLifetime,
            method: "PATCH",
            path: format!("/api/v2/resource-servers/{}", percent_encode(&story.audience)),
            body: Some(serde_json::json!({ "token_lifetime": target })),
            scope: "update:resource_servers",
            blocked: lifetime_blocked,
            lifetime: Some(target),
        },
    ]
}
