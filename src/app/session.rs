//! Token session logic: fetching (one at a time, auto-renew with back-off), verification
//! results, and choosing profiles and past tokens in the Tokens pane.

use super::tokens::Row;
use super::{
    AUTO_RENEW_BACKOFF_SECS, AUTO_RENEW_REMAINING, Cmd, FetchFailure, FetchedToken, InspectedToken, Model,
    Notice, NoticeLevel, Pane, PendingFetch, SignatureStatus, TokenOrigin,
};
use crate::domain::Inspection;
use crate::domain::verify::{SignatureState, Verification};

impl Model {
    pub(super) fn start_fetch(&mut self, automatic: bool) -> Vec<Cmd> {
        if self.fetch.is_some() {
            self.notice = Some(Notice::info("A token request is already running (Esc cancels it)."));
            return Vec::new();
        }
        let Some(profile) = self.active_profile().cloned() else {
            self.notice = Some(Notice {
                level: NoticeLevel::Error,
                text: "No profile to fetch from.".to_owned(),
                hint: Some(
                    "Set AUTH0_DOMAIN, AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET, add a profile to the config \
                     file, or try `tokex demo`."
                        .to_owned(),
                ),
            });
            return Vec::new();
        };
        let id = self.next_id();
        self.fetch = Some(PendingFetch { id, profile: profile.name.clone(), automatic });
        let how = if automatic { "Auto-renew: fetching" } else { "Fetching" };
        self.notice = Some(Notice::info(format!(
            "{how} a new token from `{}` (Management API tokens cannot be refreshed; this is a new token)…",
            profile.name
        )));
        vec![Cmd::FetchToken { id, profile }]
    }

    /// Whether auto-renew should fetch now: the inspected token is in its last 5 %.
    pub(super) fn wants_auto_renew(&self) -> bool {
        if !self.auto_renew || self.fetch.is_some() || self.active_profile.is_none() {
            return false;
        }
        if self.auto_renew_failed_at.is_some_and(|at| self.now - at < AUTO_RENEW_BACKOFF_SECS) {
            return false;
        }
        let Some(token) = self.token.as_ref() else { return false };
        let expiry = token.inspection.expiry(self.now);
        expiry.elapsed_fraction.is_some_and(|used| used >= 1.0 - AUTO_RENEW_REMAINING)
    }

    pub(super) fn apply_verification(&mut self, raw: &str, verification: Verification) {
        let status = SignatureStatus { verification, pending: false };
        if let Some(token) = self.token.as_mut().filter(|t| t.raw() == raw) {
            token.signature = status.clone();
        }
        for entry in self.tokens.history.iter_mut().filter(|e| e.token.raw() == raw) {
            entry.token.signature = status.clone();
        }
    }
}

pub(super) fn on_token_fetched(
    model: &mut Model,
    id: u64,
    result: Result<FetchedToken, FetchFailure>,
) -> Vec<Cmd> {
    // A cancelled or superseded request's answer is ignored.
    if model.fetch.as_ref().is_none_or(|pending| pending.id != id) {
        return Vec::new();
    }
    let automatic = model.fetch.take().is_some_and(|pending| pending.automatic);
    model.dirty = true;
    match result {
        Ok(fetched) => match Inspection::from_pasted(&fetched.access_token) {
            Ok(inspection) => {
                model.auto_renew_failed_at = None;
                let token = InspectedToken::new(inspection, TokenOrigin::Fetched);
                let cmds = model.inspect(token, Some(fetched.profile.clone()));
                model.notice = Some(Notice::info(format!(
                    "New token from `{}`. It cannot be refreshed or revoked: it stays valid until exp.",
                    fetched.profile
                )));
                cmds
            }
            Err(error) => {
                model.notice =
                    Some(Notice::error(format!("The server returned something that is not a JWT: {error}")));
                Vec::new()
            }
        },
        Err(failure) => {
            if automatic {
                model.auto_renew_failed_at = Some(model.now);
            }
            model.notice =
                Some(Notice { level: NoticeLevel::Error, text: failure.message, hint: failure.hint });
            Vec::new()
        }
    }
}

pub(super) fn explicit_verify(model: &mut Model) -> Vec<Cmd> {
    let Some(token) = model.token.as_ref() else {
        model.notice = Some(Notice::error("Nothing to verify: no token yet."));
        return Vec::new();
    };
    if token.inspection.claims.iss.is_none() {
        model.notice = Some(Notice::error("The token has no iss claim: there is no issuer to ask for keys."));
        return Vec::new();
    }
    let raw = token.raw().to_owned();
    let profile = model.profile_for(token).cloned();
    if profile.is_none() {
        model.notice = Some(Notice::info(format!(
            "Asking the token's issuer ({}) for its keys, as you requested…",
            crate::domain::sanitize::escape_control(token.inspection.claims.iss.as_deref().unwrap_or(""))
        )));
    }
    if let Some(token) = model.token.as_mut() {
        token.signature.pending = true;
    }
    vec![Cmd::Verify { raw, profile }]
}

pub(super) fn choose_token_row(model: &mut Model) -> Vec<Cmd> {
    match model.tokens.row(model.profiles.len()) {
        Some(Row::Profile(index)) => {
            model.active_profile = Some(index);
            let name = model.profiles.get(index).map(|p| p.name.clone()).unwrap_or_default();
            model.notice =
                Some(Notice::info(format!("Active profile: `{name}`. Press f to fetch a token from it.")));
            Vec::new()
        }
        Some(Row::History(index)) => {
            let Some(entry) = model.tokens.history.get(index).cloned() else { return Vec::new() };
            let already_verified =
                !matches!(entry.token.signature.verification.signature, SignatureState::NotVerified);
            let mut token = entry.token;
            let mut cmds = Vec::new();
            // Re-verify only what was never checked; a finished check's result is kept.
            if !already_verified && let Some(profile) = model.profile_for(&token).cloned() {
                token.signature.pending = true;
                cmds.push(Cmd::Verify { raw: token.raw().to_owned(), profile: Some(profile) });
            }
            model.api.on_token_changed(&token.inspection.claims.scopes);
            model.token = Some(token);
            model.scroll = 0;
            model.pane = Pane::Inspector;
            model.notice = Some(Notice::info("Inspecting a token from this session's history."));
            cmds
        }
        None => Vec::new(),
    }
}
