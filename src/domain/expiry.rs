//! Where a token stands in time at a given `now`. The clock is never read here: callers
//! pass `now` (seconds since the epoch), so the same token always gives the same answer.

use super::claims::Claims;

/// Auth0's default Management API token lifetime (24 h).
pub const DEFAULT_LIFETIME_SECS: i64 = 86_400;
/// 0001-01-01T00:00:00Z: claim times before it are not plausible and never shown as dates.
pub const EARLIEST_PLAUSIBLE_TIME: i64 = -62_135_596_800;
/// 9999-12-31T23:59:59Z: claim times after it are not plausible and never shown as dates.
pub const LATEST_PLAUSIBLE_TIME: i64 = 253_402_300_799;

/// True for a time within the years 0001–9999, the only ones shown as dates.
pub fn is_plausible_time(timestamp: i64) -> bool {
    (EARLIEST_PLAUSIBLE_TIME..=LATEST_PLAUSIBLE_TIME).contains(&timestamp)
}

/// `later − earlier` without overflow: `None` when the difference does not fit in an `i64`
/// (a token may carry `iat = -9e18, exp = 9e18`).
pub fn checked_span(earlier: i64, later: i64) -> Option<i64> {
    later.checked_sub(earlier)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeState {
    /// No `exp`: the old, never-expiring token style.
    NoExpiry,
    /// `nbf` is in the future.
    NotYetValid {
        starts_in: i64,
    },
    Valid {
        remaining: i64,
    },
    Expired {
        ago: i64,
    },
}

/// How urgent the remaining time is; the UI maps this to green / yellow / red.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Urgency {
    Calm,
    /// In the last 10 % of the lifetime.
    Soon,
    /// Under a minute left, expired, or not yet valid.
    Critical,
    /// Nothing to count down to.
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Expiry {
    pub state: TimeState,
    /// `exp − iat`, when both are present and the difference fits in an `i64`.
    pub lifetime: Option<i64>,
    /// Share of the lifetime already used, 0.0..=1.0.
    pub elapsed_fraction: Option<f64>,
    pub urgency: Urgency,
}

impl Expiry {
    pub fn at(claims: &Claims, now: i64) -> Self {
        let lifetime = match (claims.iat, claims.exp) {
            (Some(iat), Some(exp)) => checked_span(iat, exp),
            _ => None,
        };
        let state = match (claims.nbf, claims.exp) {
            (Some(nbf), _) if now < nbf => TimeState::NotYetValid { starts_in: nbf.saturating_sub(now) },
            (_, None) => TimeState::NoExpiry,
            (_, Some(exp)) if now >= exp => TimeState::Expired { ago: now.saturating_sub(exp) },
            (_, Some(exp)) => TimeState::Valid { remaining: exp.saturating_sub(now) },
        };
        let elapsed_fraction = match (claims.iat, claims.exp, lifetime) {
            (Some(iat), Some(_), Some(total)) if total > 0 => {
                Some((now.saturating_sub(iat) as f64 / total as f64).clamp(0.0, 1.0))
            }
            (_, Some(exp), _) if now >= exp => Some(1.0),
            _ => None,
        };
        let urgency = match state {
            TimeState::NoExpiry => Urgency::Unknown,
            TimeState::NotYetValid { .. } | TimeState::Expired { .. } => Urgency::Critical,
            TimeState::Valid { remaining } if remaining < 60 => Urgency::Critical,
            TimeState::Valid { remaining } => match lifetime {
                Some(total) if total > 0 && remaining.saturating_mul(10) <= total => Urgency::Soon,
                _ => Urgency::Calm,
            },
        };
        Self { state, lifetime, elapsed_fraction, urgency }
    }

    /// One line a person reads first: "expires in 23h 59m 59s", "expired 3m 12s ago".
    pub fn headline(&self) -> String {
        match self.state {
            TimeState::NoExpiry => "never expires (no exp claim)".to_owned(),
            TimeState::NotYetValid { starts_in } => {
                format!("not valid yet: starts in {}", format_duration(starts_in))
            }
            TimeState::Valid { remaining } => format!("expires in {}", format_duration(remaining)),
            TimeState::Expired { ago } => format!("expired {} ago", format_duration(ago)),
        }
    }

    pub fn is_usable(&self) -> bool {
        matches!(self.state, TimeState::Valid { .. } | TimeState::NoExpiry)
    }
}

/// Compact duration: `42s`, `3m 12s`, `23h 59m 59s`, `2d 4h`. Negative input is shown by magnitude.
pub fn format_duration(seconds: i64) -> String {
    let total = seconds.unsigned_abs();
    let (days, hours, minutes, secs) =
        (total / 86_400, total % 86_400 / 3_600, total % 3_600 / 60, total % 60);
    if days > 0 {
        if hours > 0 { format!("{days}d {hours}h") } else { format!("{days}d") }
    } else if hours > 0 {
        format!("{hours}h {minutes}m {secs}s")
    } else if minutes > 0 {
        format!("{minutes}m {secs}s")
    } else {
        format!("{secs}s")
    }
}

/// Relative phrase for a timestamp: "in 3m 12s", "2d 4h ago", "now".
pub fn relative(timestamp: i64, now: i64) -> String {
    match timestamp.saturating_sub(now) {
        0 => "now".to_owned(),
        delta if delta > 0 => format!("in {}", format_duration(delta)),
        delta => format!("{} ago", format_duration(delta)),
    }
}
