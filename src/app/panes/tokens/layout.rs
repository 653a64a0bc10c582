//! Where the Tokens pane's sections go, computed in `update`: the profiles, this session's
//! tokens, the difference when one shows (most of the pane while it has the focus), and the
//! two rows of Auth0 facts. The renderer draws into these areas and a click is hit against
//! them.

use ratatui::layout::{Constraint, Layout, Rect};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TokensLayout {
    pub profiles: Rect,
    pub history: Rect,
    /// Empty unless a difference shows.
    pub diff: Rect,
    pub facts: Rect,
    /// The first profile row on screen (the selected one stays visible).
    pub profiles_top: usize,
    /// The first history row on screen (the selected one stays visible).
    pub history_top: usize,
}

/// Rows of a box's inside.
pub fn inner_rows(area: Rect) -> usize {
    usize::from(area.height.saturating_sub(2))
}

/// The row of a boxed list at screen row `y` (`top` is the first row shown), if `y` is on one
/// of its `len` rows.
pub fn row_at(area: Rect, top: usize, len: usize, y: u16) -> Option<usize> {
    let inside = area.y + 1..area.y + area.height.saturating_sub(1);
    if !inside.contains(&y) {
        return None;
    }
    let row = top + usize::from(y - area.y - 1);
    (row < len).then_some(row)
}

pub struct Sizes {
    pub profile_rows: u16,
    pub history_len: usize,
    pub has_diff: bool,
    pub diff_focused: bool,
}

impl TokensLayout {
    pub fn new(area: Rect, sizes: &Sizes) -> Self {
        let [profiles, rest, facts] = Layout::vertical([
            Constraint::Length((sizes.profile_rows + 2).min(area.height / 3).max(3)),
            Constraint::Min(3),
            Constraint::Length(3),
        ])
        .areas(area);
        let (history, diff) = if sizes.has_diff {
            // The history keeps a few rows (the selection and the mark stay in sight); the
            // difference takes the rest while it has the focus, most of it otherwise.
            let history_rows = if sizes.diff_focused { 5 } else { (rest.height * 2 / 5).max(5) };
            let wanted = u16::try_from(sizes.history_len + 2).unwrap_or(u16::MAX);
            let [history, diff] =
                Layout::vertical([Constraint::Length(wanted.clamp(3, history_rows)), Constraint::Min(3)])
                    .areas(rest);
            (history, diff)
        } else {
            (rest, Rect::default())
        };
        Self { profiles, history, diff, facts, profiles_top: 0, history_top: 0 }
    }
}

/// The first row of a boxed list of `len` rows in `area` that keeps `selected` on screen,
/// scrolling as little as possible from `previous_top`.
pub fn list_top(area: Rect, previous_top: usize, selected: Option<usize>, len: usize) -> usize {
    let visible = inner_rows(area).max(1);
    let mut top = previous_top.min(len.saturating_sub(visible));
    if let Some(selected) = selected {
        if selected < top {
            top = selected;
        } else if selected >= top + visible {
            top = selected + 1 - visible;
        }
    }
    top
}
