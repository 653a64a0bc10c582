//! The API pane's state: the endpoint catalog with each row's scope verdict and a filter
//! (`list`), one parameter form per endpoint (`form`), the modal editors (`modes`), the call
//! in flight with its response, paging and 429 retry (`call`), and curl export (`curl`).
//! Synchronous like the rest of `app`: the pane returns its effects (`ApiEffect`) and the
//! parent `update` turns them into commands, assigning request ids.

mod call;
mod curl;
pub mod form;
mod groups;
pub mod keys;
mod list;
mod modes;
pub mod paging;
mod prepared;
pub mod response;

pub use call::PrepareError;
pub use groups::{GroupInfo, groups};
pub use list::{ListRow, VerdictFilter};
pub use modes::{CONFIRM_SUFFIX, ConfirmPurpose, Confirmation, Mode};
pub use prepared::PreparedCall;

use super::ApiRequest;
use super::text_area::TextArea;
use crate::domain::catalog::{Capability, Endpoint, ScopeCheck, catalog};
use crate::domain::issuing_tenant::TenantVerdict;
use crossterm::event::KeyEvent;
use form::{Form, RowRef};
use keys::{ApiAction, Focus, action_for};
use response::ResponseView;

/// What the API pane needs to know about the rest of the model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiContext<'a> {
    /// The inspected token, sent as the bearer. Borrowed: the context is built on every tick
    /// and key, and a token can be megabytes; a call copies it only when it is sent.
    pub token: Option<&'a str>,
    /// The active profile's domain: where calls go.
    pub domain: Option<String>,
    /// Whether `domain` is the tenant that issued the token (None without token or domain).
    pub tenant: Option<TenantVerdict>,
    pub now: i64,
    /// Terminal size, for page-sized moves.
    pub viewport: (u16, u16),
    /// `(client id, profile name)` of the configured profiles, to name a grant's client.
    pub profiles: Vec<(String, String)>,
}

impl ApiContext<'_> {
    /// Rows in a page-sized move: tabs, borders and the response header take about ten rows.
    pub fn page(&self) -> usize {
        usize::from(self.viewport.1.saturating_sub(10)).max(1)
    }
}

/// What the pane asks the outside world to do.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiEffect {
    /// Send this request; its answer comes back through `ApiPane::on_response`.
    Call(ApiRequest),
    /// Put `text` on the clipboard; `what` names it in the confirmation.
    Copy { what: String, text: String },
    /// Open an operation's documentation page in the browser (copied when that fails).
    OpenDoc { url: String },
    /// Say on the status line what a single-letter key just changed.
    Notice(String),
    /// Suspend the TUI and edit this body in the user's editor.
    EditExternally { text: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaneMessage {
    pub error: bool,
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct ApiPane {
    list: list::EndpointList,
    focus: Focus,
    /// One form per catalog entry, so typed values survive moving around.
    forms: Vec<Form>,
    mode: Mode,
    call: call::CallState,
    /// Whether copied curl commands carry the real token instead of `$TOKEN`.
    curl_with_token: bool,
    /// Whether the details show every note, or the first one folded to a line (`i`).
    notes_open: bool,
    message: Option<PaneMessage>,
    /// A foreign tenant the user typed to confirm for the current token: `(token's tenant,
    /// target)`. Forgotten when the token changes.
    foreign_accepted: Option<(String, String)>,
}

impl Default for ApiPane {
    fn default() -> Self {
        Self::new()
    }
}

impl ApiPane {
    pub fn new() -> Self {
        Self {
            list: list::EndpointList::new(),
            focus: Focus::List,
            forms: catalog().iter().map(Form::new).collect(),
            mode: Mode::None,
            call: call::CallState::default(),
            curl_with_token: false,
            notes_open: false,
            message: None,
            foreign_accepted: None,
        }
    }

    pub fn in_flight(&self) -> bool {
        self.call.pending.is_some()
    }

    /// The call in flight, if any.
    pub fn pending(&self) -> Option<&PreparedCall> {
        self.call.pending.as_ref()
    }

    pub fn response(&self) -> Option<&ResponseView> {
        self.call.response.as_ref()
    }

    /// Epoch second at which one retry of the rate-limited call is due.
    pub fn retry_at(&self) -> Option<i64> {
        self.call.retry_at
    }

    /// True while a rate-limit reset countdown (or a scheduled retry) is on screen.
    pub fn shows_countdown(&self, now: i64) -> bool {
        self.call.retry_at.is_some()
            || self.response().and_then(|r| r.rate_limit).is_some_and(|r| r.reset_epoch >= now)
    }

    pub fn focus(&self) -> Focus {
        self.focus
    }

    pub fn mode(&self) -> &Mode {
        &self.mode
    }

    /// Whether the details show every note (`i` toggles), or the first one folded to a line.
    pub fn notes_open(&self) -> bool {
        self.notes_open
    }

    pub fn message(&self) -> Option<&PaneMessage> {
        self.message.as_ref()
    }

    /// The inspected token's scopes.
    pub fn scopes(&self) -> &[String] {
        self.list.scopes()
    }

    /// The same scopes, hashed for checks.
    pub fn scope_set(&self) -> &crate::domain::catalog::ScopeSet {
        self.list.scope_set()
    }

    /// Each catalog entry's verdict for the inspected token, in catalog order.
    pub fn checks(&self) -> &[ScopeCheck] {
        self.list.checks()
    }

    pub fn filter(&self) -> &str {
        self.list.filter()
    }

    /// Applies a text filter to the list, as typing it after `/` would.
    pub fn set_filter(&mut self, text: &str) {
        self.list.set_filter(text);
    }

    /// The second filter: all rows, only allowed or only denied ones.
    pub fn verdict_filter(&self) -> VerdictFilter {
        self.list.verdict()
    }

    /// What the inspected token can do across the catalog, with the rules learned this session.
    pub fn capability(&self) -> &Capability {
        self.list.capability()
    }

    /// Catalog indices that pass both filters, in catalog order (shown or in a folded group).
    pub fn visible(&self) -> &[usize] {
        self.list.matching()
    }

    /// How many operations of group `group` pass the filters.
    pub fn matching_in(&self, group: usize) -> usize {
        self.list.matching_in(group)
    }

    /// The list's lines: group headers and the operations of unfolded groups.
    pub fn rows(&self) -> &[ListRow] {
        self.list.rows()
    }

    /// Whether group `group` shows folded (never while a text filter is active).
    pub fn is_collapsed(&self, group: usize) -> bool {
        self.list.is_collapsed(group)
    }

    /// Index of the selected line into `rows`.
    pub fn selected_row(&self) -> usize {
        self.list.selected_row()
    }

    /// The catalog index of the selected row, when it is an operation.
    pub fn selected_index(&self) -> Option<usize> {
        self.list.selected_index()
    }

    /// The group of the selected row (its header or one of its operations).
    pub fn selected_group(&self) -> Option<usize> {
        self.list.selected_group()
    }

    /// Catalog entry `index` with the scope rule in force this session (a rule stated by a 403
    /// replaces the documented one).
    pub fn endpoint_with_rule(&self, index: usize) -> Option<&Endpoint> {
        self.list.endpoint(index)
    }

    pub fn selected_endpoint(&self) -> Option<&'static Endpoint> {
        self.list.selected_endpoint()
    }

    pub fn selected_form(&self) -> Option<&Form> {
        self.selected_index().and_then(|i| self.forms.get(i))
    }

    fn selected_form_mut(&mut self) -> Option<&mut Form> {
        let index = self.selected_index()?;
        self.forms.get_mut(index)
    }

    /// Sets a parameter of the selected endpoint's form, as typing it would.
    pub fn set_param(&mut self, name: &str, value: &str) {
        if let Some(form) = self.selected_form_mut() {
            form.set(name, value);
        }
    }

    pub fn on_token_changed(&mut self, scopes: &[String]) {
        self.list.set_scopes(scopes);
        self.foreign_accepted = None;
        // An "expect 403" (or any other note) was about the previous token's scopes.
        self.message = None;
    }

    fn say(&mut self, text: impl Into<String>) {
        self.message = Some(PaneMessage { error: false, text: text.into() });
    }

    fn complain(&mut self, text: impl Into<String>) {
        self.message = Some(PaneMessage { error: true, text: text.into() });
    }

    pub fn on_key(&mut self, key: &KeyEvent, context: &ApiContext) -> Vec<ApiEffect> {
        if let Some(effects) = self.on_mode_key(key, context) {
            return effects;
        }
        let Some(action) = action_for(key, self.focus) else { return Vec::new() };
        self.on_action(action, context)
    }

    fn on_action(&mut self, action: ApiAction, context: &ApiContext) -> Vec<ApiEffect> {
        let page = context.page() as isize;
        match action {
            ApiAction::Up => self.move_by(-1, context),
            ApiAction::Down => self.move_by(1, context),
            ApiAction::PageUp => self.move_by(-page, context),
            ApiAction::PageDown => self.move_by(page, context),
            ApiAction::Top => self.move_by(isize::MIN / 2, context),
            ApiAction::Bottom => self.move_by(isize::MAX / 2, context),
            ApiAction::FocusLeft => {
                self.focus = match self.focus {
                    Focus::Response if self.selected_form().is_some_and(|f| f.rows() > 0) => Focus::Form,
                    _ => Focus::List,
                }
            }
            ApiAction::FocusRight => {
                // An empty form is skipped; `+` adds a query row from anywhere.
                let has_form = self.selected_form().is_some_and(|f| f.rows() > 0);
                self.focus = match self.focus {
                    Focus::List if has_form => Focus::Form,
                    _ if self.call.response.is_some() => Focus::Response,
                    other => other,
                }
            }
            ApiAction::Filter => {
                // The filter acts on the list, so the list takes the focus; the kept filter
                // comes back selected (typing replaces it, a movement key edits it).
                self.focus = Focus::List;
                self.mode = Mode::Filter(super::text_input::TextInput::with_selected_text(self.filter()))
            }
            ApiAction::Send if self.focus == Focus::List && self.selected_index().is_none() => {
                self.toggle_group()
            }
            ApiAction::Send => return self.start_call(context),
            ApiAction::EditField => match self.selected_form() {
                Some(form) if form.row() == Some(RowRef::Body) => {
                    let area = TextArea::with_text(&form.pretty_body());
                    self.mode = Mode::EditBody { area, error: None }
                }
                Some(form) if form.rows() > 0 => {
                    let input = super::text_input::TextInput::with_text(&form.current_text());
                    self.mode = Mode::Edit { input, error: None }
                }
                _ => self.say("This endpoint has no parameters: + adds a query row."),
            },
            ApiAction::AddQueryRow => match self.selected_form_mut() {
                Some(form) => {
                    form.add_extra();
                    self.focus = Focus::Form;
                    let input = super::text_input::TextInput::with_text("");
                    self.mode = Mode::Edit { input, error: None };
                }
                None => self.say("Select an operation first."),
            },
            ApiAction::RemoveQueryRow => {
                if !self.selected_form_mut().is_some_and(|f| f.remove_current_extra()) {
                    self.say("Only the extra query rows (added with +) can be removed.");
                }
            }
            ApiAction::ToggleGroup => self.toggle_group(),
            ApiAction::ToggleNotes => {
                self.notes_open = !self.notes_open;
                return vec![ApiEffect::Notice(
                    if self.notes_open {
                        "Notes: every note shows (i folds them to one line)."
                    } else {
                        "Notes: folded to one line (i shows them all)."
                    }
                    .to_owned(),
                )];
            }
            ApiAction::ToggleAllGroups => {
                let expanded = self.list.toggle_all();
                self.say(if expanded { "All groups unfolded (Z folds them)." } else { "All groups folded." });
            }
            ApiAction::CycleVerdict => {
                let verdict = self.list.cycle_verdict();
                self.say(format!(
                    "Showing {} operations (F cycles all / allowed / denied).",
                    verdict.label()
                ));
            }
            ApiAction::OpenDoc | ApiAction::CopyDoc => {
                let Some(endpoint) = self.selected_endpoint() else {
                    self.say("Select an operation to reach its documentation page.");
                    return Vec::new();
                };
                let url = endpoint.doc.clone();
                return vec![if action == ApiAction::OpenDoc {
                    ApiEffect::OpenDoc { url }
                } else {
                    ApiEffect::Copy { what: "the documentation link".to_owned(), text: url }
                }];
            }
            ApiAction::Pick => self.open_picker(context),
            ApiAction::ExternalEditor => match self.selected_form_mut() {
                Some(form) if form.body.is_some() => {
                    // The body is the form's last row: the result lands there.
                    form.cursor = form.rows().saturating_sub(1);
                    let text = form.pretty_body();
                    self.focus = Focus::Form;
                    return vec![ApiEffect::EditExternally { text }];
                }
                _ => self
                    .say("This operation sends no JSON body: E edits the body of POST, PUT and PATCH calls."),
            },
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
                        Some(RowRef::Extra(i)) => form.extra[i].1.clear(),
                        Some(RowRef::Body) => form.body = Some("{}".to_owned()),
                        None => {}
                    }
                }
            }
            ApiAction::Search => match self.response() {
                Some(r) if !r.lines.is_empty() => {
                    let query = r.search.as_ref().map(|s| s.query.clone()).unwrap_or_default();
                    self.mode = Mode::Search(super::text_input::TextInput::with_selected_text(&query));
                }
                _ => self.say("No response body to search."),
            },
            ApiAction::NextMatch | ApiAction::PrevMatch => {
                if let Some(r) = self.call.response.as_mut() {
                    r.next_match(action == ApiAction::NextMatch, context.page());
                }
            }
            ApiAction::NextPage => return self.turn_page(true, context),
            ApiAction::PrevPage => return self.turn_page(false, context),
            ApiAction::CopyBody => match self.response().filter(|r| r.status.is_some()) {
                Some(r) => {
                    return vec![ApiEffect::Copy {
                        what: "the response body".to_owned(),
                        text: r.body.clone(),
                    }];
                }
                None => self.say("No response to copy yet."),
            },
            ApiAction::CopyCurl => return self.copy_curl(context),
            ApiAction::ToggleCurlToken => {
                self.curl_with_token = !self.curl_with_token;
                return vec![ApiEffect::Notice(
                    if self.curl_with_token {
                        "The curl line (Y) shows the real token now: careful where you paste it (t: $TOKEN)."
                    } else {
                        "The curl line (Y) shows $TOKEN in place of the token (t: the real token)."
                    }
                    .to_owned(),
                )];
            }
            ApiAction::RetryAtReset => self.toggle_retry(context.now),
        }
        Vec::new()
    }

    /// Esc in the list: drops a kept filter. False when there was none to drop.
    pub fn clear_kept_filter(&mut self) -> bool {
        if self.focus != Focus::List || self.mode != Mode::None || self.list.filter().is_empty() {
            return false;
        }
        self.list.set_filter("");
        true
    }

    fn toggle_group(&mut self) {
        if self.list.filter().trim().is_empty() {
            self.list.toggle_group();
        } else {
            self.say("Groups with matches stay unfolded while a filter is active (/ then Esc clears it).");
        }
    }

    fn move_by(&mut self, delta: isize, context: &ApiContext) {
        match self.focus {
            Focus::List => self.list.move_by(delta),
            Focus::Form => {
                if let Some(form) = self.selected_form_mut() {
                    form.move_by(delta);
                }
            }
            Focus::Response => {
                if let Some(r) = self.call.response.as_mut() {
                    r.scroll_by(delta, context.page());
                }
            }
        }
    }
}
