//! The pane's modal states (filter, field editor, picker, confirmation, body search) and
//! their key handling. While one is open the pane takes every key.

use super::form::{RowRef, StoreError, pick_options_naming_clients};
use super::prepared::PreparedCall;
use super::{ApiContext, ApiEffect, ApiPane};
use crate::app::text_area::TextArea;
use crate::app::text_input::{InputOutcome, TextInput};
use crate::domain::sanitize::escape_control;
use crossterm::event::{KeyCode, KeyEvent};
use serde_json::Value;

/// A call waiting for its typed confirmation.
#[derive(Debug, Clone, PartialEq)]
pub struct Confirmation {
    pub call: PreparedCall,
    /// What will happen, then what will not (escaped, one line each).
    pub text: String,
    /// What must be typed: the target's id, the method for calls without one, or the foreign
    /// tenant's host.
    pub expected: String,
    pub input: TextInput,
    pub purpose: ConfirmPurpose,
}

/// How many trailing characters of a long id confirm a destructive call (`…a1b2c3`).
pub const CONFIRM_SUFFIX: usize = 6;

impl Confirmation {
    /// The tail of the id that also confirms a destructive call, when the id is longer than it.
    /// A foreign tenant's host must be typed in full.
    pub fn accepted_suffix(&self) -> Option<&str> {
        if self.purpose != ConfirmPurpose::Destructive {
            return None;
        }
        let count = self.expected.chars().count();
        (count > CONFIRM_SUFFIX)
            .then(|| {
                self.expected.char_indices().nth(count - CONFIRM_SUFFIX).map(|(at, _)| &self.expected[at..])
            })
            .flatten()
    }

    /// Whether `typed` confirms: the whole expected text, or the suffix where one is accepted.
    pub fn accepts(&self, typed: &str) -> bool {
        let typed = typed.trim();
        typed == self.expected || self.accepted_suffix().is_some_and(|suffix| typed == suffix)
    }
}

/// Why a call waits for a typed confirmation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfirmPurpose {
    /// The call changes the tenant (DELETE, rotate-secret, …).
    Destructive,
    /// The active profile's tenant did not issue the token. `token_tenant` is where the token
    /// belongs (None when it names no tenant); Tab sends the call there instead.
    ForeignTenant { token_tenant: Option<String>, target: String },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Mode {
    None,
    Filter(TextInput),
    Edit {
        input: TextInput,
        error: Option<StoreError>,
    },
    /// The JSON body, in the multi-line editor (Enter breaks the line, Ctrl-S keeps it).
    EditBody {
        area: TextArea,
        error: Option<StoreError>,
    },
    Pick {
        field: usize,
        options: Vec<(String, String)>,
        selected: usize,
    },
    Confirm(Box<Confirmation>),
    Search(TextInput),
}

impl ApiPane {
    /// True while a text field (filter, parameter, body, confirmation, search) is being edited.
    pub fn accepts_paste(&self) -> bool {
        matches!(
            self.mode,
            Mode::Filter(_) | Mode::Edit { .. } | Mode::EditBody { .. } | Mode::Confirm(_) | Mode::Search(_)
        )
    }

    pub fn on_paste(&mut self, text: &str) {
        if let Mode::EditBody { area, .. } = &mut self.mode {
            // Only the JSON body may hold line breaks; elsewhere they would be pasted garbage.
            area.insert(text);
            return;
        }
        let text: String = text.chars().filter(|c| *c != '\n' && *c != '\r').collect();
        match &mut self.mode {
            Mode::Filter(input) => {
                input.insert(&text);
                self.list.set_filter(input.text());
            }
            Mode::Edit { input, .. } | Mode::Search(input) => input.insert(&text),
            Mode::Confirm(confirm) => confirm.input.insert(&text),
            Mode::None | Mode::Pick { .. } | Mode::EditBody { .. } => {}
        }
    }

    /// True while the pane wants every key (text editing, picker, confirmation).
    pub fn captures_keys(&self) -> bool {
        self.mode != Mode::None
    }

    /// Hands `key` to the open mode; `None` when no mode is open.
    pub(super) fn on_mode_key(&mut self, key: &KeyEvent, context: &ApiContext) -> Option<Vec<ApiEffect>> {
        match std::mem::replace(&mut self.mode, Mode::None) {
            Mode::None => return None,
            Mode::Filter(input) => self.on_filter_key(input, key),
            Mode::Edit { input, error } => self.on_edit_key(input, error, key),
            Mode::EditBody { area, error } => self.on_body_key(area, error, key),
            Mode::Pick { field, options, selected } => self.on_pick_key(field, options, selected, key),
            Mode::Confirm(confirm) => return Some(self.on_confirm_key(*confirm, key, context)),
            Mode::Search(input) => self.on_search_key(input, key, context.page()),
        }
        Some(Vec::new())
    }

    fn on_filter_key(&mut self, mut input: TextInput, key: &KeyEvent) {
        match input.handle_key(key) {
            InputOutcome::Submitted(_) => {}
            InputOutcome::Cancelled => self.list.set_filter(""),
            InputOutcome::Edited | InputOutcome::Ignored => {
                self.list.set_filter(input.text());
                self.mode = Mode::Filter(input);
            }
        }
    }

    fn on_edit_key(&mut self, mut input: TextInput, error: Option<StoreError>, key: &KeyEvent) {
        match input.handle_key(key) {
            InputOutcome::Submitted(text) => {
                let stored = self.selected_form_mut().map(|f| f.store_current(&text)).unwrap_or(Ok(()));
                if let Err(error) = stored {
                    self.mode = Mode::Edit { input, error: Some(error) };
                }
            }
            InputOutcome::Cancelled => {
                // A row added with `+` and left without a key is dropped again.
                if let Some(form) = self.selected_form_mut()
                    && let Some(RowRef::Extra(i)) = form.row()
                    && form.extra[i].0.is_empty()
                {
                    form.remove_current_extra();
                }
            }
            InputOutcome::Edited => self.mode = Mode::Edit { input, error: None },
            InputOutcome::Ignored => self.mode = Mode::Edit { input, error },
        }
    }

    fn on_body_key(&mut self, mut area: TextArea, error: Option<StoreError>, key: &KeyEvent) {
        match area.handle_key(key) {
            InputOutcome::Submitted(text) => self.keep_body(area, &text),
            InputOutcome::Cancelled => {}
            InputOutcome::Edited => self.mode = Mode::EditBody { area, error: None },
            InputOutcome::Ignored => self.mode = Mode::EditBody { area, error },
        }
    }

    /// Stores `text` as the body when it is JSON; otherwise keeps the editor open on it with
    /// the error.
    fn keep_body(&mut self, area: TextArea, text: &str) {
        let Some(form) = self.selected_form_mut() else { return };
        form.cursor = form.rows().saturating_sub(1);
        if let Err(error) = form.store_current(text) {
            self.mode = Mode::EditBody { area, error: Some(error) };
        }
    }

    /// The body the external editor saved: kept when it is JSON, else shown in the editor
    /// with the error. Returns the notice to show.
    pub fn on_body_edited(&mut self, text: &str) -> String {
        if self.selected_form().is_none_or(|f| f.body.is_none()) {
            return "The selected operation takes no body any more; the edited text was dropped.".to_owned();
        }
        self.focus = super::Focus::Form;
        self.keep_body(TextArea::with_text(text), text);
        if matches!(self.mode, Mode::EditBody { .. }) {
            "The edited body is not JSON: fix it here (Ctrl-S keeps it, Esc drops it).".to_owned()
        } else {
            "Body taken from the editor.".to_owned()
        }
    }

    pub(super) fn open_picker(&mut self, context: &ApiContext) {
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
        let body = self.response().and_then(|r| serde_json::from_str::<Value>(&r.body).ok());
        // A client's name from this session's `/clients` answers, else the profile that uses it.
        let client_name = |id: &str| {
            self.call.client_names.get(id).cloned().or_else(|| {
                context
                    .profiles
                    .iter()
                    .find(|(client, _)| client == id)
                    .map(|(_, p)| format!("of profile {p}"))
            })
        };
        let options =
            body.map(|b| pick_options_naming_clients(&b, &source, &client_name)).unwrap_or_default();
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

    fn on_search_key(&mut self, mut input: TextInput, key: &KeyEvent, page: usize) {
        match input.handle_key(key) {
            InputOutcome::Submitted(query) => {
                let Some(response) = self.call.response.as_mut() else { return };
                response.search(&query, page);
                if let Some(search) = response.search.as_ref().filter(|s| s.matches.is_empty()) {
                    let text = format!("No match for “{}”.", escape_control(&search.query));
                    self.say(text);
                }
            }
            InputOutcome::Cancelled => {
                if let Some(response) = self.call.response.as_mut() {
                    response.search = None;
                }
            }
            InputOutcome::Edited | InputOutcome::Ignored => self.mode = Mode::Search(input),
        }
    }

    fn on_confirm_key(
        &mut self,
        mut confirm: Confirmation,
        key: &KeyEvent,
        context: &ApiContext,
    ) -> Vec<ApiEffect> {
        if let (KeyCode::Tab, ConfirmPurpose::ForeignTenant { token_tenant: Some(own), .. }) =
            (key.code, &confirm.purpose)
        {
            let own = own.clone();
            self.call.checkpoint_history.clear();
            return self.send_to(confirm.call, context, own);
        }
        match confirm.input.handle_key(key) {
            InputOutcome::Submitted(typed) if confirm.accepts(&typed) => {
                self.call.checkpoint_history.clear();
                if let ConfirmPurpose::ForeignTenant { token_tenant, target } = confirm.purpose {
                    self.foreign_accepted = Some((token_tenant.unwrap_or_default(), target));
                }
                self.send(confirm.call, context)
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
}
