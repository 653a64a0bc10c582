//! The Inspector's scrollable body: header, claims, scopes, what they unlock, warnings and the
//! raw token. Its lines are typed ([`BodyLine`]), listed once per token; their text comes from
//! the token's view ([`segments`]), shared by the layout here and the renderer; where each line
//! falls once wrapped ([`BodyLayout`]) is worked out once per token and width, so a frame only
//! turns the rows on screen into text and a 5 MB token costs a countdown tick what a 1 KB one
//! does.

use crate::app::text::rows::WrappedLines;
use crate::app::text::{Segment, fixed, owned};
use crate::app::token::InspectedToken;
use crate::domain::expiry::{is_plausible_time, relative};
use crate::palette::Role;
use chrono::{DateTime, FixedOffset};
use std::borrow::Cow;
use std::sync::Arc;

/// One line of the body, by what it shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyLine {
    Blank,
    Heading(Section),
    Header,
    Claim(usize),
    ScopeGroup(usize),
    ApiSummary,
    ApiGroups,
    Privileged(usize),
    UnusedScope(usize),
    Warning(usize),
    Raw,
}

/// The body's sections, in order; a heading line starts each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Header,
    Claims,
    Scopes,
    Warnings,
    Raw,
}

impl Section {
    pub fn title(self) -> &'static str {
        match self {
            Section::Header => "HEADER",
            Section::Claims => "CLAIMS",
            Section::Scopes => "SCOPES",
            Section::Warnings => "WARNINGS",
            Section::Raw => "RAW TOKEN",
        }
    }
}

/// The lines of `token`'s body, in order. Adding a section is one edit here.
pub fn lines_of(token: &InspectedToken) -> Vec<BodyLine> {
    let view = &token.view;
    let mut lines = vec![BodyLine::Heading(Section::Header), BodyLine::Header, BodyLine::Blank];
    lines.push(BodyLine::Heading(Section::Claims));
    lines.extend((0..view.claims.len()).map(BodyLine::Claim));
    lines.extend([BodyLine::Blank, BodyLine::Heading(Section::Scopes)]);
    lines.extend((0..view.scope_groups.len()).map(BodyLine::ScopeGroup));
    lines.push(BodyLine::ApiSummary);
    if !view.api.groups.is_empty() {
        lines.push(BodyLine::ApiGroups);
    }
    lines.extend((0..view.api.privileged.len()).map(BodyLine::Privileged));
    lines.extend((0..view.api.unused.len()).map(BodyLine::UnusedScope));
    if !view.warnings.is_empty() {
        lines.extend([BodyLine::Blank, BodyLine::Heading(Section::Warnings)]);
        lines.extend((0..view.warnings.len()).map(BodyLine::Warning));
    }
    lines.extend([BodyLine::Blank, BodyLine::Heading(Section::Raw), BodyLine::Raw]);
    lines
}

/// Whether `line`'s text follows the clock (a time claim's relative part).
fn follows_clock(token: &InspectedToken, line: BodyLine) -> bool {
    matches!(line, BodyLine::Claim(claim) if token.view.claims.get(claim).is_some_and(|c| c.timestamp.is_some()))
}

/// The text of `line`, with what each part is. Borrowed from the token's view where it can be:
/// the raw token can be megabytes.
pub fn segments<'a>(
    token: &'a InspectedToken,
    line: BodyLine,
    now: i64,
    offset: FixedOffset,
) -> Vec<Segment<'a>> {
    let view = &token.view;
    let text = |s: &'a str, role| (Cow::Borrowed(s), role);
    match line {
        BodyLine::Blank => Vec::new(),
        BodyLine::Heading(Section::Scopes) => {
            vec![fixed("SCOPES", Role::Section), owned(format!("  {}", view.scope_summary), Role::Dim)]
        }
        BodyLine::Heading(section) => vec![fixed(section.title(), Role::Section)],
        BodyLine::Header => {
            let mut segments = vec![fixed("  ", Role::Plain)];
            for (name, value) in &view.header {
                segments.push(owned(format!("{name} "), Role::Label));
                segments.push(text(value, Role::Plain));
                segments.push(fixed("   ", Role::Plain));
            }
            segments
        }
        BodyLine::Claim(claim) => {
            let Some(row) = view.claims.get(claim) else { return Vec::new() };
            let name_width = view.claim_name_width;
            let mut segments = vec![owned(format!("  {:<name_width$}  ", row.name), Role::Label)];
            match row.timestamp {
                Some(timestamp) => segments.extend(time_segments(timestamp, now, offset)),
                None => segments.push(text(&row.value, Role::Plain)),
            }
            segments
        }
        BodyLine::ScopeGroup(group) => {
            let Some((resource, actions)) = view.scope_groups.get(group) else { return Vec::new() };
            let width = view.resource_width;
            vec![owned(format!("  {resource:<width$}  "), Role::Label), text(actions, Role::Plain)]
        }
        BodyLine::ApiSummary => vec![fixed("  ", Role::Plain), text(&view.api.summary, Role::Label)],
        BodyLine::ApiGroups => vec![fixed("    ", Role::Plain), text(&view.api.groups, Role::Dim)],
        BodyLine::Privileged(scope) => match view.api.privileged.get(scope) {
            Some(line) => vec![fixed("  ⚠ ", Role::Warning), text(line, Role::Warning)],
            None => Vec::new(),
        },
        BodyLine::UnusedScope(scope) => match view.api.unused.get(scope) {
            Some(line) => vec![fixed("  ⚠ ", Role::Warning), text(line, Role::Warning)],
            None => Vec::new(),
        },
        BodyLine::Warning(warning) => match view.warnings.get(warning) {
            Some(line) => vec![fixed("  ! ", Role::Warning), text(line, Role::Warning)],
            None => Vec::new(),
        },
        BodyLine::Raw => {
            let [header, payload, signature] = token.inspection.jwt.parts();
            vec![
                text(header, Role::TokenPart(0)),
                fixed(".", Role::Dim),
                text(payload, Role::TokenPart(1)),
                fixed(".", Role::Dim),
                text(signature, Role::TokenPart(2)),
            ]
        }
    }
}

/// `2026-11-28 19:00:00 +01:00 │ 2026-11-28 18:00:00 UTC │ in 3m 12s` (the UTC date too: near
/// midnight it is not the local one); a time outside the years 0001–9999 is shown as the
/// number it is, never as a date.
fn time_segments(timestamp: i64, now: i64, offset: FixedOffset) -> Vec<Segment<'static>> {
    let utc = Some(timestamp).filter(|t| is_plausible_time(*t)).and_then(|t| DateTime::from_timestamp(t, 0));
    let Some(utc) = utc else {
        return vec![owned(format!("{timestamp} (not a plausible time)"), Role::Error)];
    };
    let local = utc.with_timezone(&offset);
    vec![
        owned(local.format("%Y-%m-%d %H:%M:%S %:z").to_string(), Role::Plain),
        fixed(" │ ", Role::Dim),
        owned(utc.format("%Y-%m-%d %H:%M:%S UTC").to_string(), Role::Plain),
        fixed(" │ ", Role::Dim),
        owned(relative(timestamp, now), Role::Plain),
    ]
}

/// Where each line of the body falls at one width.
#[derive(Debug, Clone)]
pub struct BodyLayout {
    /// The token laid out (compared by identity: a new token is a new layout).
    token: Arc<crate::domain::Inspection>,
    pub lines: Vec<BodyLine>,
    pub rows: WrappedLines,
    /// Lines that follow the clock, with the height they had when laid out.
    clock_lines: Vec<(usize, usize)>,
}

impl BodyLayout {
    /// Wraps every line of `token`'s body at `width`.
    pub fn new(token: &InspectedToken, width: u16, now: i64, offset: FixedOffset) -> Self {
        let lines = lines_of(token);
        let rows = WrappedLines::new(lines.len(), width, |i| segments(token, lines[i], now, offset));
        let clock_lines = (0..lines.len())
            .filter(|&i| follows_clock(token, lines[i]))
            .map(|i| (i, rows.height(i)))
            .collect();
        Self { token: Arc::clone(&token.inspection), lines, rows, clock_lines }
    }

    /// Whether this layout still describes `token` at `width` at time `now` (a time line whose
    /// text grew to another height needs a new layout).
    pub fn fits(&self, token: &InspectedToken, width: u16, now: i64, offset: FixedOffset) -> bool {
        Arc::ptr_eq(&self.token, &token.inspection)
            && self.rows.width == width
            && self.clock_lines.iter().all(|&(index, height)| {
                self.rows.height_of(&segments(token, self.lines[index], now, offset)) == height
            })
    }

    pub fn width(&self) -> u16 {
        self.rows.width
    }

    pub fn total_rows(&self) -> usize {
        self.rows.total_rows()
    }

    /// The first row of `section`'s heading.
    pub fn section_row(&self, section: Section) -> Option<usize> {
        self.row_of(|line| line == BodyLine::Heading(section))
    }

    /// The first row of the first line that `wanted` picks.
    pub fn row_of(&self, wanted: impl Fn(BodyLine) -> bool) -> Option<usize> {
        self.lines.iter().position(|line| wanted(*line)).map(|line| self.rows.start(line))
    }

    /// Rows `first..first + count`, as the renderer draws them.
    pub fn visible(
        &self,
        token: &InspectedToken,
        first: usize,
        count: usize,
        now: i64,
        offset: FixedOffset,
    ) -> Vec<Vec<Segment<'static>>> {
        self.rows.rows(first, count, |i| segments(token, self.lines[i], now, offset))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::token::TokenOrigin;
    use crate::domain::Inspection;

    fn token(payload: &str) -> InspectedToken {
        use base64::Engine;
        let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let raw = format!(
            "{}.{}.{}",
            engine.encode(r#"{"alg":"RS256","typ":"JWT"}"#),
            engine.encode(payload),
            engine.encode([7u8; 32])
        );
        InspectedToken::new(Inspection::from_pasted(&raw).expect("a token"), TokenOrigin::Pasted)
    }

    #[test]
    fn every_line_is_placed_once_and_long_ones_wrap() {
        let long = "x".repeat(500);
        let token = token(&format!(r#"{{"iss":"https://a/","exp":2000000000,"note":"{long}"}}"#));
        let offset = FixedOffset::east_opt(0).expect("offset");
        let layout = BodyLayout::new(&token, 80, 1_900_000_000, offset);
        assert_eq!(layout.rows.line_count(), lines_of(&token).len());
        let note = layout.lines.iter().position(|l| *l == BodyLine::Claim(2)).expect("note claim");
        assert!(layout.rows.height(note) > 1 && layout.rows.rows_of(note).is_some());
        assert_eq!(layout.rows.height(0), 1);
        assert_eq!(layout.rows.line_at_row(layout.rows.start(note) + 1), note);
        assert!(layout.fits(&token, 80, 1_900_000_001, offset));
        assert!(!layout.fits(&token, 81, 1_900_000_001, offset));
        assert_eq!(layout.section_row(Section::Header), Some(0));
    }
}
