//! The API pane: the catalog on the left (grouped by resource, ✓/✗ per row), the selected
//! operation's details and parameter form on the right, the response below it. Its prompts,
//! editors, picker and confirmations are modals (`ui::modal`).

mod details;
mod list;
mod response;

use super::text::section_title;
use super::theme;
use crate::app::Model;
use crate::app::panes::api::Focus;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::widgets::{Block, Borders};

pub fn render(frame: &mut Frame, area: Rect, model: &Model) {
    let pane = &model.panes.api;
    let tenant = model.tenant_verdict();
    let list_width = (area.width * 2 / 5).clamp(34, 56);
    let [list_area, right] =
        Layout::horizontal([Constraint::Length(list_width), Constraint::Min(20)]).areas(area);
    list::render(frame, list_area, pane);
    if pane.call.response.is_some() || pane.call.pending.is_some() {
        let details =
            if pane.focus == Focus::Response { Constraint::Length(7) } else { Constraint::Percentage(50) };
        let [details_area, response_area] = Layout::vertical([details, Constraint::Min(6)]).areas(right);
        details::render(frame, details_area, pane, tenant.as_ref());
        response::render(frame, response_area, model);
    } else {
        details::render(frame, right, pane, tenant.as_ref());
    }
}

/// A bordered section whose title is marked (`▶`, reverse, bold) and border lights up while
/// it has the keyboard focus.
fn section_block(title: &str, focused: bool) -> Block<'static> {
    let style = if focused { theme::section() } else { Style::new() };
    Block::new().borders(Borders::ALL).title(section_title(title, focused)).border_style(style)
}
