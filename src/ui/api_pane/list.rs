//! The endpoint list, grouped by resource, with each row's scope verdict.

use crate::app::api_pane::keys::Focus;
use crate::app::api_pane::{ApiPane, Mode};
use crate::domain::catalog::{ScopeCheck, catalog};
use crate::domain::sanitize::escape_control;
use crate::ui::theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn render(frame: &mut Frame, area: Rect, pane: &ApiPane) {
    let focused = pane.focus() == Focus::List && *pane.mode() == Mode::None;
    let allowed = pane.checks().iter().filter(|c| c.is_allowed()).count();
    let title = format!(" Endpoints {allowed}/{} allowed ", catalog().len());
    let block = super::section_block(title, focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let mut lines = Vec::new();
    let filtering = matches!(pane.mode(), Mode::Filter(_));
    if filtering || !pane.filter().is_empty() {
        let cursor = if filtering { "▏" } else { "" };
        let hint = if filtering { "  Enter keeps · Esc clears" } else { "" };
        lines.push(Line::from(vec![
            Span::styled("/", theme::key()),
            Span::raw(format!(" {}{cursor}", escape_control(pane.filter()))),
            Span::styled(hint, theme::dim()),
        ]));
    }
    let header_lines = lines.len();
    if pane.visible().is_empty() {
        lines.push(Line::from(Span::styled("No endpoint matches the filter.", theme::dim())));
    }
    let mut selected_line = 0;
    let mut resource = "";
    for (row, &index) in pane.visible().iter().enumerate() {
        let Some(endpoint) = catalog().get(index) else { continue };
        if endpoint.group != resource {
            resource = &endpoint.group;
            lines.push(Line::from(Span::styled(endpoint.group.clone(), theme::section())));
        }
        if row == pane.selected_row() {
            selected_line = lines.len();
        }
        let (mark, mark_style, missing) = match pane.checks().get(index) {
            Some(ScopeCheck::Allowed) | None => ("✓", theme::info(), String::new()),
            Some(ScopeCheck::Missing(scopes)) => {
                let joiner = if endpoint.requirement.is_all_of() { " + " } else { " | " };
                ("✗", theme::error(), format!("  {}", scopes.join(joiner)))
            }
        };
        let path = endpoint.path.strip_prefix("/api/v2").unwrap_or(&endpoint.path);
        let method_style = if endpoint.destructive { theme::warning() } else { theme::label() };
        let mut spans = vec![
            Span::styled(format!("{mark} "), mark_style),
            Span::styled(format!("{:<6} ", endpoint.method.as_str()), method_style),
            Span::raw(path.to_owned()),
            Span::styled(missing, theme::error()),
        ];
        if row == pane.selected_row() {
            let highlight = if focused {
                Style::new().add_modifier(Modifier::REVERSED)
            } else {
                Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
            };
            spans = spans.into_iter().map(|s| s.patch_style(highlight)).collect();
        }
        lines.push(Line::from(spans));
    }
    // Keep the selected row on screen; the filter line stays pinned on top.
    let available = usize::from(inner.height).saturating_sub(header_lines).max(1);
    let skip = (selected_line.saturating_sub(header_lines) + 1).saturating_sub(available);
    let mut body = lines.split_off(header_lines.min(lines.len()));
    let mut shown = lines;
    shown.extend(body.drain(..).skip(skip));
    frame.render_widget(Paragraph::new(shown), inner);
}
