//! The Encoder: the key and what its signature is worth, the new token, its verdicts, and its
//! difference from the original, in the areas and rows the pane laid out.

use super::text::{line, section_title};
use super::theme;
use crate::app::Model;
use crate::app::panes::tokens::DiffView;
use crate::app::text::Segment;
use crate::domain::token_diff::TokenDiff;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

pub fn render(frame: &mut Frame, area: Rect, model: &Model) {
    let pane = &model.panes.encoder;
    let layout = &pane.layout;
    if pane.original.is_none() {
        render_empty(frame, area, model.token.is_some());
        return;
    }
    let title = |text: &str| section_title(text, false, area.width);
    let key_title =
        if pane.key.is_some() { "Key · k changes it · A its algorithm" } else { "Key · k chooses one" };
    frame.render_widget(boxed(title(key_title), &layout.key_rows), layout.key_area.intersection(area));
    let token_title = match pane.new_token() {
        Some(token) => format!("New token · {} characters · c copies · i inspects", token.raw().len()),
        None => "New token".to_owned(),
    };
    frame.render_widget(boxed(title(&token_title), &layout.token_rows), layout.token_area.intersection(area));
    frame.render_widget(
        boxed(title("Verdicts · + adds a scope · - removes one"), &layout.verdict_rows),
        layout.verdict_area.intersection(area),
    );
    if let Some(outcome) = pane.outcome.as_ref() {
        render_difference(frame, layout.diff_area.intersection(area), &outcome.diff, &pane.diff_view);
    }
}

/// The difference from the original, as the Tokens pane draws it, from the first row on screen.
fn render_difference(frame: &mut Frame, area: Rect, diff: &TokenDiff, view: &DiffView) {
    let verdict = if diff.is_equal() { "equal: same identity, audience and scopes" } else { "different" };
    let visible = usize::from(area.height.saturating_sub(2));
    let position = if view.rows.len() > visible {
        format!(
            " · rows {}–{} of {} (↑↓ scroll)",
            view.top + 1,
            (view.top + visible).min(view.rows.len()),
            view.rows.len()
        )
    } else {
        String::new()
    };
    let title = format!("Difference ◆ original → new: {verdict}{position} (o opens every group)");
    let lines: Vec<Line> =
        view.rows.iter().skip(view.top).take(visible).map(|row| line(row.segments.iter().cloned())).collect();
    let block = Block::new().borders(Borders::ALL).title(section_title(&title, false, area.width));
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// `rows` in a bordered box titled `title`.
fn boxed<'a>(title: impl Into<Line<'a>>, rows: &'a [Vec<Segment<'static>>]) -> Paragraph<'a> {
    let lines: Vec<Line> = rows.iter().map(|row| line(row.iter().cloned())).collect();
    Paragraph::new(lines).block(Block::new().borders(Borders::ALL).title(title))
}

fn render_empty(frame: &mut Frame, area: Rect, has_token: bool) {
    let start = if has_token {
        vec![
            Span::raw("Press "),
            Span::styled(" Enter ", theme::key()),
            Span::raw(" to start from the inspected token (or "),
            Span::styled(" E ", theme::key()),
            Span::raw(" in the Inspector)."),
        ]
    } else {
        vec![
            Span::raw("No token yet: paste one, or press "),
            Span::styled(" f ", theme::key()),
            Span::raw(" to fetch one."),
        ]
    };
    let lines = vec![
        Line::from(""),
        Line::from(Span::styled("Change a token's claims and sign it again.", theme::section())),
        Line::from(""),
        Line::from(start),
        Line::from(""),
        Line::from(Span::styled(
            "The new token is signed with a key you choose: the local tenant's (tokex demo), a profile's, or a \
             key file. No Auth0 tenant accepts a token made here: only Auth0 holds a tenant's signing key.",
            theme::dim(),
        )),
    ];
    let block = Block::new().borders(Borders::ALL).title(section_title("Encoder", true, area.width));
    frame.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: false }), area);
}
