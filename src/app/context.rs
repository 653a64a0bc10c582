//! What a pane may read of the rest of the model while it handles something: the clock, the
//! inspected token and the profiles. Read-only, so a pane changes only its own state.

use super::token::InspectedToken;
use crate::config::Profile;
use crate::domain::issuing_tenant::{TenantVerdict, TokenTenants};
use chrono::FixedOffset;

#[derive(Debug, Clone, Copy)]
pub struct PaneContext<'a> {
    /// Seconds since the epoch, from the last tick.
    pub now: i64,
    /// The local zone's offset, captured once at start.
    pub utc_offset: FixedOffset,
    pub token: Option<&'a InspectedToken>,
    pub profiles: &'a [Profile],
    /// Index into `profiles`.
    pub active: Option<usize>,
    /// Whether a token fetch is in flight.
    pub fetching: bool,
}

impl<'a> PaneContext<'a> {
    pub fn active_profile(&self) -> Option<&'a Profile> {
        self.active.and_then(|index| self.profiles.get(index))
    }

    /// Whether the active profile's tenant issued the inspected token (None without both).
    pub fn tenant_verdict(&self) -> Option<TenantVerdict> {
        let token = self.token?;
        let profile = self.active_profile()?;
        Some(TokenTenants::of(&token.inspection).verdict(&profile.domain))
    }
}
