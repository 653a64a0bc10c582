//! The inspector pane: countdown and gauge on top, then the decoded token in one scrollable
//! body (`inspector_body`).

use super::plain_text::PlainRows;
use super::{drift_line, inspector_body, theme};
use crate::app::{BodyLayout, InspectedToken, Model, NoticeLevel};
use crate::domain::{Expiry, TimeState};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, LineGauge, Paragraph, Wrap};

const COUNTDOWN_HEIGHT: u16 = 5;

pub fn render(frame: &mut Frame, area: Rect, model: &Model) {
    let Some(token) = model.token.as_ref() else {
        render_empty(frame, area, model);
        return;
    };
    let [countdown_area, body_area] = split(area, token, model);
    render_countdown(frame, countdown_area, token, model);
    inspector_body::render(frame, body_area, token, model);
}

/// The countdown box (three lines plus the grant lines) above the body.
fn split(area: Rect, token: &InspectedToken, model: &Model) -> [Rect; 2] {
    let countdown = COUNTDOWN_HEIGHT + drift_line::height(token, model, area.width.saturating_sub(2));
    Layout::vertical([Constraint::Length(countdown), Constraint::Min(3)]).areas(area)
}

/// The largest scroll offset that still shows content, for the given pane area.
pub fn scroll_limit(model: &Model, area: Rect) -> usize {
    let Some(token) = model.token.as_ref() else { return 0 };
    inspector_body::scroll_limit(token, model, split(area, token, model)[1])
}

/// A new body layout when the model's does not fit this pane area.
pub fn layout_update(model: &Model, area: Rect) -> Option<BodyLayout> {
    let token = model.token.as_ref()?;
    inspector_body::layout_update(token, model, split(area, token, model)[1])
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
    let block = Block::new().borders(Borders::ALL).title(super::footer::section_title("Inspector", true));
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
    let [line_area, gauge_area, signature_area, drift_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(inner);
    frame.render_widget(PlainRows(vec![Line::from(headline)]), line_area);
    frame.render_widget(gauge(&expiry, style), gauge_area);
    frame.render_widget(PlainRows(vec![signature_line(token, model)]), signature_area);
    frame.render_widget(PlainRows(drift_line::lines(token, model, drift_area.width)), drift_area);
}

fn gauge(expiry: &Expiry, style: ratatui::style::Style) -> LineGauge<'static> {
    let (ratio, label) = match (expiry.elapsed_fraction, expiry.state) {
        (_, TimeState::NoExpiry) => (0.0, "no expiry to count down to".to_owned()),
        (Some(fraction), _) => (fraction, format!("{:>3.0}% of lifetime used", fraction * 100.0)),
        (None, _) => (0.0, "lifetime unknown (no iat)".to_owned()),
    };
    LineGauge::default().ratio(ratio).label(label).filled_style(style).unfilled_style(theme::dim())
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
