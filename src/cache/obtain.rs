//! Where `fetch`, `call`, `drift` and the Inspector's grant check get a profile's token: the
//! token cache when it holds one that proves itself (below), otherwise a new client-credentials
//! exchange, which is then cached. `--no-cache` and `cache = false` skip the cache both ways.
//! What went wrong with the cache itself never stops the exchange: it is handed back as notes
//! for the caller to show (the CLI) or log (the TUI).
//!
//! A cached token is handed out only when its JWT names the profile's client as `azp` and the
//! profile's audience in `aud`, its own `exp` leaves the reuse margin (`CachedToken::proven`;
//! its scopes are read from the JWT), and it verifies against the profile's tenant (RS256
//! signature on the tenant's JWKS, `iss` the tenant's; `check_entry`). A miss takes the cache's lock before exchanging, and reads the cache again once
//! it has it: of several processes missing at once, one exchanges and the others find its token.

use super::{CacheError, CacheKey, CachedToken, LockedCache, TokenCache};
use crate::config::Profile;
use crate::domain::DecodedJwt;
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
    let Some(cache) = cache else {
        tracing::debug!(profile = %profile.name, use_cache, profile_cache = profile.cache, "token cache: off");
        return exchange(http, profile).await;
    };
    let key = CacheKey::of(profile);
    // First without the lock: a hit, the common case, never waits for another process.
    let mut refused = None;
    match cache.get(&key, now) {
        Ok(Some(entry)) => match check_entry(http, profile, &entry, now).await {
            Ok(()) => return Ok(hit(profile, entry, now)),
            Err(problem) => {
                notes.push(CacheNote::NoLongerVerifies { problem: problem.to_string() });
                refused = Some(entry.access_token);
            }
        },
        Ok(None) => {}
        Err(error @ CacheError::Directory(_)) => {
            notes.push(CacheNote::Unavailable(error));
            return exchange(http, profile).await;
        }
        Err(error) => notes.push(CacheNote::Unreadable(error)),
    }
    // A miss: serialised by the lock, then the cache is read again.
    tracing::debug!(profile = %profile.name, "token cache: miss; taking the lock");
    let locked = match cache.lock_waiting(http.timeout()).await {
        Ok(locked) => locked,
        Err(error) => {
            notes.push(CacheNote::Unavailable(error));
            return exchange(http, profile).await;
        }
    };
    match locked.get(&key, now) {
        Ok(Some(entry)) if refused.as_deref() != Some(entry.access_token.as_str()) => {
            match check_entry(http, profile, &entry, now).await {
                Ok(()) => {
                    tracing::debug!(profile = %profile.name, "token cache: stored by another process meanwhile");
                    return Ok(hit(profile, entry, now));
                }
                Err(problem) => {
                    notes.push(CacheNote::NoLongerVerifies { problem: problem.to_string() });
                    refused = Some(entry.access_token);
                }
            }
        }
        Ok(_) => {}
        Err(error) => notes.push(CacheNote::Unreadable(error)),
    }
    let obtained = exchange(http, profile).await;
    match &obtained {
        Ok(token) => store(&locked, key, profile, token, now, notes),
        // A refused entry is not left for the next run to refuse again.
        Err(_) if refused.is_some() => {
            if let Err(error) = locked.remove(&key, now) {
                notes.push(CacheNote::Unreadable(error));
            }
        }
        Err(_) => {}
    }
    obtained
}

/// The cached token of `profile`, when it proves itself (as in `obtain_token`), without ever
/// exchanging or writing: the one way the TUI's grant check gets a profile's token, so the
/// check never spends a client-credentials exchange by itself.
pub async fn cached_token(
    http: &Http,
    profile: &Profile,
    now: i64,
    notes: &mut Vec<CacheNote>,
) -> Option<ObtainedToken> {
    if !profile.cache {
        return None;
    }
    let cache = open_cache(notes)?;
    let entry = match cache.get(&CacheKey::of(profile), now) {
        Ok(entry) => entry?,
        Err(error) => {
            notes.push(CacheNote::Unreadable(error));
            return None;
        }
    };
    match check_entry(http, profile, &entry, now).await {
        Ok(()) => Some(hit(profile, entry, now)),
        Err(problem) => {
            notes.push(CacheNote::NoLongerVerifies { problem: problem.to_string() });
            None
        }
    }
}

/// A new token of `profile` (one client-credentials exchange, the cache never read), stored in
/// the cache as `fetch` would store it unless `use_cache` or the profile says not to: the TUI's
/// `f`.
pub async fn fetch_new(
    http: &Http,
    profile: &Profile,
    use_cache: bool,
    now: i64,
    notes: &mut Vec<CacheNote>,
) -> Result<ObtainedToken, FetchError> {
    let obtained = exchange(http, profile).await?;
    if use_cache
        && profile.cache
        && let Some(cache) = open_cache(notes)
    {
        match cache.lock() {
            Ok(locked) => store(&locked, CacheKey::of(profile), profile, &obtained, now, notes),
            Err(error) => notes.push(CacheNote::NotStored(error)),
        }
    }
    Ok(obtained)
}

async fn exchange(http: &Http, profile: &Profile) -> Result<ObtainedToken, FetchError> {
    let grant = fetch_token(http, profile).await?;
    Ok(ObtainedToken {
        expires_at: grant.expires_at(),
        received_at: grant.received_at,
        token_endpoint: grant.endpoints.token_endpoint.clone(),
        response: grant.response,
        cached: false,
    })
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

/// Why a cached token is not handed out.
#[derive(Debug, thiserror::Error)]
enum Refusal {
    #[error("not a JWT: {0}")]
    NotJwt(crate::domain::DecodeError),
    #[error("{0}")]
    NotTrusted(String),
}

/// Whether the entry's token may be handed out for `profile`: why not, if not.
async fn check_entry(http: &Http, profile: &Profile, entry: &CachedToken, now: i64) -> Result<(), Refusal> {
    let jwt = DecodedJwt::decode(&entry.access_token).map_err(Refusal::NotJwt)?;
    let verification = verify_for_profile(http, &jwt, profile, now).await;
    if !verification.is_trusted() {
        tracing::debug!(profile = %profile.name, "token cache: dropped (no longer verifies)");
        return Err(Refusal::NotTrusted(verification.first_problem().unwrap_or_default()));
    }
    Ok(())
}

/// A proven entry as a token response: `scope` and `expires_in` are the JWT's own.
fn hit(profile: &Profile, entry: CachedToken, now: i64) -> ObtainedToken {
    tracing::debug!(profile = %profile.name, domain = %entry.key.domain, expires_at = entry.expires_at, "token cache: hit");
    ObtainedToken {
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
    }
}

/// Caches a fresh token: only a JWT-shaped bearer token with a known expiry.
fn store(
    cache: &LockedCache,
    key: CacheKey,
    profile: &Profile,
    token: &ObtainedToken,
    now: i64,
    notes: &mut Vec<CacheNote>,
) {
    let Some(expires_at) = token.expires_at else { return };
    if !is_bearer_token_text(&token.response.access_token)
        || DecodedJwt::decode(&token.response.access_token).is_err()
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
