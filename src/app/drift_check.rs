//! When the Inspector's grant line is asked for: when the token changes and on `d`, never more
//! than once a minute for the same token, in the background; Esc cancels.

use super::drift::{DRIFT_MIN_INTERVAL_SECS, DriftOutcome, PendingDrift, same_token};
use super::model::Model;
use super::msg::Cmd;
use super::notice::Notice;
use crate::domain::Inspection;
use crate::domain::grant_drift::{DriftReport, DriftUnknown, TenantAnswer};
use crate::domain::issuing_tenant::{TenantVerdict, TokenTenants};
use crate::net::grant_drift::{DriftQuestion, GRANT_SCOPE};
use std::sync::Arc;

impl Model {
    /// The inspected token changed: ask about it, unless its answer is still fresh (a token
    /// chosen again from the history) or there is nobody to ask.
    pub(super) fn drift_on_token_changed(&mut self) -> Vec<Cmd> {
        let Some(token) = self.token.as_ref().map(|t| Arc::clone(&t.inspection)) else { return Vec::new() };
        let mut cmds = self.cancel_stale_drift(&token);
        let fresh = self
            .drift
            .outcome_for(&token)
            .is_some_and(|o| o.checked_at.is_some_and(|at| self.now - at < DRIFT_MIN_INTERVAL_SECS));
        if !fresh && self.drift.pending_for(&token).is_none() {
            cmds.extend(self.ask_drift(token));
        }
        cmds
    }

    /// `d`: ask again, at most once a minute for the same token.
    pub(super) fn check_drift_now(&mut self) -> Vec<Cmd> {
        let Some(token) = self.token.as_ref().map(|t| Arc::clone(&t.inspection)) else {
            self.notice = Some(Notice::error("No token to compare with its grant yet."));
            return Vec::new();
        };
        if self.drift.pending_for(&token).is_some() {
            self.notice = Some(Notice::info("The grant check is already running (Esc cancels it)."));
            return Vec::new();
        }
        let checked_at = self.drift.outcome_for(&token).and_then(|o| o.checked_at);
        if let Some(at) = checked_at.filter(|at| self.now - at < DRIFT_MIN_INTERVAL_SECS) {
            let wait = DRIFT_MIN_INTERVAL_SECS - (self.now - at);
            self.notice = Some(Notice::info(format!(
                "The grant was checked {} s ago; it is asked at most once a minute (again in {wait} s).",
                self.now - at
            )));
            return Vec::new();
        }
        let cmds = self.ask_drift(token);
        if self.drift.pending.is_some() {
            self.notice = Some(Notice::info("Asking the tenant for the client's current grant…"));
        }
        cmds
    }

    fn ask_drift(&mut self, token: Arc<Inspection>) -> Vec<Cmd> {
        let active = self.active_profile();
        let question = match DriftQuestion::for_claims(&token.claims, &self.session.profiles, active) {
            Ok(question) => question,
            Err(unknown) => {
                self.drift.last = Some(DriftOutcome { token, checked_at: None, result: Err(unknown) });
                return Vec::new();
            }
        };
        // The inspected token asks by itself when it may read grants, is still valid and was
        // issued by the tenant asked; otherwise the runtime fetches one from its profiles.
        let may_ask_itself = token.claims.has_scope(GRANT_SCOPE)
            && token.claims.exp.is_some_and(|exp| exp > self.now)
            && TokenTenants::of(&token).verdict(question.tenant()) == TenantVerdict::Same;
        let asking_token = may_ask_itself.then(|| token.jwt.raw.clone());
        let id = self.next_id();
        self.drift.pending =
            Some(PendingDrift { id, token: Arc::clone(&token), tenant: question.tenant().to_owned() });
        vec![Cmd::CheckDrift { id, question, asking_token }]
    }

    /// A check about a token that is no longer inspected is cancelled.
    fn cancel_stale_drift(&mut self, token: &Arc<Inspection>) -> Vec<Cmd> {
        match self.drift.pending.take() {
            Some(pending) if !same_token(&pending.token, token) => vec![Cmd::Cancel(pending.id)],
            other => {
                self.drift.pending = other;
                Vec::new()
            }
        }
    }

    /// Esc: the check in flight, if any, is cancelled.
    pub(super) fn cancel_drift(&mut self) -> Option<Cmd> {
        let pending = self.drift.pending.take()?;
        self.notice = Some(Notice::info("Grant check cancelled."));
        Some(Cmd::Cancel(pending.id))
    }

    pub(super) fn on_drift_checked(&mut self, id: u64, result: Result<TenantAnswer, DriftUnknown>) {
        // A cancelled or superseded check's answer is ignored.
        let Some(pending) = self.drift.pending.take_if(|p| p.id == id) else { return };
        let claims = &pending.token.claims;
        let result = result.map(|answer| DriftReport::assess(&claims.scopes, &answer, claims.exp, self.now));
        self.drift.last = Some(DriftOutcome { token: pending.token, checked_at: Some(self.now), result });
        self.dirty = true;
    }

    /// The report's time left follows the clock.
    pub(super) fn drift_tick(&mut self) {
        if let Some(DriftOutcome { token, result: Ok(report), .. }) = self.drift.last.as_mut() {
            report.time_left = token.claims.exp.map(|exp| exp.saturating_sub(self.now));
        }
    }
}
