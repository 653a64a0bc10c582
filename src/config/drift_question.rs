//! Which tenant to ask about a token's grant today (grant drift: `tokex drift` and the
//! Inspector's grant line), decided from the token and the configured profiles alone, before
//! any request, so a front end can say "not checked: …" without a network round trip.

use super::{Profile, profile_for_issuer};
use crate::domain::Inspection;
use crate::domain::grant_drift::DriftUnknown;

/// The scope the asking token needs to read client grants.
pub const GRANT_SCOPE: &str = "read:client_grants";

/// What to ask, and whom: the profiles of the tenant that issued the token (the active one
/// first; only their tokens are sent, only to that tenant), the token's client and the audience
/// its grant is for, and the token itself (verified before anything is asked).
#[derive(Clone)]
pub struct DriftQuestion {
    pub profiles: Vec<Profile>,
    pub client_id: String,
    pub audience: String,
    token: String,
}

impl std::fmt::Debug for DriftQuestion {
    // The token is a credential: never in debug output or logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.profiles.iter().map(|p| p.name.as_str()).collect();
        f.debug_struct("DriftQuestion")
            .field("profiles", &names)
            .field("client_id", &self.client_id)
            .field("audience", &self.audience)
            .finish_non_exhaustive()
    }
}

impl DriftQuestion {
    /// The question for `token`, or why there is none (no client or an empty one, no audience,
    /// no profile of the issuing tenant).
    pub fn for_token(
        token: &Inspection,
        profiles: &[Profile],
        active: Option<&Profile>,
    ) -> Result<Self, DriftUnknown> {
        let claims = &token.claims;
        let client_id = claims.azp.as_deref().filter(|azp| !azp.trim().is_empty());
        let (Some(client_id), Some(iss)) = (client_id, claims.iss.as_deref()) else {
            return Err(DriftUnknown::NoClientOrAudience);
        };
        let first = profile_for_issuer(profiles, active, iss)
            .ok_or_else(|| DriftUnknown::NoProfile { tenant: iss.to_owned() })?;
        let others = profiles.iter().filter(|p| p.name != first.name && p.matches_issuer(iss));
        let candidates: Vec<Profile> = std::iter::once(first).chain(others).cloned().collect();
        // The profile's own audience when the token has several (the Management API's).
        let audience = claims
            .aud
            .iter()
            .find(|aud| **aud == first.audience)
            .or_else(|| claims.aud.first())
            .filter(|aud| !aud.trim().is_empty())
            .ok_or(DriftUnknown::NoClientOrAudience)?;
        Ok(Self {
            profiles: candidates,
            client_id: client_id.to_owned(),
            audience: audience.clone(),
            token: token.jwt.raw.clone(),
        })
    }

    /// The token asked about (verified against the tenant before anything is asked).
    pub fn token(&self) -> &str {
        &self.token
    }

    /// The tenant asked (every candidate profile has the same one).
    pub fn tenant(&self) -> &str {
        self.profiles.first().map_or("", |p| p.domain.as_str())
    }
}
