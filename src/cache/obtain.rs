//! Where `fetch`, `call`, `drift` and the Inspector's grant check get a profile's token: the
//! token cache when it holds one that is still fresh and still verifies against the tenant's
//! JWKS, otherwise a new client-credentials exchange, which is then cached. `--no-cache` and
//! `cache = false` skip the cache both ways. What went wrong with the cache itself never stops
//! the exchange: it is handed back as notes for the caller to show (the CLI) or log (the TUI).

use super::{CacheError, CacheKey, CachedToken, TokenCache};
use crate::config::Profile;
use crate::domain::Inspection;
use crate::domain::auth0::TokenResponse;
use crate::domain::token::is_bearer_token_text;
use crate::net::{FetchError, Http, fetch_token, verify_for_profile};

/// A token ready to use, and whether it came from the cache.
#[derive(Debug, Clone)]
pub struct ObtainedToken {
    pub response: TokenResponse,
    pub received_at: i64,
    pub expires_at: Option<i64>,
    pub token_endpoint: String,
    pub cached: bool,
}

/// Something about the cache the user should know; the token was still obtained (or not) as
/// if the cache were not there.
#[derive(Debug, thiserror::Error)]
pub enum CacheNote {
    #[error("{0}; the token cache is off")]
    Unavailable(CacheError),
    #[error("{0}")]
    Unreadable(CacheError),
    #[error("the cached token no longer verifies ({problem}); fetching a new one")]
    NoLongerVerifies { problem: String },
    #[error("could not cache the token: {0}")]
    NotStored(CacheError),
}

pub async fn obtain_token(
    http: &Http,
    profile: &Profile,
    use_cache: bool,
    now: i64,
    notes: &mut Vec<CacheNote>,
) -> Result<ObtainedToken, FetchError> {
    let cache = if use_cache && profile.cache { open_cache(notes) } else { None };
    if cache.is_none() {
        tracing::debug!(profile = %profile.name, use_cache, profile_cache = profile.cache, "token cache: off");
    }
    let key = CacheKey::of(profile);
    if let Some(cache) = &cache
        && let Some(hit) = cached_token(http, cache, &key, profile, now, notes).await
    {
        tracing::debug!(profile = %profile.name, domain = %key.domain, expires_at = ?hit.expires_at, "token cache: hit");
        return Ok(hit);
    }
    let grant = fetch_token(http, profile).await?;
    let obtained = ObtainedToken {
        expires_at: grant.expires_at(),
        received_at: grant.received_at,
        token_endpoint: grant.endpoints.token_endpoint.clone(),
        response: grant.response,
        cached: false,
    };
    if let Some(cache) = &cache {
        store(cache, key, profile, &obtained, now, notes);
    }
    Ok(obtained)
}

fn open_cache(notes: &mut Vec<CacheNote>) -> Option<TokenCache> {
    match TokenCache::default_location() {
        Ok(cache) => Some(cache),
        Err(error) => {
            notes.push(CacheNote::Unavailable(error));
            None
        }
    }
}

/// The cached token of `key`, if it is fresh and its signature still verifies; a token that no
/// longer verifies (rotated signing key, another tenant behind the name) is dropped.
async fn cached_token(
    http: &Http,
    cache: &TokenCache,
    key: &CacheKey,
    profile: &Profile,
    now: i64,
    notes: &mut Vec<CacheNote>,
) -> Option<ObtainedToken> {
    let entry = match cache.get(key, now) {
        Ok(entry) => entry?,
        Err(error) => {
            notes.push(CacheNote::Unreadable(error));
            return None;
        }
    };
    let trusted = match Inspection::from_compact(&entry.access_token) {
        Ok(inspection) => {
            let verification = verify_for_profile(http, &inspection.jwt, profile, now).await;
            if !verification.is_trusted() {
                let problem = verification.first_problem().unwrap_or_default();
                notes.push(CacheNote::NoLongerVerifies { problem });
            }
            verification.is_trusted()
        }
        Err(_) => false,
    };
    if !trusted {
        tracing::debug!(profile = %profile.name, domain = %key.domain, "token cache: dropped (no longer verifies)");
        if let Err(error) = cache.remove(key, now) {
            notes.push(CacheNote::Unreadable(error));
        }
        return None;
    }
    Some(ObtainedToken {
        response: TokenResponse {
            expires_in: Some(entry.expires_at.saturating_sub(now)),
            access_token: entry.access_token,
            scope: entry.scope,
            token_type: entry.token_type,
        },
        received_at: entry.received_at,
        expires_at: Some(entry.expires_at),
        token_endpoint: entry.token_endpoint,
        cached: true,
    })
}

/// Caches a fresh token: only a JWT-shaped bearer token with a known expiry.
fn store(
    cache: &TokenCache,
    key: CacheKey,
    profile: &Profile,
    token: &ObtainedToken,
    now: i64,
    notes: &mut Vec<CacheNote>,
) {
    let Some(expires_at) = token.expires_at else { return };
    if !is_bearer_token_text(&token.response.access_token)
        || Inspection::from_compact(&token.response.access_token).is_err()
    {
        return;
    }
    let entry = CachedToken {
        key,
        profile: profile.name.clone(),
        access_token: token.response.access_token.clone(),
        token_type: token.response.token_type.clone(),
        scope: token.response.scope.clone(),
        received_at: token.received_at,
        expires_at,
        token_endpoint: token.token_endpoint.clone(),
    };
    tracing::debug!(profile = %profile.name, expires_at, "token cache: stored a new token");
    if let Err(error) = cache.put(entry, now) {
        notes.push(CacheNote::NotStored(error));
    }
}
