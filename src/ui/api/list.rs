//! The operation list, grouped by resource (folded groups show only their header and count),
//! with each row's scope verdict and lifecycle badge. Only the rows on screen are built.

use crate::app::panes::api::{ApiPane, EndpointList, Focus, ListRow, VerdictFilter, groups};
use crate::app::text::fit::fit_segments;
use crate::app::text::{Segment, fixed, owned};
use crate::domain::catalog::ScopeCheck;
use crate::domain::sanitize::escape_control;
use crate::palette::Role;
use crate::ui::text::line;
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
        // "Only allowed (F) · 5/469 allowed": the filter first, so a narrow list still shows it.
        verdict => format!(
            " {}{} (F) · {}/{} allowed ",
            verdict.label()[..1].to_uppercase(),
            &verdict.label()[1..],
            capability.allowed,
            capability.total
        ),
    };
    let block = super::section_block(&title, pane.focus == Focus::List, area);
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
    // The rows from the first the pane keeps on screen; each cut to the width with `…`.
    let available = usize::from(inner.height).saturating_sub(lines.len()).max(1);
    let width = usize::from(inner.width);
    for (position, row) in list.rows.iter().enumerate().skip(pane.layout.list_top).take(available) {
        let segments = match *row {
            ListRow::Group(group) => group_segments(list, group),
            ListRow::Endpoint(index) => endpoint_segments(list, index),
        };
        let mut drawn = line(fit_segments(segments, width));
        if position == list.selected {
            let highlight = if focused {
                Style::new().add_modifier(Modifier::REVERSED)
            } else {
                Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
            };
            drawn = drawn.patch_style(highlight);
        }
        lines.push(drawn);
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// `▾ users  12/39 allowed`, with the number of matches while filtering.
fn group_segments(list: &EndpointList, group: usize) -> Vec<Segment<'static>> {
    let Some(info) = groups().get(group) else { return Vec::new() };
    let folded = list.is_collapsed(group);
    let (allowed, total) =
        list.capability.groups.get(group).map_or((0, info.range.len()), |g| (g.allowed, g.total));
    let matching = list.matching_in(group);
    let shown = if matching < total { format!(" · {matching} shown") } else { String::new() };
    vec![
        fixed(if folded { "▸ " } else { "▾ " }, Role::Dim),
        owned(info.name, Role::Section),
        owned(format!("  {allowed}/{total} allowed{shown}"), Role::Dim),
    ]
}

/// `✗ GET    /users/{id}/logs EA  read:logs | read:logs_users`: the verdict, the method, the
/// path, the badge, then the scopes it lacks (what the right edge may cut).
fn endpoint_segments(list: &EndpointList, index: usize) -> Vec<Segment<'static>> {
    let Some(endpoint) = list.endpoint(index) else { return Vec::new() };
    let (mark, mark_role, missing) = match list.checks.get(index) {
        Some(ScopeCheck::Allowed) | None => ("✓ ", Role::Info, String::new()),
        Some(ScopeCheck::Missing(scopes)) => {
            let joiner = if endpoint.requirement.is_all_of() { " + " } else { " | " };
            ("✗ ", Role::Error, format!("  {}", escape_control(&scopes.join(joiner))))
        }
    };
    let path = endpoint.path.strip_prefix("/api/v2").unwrap_or(&endpoint.path);
    let method_role = if endpoint.destructive { Role::Warning } else { Role::Label };
    let mut segments = vec![
        fixed(mark, mark_role),
        owned(format!("{:<6} ", endpoint.method.as_str()), method_role),
        owned(escape_control(path), Role::Plain),
    ];
    if let Some(badge) = endpoint.lifecycle.and_then(|l| l.badge()) {
        segments.push(owned(format!(" {badge}"), Role::Warning));
    }
    segments.push(owned(missing, Role::Error));
    segments
}
