//! The Inspector: the countdown, the signature and the grant line on top, then the decoded
//! token in one scrollable body.

pub mod body;
pub mod grant;
mod keys;
pub mod summary;

use super::{Footer, Pane};
use crate::app::context::PaneContext;
use crate::app::keys::{documented, lookup};
use crate::app::modal::help::HelpSection;
use crate::app::notice::Notice;
use crate::app::panes::effect::Effect;
use crate::app::pointer::{Pointer, WHEEL_ROWS};
use crate::domain::grant_drift::{DriftUnknown, TenantAnswer};
use body::BodyLayout;
use crossterm::event::{KeyCode, KeyEvent};
use grant::{GrantLine, GrantState};
use keys::{Action, KEYS};
use ratatui::layout::{Constraint, Layout, Rect};

/// Rows of the countdown box without the grant line: borders, the headline, the gauge and the
/// signature.
const COUNTDOWN_ROWS: u16 = 5;

#[derive(Debug, Clone, Default)]
pub struct InspectorPane {
    /// The body's first visible row, kept within the body by `lay_out`.
    pub(crate) scroll: usize,
    /// The body laid out for the inspected token at the body's width.
    pub(crate) body: Option<BodyLayout>,
    pub(crate) grant: GrantState,
    /// The grant line as laid out for the countdown box's width.
    pub(crate) grant_line: Option<GrantLine>,
    /// The summary row, the countdown box (with the grant line) and the body box.
    pub(crate) summary_area: Rect,
    pub(crate) countdown_area: Rect,
    pub(crate) body_area: Rect,
    /// The summary row's parts, laid out for its width.
    pub(crate) summary: Vec<summary::Part>,
}

impl InspectorPane {
    /// Rows of the body that are on screen.
    pub fn visible_rows(&self) -> usize {
        usize::from(self.body_area.height.saturating_sub(2))
    }

    /// The largest useful scroll offset.
    pub fn max_scroll(&self) -> usize {
        self.body.as_ref().map_or(0, |b| b.total_rows().saturating_sub(self.visible_rows()))
    }

    fn scroll_by(&mut self, delta: isize) {
        self.scroll = self.scroll.saturating_add_signed(delta).min(self.max_scroll());
    }

    /// Scrolls the body to where `jump` leads; a notice when the token has no such section.
    fn jump(&mut self, jump: summary::Jump, ctx: &PaneContext) -> Vec<Effect> {
        let row = match (self.body.as_ref(), ctx.token) {
            (Some(body), Some(token)) => jump.row(body, token),
            _ => None,
        };
        match row {
            Some(row) => {
                self.scroll = row.min(self.max_scroll());
                Vec::new()
            }
            None => {
                let what = match jump {
                    summary::Jump::Privileged => "This token holds no privileged scope.",
                    summary::Jump::Warnings => "This token has no warnings.",
                    _ => "Nothing to jump to: no token yet.",
                };
                vec![Effect::Notice(crate::app::notice::Notice::info(what))]
            }
        }
    }

    /// The tenant's answer to the grant check in flight.
    pub fn on_drift_checked(&mut self, result: Result<TenantAnswer, DriftUnknown>, now: i64) {
        self.grant.on_checked(result, now);
    }
}

impl Pane for InspectorPane {
    fn help() -> Vec<HelpSection> {
        vec![HelpSection { heading: "Inspector pane".to_owned(), rows: documented(KEYS).collect() }]
    }

    fn footer(&self, ctx: &PaneContext) -> Footer {
        if ctx.token.is_none() {
            return Footer {
                section: "Inspector",
                keys: &[
                    ("paste", "a token"),
                    ("e", "type one"),
                    ("f", "fetch"),
                    ("?", "help"),
                    ("q", "quit"),
                ],
            };
        }
        Footer {
            section: "Inspector",
            keys: &[
                ("↑↓", "scroll"),
                ("e", "edit"),
                ("c", "copy"),
                ("f", "fetch"),
                ("v", "verify"),
                ("d", "grant"),
                ("s o p w t", "jump"),
                ("?", "help"),
                ("E", "encode"),
                ("q", "quit"),
            ],
        }
    }

    fn on_key(&mut self, key: &KeyEvent, ctx: &PaneContext) -> Option<Vec<Effect>> {
        if key.code == KeyCode::Esc {
            return self.grant.cancel();
        }
        let page = self.visible_rows().max(1) as isize;
        match lookup(KEYS, key)? {
            Action::ScrollDown => self.scroll_by(1),
            Action::ScrollUp => self.scroll_by(-1),
            Action::PageDown => self.scroll_by(page),
            Action::PageUp => self.scroll_by(-page),
            Action::Top => self.scroll = 0,
            Action::Bottom => self.scroll = self.max_scroll(),
            Action::CheckDrift => return Some(self.grant.check_now(ctx)),
            Action::Jump(jump) => return Some(self.jump(jump, ctx)),
            Action::Encode if ctx.token.is_none() => {
                let notice = Notice::info("No token to start from: paste one, e types one, f fetches one.");
                return Some(vec![Effect::Notice(notice)]);
            }
            Action::Encode => return Some(vec![Effect::Encode]),
        }
        Some(Vec::new())
    }

    fn on_mouse(&mut self, pointer: Pointer, ctx: &PaneContext) -> Option<Vec<Effect>> {
        match pointer {
            // The summary row is drawn one column in from the pane's edge.
            Pointer::Click { x, .. } if pointer.within(self.summary_area) => {
                let column = x.checked_sub(self.summary_area.x + 1)?;
                let jump = summary::part_at(&self.summary, column)?.jump;
                Some(self.jump(jump, ctx))
            }
            Pointer::Wheel { .. } if pointer.within(self.body_area) => {
                self.scroll_by(pointer.wheel(WHEEL_ROWS).unwrap_or(0));
                Some(Vec::new())
            }
            _ => None,
        }
    }

    fn on_tick(&mut self, ctx: &PaneContext) -> Vec<Effect> {
        self.grant.on_tick(ctx.now);
        Vec::new()
    }

    fn on_token_changed(&mut self, ctx: &PaneContext) -> Vec<Effect> {
        self.scroll = 0;
        self.body = None;
        self.grant.on_token_changed(ctx)
    }

    fn lay_out(&mut self, area: Rect, ctx: &PaneContext) {
        let Some(token) = ctx.token else {
            self.body = None;
            self.grant_line = None;
            self.summary = Vec::new();
            self.summary_area = Rect::default();
            self.countdown_area = Rect::default();
            self.body_area = area;
            self.scroll = 0;
            return;
        };
        // The summary row first: what matters about this token, visible at any size.
        let [summary_area, area] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
        self.summary_area = summary_area;
        self.summary = summary::parts(token, ctx.now, summary_area.width.saturating_sub(1));
        let active = ctx.active_profile().map(|p| p.name.as_str());
        let grant_line = self.grant.line(&token.inspection, area.width.saturating_sub(2), active);
        let grant_rows = u16::try_from(grant_line.height()).unwrap_or(1);
        self.grant_line = Some(grant_line);
        let [countdown, body] =
            Layout::vertical([Constraint::Length(COUNTDOWN_ROWS + grant_rows), Constraint::Min(3)])
                .areas(area);
        self.countdown_area = countdown;
        self.body_area = body;
        let width = body.width.saturating_sub(2);
        if !self.body.as_ref().is_some_and(|b| b.fits(token, width, ctx.now, ctx.utc_offset)) {
            self.body = Some(BodyLayout::new(token, width, ctx.now, ctx.utc_offset));
        }
        self.scroll = self.scroll.min(self.max_scroll());
    }

    fn follows_clock(&self, ctx: &PaneContext) -> bool {
        ctx.token.is_some()
    }
}
