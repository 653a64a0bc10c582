//! The Tokens pane: the configured profiles (one active) and this session's token history, as
//! one selectable list (profiles first, then history, newest first), and the difference between
//! a marked token and the selected one.

mod diff_view;
mod history;
mod keys;
pub mod layout;
mod mouse;

pub use diff_view::{DiffRow, DiffView};
pub use history::{HISTORY_LIMIT, HistoryEntry};

use super::{Footer, Pane, PaneId};
use crate::app::context::PaneContext;
use crate::app::keys::{documented, lookup};
use crate::app::modal::help::HelpSection;
use crate::app::notice::{Notice, Topic};
use crate::app::panes::effect::Effect;
use crate::app::pointer::Pointer;
use crate::domain::token_diff::TokenDiff;
use crossterm::event::KeyEvent;
use keys::{DIFF_KEYS, DiffAction, LIST_KEYS, ListAction};
use layout::{Sizes, TokensLayout, inner_rows, list_top};
use ratatui::layout::Rect;

/// Which part of the pane has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Section {
    /// The profiles and this session's tokens, one list.
    #[default]
    List,
    /// The difference between the marked and the selected token.
    Diff,
}

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
    /// The difference as rows, with its cursor and open groups.
    pub(crate) diff_view: DiffView,
    /// The width the difference's rows were fitted to; `None` when they must be rebuilt.
    diff_width: Option<usize>,
    pub(crate) section: Section,
    /// The profile count the selection was made with (profiles come first in the list).
    profile_count: usize,
    pub(crate) layout: TokensLayout,
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
        if self.diff.is_none() {
            self.section = Section::List;
        }
        self.diff_width = None;
    }

    /// Rows of the difference on screen.
    fn diff_visible(&self) -> usize {
        inner_rows(self.layout.diff).max(1)
    }

    fn on_list_key(&mut self, action: ListAction, ctx: &PaneContext) -> Vec<Effect> {
        match action {
            ListAction::Down => self.moved(1, ctx.now),
            ListAction::Up => self.moved(-1, ctx.now),
            ListAction::Choose => self.choose(ctx),
            ListAction::Mark => {
                let notice = match self.toggle_mark(ctx.now) {
                    Some(true) => Notice::info(
                        "Marked: move to another token to see the difference (→ scrolls it, m unmarks).",
                    )
                    .about(Topic::Mark),
                    Some(false) => Notice::info("Unmarked."),
                    None => Notice::info("Select a token of this session's history to mark it."),
                };
                vec![Effect::Notice(notice)]
            }
            ListAction::ToDiff => {
                if self.diff.is_some() {
                    self.section = Section::Diff;
                    Vec::new()
                } else {
                    vec![Effect::Notice(Notice::info(
                        "No difference shows: mark a token with m, then move to another.",
                    ))]
                }
            }
            ListAction::AllGroups => self.toggle_all_groups(),
        }
    }

    fn on_diff_key(&mut self, action: DiffAction) -> Vec<Effect> {
        let visible = self.diff_visible();
        let page = isize::try_from(visible).unwrap_or(isize::MAX);
        let view = &mut self.diff_view;
        match action {
            DiffAction::Down => view.move_cursor(1, visible),
            DiffAction::Up => view.move_cursor(-1, visible),
            DiffAction::PageDown => view.move_cursor(page, visible),
            DiffAction::PageUp => view.move_cursor(-page, visible),
            DiffAction::First => view.move_cursor(isize::MIN, visible),
            DiffAction::Last => view.move_cursor(isize::MAX, visible),
            DiffAction::Toggle => {
                if !view.toggle_at_cursor() {
                    return vec![Effect::Notice(Notice::info(
                        "Enter opens a group of operations (the rows with ▸); o opens them all.",
                    ))];
                }
                self.diff_width = None;
            }
            DiffAction::AllGroups => return self.toggle_all_groups(),
            DiffAction::Back => self.section = Section::List,
        }
        Vec::new()
    }

    fn toggle_all_groups(&mut self) -> Vec<Effect> {
        let Some(diff) = self.diff.as_ref() else {
            return vec![Effect::Notice(Notice::info(
                "No difference shows: mark a token with m, then move to another.",
            ))];
        };
        let open = self.diff_view.toggle_all(diff);
        self.diff_width = None;
        vec![Effect::Notice(Notice::info(if open {
            "Every group of operations is open (o closes them)."
        } else {
            "The groups of operations show counts (Enter or o opens them)."
        }))]
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
        vec![
            HelpSection { heading: "Tokens pane".to_owned(), rows: documented(LIST_KEYS).collect() },
            HelpSection {
                heading: "Tokens pane · difference".to_owned(),
                rows: documented(DIFF_KEYS).collect(),
            },
        ]
    }

    fn footer(&self, _ctx: &PaneContext) -> Footer {
        if self.section == Section::Diff {
            return Footer {
                section: "Difference",
                keys: &[
                    ("↑↓", "move"),
                    ("Enter", "open group"),
                    ("o", "all groups"),
                    ("←", "list"),
                    ("?", "help"),
                ],
            };
        }
        match self.row() {
            Some(Row::History(_)) => Footer {
                section: "Tokens",
                keys: &[
                    ("↑↓", "move"),
                    ("Enter", "inspect"),
                    ("m", "mark"),
                    ("→", "difference"),
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
        match self.section {
            Section::List => Some(self.on_list_key(lookup(LIST_KEYS, key)?, ctx)),
            Section::Diff => Some(self.on_diff_key(lookup(DIFF_KEYS, key)?)),
        }
    }

    fn on_mouse(&mut self, pointer: Pointer, ctx: &PaneContext) -> Option<Vec<Effect>> {
        self.on_pointer(pointer, ctx)
    }

    fn on_tick(&mut self, ctx: &PaneContext) -> Vec<Effect> {
        if self.diff.is_some() {
            self.refresh_diff(ctx.now);
        }
        Vec::new()
    }

    fn lay_out(&mut self, area: Rect, ctx: &PaneContext) {
        self.profile_count = ctx.profiles.len();
        self.selected = self.selected.min((self.profile_count + self.history.len()).saturating_sub(1));
        let previous = self.layout;
        let sizes = Sizes {
            profile_rows: u16::try_from(self.profile_count.max(1) + ctx.config_problems.len())
                .unwrap_or(u16::MAX),
            history_len: self.history.len(),
            has_diff: self.diff.is_some(),
            diff_focused: self.section == Section::Diff,
        };
        self.layout = TokensLayout::new(area, &sizes);
        let (profile, history) = match self.row() {
            Some(Row::Profile(index)) => (Some(index), None),
            Some(Row::History(index)) => (None, Some(index)),
            None => (None, None),
        };
        self.layout.profiles_top =
            list_top(self.layout.profiles, previous.profiles_top, profile, sizes.profile_rows.into());
        self.layout.history_top =
            list_top(self.layout.history, previous.history_top, history, self.history.len());
        let width = usize::from(self.layout.diff.width.saturating_sub(2));
        if let Some(diff) = self.diff.as_ref()
            && self.diff_width != Some(width)
        {
            self.diff_view.rebuild(diff, width);
            self.diff_width = Some(width);
        }
        let visible = self.diff_visible();
        self.diff_view.follow_cursor(visible);
    }

    fn follows_clock(&self, _ctx: &PaneContext) -> bool {
        // Every row's time left counts down.
        true
    }
}
