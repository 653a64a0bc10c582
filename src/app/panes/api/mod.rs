//! The API pane, in its parts: the operation list with each row's verdict, the filters and the
//! folding (`list`), one parameter form per operation (`form`), the call with its response,
//! paging and retry (`call`, `response`, `paging`, `curl`), and the pane's modals (`modal`).
//! The renderer reads these parts directly (`pub(crate)`).

pub mod call;
mod curl;
mod details;
pub mod form;
mod groups;
pub mod keys;
pub mod layout;
pub mod list;
pub mod modal;
mod mouse;
pub mod paging;
mod prepared;
pub mod response;

pub use groups::{GroupInfo, groups};
pub use keys::Focus;
pub use list::{EndpointList, ListRow, VerdictFilter};
pub use prepared::PreparedCall;

use super::{Footer, Pane};
use crate::app::context::PaneContext;
use crate::app::keys::{documented, lookup};
use crate::app::modal::help::HelpSection;
use crate::app::modal::{Modal, ModalKind};
use crate::app::notice::Notice;
use crate::app::panes::effect::Effect;
use crate::app::pointer::Pointer;
use crate::domain::catalog::catalog;
use call::CallState;
use crossterm::event::{KeyCode, KeyEvent};
use form::{Form, RowRef};
use keys::Action;
use modal::Purpose;
use ratatui::layout::Rect;

/// A note the pane shows in its details box (why a key did nothing, what a 403 taught).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaneMessage {
    pub error: bool,
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct ApiPane {
    pub(crate) list: EndpointList,
    /// One form per catalog entry, so typed values survive moving around.
    pub(crate) forms: Vec<Form>,
    pub(crate) focus: Focus,
    pub(crate) modal: Option<Modal<Purpose>>,
    pub(crate) call: CallState,
    /// Whether copied curl commands carry the real token instead of `$TOKEN`.
    pub(crate) curl_with_token: bool,
    /// Whether the details stay unfolded, every note included, whatever has the focus (`i`).
    pub(crate) details_unfolded: bool,
    /// Whether the focused section has the whole pane (`m`).
    pub(crate) zoomed: bool,
    /// Whether long lines of the response wrap (`w`), or stay whole and scroll sideways.
    pub(crate) wrap_body: bool,
    /// Columns scrolled sideways when lines do not wrap.
    pub(crate) hscroll: usize,
    pub(crate) message: Option<PaneMessage>,
    /// A foreign tenant the user typed to confirm for the current token: `(token's tenant,
    /// target)`. Forgotten when the token changes.
    foreign_accepted: Option<(String, String)>,
    pub(crate) layout: layout::ApiLayout,
}

impl Default for ApiPane {
    fn default() -> Self {
        Self {
            list: EndpointList::new(),
            focus: Focus::List,
            forms: catalog().iter().map(Form::new).collect(),
            modal: None,
            call: CallState::default(),
            curl_with_token: false,
            details_unfolded: false,
            zoomed: false,
            wrap_body: true,
            hscroll: 0,
            message: None,
            foreign_accepted: None,
            layout: layout::ApiLayout::default(),
        }
    }
}

impl ApiPane {
    pub fn list(&self) -> &EndpointList {
        &self.list
    }

    pub fn call_state(&self) -> &CallState {
        &self.call
    }

    pub fn in_flight(&self) -> bool {
        self.call.pending.is_some()
    }

    pub fn selected_form(&self) -> Option<&Form> {
        self.list.selected_index().and_then(|i| self.forms.get(i))
    }

    fn selected_form_mut(&mut self) -> Option<&mut Form> {
        let index = self.list.selected_index()?;
        self.forms.get_mut(index)
    }

    fn say(&mut self, text: impl Into<String>) {
        self.message = Some(PaneMessage { error: false, text: text.into() });
    }

    fn complain(&mut self, text: impl Into<String>) {
        self.message = Some(PaneMessage { error: true, text: text.into() });
    }

    /// Rows a page-sized move covers in the focused section.
    fn page(&self) -> usize {
        match self.focus {
            Focus::List => self.list_rows(),
            Focus::Form => self.layout.form_rows.len().max(1),
            Focus::Response => self.body_rows_shown(),
        }
    }

    /// Scrolls the response so that line `line` (a search match) shows, with a little context.
    fn show_line(&mut self, line: usize) {
        let row = self.layout.body_rows.start(line).saturating_sub(2);
        if let Some(response) = self.call.response.as_mut() {
            response.scroll = row;
        }
    }

    fn on_action(&mut self, action: Action, ctx: &PaneContext) -> Vec<Effect> {
        let page = self.page() as isize;
        match action {
            Action::Up => self.move_by(-1),
            Action::Down => self.move_by(1),
            Action::PageUp => self.move_by(-page),
            Action::PageDown => self.move_by(page),
            Action::Top => self.move_by(isize::MIN / 2),
            Action::Bottom => self.move_by(isize::MAX / 2),
            Action::FocusLeft => {
                self.focus = match self.focus {
                    Focus::Response if self.selected_form().is_some_and(|f| f.rows() > 0) => Focus::Form,
                    _ => Focus::List,
                }
            }
            Action::FocusRight => {
                // An empty form is skipped; `+` adds a query row from anywhere.
                let has_form = self.selected_form().is_some_and(|f| f.rows() > 0);
                self.focus = match self.focus {
                    Focus::List if has_form => Focus::Form,
                    _ if self.call.response.is_some() => Focus::Response,
                    other => other,
                }
            }
            Action::Filter => {
                // The filter acts on the list, so the list takes the focus; the kept filter
                // comes back selected (typing replaces it, a movement key edits it).
                self.focus = Focus::List;
                let kind = ModalKind::line("filter operations · Enter keeps", &self.list.filter, true);
                self.open(kind, Purpose::Filter);
            }
            Action::Send if self.focus == Focus::List && self.list.selected_index().is_none() => {
                self.toggle_group()
            }
            Action::Send => return self.start_call(ctx),
            Action::EditField => match self.selected_form() {
                Some(form) if form.row() == Some(RowRef::Body) => {
                    let kind = ModalKind::text("Edit body (JSON)", &form.pretty_body());
                    self.open(kind, Purpose::Body);
                }
                Some(form) if form.rows() > 0 => {
                    let title = format!("{} · Enter keeps", field_title(form));
                    let text = form.current_text();
                    self.open(ModalKind::line(title, &text, false), Purpose::Field);
                }
                _ => self.say("This endpoint has no parameters: + adds a query row."),
            },
            Action::AddQueryRow => match self.selected_form_mut() {
                Some(form) => {
                    form.add_extra();
                    self.focus = Focus::Form;
                    self.open(
                        ModalKind::line("query row (key = value) · Enter keeps", "", false),
                        Purpose::Field,
                    );
                }
                None => self.say("Select an operation first."),
            },
            Action::RemoveQueryRow => {
                if !self.selected_form_mut().is_some_and(|f| f.remove_current_extra()) {
                    self.say("Only the extra query rows (added with +) can be removed.");
                }
            }
            Action::ToggleGroup => self.toggle_group(),
            Action::ToggleDetails => {
                self.details_unfolded = !self.details_unfolded;
                return vec![Effect::Notice(Notice::info(if self.details_unfolded {
                    "Details unfolded: every note shows, whatever has the focus (i folds them)."
                } else {
                    "Details folded: their headline only while the form or the response has the focus (i unfolds)."
                }))];
            }
            Action::Zoom => {
                self.zoomed = !self.zoomed;
                let what = self.focus.title();
                return vec![Effect::Notice(Notice::info(if self.zoomed {
                    format!("Zoom: {what} has the whole pane (m: back).")
                } else {
                    "Zoom off: every section shows again.".to_owned()
                }))];
            }
            Action::ToggleWrap => {
                self.wrap_body = !self.wrap_body;
                self.hscroll = 0;
                return vec![Effect::Notice(Notice::info(if self.wrap_body {
                    "Long lines wrap (w: keep them whole and scroll sideways with < >)."
                } else {
                    "Long lines stay whole: < and > scroll sideways (w: wrap them)."
                }))];
            }
            Action::ScrollLeft => self.hscroll = self.hscroll.saturating_sub(8),
            Action::ScrollRight if !self.wrap_body => self.hscroll = self.hscroll.saturating_add(8),
            Action::ScrollRight => self.say("Lines wrap: w keeps them whole, then > scrolls sideways."),
            Action::ToggleAllGroups => {
                let expanded = self.list.toggle_all();
                self.say(if expanded { "All groups unfolded (Z folds them)." } else { "All groups folded." });
            }
            Action::CycleVerdict => {
                let verdict = self.list.cycle_verdict();
                self.say(format!(
                    "Showing {} operations (F cycles all / allowed / denied).",
                    verdict.label()
                ));
            }
            Action::OpenDoc | Action::CopyDoc => {
                let Some(endpoint) = self.list.selected_endpoint() else {
                    self.say("Select an operation to reach its documentation page.");
                    return Vec::new();
                };
                let url = endpoint.doc.clone();
                return vec![if action == Action::OpenDoc {
                    Effect::OpenDoc { url }
                } else {
                    Effect::Copy { what: "the documentation link".to_owned(), text: url }
                }];
            }
            Action::Pick => self.open_picker(ctx),
            Action::ExternalEditor => match self.selected_form_mut() {
                Some(form) if form.body.is_some() => {
                    // The body is the form's last row: the result lands there.
                    form.cursor = form.rows().saturating_sub(1);
                    let text = form.pretty_body();
                    self.focus = Focus::Form;
                    return vec![Effect::EditExternally { text }];
                }
                _ => self
                    .say("This operation sends no JSON body: E edits the body of POST, PUT and PATCH calls."),
            },
            Action::Example => {
                let Some(endpoint) = self.list.selected_endpoint() else { return Vec::new() };
                if !self.selected_form_mut().is_some_and(|f| f.fill_example(endpoint)) {
                    self.say("The catalog has no example for this field.");
                }
            }
            Action::ClearField => {
                if let Some(form) = self.selected_form_mut() {
                    match form.row() {
                        Some(RowRef::Field(i)) => form.fields[i].value.clear(),
                        Some(RowRef::Extra(i)) => form.extra[i].1.clear(),
                        Some(RowRef::Body) => form.body = Some("{}".to_owned()),
                        None => {}
                    }
                }
            }
            Action::Search => match self.call.response.as_ref() {
                Some(r) if !r.lines.is_empty() => {
                    let query = r.search.as_ref().map(|s| s.query.clone()).unwrap_or_default();
                    self.open(
                        ModalKind::line("search response · Enter finds", &query, false),
                        Purpose::Search,
                    );
                }
                _ => self.say("No response body to search."),
            },
            Action::NextMatch | Action::PrevMatch => {
                let line =
                    self.call.response.as_mut().and_then(|r| r.next_match(action == Action::NextMatch));
                if let Some(line) = line {
                    self.show_line(line);
                }
            }
            Action::NextPage => return self.turn_page(true, ctx),
            Action::PrevPage => return self.turn_page(false, ctx),
            Action::CopyBody => match self.call.response.as_ref().filter(|r| r.status.is_some()) {
                Some(r) => {
                    return vec![Effect::Copy { what: "the response body".to_owned(), text: r.body.clone() }];
                }
                None => self.say("No response to copy yet."),
            },
            Action::CopyCurl => return self.copy_curl(ctx),
            Action::ToggleCurlToken => {
                self.curl_with_token = !self.curl_with_token;
                return vec![Effect::Notice(Notice::info(if self.curl_with_token {
                    "The curl line (Y) shows the real token now: careful where you paste it (t: $TOKEN)."
                } else {
                    "The curl line (Y) shows $TOKEN in place of the token (t: the real token)."
                }))];
            }
            Action::RetryAtReset => self.toggle_retry(ctx.now),
        }
        Vec::new()
    }

    /// Esc outside a modal: the call in flight (or the scheduled retry), else a kept filter.
    fn on_escape(&mut self) -> Option<Vec<Effect>> {
        if let Some(effects) = self.cancel() {
            return Some(effects);
        }
        if self.focus == Focus::List && !self.list.filter.is_empty() {
            self.list.set_filter("");
            let notice = Notice::info("Filter cleared: every operation shows again (/ sets one).");
            return Some(vec![Effect::Notice(notice)]);
        }
        None
    }

    fn toggle_group(&mut self) {
        if self.list.filter.trim().is_empty() {
            self.list.toggle_group();
        } else {
            self.say("Groups with matches stay unfolded while a filter is active (/ then Esc clears it).");
        }
    }

    fn move_by(&mut self, delta: isize) {
        let visible = self.body_rows_shown();
        let total = self.layout.body_rows.total_rows();
        match self.focus {
            Focus::List => self.list.move_by(delta),
            Focus::Form => {
                if let Some(form) = self.selected_form_mut() {
                    form.move_by(delta);
                }
            }
            Focus::Response => {
                if let Some(r) = self.call.response.as_mut() {
                    r.scroll = r.scroll.saturating_add_signed(delta).min(total.saturating_sub(visible));
                }
            }
        }
    }
}

/// What the field editor edits, for its title.
fn field_title(form: &Form) -> String {
    match form.row() {
        Some(RowRef::Field(i)) => form.fields.get(i).map_or("value", |f| f.name.as_str()).to_owned(),
        Some(RowRef::Extra(_)) => "query row (key = value)".to_owned(),
        _ => "body (JSON)".to_owned(),
    }
}

impl Pane for ApiPane {
    fn help() -> Vec<HelpSection> {
        vec![
            HelpSection {
                heading: "API pane, anywhere".to_owned(),
                rows: documented(keys::ANYWHERE).collect(),
            },
            HelpSection { heading: "API pane, list".to_owned(), rows: documented(keys::LIST).collect() },
            HelpSection {
                heading: "API pane, parameters".to_owned(),
                rows: documented(keys::FORM).collect(),
            },
            HelpSection {
                heading: "API pane, response".to_owned(),
                rows: documented(keys::RESPONSE).collect(),
            },
        ]
    }

    fn footer(&self, _ctx: &PaneContext) -> Footer {
        match self.focus {
            Focus::List => Footer {
                section: "List",
                keys: &[
                    ("↑↓", "move"),
                    ("Enter", "call"),
                    ("/", "filter"),
                    ("→", "parameters"),
                    ("?", "help"),
                ],
            },
            Focus::Form => Footer {
                section: "Parameters",
                keys: &[
                    ("↑↓", "move"),
                    ("Enter", "edit"),
                    ("E", "$EDITOR"),
                    ("s", "call"),
                    ("/", "filter"),
                    ("?", "help"),
                ],
            },
            Focus::Response => Footer {
                section: "Response",
                keys: &[
                    ("↑↓", "scroll"),
                    ("/", "search"),
                    ("n N", "matches"),
                    ("←", "parameters"),
                    ("?", "help"),
                ],
            },
        }
    }

    fn modal(&self) -> Option<&ModalKind> {
        self.modal.as_ref().map(|m| &m.kind)
    }

    fn modal_mut(&mut self) -> Option<&mut ModalKind> {
        self.modal.as_mut().map(|m| &mut m.kind)
    }

    fn on_mouse(&mut self, pointer: Pointer, ctx: &PaneContext) -> Option<Vec<Effect>> {
        self.on_pointer(pointer, ctx)
    }

    fn on_key(&mut self, key: &KeyEvent, ctx: &PaneContext) -> Option<Vec<Effect>> {
        if self.modal.is_some() {
            return Some(self.on_modal_key(key, ctx));
        }
        if key.code == KeyCode::Esc {
            return self.on_escape();
        }
        let action = lookup(keys::section(self.focus), key).or_else(|| lookup(keys::ANYWHERE, key))?;
        Some(self.on_action(action, ctx))
    }

    fn on_paste(&mut self, text: &str, ctx: &PaneContext) -> Option<Vec<Effect>> {
        self.modal.is_some().then(|| self.on_modal_paste(text, ctx))
    }

    fn on_tick(&mut self, ctx: &PaneContext) -> Vec<Effect> {
        self.retry_if_due(ctx)
    }

    fn on_token_changed(&mut self, ctx: &PaneContext) -> Vec<Effect> {
        let scopes = ctx.token.map(|t| t.inspection.claims.scopes.as_slice()).unwrap_or_default();
        self.list.set_scopes(scopes);
        self.foreign_accepted = None;
        // An "expect 403" (or any other note) was about the previous token's scopes.
        self.message = None;
        // A confirmation named the identity of the previous token: it is not sent with another.
        if self.modal.as_ref().is_some_and(|m| matches!(m.purpose, Purpose::Confirm(_))) {
            self.modal = None;
            let notice = Notice::info("The token changed: the confirmation was closed and nothing was sent.");
            return vec![Effect::Notice(notice)];
        }
        Vec::new()
    }

    fn lay_out(&mut self, area: Rect, ctx: &PaneContext) {
        self.compute_layout(area, ctx);
    }

    fn follows_clock(&self, ctx: &PaneContext) -> bool {
        self.call.shows_countdown(ctx.now)
    }
}
