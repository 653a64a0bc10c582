//! A token taken apart once, ready to show: decoded parts, typed claims, grouped scopes and
//! warnings. Built when a token arrives, never per frame.

use super::claims::{Claims, REGISTERED, ScopeGroup, group_scopes};
use super::expiry::Expiry;
use super::input::{compact_jwt, extract_jwt_owned};
use super::token::{DecodeError, DecodedJwt};
use super::warnings::{Warning, warnings_for};
use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Value, json};

#[derive(Debug, Clone, PartialEq)]
pub struct Inspection {
    pub jwt: DecodedJwt,
    pub claims: Claims,
    pub scope_groups: Vec<ScopeGroup>,
    pub warnings: Vec<Warning>,
}

impl Inspection {
    /// Extracts, decodes and inspects whatever was pasted.
    pub fn from_pasted(pasted: &str) -> Result<Self, DecodeError> {
        Self::from_decoded(DecodedJwt::decode_owned(compact_jwt(pasted)?.into_owned())?)
    }

    /// [`Inspection::from_pasted`] for text the caller gives away (a paste): the token keeps
    /// its buffer instead of a copy.
    pub fn from_pasted_owned(pasted: String) -> Result<Self, DecodeError> {
        Self::from_decoded(DecodedJwt::decode_owned(extract_jwt_owned(pasted)?)?)
    }

    pub fn from_compact(compact: &str) -> Result<Self, DecodeError> {
        Self::from_decoded(DecodedJwt::decode(compact)?)
    }

    fn from_decoded(jwt: DecodedJwt) -> Result<Self, DecodeError> {
        let claims = Claims::from_jwt(&jwt)?;
        let scope_groups = group_scopes(&claims.scopes);
        let warnings = warnings_for(&jwt, &claims);
        Ok(Self { jwt, claims, scope_groups, warnings })
    }

    /// Every claim not in [`REGISTERED`] and not a scope claim, in the token's order (read from
    /// the payload, not copied: a claim can be megabytes).
    pub fn other_claims(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.jwt.payload.iter().map(|(name, value)| (name.as_str(), value)).filter(|(name, _)| {
            !REGISTERED.contains(name) && !matches!(*name, "scope" | "scp" | "permissions")
        })
    }

    pub fn expiry(&self, now: i64) -> Expiry {
        Expiry::at(&self.claims, now)
    }

    /// The machine-readable summary `tokex decode --json` prints. `signature` is the
    /// verification state's wire name.
    pub fn summary_json(&self, now: i64, signature: Value) -> Value {
        json!({
            "header": Value::Object(self.jwt.header.clone()),
            "claims": Value::Object(self.jwt.payload.clone()),
            "scopes": self.claims.scopes,
            "issued_at": self.claims.iat.and_then(rfc3339),
            "expires_at": self.claims.exp.and_then(rfc3339),
            "expires_in_seconds": self.claims.exp.map(|exp| exp.saturating_sub(now)),
            "lifetime_seconds": self.expiry(now).lifetime,
            "warnings": self.warnings.iter().map(|w| w.text.clone()).collect::<Vec<_>>(),
            "signature": signature,
        })
    }
}

/// RFC 3339 in UTC, or None outside the years 0001–9999 (not a plausible time).
pub fn rfc3339(timestamp: i64) -> Option<String> {
    if !super::expiry::is_plausible_time(timestamp) {
        return None;
    }
    DateTime::<Utc>::from_timestamp(timestamp, 0).map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true))
}
