//! The API pane.

use crate::app::Model;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Borders};

pub fn render(frame: &mut Frame, area: Rect, _model: &Model) {
    frame.render_widget(Block::new().borders(Borders::ALL).title(" API "), area);
}
