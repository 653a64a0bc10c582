//! One cached token, and what it is allowed to claim: nothing its own JWT does not say. The
//! file is only a list of tokens; the scopes, the expiry and the issue time handed out are
//! read from each token itself, so an entry edited (or planted) to claim more is refused or
//! corrected, never believed.

use crate::config::Profile;
use crate::domain::DecodedJwt;
use crate::domain::claims::Claims;
use serde::{Deserialize, Serialize};

/// Reuse stops this long before `exp` at least…
const MIN_MARGIN_SECS: i64 = 60;
/// …or this share of the lifetime, whichever is longer.
const MARGIN_PERCENT: i64 = 5;

/// Which tokens are interchangeable: same tenant, same client, same API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CacheKey {
    pub domain: String,
    pub client_id: String,
    pub audience: String,
}

impl CacheKey {
    pub fn of(profile: &Profile) -> Self {
        CacheKey {
            domain: profile.domain.clone(),
            client_id: profile.client_id.clone(),
            audience: profile.audience.clone(),
        }
    }
}

/// One cached token and what `fetch --json` needs to describe it again.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CachedToken {
    #[serde(flatten)]
    pub key: CacheKey,
    /// The profile that fetched it (shown by `cache list`).
    pub profile: String,
    pub access_token: String,
    pub token_type: Option<String>,
    /// As read back: the JWT's own scopes (`scope` and `permissions`), never the file's.
    pub scope: Option<String>,
    /// As read back: the JWT's `iat` (the file's value only when the JWT has none).
    pub received_at: i64,
    /// As read back: the JWT's `exp`, never the file's.
    pub expires_at: i64,
    pub token_endpoint: String,
}

impl std::fmt::Debug for CachedToken {
    // The token is a credential: never in debug output or logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CachedToken")
            .field("key", &self.key)
            .field("profile", &self.profile)
            .field("access_token", &"••••")
            .field("received_at", &self.received_at)
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

impl CachedToken {
    /// The last second the token is handed out: `max(60 s, 5 % of its lifetime)` before `exp`,
    /// so a script never starts a call with a token about to expire.
    pub fn reuse_until(&self) -> i64 {
        let lifetime = self.expires_at.saturating_sub(self.received_at).max(0);
        let margin = (lifetime / 100).saturating_mul(MARGIN_PERCENT).max(MIN_MARGIN_SECS);
        self.expires_at.saturating_sub(margin)
    }

    pub fn is_reusable(&self, now: i64) -> bool {
        now < self.reuse_until()
    }

    /// The entry as its token proves it, or None when the token is not a JWT with an `exp`
    /// issued to the key's client (`azp`) for the key's audience (`aud`): `expires_at` becomes
    /// the JWT's `exp`, `received_at` its `iat` and `scope` its own scopes, whatever the file
    /// said. (Whether the JWT is signed by the profile's tenant, with its `iss`, is checked before
    /// use: `obtain::check_entry`.)
    pub(super) fn proven(mut self) -> Option<Self> {
        let jwt = DecodedJwt::decode(&self.access_token).ok()?;
        let claims = Claims::from_jwt(&jwt).ok()?;
        if claims.azp.as_deref() != Some(self.key.client_id.as_str())
            || !claims.aud.contains(&self.key.audience)
        {
            return None;
        }
        let exp = claims.exp?;
        self.expires_at = exp;
        // Without `iat` the file's time is kept, but never after `exp` (a shorter lifetime
        // only makes the margin smaller, and never below 60 s).
        self.received_at = claims.iat.unwrap_or(self.received_at).min(exp);
        self.scope = (!claims.scopes.is_empty()).then(|| claims.scopes.join(" "));
        Some(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    fn jwt(payload: serde_json::Value) -> String {
        let part = |v: serde_json::Value| URL_SAFE_NO_PAD.encode(v.to_string());
        format!(
            "{}.{}.{}",
            part(serde_json::json!({"alg": "RS256"})),
            part(payload),
            URL_SAFE_NO_PAD.encode([1; 8])
        )
    }

    fn entry(access_token: String, scope: &str, received_at: i64, expires_at: i64) -> CachedToken {
        CachedToken {
            key: CacheKey { domain: "d".into(), client_id: "c".into(), audience: "a".into() },
            profile: "p".into(),
            access_token,
            token_type: Some("Bearer".into()),
            scope: Some(scope.into()),
            received_at,
            expires_at,
            token_endpoint: "https://d/oauth/token".into(),
        }
    }

    #[test]
    fn margin_is_60_s_or_5_percent() {
        let at = |received_at, expires_at| entry(String::new(), "", received_at, expires_at).reuse_until();
        // 24 h: 5 % is 72 min
        assert_eq!(at(0, 86_400), 86_400 - 4_320);
        // 10 min: 5 % is 30 s, so 60 s
        assert_eq!(at(0, 600), 540);
        // nonsense times never underflow
        assert_eq!(at(i64::MAX, i64::MIN), i64::MIN);
    }

    #[test]
    fn an_entry_claims_only_what_its_jwt_says() {
        let token = jwt(
            serde_json::json!({"azp": "c", "aud": "a", "iat": 1_000, "exp": 1_600, "scope": "read:users"}),
        );
        // The file says: another scope, a far expiry, an early issue time.
        let proven = entry(token, "delete:users create:clients", 0, 99_999_999).proven().expect("a JWT");
        assert_eq!(proven.scope.as_deref(), Some("read:users"));
        assert_eq!((proven.received_at, proven.expires_at), (1_000, 1_600));
        assert!(!proven.is_reusable(1_541), "the JWT's exp leaves the 60 s margin, not the file's");
        assert!(proven.is_reusable(1_539));

        let without_iat = jwt(serde_json::json!({"azp": "c", "aud": ["x", "a"], "exp": 1_600}));
        assert_eq!(entry(without_iat, "", 5_000, 1).proven().map(|e| e.received_at), Some(1_600));
        let no_exp = jwt(serde_json::json!({"azp": "c", "aud": "a", "scope": "x"}));
        assert!(entry(no_exp, "x", 0, 9_999).proven().is_none(), "no exp");
        assert!(entry("opaque-token".into(), "x", 0, 9_999).proven().is_none(), "not a JWT");
        // Another client's token, or one for another API, filed under this key.
        let other_client = jwt(serde_json::json!({"azp": "admin", "aud": "a", "exp": 1_600}));
        assert!(entry(other_client, "", 0, 9_999).proven().is_none());
        let other_api = jwt(serde_json::json!({"azp": "c", "aud": "https://other/", "exp": 1_600}));
        assert!(entry(other_api, "", 0, 9_999).proven().is_none());
    }
}
