//! Reading the log: which question (the inspected token's client, a client picked from the
//! list, or every client), with which token, and how often (never sooner than
//! [`MIN_GAP_SECS`] or half a second per request of the last read; the watch every
//! [`WATCH_SECS`], off at the first 429). The answers become the story or the list.

use super::{ExposurePane, ListView, MIN_GAP_SECS, PendingRead, StoryView, View, WATCH_SECS};
use crate::app::cmd::ExposureRead;
use crate::app::context::PaneContext;
use crate::app::notice::Notice;
use crate::app::panes::effect::Effect;
use crate::config::ExposureQuestion;
use crate::domain::exposure::{ExposureUnknown, LOG_SCOPE, Ranking, Story, Subject};
use crate::domain::issuing_tenant::{TenantVerdict, TokenTenants};
use crate::domain::sanitize::escape_control;
use std::sync::Arc;

impl ExposurePane {
    /// `r`: the question on screen asked again, else the inspected token's client.
    pub(super) fn read_now(&mut self, ctx: &PaneContext) -> Vec<Effect> {
        let question = match self.view {
            View::List => self.list.as_ref().map(|l| l.question.clone()),
            View::Story => self.story.as_ref().filter(|s| s.from_list).map(|s| s.question.clone()),
        };
        let question = match question {
            Some(question) => question,
            None => match self.token_question(ctx) {
                Ok(question) => question,
                Err(notice) => return vec![Effect::Notice(notice)],
            },
        };
        self.ask(question, ctx, false)
    }

    /// `l`: every client of the inspected token's tenant (else the active profile's).
    pub(super) fn read_list(&mut self, ctx: &PaneContext) -> Vec<Effect> {
        let profile = ctx
            .token
            .and_then(|t| t.inspection.claims.iss.as_deref())
            .and_then(|iss| crate::config::profile_for_issuer(ctx.profiles, ctx.active_profile(), iss))
            .or_else(|| ctx.active_profile());
        let Some(profile) = profile else {
            return vec![Effect::Notice(Notice::error(
                "No profile to list the clients of: configure one (pane 2) or inspect a token of a configured tenant.",
            ))];
        };
        self.view = View::List;
        self.ask(ExposureQuestion::all(profile, ctx.profiles), ctx, false)
    }

    /// `w`: the watch on or off.
    pub(super) fn toggle_watch(&mut self, ctx: &PaneContext) -> Vec<Effect> {
        self.watch = !self.watch;
        if !self.watch {
            return vec![Effect::Notice(Notice::info("Watch off."))];
        }
        let mut effects = vec![Effect::Notice(Notice::info(format!(
            "Watching: the log is read again every {WATCH_SECS} s until a rate limit (429) or w stops it."
        )))];
        if self.pending.is_none() && self.story.is_none() && self.list.is_none() {
            effects.extend(self.read_now(ctx));
        }
        effects
    }

    /// Enter in the list: the selected client's story, told from the events already read.
    pub(super) fn open_selected(&mut self, ctx: &PaneContext) -> Vec<Effect> {
        let Some(list) = self.list.as_ref().filter(|_| self.view == View::List) else { return Vec::new() };
        let Some(client) = list.ranking.clients.get(list.selected) else { return Vec::new() };
        let Some(profile) = list.question.profiles.first() else { return Vec::new() };
        let question = match ExposureQuestion::for_client(&client.client_id, profile, &list.question.profiles)
        {
            Ok(question) => question,
            Err(unknown) => return vec![Effect::Notice(Notice::error(unknown.to_string()))],
        };
        self.story = Some(StoryView {
            story: Story::tell(&list.data, &client.client_id, ctx.now),
            data: Arc::clone(&list.data),
            question,
            token: list.token.clone(),
            read_at: list.read_at,
            from_list: true,
        });
        self.view = View::Story;
        self.scroll = 0;
        Vec::new()
    }

    fn token_question(&self, ctx: &PaneContext) -> Result<ExposureQuestion, Notice> {
        let Some(token) = ctx.token else {
            return Err(Notice::error(
                "No token inspected: paste one (its client's story is read), or press l for every client.",
            ));
        };
        ExposureQuestion::for_token(&token.inspection, ctx.profiles, ctx.active_profile())
            .map_err(|unknown| Notice::error(format!("Exposure not read: {unknown}")))
    }

    fn ask(&mut self, question: ExposureQuestion, ctx: &PaneContext, by_watch: bool) -> Vec<Effect> {
        if self.pending.is_some() {
            return vec![Effect::Notice(Notice::info("The log is being read (Esc cancels)."))];
        }
        if ctx.now < self.next_read_at {
            let wait = self.next_read_at - ctx.now;
            return vec![Effect::Notice(Notice::info(format!(
                "The log is read at most once per {MIN_GAP_SECS} s and within the rate limit: again in {wait} s."
            )))];
        }
        // The inspected token asks by itself when it may read the log of the tenant asked.
        let asking_token = ctx.token.map(|t| &t.inspection).filter(|token| {
            token.claims.has_scope(LOG_SCOPE)
                && token.claims.exp.is_some_and(|exp| exp > ctx.now)
                && TokenTenants::of(token).verdict(question.tenant()) == TenantVerdict::Same
        });
        let asking_token = asking_token.map(|token| token.jwt.raw.clone());
        self.failure = None;
        let active = ctx.active_profile().map(|p| p.name.clone());
        self.pending =
            Some(PendingRead { question: question.clone(), started_at: ctx.now, by_watch, active });
        vec![Effect::ReadExposure { question, asking_token }]
    }

    pub(super) fn watch_tick(&mut self, ctx: &PaneContext) -> Vec<Effect> {
        if !self.watch || self.pending.is_some() || ctx.now < self.next_read_at {
            return Vec::new();
        }
        let last = match self.view {
            View::List => self.list.as_ref().map(|l| (l.question.clone(), l.read_at)),
            View::Story => self.story.as_ref().map(|s| (s.question.clone(), s.read_at)),
        };
        match last {
            Some((question, read_at)) if ctx.now - read_at >= WATCH_SECS => self.ask(question, ctx, true),
            _ => Vec::new(),
        }
    }

    /// The inspected token changed: a story about the previous token's client is dropped (a
    /// picked client's stays), and a read about it is cancelled.
    pub(super) fn token_changed(&mut self, ctx: &PaneContext) -> Vec<Effect> {
        let client = ctx.token.and_then(|t| t.inspection.claims.azp.clone());
        let mut effects = Vec::new();
        let about_token = |q: &ExposureQuestion| matches!(&q.query.subject, Subject::Client(id) if Some(id) != client.as_ref());
        if self.pending.as_ref().is_some_and(|p| about_token(&p.question) && !p.by_watch) {
            self.pending = None;
            effects.push(Effect::CancelExposure);
        }
        if self.story.as_ref().is_some_and(|s| !s.from_list && about_token(&s.question)) {
            self.story = None;
            self.watch = false;
            self.scroll = 0;
        }
        effects
    }

    /// The answer to the read in flight (`update` drops answers to cancelled reads).
    pub fn on_read(&mut self, result: Result<Box<ExposureRead>, ExposureUnknown>, now: i64) -> Vec<Effect> {
        let Some(pending) = self.pending.take() else { return Vec::new() };
        let answer = match result {
            Ok(answer) => answer,
            Err(unknown) => return self.failed(unknown, &pending, now),
        };
        let ExposureRead { data, token } = *answer;
        let requests = i64::from(data.cost.requests);
        self.next_read_at = now + MIN_GAP_SECS.max((requests + 1) / 2);
        let mut effects = Vec::new();
        if data.cost.rate_limited > 0 && self.watch {
            self.watch = false;
            effects.push(Effect::Notice(Notice::error(
                "The tenant rate-limited the log read (429): the watch is off. r reads again.",
            )));
        }
        let data = Arc::new(data);
        match &data.query.subject {
            Subject::All => {
                let ranking = Ranking::rank(&data, now);
                let selected =
                    self.list.as_ref().map_or(0, |l| l.selected).min(ranking.clients.len().saturating_sub(1));
                self.list = Some(ListView {
                    data: Arc::clone(&data),
                    ranking,
                    question: pending.question,
                    token,
                    read_at: now,
                    selected,
                });
                if !pending.by_watch {
                    self.view = View::List;
                }
            }
            Subject::Client(id) => {
                // A picked client's story stays picked when it is read again.
                let from_list = self.story.as_ref().is_some_and(|s| {
                    s.from_list
                        && s.story.client_id == *id
                        && s.question.tenant() == pending.question.tenant()
                });
                let story = Story::tell(&data, id, now);
                self.story = Some(StoryView {
                    data: Arc::clone(&data),
                    story,
                    question: pending.question,
                    token,
                    read_at: now,
                    from_list,
                });
                self.view = View::Story;
            }
        }
        effects
    }

    fn failed(&mut self, unknown: ExposureUnknown, pending: &PendingRead, now: i64) -> Vec<Effect> {
        let mut text = format!("Exposure not read: {}.", escape_control(&unknown.to_string()));
        match &unknown {
            ExposureUnknown::RateLimited { wait } => {
                self.watch = false;
                self.next_read_at = now + wait;
                text.push_str(" The watch is off.");
            }
            ExposureUnknown::NoHeldToken { .. } | ExposureUnknown::NoLogScope { .. } => {
                let first = pending.question.profiles.first().map(|p| p.name.clone());
                text.push_str(&match (first, &pending.active) {
                    (Some(first), Some(active)) if first == *active => format!(
                        " A token with read:logs is needed: f fetches one from {} (if its grant has read:logs), or paste one.",
                        escape_control(&first)
                    ),
                    (Some(first), _) => format!(
                        " A token with read:logs is needed: make {} active (pane 2), then f fetches one; or paste one.",
                        escape_control(&first)
                    ),
                    (None, _) => " A token with read:logs is needed: paste one.".to_owned(),
                });
            }
            _ => self.next_read_at = now + MIN_GAP_SECS,
        }
        self.failure = Some(text.clone());
        vec![Effect::Notice(Notice::error(text))]
    }
}
