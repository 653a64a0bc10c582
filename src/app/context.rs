//! What a pane may read of the rest of the model while it handles something: the clock, the
//! inspected token and the profiles. Read-only, so a pane changes only its own state.

use super::token::InspectedToken;
use crate::config::{ConfigProblem, Profile};
use crate::domain::issuing_tenant::{TenantVerdict, TokenTenants};
use crate::domain::sanitize::escape_control;
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
    /// Problems found in the configuration (listed under the profiles).
    pub config_problems: &'a [ConfigProblem],
    /// Whether a token fetch is in flight.
    pub fetching: bool,
}

impl<'a> PaneContext<'a> {
    pub fn active_profile(&self) -> Option<&'a Profile> {
        self.active.and_then(|index| self.profiles.get(index))
    }

    /// The inspected token's client, by the profile that holds it or by its `azp` (shortened),
    /// escaped: who a call with this token acts as.
    pub fn token_owner(&self) -> Option<String> {
        let azp = self.token?.inspection.claims.azp.as_deref()?;
        if let Some(profile) = self.profiles.iter().find(|p| p.client_id == azp) {
            return Some(escape_control(&profile.name).into_owned());
        }
        let short: String = azp.chars().take(12).collect();
        let more = if azp.chars().count() > 12 { "…" } else { "" };
        Some(format!("client {}{more}", escape_control(&short)))
    }

    /// Whether the active profile's tenant issued the inspected token (None without both).
    pub fn tenant_verdict(&self) -> Option<TenantVerdict> {
        let token = self.token?;
        let profile = self.active_profile()?;
        Some(TokenTenants::of(&token.inspection).verdict(&profile.domain))
    }
}
