//! The API pane: the catalog on the left (grouped by resource, ✓/✗ per row), the selected
//! endpoint's details and parameter form on the right, the response below it; modal prompts
//! (confirmation, picker) float on top.

mod details;
mod list;
mod modal;
mod response;

use crate::app::Model;
use crate::app::api_pane::Mode;
use crate::app::api_pane::keys::Focus;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::widgets::{Block, Borders};

pub fn render(frame: &mut Frame, area: Rect, model: &Model) {
    let pane = &model.api;
    let tenant = model.tenant_verdict();
    let list_width = (area.width * 2 / 5).clamp(34, 56);
    let [list_area, right] =
        Layout::horizontal([Constraint::Length(list_width), Constraint::Min(20)]).areas(area);
    list::render(frame, list_area, pane);
    if pane.response().is_some() || pane.pending().is_some() {
        let details =
            if pane.focus() == Focus::Response { Constraint::Length(7) } else { Constraint::Percentage(50) };
        let [details_area, response_area] = Layout::vertical([details, Constraint::Min(6)]).areas(right);
        details::render(frame, details_area, pane, tenant.as_ref());
        response::render(frame, response_area, model);
    } else {
        details::render(frame, right, pane, tenant.as_ref());
    }
    match &pane.mode() {
        Mode::Confirm(confirm) => modal::confirm(frame, area, confirm),
        Mode::Pick { options, selected, .. } => modal::picker(frame, area, options, *selected),
        _ => {}
    }
}

/// A bordered section whose border lights up while it has the keyboard focus.
fn section_block<'a>(title: impl Into<ratatui::text::Line<'a>>, focused: bool) -> Block<'a> {
    let style = if focused { super::theme::section() } else { Style::new() };
    Block::new().borders(Borders::ALL).title(title).border_style(style)
}
