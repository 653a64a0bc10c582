//! The help overlay, generated from the key map so it always tells the truth.

use super::theme;
use crate::app::keymap::BINDINGS;
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

pub fn render(frame: &mut Frame, area: Rect) {
    let label_width = BINDINGS.iter().map(|b| b.label.chars().count()).max().unwrap_or(4);
    let mut lines: Vec<Line> = BINDINGS
        .iter()
        .map(|binding| {
            Line::from(vec![
                Span::styled(format!(" {:<label_width$} ", binding.label), theme::label()),
                Span::raw(binding.description),
            ])
        })
        .collect();
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        " Paste (bracketed) replaces the token; pasted text never triggers keys.",
        theme::dim(),
    )));
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
