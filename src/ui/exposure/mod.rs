//! The Exposure pane: the headline with its countdown and what was read when, then the story
//! (or the list of clients) in the rows the pane laid out.

use super::text::{line, section_title, spinner_frame};
use super::theme;
use crate::app::Model;
use crate::app::panes::exposure::View;
use crate::domain::sanitize::escape_control;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

pub fn render(frame: &mut Frame, area: Rect, model: &Model) {
    let pane = &model.panes.exposure;
    let header_area = pane.header_area.intersection(area);
    let body_area = pane.body_area.intersection(area);
    let title = match (pane.view, pane.story.as_ref(), pane.list.as_ref()) {
        (View::Story, Some(view), _) => format!(
            "Exposure · {} · {}",
            escape_control(view.story.client_label()),
            escape_control(&view.story.tenant)
        ),
        (View::List, _, Some(list)) => {
            format!("Exposure · every client · {}", escape_control(&list.ranking.tenant))
        }
        _ => "Exposure".to_owned(),
    };
    let style = match pane.story.as_ref().filter(|_| pane.view == View::Story) {
        Some(view) if !view.story.live.is_empty() => theme::error(),
        Some(view) if view.story.is_clear() => theme::info(),
        Some(_) => theme::warning(),
        None => theme::section(),
    };
    let block = Block::new().borders(Borders::ALL).title(format!(" {title} ")).border_style(style);
    let mut header: Vec<Line> = pane.header.iter().map(|row| line(row.iter().cloned())).collect();
    if pane.pending.is_some()
        && let Some(status) = header.get_mut(1)
    {
        status
            .spans
            .insert(0, Span::styled(format!("{} ", spinner_frame(model.screen.spinner)), theme::info()));
    }
    frame.render_widget(Paragraph::new(header).block(block), header_area);

    let body_title = match pane.view {
        View::List => {
            "Clients with a grant or live tokens, riskiest first (live × privileged scopes) · Enter shows one"
        }
        View::Story => "Story · D R T remedies (each asks first)",
    };
    let block = Block::new().borders(Borders::ALL).title(section_title(body_title, true, body_area.width));
    let inner_rows = usize::from(body_area.height.saturating_sub(2));
    let selected = pane.list.as_ref().filter(|_| pane.view == View::List).map(|l| l.selected + 1);
    let rows: Vec<Line> = pane
        .rows
        .iter()
        .enumerate()
        .skip(pane.scroll)
        .take(inner_rows)
        .map(|(index, row)| {
            let shown = line(row.iter().cloned());
            if Some(index) == selected {
                shown.patch_style(theme::style(crate::palette::Role::Strong).add_modifier(Modifier::REVERSED))
            } else {
                shown
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(rows).block(block), body_area);
}
