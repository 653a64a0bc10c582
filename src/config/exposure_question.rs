//! Whose tokens to count and which tenant to ask (`tokex exposure` and the Exposure pane),
//! decided from a token or a client id and the configured profiles alone, before any request.

use super::{Profile, profile_for_issuer};
use crate::domain::Inspection;
use crate::domain::exposure::{DEFAULT_MAX_PAGES, ExposureQuery, ExposureUnknown, Subject, check_client_id};
use crate::domain::issuing_tenant::TokenTenants;

/// The query and the profiles of its tenant whose tokens may ask (the active one first).
#[derive(Debug, Clone)]
pub struct ExposureQuestion {
    pub query: ExposureQuery,
    pub profiles: Vec<Profile>,
}

impl ExposureQuestion {
    /// The story of `token`'s client (its `azp`) on the tenant that issued it, for the audience
    /// it was issued for (the profile's, when the token carries several).
    pub fn for_token(
        token: &Inspection,
        profiles: &[Profile],
        active: Option<&Profile>,
    ) -> Result<Self, ExposureUnknown> {
        let claims = &token.claims;
        let client =
            claims.azp.as_deref().filter(|azp| !azp.trim().is_empty()).ok_or(ExposureUnknown::NoClient)?;
        check_client_id(client)?;
        let first = claims.iss.as_deref().and_then(|iss| profile_for_issuer(profiles, active, iss));
        let management = claims.aud.iter().find(|aud| aud.ends_with("/api/v2/"));
        let (tenant, audience, candidates) = match first {
            Some(first) => {
                let audience = claims.aud.iter().find(|aud| **aud == first.audience).or(management);
                let others = profiles.iter().filter(|p| p.name != first.name && p.domain == first.domain);
                let candidates: Vec<Profile> = std::iter::once(first).chain(others).cloned().collect();
                (first.domain.clone(), audience.cloned(), candidates)
            }
            // No profile: only the token itself can ask, on its own tenant.
            None => (
                TokenTenants::of(token).origins.first().cloned().unwrap_or_default(),
                management.cloned(),
                Vec::new(),
            ),
        };
        let audience = audience.filter(|a| !a.is_empty()).ok_or(ExposureUnknown::NoClient)?;
        if tenant.is_empty() {
            return Err(ExposureUnknown::NoClient);
        }
        Ok(Self { query: query(tenant, audience, Subject::Client(client.to_owned())), profiles: candidates })
    }

    /// The story of `client_id` on `profile`'s tenant, for the profile's audience.
    pub fn for_client(
        client_id: &str,
        profile: &Profile,
        profiles: &[Profile],
    ) -> Result<Self, ExposureUnknown> {
        check_client_id(client_id)?;
        Ok(Self::on(profile, profiles, Subject::Client(client_id.to_owned())))
    }

    /// Every client with a grant for `profile`'s audience.
    pub fn all(profile: &Profile, profiles: &[Profile]) -> Self {
        Self::on(profile, profiles, Subject::All)
    }

    fn on(profile: &Profile, profiles: &[Profile], subject: Subject) -> Self {
        let others = profiles.iter().filter(|p| p.name != profile.name && p.domain == profile.domain);
        let candidates = std::iter::once(profile).chain(others).cloned().collect();
        Self { query: query(profile.domain.clone(), profile.audience.clone(), subject), profiles: candidates }
    }

    /// The profiles' names, for messages (`acme, acme-admin`).
    pub fn profile_names(&self) -> String {
        self.profiles.iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join(", ")
    }

    /// The tenant asked.
    pub fn tenant(&self) -> &str {
        &self.query.tenant
    }
}

fn query(tenant: String, audience: String, subject: Subject) -> ExposureQuery {
    ExposureQuery { tenant, audience, subject, since: None, max_pages: DEFAULT_MAX_PAGES }
}
