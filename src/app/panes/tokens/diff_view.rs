//! The difference between the marked and the selected token as rows the Tokens pane scrolls
//! through: scopes gained and lost grouped by resource (`users +read +update`), the claims that
//! differ, then the Management API operations gained and lost per group, each group opening on
//! Enter (or all at once on `o`). Rows are built here, fitted to the box's width, so the
//! renderer only draws them and a click finds the row it hit.

use crate::app::pointer::{Pointer, WHEEL_ROWS, boxed_row};
use crate::app::text::fit::fit_segments;
use crate::app::text::{Segment, fixed, owned};
use crate::domain::sanitize::escape_control;
use crate::domain::token_diff::TokenDiff;
use crate::palette::Role;
use ratatui::layout::Rect;
use std::collections::BTreeSet;

/// Columns of a group row's open mark (`▸ `), from the box's inner edge.
const OPEN_MARK_COLUMNS: u16 = 2;

/// One row of the difference: its text, and the operations group it opens when it is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffRow {
    pub segments: Vec<Segment<'static>>,
    pub group: Option<String>,
}

/// The scrollable difference: which groups are open, the row under the cursor and the first
/// row on screen.
#[derive(Debug, Clone, Default)]
pub struct DiffView {
    pub(crate) rows: Vec<DiffRow>,
    pub(crate) cursor: usize,
    pub(crate) top: usize,
    open: BTreeSet<String>,
}

impl DiffView {
    /// Rebuilds the rows for `diff` at `width` columns, keeping the cursor on the same group
    /// (or row number) and the open groups open.
    pub fn rebuild(&mut self, diff: &TokenDiff, width: usize) {
        let at_group = self.rows.get(self.cursor).and_then(|r| r.group.clone());
        self.rows = rows(diff, &self.open, width);
        if let Some(group) = at_group
            && let Some(index) = self.rows.iter().position(|r| r.group.as_deref() == Some(group.as_str()))
        {
            self.cursor = index;
        }
        self.cursor = self.cursor.min(self.rows.len().saturating_sub(1));
    }

    /// Opens or closes the group under the cursor; false when the cursor is not on a group.
    pub fn toggle_at_cursor(&mut self) -> bool {
        let Some(group) = self.rows.get(self.cursor).and_then(|r| r.group.clone()) else { return false };
        if !self.open.remove(&group) {
            self.open.insert(group);
        }
        true
    }

    /// Opens every group, or closes them all when every one is open. Returns whether they are
    /// now open.
    pub fn toggle_all(&mut self, diff: &TokenDiff) -> bool {
        let all_open = diff.operations.iter().all(|g| self.open.contains(&g.group));
        if all_open {
            self.open.clear();
        } else {
            self.open.extend(diff.operations.iter().map(|g| g.group.clone()));
        }
        !all_open
    }

    pub fn is_open(&self, group: &str) -> bool {
        self.open.contains(group)
    }

    /// Moves the cursor by `delta` rows (clamped) and scrolls so it stays among `visible` rows.
    pub fn move_cursor(&mut self, delta: isize, visible: usize) {
        self.cursor = self.cursor.saturating_add_signed(delta).min(self.rows.len().saturating_sub(1));
        self.follow_cursor(visible);
    }

    /// Scrolls by `delta` rows without moving the cursor off screen (the wheel).
    pub fn scroll(&mut self, delta: isize, visible: usize) {
        let last_top = self.rows.len().saturating_sub(visible);
        self.top = self.top.saturating_add_signed(delta).min(last_top);
        let bottom = self.top + visible.saturating_sub(1);
        self.cursor =
            self.cursor.clamp(self.top, bottom.max(self.top)).min(self.rows.len().saturating_sub(1));
    }

    /// A click or a turn of the wheel over the difference drawn boxed in `area`: the wheel
    /// scrolls, a click moves the cursor to its row, and a click on a group's ▸/▾ (or a second
    /// click on the group) opens or closes it. Returns whether a group did, so the rows are
    /// built again.
    pub fn on_pointer(&mut self, area: Rect, pointer: Pointer) -> bool {
        let visible = usize::from(area.height.saturating_sub(2));
        match pointer {
            Pointer::Wheel { .. } => {
                self.scroll(pointer.wheel(WHEEL_ROWS).unwrap_or(0), visible);
                false
            }
            Pointer::Click { x, y } => {
                let Some(row) = boxed_row(area, 0, self.top, self.rows.len(), y) else { return false };
                let again = self.cursor == row;
                self.cursor = row;
                let is_group = self.rows.get(row).is_some_and(|r| r.group.is_some());
                is_group && (again || x < area.x + 1 + OPEN_MARK_COLUMNS) && self.toggle_at_cursor()
            }
        }
    }

    /// Keeps the cursor among the `visible` rows shown from `top`, and `top` within the rows.
    pub fn follow_cursor(&mut self, visible: usize) {
        let visible = visible.max(1);
        if self.cursor < self.top {
            self.top = self.cursor;
        } else if self.cursor >= self.top + visible {
            self.top = self.cursor + 1 - visible;
        }
        self.top = self.top.min(self.rows.len().saturating_sub(visible));
    }
}

fn rows(diff: &TokenDiff, open: &BTreeSet<String>, width: usize) -> Vec<DiffRow> {
    let mut rows = Vec::new();
    let mut push = |segments: Vec<Segment<'static>>, group: Option<String>| {
        rows.push(DiffRow { segments: fit_segments(segments, width), group });
    };

    push(
        vec![
            fixed("Scopes ", Role::Section),
            owned(format!("+{}", diff.scopes_gained.len()), Role::Info),
            fixed(" ", Role::Plain),
            owned(format!("−{}", diff.scopes_lost.len()), Role::Error),
        ],
        None,
    );
    let resources = diff.scopes_by_resource();
    if resources.is_empty() {
        push(vec![fixed("  the same scopes", Role::Dim)], None);
    }
    for resource in resources {
        let mut segments = vec![owned(format!("  {:<24}", escape_control(&resource.resource)), Role::Label)];
        segments
            .extend(resource.gained.iter().map(|a| owned(format!(" +{}", escape_control(a)), Role::Info)));
        segments.extend(resource.lost.iter().map(|a| owned(format!(" −{}", escape_control(a)), Role::Error)));
        push(segments, None);
    }

    push(vec![fixed("Claims", Role::Section)], None);
    let shown = |value: &Option<String>| {
        value.as_deref().map_or("—".to_owned(), |v| escape_control(v).into_owned())
    };
    for field in diff.fields.iter().filter(|f| !f.is_equal()) {
        push(
            vec![
                owned(format!("  {:<10} ", field.name), Role::Label),
                owned(shown(&field.left), Role::Warning),
                fixed(" → ", Role::Dim),
                owned(shown(&field.right), Role::Warning),
            ],
            None,
        );
    }
    let equal: Vec<&str> = diff.fields.iter().filter(|f| f.is_equal()).map(|f| f.name).collect();
    if !equal.is_empty() {
        push(vec![owned(format!("  same {}", equal.join(", ")), Role::Dim)], None);
    }

    push(
        vec![
            fixed("Management API operations ", Role::Section),
            owned(format!("+{}", diff.operations_gained()), Role::Info),
            fixed(" ", Role::Plain),
            owned(format!("−{}", diff.operations_lost()), Role::Error),
        ],
        None,
    );
    if diff.operations.is_empty() {
        push(vec![fixed("  the same operations", Role::Dim)], None);
    }
    for group in &diff.operations {
        let is_open = open.contains(&group.group);
        push(
            vec![
                fixed(if is_open { "▾ " } else { "▸ " }, Role::Dim),
                owned(format!("{} ", escape_control(&group.group)), Role::Label),
                owned(format!("+{}", group.gained.len()), Role::Info),
                fixed(" ", Role::Plain),
                owned(format!("−{}", group.lost.len()), Role::Error),
            ],
            Some(group.group.clone()),
        );
        if is_open {
            for id in &group.gained {
                push(vec![owned(format!("    + {}", escape_control(id)), Role::Info)], None);
            }
            for id in &group.lost {
                push(vec![owned(format!("    − {}", escape_control(id)), Role::Error)], None);
            }
        }
    }
    rows
}
