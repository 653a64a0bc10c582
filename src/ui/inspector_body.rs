//! The inspector's scrollable body: header, claims, scopes, warnings and the raw token.
//! Its lines are addressed by index, so a frame builds only the lines on screen; where they
//! fall once wrapped comes from a `BodyLayout` built once per token and width.

use super::plain_text::PlainLine;
use super::theme;
use crate::app::{BodyLayout, InspectedToken, Model, NoticeLevel, RowStart};
use crate::domain::expiry::{is_plausible_time, relative};
use chrono::{DateTime, FixedOffset};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use std::borrow::Cow;
use unicode_width::UnicodeWidthChar;

/// Lines wider than this (in columns) are split into rows once, at layout time, instead of
/// being wrapped by ratatui on every frame, which walks the whole line to reach a row.
const LONG_LINE: usize = 4096;

/// One line of the body, by what it shows.
enum BodyLine {
    Blank,
    Heading(&'static str),
    Header,
    Claim(usize),
    ScopeHeading,
    ScopeGroup(usize),
    ApiSummary,
    ApiGroups,
    UnusedScope(usize),
    Warning(usize),
    Raw,
}

/// The body's block: its title says whether the signature was verified.
pub fn block(token: &InspectedToken) -> Block<'static> {
    let title = if token.signature.verification.signature.is_verified() {
        " Decoded "
    } else {
        " Decoded (signature not verified) "
    };
    // The body is what the Inspector's keys scroll: its title carries the focus mark.
    Block::new().borders(Borders::ALL).title(super::footer::section_title(title, true))
}

pub fn render(frame: &mut Frame, area: Rect, token: &InspectedToken, model: &Model) {
    let block = block(token);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.is_empty() {
        return;
    }
    let built;
    let layout = match model.inspector.layout.as_ref().filter(|l| fits(l, token, model, inner.width)) {
        Some(layout) => layout,
        // Tests and the first frame after a change render without a cached layout.
        None => {
            built = lay_out(token, model, inner.width);
            &built
        }
    };
    let notice = notice_lines(model);
    let notice_rows = wrapped_rows(&notice, inner.width);
    let height = usize::from(inner.height);
    let scroll = model.inspector.scroll.min((notice_rows + layout.total_rows()).saturating_sub(height));
    let mut rows = 0;
    let body_row = if scroll < notice_rows {
        rows = notice_rows - scroll;
        let skip = u16::try_from(scroll).unwrap_or(u16::MAX);
        let area = Rect { height: inner.height.min(u16::try_from(rows).unwrap_or(u16::MAX)), ..inner };
        frame.render_widget(Paragraph::new(notice).wrap(Wrap { trim: false }).scroll((skip, 0)), area);
        0
    } else {
        scroll - notice_rows
    };
    // Each line on screen goes to its own rows: a line the layout knows fits in one row is drawn
    // as it is, and only a line that wraps runs the wrapper (an idle frame redraws the body
    // every second for its relative times, and wrapping every line was most of that frame).
    let mut index = layout.line_at_row(body_row);
    let mut offset = body_row.saturating_sub(layout.start(index));
    while rows < height && index < layout.line_count() {
        let line = body_line(token, model, index);
        let line_rows = layout.height(index).saturating_sub(offset);
        let shown = line_rows.min(height - rows);
        let y = inner.y + u16::try_from(rows).unwrap_or(u16::MAX);
        let area = Rect { y, height: u16::try_from(shown).unwrap_or(u16::MAX), ..inner };
        match layout.long_rows(index) {
            Some(starts) => {
                for (row, target) in (offset..offset + shown).zip(area.rows()) {
                    frame.render_widget(PlainLine(row_of(&line, starts, row)), target);
                }
            }
            None if layout.height(index) == 1 => frame.render_widget(PlainLine(line), area),
            None => {
                let skip = u16::try_from(offset).unwrap_or(u16::MAX);
                frame.render_widget(Paragraph::new(line).wrap(Wrap { trim: false }).scroll((skip, 0)), area);
            }
        }
        rows += shown;
        offset = 0;
        index += 1;
    }
}

/// The largest scroll offset that still shows content, for a body of `area`.
pub fn scroll_limit(token: &InspectedToken, model: &Model, area: Rect) -> usize {
    let inner = block(token).inner(area);
    let total = wrapped_rows(&notice_lines(model), inner.width)
        + match model.inspector.layout.as_ref().filter(|l| fits(l, token, model, inner.width)) {
            Some(layout) => layout.total_rows(),
            None => lay_out(token, model, inner.width).total_rows(),
        };
    total.saturating_sub(usize::from(inner.height))
}

/// A layout for a body of `area`, unless the model's own still fits it.
pub fn layout_update(token: &InspectedToken, model: &Model, area: Rect) -> Option<BodyLayout> {
    let width = block(token).inner(area).width;
    match model.inspector.layout.as_ref() {
        Some(layout) if fits(layout, token, model, width) => None,
        _ => Some(lay_out(token, model, width)),
    }
}

/// Wraps every line once: heights for all, rows for the long ones.
pub fn lay_out(token: &InspectedToken, model: &Model, width: u16) -> BodyLayout {
    let count = line_count(token);
    let mut layout = BodyLayout {
        width,
        token_len: token.raw().len(),
        starts: Vec::with_capacity(count + 1),
        long_lines: Vec::new(),
        clock_lines: Vec::new(),
    };
    let mut row = 0;
    for index in 0..count {
        layout.starts.push(row);
        let line = body_line(token, model, index);
        // The raw token is split here too, whatever its length: it has no spaces, so its rows
        // are exactly those ratatui's wrapping gives, and a frame need not wrap it again.
        let is_raw = matches!(line_kind(token, index), BodyLine::Raw);
        let height = if line_width(&line) > LONG_LINE || (is_raw && line_width(&line) > usize::from(width)) {
            let starts = split_rows(&line, width);
            let height = starts.len();
            layout.long_lines.push((index, starts));
            height
        } else {
            wrapped_rows(std::slice::from_ref(&line), width)
        };
        if is_clock_line(token, index) {
            layout.clock_lines.push((index, height));
        }
        row += height;
    }
    layout.starts.push(row);
    layout
}

/// Whether `layout` is this token's at this width, with the clock's lines still as tall.
fn fits(layout: &BodyLayout, token: &InspectedToken, model: &Model, width: u16) -> bool {
    layout.width == width
        && layout.token_len == token.raw().len()
        && layout.line_count() == line_count(token)
        && layout.clock_lines.iter().all(|(index, height)| {
            wrapped_rows(std::slice::from_ref(&body_line(token, model, *index)), width) == *height
        })
}

fn wrapped_rows(lines: &[Line], width: u16) -> usize {
    if lines.is_empty() {
        return 0;
    }
    // One line that fits is one row, without running the wrapper: this is asked of the clock's
    // lines before every frame.
    if let [line] = lines
        && width > 0
        && line_width(line) <= usize::from(width)
    {
        return 1;
    }
    Paragraph::new(lines.to_vec()).wrap(Wrap { trim: false }).line_count(width)
}

fn notice_lines(model: &Model) -> Vec<Line<'_>> {
    match model.notice.as_ref().filter(|n| n.level == NoticeLevel::Error) {
        Some(notice) => {
            vec![Line::from(Span::styled(notice.text.as_str(), theme::error())), Line::from("")]
        }
        None => Vec::new(),
    }
}

fn line_count(token: &InspectedToken) -> usize {
    let view = &token.view;
    let warnings = if view.warnings.is_empty() { 0 } else { 2 + view.warnings.len() };
    let api = 1 + usize::from(!view.api.groups.is_empty()) + view.api.unused.len();
    4 + view.claims.len() + 2 + view.scope_groups.len() + api + warnings + 3
}

/// What line `index` of the body shows, in the order: header, claims, scopes, warnings, raw.
fn line_kind(token: &InspectedToken, index: usize) -> BodyLine {
    let view = &token.view;
    let mut at = index;
    let fixed = [BodyLine::Heading("HEADER"), BodyLine::Header, BodyLine::Blank, BodyLine::Heading("CLAIMS")];
    if let Some(kind) = take(&mut at, fixed) {
        return kind;
    }
    if at < view.claims.len() {
        return BodyLine::Claim(at);
    }
    at -= view.claims.len();
    if let Some(kind) = take(&mut at, [BodyLine::Blank, BodyLine::ScopeHeading]) {
        return kind;
    }
    if at < view.scope_groups.len() {
        return BodyLine::ScopeGroup(at);
    }
    at -= view.scope_groups.len();
    if at == 0 {
        return BodyLine::ApiSummary;
    }
    at -= 1;
    if !view.api.groups.is_empty() {
        if at == 0 {
            return BodyLine::ApiGroups;
        }
        at -= 1;
    }
    if at < view.api.unused.len() {
        return BodyLine::UnusedScope(at);
    }
    at -= view.api.unused.len();
    if !view.warnings.is_empty() {
        if let Some(kind) = take(&mut at, [BodyLine::Blank, BodyLine::Heading("WARNINGS")]) {
            return kind;
        }
        if at < view.warnings.len() {
            return BodyLine::Warning(at);
        }
        at -= view.warnings.len();
    }
    take(&mut at, [BodyLine::Blank, BodyLine::Heading("RAW TOKEN")]).unwrap_or(BodyLine::Raw)
}

/// The `at`-th of `kinds`, or None with `at` moved past them.
fn take<const N: usize>(at: &mut usize, kinds: [BodyLine; N]) -> Option<BodyLine> {
    if *at < N {
        return kinds.into_iter().nth(*at);
    }
    *at -= N;
    None
}

fn is_clock_line(token: &InspectedToken, index: usize) -> bool {
    matches!(line_kind(token, index), BodyLine::Claim(claim) if token.view.claims[claim].timestamp.is_some())
}

fn body_line<'a>(token: &'a InspectedToken, model: &Model, index: usize) -> Line<'a> {
    let view = &token.view;
    match line_kind(token, index) {
        BodyLine::Blank => Line::from(""),
        BodyLine::Heading(text) => Line::from(Span::styled(text, theme::section())),
        BodyLine::Header => {
            let mut spans = vec![Span::raw("  ")];
            for (name, value) in &view.header {
                spans.push(Span::styled(format!("{name} "), theme::label()));
                spans.push(Span::raw(value.as_str()));
                spans.push(Span::raw("   "));
            }
            Line::from(spans)
        }
        BodyLine::Claim(claim) => {
            let row = &view.claims[claim];
            let name_width = view.claim_name_width;
            let mut spans = vec![Span::styled(format!("  {:<name_width$}  ", row.name), theme::label())];
            match row.timestamp {
                Some(timestamp) => spans.extend(time_spans(timestamp, model.now, model.utc_offset)),
                None => spans.push(Span::raw(row.value.as_str())),
            }
            Line::from(spans)
        }
        BodyLine::ScopeHeading => Line::from(vec![
            Span::styled("SCOPES", theme::section()),
            Span::styled(format!("  {}", view.scope_summary), theme::dim()),
        ]),
        BodyLine::ScopeGroup(group) => {
            let (resource, actions) = &view.scope_groups[group];
            let resource_width = view.resource_width;
            Line::from(vec![
                Span::styled(format!("  {resource:<resource_width$}  "), theme::label()),
                Span::raw(actions.as_str()),
            ])
        }
        BodyLine::ApiSummary => {
            Line::from(vec![Span::raw("  "), Span::styled(view.api.summary.as_str(), theme::label())])
        }
        BodyLine::ApiGroups => {
            Line::from(vec![Span::raw("    "), Span::styled(view.api.groups.as_str(), theme::dim())])
        }
        BodyLine::UnusedScope(scope) => Line::from(vec![
            Span::styled("  ⚠ ", theme::warning()),
            Span::styled(view.api.unused[scope].as_str(), theme::warning()),
        ]),
        BodyLine::Warning(warning) => Line::from(vec![
            Span::styled("  ! ", theme::warning()),
            Span::styled(view.warnings[warning].as_str(), theme::warning()),
        ]),
        BodyLine::Raw => {
            let [header, payload, signature] = token.inspection.jwt.parts();
            Line::from(vec![
                Span::styled(header, theme::token_part(0)),
                Span::styled(".", theme::dim()),
                Span::styled(payload, theme::token_part(1)),
                Span::styled(".", theme::dim()),
                Span::styled(signature, theme::token_part(2)),
            ])
        }
    }
}

/// `2026-11-28 19:00:00 +01:00 │ 2026-11-28 18:00:00 UTC │ in 3m 12s` (the UTC date too: near
/// midnight it is not the local one); a time outside the years
/// 0001–9999 is shown as the number it is, never as a date.
fn time_spans(timestamp: i64, now: i64, offset: FixedOffset) -> Vec<Span<'static>> {
    let utc = Some(timestamp).filter(|t| is_plausible_time(*t)).and_then(|t| DateTime::from_timestamp(t, 0));
    let Some(utc) = utc else {
        return vec![Span::styled(format!("{timestamp} (not a plausible time)"), theme::error())];
    };
    let local = utc.with_timezone(&offset);
    vec![
        Span::raw(local.format("%Y-%m-%d %H:%M:%S %:z").to_string()),
        Span::styled(" │ ", theme::dim()),
        Span::raw(utc.format("%Y-%m-%d %H:%M:%S UTC").to_string()),
        Span::styled(" │ ", theme::dim()),
        Span::raw(relative(timestamp, now)),
    ]
}

/// Splits a long line into rows of at most `width` columns: after the last space that fits,
/// else (a base64url run, say) exactly at the width, as ratatui's wrapping does.
fn split_rows(line: &Line, width: u16) -> Vec<RowStart> {
    let mut rows = RowSplitter::new(width);
    for (span, content) in line.spans.iter().map(|span| span.content.as_ref()).enumerate() {
        // Body text is escaped, so ASCII text is printable: one column a byte, no lookups
        // (a megabyte token is almost all ASCII).
        if content.is_ascii() {
            rows.advance_ascii(span, content.as_bytes());
        } else {
            for (byte, character) in content.char_indices() {
                rows.advance(RowStart { span, byte }, character.width().unwrap_or(0), character == ' ');
            }
        }
    }
    rows.starts
}

struct RowSplitter {
    width: usize,
    starts: Vec<RowStart>,
    /// Columns used in the current row.
    used: usize,
    /// Where a row could start after the last space in this row, and the columns before it.
    after_space: Option<(RowStart, usize)>,
}

impl RowSplitter {
    fn new(width: u16) -> Self {
        Self {
            width: usize::from(width.max(1)),
            starts: vec![RowStart { span: 0, byte: 0 }],
            used: 0,
            after_space: None,
        }
    }

    /// Places the character at `at`, `columns` wide.
    fn advance(&mut self, at: RowStart, columns: usize, is_space: bool) {
        while self.used + columns > self.width && self.used > 0 {
            match self.after_space.take() {
                Some((start, before)) if before < self.used => {
                    self.starts.push(start);
                    self.used -= before;
                }
                _ => {
                    self.starts.push(at);
                    self.used = 0;
                }
            }
        }
        self.used += columns;
        if is_space {
            self.after_space = Some((RowStart { span: at.span, byte: at.byte + 1 }, self.used));
        }
    }

    /// Places the printable ASCII `text` of `span`: the same rows as `advance` on each of its
    /// characters, found a row at a time (a megabyte claim is thousands of rows, not a million
    /// steps). Within a row nothing wraps, so only the row's last space matters.
    fn advance_ascii(&mut self, span: usize, text: &[u8]) {
        let mut byte = 0;
        while byte < text.len() {
            if self.used >= self.width {
                // The row is full: the next character starts a row, as `advance` places it.
                self.advance(RowStart { span, byte }, 1, text[byte] == b' ');
                byte += 1;
                continue;
            }
            let take = (self.width - self.used).min(text.len() - byte);
            if let Some(space) = memchr::memrchr(b' ', &text[byte..byte + take]) {
                let after = RowStart { span, byte: byte + space + 1 };
                self.after_space = Some((after, self.used + space + 1));
            }
            self.used += take;
            byte += take;
        }
    }
}

/// Columns of `line`, counting ASCII spans by their length (escaped text: printable).
fn line_width(line: &Line) -> usize {
    line.spans
        .iter()
        .map(|span| if span.content.is_ascii() { span.content.len() } else { span.width() })
        .sum()
}

/// Row `row` of a line split by `split_rows`, borrowing from the line where it can.
fn row_of<'a>(line: &Line<'a>, starts: &[RowStart], row: usize) -> Line<'a> {
    let Some(start) = starts.get(row).copied() else { return Line::from("") };
    let end = starts.get(row + 1).copied();
    let mut spans = Vec::new();
    for (index, span) in line.spans.iter().enumerate().skip(start.span) {
        let from = if index == start.span { start.byte } else { 0 };
        let ends_here = end.is_some_and(|end| end.span == index);
        let to = if ends_here { end.map_or(span.content.len(), |end| end.byte) } else { span.content.len() };
        if from < to {
            spans.push(Span::styled(slice(&span.content, from, to), span.style));
        }
        if ends_here {
            break;
        }
    }
    Line::from(spans)
}

fn slice<'a>(text: &Cow<'a, str>, from: usize, to: usize) -> Cow<'a, str> {
    match text {
        Cow::Borrowed(text) => Cow::Borrowed(&text[from..to]),
        Cow::Owned(text) => Cow::Owned(text[from..to].to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `split_rows` as one `advance` per character, the definition the fast paths must match.
    fn rows_one_by_one(line: &Line, width: u16) -> Vec<RowStart> {
        let mut rows = RowSplitter::new(width);
        for (span, content) in line.spans.iter().map(|span| span.content.as_ref()).enumerate() {
            for (byte, character) in content.char_indices() {
                rows.advance(RowStart { span, byte }, character.width().unwrap_or(0), character == ' ');
            }
        }
        rows.starts
    }

    #[test]
    fn runs_of_a_token_split_like_one_character_at_a_time() {
        let line = Line::from(vec![
            Span::raw("  raw "),
            Span::raw("eyJhbGciOiJSUzI1NiJ9"),
            Span::raw("."),
            Span::raw("x".repeat(1_000)),
            Span::raw(" words with spaces "),
            Span::raw("lorem ipsum dolor sit amet ".repeat(40)),
            Span::raw("  two  spaces   three    four "),
            Span::raw(format!("{} {}", "w".repeat(150), "v".repeat(9))),
            Span::raw("é".repeat(30)),
            Span::raw("y".repeat(77)),
        ]);
        for width in [1, 2, 3, 5, 6, 7, 10, 26, 27, 28, 37, 80, 119, 2_000] {
            assert_eq!(split_rows(&line, width), rows_one_by_one(&line, width), "width {width}");
        }
    }
}
