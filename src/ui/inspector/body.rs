//! The Inspector's body: the rows on screen of the body the pane laid out (each line's text
//! from `app::panes::inspector::body::segments`, split where the layout says).

use crate::app::{InspectedToken, Model};
use crate::ui::text::{line, section_title};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Borders, Paragraph};

pub fn render(frame: &mut Frame, area: Rect, token: &InspectedToken, model: &Model) {
    let title = if token.signature.verification.signature.is_verified() {
        "Decoded"
    } else {
        "Decoded (signature not verified)"
    };
    // The body is what the Inspector's keys scroll: its title carries the focus mark.
    let block = Block::new().borders(Borders::ALL).title(section_title(title, true, area.width));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let pane = &model.panes.inspector;
    let Some(layout) = pane.body.as_ref() else { return };
    let rows: Vec<_> = layout
        .visible(token, pane.scroll, usize::from(inner.height), model.now, model.utc_offset)
        .into_iter()
        .map(line)
        .collect();
    frame.render_widget(Paragraph::new(rows), inner);
}
