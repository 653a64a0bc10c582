//! Where everything goes on the screen, computed in `update` whenever the terminal's size, the
//! notice or an open prompt changes: the renderer draws into these areas and the mouse is hit
//! against the same ones, so the two never disagree.

use ratatui::layout::{Constraint, Layout, Rect};

/// Below this the layout cannot show a token meaningfully: a "too small" message instead.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 15;

/// The most rows a notice takes; a longer one is shortened with `…` at a word boundary.
pub const NOTICE_ROWS: u16 = 2;

/// Rows of the prompt box at the bottom while a one-line prompt is open.
pub const PROMPT_ROWS: u16 = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ScreenLayout {
    pub screen: Rect,
    /// The tab bar (one row).
    pub tabs: Rect,
    /// The focused pane.
    pub pane: Rect,
    /// The one-line prompt (empty unless one is open).
    pub prompt: Rect,
    /// The notice (zero to two rows).
    pub notice: Rect,
    /// The focus footer (one row).
    pub footer: Rect,
}

impl ScreenLayout {
    pub fn new(width: u16, height: u16, notice_rows: u16, prompt_open: bool) -> Self {
        let screen = Rect::new(0, 0, width, height);
        let prompt = if prompt_open { PROMPT_ROWS } else { 0 };
        let [tabs, pane, prompt, notice, footer] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(5),
            Constraint::Length(prompt),
            Constraint::Length(notice_rows.min(NOTICE_ROWS)),
            Constraint::Length(1),
        ])
        .areas(screen);
        Self { screen, tabs, pane, prompt, notice, footer }
    }

    /// Whether the terminal is too small to show tokex.
    pub fn too_small(&self) -> bool {
        self.screen.width < MIN_WIDTH || self.screen.height < MIN_HEIGHT
    }
}
