//! The calls that limit the damage once tokens are out, and why one cannot be made. None of
//! them revokes a token: Auth0 has no call that does (docs/auth0.md#lifecycle).

use crate::domain::catalog::Method;

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
    pub method: Method,
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
