//! The response: its header (status, timing, the rate-limit meter with its live countdown,
//! Auth0's error explained, paging, search) and the body's rows as the pane laid them out
//! (wrapped, or scrolled sideways), search matches marked.

use crate::app::Model;
use crate::app::panes::api::Focus;
use crate::app::text::Segment;
use crate::domain::sanitize::escape_control;
use crate::ui::text::{line, spinner_frame};
use crate::ui::theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthChar;

pub fn render(frame: &mut Frame, area: Rect, model: &Model) {
    let pane = &model.panes.api;
    let focused = pane.focus == Focus::Response;
    let title = match (pane.call.pending.as_ref(), pane.call.response.as_ref()) {
        (Some(p), _) => format!("Calling {} {}", p.method, escape_control(&p.path_and_query)),
        (None, Some(r)) => format!("Response · {}", r.request_line),
        (None, None) => "Response".to_owned(),
    };
    let block = super::section_block(&title, focused, area);
    frame.render_widget(block, area);
    let layout = &pane.layout;
    let mut header = Vec::new();
    if pane.call.pending.is_some() {
        header.push(Line::from(Span::styled(
            format!("{} waiting for the tenant… (Esc cancels)", spinner_frame(model.screen.spinner)),
            theme::info(),
        )));
    }
    header.extend(layout.header_rows.iter().map(|row| line(row.iter().cloned())));
    let header_area = Rect {
        y: area.y.saturating_add(1),
        height: layout.body.y.saturating_sub(area.y.saturating_add(1)),
        x: area.x.saturating_add(1),
        width: area.width.saturating_sub(2),
    };
    frame.render_widget(Paragraph::new(header), header_area.intersection(area));
    let Some(response) = pane.call.response.as_ref() else { return };
    let body = layout.body.intersection(area);
    let rows = &layout.body_rows;
    let current = response.current_match();
    let matched =
        |index: usize| response.search.as_ref().is_some_and(|s| s.matches.binary_search(&index).is_ok());
    let shown = rows.rows(response.scroll, usize::from(body.height), |i| response.line(i));
    let mut lines = Vec::with_capacity(shown.len());
    for (offset, row) in shown.into_iter().enumerate() {
        let index = rows.line_at_row(response.scroll + offset);
        let row = if pane.wrap_body { row } else { skip_columns(row, pane.hscroll) };
        let mut drawn = line(row);
        let mark = match () {
            _ if current == Some(index) => Some(Style::new().add_modifier(Modifier::REVERSED)),
            _ if matched(index) => Some(Style::new().bg(Color::DarkGray)),
            _ => None,
        };
        if let Some(mark) = mark {
            drawn = drawn.patch_style(mark);
        }
        lines.push(drawn);
    }
    frame.render_widget(Paragraph::new(lines), body);
}

/// `row` without its first `columns` columns (a long line scrolled sideways).
fn skip_columns(row: Vec<Segment<'static>>, columns: usize) -> Vec<Segment<'static>> {
    let mut left = columns;
    let mut kept = Vec::with_capacity(row.len());
    for (text, role) in row {
        if left == 0 {
            kept.push((text, role));
            continue;
        }
        let mut cut = 0;
        for (at, c) in text.char_indices() {
            if left == 0 {
                break;
            }
            left = left.saturating_sub(c.width().unwrap_or(0));
            cut = at + c.len_utf8();
        }
        if cut < text.len() {
            kept.push((text[cut..].to_owned().into(), role));
        }
    }
    kept
}
