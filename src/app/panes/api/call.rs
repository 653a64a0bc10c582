//! The call lifecycle: preparing a call from the form, the confirmations it needs (a tenant
//! that did not issue the token; any call that changes the tenant), the call in flight, its
//! response, paging from it, and the one retry after a 429. Calls leave as `Effect::CallApi`;
//! `update` assigns request ids and hands back only the answer to the current call.

use super::modal::{Pending, Purpose, Stage};
use super::paging::PageNav;
use super::prepared::PreparedCall;
use super::response::ResponseView;
use super::{ApiPane, PaneMessage};
use crate::app::cmd::ApiRequest;
use crate::app::context::PaneContext;
use crate::app::modal::{Confirm, Modal, ModalKind, Question};
use crate::app::notice::Notice;
use crate::app::panes::effect::Effect;
use crate::domain::api_response::ApiResponse;
use crate::domain::auth0::parse_insufficient_scope;
use crate::domain::catalog::{RenderError, Requirement, ScopeRule, catalog};
use crate::domain::change_confirmation::{ChangeConfirmation, ChangeRequest, Identity, changes_tenant};
use crate::domain::issuing_tenant::{TenantVerdict, host_of};
use crate::domain::sanitize::escape_control;
use crate::net::CallError;
use std::collections::HashMap;

/// After a 429 without a usable `x-ratelimit-reset`, retry this long after the answer
/// (auth0-cli's fallback; docs/auth0.md#rate-limits).
const RETRY_FALLBACK_SECS: i64 = 5;

/// A learned rule names at most this many scopes; a longer list is not a real rule.
const MAX_LEARNED_SCOPES: usize = 32;

/// Client names remembered from responses; more than this many helps nobody.
const CLIENT_NAMES_LIMIT: usize = 10_000;

/// The call in flight, the last response, and what retry and paging remember.
#[derive(Debug, Clone, Default)]
pub struct CallState {
    pub(crate) pending: Option<PreparedCall>,
    pub(crate) response: Option<ResponseView>,
    /// Epoch second at which one retry of the rate-limited call is due.
    pub(crate) retry_at: Option<i64>,
    /// `from` values of earlier checkpoint pages, for going back.
    checkpoint_history: Vec<String>,
    /// Client names by client id, from the `/clients` answers of this session (the grant
    /// picker and the confirmation name a client with them).
    pub(crate) client_names: HashMap<String, String>,
}

impl CallState {
    /// True while a rate-limit reset countdown (or a scheduled retry) is on screen.
    pub fn shows_countdown(&self, now: i64) -> bool {
        self.retry_at.is_some()
            || self.response.as_ref().and_then(|r| r.rate_limit).is_some_and(|r| r.reset_epoch >= now)
    }

    fn remember_client_names(&mut self, body: &str) {
        for (id, name) in client_names(body) {
            if self.client_names.len() < CLIENT_NAMES_LIMIT || self.client_names.contains_key(&id) {
                self.client_names.insert(id, name);
            }
        }
    }
}

/// Why the selected endpoint cannot be called as the form stands.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PrepareError {
    #[error("No operation selected: move onto one (Enter on a group unfolds it).")]
    NothingSelected,
    /// A path parameter is missing or unusable (the catalog's words).
    #[error("Cannot call yet: {0}.")]
    Path(#[from] RenderError),
    #[error(transparent)]
    Body(#[from] super::form::BodyError),
}

/// The rule a 403 states in so many words ("Insufficient scope, expected all of: …"); a 403
/// that does not say "all of" teaches nothing (any-of is already assumed).
fn stated_all_of(response: &ApiResponse) -> Option<Requirement> {
    if response.status != 403 {
        return None;
    }
    let json = response.json()?;
    let insufficient = parse_insufficient_scope(json.get("message")?.as_str()?)?;
    let all_of = insufficient.stated && insufficient.rule == ScopeRule::All;
    (all_of && insufficient.scopes.len() <= MAX_LEARNED_SCOPES).then_some(insufficient.requirement)
}

/// `(client_id, name)` of every client object in a 2xx body (a list, a page of `clients`, or one).
fn client_names(body: &str) -> Vec<(String, String)> {
    let Ok(value) = serde_json::from_str::<serde_json::Value>(body) else { return Vec::new() };
    let items: Vec<&serde_json::Value> = match &value {
        serde_json::Value::Array(items) => items.iter().collect(),
        serde_json::Value::Object(map) => match map.get("clients").and_then(|c| c.as_array()) {
            Some(items) => items.iter().collect(),
            None => vec![&value],
        },
        _ => Vec::new(),
    };
    items
        .into_iter()
        .filter_map(|item| {
            Some((item.get("client_id")?.as_str()?.to_owned(), item.get("name")?.as_str()?.to_owned()))
        })
        .collect()
}

impl ApiPane {
    /// The selected endpoint's call as the form describes it, or why it cannot be made.
    fn prepare(&mut self) -> Result<PreparedCall, PrepareError> {
        let index = self.list.selected_index().ok_or(PrepareError::NothingSelected)?;
        let endpoint = catalog().get(index).ok_or(PrepareError::NothingSelected)?;
        let form = self.forms.get_mut(index).ok_or(PrepareError::NothingSelected)?;
        // Auth0 only accepts `q` with search_engine=v3 (docs/auth0.md#user-search).
        if super::form::is_user_search(endpoint)
            && !form.get("q").trim().is_empty()
            && form.get("search_engine").is_empty()
        {
            form.set("search_engine", "v3");
        }
        let values = form.values();
        let extra = form.extra_query();
        let path_and_query = endpoint.render_path_with(&values, &extra)?;
        let body = form.body_json()?;
        Ok(PreparedCall { endpoint: index, values, extra, method: endpoint.method, path_and_query, body })
    }

    /// `Enter`/`s`: the selected operation, through whatever confirmation it needs.
    pub(super) fn start_call(&mut self, ctx: &PaneContext) -> Vec<Effect> {
        match self.prepare() {
            Ok(call) => {
                self.call.checkpoint_history.clear();
                self.route(call, Stage::Tenant, ctx)
            }
            Err(reason) => {
                self.complain(reason.to_string());
                Vec::new()
            }
        }
    }

    /// Takes `call` through the checks still ahead of it (`stage` and after) and sends it, or
    /// opens the confirmation the next check needs:
    /// 1. the token goes only to the tenant that issued it, unless the target's host is typed
    ///    (a token handed to another tenant is leaked and cannot be revoked);
    /// 2. a call that changes the tenant shows who acts, where, with what, and is typed to.
    pub(super) fn route(&mut self, call: PreparedCall, stage: Stage, ctx: &PaneContext) -> Vec<Effect> {
        let Some(token) = ctx.token else {
            self.complain("No token to call with: paste one, or press f to fetch one.");
            return Vec::new();
        };
        let target = match &stage {
            Stage::Change { target } | Stage::Confirmed { target } => target.clone(),
            Stage::Tenant => {
                let Some(profile) = ctx.active_profile() else {
                    self.complain(
                        "No active profile: calls go to the active profile's tenant. Choose one in pane 2.",
                    );
                    return Vec::new();
                };
                let foreign = match ctx.tenant_verdict() {
                    Some(TenantVerdict::Foreign { token_tenant, target }) => {
                        Some((Some(token_tenant), target))
                    }
                    Some(TenantVerdict::Unknown) => Some((None, profile.domain.clone())),
                    _ => None,
                };
                if let Some((token_tenant, foreign_target)) = foreign {
                    let pair = (token_tenant.clone().unwrap_or_default(), foreign_target.clone());
                    if self.foreign_accepted.as_ref() != Some(&pair) {
                        let host = host_of(&foreign_target).unwrap_or_else(|| foreign_target.clone());
                        let question = Question::ForeignTenant { token_tenant, target: foreign_target, host };
                        self.open_confirm(question, Pending { call, stage: Stage::Tenant });
                        return Vec::new();
                    }
                }
                profile.domain.clone()
            }
        };
        if changes_tenant(call.method) && !matches!(stage, Stage::Confirmed { .. }) {
            let claims = &token.inspection.claims;
            let azp = claims.azp.as_deref();
            // Who acts: the profile whose client issued this token, if one is configured.
            let owner = azp.and_then(|azp| ctx.profiles.iter().find(|p| p.client_id == azp));
            let client_name = azp.and_then(|azp| self.call.client_names.get(azp)).map(String::as_str);
            let identity = Identity {
                profile: owner.map(|p| p.name.as_str()),
                client_name: client_name.or(owner.map(|p| p.name.as_str())),
                azp,
            };
            let request = ChangeRequest {
                tenant: &target,
                identity,
                method: call.method,
                path_and_query: &call.path_and_query,
                body: call.body.as_ref(),
            };
            let confirmation = ChangeConfirmation::for_endpoint(&request, catalog().get(call.endpoint));
            self.open_confirm(
                Question::Change(confirmation),
                Pending { call, stage: Stage::Confirmed { target } },
            );
            return Vec::new();
        }
        self.send_to(call, target, ctx)
    }

    fn open_confirm(&mut self, question: Question, pending: Pending) {
        let kind = ModalKind::Confirm(Box::new(Confirm::new(question)));
        self.modal = Some(Modal::new(kind, Purpose::Confirm(Box::new(pending))));
    }

    /// Sends `call` to `domain` with the inspected token.
    pub(super) fn send_to(&mut self, call: PreparedCall, domain: String, ctx: &PaneContext) -> Vec<Effect> {
        if self.call.pending.is_some() {
            self.say("A call is already running (Esc cancels it).");
            return Vec::new();
        }
        let Some(token) = ctx.token.map(|t| t.raw().to_owned()) else {
            self.complain("No token to call with: paste one, or press f to fetch one.");
            return Vec::new();
        };
        self.call.retry_at = None;
        self.message =
            self.list.endpoint(call.endpoint).and_then(|e| e.scope_hint(&self.list.scope_set)).map(|hint| {
                PaneMessage {
                    error: false,
                    text: format!("Expect 403: the token {hint}. Calling anyway, so the tenant can confirm."),
                }
            });
        let request = ApiRequest {
            domain,
            method: call.method.as_str().to_owned(),
            path_and_query: call.path_and_query.clone(),
            token,
            body: call.body.clone(),
        };
        self.call.pending = Some(call);
        vec![Effect::CallApi(request)]
    }

    pub(super) fn turn_page(&mut self, forward: bool, ctx: &PaneContext) -> Vec<Effect> {
        let Some(response) = self.call.response.as_ref() else {
            self.say("No response to page through yet.");
            return Vec::new();
        };
        let call = response.call.clone();
        let Some(endpoint) = catalog().get(call.endpoint) else { return Vec::new() };
        let mut values = call.values.clone();
        match response.nav.clone() {
            PageNav::None => {
                self.say("This response has no pages.");
                return Vec::new();
            }
            PageNav::Offset { page, per_page, has_next } => {
                let page = match (forward, has_next, page) {
                    (true, true, page) => page + 1,
                    (true, false, _) => {
                        self.say("This is the last page.");
                        return Vec::new();
                    }
                    (false, _, 0) => {
                        self.say("This is the first page.");
                        return Vec::new();
                    }
                    (false, _, page) => page - 1,
                };
                values.insert("page".into(), page.to_string());
                values.insert("per_page".into(), per_page.to_string());
            }
            PageNav::Checkpoint { next } => {
                let current = values.get("from").cloned().unwrap_or_default();
                if forward {
                    let Some(next) = next else {
                        self.say("This is the last page (no `next` checkpoint).");
                        return Vec::new();
                    };
                    self.call.checkpoint_history.push(current);
                    values.insert("from".into(), next);
                } else {
                    let Some(previous) = self.call.checkpoint_history.pop() else {
                        self.say("This is the first page.");
                        return Vec::new();
                    };
                    values.insert("from".into(), previous);
                }
            }
        }
        let path_and_query = match endpoint.render_path_with(&values, &call.extra) {
            Ok(path) => path,
            Err(error) => {
                self.complain(format!("Cannot page: {error}."));
                return Vec::new();
            }
        };
        if let Some(form) = self.forms.get_mut(call.endpoint) {
            for name in ["page", "per_page", "from"] {
                if let Some(value) = values.get(name) {
                    form.set(name, value);
                }
            }
        }
        let call = PreparedCall { values, path_and_query, ..call };
        self.route(call, Stage::Tenant, ctx)
    }

    /// `R`: one retry of a rate-limited read at the bucket's reset (again: cancel it). A call
    /// that changes the tenant is never re-sent by itself: `s` sends it again, through its
    /// confirmation.
    pub(super) fn toggle_retry(&mut self, now: i64) {
        if self.call.retry_at.take().is_some() {
            self.say("Retry cancelled.");
            return;
        }
        match self.call.response.as_ref().filter(|r| r.is_rate_limited()) {
            Some(r) if changes_tenant(r.call.method) => {
                self.say("R retries reads only: s sends this call again, after its confirmation.")
            }
            Some(r) => {
                let at = r.rate_limit.map_or(r.received_at + RETRY_FALLBACK_SECS, |l| l.reset_epoch);
                self.call.retry_at = Some(at.max(now));
                self.say("One retry is scheduled for the rate-limit reset (R again cancels it).");
            }
            None => {
                self.say("R retries a rate-limited (429) call when the bucket refills; this one was not.")
            }
        }
    }

    /// Every second: fires a scheduled retry once its time has come.
    pub(super) fn retry_if_due(&mut self, ctx: &PaneContext) -> Vec<Effect> {
        let due = self.call.retry_at.is_some_and(|at| ctx.now >= at) && self.call.pending.is_none();
        if !due {
            return Vec::new();
        }
        self.call.retry_at = None;
        let Some(call) = self.call.response.as_ref().map(|r| r.call.clone()) else { return Vec::new() };
        let effects = self.route(call, Stage::Tenant, ctx);
        if effects.iter().any(|e| matches!(e, Effect::CallApi(_))) {
            self.say("Rate limit reset: retrying the call once.");
        }
        effects
    }

    /// The answer to the call in flight (`update` drops answers to cancelled calls).
    pub fn on_response(&mut self, result: Result<ApiResponse, CallError>, now: i64) -> Vec<Effect> {
        let Some(call) = self.call.pending.take() else { return Vec::new() };
        let learned = result.as_ref().ok().and_then(stated_all_of);
        let endpoint = call.endpoint;
        let response = ResponseView::new(call, result, &self.list.scopes, now);
        if response.status.is_some_and(|s| (200..300).contains(&s))
            && response.call.path_and_query.starts_with("/api/v2/clients")
        {
            self.call.remember_client_names(&response.body);
        }
        // Keep the "expect 403" note only if it came true.
        if response.status != Some(403) {
            self.message = None;
        }
        let mut effects = Vec::new();
        if let Some(requirement) = learned
            && self.list.learn(endpoint, requirement)
            && let Some(rule) = self.list.endpoint(endpoint).map(|e| e.requirement.to_string())
        {
            let text = format!(
                "Auth0's 403 says this operation needs all of: {}. Remembered for this session.",
                escape_control(&rule)
            );
            self.say(text.clone());
            effects.push(Effect::Notice(Notice::info(text)));
        }
        self.call.response = Some(response);
        self.focus = super::Focus::Response;
        effects
    }

    /// Esc: cancels the call in flight and any scheduled retry; None when there was neither.
    pub(super) fn cancel(&mut self) -> Option<Vec<Effect>> {
        let retry = self.call.retry_at.take().is_some();
        if self.call.pending.take().is_some() {
            self.say("Call cancelled.");
            return Some(vec![Effect::CancelCall, Effect::Notice(Notice::info("API call cancelled."))]);
        }
        retry.then(|| vec![Effect::Notice(Notice::info("Scheduled retry cancelled."))])
    }
}
