//! Where a key or a paste goes, in order: Ctrl-C quits from anywhere; an open modal (the
//! global one, or the focused pane's) takes every key; then the global keys; then the focused
//! pane; then Esc's global meaning (cancel a token fetch, dismiss the notice).

use super::effects;
use super::session;
use crate::app::cmd::Cmd;
use crate::app::global_keys::{GlobalAction, global_action, help_sections};
use crate::app::keys::is_interrupt;
use crate::app::modal::{Answer, Help, Modal, ModalEvent, ModalKind};
use crate::app::model::{GlobalPurpose, Model};
use crate::app::notice::Notice;
use crate::app::panes::CopiedToken;
use crate::app::token::TokenOrigin;
use crossterm::event::{KeyCode, KeyEvent};

pub(super) fn on_key(model: &mut Model, key: &KeyEvent) -> Vec<Cmd> {
    if is_interrupt(key) {
        model.should_quit = true;
        return Vec::new();
    }
    if model.modal.is_some() {
        model.dirty = true;
        return on_global_modal_key(model, key);
    }
    let focus = model.focus;
    if model.panes.get(focus).modal().is_some() {
        // The pane's modal takes every key, global ones included.
        model.dirty = true;
        return on_pane_key(model, key);
    }
    if let Some(action) = global_action(key) {
        model.dirty = true;
        return on_global(model, action);
    }
    let (panes, ctx) = model.split();
    if let Some(effects) = panes.get_mut(focus).on_key(key, &ctx) {
        model.dirty = true;
        return effects::apply(model, effects);
    }
    if key.code == KeyCode::Esc {
        model.dirty = true;
        return on_escape(model);
    }
    Vec::new()
}

/// A paste is one edit: into the open modal's text, or the pane's own use of it, or it
/// replaces the token. It never acts as keys.
pub(super) fn on_paste(model: &mut Model, text: String) -> Vec<Cmd> {
    model.dirty = true;
    if let Some(modal) = model.modal.as_mut() {
        let event = modal.on_paste(&text);
        return on_global_modal_event(model, event);
    }
    let focus = model.focus;
    let (panes, ctx) = model.split();
    if let Some(effects) = panes.get_mut(focus).on_paste(&text, &ctx) {
        return effects::apply(model, effects);
    }
    session::load_token(model, text, TokenOrigin::Pasted).unwrap_or_default()
}

/// A key for the focused pane (its modal, when one is open).
pub(super) fn on_pane_key(model: &mut Model, key: &KeyEvent) -> Vec<Cmd> {
    let focus = model.focus;
    let (panes, ctx) = model.split();
    let effects = panes.get_mut(focus).on_key(key, &ctx).unwrap_or_default();
    effects::apply(model, effects)
}

pub(super) fn on_global_modal_key(model: &mut Model, key: &KeyEvent) -> Vec<Cmd> {
    let Some(modal) = model.modal.as_mut() else { return Vec::new() };
    let event = modal.on_key(key);
    on_global_modal_event(model, event)
}

fn on_global_modal_event(model: &mut Model, event: ModalEvent) -> Vec<Cmd> {
    let Some(purpose) = model.modal.as_ref().map(|m| m.purpose) else { return Vec::new() };
    match (purpose, event) {
        (_, ModalEvent::Cancelled) => {
            model.modal = None;
            Vec::new()
        }
        (GlobalPurpose::EditToken, ModalEvent::Submitted(Answer::Text(text))) => {
            match session::load_token(model, text, TokenOrigin::Typed) {
                Ok(cmds) => {
                    model.modal = None;
                    cmds
                }
                // The prompt stays open with the reason; the previous token is kept.
                Err(reason) => {
                    if let Some(modal) = model.modal.as_mut() {
                        modal.kind.refuse(reason.to_string());
                    }
                    Vec::new()
                }
            }
        }
        _ => Vec::new(),
    }
}

fn on_global(model: &mut Model, action: GlobalAction) -> Vec<Cmd> {
    match action {
        GlobalAction::Quit => model.should_quit = true,
        GlobalAction::Help => {
            model.modal =
                Some(Modal::new(ModalKind::Help(Help::new(help_sections(model.focus))), GlobalPurpose::Help));
        }
        GlobalAction::Show(pane) => model.focus = pane,
        GlobalAction::NextPane => model.focus = model.focus.next(),
        GlobalAction::EditToken => {
            // The current token starts selected: typing or pasting replaces it.
            let current = model.token.as_ref().map(|t| t.raw()).unwrap_or("");
            let kind = ModalKind::line("token · Enter decodes", current, false);
            model.modal = Some(Modal::new(kind, GlobalPurpose::EditToken));
        }
        // A pane with a token of its own (the encoder's new one) copies that one.
        GlobalAction::CopyToken => {
            match (model.panes.get(model.focus).copied_token(), model.token.as_ref()) {
                (CopiedToken::Own { what, raw }, _) => {
                    return vec![Cmd::Copy { what: what.to_owned(), text: raw.to_owned() }];
                }
                (CopiedToken::NotYet(why), _) => model.notice = Some(Notice::info(why)),
                (CopiedToken::Inspected, Some(token)) => {
                    return vec![Cmd::Copy { what: "the token".to_owned(), text: token.raw().to_owned() }];
                }
                (CopiedToken::Inspected, None) => {
                    model.notice = Some(Notice::error("Nothing to copy: no token yet."))
                }
            }
        }
        GlobalAction::Fetch => return session::start_fetch(model, false),
        GlobalAction::Verify => return session::explicit_verify(model),
        GlobalAction::ToggleAutoRenew => {
            model.session.auto_renew = !model.session.auto_renew;
            model.session.auto_renew_failed_at = None;
            model.notice = Some(Notice::info(if model.session.auto_renew {
                "Auto-renew on: a new token is fetched when less than 5 % of the lifetime is left \
                 (tokens cannot be refreshed)."
            } else {
                "Auto-renew off."
            }));
        }
    }
    Vec::new()
}

/// Esc when the focused pane had no use for it: a token fetch in flight, else the notice.
fn on_escape(model: &mut Model) -> Vec<Cmd> {
    if let Some(pending) = model.session.fetch.take() {
        model.notice = Some(Notice::info("Token request cancelled."));
        return vec![Cmd::Cancel(pending.id)];
    }
    model.notice = None;
    Vec::new()
}
