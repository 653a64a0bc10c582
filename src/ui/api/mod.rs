//! The API pane: the catalog on the left (grouped by resource, ✓/✗ per row), the selected
//! operation's details, its parameter form and the response on the right, each in the area and
//! with the rows the pane laid out. Its prompts, editors, picker and confirmations are modals
//! (`ui::modal`).

mod list;
mod response;

use super::text::{line, section_title};
use super::theme;
use crate::app::Model;
use crate::app::panes::api::{ApiPane, Focus};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};

pub fn render(frame: &mut Frame, area: Rect, model: &Model) {
    let pane = &model.panes.api;
    let layout = &pane.layout;
    let inside = |rect: Rect| rect.intersection(area);
    if !layout.list.is_empty() {
        list::render(frame, inside(layout.list), pane);
    }
    if !layout.details.is_empty() {
        render_details(frame, inside(layout.details), pane);
    }
    if !layout.form.is_empty() {
        render_form(frame, inside(layout.form), pane);
    }
    if !layout.response.is_empty() {
        response::render(frame, inside(layout.response), model);
    }
}

fn render_details(frame: &mut Frame, area: Rect, pane: &ApiPane) {
    let folded = !pane.details_unfolded && pane.focus != Focus::List;
    let cut = pane.layout.details_rows.len() > usize::from(area.height.saturating_sub(2));
    let title = match (folded, cut) {
        (true, _) => "Endpoint (i unfolds)",
        (false, true) => "Endpoint (more below: m zooms)",
        (false, false) => "Endpoint",
    };
    let block = section_block(title, false, area);
    let rows: Vec<Line> = pane.layout.details_rows.iter().map(|row| line(row.iter().cloned())).collect();
    frame.render_widget(Paragraph::new(rows).block(block), area);
}

fn render_form(frame: &mut Frame, area: Rect, pane: &ApiPane) {
    let focused = pane.focus == Focus::Form;
    let title = "Parameters (Enter edits · p picks · x example · + query row · s calls)";
    let block = section_block(title, focused, area);
    let visible = usize::from(area.height.saturating_sub(2)).max(1);
    let rows: Vec<Line> = pane
        .layout
        .form_rows
        .iter()
        .skip(pane.layout.form_top)
        .take(visible)
        .map(|row| line(row.iter().cloned()))
        .collect();
    frame.render_widget(Paragraph::new(rows).block(block), area);
}

/// A bordered section whose title is marked (`▶`, reverse, bold) and border lights up while
/// it has the keyboard focus.
fn section_block(title: &str, focused: bool, area: Rect) -> Block<'static> {
    let style = if focused { theme::section() } else { Style::new() };
    Block::new().borders(Borders::ALL).title(section_title(title, focused, area.width)).border_style(style)
}
