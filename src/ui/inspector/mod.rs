//! The Inspector: countdown, gauge, signature and grant line on top, then the decoded token in
//! one scrollable body, in the areas the pane laid out.

mod body;

use super::text::{fitted_line, line, section_title, signature_span, spinner_frame};
use super::theme;
use crate::app::panes::inspector::grant::GrantLine;
use crate::app::panes::inspector::summary;
use crate::app::{InspectedToken, Model};
use crate::domain::sanitize::escape_control;
use crate::domain::verify::SignatureState;
use crate::domain::{Expiry, TimeState, format_duration};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, LineGauge, Paragraph, Wrap};

pub fn render(frame: &mut Frame, area: Rect, model: &Model) {
    let Some(token) = model.token.as_ref() else {
        render_empty(frame, area);
        return;
    };
    let pane = &model.panes.inspector;
    let mut summary = line(summary::segments(&pane.summary));
    summary.spans.insert(0, Span::raw(" "));
    frame.render_widget(Paragraph::new(summary), pane.summary_area.intersection(area));
    render_countdown(frame, pane.countdown_area.intersection(area), token, model);
    body::render(frame, pane.body_area.intersection(area), token, model);
}

fn render_empty(frame: &mut Frame, area: Rect) {
    let lines = vec![
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
            Span::raw(" to type one, "),
            Span::styled(" f ", theme::key()),
            Span::raw(" to fetch one."),
        ]),
    ];
    let block = Block::new().borders(Borders::ALL).title(section_title("Inspector", true, area.width));
    frame.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: false }), area);
}

fn render_countdown(frame: &mut Frame, area: Rect, token: &InspectedToken, model: &Model) {
    let expiry = token.inspection.expiry(model.now);
    let style = theme::urgency(expiry.urgency);
    let mut headline = vec![Span::styled(expiry.headline(), style)];
    if let Some(lifetime) = expiry.lifetime {
        headline.push(Span::styled(format!("  · lifetime {}", format_duration(lifetime)), theme::dim()));
    }
    headline.push(Span::styled("  · cannot be refreshed: f fetches a new token", theme::dim()));
    let block = Block::new()
        .borders(Borders::ALL)
        .title(format!(" Token ({}) ", token.origin.label()))
        .border_style(style);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [line_area, gauge_area, signature_area, grant_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(fitted_line(headline, line_area.width)), line_area);
    frame.render_widget(gauge(&expiry, style), gauge_area);
    frame.render_widget(
        Paragraph::new(fitted_line(signature_line(token, model), signature_area.width)),
        signature_area,
    );
    let grant: Vec<Line> = match model.panes.inspector.grant_line.as_ref() {
        Some(GrantLine::Asking { tenant }) => vec![Line::from(Span::styled(
            format!(
                "{} grant: asking {tenant} for the client's current grant… (Esc cancels)",
                spinner_frame(model.screen.spinner)
            ),
            theme::info(),
        ))],
        Some(GrantLine::Rows(rows)) => rows.iter().map(|row| line(row.iter().cloned())).collect(),
        None => Vec::new(),
    };
    frame.render_widget(Paragraph::new(grant), grant_area);
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
fn signature_line(token: &InspectedToken, model: &Model) -> Vec<Span<'static>> {
    let mut spans = vec![signature_span(&token.signature, model.screen.spinner)];
    let status = &token.signature;
    if !status.pending {
        for finding in &status.verification.findings {
            let style = if finding.blocks_use() { theme::error() } else { theme::warning() };
            spans.push(Span::styled(format!("  · {}", escape_control(&finding.to_string())), style));
        }
        if matches!(status.verification.signature, SignatureState::NotVerified) {
            spans.push(Span::styled("  · v asks the issuer for its keys", theme::dim()));
        }
    }
    spans
}
