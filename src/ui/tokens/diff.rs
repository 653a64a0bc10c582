//! The Tokens pane's comparison: the marked token against the selected one, as the rows the
//! pane laid out (scopes by resource, the claims that differ, operations per group), from the
//! first row on screen; the row under the cursor stands out while the difference has the focus.

use crate::app::panes::tokens::{DiffView, Section, TokensPane};
use crate::domain::token_diff::TokenDiff;
use crate::ui::text::{line, section_title};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::widgets::{Block, Borders, Paragraph};

pub fn render(frame: &mut Frame, area: Rect, diff: &TokenDiff, pane: &TokensPane) {
    let view: &DiffView = &pane.diff_view;
    let focused = pane.section == Section::Diff;
    let verdict = if diff.is_equal() { "equal: same identity, audience and scopes" } else { "different" };
    let visible = usize::from(area.height.saturating_sub(2));
    let position = if view.rows.len() > visible {
        format!(
            " · rows {}–{} of {}",
            view.top + 1,
            (view.top + visible).min(view.rows.len()),
            view.rows.len()
        )
    } else {
        String::new()
    };
    let hint = if focused { "Enter opens a group · ← back" } else { "→ scrolls" };
    let title = format!("Difference ◆ marked → selected: {verdict}{position} ({hint})");
    let lines: Vec<_> = view
        .rows
        .iter()
        .enumerate()
        .skip(view.top)
        .take(visible)
        .map(|(index, row)| {
            let drawn = line(row.segments.iter().cloned());
            if focused && index == view.cursor {
                drawn.patch_style(Style::new().add_modifier(Modifier::REVERSED))
            } else {
                drawn
            }
        })
        .collect();
    let block = Block::new().borders(Borders::ALL).title(section_title(&title, focused, area.width));
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
