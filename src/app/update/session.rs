//! The inspected token and where tokens come from: a paste or the prompt, a fetch from the
//! active profile (by `f` or auto-renew), a row of the history; and signature checks.

use super::effects;
use crate::app::cmd::{Cmd, FetchedToken};
use crate::app::model::{AUTO_RENEW_BACKOFF_SECS, AUTO_RENEW_REMAINING, Model, PendingFetch};
use crate::app::notice::{Notice, Topic};
use crate::app::panes::tokens::HistoryEntry;
use crate::app::token::{InspectedToken, SignatureStatus, TokenOrigin};
use crate::domain::sanitize::escape_control;
use crate::domain::verify::Verification;
use crate::domain::{DecodeError, Inspection};
use crate::net::FetchError;

/// Why pasted or typed text did not become the inspected token.
#[derive(Debug, Clone, thiserror::Error)]
#[error("Not a token: {reason}.{}", if *.kept { " The previous token is kept." } else { "" })]
pub struct NotAToken {
    pub reason: DecodeError,
    /// Whether a token was inspected before (it still is).
    pub kept: bool,
}

/// Decodes `text` and, if it is a token, inspects it (returning the commands that follow);
/// otherwise keeps the current token and says why (the reason is also returned, for a prompt
/// that stays open).
pub fn load_token(model: &mut Model, text: String, origin: TokenOrigin) -> Result<Vec<Cmd>, NotAToken> {
    match Inspection::from_pasted_owned(text) {
        Ok(inspection) => Ok(inspect(model, InspectedToken::new(inspection, origin), None)),
        Err(reason) => {
            let error = NotAToken { reason, kept: model.token.is_some() };
            model.notice = Some(Notice::error(error.to_string()));
            Err(error)
        }
    }
}

/// Makes `token` the inspected one, records it in the history and asks for its verification
/// when its issuer is a configured profile (never otherwise).
fn inspect(model: &mut Model, mut token: InspectedToken, profile_name: Option<String>) -> Vec<Cmd> {
    let mut cmds = Vec::new();
    if let Some(profile) = model.profile_for(&token) {
        token.signature.pending = true;
        cmds.push(Cmd::Verify { raw: token.raw().to_owned(), profile: Some(profile.clone()) });
    }
    model.notice = Some(Notice::info(format!("Token loaded ({}).", token.origin.label())));
    let entry = HistoryEntry { token: token.clone(), seen_at: model.now, profile: profile_name };
    model.panes.tokens.remember(entry, model.now);
    cmds.extend(effects::make_inspected(model, token));
    cmds
}

pub fn start_fetch(model: &mut Model, automatic: bool) -> Vec<Cmd> {
    if model.session.fetch.is_some() {
        model.notice = Some(Notice::info("A token request is already running (Esc cancels it)."));
        return Vec::new();
    }
    let Some(profile) = model.active_profile().cloned() else {
        model.notice = Some(Notice::error("No profile to fetch from.").with_hint(
            "Set AUTH0_DOMAIN, AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET, add a profile to the config file, or try \
             `tokex demo`.",
        ));
        return Vec::new();
    };
    let id = model.next_id();
    model.session.fetch = Some(PendingFetch { id, profile: profile.name.clone(), automatic });
    let how = if automatic { "Auto-renew: fetching" } else { "Fetching" };
    model.notice = Some(Notice::info(format!(
        "{how} a new token from `{}` (Management API tokens cannot be refreshed; this is a new token)…",
        escape_control(&profile.name)
    )));
    vec![Cmd::FetchToken { id, profile }]
}

/// Whether auto-renew should fetch now: the inspected token is in its last 5 %.
pub fn wants_auto_renew(model: &Model) -> bool {
    let session = &model.session;
    if !session.auto_renew || session.fetch.is_some() || session.active.is_none() {
        return false;
    }
    if session.auto_renew_failed_at.is_some_and(|at| model.now - at < AUTO_RENEW_BACKOFF_SECS) {
        return false;
    }
    let Some(token) = model.token.as_ref() else { return false };
    let expiry = token.inspection.expiry(model.now);
    expiry.elapsed_fraction.is_some_and(|used| used >= 1.0 - AUTO_RENEW_REMAINING)
}

pub(super) fn on_token_fetched(
    model: &mut Model,
    id: u64,
    result: Result<FetchedToken, FetchError>,
) -> Vec<Cmd> {
    // A cancelled or superseded request's answer is ignored.
    if model.session.fetch.as_ref().is_none_or(|pending| pending.id != id) {
        return Vec::new();
    }
    let automatic = model.session.fetch.take().is_some_and(|pending| pending.automatic);
    model.dirty = true;
    match result {
        Ok(fetched) => match Inspection::from_pasted(&fetched.access_token) {
            Ok(inspection) => {
                model.session.auto_renew_failed_at = None;
                let token = InspectedToken::new(inspection, TokenOrigin::Fetched);
                let cmds = inspect(model, token, Some(fetched.profile.clone()));
                model.notice = Some(Notice::info(format!(
                    "New token from `{}`. It cannot be refreshed or revoked: it stays valid until exp.",
                    escape_control(&fetched.profile)
                )));
                cmds
            }
            Err(error) => {
                model.notice =
                    Some(Notice::error(format!("The server returned something that is not a JWT: {error}")));
                Vec::new()
            }
        },
        Err(error) => {
            if automatic {
                model.session.auto_renew_failed_at = Some(model.now);
            }
            let mut notice = Notice::error(error.to_string());
            notice.hint = error.hint().map(str::to_owned);
            model.notice = Some(notice);
            Vec::new()
        }
    }
}

/// `v`: asks the token's issuer for its keys (the only way tokex contacts a host a pasted token
/// names).
pub fn explicit_verify(model: &mut Model) -> Vec<Cmd> {
    let Some(token) = model.token.as_ref() else {
        model.notice = Some(Notice::error("Nothing to verify: no token yet."));
        return Vec::new();
    };
    let Some(iss) = token.inspection.claims.iss.clone() else {
        model.notice = Some(Notice::error("The token has no iss claim: there is no issuer to ask for keys."));
        return Vec::new();
    };
    let raw = token.raw().to_owned();
    let profile = model.profile_for(token).cloned();
    if profile.is_none() {
        model.notice = Some(
            Notice::info(format!(
                "Asking the token's issuer ({}) for its keys, as you requested…",
                escape_control(&iss)
            ))
            .about(Topic::Verify),
        );
    }
    if let Some(token) = model.token.as_mut() {
        token.signature.pending = true;
    }
    vec![Cmd::Verify { raw, profile }]
}

pub(super) fn apply_verification(model: &mut Model, raw: &str, verification: Verification) {
    model.dirty = true;
    let status = SignatureStatus { verification, pending: false };
    if let Some(token) = model.token.as_mut().filter(|t| t.raw() == raw) {
        token.signature = status.clone();
    }
    model.panes.tokens.set_signature(raw, &status);
    model.end(Topic::Verify);
}
