//! Asking a tenant about a token's grant today, for grant drift (`tokex drift` and the
//! Inspector's grant line). Which tenant to ask is decided from the token and the configured
//! profiles alone, before any request, so the UI can show "not checked: …" without a network
//! round trip. Before the tenant is asked anything, the token's signature must verify against
//! that tenant's JWKS: an unsigned or forged token's `azp` and scopes are whatever its author
//! wrote, so there is no grant of its to compare with, and nothing true to say about its
//! validity ([`DriftUnknown::NotVerified`] carries why, for the CLI and the TUI to show).

use super::token::now_epoch;
use super::{FetchError, Http, call_api, verify_for_profile};
use crate::config::{Profile, profile_for_issuer};
use crate::domain::catalog::percent_encode;
use crate::domain::grant_drift::{DriftUnknown, TenantAnswer};
use crate::domain::verify::Finding;
use crate::domain::{DecodedJwt, Inspection};
use serde_json::Value;

/// The scope the asking token needs to read client grants.
pub const GRANT_SCOPE: &str = "read:client_grants";

/// What to ask, and whom: the profiles of the tenant that issued the token (the active one
/// first; only their tokens are sent, only to that tenant), the token's client and the audience
/// its grant is for, and the token itself (verified before anything is asked).
#[derive(Clone)]
pub struct DriftQuestion {
    pub profiles: Vec<Profile>,
    pub client_id: String,
    pub audience: String,
    token: String,
}

impl std::fmt::Debug for DriftQuestion {
    // The token is a credential: never in debug output or logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.profiles.iter().map(|p| p.name.as_str()).collect();
        f.debug_struct("DriftQuestion")
            .field("profiles", &names)
            .field("client_id", &self.client_id)
            .field("audience", &self.audience)
            .finish_non_exhaustive()
    }
}

impl DriftQuestion {
    /// The question for `token`, or why there is none (no client or an empty one, no audience,
    /// no profile of the issuing tenant).
    pub fn for_token(
        token: &Inspection,
        profiles: &[Profile],
        active: Option<&Profile>,
    ) -> Result<Self, DriftUnknown> {
        let claims = &token.claims;
        let client_id = claims.azp.as_deref().filter(|azp| !azp.trim().is_empty());
        let (Some(client_id), Some(iss)) = (client_id, claims.iss.as_deref()) else {
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
            .filter(|aud| !aud.trim().is_empty())
            .ok_or(DriftUnknown::NoClientOrAudience)?;
        Ok(Self {
            profiles: candidates,
            client_id: client_id.to_owned(),
            audience: audience.clone(),
            token: token.jwt.raw.clone(),
        })
    }

    /// The tenant asked (every candidate profile has the same one).
    pub fn tenant(&self) -> &str {
        self.profiles.first().map_or("", |p| p.domain.as_str())
    }
}

/// Whether the token is the tenant's own: its signature verifies against the tenant's JWKS and
/// its `iss` is the tenant's. Its time and audience do not matter here (an expired token's
/// drift is still worth knowing; a token for another API has a grant too).
async fn verified_by_tenant(http: &Http, question: &DriftQuestion) -> Result<(), DriftUnknown> {
    let not_verified = |reason: String| DriftUnknown::NotVerified { reason };
    let jwt = DecodedJwt::decode(&question.token).map_err(|e| not_verified(e.to_string()))?;
    let profile = question.profiles.first().ok_or(DriftUnknown::NoClientOrAudience)?;
    let verification = verify_for_profile(http, &jwt, profile, now_epoch()).await;
    if !verification.signature.is_verified() {
        return Err(not_verified(verification.signature.to_string()));
    }
    let foreign = verification
        .findings
        .iter()
        .find(|finding| matches!(finding, Finding::IssuerMismatch { .. } | Finding::MalformedClaims { .. }));
    match foreign {
        Some(finding) => Err(not_verified(finding.to_string())),
        None => Ok(()),
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
    verified_by_tenant(http, question).await?;
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
