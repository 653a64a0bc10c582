//! Asking a tenant about a token's grant today, for grant drift (`tokex drift` and the
//! Inspector's grant line). Which tenant to ask is decided from the token and the configured
//! profiles alone, before any request, so the UI can show "not checked: …" without a network
//! round trip. Before the tenant is asked anything, the token's signature must verify against
//! that tenant's JWKS: an unsigned or forged token's `azp` and scopes are whatever its author
//! wrote, so there is no grant of its to compare with, and nothing true to say about its
//! validity ([`DriftUnknown::NotVerified`] carries why, for the CLI and the TUI to show).

use super::token::now_epoch;
use super::{FetchError, Http, call_api, verify_for_profile};
use crate::config::{DriftQuestion, GRANT_SCOPE, Profile};
use crate::domain::catalog::percent_encode;
use crate::domain::grant_drift::{DriftUnknown, TenantAnswer};
use crate::domain::verify::Finding;
use crate::domain::{DecodedJwt, Inspection};
use serde_json::Value;

/// Whether the token is the tenant's own: its signature verifies against the tenant's JWKS and
/// its `iss` is the tenant's. Its time and audience do not matter here (an expired token's
/// drift is still worth knowing; a token for another API has a grant too).
async fn verified_by_tenant(http: &Http, question: &DriftQuestion) -> Result<(), DriftUnknown> {
    let not_verified = |reason: String| DriftUnknown::NotVerified { reason };
    let jwt = DecodedJwt::decode(question.token()).map_err(|e| not_verified(e.to_string()))?;
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
/// `read:client_grants`; `obtain` gives a profile's token when one is at hand (`None`: none is,
/// and no exchange is made for it), or fetches one where the caller allows it (the CLI).
pub async fn ask_tenant<F: Future<Output = Result<Option<String>, FetchError>>>(
    http: &Http,
    question: &DriftQuestion,
    asking_token: Option<String>,
    obtain: impl Fn(Profile) -> F,
) -> Result<TenantAnswer, DriftUnknown> {
    verified_by_tenant(http, question).await?;
    if let Some(token) = asking_token {
        return ask_with(http, question, &token).await;
    }
    let (mut failure, mut lacking) = (None, false);
    for profile in &question.profiles {
        match obtain(profile.clone()).await {
            Ok(Some(token)) if has_grant_scope(&token) => return ask_with(http, question, &token).await,
            Ok(Some(_)) => lacking = true,
            Ok(None) => {}
            Err(error) => failure = Some(DriftUnknown::Unreachable { reason: error.to_string() }),
        }
    }
    let names = question.profiles.iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join(", ");
    Err(match failure {
        Some(failure) => failure,
        None if lacking => DriftUnknown::NoGrantScope { profiles: names },
        None => DriftUnknown::NoHeldToken { profiles: names },
    })
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

    // Only whether the client exists: without `fields`, a token with read:client_keys gets the
    // secret back, and the tenant logs a secret read (mgmt_api_read) that nobody asked for.
    let client_path = format!("/clients/{}?fields=client_id&include_fields=true", percent_encode(client_id));
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
