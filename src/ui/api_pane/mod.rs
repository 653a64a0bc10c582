//! The API pane: the catalog on the left (grouped by resource, ✓/✗ per row), the selected
//! endpoint's details and parameter form on the right, the response below it; modal prompts
//! (confirmation, picker) float on top.

mod body_editor;
mod details;
mod list;
mod modal;
mod response;

use crate::app::Model;
use crate::app::api_pane::Mode;
use crate::app::api_pane::keys::Focus;
use crate::app::text_input::TextInput;
use crate::domain::sanitize::escape_control;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
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

/// A bordered section whose title is marked (`▶`, reverse, bold) and border lights up while
/// it has the keyboard focus.
fn section_block(title: &str, focused: bool) -> Block<'static> {
    let style = if focused { super::theme::section() } else { Style::new() };
    Block::new().borders(Borders::ALL).title(super::footer::section_title(title, focused)).border_style(style)
}

/// A one-line prompt that says what it acts on (`filter operations: `, `search response: `),
/// with the typed text (shown selected, in reverse video, while typing would replace it). Its
/// keys are in the footer.
fn prompt_line(what: &'static str, input: &TextInput) -> Line<'static> {
    let text_style =
        if input.is_selected() { Style::new().add_modifier(Modifier::REVERSED) } else { Style::new() };
    // The cursor mark sits where the next key acts (← and → move it).
    let before: String = input.text().chars().take(input.cursor()).collect();
    let after: String = input.text().chars().skip(input.cursor()).collect();
    Line::from(vec![
        Span::styled(what, super::theme::key()),
        Span::styled(escape_control(&before).into_owned(), text_style),
        Span::raw("▏"),
        Span::styled(escape_control(&after).into_owned(), text_style),
    ])
}
