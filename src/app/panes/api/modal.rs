//! The API pane's modals: the operation filter, the field and body editors, the value picker,
//! the response search and the confirmations. The modal takes every key; what an answer means
//! is decided here.

use super::ApiPane;
use super::form::{RowRef, StoreError, pick_options_naming_clients};
use super::keys::Focus;
use super::prepared::PreparedCall;
use crate::app::context::PaneContext;
use crate::app::modal::{Answer, Modal, ModalEvent, ModalKind, Picker, Question, Reply};
use crate::app::notice::Notice;
use crate::app::panes::effect::Effect;
use crate::domain::sanitize::escape_control;
use serde_json::Value;

/// What an open modal of the pane is for.
#[derive(Debug, Clone, PartialEq)]
pub enum Purpose {
    /// The operation filter (live: the list follows each key).
    Filter,
    /// The form row under the cursor, one line.
    Field,
    /// The JSON body, in the multi-line editor.
    Body,
    /// A value for form field `field` from the last response.
    Pick { field: usize },
    /// A search in the response body.
    Search,
    /// A call waiting for its confirmation.
    Confirm(Box<Pending>),
}

/// A call held by a confirmation, and how far through its checks it got.
#[derive(Debug, Clone, PartialEq)]
pub struct Pending {
    pub call: PreparedCall,
    pub stage: Stage,
}

/// The checks a call passes before it is sent, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stage {
    /// Nothing checked yet: first, whether the active profile's tenant issued the token.
    Tenant,
    /// The tenant is settled; a call that changes it still needs its confirmation.
    Change { target: String },
    /// Every confirmation given: send to `target`.
    Confirmed { target: String },
}

impl ApiPane {
    pub(super) fn open(&mut self, kind: ModalKind, purpose: Purpose) {
        self.modal = Some(Modal::new(kind, purpose));
    }

    /// A key for the open modal (every key goes to it).
    pub(super) fn on_modal_key(
        &mut self,
        key: &crossterm::event::KeyEvent,
        ctx: &PaneContext,
    ) -> Vec<Effect> {
        let Some(modal) = self.modal.as_mut() else { return Vec::new() };
        let event = modal.on_key(key);
        self.on_modal_event(event, ctx)
    }

    /// Pasted text for the open modal.
    pub(super) fn on_modal_paste(&mut self, text: &str, ctx: &PaneContext) -> Vec<Effect> {
        let Some(modal) = self.modal.as_mut() else { return Vec::new() };
        let event = modal.on_paste(text);
        self.on_modal_event(event, ctx)
    }

    fn on_modal_event(&mut self, event: ModalEvent, ctx: &PaneContext) -> Vec<Effect> {
        match event {
            ModalEvent::Stay => Vec::new(),
            ModalEvent::Edited(text) => {
                if self.modal.as_ref().is_some_and(|m| m.purpose == Purpose::Filter) {
                    self.list.set_filter(&text);
                }
                Vec::new()
            }
            // The modal is taken out before its answer is handled: handling it may open the
            // next one (a confirmation after another), or put it back with a reason.
            ModalEvent::Cancelled => match self.modal.take() {
                Some(modal) => self.on_cancel(modal.purpose),
                None => Vec::new(),
            },
            ModalEvent::Alternative => match self.modal.take() {
                Some(modal) => self.on_alternative(modal.purpose, ctx),
                None => Vec::new(),
            },
            ModalEvent::Submitted(answer) => {
                let Some(mut modal) = self.modal.take() else { return Vec::new() };
                match self.on_answer(modal.purpose.clone(), answer, ctx) {
                    Reply::Close(effects) => effects,
                    Reply::Refuse(reason) => {
                        modal.kind.refuse(reason);
                        self.modal = Some(modal);
                        Vec::new()
                    }
                }
            }
        }
    }

    fn on_cancel(&mut self, purpose: Purpose) -> Vec<Effect> {
        match purpose {
            Purpose::Filter => self.list.set_filter(""),
            Purpose::Field => {
                // A row added with `+` and left without a key is dropped again.
                if let Some(form) = self.selected_form_mut()
                    && let Some(RowRef::Extra(i)) = form.row()
                    && form.extra[i].0.is_empty()
                {
                    form.remove_current_extra();
                }
            }
            Purpose::Search => {
                if let Some(response) = self.call.response.as_mut() {
                    response.search = None;
                }
            }
            Purpose::Confirm(_) => {
                self.say("Cancelled. Nothing was sent.");
                return vec![Effect::Notice(Notice::info("Cancelled: nothing was sent."))];
            }
            Purpose::Body | Purpose::Pick { .. } => {}
        }
        Vec::new()
    }

    /// Tab in a foreign-tenant confirmation: the token's own tenant instead.
    fn on_alternative(&mut self, purpose: Purpose, ctx: &PaneContext) -> Vec<Effect> {
        let Purpose::Confirm(pending) = purpose else { return Vec::new() };
        let Some(own) = self.foreign_own_tenant(ctx) else { return Vec::new() };
        self.after_confirm(pending.call, Stage::Change { target: own }, ctx)
    }

    fn foreign_own_tenant(&self, ctx: &PaneContext) -> Option<String> {
        match ctx.tenant_verdict()? {
            crate::domain::issuing_tenant::TenantVerdict::Foreign { token_tenant, .. } => Some(token_tenant),
            _ => None,
        }
    }

    /// Continues a call after a confirmation: the next check may open another modal.
    fn after_confirm(&mut self, call: PreparedCall, stage: Stage, ctx: &PaneContext) -> Vec<Effect> {
        self.route(call, stage, ctx)
    }

    fn on_answer(&mut self, purpose: Purpose, answer: Answer, ctx: &PaneContext) -> Reply<Effect> {
        match (purpose, answer) {
            (Purpose::Filter, _) => Reply::Close(Vec::new()),
            (Purpose::Field, Answer::Text(text)) => {
                match self.selected_form_mut().map(|f| f.store_current(&text)).unwrap_or(Ok(())) {
                    Ok(()) => Reply::Close(Vec::new()),
                    Err(error) => Reply::Refuse(error.to_string()),
                }
            }
            (Purpose::Body, Answer::Text(text)) => match self.store_body(&text) {
                Ok(()) => Reply::Close(Vec::new()),
                Err(reason) => Reply::Refuse(reason.to_string()),
            },
            (Purpose::Pick { field }, Answer::Picked(value)) => {
                if let Some(f) = self.selected_form_mut().and_then(|form| form.fields.get_mut(field)) {
                    f.value = value;
                }
                Reply::Close(Vec::new())
            }
            (Purpose::Search, Answer::Text(query)) => {
                let Some(response) = self.call.response.as_mut() else { return Reply::Close(Vec::new()) };
                response.search(&query);
                // The first match at or after what is on screen.
                let first_row = response.scroll;
                let rows = &self.layout.body_rows;
                if let Some(search) = response.search.as_mut() {
                    search.current =
                        search.matches.iter().position(|&line| rows.start(line) >= first_row).unwrap_or(0);
                }
                match response.current_match() {
                    Some(line) => self.show_line(line),
                    None if !query.is_empty() => {
                        self.say(format!("No match for “{}”.", escape_control(&query)))
                    }
                    None => {}
                }
                Reply::Close(Vec::new())
            }
            (Purpose::Confirm(pending), Answer::Confirmed) => {
                let next = match pending.stage {
                    Stage::Tenant => {
                        // The foreign tenant was typed: remembered for this token.
                        let (own, target) = match ctx.tenant_verdict() {
                            Some(crate::domain::issuing_tenant::TenantVerdict::Foreign {
                                token_tenant,
                                target,
                            }) => (token_tenant, target),
                            _ => (
                                String::new(),
                                ctx.active_profile().map(|p| p.domain.clone()).unwrap_or_default(),
                            ),
                        };
                        self.foreign_accepted = Some((own, target.clone()));
                        Stage::Change { target }
                    }
                    Stage::Change { target } | Stage::Confirmed { target } => Stage::Confirmed { target },
                };
                Reply::Close(self.after_confirm(pending.call, next, ctx))
            }
            _ => Reply::Close(Vec::new()),
        }
    }

    /// Stores `text` as the body when it is JSON; otherwise says why.
    fn store_body(&mut self, text: &str) -> Result<(), StoreError> {
        let Some(form) = self.selected_form_mut() else { return Ok(()) };
        form.cursor = form.rows().saturating_sub(1);
        form.store_current(text)
    }

    /// The body the external editor saved: kept when it is JSON, else opened in the editor with
    /// the reason. Returns the notice to show.
    pub fn on_body_edited(&mut self, text: &str) -> Notice {
        if self.selected_form().is_none_or(|f| f.body.is_none()) {
            return Notice::error(
                "The selected operation takes no body any more; the edited text was dropped.",
            );
        }
        self.focus = Focus::Form;
        match self.store_body(text) {
            Ok(()) => Notice::info("Body taken from the editor."),
            Err(reason) => {
                let mut kind = ModalKind::text("Edit body (JSON)", text);
                kind.refuse(reason.to_string());
                self.open(kind, Purpose::Body);
                Notice::error("The edited body is not JSON: fix it here (Ctrl-S keeps it, Esc drops it).")
            }
        }
    }

    pub(super) fn open_picker(&mut self, ctx: &PaneContext) {
        let (Some(endpoint), Some(form)) = (self.list.selected_endpoint(), self.selected_form()) else {
            return;
        };
        let Some(RowRef::Field(field)) = form.row() else {
            self.say("Move to a parameter that names an id to pick one.");
            return;
        };
        let name = form.fields[field].name.clone();
        let Some(source) = endpoint.param(&name).and_then(|p| p.pick_from.clone()) else {
            self.say(format!("`{name}` has nothing to pick from; type it with Enter."));
            return;
        };
        let body = self.call.response.as_ref().and_then(|r| serde_json::from_str::<Value>(&r.body).ok());
        // A client's name from this session's `/clients` answers, else the profile that uses it.
        let names = &self.call.client_names;
        let client_name = |id: &str| {
            names.get(id).cloned().or_else(|| {
                ctx.profiles.iter().find(|p| p.client_id == id).map(|p| format!("of profile {}", p.name))
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
        let title = format!("Pick {name} from the last response");
        self.open(ModalKind::Pick(Picker::new(title, options)), Purpose::Pick { field });
    }

    /// Whether the open modal is a confirmation of a foreign tenant (for the footer).
    pub fn confirming_foreign(&self) -> bool {
        matches!(self.modal.as_ref().map(|m| &m.kind), Some(ModalKind::Confirm(c)) if matches!(c.question, Question::ForeignTenant { .. }))
    }
}
