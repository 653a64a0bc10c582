//! The Inspector's body: the rows on screen of the body the pane laid out (each line's text
//! from `app::panes::inspector::body::segments`, split where the layout says).

use crate::app::panes::inspector::body::segments;
use crate::app::text::wrap::row_of;
use crate::app::{InspectedToken, Model};
use crate::ui::text::{line, section_title};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Borders, Paragraph};
use std::borrow::Cow;

pub fn render(frame: &mut Frame, area: Rect, token: &InspectedToken, model: &Model) {
    let title = if token.signature.verification.signature.is_verified() {
        "Decoded"
    } else {
        "Decoded (signature not verified)"
    };
    // The body is what the Inspector's keys scroll: its title carries the focus mark.
    let block = Block::new().borders(Borders::ALL).title(section_title(title, true));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let pane = &model.panes.inspector;
    let Some(layout) = pane.body.as_ref() else { return };
    let height = usize::from(inner.height);
    let mut rows = Vec::with_capacity(height);
    let mut index = layout.line_at_row(pane.scroll);
    let mut offset = pane.scroll.saturating_sub(layout.start(index));
    while rows.len() < height && index < layout.line_count() {
        let text = segments(token, layout.lines[index], model.now, model.utc_offset);
        match layout.rows_of(index) {
            Some(starts) => {
                for row in offset..starts.len() {
                    if rows.len() == height {
                        break;
                    }
                    let row = row_of(&text, starts, row);
                    rows.push(line(
                        row.into_iter().map(|(text, role)| (Cow::Owned(text.into_owned()), role)),
                    ));
                }
            }
            None => rows.push(line(text)),
        }
        offset = 0;
        index += 1;
    }
    frame.render_widget(Paragraph::new(rows), inner);
}
