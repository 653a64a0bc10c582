//! The API pane's state: the endpoint catalog with each row's scope verdict, a filter, the
//! selected endpoint's parameter form, destructive-call confirmation, the call in flight and
//! the last response. Synchronous like the rest of `app`: calls leave as `Cmd::CallApi` and
//! come back through `on_response`.

mod curl;
pub mod form;
pub mod json_view;
pub mod keys;
pub mod paging;
pub mod response;

use super::text_input::{InputOutcome, TextInput};
use super::{ApiRequest, Cmd};
use crate::domain::catalog::{Endpoint, Method, ParamLocation, ScopeCheck, catalog};
use crate::domain::sanitize::{escape_control, escape_control_keep_newlines};
use crate::net::ApiResponse;
use crossterm::event::{KeyCode, KeyEvent};
use form::{Form, RowRef, is_user_search, pick_options};
use keys::{ApiAction, Focus, action_for};
use paging::PageNav;
use response::ResponseView;
use serde_json::Value;
use std::collections::HashMap;

/// After a 429 without a usable `x-ratelimit-reset`, retry this long after the answer
/// (auth0-cli's fallback; docs/auth0.md#rate-limits).
const RETRY_FALLBACK_SECS: i64 = 5;

/// What the API pane needs to know about the rest of the model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiContext {
    /// The inspected token, sent as the bearer.
    pub token: Option<String>,
    pub scopes: Vec<String>,
    /// The active profile's domain: where calls go.
    pub domain: Option<String>,
    pub now: i64,
    /// Terminal size, for page-sized moves.
    pub viewport: (u16, u16),
}

/// One call, fully resolved from the form.
#[derive(Debug, Clone, PartialEq)]
pub struct PreparedCall {
    /// Index into the catalog.
    pub endpoint: usize,
    /// The form values it was built from (paging starts from them).
    pub values: HashMap<String, String>,
    pub method: Method,
    pub path_and_query: String,
    pub body: Option<Value>,
}

/// A destructive call waiting for its typed confirmation.
#[derive(Debug, Clone, PartialEq)]
pub struct Confirmation {
    pub call: PreparedCall,
    /// What will happen, then what will not (escaped, one line each).
    pub text: String,
    /// What must be typed: the target's id, or the method for calls without one.
    pub expected: String,
    pub input: TextInput,
}

/// Modal states; while one is open the pane takes every key.
#[derive(Debug, Clone, PartialEq)]
pub enum Mode {
    None,
    Filter(TextInput),
    Edit { input: TextInput, error: Option<String> },
    Pick { field: usize, options: Vec<(String, String)>, selected: usize },
    Confirm(Box<Confirmation>),
    Search(TextInput),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Pending {
    pub id: u64,
    pub call: PreparedCall,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaneMessage {
    pub error: bool,
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct ApiPane {
    /// The inspected token's scopes, and each catalog entry's verdict for them.
    pub scopes: Vec<String>,
    pub checks: Vec<ScopeCheck>,
    pub filter: String,
    /// Catalog indices that pass the filter, in catalog order.
    pub visible: Vec<usize>,
    /// Index into `visible`.
    pub selected: usize,
    pub focus: Focus,
    /// One form per catalog entry, so typed values survive moving around.
    pub forms: Vec<Form>,
    pub mode: Mode,
    pub pending: Option<Pending>,
    pub response: Option<ResponseView>,
    /// Epoch second at which one retry of the rate-limited call is due.
    pub retry_at: Option<i64>,
    /// Whether copied curl commands carry the real token instead of `$TOKEN`.
    pub curl_with_token: bool,
    pub message: Option<PaneMessage>,
    /// `from` values of earlier checkpoint pages, for going back.
    checkpoint_history: Vec<String>,
    now: i64,
    page: usize,
}

impl Default for ApiPane {
    fn default() -> Self {
        Self::new()
    }
}

impl ApiPane {
    pub fn new() -> Self {
        let mut pane = Self {
            scopes: Vec::new(),
            checks: Vec::new(),
            filter: String::new(),
            visible: (0..catalog().len()).collect(),
            selected: 0,
            focus: Focus::List,
            forms: catalog().iter().map(Form::new).collect(),
            mode: Mode::None,
            pending: None,
            response: None,
            retry_at: None,
            curl_with_token: false,
            message: None,
            checkpoint_history: Vec::new(),
            now: 0,
            page: 10,
        };
        pane.on_token_changed(&[]);
        pane
    }

    pub fn in_flight(&self) -> bool {
        self.pending.is_some()
    }

    /// True while a rate-limit reset countdown (or a scheduled retry) is on screen.
    pub fn shows_countdown(&self) -> bool {
        self.retry_at.is_some()
            || self.response.as_ref().and_then(|r| r.rate_limit).is_some_and(|r| r.reset_epoch >= self.now)
    }

    /// True while a text field (filter, parameter, body, confirmation, search) is being edited.
    pub fn accepts_paste(&self) -> bool {
        matches!(self.mode, Mode::Filter(_) | Mode::Edit { .. } | Mode::Confirm(_) | Mode::Search(_))
    }

    pub fn on_paste(&mut self, text: &str) {
        let editing_body = matches!(self.mode, Mode::Edit { .. })
            && self.selected_form().is_some_and(|f| f.row() == Some(RowRef::Body));
        // Only the JSON body may hold line breaks; elsewhere they would be pasted garbage.
        let text: String = if editing_body {
            text.to_owned()
        } else {
            text.chars().filter(|c| *c != '\n' && *c != '\r').collect()
        };
        match &mut self.mode {
            Mode::Filter(input) => {
                input.insert(&text);
                self.filter = input.text().to_owned();
                self.refilter();
            }
            Mode::Edit { input, .. } | Mode::Search(input) => input.insert(&text),
            Mode::Confirm(confirm) => confirm.input.insert(&text),
            Mode::None | Mode::Pick { .. } => {}
        }
    }

    /// True while the pane wants every key (text editing, picker, confirmation).
    pub fn captures_keys(&self) -> bool {
        self.mode != Mode::None
    }

    pub fn on_token_changed(&mut self, scopes: &[String]) {
        self.scopes = scopes.to_vec();
        self.checks = catalog().iter().map(|e| e.check(scopes)).collect();
    }

    /// The catalog index of the selected row.
    pub fn selected_index(&self) -> Option<usize> {
        self.visible.get(self.selected).copied()
    }

    pub fn selected_endpoint(&self) -> Option<&'static Endpoint> {
        self.selected_index().and_then(|i| catalog().get(i))
    }

    pub fn selected_form(&self) -> Option<&Form> {
        self.selected_index().and_then(|i| self.forms.get(i))
    }

    fn selected_form_mut(&mut self) -> Option<&mut Form> {
        let index = self.selected_index()?;
        self.forms.get_mut(index)
    }

    fn say(&mut self, text: impl Into<String>) {
        self.message = Some(PaneMessage { error: false, text: text.into() });
    }

    fn complain(&mut self, text: impl Into<String>) {
        self.message = Some(PaneMessage { error: true, text: text.into() });
    }

    pub fn on_key(&mut self, key: &KeyEvent, context: &ApiContext, next_id: &mut u64) -> Vec<Cmd> {
        self.now = context.now;
        // Tabs, borders and the response header take about ten rows.
        self.page = usize::from(context.viewport.1.saturating_sub(10)).max(1);
        match std::mem::replace(&mut self.mode, Mode::None) {
            Mode::None => {}
            Mode::Filter(input) => {
                self.on_filter_key(input, key);
                return Vec::new();
            }
            Mode::Edit { input, error } => {
                self.on_edit_key(input, error, key);
                return Vec::new();
            }
            Mode::Pick { field, options, selected } => {
                self.on_pick_key(field, options, selected, key);
                return Vec::new();
            }
            Mode::Confirm(confirm) => return self.on_confirm_key(*confirm, key, context, next_id),
            Mode::Search(input) => {
                self.on_search_key(input, key);
                return Vec::new();
            }
        }
        let Some(action) = action_for(key, self.focus) else { return Vec::new() };
        self.on_action(action, context, next_id)
    }

    fn on_action(&mut self, action: ApiAction, context: &ApiContext, next_id: &mut u64) -> Vec<Cmd> {
        let page = self.page as isize;
        match action {
            ApiAction::Up => self.move_by(-1),
            ApiAction::Down => self.move_by(1),
            ApiAction::PageUp => self.move_by(-page),
            ApiAction::PageDown => self.move_by(page),
            ApiAction::Top => self.move_by(isize::MIN / 2),
            ApiAction::Bottom => self.move_by(isize::MAX / 2),
            ApiAction::FocusLeft => {
                self.focus = match self.focus {
                    Focus::Response if self.selected_form().is_some_and(|f| f.rows() > 0) => Focus::Form,
                    _ => Focus::List,
                }
            }
            ApiAction::FocusRight => {
                let has_form = self.selected_form().is_some_and(|f| f.rows() > 0);
                self.focus = match self.focus {
                    Focus::List if has_form => Focus::Form,
                    _ if self.response.is_some() => Focus::Response,
                    other => other,
                }
            }
            ApiAction::Filter => self.mode = Mode::Filter(TextInput::with_text(&self.filter)),
            ApiAction::Send => return self.start_call(context, next_id),
            ApiAction::EditField => match self.selected_form() {
                Some(form) if form.rows() > 0 => {
                    self.mode = Mode::Edit { input: TextInput::with_text(&form.current_text()), error: None }
                }
                _ => self.say("This endpoint has no parameters."),
            },
            ApiAction::Pick => self.open_picker(),
            ApiAction::Example => {
                let Some(endpoint) = self.selected_endpoint() else { return Vec::new() };
                if !self.selected_form_mut().is_some_and(|f| f.fill_example(endpoint)) {
                    self.say("The catalog has no example for this field.");
                }
            }
            ApiAction::ClearField => {
                if let Some(form) = self.selected_form_mut() {
                    match form.row() {
                        Some(RowRef::Field(i)) => form.fields[i].value.clear(),
                        Some(RowRef::Body) => form.body = Some("{}".to_owned()),
                        None => {}
                    }
                }
            }
            ApiAction::Search => match self.response.as_ref() {
                Some(r) if !r.lines.is_empty() => {
                    let query = r.search.as_ref().map(|s| s.query.clone()).unwrap_or_default();
                    self.mode = Mode::Search(TextInput::with_text(&query));
                }
                _ => self.say("No response body to search."),
            },
            ApiAction::NextMatch | ApiAction::PrevMatch => {
                let page = self.page;
                if let Some(r) = self.response.as_mut() {
                    r.next_match(action == ApiAction::NextMatch, page);
                }
            }
            ApiAction::NextPage => return self.turn_page(true, context, next_id),
            ApiAction::PrevPage => return self.turn_page(false, context, next_id),
            ApiAction::CopyBody => match self.response.as_ref().filter(|r| r.status.is_some()) {
                Some(r) => {
                    return vec![Cmd::Copy { what: "the response body".to_owned(), text: r.body.clone() }];
                }
                None => self.say("No response to copy yet."),
            },
            ApiAction::CopyCurl => return self.copy_curl(context),
            ApiAction::ToggleCurlToken => {
                self.curl_with_token = !self.curl_with_token;
                self.say(if self.curl_with_token {
                    "Y now copies curl commands WITH the real token (t switches back to $TOKEN)."
                } else {
                    "Y copies curl commands with $TOKEN in place of the token."
                });
            }
            ApiAction::RetryAtReset => self.toggle_retry(),
        }
        Vec::new()
    }

    fn move_by(&mut self, delta: isize) {
        match self.focus {
            Focus::List => {
                let last = self.visible.len().saturating_sub(1);
                self.selected = self.selected.saturating_add_signed(delta).min(last);
            }
            Focus::Form => {
                if let Some(form) = self.selected_form_mut() {
                    form.move_by(delta);
                }
            }
            Focus::Response => {
                let page = self.page;
                if let Some(r) = self.response.as_mut() {
                    r.scroll_by(delta, page);
                }
            }
        }
    }

    fn refilter(&mut self) {
        let keep = self.selected_index();
        self.visible = catalog()
            .iter()
            .enumerate()
            .filter(|(_, e)| e.matches_filter(&self.filter))
            .map(|(i, _)| i)
            .collect();
        self.selected = keep.and_then(|k| self.visible.iter().position(|&i| i == k)).unwrap_or(0);
    }

    fn on_filter_key(&mut self, mut input: TextInput, key: &KeyEvent) {
        match input.handle_key(key) {
            InputOutcome::Submitted(_) => {}
            InputOutcome::Cancelled => {
                self.filter.clear();
                self.refilter();
            }
            InputOutcome::Edited | InputOutcome::Ignored => {
                self.filter = input.text().to_owned();
                self.refilter();
                self.mode = Mode::Filter(input);
            }
        }
    }

    fn on_edit_key(&mut self, mut input: TextInput, error: Option<String>, key: &KeyEvent) {
        match input.handle_key(key) {
            InputOutcome::Submitted(text) => {
                let stored = self.selected_form_mut().map(|f| f.store_current(&text)).unwrap_or(Ok(()));
                if let Err(error) = stored {
                    self.mode = Mode::Edit { input, error: Some(error) };
                }
            }
            InputOutcome::Cancelled => {}
            InputOutcome::Edited => self.mode = Mode::Edit { input, error: None },
            InputOutcome::Ignored => self.mode = Mode::Edit { input, error },
        }
    }

    fn open_picker(&mut self) {
        let (Some(endpoint), Some(form)) = (self.selected_endpoint(), self.selected_form()) else { return };
        let Some(RowRef::Field(field)) = form.row() else {
            self.say("Move to a parameter that names an id to pick one.");
            return;
        };
        let name = &form.fields[field].name;
        let Some(source) = endpoint.param(name).and_then(|p| p.pick_from.clone()) else {
            self.say(format!("`{name}` has nothing to pick from; type it with Enter."));
            return;
        };
        let body = self.response.as_ref().and_then(|r| serde_json::from_str::<Value>(&r.body).ok());
        let options = body.map(|b| pick_options(&b, &source)).unwrap_or_default();
        if options.is_empty() {
            self.say(format!(
                "No `{source}` values in the last response: call a list endpoint first (e.g. the one above this)."
            ));
            return;
        }
        self.mode = Mode::Pick { field, options, selected: 0 };
    }

    fn on_pick_key(
        &mut self,
        field: usize,
        options: Vec<(String, String)>,
        mut selected: usize,
        key: &KeyEvent,
    ) {
        let last = options.len().saturating_sub(1);
        match key.code {
            KeyCode::Esc => return,
            KeyCode::Enter => {
                if let (Some((value, _)), Some(form)) = (options.get(selected), self.selected_form_mut())
                    && let Some(f) = form.fields.get_mut(field)
                {
                    f.value = value.clone();
                }
                return;
            }
            KeyCode::Up | KeyCode::Char('k') => selected = selected.saturating_sub(1),
            KeyCode::Down | KeyCode::Char('j') => selected = (selected + 1).min(last),
            KeyCode::Home | KeyCode::Char('g') => selected = 0,
            KeyCode::End | KeyCode::Char('G') => selected = last,
            _ => {}
        }
        self.mode = Mode::Pick { field, options, selected };
    }

    fn on_search_key(&mut self, mut input: TextInput, key: &KeyEvent) {
        match input.handle_key(key) {
            InputOutcome::Submitted(query) => {
                let page = self.page;
                if let Some(r) = self.response.as_mut() {
                    r.search(&query, page);
                    if let Some(search) = r.search.as_ref().filter(|s| s.matches.is_empty()) {
                        let text = format!("No match for “{}”.", escape_control(&search.query));
                        self.say(text);
                    }
                }
            }
            InputOutcome::Cancelled => {
                if let Some(r) = self.response.as_mut() {
                    r.search = None;
                }
            }
            InputOutcome::Edited | InputOutcome::Ignored => self.mode = Mode::Search(input),
        }
    }

    /// The selected endpoint's call as the form describes it, or why it cannot be made.
    fn prepare(&mut self) -> Result<PreparedCall, String> {
        let index = self.selected_index().ok_or("No endpoint matches the filter.")?;
        let endpoint = catalog().get(index).ok_or("No such endpoint.")?;
        let form = self.forms.get_mut(index).ok_or("No form for this endpoint.")?;
        // Auth0 only accepts `q` with search_engine=v3 (docs/auth0.md#user-search).
        if is_user_search(endpoint)
            && !form.get("q").trim().is_empty()
            && form.get("search_engine").is_empty()
        {
            form.set("search_engine", "v3");
        }
        let values = form.values();
        let path_and_query = endpoint.render_path(&values).map_err(|e| format!("Cannot call yet: {e}."))?;
        let body = form.body_json()?;
        Ok(PreparedCall { endpoint: index, values, method: endpoint.method, path_and_query, body })
    }

    fn start_call(&mut self, context: &ApiContext, next_id: &mut u64) -> Vec<Cmd> {
        let call = match self.prepare() {
            Ok(call) => call,
            Err(reason) => {
                self.complain(reason);
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
                input: TextInput::default(),
            }));
            return Vec::new();
        }
        self.checkpoint_history.clear();
        self.send(call, context, next_id)
    }

    fn on_confirm_key(
        &mut self,
        mut confirm: Confirmation,
        key: &KeyEvent,
        context: &ApiContext,
        next_id: &mut u64,
    ) -> Vec<Cmd> {
        match confirm.input.handle_key(key) {
            InputOutcome::Submitted(typed) if typed.trim() == confirm.expected => {
                self.checkpoint_history.clear();
                self.send(confirm.call, context, next_id)
            }
            InputOutcome::Submitted(_) => {
                self.complain(format!(
                    "Not confirmed: you did not type `{}`. Nothing was sent.",
                    escape_control(&confirm.expected)
                ));
                Vec::new()
            }
            InputOutcome::Cancelled => {
                self.say("Cancelled. Nothing was sent.");
                Vec::new()
            }
            InputOutcome::Edited | InputOutcome::Ignored => {
                self.mode = Mode::Confirm(Box::new(confirm));
                Vec::new()
            }
        }
    }

    /// Sends `call` with the inspected token to the active profile's tenant.
    fn send(&mut self, call: PreparedCall, context: &ApiContext, next_id: &mut u64) -> Vec<Cmd> {
        if self.pending.is_some() {
            self.say("A call is already running (Esc cancels it).");
            return Vec::new();
        }
        let Some(token) = context.token.clone() else {
            self.complain("No token to call with: paste one, or press f to fetch one.");
            return Vec::new();
        };
        let Some(domain) = context.domain.clone() else {
            self.complain(
                "No active profile: calls go to the active profile's tenant. Choose one in pane 2.",
            );
            return Vec::new();
        };
        let id = *next_id;
        *next_id += 1;
        self.retry_at = None;
        self.message =
            catalog().get(call.endpoint).and_then(|e| e.scope_hint(&self.scopes)).map(|hint| PaneMessage {
                error: false,
                text: format!("Expect 403: the token {hint}. Calling anyway, so the tenant can confirm."),
            });
        let request = ApiRequest {
            domain,
            method: call.method.as_str().to_owned(),
            path_and_query: call.path_and_query.clone(),
            token,
            body: call.body.clone(),
        };
        self.pending = Some(Pending { id, call });
        vec![Cmd::CallApi { id, request }]
    }

    fn turn_page(&mut self, forward: bool, context: &ApiContext, next_id: &mut u64) -> Vec<Cmd> {
        let Some(response) = self.response.as_ref() else {
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
                    self.checkpoint_history.push(current);
                    values.insert("from".into(), next);
                } else {
                    let Some(previous) = self.checkpoint_history.pop() else {
                        self.say("This is the first page.");
                        return Vec::new();
                    };
                    values.insert("from".into(), previous);
                }
            }
        }
        let path_and_query = match endpoint.render_path(&values) {
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
        self.send(call, context, next_id)
    }

    fn copy_curl(&mut self, context: &ApiContext) -> Vec<Cmd> {
        let Some(call) = self.pending.as_ref().map(|p| &p.call).or(self.response.as_ref().map(|r| &r.call))
        else {
            self.say("Call an endpoint first; Y copies that call as a curl command.");
            return Vec::new();
        };
        let Some(domain) = context.domain.as_deref() else {
            self.complain("No active profile, so no tenant URL for the curl command.");
            return Vec::new();
        };
        let url = match crate::net::api_url(domain, &call.path_and_query) {
            Ok(url) => url,
            Err(error) => {
                self.complain(error.to_string());
                return Vec::new();
            }
        };
        let token = if self.curl_with_token { context.token.as_deref() } else { None };
        let text = curl::curl_command(call.method.as_str(), &url, call.body.as_ref(), token);
        let what =
            if token.is_some() { "a curl command (with the token)" } else { "a curl command (uses $TOKEN)" };
        vec![Cmd::Copy { what: what.to_owned(), text }]
    }

    fn toggle_retry(&mut self) {
        if self.retry_at.take().is_some() {
            self.say("Retry cancelled.");
            return;
        }
        match self.response.as_ref().filter(|r| r.is_rate_limited()) {
            Some(r) => {
                let at = r.rate_limit.map_or(r.received_at + RETRY_FALLBACK_SECS, |l| l.reset_epoch);
                self.retry_at = Some(at.max(self.now));
                self.say("One retry is scheduled for the rate-limit reset (R again cancels it).");
            }
            None => {
                self.say("R retries a rate-limited (429) call when the bucket refills; this one was not.")
            }
        }
    }

    /// Called every second: fires a scheduled retry once its time has come.
    pub fn on_tick(&mut self, context: &ApiContext, next_id: &mut u64) -> Vec<Cmd> {
        self.now = context.now;
        let due = self.retry_at.is_some_and(|at| context.now >= at) && self.pending.is_none();
        if !due {
            return Vec::new();
        }
        self.retry_at = None;
        let Some(call) = self.response.as_ref().map(|r| r.call.clone()) else { return Vec::new() };
        let cmds = self.send(call, context, next_id);
        if !cmds.is_empty() {
            self.say("Rate limit reset: retrying the call once.");
        }
        cmds
    }

    pub fn on_response(&mut self, id: u64, result: Result<ApiResponse, String>, now: i64) {
        // A cancelled or superseded call's answer is ignored.
        if self.pending.as_ref().is_none_or(|p| p.id != id) {
            return;
        }
        let Some(pending) = self.pending.take() else { return };
        self.now = now;
        self.response = Some(ResponseView::new(pending.call, result, &self.scopes, now));
        self.focus = Focus::Response;
        // Keep the "expect 403" note only if it came true.
        if self.response.as_ref().is_some_and(|r| r.status != Some(403)) {
            self.message = None;
        }
    }

    /// Cancels the call in flight (and any scheduled retry), returning the call's id.
    pub fn cancel(&mut self) -> Option<u64> {
        self.retry_at = None;
        let id = self.pending.take().map(|p| p.id);
        if id.is_some() {
            self.say("Call cancelled.");
        }
        id
    }
}
