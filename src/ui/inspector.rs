//! The inspector pane: countdown and gauge on top, then header, claims, scopes, warnings
//! and the raw token in one scrollable body.

use super::theme;
use crate::app::{InspectedToken, Model, NoticeLevel};
use crate::domain::expiry::{is_plausible_time, relative};
use crate::domain::{Expiry, TimeState};
use chrono::{DateTime, FixedOffset};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Borders, LineGauge, Paragraph, Wrap};

const COUNTDOWN_HEIGHT: u16 = 5;

pub fn render(frame: &mut Frame, area: Rect, model: &Model) {
    let Some(token) = model.token.as_ref() else {
        render_empty(frame, area, model);
        return;
    };
    let [countdown_area, body_area] =
        Layout::vertical([Constraint::Length(COUNTDOWN_HEIGHT), Constraint::Min(3)]).areas(area);
    render_countdown(frame, countdown_area, token, model);
    let body = body_paragraph(token, model);
    let scroll = model.inspector.scroll.min(max_scroll(&body, body_area));
    frame.render_widget(body.scroll((scroll, 0)), body_area);
}

/// The largest scroll offset that still shows content, for the given terminal area.
pub fn scroll_limit(model: &Model, area: Rect) -> u16 {
    let Some(token) = model.token.as_ref() else { return 0 };
    let [_, body_area] =
        Layout::vertical([Constraint::Length(COUNTDOWN_HEIGHT), Constraint::Min(3)]).areas(area);
    max_scroll(&body_paragraph(token, model), body_area)
}

fn max_scroll(body: &Paragraph, body_area: Rect) -> u16 {
    let inner_width = body_area.width.saturating_sub(2);
    let inner_height = body_area.height.saturating_sub(2) as usize;
    let lines = body.line_count(inner_width);
    u16::try_from(lines.saturating_sub(inner_height)).unwrap_or(u16::MAX)
}

fn render_empty(frame: &mut Frame, area: Rect, model: &Model) {
    let mut lines = vec![
        Line::from(""),
        Line::from(Span::styled("No token yet.", theme::section())),
        Line::from(""),
        Line::from("Paste a token anywhere (your terminal's paste: Ctrl-Shift-V, Cmd-V, middle click)."),
        Line::from(
            "A bare JWT, `Bearer …`, an `Authorization:` header line or a whole JSON token response all work.",
        ),
        Line::from(vec![
            Span::raw("Or press "),
            Span::styled(" e ", theme::key()),
            Span::raw(" to type one."),
        ]),
    ];
    if let Some(notice) = model.notice.as_ref().filter(|n| n.level == NoticeLevel::Error) {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(notice.text.clone(), theme::error())));
    }
    let block = Block::new().borders(Borders::ALL).title(" Inspector ");
    frame.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: false }), area);
}

fn render_countdown(frame: &mut Frame, area: Rect, token: &InspectedToken, model: &Model) {
    let now = model.now;
    let expiry = token.inspection.expiry(now);
    let style = theme::urgency(expiry.urgency);
    let mut headline = vec![Span::styled(expiry.headline(), style)];
    if let Some(lifetime) = expiry.lifetime {
        headline.push(Span::styled(
            format!("  · lifetime {}", crate::domain::format_duration(lifetime)),
            theme::dim(),
        ));
    }
    headline.push(Span::styled("  · cannot be refreshed: f fetches a new token", theme::dim()));
    let block = Block::new()
        .borders(Borders::ALL)
        .title(format!(" Token ({}) ", token.origin.label()))
        .border_style(style);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [line_area, gauge_area, signature_area] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1), Constraint::Length(1)]).areas(inner);
    frame.render_widget(Paragraph::new(Line::from(headline)), line_area);
    frame.render_widget(gauge(&expiry, style), gauge_area);
    frame.render_widget(Paragraph::new(signature_line(token, model)), signature_area);
}

fn gauge(expiry: &Expiry, style: ratatui::style::Style) -> LineGauge<'static> {
    let (ratio, label) = match (expiry.elapsed_fraction, expiry.state) {
        (_, TimeState::NoExpiry) => (0.0, "no expiry to count down to".to_owned()),
        (Some(fraction), _) => (fraction, format!("{:>3.0}% of lifetime used", fraction * 100.0)),
        (None, _) => (0.0, "lifetime unknown (no iat)".to_owned()),
    };
    LineGauge::default().ratio(ratio).label(label).filled_style(style).unfilled_style(theme::dim())
}

fn body_paragraph<'a>(token: &'a InspectedToken, model: &Model) -> Paragraph<'a> {
    let view = &token.view;
    let mut lines: Vec<Line> = Vec::new();
    if let Some(notice) = model.notice.as_ref().filter(|n| n.level == NoticeLevel::Error) {
        lines.push(Line::from(Span::styled(notice.text.clone(), theme::error())));
        lines.push(Line::from(""));
    }
    lines.push(Line::from(Span::styled("HEADER", theme::section())));
    let mut header_spans = vec![Span::raw("  ")];
    for (name, value) in &view.header {
        header_spans.push(Span::styled(format!("{name} "), theme::label()));
        header_spans.push(Span::raw(value.as_str()));
        header_spans.push(Span::raw("   "));
    }
    lines.push(Line::from(header_spans));
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled("CLAIMS", theme::section())));
    let name_width = view.claims.iter().map(|row| row.name.chars().count()).max().unwrap_or(3).min(16);
    for row in &view.claims {
        let mut spans = vec![Span::styled(format!("  {:<name_width$}  ", row.name), theme::label())];
        match row.timestamp {
            Some(timestamp) => spans.extend(time_spans(timestamp, model.now, model.utc_offset)),
            None => spans.push(Span::raw(row.value.as_str())),
        }
        lines.push(Line::from(spans));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(vec![
        Span::styled("SCOPES", theme::section()),
        Span::styled(format!("  {}", view.scope_summary), theme::dim()),
    ]));
    let resource_width = view.scope_groups.iter().map(|(r, _)| r.chars().count()).max().unwrap_or(0).min(28);
    for (resource, actions) in &view.scope_groups {
        lines.push(Line::from(vec![
            Span::styled(format!("  {resource:<resource_width$}  "), theme::label()),
            Span::raw(actions.as_str()),
        ]));
    }
    if !view.warnings.is_empty() {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled("WARNINGS", theme::section())));
        for warning in &view.warnings {
            lines.push(Line::from(Span::styled(format!("  ! {warning}"), theme::warning())));
        }
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled("RAW TOKEN", theme::section())));
    let [header, payload, signature] = &view.raw_parts;
    lines.push(Line::from(vec![
        Span::styled(header.as_str(), theme::token_part(0)),
        Span::styled(".", theme::dim()),
        Span::styled(payload.as_str(), theme::token_part(1)),
        Span::styled(".", theme::dim()),
        Span::styled(signature.as_str(), theme::token_part(2)),
    ]));
    let title = if token.signature.verification.signature.is_verified() {
        " Decoded "
    } else {
        " Decoded (signature not verified) "
    };
    let block = Block::new().borders(Borders::ALL).title(title);
    Paragraph::new(Text::from(lines)).block(block).wrap(Wrap { trim: false })
}

/// `2026-11-28 19:00:00 +01:00 │ 18:00:00 UTC │ in 3m 12s`; a time outside the years
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
        Span::raw(utc.format("%H:%M:%S UTC").to_string()),
        Span::styled(" │ ", theme::dim()),
        Span::raw(relative(timestamp, now)),
    ]
}

/// Signature state plus the claim findings (issuer, audience, times, clock skew).
fn signature_line(token: &InspectedToken, model: &Model) -> Line<'static> {
    let mut spans = vec![super::signature_span(&token.signature, model.screen.spinner)];
    let status = &token.signature;
    if !status.pending {
        for finding in &status.verification.findings {
            let style = if finding.blocks_use() { theme::error() } else { theme::warning() };
            spans.push(Span::styled(
                format!("  · {}", crate::domain::sanitize::escape_control(&finding.to_string())),
                style,
            ));
        }
        if matches!(status.verification.signature, crate::domain::verify::SignatureState::NotVerified) {
            spans.push(Span::styled("  · v asks the issuer for its keys", theme::dim()));
        }
    }
    Line::from(spans)
}
