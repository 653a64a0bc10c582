//! The Exposure pane: the story of a client's live Management API tokens, read from the tenant's
//! log (`domain::exposure`): the countdown to "all clear", where the tokens went, who knocks,
//! what they did, and one-key remedies confirmed like every change. The log is read on `r` (or
//! every 30 s while watching), never on its own, and never with a new token: the inspected one
//! when it may read the log, else one the session or the cache holds.

mod keys;
mod layout;
mod mouse;
mod read;
mod remedy;

use super::{Footer, Pane};
use crate::app::cmd::ApiRequest;
use crate::app::context::PaneContext;
use crate::app::keys::{documented, lookup};
use crate::app::modal::help::HelpSection;
use crate::app::modal::{Modal, ModalKind};
use crate::app::panes::effect::Effect;
use crate::app::pointer::Pointer;
use crate::app::text::Segment;
use crate::config::ExposureQuestion;
use crate::domain::exposure::{ExposureData, Ranking, RemedyAction, Story};
use crossterm::event::{KeyCode, KeyEvent};
use keys::{Action, KEYS};
use ratatui::layout::Rect;
use std::sync::Arc;

/// The watch reads the log again after this many seconds.
pub const WATCH_SECS: i64 = 30;
/// Two reads are never closer than this.
pub const MIN_GAP_SECS: i64 = 5;

/// What the pane shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    #[default]
    Story,
    List,
}

/// A log read in flight.
#[derive(Debug, Clone)]
pub struct PendingRead {
    pub question: ExposureQuestion,
    pub started_at: i64,
    /// Started by the watch, not by a key.
    pub by_watch: bool,
    /// The active profile then, for advice on how to get a token that may read the log.
    pub active: Option<String>,
}

/// One client's story and what it was told from.
#[derive(Debug, Clone)]
pub struct StoryView {
    pub data: Arc<ExposureData>,
    pub story: Story,
    /// The question that is asked again on `r`.
    pub question: ExposureQuestion,
    /// The token the log was read with (a remedy may use it when it has the scope).
    pub token: String,
    pub read_at: i64,
    /// Picked from the list (Esc goes back to it).
    pub from_list: bool,
}

/// Every client with a grant, riskiest first.
#[derive(Debug, Clone)]
pub struct ListView {
    pub data: Arc<ExposureData>,
    pub ranking: Ranking,
    pub question: ExposureQuestion,
    pub token: String,
    pub read_at: i64,
    pub selected: usize,
}

/// A remedy waiting for its confirmation.
#[derive(Debug, Clone, PartialEq)]
pub struct RemedyCall {
    pub action: RemedyAction,
    pub request: ApiRequest,
    /// The live tokens and when they end, for the notice after the call.
    pub live_until: String,
}

#[derive(Debug, Clone, Default)]
pub struct ExposurePane {
    pub(crate) view: View,
    pub(crate) pending: Option<PendingRead>,
    pub(crate) story: Option<StoryView>,
    pub(crate) list: Option<ListView>,
    /// Why the last read failed (escaped), and what to do about it.
    pub(crate) failure: Option<String>,
    pub(crate) watch: bool,
    /// No read starts before this (the rate limit).
    pub(crate) next_read_at: i64,
    pub(crate) scroll: usize,
    /// The header rows (the headline and the status) and the body rows, laid out for the width.
    pub(crate) header: Vec<Vec<Segment<'static>>>,
    pub(crate) rows: Vec<Vec<Segment<'static>>>,
    pub(crate) header_area: Rect,
    pub(crate) body_area: Rect,
    pub(crate) modal: Option<Modal<RemedyCall>>,
    /// The remedy sent, until its answer.
    pub(crate) remedy_in_flight: Option<RemedyCall>,
}

impl ExposurePane {
    fn visible_rows(&self) -> usize {
        usize::from(self.body_area.height.saturating_sub(2)).max(1)
    }

    fn max_scroll(&self) -> usize {
        self.rows.len().saturating_sub(self.visible_rows())
    }

    fn scroll_by(&mut self, delta: isize) {
        match (self.view, self.list.as_mut()) {
            (View::List, Some(list)) => {
                let last = list.ranking.clients.len().saturating_sub(1);
                list.selected = list.selected.saturating_add_signed(delta).min(last);
            }
            _ => self.scroll = self.scroll.saturating_add_signed(delta).min(self.max_scroll()),
        }
    }

    fn jump(&mut self, top: bool) {
        match (self.view, self.list.as_mut()) {
            (View::List, Some(list)) => {
                list.selected = if top { 0 } else { list.ranking.clients.len().saturating_sub(1) };
            }
            _ => self.scroll = if top { 0 } else { self.max_scroll() },
        }
    }

    /// Esc: the read in flight, else back from a picked client to the list.
    fn escape(&mut self) -> Option<Vec<Effect>> {
        if self.pending.take().is_some() {
            self.watch = false;
            let notice = crate::app::notice::Notice::info("Log read cancelled; the watch is off.");
            return Some(vec![Effect::CancelExposure, Effect::Notice(notice)]);
        }
        if self.view == View::Story && self.story.as_ref().is_some_and(|s| s.from_list) && self.list.is_some()
        {
            self.view = View::List;
            return Some(Vec::new());
        }
        None
    }
}

impl Pane for ExposurePane {
    fn help() -> Vec<HelpSection> {
        vec![HelpSection { heading: "Exposure pane".to_owned(), rows: documented(KEYS).collect() }]
    }

    fn footer(&self, _ctx: &PaneContext) -> Footer {
        let keys: &'static [(&'static str, &'static str)] = match self.view {
            View::List => &[("↑↓", "move"), ("Enter", "story"), ("r", "read"), ("w", "watch"), ("?", "help")],
            View::Story => &[
                ("r", "read"),
                ("w", "watch"),
                ("l", "all clients"),
                ("D R T", "remedies"),
                ("↑↓", "scroll"),
                ("?", "help"),
            ],
        };
        Footer { section: "Exposure", keys }
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
            return Some(self.on_modal_key(key));
        }
        if key.code == KeyCode::Esc {
            return self.escape();
        }
        let page = self.visible_rows() as isize;
        match lookup(KEYS, key)? {
            Action::Down => self.scroll_by(1),
            Action::Up => self.scroll_by(-1),
            Action::PageDown => self.scroll_by(page),
            Action::PageUp => self.scroll_by(-page),
            Action::Top => self.jump(true),
            Action::Bottom => self.jump(false),
            Action::Read => return Some(self.read_now(ctx)),
            Action::Watch => return Some(self.toggle_watch(ctx)),
            Action::List => return Some(self.read_list(ctx)),
            Action::Open => return Some(self.open_selected(ctx)),
            Action::DeleteGrant => return Some(self.start_remedy(RemedyAction::DeleteGrant, ctx)),
            Action::RotateSecret => return Some(self.start_remedy(RemedyAction::RotateSecret, ctx)),
            Action::LowerLifetime => return Some(self.start_remedy(RemedyAction::LowerLifetime, ctx)),
        }
        Some(Vec::new())
    }

    fn on_paste(&mut self, text: &str, _ctx: &PaneContext) -> Option<Vec<Effect>> {
        let modal = self.modal.as_mut()?;
        modal.on_paste(text);
        Some(Vec::new())
    }

    fn on_tick(&mut self, ctx: &PaneContext) -> Vec<Effect> {
        // Tokens that expire change the story: told again from the same events.
        if let Some(view) = self.story.as_mut()
            && view.story.next_expiry().is_some_and(|at| at <= ctx.now)
        {
            view.story = Story::tell(&view.data, &view.story.client_id, ctx.now);
        }
        if let Some(list) = self.list.as_mut()
            && list.ranking.clients.iter().filter_map(|c| c.all_clear_at).any(|at| at <= ctx.now)
        {
            list.ranking = Ranking::rank(&list.data, ctx.now);
        }
        self.watch_tick(ctx)
    }

    fn on_token_changed(&mut self, ctx: &PaneContext) -> Vec<Effect> {
        self.token_changed(ctx)
    }

    fn lay_out(&mut self, area: Rect, ctx: &PaneContext) {
        self.lay_out_rows(area, ctx);
    }

    fn follows_clock(&self, _ctx: &PaneContext) -> bool {
        self.story.is_some() || self.list.is_some() || self.pending.is_some()
    }
}
