//! Asking a tenant about a token's grant today, for grant drift (`tokex drift` and the
//! Inspector's grant line). Which tenant to ask is decided from the token and the configured
//! profiles alone, before any request, so the UI can show "not checked: …" without a network
//! round trip.

use super::{FetchError, Http, call_api};
use crate::config::{Profile, profile_for_issuer};
use crate::domain::Inspection;
use crate::domain::catalog::percent_encode;
use crate::domain::claims::Claims;
use crate::domain::grant_drift::{DriftUnknown, TenantAnswer};
use serde_json::Value;

/// The scope the asking token needs to read client grants.
pub const GRANT_SCOPE: &str = "read:client_grants";

/// What to ask, and whom: the profiles of the tenant that issued the token (the active one
/// first; only their tokens are sent, only to that tenant), the token's client and the audience
/// its grant is for.
#[derive(Debug, Clone)]
pub struct DriftQuestion {
    pub profiles: Vec<Profile>,
    pub client_id: String,
    pub audience: String,
}

impl DriftQuestion {
    /// The question for a token with these claims, or why there is none (no client, no
    /// audience, no profile of the issuing tenant).
    pub fn for_claims(
        claims: &Claims,
        profiles: &[Profile],
        active: Option<&Profile>,
    ) -> Result<Self, DriftUnknown> {
        let (Some(client_id), Some(iss)) = (claims.azp.as_deref(), claims.iss.as_deref()) else {
            return Err(DriftUnknown::NoClientOrAudience);
        };
        let first = profile_for_issuer(profiles, active, iss)
            .ok_or_else(|| DriftUnknown::NoProfile { tenant: iss.to_owned() })?;
        let others = profiles.iter().filter(|p| p.name != first.name && p.matches_issuer(iss));
        let candidates: Vec<Profile> = std::iter::once(first).chain(others).cloned().collect();
        // The profile's own audience when the token has several (the Management API's).
        let audience = claims
            .aud
            .iter()
            .find(|aud| **aud == first.audience)
            .or_else(|| claims.aud.first())
            .ok_or(DriftUnknown::NoClientOrAudience)?;
        Ok(Self { profiles: candidates, client_id: client_id.to_owned(), audience: audience.clone() })
    }

    /// The tenant asked (every candidate profile has the same one).
    pub fn tenant(&self) -> &str {
        self.profiles.first().map_or("", |p| p.domain.as_str())
    }
}

fn has_grant_scope(token: &str) -> bool {
    Inspection::from_compact(token).is_ok_and(|i| i.claims.has_scope(GRANT_SCOPE))
}

/// Asks the tenant with `asking_token` when given (a token of that tenant that may read
/// grants), otherwise with the first token of the candidate profiles, in order, that carries
/// `read:client_grants`; `obtain` gets a profile's token (from a cache or a new exchange).
pub async fn ask_tenant<F: Future<Output = Result<String, FetchError>>>(
    http: &Http,
    question: &DriftQuestion,
    asking_token: Option<String>,
    obtain: impl Fn(Profile) -> F,
) -> Result<TenantAnswer, DriftUnknown> {
    if let Some(token) = asking_token {
        return ask_with(http, question, &token).await;
    }
    let mut failure = None;
    for profile in &question.profiles {
        match obtain(profile.clone()).await {
            Ok(token) if has_grant_scope(&token) => return ask_with(http, question, &token).await,
            Ok(_) => {}
            Err(error) => failure = Some(DriftUnknown::Unreachable { reason: error.to_string() }),
        }
    }
    let names: Vec<&str> = question.profiles.iter().map(|p| p.name.as_str()).collect();
    Err(failure.unwrap_or(DriftUnknown::NoGrantScope { profiles: names.join(", ") }))
}

/// The client's grant for the audience as the tenant has it now, and whether the client still
/// exists (unknown without `read:clients`), asked with `token`.
async fn ask_with(http: &Http, question: &DriftQuestion, token: &str) -> Result<TenantAnswer, DriftUnknown> {
    let domain = question.tenant();
    let client_id = question.client_id.as_str();
    let audience = question.audience.as_str();
    let path = format!(
        "/client-grants?client_id={}&audience={}",
        percent_encode(client_id),
        percent_encode(audience)
    );
    let grants = call_api(http, domain, "GET", &path, token, None)
        .await
        .map_err(|e| DriftUnknown::Unreachable { reason: e.to_string() })?;
    if !grants.is_success() {
        return Err(DriftUnknown::Unreachable {
            reason: format!("GET /client-grants answered {}", grants.status),
        });
    }
    let list = grants.json().unwrap_or(Value::Null);
    // Auth0 answers a bare array, or `{client_grants: [...]}` when paging totals are asked for.
    let items = list.as_array().or_else(|| list["client_grants"].as_array()).cloned().unwrap_or_default();
    let grant = items.iter().find(|g| g["client_id"] == client_id && g["audience"] == audience);

    let client_path = format!("/clients/{}", percent_encode(client_id));
    let client = call_api(http, domain, "GET", &client_path, token, None).await.ok();
    let client_exists = match client.map(|c| c.status) {
        Some(200..=299) => Some(true),
        Some(404) => Some(false),
        _ => None,
    };
    Ok(match grant {
        Some(grant) => TenantAnswer::Grant {
            grant_id: grant["id"].as_str().unwrap_or_default().to_owned(),
            scopes: grant["scope"]
                .as_array()
                .map(|s| s.iter().filter_map(Value::as_str).map(str::to_owned).collect())
                .unwrap_or_default(),
            client_exists,
        },
        None => TenantAnswer::GrantDeleted { client_exists },
    })
}
