//! Where the Encoder's parts go and the rows each shows, worked out in `update` for the pane's
//! area: the key (what it is and what its signature is worth), the new token, the verdicts,
//! and the difference from the original below them. A small screen gets fewer rows of each,
//! cut with `…`, never the key's warning dropped.

use super::EncoderPane;
use super::outcome::Outcome;
use super::source::NOT_AUTH0;
use crate::app::context::PaneContext;
use crate::app::text::Segment;
use crate::app::text::fit::{fit_words, words};
use crate::domain::sanitize::escape_control;
use crate::domain::signing::alg_name;
use crate::palette::Role;
use ratatui::layout::{Constraint, Layout, Rect};
use std::borrow::Cow;

/// A screen this tall or more gets the roomy layout.
const ROOMY: u16 = 26;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct EncoderLayout {
    pub key_area: Rect,
    pub key_rows: Vec<Vec<Segment<'static>>>,
    pub token_area: Rect,
    pub token_rows: Vec<Vec<Segment<'static>>>,
    pub verdict_area: Rect,
    pub verdict_rows: Vec<Vec<Segment<'static>>>,
    pub diff_area: Rect,
    /// The whole pane, for the empty state.
    pub area: Rect,
}

impl EncoderLayout {
    /// Rows of the difference on screen.
    pub fn diff_rows(&self) -> usize {
        usize::from(self.diff_area.height.saturating_sub(2))
    }

    pub fn new(area: Rect, pane: &EncoderPane, ctx: &PaneContext) -> Self {
        let mut layout = EncoderLayout { area, ..EncoderLayout::default() };
        if pane.original.is_none() {
            return layout;
        }
        let roomy = area.height >= ROOMY;
        let width = usize::from(area.width.saturating_sub(2));
        layout.key_rows = key_rows(pane, width, if roomy { 5 } else { 4 });
        layout.token_rows = token_rows(pane, width, if roomy { 4 } else { 1 });
        layout.verdict_rows = match pane.outcome.as_ref() {
            Some(outcome) => verdict_rows(outcome, width, ctx.now, if roomy { 4 } else { 2 }),
            None => Vec::new(),
        };
        let height = |rows: &Vec<Vec<Segment<'static>>>| u16::try_from(rows.len()).unwrap_or(1).max(1) + 2;
        let [key, token, verdict, diff] = Layout::vertical([
            Constraint::Length(height(&layout.key_rows)),
            Constraint::Length(height(&layout.token_rows)),
            Constraint::Length(height(&layout.verdict_rows)),
            Constraint::Min(3),
        ])
        .areas(area);
        (layout.key_area, layout.token_area, layout.verdict_area, layout.diff_area) =
            (key, token, verdict, diff);
        layout
    }
}

/// The key, its algorithm and id on the first rows; what its signature is worth below.
fn key_rows(pane: &EncoderPane, width: usize, max: usize) -> Vec<Vec<Segment<'static>>> {
    let Some(key) = pane.key.as_ref() else {
        let text = "No key chosen: k chooses one. The verdicts below judge the claims as they are; \
                    nothing is signed, so there is nothing to copy.";
        return fit_words(&words(text, Role::Warning), width, max);
    };
    let mut line = vec![("key".to_owned(), Role::Label)];
    line.extend(words(&escape_control(&key.source.label()), Role::Strong));
    line.push(("·".to_owned(), Role::Dim));
    line.push((alg_name(key.signer.alg).to_owned(), Role::Strong));
    line.push(("·".to_owned(), Role::Dim));
    line.push(("kid".to_owned(), Role::Label));
    line.push(match key.signer.kid.as_deref() {
        Some(kid) => (escape_control(kid).into_owned(), Role::Plain),
        None => ("none".to_owned(), Role::Dim),
    });
    let mut rows = fit_words(&line, width, 2);
    // What it is not comes first, so a small screen cuts the rest, never that.
    let mut worth = words(NOT_AUTH0, Role::Warning);
    worth.extend(words(&key.source.worth(key.signer.alg), Role::Plain));
    let left = max.saturating_sub(rows.len()).max(2);
    rows.extend(fit_words(&worth, width, left));
    rows
}

/// The new token, coloured by part, in rows of the width (the last cut with `…`).
fn token_rows(pane: &EncoderPane, width: usize, max: usize) -> Vec<Vec<Segment<'static>>> {
    if let Some(problem) = pane.problem.as_ref() {
        return fit_words(&words(&escape_control(problem), Role::Error), width, max);
    }
    let Some(raw) = pane.new_token().map(|t| t.raw()) else {
        return vec![vec![(Cow::Borrowed("Not signed: k chooses a key to sign with."), Role::Dim)]];
    };
    // A token is base64url and dots: one column a byte.
    let width = width.max(2);
    let dots: Vec<usize> = raw.match_indices('.').map(|(at, _)| at).take(2).collect();
    let part_at = |at: usize| u8::try_from(dots.iter().filter(|dot| **dot < at).count()).unwrap_or(2);
    let mut rows = Vec::new();
    let mut start = 0;
    while start < raw.len() && rows.len() < max {
        let last = rows.len() + 1 == max;
        let mut end = (start + width).min(raw.len());
        let cut = last && end < raw.len();
        if cut {
            end = start + width - 1;
        }
        let mut row: Vec<Segment<'static>> = Vec::new();
        let mut from = start;
        while from < end {
            let part = part_at(from);
            let to = dots.iter().copied().map(|d| d + 1).find(|d| *d > from && *d < end).unwrap_or(end);
            row.push((Cow::Owned(raw[from..to].to_owned()), Role::TokenPart(part)));
            from = to;
        }
        if cut {
            row.push((Cow::Borrowed("…"), Role::Dim));
        }
        rows.push(row);
        start = end;
    }
    rows
}

/// What the new token could call, against the original; its scopes that unlock nothing; when
/// it expires.
fn verdict_rows(outcome: &Outcome, width: usize, now: i64, max: usize) -> Vec<Vec<Segment<'static>>> {
    let gained = outcome.allowed as i64 - outcome.original_allowed as i64;
    let change = match gained {
        0 => "as many as the original".to_owned(),
        n if n > 0 => format!("{n} more than the original ({})", outcome.original_allowed),
        n => format!("{} fewer than the original ({})", -n, outcome.original_allowed),
    };
    let expiry = outcome.token.inspection.expiry(now);
    let mut summary =
        words(&format!("can call {} of {} operations:", outcome.allowed, outcome.total), Role::Label);
    summary.extend(words(&change, Role::Strong));
    summary.push(("·".to_owned(), Role::Dim));
    summary.extend(words(&expiry.headline(), Role::Urgency(expiry.urgency)));
    let mut rows = fit_words(&summary, width, 1);
    let api = &outcome.token.view.api;
    if max > rows.len() && !api.groups.is_empty() {
        let left = (max - rows.len()).saturating_sub(usize::from(!api.unused.is_empty())).max(1);
        rows.extend(fit_words(&words(&api.groups, Role::Dim), width, left));
    }
    if max > rows.len()
        && let Some(first) = api.unused.first()
    {
        let more = api.unused.len() - 1;
        let text = if more == 0 { first.clone() } else { format!("{first} (+{more} more)") };
        rows.extend(fit_words(&words(&text, Role::Warning), width, max - rows.len()));
    }
    rows
}
