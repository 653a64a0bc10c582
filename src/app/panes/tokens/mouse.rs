//! The Tokens pane under the pointer: a click on a profile or a token selects it (the list
//! takes the keyboard), a second click acts as Enter (make the profile active, inspect the
//! token); a click in the difference moves its cursor there (the difference takes the
//! keyboard), a click on a group's ▸/▾ or a second click on the group opens or closes it. The
//! wheel moves the list's selection a row at a time and scrolls the difference.

use super::{Section, TokensPane};
use crate::app::context::PaneContext;
use crate::app::panes::effect::Effect;
use crate::app::pointer::{Pointer, boxed_row};

impl TokensPane {
    pub(super) fn on_pointer(&mut self, pointer: Pointer, ctx: &PaneContext) -> Option<Vec<Effect>> {
        self.profile_count = ctx.profiles.len();
        let layout = self.layout;
        if pointer.within(layout.diff) && self.diff.is_some() {
            self.section = Section::Diff;
            return Some(self.on_diff_pointer(pointer));
        }
        let row = match pointer {
            Pointer::Wheel { .. } if pointer.within(layout.profiles) || pointer.within(layout.history) => {
                self.section = Section::List;
                return Some(self.moved(pointer.wheel(1).unwrap_or(0), ctx.now));
            }
            Pointer::Click { y, .. } if pointer.within(layout.profiles) => {
                boxed_row(layout.profiles, 0, layout.profiles_top, self.profile_count, y)?
            }
            Pointer::Click { y, .. } if pointer.within(layout.history) => {
                self.profile_count + boxed_row(layout.history, 0, layout.history_top, self.history.len(), y)?
            }
            _ => return None,
        };
        self.section = Section::List;
        if row == self.selected {
            return Some(self.choose(ctx));
        }
        let delta = isize::try_from(row).unwrap_or(isize::MAX) - isize::try_from(self.selected).unwrap_or(0);
        Some(self.moved(delta, ctx.now))
    }

    fn on_diff_pointer(&mut self, pointer: Pointer) -> Vec<Effect> {
        if self.diff_view.on_pointer(self.layout.diff, pointer) {
            self.diff_width = None;
        }
        Vec::new()
    }
}
