//! What the answer cannot say: the log does not reach back over the whole window (retention,
//! the page limit, `--since`), or a fact it rests on could not be read.

use super::changes::Change;
use super::{Coverage, ExposureData, GrantsAnswer, LifetimeAnswer};

/// What the answer cannot say, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unknown {
    /// The tenant keeps no event older than this (ms): its retention, or no earlier activity.
    Retention { oldest_kept_ms: i64 },
    /// The tenant's log holds no event at all.
    EmptyLog,
    /// The search stopped at the page limit.
    PageCap { pages: u32, events: u32, oldest_read_ms: Option<i64> },
    /// `--since` starts later than the oldest token that could still live.
    SinceLater { since: i64, could_live_from: i64 },
    /// The lifetime could not be read.
    Lifetime { reason: String },
    /// The API's lifetime was changed at this time: earlier tokens' lifetimes are not known.
    LifetimeChanged { at: i64 },
    /// The grant could not be read.
    Grants { reason: String },
    /// Events that could not be read.
    Unreadable { count: usize },
}

/// From when on the answer is complete, and what it cannot say.
pub(super) fn unknowns(
    data: &ExposureData,
    lifetime_changes: &[Change],
    now: i64,
) -> (Option<i64>, Vec<Unknown>) {
    let Coverage { reaches_window, oldest_kept_ms, stopped_after_pages, oldest_read_ms, unreadable } =
        &data.coverage;
    let mut unknown = Vec::new();
    let mut complete_from: Option<i64> = None;
    let mut later = |at: i64| complete_from = Some(complete_from.map_or(at, |c| c.max(at)));
    if let Some(pages) = stopped_after_pages {
        unknown.push(Unknown::PageCap {
            pages: *pages,
            events: data.cost.events_read,
            oldest_read_ms: *oldest_read_ms,
        });
        later(oldest_read_ms.map_or(now, |ms| ms.div_euclid(1000)));
    } else if !reaches_window {
        match oldest_kept_ms {
            Some(ms) => {
                unknown.push(Unknown::Retention { oldest_kept_ms: *ms });
                later(ms.div_euclid(1000));
            }
            None => {
                unknown.push(Unknown::EmptyLog);
                later(now);
            }
        }
    }
    let could_live_from = now - data.lifetime.bound();
    if let Some(since) = data.query.since.filter(|since| *since > could_live_from) {
        unknown.push(Unknown::SinceLater { since, could_live_from });
        later(since);
    }
    if let LifetimeAnswer::Unknown(reason) = &data.lifetime {
        unknown.push(Unknown::Lifetime { reason: reason.clone() });
    }
    if let Some(first) = lifetime_changes.first() {
        unknown.push(Unknown::LifetimeChanged { at: first.at });
    }
    if let GrantsAnswer::Unknown(reason) = &data.grants {
        unknown.push(Unknown::Grants { reason: reason.clone() });
    }
    if *unreadable > 0 {
        unknown.push(Unknown::Unreadable { count: *unreadable });
    }
    // A gap only matters when it reaches past the first instant a live token could have been
    // issued; a `--since` later than that is such a gap, however the search window was set.
    (complete_from.filter(|from| *from > could_live_from), unknown)
}
