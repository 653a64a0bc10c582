//! The multi-line JSON body editor: the lines around the cursor (scrolled when the body is
//! taller or wider than the box), the cursor's line and column in the title, and the reason
//! a body was refused.

use crate::app::api_pane::form::StoreError;
use crate::app::text_area::TextArea;
use crate::domain::sanitize::escape_control;
use crate::ui::theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

/// Rows the editor takes: the body's lines plus borders (and the error), at least 5 and at
/// most two thirds of `available`.
pub fn height(area: &TextArea, has_error: bool, available: u16) -> u16 {
    let wanted = area.lines().len() + 2 + usize::from(has_error);
    let most = (usize::from(available) * 2 / 3).max(5);
    u16::try_from(wanted.clamp(5, most)).unwrap_or(5)
}

/// The first row or column shown so that `position` stays inside a window of `size`.
fn first_shown(position: usize, size: usize) -> usize {
    (position + 1).saturating_sub(size.max(1))
}

pub fn render(frame: &mut Frame, area: Rect, body: &TextArea, error: Option<&StoreError>) {
    let (line, column) = body.cursor_position();
    let title = format!(" Body (JSON) · line {}, col {} · Ctrl-S keeps ", line + 1, column + 1);
    let block = Block::new().borders(Borders::ALL).title(title).border_style(theme::section());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let rows = usize::from(inner.height).saturating_sub(usize::from(error.is_some()));
    let width = usize::from(inner.width.saturating_sub(1));
    let top = first_shown(line, rows);
    let left = first_shown(column, width);
    let mut lines: Vec<Line> = body
        .lines()
        .iter()
        .skip(top)
        .take(rows)
        .map(|text| {
            let shown: String = text.chars().skip(left).take(width).collect();
            Line::from(escape_control(&shown).into_owned())
        })
        .collect();
    lines.resize(rows, Line::from(""));
    if let Some(error) = error {
        lines.push(Line::from(Span::styled(escape_control(&error.to_string()).into_owned(), theme::error())));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    // Columns before the cursor, measured as shown (escaped, wide characters count two).
    let before: String = body
        .lines()
        .get(line)
        .map_or(String::new(), |text| text.chars().skip(left).take(column.saturating_sub(left)).collect());
    let x = inner.x
        + u16::try_from(unicode_width::UnicodeWidthStr::width(escape_control(&before).as_ref())).unwrap_or(0);
    let y = inner.y + u16::try_from(line - top).unwrap_or(0);
    frame.set_cursor_position((x.min(inner.right().saturating_sub(1)), y));
}
