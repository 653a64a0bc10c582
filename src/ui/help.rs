//! The help overlay, drawn from `app::help` (itself built from the key tables, so it always
//! tells the truth): every global key and every key of the focused pane, scrolled to
//! `model.help_scroll` when it does not fit.

use super::theme;
use crate::app::Model;
use crate::app::help::sections;
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

pub fn render(frame: &mut Frame, area: Rect, model: &Model) {
    let sections = sections(model.pane);
    let label_width =
        sections.iter().flat_map(|s| &s.rows).map(|(label, _)| label.chars().count()).max().unwrap_or(4);
    let mut lines: Vec<Line> = Vec::new();
    for section in &sections {
        lines.push(Line::from(Span::styled(format!(" {}", section.heading), theme::section())));
        for (label, description) in &section.rows {
            lines.push(Line::from(vec![
                Span::styled(format!(" {label:<label_width$} "), theme::label()),
                Span::raw(description.to_string()),
            ]));
        }
    }
    lines.push(Line::from(""));
    let paste = if model.pane == crate::app::Pane::Api {
        " Paste goes into the field being edited; otherwise it replaces the token."
    } else {
        " Paste (bracketed) replaces the token; pasted text never triggers keys."
    };
    lines.push(Line::from(Span::styled(paste, theme::dim())));
    lines.push(Line::from(Span::styled(" ↑/↓ PgUp/PgDn g/G scroll · ? Esc q close", theme::dim())));

    let total = lines.len();
    let width = (lines.iter().map(Line::width).max().unwrap_or(40) + 4).min(usize::from(area.width));
    let height = (total + 2).min(usize::from(area.height));
    let visible = height.saturating_sub(2);
    let offset = model.help_scroll.min(total.saturating_sub(visible));
    let more_below = offset + visible < total;
    let title = match (offset > 0, more_below) {
        (false, false) => " Keys ".to_owned(),
        (up, down) => format!(
            " Keys {}{}{}/{} ",
            if up { "↑" } else { "" },
            if down { "↓" } else { "" },
            (offset + visible).min(total),
            total
        ),
    };
    let [vertical] = Layout::vertical([Constraint::Length(height as u16)]).flex(Flex::Center).areas(area);
    let [popup] = Layout::horizontal([Constraint::Length(width as u16)]).flex(Flex::Center).areas(vertical);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines)
            .scroll((u16::try_from(offset).unwrap_or(u16::MAX), 0))
            .block(Block::new().borders(Borders::ALL).title(title)),
        popup,
    );
}
