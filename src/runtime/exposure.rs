//! The Exposure pane's log read: which token asks (the inspected one when `update` chose it,
//! else one this session holds, else a profile's cached one, each only when it may read the
//! log), then `net::exposure::gather`. Never a new client-credentials exchange: reading the log
//! must not add a token to the story it tells.

use super::AskingToken;
use crate::app::{ExposureRead, Msg};
use crate::cache;
use crate::config::ExposureQuestion;
use crate::domain::Inspection;
use crate::domain::exposure::{ExposureUnknown, LOG_SCOPE};
use crate::domain::issuing_tenant::{TenantVerdict, TokenTenants};
use crate::net::Http;
use tokio::sync::mpsc;

pub(super) async fn read(
    http: Http,
    question: ExposureQuestion,
    asking: AskingToken,
    id: u64,
    sender: mpsc::UnboundedSender<Msg>,
) {
    let now = asking.now;
    let result = match asking_token(&http, &question, asking).await {
        Ok(token) => crate::net::exposure::gather(&http, &question.query, &token, now)
            .await
            .map(|data| Box::new(ExposureRead { data, token })),
        Err(unknown) => Err(unknown),
    };
    let _ = sender.send(Msg::ExposureRead { id, result });
}

/// Whether `raw` may read the log of `tenant` at `now`.
fn may_read_log(raw: &str, tenant: &str, now: i64) -> bool {
    Inspection::from_compact(raw).is_ok_and(|token| {
        token.claims.has_scope(LOG_SCOPE)
            && token.claims.exp.is_some_and(|exp| exp > now)
            && TokenTenants::of(&token).verdict(tenant) == TenantVerdict::Same
    })
}

async fn asking_token(
    http: &Http,
    question: &ExposureQuestion,
    asking: AskingToken,
) -> Result<String, ExposureUnknown> {
    let AskingToken { given, held, use_cache, now } = asking;
    let tenant = question.tenant();
    if let Some(token) = given.into_iter().chain(held).find(|raw| may_read_log(raw, tenant, now)) {
        return Ok(token);
    }
    if question.profiles.is_empty() {
        return Err(ExposureUnknown::NoProfile { tenant: tenant.to_owned() });
    }
    let mut lacking = false;
    if use_cache {
        for profile in &question.profiles {
            let mut notes = Vec::new();
            let cached = cache::cached_token(http, profile, now, &mut notes).await;
            for note in notes {
                tracing::warn!(profile = %profile.name, %note, "token cache");
            }
            match cached.map(|obtained| obtained.response.access_token) {
                Some(token) if may_read_log(&token, tenant, now) => return Ok(token),
                Some(_) => lacking = true,
                None => {}
            }
        }
    }
    let profiles = question.profile_names();
    Err(if lacking {
        ExposureUnknown::NoLogScope { profiles }
    } else {
        ExposureUnknown::NoHeldToken { profiles }
    })
}
