//! The help overlay, generated from the key maps so it always tells the truth: the global
//! table, plus the API pane's own table when that pane is showing.

use super::theme;
use crate::app::Pane;
use crate::app::api_pane::keys;
use crate::app::keymap::BINDINGS;
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

pub fn render(frame: &mut Frame, area: Rect, pane: Pane) {
    // In the API pane the other panes' bindings are noise; its own table replaces them.
    let global: Vec<(&str, &str)> = BINDINGS
        .iter()
        .filter(|b| pane != Pane::Api || b.pane.is_none())
        .map(|b| (b.label, b.description))
        .collect();
    let api: Vec<(&str, &str)> = if pane == Pane::Api {
        keys::documented().map(|b| (b.label, b.description)).collect()
    } else {
        Vec::new()
    };
    let label_width = global.iter().chain(&api).map(|(label, _)| label.chars().count()).max().unwrap_or(4);
    let row = |(label, description): &(&str, &str)| {
        Line::from(vec![
            Span::styled(format!(" {label:<label_width$} "), theme::label()),
            Span::raw(description.to_string()),
        ])
    };
    let mut lines: Vec<Line> = global.iter().map(row).collect();
    if !api.is_empty() {
        lines.push(Line::from(Span::styled(" API pane", theme::section())));
        lines.extend(api.iter().map(row));
    }
    lines.push(Line::from(""));
    let paste = if pane == Pane::Api {
        " Paste goes into the field being edited; otherwise it replaces the token."
    } else {
        " Paste (bracketed) replaces the token; pasted text never triggers keys."
    };
    lines.push(Line::from(Span::styled(paste, theme::dim())));
    lines.push(Line::from(Span::styled(" Any key closes this help.", theme::dim())));
    let width = lines.iter().map(Line::width).max().unwrap_or(40) as u16 + 4;
    let height = lines.len() as u16 + 2;
    let [vertical] = Layout::vertical([Constraint::Length(height)]).flex(Flex::Center).areas(area);
    let [popup] = Layout::horizontal([Constraint::Length(width)]).flex(Flex::Center).areas(vertical);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).block(Block::new().borders(Borders::ALL).title(" Keys ")),
        popup,
    );
}
