//! The Tokens pane: the configured profiles (one active) and this session's token history, as
//! one selectable list (profiles first, then history, newest first), and the difference between
//! a marked token and the selected one.

mod history;
mod keys;

pub use history::{HISTORY_LIMIT, HistoryEntry};

use super::{Footer, Pane, PaneId};
use crate::app::context::PaneContext;
use crate::app::keys::{documented, lookup};
use crate::app::modal::help::HelpSection;
use crate::app::notice::{Notice, Topic};
use crate::app::panes::effect::Effect;
use crate::domain::token_diff::TokenDiff;
use crossterm::event::KeyEvent;
use keys::{Action, KEYS};
use ratatui::layout::Rect;

/// What a row of the combined list is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Profile(usize),
    History(usize),
}

#[derive(Debug, Clone, Default)]
pub struct TokensPane {
    /// Index into the combined list (profiles, then history).
    pub(crate) selected: usize,
    pub(crate) history: Vec<HistoryEntry>,
    /// The raw text of the token marked for comparison (`m`); kept by identity, since history
    /// rows move when a new token arrives.
    marked: Option<String>,
    /// Marked token → selected token, built when either changes (and each second, for the
    /// time left), never per frame.
    pub(crate) diff: Option<TokenDiff>,
    /// Whether the diff lists every operation gained and lost, or only counts per group.
    pub(crate) diff_expanded: bool,
    /// The profile count the selection was made with (profiles come first in the list).
    profile_count: usize,
    pub(crate) area: Rect,
}

impl TokensPane {
    pub fn history(&self) -> &[HistoryEntry] {
        &self.history
    }

    pub fn row(&self) -> Option<Row> {
        if self.selected < self.profile_count {
            Some(Row::Profile(self.selected))
        } else {
            let index = self.selected - self.profile_count;
            (index < self.history.len()).then_some(Row::History(index))
        }
    }

    /// Moves the selection; once the difference shows, "move to another token" has been done.
    fn moved(&mut self, delta: isize, now: i64) -> Vec<Effect> {
        let len = self.profile_count + self.history.len();
        self.selected = if len == 0 { 0 } else { self.selected.saturating_add_signed(delta).min(len - 1) };
        self.refresh_diff(now);
        if self.diff.is_some() { vec![Effect::Ended(Topic::Mark)] } else { Vec::new() }
    }

    /// The history index of the marked token, if it is still in the history.
    pub fn marked_index(&self) -> Option<usize> {
        let marked = self.marked.as_deref()?;
        self.history.iter().position(|e| e.token.raw() == marked)
    }

    /// Marks the selected history token for comparison, or unmarks it when it is the marked
    /// one. Returns what happened, for the notice; None when no history row is selected.
    fn toggle_mark(&mut self, now: i64) -> Option<bool> {
        let Some(Row::History(index)) = self.row() else { return None };
        let raw = self.history.get(index)?.token.raw().to_owned();
        let marking = self.marked.as_deref() != Some(raw.as_str());
        self.marked = marking.then_some(raw);
        self.refresh_diff(now);
        Some(marking)
    }

    /// Rebuilds the diff: marked token on the left, selected history token on the right.
    fn refresh_diff(&mut self, now: i64) {
        let selected = match self.row() {
            Some(Row::History(index)) => self.history.get(index),
            _ => None,
        };
        let marked = self.marked_index().and_then(|i| self.history.get(i));
        self.diff = match (marked, selected) {
            (Some(left), Some(right)) if left.token.raw() != right.token.raw() => {
                Some(TokenDiff::between(&left.token.inspection, &right.token.inspection, now))
            }
            _ => None,
        };
    }

    /// Adds a token at the top; the same token seen again moves to the top instead.
    pub fn remember(&mut self, entry: HistoryEntry, now: i64) {
        self.history.retain(|existing| existing.token.raw() != entry.token.raw());
        self.history.insert(0, entry);
        self.history.truncate(HISTORY_LIMIT);
        self.refresh_diff(now);
    }

    /// Records which profile fetched the token `raw` (a token fetched before the TUI started).
    pub fn record_profile(&mut self, raw: &str, profile: &str) {
        for entry in self.history.iter_mut().filter(|e| e.token.raw() == raw) {
            entry.profile = Some(profile.to_owned());
        }
    }

    /// Records a signature check's result on every copy of the token in the history.
    pub fn set_signature(&mut self, raw: &str, status: &crate::app::token::SignatureStatus) {
        for entry in self.history.iter_mut().filter(|e| e.token.raw() == raw) {
            entry.token.signature = status.clone();
        }
    }

    fn choose(&mut self, ctx: &PaneContext) -> Vec<Effect> {
        match self.row() {
            Some(Row::Profile(index)) => vec![Effect::ActivateProfile(index)],
            Some(Row::History(index)) => match self.history.get(index) {
                Some(entry) => vec![
                    Effect::Inspect(entry.token.clone()),
                    Effect::Focus(PaneId::Inspector),
                    Effect::Notice(Notice::info("Inspecting a token from this session's history.")),
                ],
                None => Vec::new(),
            },
            None if ctx.profiles.is_empty() && self.history.is_empty() => {
                vec![Effect::Notice(Notice::info("No profiles and no tokens yet: paste a token or press f."))]
            }
            None => Vec::new(),
        }
    }
}

impl Pane for TokensPane {
    fn help() -> Vec<HelpSection> {
        vec![HelpSection { heading: "Tokens pane".to_owned(), rows: documented(KEYS).collect() }]
    }

    fn footer(&self, _ctx: &PaneContext) -> Footer {
        match self.row() {
            Some(Row::History(_)) => Footer {
                section: "Tokens",
                keys: &[
                    ("↑↓", "move"),
                    ("Enter", "inspect"),
                    ("m", "mark"),
                    ("o", "operations"),
                    ("?", "help"),
                ],
            },
            _ => Footer {
                section: "Profiles",
                keys: &[("↑↓", "move"), ("Enter", "make active"), ("f", "fetch"), ("?", "help")],
            },
        }
    }

    fn on_key(&mut self, key: &KeyEvent, ctx: &PaneContext) -> Option<Vec<Effect>> {
        self.profile_count = ctx.profiles.len();
        let effects = match lookup(KEYS, key)? {
            Action::Down => self.moved(1, ctx.now),
            Action::Up => self.moved(-1, ctx.now),
            Action::Choose => self.choose(ctx),
            Action::Mark => {
                let notice = match self.toggle_mark(ctx.now) {
                    Some(true) => {
                        Notice::info("Marked: move to another token to see the difference (m unmarks).")
                            .about(Topic::Mark)
                    }
                    Some(false) => Notice::info("Unmarked."),
                    None => Notice::info("Select a token of this session's history to mark it."),
                };
                vec![Effect::Notice(notice)]
            }
            Action::ExpandDiff => {
                self.diff_expanded = !self.diff_expanded;
                vec![Effect::Notice(Notice::info(if self.diff_expanded {
                    "The difference lists every operation gained and lost (o: only counts per group)."
                } else {
                    "The difference shows counts per group (o: every operation)."
                }))]
            }
        };
        Some(effects)
    }

    fn on_tick(&mut self, ctx: &PaneContext) -> Vec<Effect> {
        if self.diff.is_some() {
            self.refresh_diff(ctx.now);
        }
        Vec::new()
    }

    fn lay_out(&mut self, area: Rect, ctx: &PaneContext) {
        self.area = area;
        self.profile_count = ctx.profiles.len();
        self.selected = self.selected.min((self.profile_count + self.history.len()).saturating_sub(1));
    }

    fn follows_clock(&self, _ctx: &PaneContext) -> bool {
        // Every row's time left counts down.
        true
    }
}
