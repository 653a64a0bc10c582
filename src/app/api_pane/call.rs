//! The call lifecycle: preparing a call from the form, the call in flight, its response,
//! paging from it, and the one retry after a 429. Calls leave as `ApiEffect::Call`; the
//! parent assigns request ids and hands back only the answer to the current call.

use super::form::{BodyError, is_user_search};
use super::modes::{ConfirmPurpose, Confirmation, Mode};
use super::paging::PageNav;
use super::prepared::PreparedCall;
use super::response::ResponseView;
use super::{ApiContext, ApiEffect, ApiPane, PaneMessage};
use crate::app::ApiRequest;
use crate::domain::api_response::ApiResponse;
use crate::domain::auth0::parse_insufficient_scope;
use crate::domain::catalog::Requirement;
use crate::domain::catalog::{ParamLocation, RenderError, catalog};
use crate::domain::issuing_tenant::{TenantVerdict, host_of};
use crate::domain::sanitize::{escape_control, escape_control_keep_newlines};
use crate::net::CallError;

/// After a 429 without a usable `x-ratelimit-reset`, retry this long after the answer
/// (auth0-cli's fallback; docs/auth0.md#rate-limits).
const RETRY_FALLBACK_SECS: i64 = 5;

/// A learned rule names at most this many scopes; a longer list is not a real rule.
const MAX_LEARNED_SCOPES: usize = 32;

/// The rule a 403 states in so many words ("Insufficient scope, expected all of: …"); a 403
/// that does not say "all of" teaches nothing (any-of is already assumed).
fn stated_all_of(response: &ApiResponse) -> Option<Requirement> {
    if response.status != 403 {
        return None;
    }
    let json = response.json()?;
    let insufficient = parse_insufficient_scope(json.get("message")?.as_str()?)?;
    let all_of = insufficient.stated && insufficient.rule == crate::domain::catalog::ScopeRule::All;
    (all_of && insufficient.scopes.len() <= MAX_LEARNED_SCOPES).then_some(insufficient.requirement)
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
    Body(#[from] BodyError),
}

/// The call in flight, the last response, and what retry and paging remember.
#[derive(Debug, Clone, Default)]
pub(super) struct CallState {
    pub(super) pending: Option<PreparedCall>,
    pub(super) response: Option<ResponseView>,
    /// Epoch second at which one retry of the rate-limited call is due.
    pub(super) retry_at: Option<i64>,
    /// `from` values of earlier checkpoint pages, for going back.
    pub(super) checkpoint_history: Vec<String>,
    /// Client names by client id, from the `/clients` answers of this session (the grant
    /// picker names each grant's client with them).
    pub(super) client_names: std::collections::HashMap<String, String>,
}

/// Client names remembered from responses; more than this many helps nobody.
const CLIENT_NAMES_LIMIT: usize = 10_000;

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
            let id = item.get("client_id")?.as_str()?;
            let name = item.get("name")?.as_str()?;
            Some((id.to_owned(), name.to_owned()))
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
        if is_user_search(endpoint)
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

    pub(super) fn start_call(&mut self, context: &ApiContext) -> Vec<ApiEffect> {
        let call = match self.prepare() {
            Ok(call) => call,
            Err(reason) => {
                self.complain(reason.to_string());
                return Vec::new();
            }
        };
        let Some(endpoint) = catalog().get(call.endpoint) else { return Vec::new() };
        if endpoint.destructive {
            let text = endpoint
                .confirm_text(&call.values)
                .unwrap_or_else(|| format!("{} changes data in the tenant.", endpoint.id()));
            let expected = endpoint
                .params_in(ParamLocation::Path)
                .last()
                .and_then(|p| call.values.get(&p.name))
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
                .unwrap_or_else(|| endpoint.method.as_str().to_lowercase());
            self.mode = Mode::Confirm(Box::new(Confirmation {
                call,
                text: escape_control_keep_newlines(&text).into_owned(),
                expected,
                input: Default::default(),
                purpose: ConfirmPurpose::Destructive,
            }));
            return Vec::new();
        }
        self.call.checkpoint_history.clear();
        self.send(call, context)
    }

    /// Sends `call` with the inspected token to the active profile's tenant, once that tenant
    /// is known to have issued the token or the user typed its host to confirm it: a token
    /// handed to another tenant is leaked and cannot be revoked.
    pub(super) fn send(&mut self, call: PreparedCall, context: &ApiContext) -> Vec<ApiEffect> {
        if context.token.is_none() {
            self.complain("No token to call with: paste one, or press f to fetch one.");
            return Vec::new();
        }
        let Some(domain) = context.domain.clone() else {
            self.complain(
                "No active profile: calls go to the active profile's tenant. Choose one in pane 2.",
            );
            return Vec::new();
        };
        let foreign = match &context.tenant {
            Some(TenantVerdict::Foreign { token_tenant, target }) => {
                Some((Some(token_tenant.clone()), target))
            }
            Some(TenantVerdict::Unknown) => Some((None, &domain)),
            _ => None,
        };
        if let Some((token_tenant, target)) = foreign {
            let pair = (token_tenant.clone().unwrap_or_default(), target.clone());
            if self.foreign_accepted.as_ref() != Some(&pair) {
                self.ask_foreign(call, token_tenant, target.clone());
                return Vec::new();
            }
        }
        self.send_to(call, context, domain)
    }

    /// Opens the typed confirmation for a call to a tenant that did not issue the token.
    fn ask_foreign(&mut self, call: PreparedCall, token_tenant: Option<String>, target: String) {
        let host = host_of(&target).unwrap_or_else(|| target.clone());
        let text = match &token_tenant {
            Some(own) => format!(
                "Send this token to {target}, a tenant that did not issue it (it was issued for {own}).\n\
                 An Auth0 token cannot be revoked: a tenant that is not its own could keep and use it \
                 until it expires. Tab calls {own} instead."
            ),
            None => format!(
                "Send this token to {target}, although it names no tenant (no https://DOMAIN/api/v2/ \
                 audience, no issuer).\nAn Auth0 token cannot be revoked: a tenant that is not its own \
                 could keep and use it until it expires."
            ),
        };
        self.mode = Mode::Confirm(Box::new(Confirmation {
            call,
            text: escape_control_keep_newlines(&text).into_owned(),
            expected: host,
            input: Default::default(),
            purpose: ConfirmPurpose::ForeignTenant { token_tenant, target },
        }));
    }

    /// Sends `call` to `domain` with the inspected token.
    pub(super) fn send_to(
        &mut self,
        call: PreparedCall,
        context: &ApiContext,
        domain: String,
    ) -> Vec<ApiEffect> {
        if self.call.pending.is_some() {
            self.say("A call is already running (Esc cancels it).");
            return Vec::new();
        }
        let Some(token) = context.token.map(str::to_owned) else {
            self.complain("No token to call with: paste one, or press f to fetch one.");
            return Vec::new();
        };
        self.call.retry_at = None;
        self.message =
            self.list.endpoint(call.endpoint).and_then(|e| e.scope_hint(self.list.scope_set())).map(|hint| {
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
        vec![ApiEffect::Call(request)]
    }

    pub(super) fn turn_page(&mut self, forward: bool, context: &ApiContext) -> Vec<ApiEffect> {
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
        self.send(call, context)
    }

    pub(super) fn toggle_retry(&mut self, now: i64) {
        if self.call.retry_at.take().is_some() {
            self.say("Retry cancelled.");
            return;
        }
        match self.call.response.as_ref().filter(|r| r.is_rate_limited()) {
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

    /// Called every second: fires a scheduled retry once its time has come.
    pub fn on_tick(&mut self, context: &ApiContext) -> Vec<ApiEffect> {
        let due = self.call.retry_at.is_some_and(|at| context.now >= at) && self.call.pending.is_none();
        if !due {
            return Vec::new();
        }
        self.call.retry_at = None;
        let Some(call) = self.call.response.as_ref().map(|r| r.call.clone()) else { return Vec::new() };
        let effects = self.send(call, context);
        if !effects.is_empty() {
            self.say("Rate limit reset: retrying the call once.");
        }
        effects
    }

    /// The answer to the call in flight (the parent drops answers to cancelled calls).
    pub fn on_response(&mut self, result: Result<ApiResponse, CallError>, now: i64) {
        let Some(call) = self.call.pending.take() else { return };
        let learned = result.as_ref().ok().and_then(stated_all_of);
        let endpoint = call.endpoint;
        let response = ResponseView::new(call, result, self.list.scopes(), now);
        if response.status.is_some_and(|s| (200..300).contains(&s))
            && response.call.path_and_query.starts_with("/api/v2/clients")
        {
            for (id, name) in client_names(&response.body) {
                if self.call.client_names.len() < CLIENT_NAMES_LIMIT
                    || self.call.client_names.contains_key(&id)
                {
                    self.call.client_names.insert(id, name);
                }
            }
        }
        // Keep the "expect 403" note only if it came true.
        if response.status != Some(403) {
            self.message = None;
        }
        if let Some(requirement) = learned
            && self.list.learn(endpoint, requirement)
            && let Some(rule) = self.list.endpoint(endpoint).map(|e| e.requirement.to_string())
        {
            self.say(format!(
                "Auth0's 403 says this operation needs all of: {}. Remembered for this session.",
                escape_control(&rule)
            ));
        }
        self.call.response = Some(response);
        self.focus = super::keys::Focus::Response;
    }

    /// Cancels the call in flight (and any scheduled retry); true when a call was in flight.
    pub fn cancel(&mut self) -> bool {
        self.call.retry_at = None;
        let cancelled = self.call.pending.take().is_some();
        if cancelled {
            self.say("Call cancelled.");
        }
        cancelled
    }
}
