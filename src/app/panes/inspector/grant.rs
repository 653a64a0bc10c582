//! The Inspector's grant line: how the inspected token compares with its client's grant as the
//! tenant has it now (an issued token cannot be revoked, so a shrunk or deleted grant leaves
//! it working). Asked in the background when the token changes and on `d`, never more than once
//! a minute for the same token; Esc cancels.

use crate::app::context::PaneContext;
use crate::app::notice::{Notice, Topic};
use crate::app::panes::effect::Effect;
use crate::app::text::Segment;
use crate::app::text::fit::{fit_words, words};
use crate::config::{DriftQuestion, GRANT_SCOPE};
use crate::domain::Inspection;
use crate::domain::grant_drift::{DriftReport, DriftUnknown, TenantAnswer};
use crate::domain::issuing_tenant::{TenantVerdict, TokenTenants};
use crate::domain::sanitize::escape_control;
use crate::palette::Role;
use std::sync::Arc;

/// The same token is not asked about again sooner than this.
pub const DRIFT_MIN_INTERVAL_SECS: i64 = 60;

/// At most this many rows: the rest is one `tokex drift` away.
pub const MAX_ROWS: usize = 3;

/// A grant check in flight.
#[derive(Debug, Clone)]
pub struct PendingDrift {
    pub token: Arc<Inspection>,
    /// The tenant asked, for the "asking …" line.
    pub tenant: String,
    /// The profiles of that tenant whose tokens may ask, for "f fetches one" advice.
    pub profiles: Vec<String>,
}

/// The last answer, for the token it was asked about.
#[derive(Debug, Clone)]
pub struct DriftOutcome {
    pub token: Arc<Inspection>,
    /// The profiles of the token's tenant that were asked for a token.
    pub profiles: Vec<String>,
    /// When the tenant answered; `None` when no request was possible (no profile, no client).
    pub checked_at: Option<i64>,
    pub result: Result<DriftReport, DriftUnknown>,
}

#[derive(Debug, Clone, Default)]
pub struct GrantState {
    pub pending: Option<PendingDrift>,
    pub last: Option<DriftOutcome>,
}

/// What the grant line shows.
#[derive(Debug, Clone, PartialEq)]
pub enum GrantLine {
    /// A check is running (the renderer adds the spinner).
    Asking { tenant: String },
    /// Rows of text, fitted to the width.
    Rows(Vec<Vec<Segment<'static>>>),
}

impl GrantLine {
    pub fn height(&self) -> usize {
        match self {
            GrantLine::Asking { .. } => 1,
            GrantLine::Rows(rows) => rows.len().max(1),
        }
    }
}

/// How to get a token that can ask: `f` when the active profile is one of the tenant's, else
/// which profile to make active first.
fn fetch_advice(profiles: &[String], active: Option<&str>) -> String {
    match (profiles.first(), active) {
        (_, Some(active)) if profiles.iter().any(|p| p == active) => {
            format!("; f fetches one from {}", escape_control(active))
        }
        (Some(first), _) => format!("; make {} active (pane 2), then f fetches one", escape_control(first)),
        (None, _) => String::new(),
    }
}

/// The same token: the same decoded value, or the same text pasted again (a paste of the token
/// already shown must not ask the tenant again within the minute).
pub fn same_token(a: &Arc<Inspection>, b: &Arc<Inspection>) -> bool {
    Arc::ptr_eq(a, b) || a.jwt.raw == b.jwt.raw
}

impl GrantState {
    /// The outcome shown for `token` (an answer about another token is never shown).
    pub fn outcome_for(&self, token: &Arc<Inspection>) -> Option<&DriftOutcome> {
        self.last.as_ref().filter(|o| same_token(&o.token, token))
    }

    pub fn pending_for(&self, token: &Arc<Inspection>) -> Option<&PendingDrift> {
        self.pending.as_ref().filter(|p| same_token(&p.token, token))
    }

    /// The inspected token changed: ask about it, unless its answer is still fresh (a token
    /// chosen again from the history) or there is nobody to ask.
    pub fn on_token_changed(&mut self, ctx: &PaneContext) -> Vec<Effect> {
        let Some(token) = ctx.token.map(|t| Arc::clone(&t.inspection)) else { return Vec::new() };
        let mut effects = Vec::new();
        if self.pending.as_ref().is_some_and(|p| !same_token(&p.token, &token)) {
            // A check about a token that is no longer inspected is cancelled.
            self.pending = None;
            effects.push(Effect::CancelDrift);
        }
        let fresh = self
            .outcome_for(&token)
            .is_some_and(|o| o.checked_at.is_some_and(|at| ctx.now - at < DRIFT_MIN_INTERVAL_SECS));
        if !fresh && self.pending_for(&token).is_none() {
            effects.extend(self.ask(token, ctx));
        }
        effects
    }

    /// `d`: ask again, at most once a minute for the same token.
    pub fn check_now(&mut self, ctx: &PaneContext) -> Vec<Effect> {
        let Some(token) = ctx.token.map(|t| Arc::clone(&t.inspection)) else {
            return vec![Effect::Notice(Notice::error("No token to compare with its grant yet."))];
        };
        if self.pending_for(&token).is_some() {
            return vec![Effect::Notice(Notice::info(
                "The grant check is already running (Esc cancels it).",
            ))];
        }
        let checked_at = self.outcome_for(&token).and_then(|o| o.checked_at);
        if let Some(at) = checked_at.filter(|at| ctx.now - at < DRIFT_MIN_INTERVAL_SECS) {
            let wait = DRIFT_MIN_INTERVAL_SECS - (ctx.now - at);
            return vec![Effect::Notice(Notice::info(format!(
                "The grant was checked {} s ago; it is asked at most once a minute (again in {wait} s).",
                ctx.now - at
            )))];
        }
        let mut effects = self.ask(token, ctx);
        if self.pending.is_some() {
            let notice =
                Notice::info("Asking the tenant for the client's current grant…").about(Topic::GrantCheck);
            effects.push(Effect::Notice(notice));
        }
        effects
    }

    fn ask(&mut self, token: Arc<Inspection>, ctx: &PaneContext) -> Vec<Effect> {
        let question = match DriftQuestion::for_token(&token, ctx.profiles, ctx.active_profile()) {
            Ok(question) => question,
            Err(unknown) => {
                self.last = Some(DriftOutcome {
                    token,
                    profiles: Vec::new(),
                    checked_at: None,
                    result: Err(unknown),
                });
                return Vec::new();
            }
        };
        // The inspected token asks by itself when it may read grants, is still valid and was
        // issued by the tenant asked; otherwise the runtime uses a token of its profiles.
        let may_ask_itself = token.claims.has_scope(GRANT_SCOPE)
            && token.claims.exp.is_some_and(|exp| exp > ctx.now)
            && TokenTenants::of(&token).verdict(question.tenant()) == TenantVerdict::Same;
        let asking_token = may_ask_itself.then(|| token.jwt.raw.clone());
        let profiles = question.profiles.iter().map(|p| p.name.clone()).collect();
        self.pending =
            Some(PendingDrift { token: Arc::clone(&token), tenant: question.tenant().to_owned(), profiles });
        vec![Effect::CheckDrift { question, asking_token }]
    }

    /// Esc: the check in flight, if any, is cancelled.
    pub fn cancel(&mut self) -> Option<Vec<Effect>> {
        self.pending.take()?;
        Some(vec![Effect::CancelDrift, Effect::Notice(Notice::info("Grant check cancelled."))])
    }

    /// The tenant's answer to the check in flight (`update` drops answers to cancelled checks).
    pub fn on_checked(&mut self, result: Result<TenantAnswer, DriftUnknown>, now: i64) {
        let Some(pending) = self.pending.take() else { return };
        let claims = &pending.token.claims;
        let result = result.map(|answer| DriftReport::assess(&claims.scopes, &answer, claims.exp, now));
        self.last = Some(DriftOutcome {
            token: pending.token,
            profiles: pending.profiles,
            checked_at: Some(now),
            result,
        });
    }

    /// The report's time left follows the clock.
    pub fn on_tick(&mut self, now: i64) {
        if let Some(DriftOutcome { token, result: Ok(report), .. }) = self.last.as_mut() {
            report.time_left = token.claims.exp.map(|exp| exp.saturating_sub(now));
        }
    }

    /// The grant line for `token` in a box `width` columns wide (`active`: the active profile,
    /// for the advice on how to get a token that can ask).
    pub fn line(&self, token: &Arc<Inspection>, width: u16, active: Option<&str>) -> GrantLine {
        if let Some(pending) = self.pending_for(token) {
            return GrantLine::Asking { tenant: escape_control(&pending.tenant).into_owned() };
        }
        let texts: Vec<(String, Role)> = match self.outcome_for(token).map(|o| &o.result) {
            None => vec![("○ grant: not compared with the tenant (d asks)".to_owned(), Role::Dim)],
            Some(Err(unknown)) => {
                let mut text = format!("○ grant drift not checked: {}", escape_control(&unknown.to_string()));
                if let (DriftUnknown::NoHeldToken { .. }, Some(outcome)) = (unknown, self.outcome_for(token))
                {
                    text.push_str(&fetch_advice(&outcome.profiles, active));
                }
                vec![(text, Role::Dim)]
            }
            Some(Ok(report)) => {
                let (mark, role) =
                    if report.has_drift() { ("⚠", Role::Warning) } else { ("✓", Role::Info) };
                report
                    .lines()
                    .into_iter()
                    .take(MAX_ROWS)
                    .map(|line| (format!("{mark} grant: {}", escape_control(&line)), role))
                    .collect()
            }
        };
        let mut rows = Vec::new();
        for (text, role) in texts {
            let room = MAX_ROWS.saturating_sub(rows.len());
            if room == 0 {
                break;
            }
            rows.extend(fit_words(&words(&text, role), usize::from(width), room));
        }
        GrantLine::Rows(rows)
    }
}
