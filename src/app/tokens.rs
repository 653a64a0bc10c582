//! The Tokens pane's state: the configured profiles (one active) and this session's token
//! history, as one selectable list: profiles first, then history, newest first.

use super::InspectedToken;
use crate::domain::token_diff::TokenDiff;

/// A token this session has seen, with where it came from and when.
#[derive(Debug, Clone)]
pub struct HistoryEntry {
    pub token: InspectedToken,
    /// Epoch seconds when it was pasted or fetched.
    pub seen_at: i64,
    /// The profile it was fetched with, for fetched tokens.
    pub profile: Option<String>,
}

/// Keeping more than this many tokens helps nobody and costs memory for huge pastes.
pub const HISTORY_LIMIT: usize = 50;

#[derive(Debug, Clone, Default)]
pub struct TokensPane {
    /// Index into the combined list (profiles, then history).
    pub selected: usize,
    pub history: Vec<HistoryEntry>,
    /// The raw text of the token marked for comparison (`m`); kept by identity, since history
    /// rows move when a new token arrives.
    marked: Option<String>,
    /// Marked token → selected token, built when either changes (and each second, for the
    /// time left), never per frame.
    diff: Option<TokenDiff>,
    /// Whether the diff lists every operation gained and lost, or only counts per group.
    pub diff_expanded: bool,
}

/// What a row of the combined list is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Profile(usize),
    History(usize),
}

impl TokensPane {
    pub fn row(&self, profile_count: usize) -> Option<Row> {
        if self.selected < profile_count {
            Some(Row::Profile(self.selected))
        } else {
            let index = self.selected - profile_count;
            (index < self.history.len()).then_some(Row::History(index))
        }
    }

    pub fn len(&self, profile_count: usize) -> usize {
        profile_count + self.history.len()
    }

    pub fn move_by(&mut self, delta: isize, profile_count: usize) {
        let len = self.len(profile_count);
        if len == 0 {
            self.selected = 0;
            return;
        }
        let target = self.selected as isize + delta;
        self.selected = target.clamp(0, len as isize - 1) as usize;
    }

    pub fn diff(&self) -> Option<&TokenDiff> {
        self.diff.as_ref()
    }

    /// The history index of the marked token, if it is still in the history.
    pub fn marked_index(&self) -> Option<usize> {
        let marked = self.marked.as_deref()?;
        self.history.iter().position(|e| e.token.raw() == marked)
    }

    /// Marks the selected history token for comparison, or unmarks it when it is the marked
    /// one. Returns what happened, for the notice; None when no history row is selected.
    pub fn toggle_mark(&mut self, profile_count: usize, now: i64) -> Option<bool> {
        let Some(Row::History(index)) = self.row(profile_count) else { return None };
        let raw = self.history.get(index)?.token.raw().to_owned();
        let marking = self.marked.as_deref() != Some(raw.as_str());
        self.marked = marking.then_some(raw);
        self.refresh_diff(profile_count, now);
        Some(marking)
    }

    /// Rebuilds the diff: marked token on the left, selected history token on the right.
    pub fn refresh_diff(&mut self, profile_count: usize, now: i64) {
        let selected = match self.row(profile_count) {
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
    pub fn remember(&mut self, entry: HistoryEntry) {
        self.history.retain(|existing| existing.token.raw() != entry.token.raw());
        self.history.insert(0, entry);
        self.history.truncate(HISTORY_LIMIT);
    }
}
