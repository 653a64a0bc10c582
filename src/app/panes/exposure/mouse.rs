//! The Exposure pane under the pointer: in the list of clients a click selects the client
//! under it and a second click tells its story (as Enter); the wheel moves the list's
//! selection a row at a time, or scrolls the story three rows.

use super::{ExposurePane, View};
use crate::app::context::PaneContext;
use crate::app::panes::effect::Effect;
use crate::app::pointer::{Pointer, WHEEL_ROWS, boxed_row};

impl ExposurePane {
    pub(super) fn on_pointer(&mut self, pointer: Pointer, ctx: &PaneContext) -> Option<Vec<Effect>> {
        if !pointer.within(self.body_area) {
            return None;
        }
        let listing = self.view == View::List && self.list.is_some();
        match pointer {
            Pointer::Wheel { .. } => {
                self.scroll_by(pointer.wheel(if listing { 1 } else { WHEEL_ROWS }).unwrap_or(0));
                Some(Vec::new())
            }
            Pointer::Click { y, .. } if listing => {
                let row = boxed_row(self.body_area, 0, self.scroll, self.rows.len(), y)?;
                let list = self.list.as_mut()?;
                // The list's rows end the body: a failure's rows and the heading come first.
                let first_client = self.rows.len().checked_sub(list.ranking.clients.len())?;
                let client = row.checked_sub(first_client)?;
                if client == list.selected {
                    return Some(self.open_selected(ctx));
                }
                list.selected = client;
                Some(Vec::new())
            }
            Pointer::Click { .. } => None,
        }
    }
}
