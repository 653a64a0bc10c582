//! Where a click or a turn of the wheel goes, in the order keys go: an open modal takes it
//! (the global one, else the focused pane's); else the tab bar switches panes; else the
//! focused pane acts on what is under the pointer. Anything else (a move, a drag, a release)
//! changes nothing and draws nothing.

use super::effects;
use super::keys::{on_global_modal_key, on_pane_key};
use crate::app::cmd::Cmd;
use crate::app::model::Model;
use crate::app::pointer::Pointer;
use crate::app::tabs::tab_at;
use crossterm::event::MouseEvent;

pub(super) fn on_mouse(model: &mut Model, event: &MouseEvent) -> Vec<Cmd> {
    let Some(pointer) = Pointer::from_event(event) else { return Vec::new() };
    let layout = model.screen.layout;
    if layout.too_small() {
        return Vec::new();
    }
    model.dirty = true;
    let screen = layout.screen;
    if let Some(modal) = model.modal.as_mut() {
        return match modal.kind.on_mouse(pointer, screen) {
            Some(key) => on_global_modal_key(model, &key),
            None => Vec::new(),
        };
    }
    let focus = model.focus;
    if let Some(modal) = model.panes.get_mut(focus).modal_mut() {
        return match modal.on_mouse(pointer, screen) {
            Some(key) => on_pane_key(model, &key),
            None => Vec::new(),
        };
    }
    if let Pointer::Click { x, .. } = pointer
        && pointer.within(layout.tabs)
    {
        if let Some(pane) = tab_at(model, x) {
            model.focus = pane;
        }
        return Vec::new();
    }
    if !pointer.within(layout.pane) {
        return Vec::new();
    }
    let (panes, ctx) = model.split();
    match panes.get_mut(focus).on_mouse(pointer, &ctx) {
        Some(effects) => effects::apply(model, effects),
        None => Vec::new(),
    }
}
