//! The Inspector's grant lines, under the countdown: the inspected token against its client's
//! grant today, or why that is not known. One to three rows, wrapped at words; a cut ends in `…`.

use super::fit::{fit_words, words};
use super::{spinner_frame, theme};
use crate::app::{InspectedToken, Model};
use crate::domain::sanitize::escape_control;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// At most this many rows: the rest is one `tokex drift` away.
const MAX_ROWS: usize = 3;

/// The grant lines for `token` as plain texts with their styles.
fn texts(token: &InspectedToken, model: &Model) -> Vec<(String, Style)> {
    if let Some(pending) = model.drift.pending_for(&token.inspection) {
        return vec![(
            format!(
                "{} grant: asking {} for the client's current grant… (Esc cancels)",
                spinner_frame(model.screen.spinner),
                escape_control(&pending.tenant)
            ),
            theme::info(),
        )];
    }
    match model.drift.outcome_for(&token.inspection).map(|o| &o.result) {
        None => vec![("○ grant: not compared with the tenant (d asks)".to_owned(), theme::dim())],
        Some(Err(unknown)) => {
            vec![(
                format!("○ grant drift not checked: {}", escape_control(&unknown.to_string())),
                theme::dim(),
            )]
        }
        Some(Ok(report)) => {
            let (mark, style) =
                if report.has_drift() { ("⚠", theme::warning()) } else { ("✓", theme::info()) };
            report
                .lines()
                .into_iter()
                .take(MAX_ROWS)
                .map(|line| (format!("{mark} grant: {}", escape_control(&line)), style))
                .collect()
        }
    }
}

/// The grant lines broken into rows of `width` columns, at most `MAX_ROWS` in all.
fn rows(token: &InspectedToken, model: &Model, width: u16) -> Vec<Vec<Span<'static>>> {
    let mut rows = Vec::new();
    for (text, style) in texts(token, model) {
        let room = MAX_ROWS.saturating_sub(rows.len());
        if room == 0 {
            break;
        }
        rows.extend(fit_words(&words(&text, style), usize::from(width), room));
    }
    rows
}

/// How many rows the grant lines take in a box `width` columns wide inside.
pub fn height(token: &InspectedToken, model: &Model, width: u16) -> u16 {
    rows(token, model, width).len().max(1) as u16
}

pub fn lines(token: &InspectedToken, model: &Model, width: u16) -> Vec<Line<'static>> {
    rows(token, model, width).into_iter().map(Line::from).collect()
}
