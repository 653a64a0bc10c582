//! The mouse as `update` sees it: a left click or a turn of the wheel at a cell. Moves, drags
//! and releases are not events for tokex (hover needs nothing), so they never wake a redraw.

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

/// Rows a turn of the wheel scrolls text (a list moves its selection by one row instead).
pub const WHEEL_ROWS: isize = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pointer {
    /// The left button pressed at column `x`, row `y`.
    Click { x: u16, y: u16 },
    /// The wheel turned at `x`, `y`: `down` towards the end of the text.
    Wheel { x: u16, y: u16, down: bool },
}

impl Pointer {
    /// The event tokex acts on, if it is one.
    pub fn from_event(event: &MouseEvent) -> Option<Self> {
        let (x, y) = (event.column, event.row);
        match event.kind {
            MouseEventKind::Down(MouseButton::Left) => Some(Pointer::Click { x, y }),
            MouseEventKind::ScrollDown => Some(Pointer::Wheel { x, y, down: true }),
            MouseEventKind::ScrollUp => Some(Pointer::Wheel { x, y, down: false }),
            _ => None,
        }
    }

    pub fn position(self) -> Position {
        match self {
            Pointer::Click { x, y } | Pointer::Wheel { x, y, .. } => Position { x, y },
        }
    }

    /// Whether it happened inside `area`.
    pub fn within(self, area: Rect) -> bool {
        area.contains(self.position())
    }

    /// The wheel's direction as a signed step of `rows` (None for a click).
    pub fn wheel(self, rows: isize) -> Option<isize> {
        match self {
            Pointer::Wheel { down: true, .. } => Some(rows),
            Pointer::Wheel { down: false, .. } => Some(-rows),
            Pointer::Click { .. } => None,
        }
    }
}

/// The row of a bordered box's contents at screen row `y`, counting from `top` (the first
/// content row drawn) and skipping `header` rows drawn above the rows; None on the border, on a
/// header row or past `len` rows.
pub fn boxed_row(area: Rect, header: u16, top: usize, len: usize, y: u16) -> Option<usize> {
    let first = area.y.saturating_add(1).saturating_add(header);
    let end = area.bottom().saturating_sub(1);
    if y < first || y >= end {
        return None;
    }
    let row = top + usize::from(y - first);
    (row < len).then_some(row)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_inside_the_border_only() {
        let area = Rect::new(0, 5, 20, 6); // rows 6..=9 inside
        assert_eq!(boxed_row(area, 0, 0, 10, 5), None, "top border");
        assert_eq!(boxed_row(area, 0, 0, 10, 6), Some(0));
        assert_eq!(boxed_row(area, 0, 4, 10, 9), Some(7));
        assert_eq!(boxed_row(area, 0, 0, 10, 10), None, "bottom border");
        assert_eq!(boxed_row(area, 1, 0, 10, 6), None, "a header row");
        assert_eq!(boxed_row(area, 1, 0, 10, 7), Some(0));
        assert_eq!(boxed_row(area, 0, 0, 2, 8), None, "past the rows");
    }
}
