//! The API pane under the pointer: a click on a list row, a parameter or the response gives
//! that section the keyboard and selects the row; a second click on the selected row acts as
//! Enter (a group folds or unfolds, an operation is called, a parameter opens for editing); a
//! click on a group's ▸/▾ folds or unfolds it at once. The wheel moves the list and the form
//! a row at a time and scrolls the response.

use super::keys::{Action, Focus};
use super::{ApiPane, ListRow};
use crate::app::context::PaneContext;
use crate::app::panes::effect::Effect;
use crate::app::pointer::{Pointer, WHEEL_ROWS, boxed_row};

/// Columns of a group header's fold mark (`▸ `), from the list's inner edge.
const FOLD_MARK_COLUMNS: u16 = 2;

impl ApiPane {
    pub(super) fn on_pointer(&mut self, pointer: Pointer, ctx: &PaneContext) -> Option<Vec<Effect>> {
        let layout = &self.layout;
        if pointer.within(layout.list) {
            return Some(self.on_list_pointer(pointer, ctx));
        }
        if pointer.within(layout.form) {
            return Some(self.on_form_pointer(pointer, ctx));
        }
        if pointer.within(layout.response) && self.call.response.is_some() {
            self.focus = Focus::Response;
            if let Some(rows) = pointer.wheel(WHEEL_ROWS) {
                self.move_by(rows);
            }
            return Some(Vec::new());
        }
        None
    }

    fn on_list_pointer(&mut self, pointer: Pointer, ctx: &PaneContext) -> Vec<Effect> {
        self.focus = Focus::List;
        let Pointer::Click { x, y } = pointer else {
            let delta = pointer.wheel(1).unwrap_or(0);
            self.list.move_by(delta);
            return Vec::new();
        };
        let filter_row = u16::from(!self.list.filter.is_empty());
        let Some(row) =
            boxed_row(self.layout.list, filter_row, self.layout.list_top, self.list.rows.len(), y)
        else {
            return Vec::new();
        };
        let on_fold_mark = x < self.layout.list.x + 1 + FOLD_MARK_COLUMNS;
        let again = row == self.list.selected;
        self.list.selected = row;
        match self.list.rows.get(row) {
            Some(ListRow::Group(_)) if on_fold_mark || again => self.on_action(Action::Send, ctx),
            Some(ListRow::Endpoint(_)) if again => self.on_action(Action::Send, ctx),
            _ => Vec::new(),
        }
    }

    fn on_form_pointer(&mut self, pointer: Pointer, ctx: &PaneContext) -> Vec<Effect> {
        let (area, top) = (self.layout.form, self.layout.form_top);
        // An operation without parameters has nothing to focus (→ skips it too).
        if self.selected_form().is_none_or(|f| f.rows() == 0) {
            return Vec::new();
        }
        self.focus = Focus::Form;
        let Some(form) = self.selected_form_mut() else { return Vec::new() };
        let Pointer::Click { y, .. } = pointer else {
            form.move_by(pointer.wheel(1).unwrap_or(0));
            return Vec::new();
        };
        let rows = form.rows();
        let Some(row) = boxed_row(area, 0, top, rows, y) else { return Vec::new() };
        let again = form.cursor == row;
        form.cursor = row;
        if again { self.on_action(Action::EditField, ctx) } else { Vec::new() }
    }
}
