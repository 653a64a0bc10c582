//! The state behind the Inspector's grant line: how the inspected token compares with its
//! client's grant as the tenant has it now (an issued token cannot be revoked, so a shrunk or
//! deleted grant leaves it working). When it is asked: `drift_check`.

use crate::domain::Inspection;
use crate::domain::grant_drift::{DriftReport, DriftUnknown};
use std::sync::Arc;

/// The same token is not asked about again sooner than this.
pub const DRIFT_MIN_INTERVAL_SECS: i64 = 60;

/// A grant check in flight.
#[derive(Debug, Clone)]
pub struct PendingDrift {
    pub id: u64,
    pub token: Arc<Inspection>,
    /// The tenant asked, for the "asking …" line.
    pub tenant: String,
}

/// The last answer, for the token it was asked about.
#[derive(Debug, Clone)]
pub struct DriftOutcome {
    pub token: Arc<Inspection>,
    /// When the tenant answered; `None` when no request was possible (no profile, no client).
    pub checked_at: Option<i64>,
    pub result: Result<DriftReport, DriftUnknown>,
}

#[derive(Debug, Clone, Default)]
pub struct DriftState {
    pub pending: Option<PendingDrift>,
    pub last: Option<DriftOutcome>,
}

impl DriftState {
    /// The outcome shown for `token` (an answer about another token is never shown).
    pub fn outcome_for(&self, token: &Arc<Inspection>) -> Option<&DriftOutcome> {
        self.last.as_ref().filter(|o| same_token(&o.token, token))
    }

    pub fn pending_for(&self, token: &Arc<Inspection>) -> Option<&PendingDrift> {
        self.pending.as_ref().filter(|p| same_token(&p.token, token))
    }
}

/// The same token: the same decoded value, or the same text pasted again (a paste of the token
/// already shown must not ask the tenant again within the minute).
pub fn same_token(a: &Arc<Inspection>, b: &Arc<Inspection>) -> bool {
    Arc::ptr_eq(a, b) || a.jwt.raw == b.jwt.raw
}
