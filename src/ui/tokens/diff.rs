//! The Tokens pane's comparison: the marked token against the selected one — claims side by
//! side, scopes gained and lost, and Management API operations gained and lost per group
//! (every operation when expanded).

use crate::domain::sanitize::escape_control;
use crate::domain::token_diff::TokenDiff;
use crate::ui::theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

pub fn render(frame: &mut Frame, area: Rect, diff: &TokenDiff, expanded: bool) {
    let verdict = if diff.is_equal() { "equal: same identity, audience and scopes" } else { "different" };
    let title = format!(
        " Diff ◆ marked → selected: {verdict} (o {} operations) ",
        if expanded { "hides" } else { "lists" }
    );
    let mut lines = Vec::new();
    let list = |scopes: &[String]| {
        scopes.iter().map(|s| escape_control(s).into_owned()).collect::<Vec<_>>().join(" ")
    };
    lines.push(Line::from(vec![
        Span::styled(format!("scopes +{} ", diff.scopes_gained.len()), theme::info()),
        Span::raw(list(&diff.scopes_gained)),
    ]));
    lines.push(Line::from(vec![
        Span::styled(format!("scopes −{} ", diff.scopes_lost.len()), theme::error()),
        Span::raw(list(&diff.scopes_lost)),
    ]));
    // Differing fields in full; equal ones named on one line, so a small screen keeps the rest.
    let shown = |value: &Option<String>| {
        value.as_deref().map_or("—".to_owned(), |v| escape_control(v).into_owned())
    };
    let differing: Vec<_> = diff.fields.iter().filter(|f| !f.is_equal()).collect();
    let width = differing.iter().map(|f| shown(&f.left).chars().count()).max().unwrap_or(0).clamp(4, 48);
    for field in &differing {
        lines.push(Line::from(vec![
            Span::styled(format!("{:<10}", field.name), theme::label()),
            Span::styled(
                format!("{:<width$}  → {}", shown(&field.left), shown(&field.right)),
                theme::warning(),
            ),
        ]));
    }
    let equal: Vec<&str> = diff.fields.iter().filter(|f| f.is_equal()).map(|f| f.name).collect();
    if !equal.is_empty() {
        lines.push(Line::from(Span::styled(format!("same {}", equal.join(", ")), theme::dim())));
    }
    lines.push(Line::from(Span::styled(
        format!("Management API operations: +{} −{}", diff.operations_gained(), diff.operations_lost()),
        theme::section(),
    )));
    if !expanded {
        let counts: Vec<String> = diff
            .operations
            .iter()
            .map(|g| format!("{} +{} −{}", g.group, g.gained.len(), g.lost.len()))
            .collect();
        lines.push(Line::from(Span::raw(counts.join(" · "))));
    } else {
        for group in &diff.operations {
            lines.push(Line::from(Span::styled(
                format!("{} +{} −{}", group.group, group.gained.len(), group.lost.len()),
                theme::label(),
            )));
            lines.extend(
                group.gained.iter().map(|id| Line::from(Span::styled(format!("  + {id}"), theme::info()))),
            );
            lines.extend(
                group.lost.iter().map(|id| Line::from(Span::styled(format!("  − {id}"), theme::error()))),
            );
        }
    }
    let block = Block::new().borders(Borders::ALL).title(title);
    frame.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: false }), area);
}
