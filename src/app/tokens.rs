//! The Tokens pane's state: the configured profiles (one active) and this session's token
//! history, as one selectable list: profiles first, then history, newest first.

use super::InspectedToken;

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

    /// Adds a token at the top; the same token seen again moves to the top instead.
    pub fn remember(&mut self, entry: HistoryEntry) {
        self.history.retain(|existing| existing.token.raw() != entry.token.raw());
        self.history.insert(0, entry);
        self.history.truncate(HISTORY_LIMIT);
    }
}
