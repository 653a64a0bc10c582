//! This session's tokens, pasted or fetched, newest first.

use crate::app::token::InspectedToken;

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
