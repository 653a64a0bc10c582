//! The operation list, grouped by resource (folded groups show only their header and count),
//! with each row's scope verdict and lifecycle badge. Only the rows on screen are built.

use crate::app::panes::api::{ApiPane, EndpointList, Focus, ListRow, VerdictFilter, groups};
use crate::domain::catalog::ScopeCheck;
use crate::domain::sanitize::escape_control;
use crate::ui::theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn render(frame: &mut Frame, area: Rect, pane: &ApiPane) {
    let list = &pane.list;
    let focused = pane.focus == Focus::List && pane.modal.is_none();
    let capability = &list.capability;
    // The verdict filter comes first: at 80 columns the end of the title is cut.
    let title = match list.verdict {
        VerdictFilter::All => format!(" Endpoints {}/{} allowed ", capability.allowed, capability.total),
        verdict => format!(
            " Endpoints: {} (F) · {}/{} allowed ",
            verdict.label(),
            capability.allowed,
            capability.total
        ),
    };
    let block = super::section_block(&title, pane.focus == Focus::List);
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let mut lines = Vec::new();
    if !list.filter.is_empty() {
        lines.push(Line::from(vec![
            Span::styled("filter: ", theme::dim()),
            Span::raw(escape_control(&list.filter).into_owned()),
            Span::styled("  (/ edits · Esc clears)", theme::dim()),
        ]));
    }
    if list.rows.is_empty() {
        let why = match list.verdict {
            VerdictFilter::All => "No operation matches the filter.",
            _ => "No operation matches the filters (F cycles all / allowed / denied).",
        };
        lines.push(Line::from(Span::styled(why, theme::dim())));
    }
    // Keep the selected row on screen; the filter line stays pinned on top.
    let available = usize::from(inner.height).saturating_sub(lines.len()).max(1);
    let skip = (list.selected + 1).saturating_sub(available);
    for (position, row) in list.rows.iter().enumerate().skip(skip).take(available) {
        let mut spans = match *row {
            ListRow::Group(group) => group_spans(list, group),
            ListRow::Endpoint(index) => endpoint_spans(list, index),
        };
        if position == list.selected {
            let highlight = if focused {
                Style::new().add_modifier(Modifier::REVERSED)
            } else {
                Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
            };
            spans = spans.into_iter().map(|s| s.patch_style(highlight)).collect();
        }
        lines.push(Line::from(spans));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// `▾ users  12/39 allowed`, with the number of matches while filtering.
fn group_spans(list: &EndpointList, group: usize) -> Vec<Span<'static>> {
    let Some(info) = groups().get(group) else { return Vec::new() };
    let folded = list.is_collapsed(group);
    let (allowed, total) =
        list.capability.groups.get(group).map_or((0, info.range.len()), |g| (g.allowed, g.total));
    let matching = list.matching_in(group);
    let shown = if matching < total { format!(" · {matching} shown") } else { String::new() };
    vec![
        Span::styled(if folded { "▸ " } else { "▾ " }, theme::dim()),
        Span::styled(info.name.to_owned(), theme::section()),
        Span::styled(format!("  {allowed}/{total} allowed{shown}"), theme::dim()),
    ]
}

fn endpoint_spans(list: &EndpointList, index: usize) -> Vec<Span<'static>> {
    let Some(endpoint) = list.endpoint(index) else { return Vec::new() };
    let (mark, mark_style, missing) = match list.checks.get(index) {
        Some(ScopeCheck::Allowed) | None => ("✓", theme::info(), String::new()),
        Some(ScopeCheck::Missing(scopes)) => {
            let joiner = if endpoint.requirement.is_all_of() { " + " } else { " | " };
            ("✗", theme::error(), format!("  {}", escape_control(&scopes.join(joiner))))
        }
    };
    let path = endpoint.path.strip_prefix("/api/v2").unwrap_or(&endpoint.path);
    let method_style = if endpoint.destructive { theme::warning() } else { theme::label() };
    let mut spans = vec![
        Span::styled(format!("{mark} "), mark_style),
        Span::styled(format!("{:<6} ", endpoint.method.as_str()), method_style),
        Span::raw(path.to_owned()),
    ];
    if let Some(badge) = endpoint.lifecycle.and_then(|l| l.badge()) {
        spans.push(Span::styled(format!(" {badge}"), theme::warning().add_modifier(Modifier::BOLD)));
    }
    // The badge comes before the missing scopes, which the right edge may cut.
    spans.push(Span::styled(missing, theme::error()));
    spans
}
