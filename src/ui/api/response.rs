//! The response: status, latency, size, the rate-limit meter with its live countdown (from
//! `model.now`), Auth0's error explained, paging, and the body (styled lines, scrolled,
//! search matches marked).

use crate::app::Model;
use crate::app::panes::api::paging::PageNav;
use crate::app::panes::api::response::ResponseView;
use crate::app::panes::api::{ApiPane, Focus};
use crate::domain::auth0::RateLimitInfo;
use crate::domain::format_duration;
use crate::domain::sanitize::escape_control;
use crate::ui::json::{Mark, styled_line};
use crate::ui::text::spinner_frame;
use crate::ui::theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

pub fn render(frame: &mut Frame, area: Rect, model: &Model) {
    let pane = &model.panes.api;
    let focused = pane.focus == Focus::Response;
    let title = match (pane.call.pending.as_ref(), pane.call.response.as_ref()) {
        (Some(p), _) => format!(" Calling {} {} ", p.method, escape_control(&p.path_and_query)),
        (None, Some(r)) => format!(" Response · {} ", r.request_line),
        (None, None) => " Response ".to_owned(),
    };
    let block = super::section_block(&title, focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let mut header = Vec::new();
    if pane.call.pending.is_some() {
        header.push(Line::from(Span::styled(
            format!("{} waiting for the tenant… (Esc cancels)", spinner_frame(model.screen.spinner)),
            theme::info(),
        )));
    }
    if let Some(response) = pane.call.response.as_ref() {
        header.extend(header_lines(response, pane, model.now));
    }
    // Long explanations wrap: size the header by its wrapped height, leaving the body a line.
    let header = Paragraph::new(header).wrap(Wrap { trim: false });
    let header_height =
        u16::try_from(header.line_count(inner.width)).unwrap_or(u16::MAX).min(inner.height.saturating_sub(1));
    let [header_area, body_area] =
        Layout::vertical([Constraint::Length(header_height), Constraint::Min(1)]).areas(inner);
    frame.render_widget(header, header_area);

    if let Some(response) = pane.call.response.as_ref() {
        frame.render_widget(Paragraph::new(body_lines(response, body_area.height)), body_area);
    }
}

fn header_lines(response: &ResponseView, pane: &ApiPane, now: i64) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    match (response.status, response.error.as_ref()) {
        (Some(status), _) => {
            let style = match status {
                200..=299 => theme::info(),
                300..=499 => theme::warning(),
                _ => theme::error(),
            };
            lines.push(Line::from(vec![
                Span::styled(format!("{status} {}", response.reason), style.add_modifier(Modifier::BOLD)),
                Span::styled(
                    format!("  · {} ms · {}", response.latency_ms, size_text(response.size)),
                    theme::dim(),
                ),
            ]));
        }
        (None, Some(error)) => {
            let error = escape_control(&error.to_string()).into_owned();
            lines.push(Line::from(Span::styled(format!("No response: {error}"), theme::error())))
        }
        (None, None) => {}
    }
    if let Some(limit) = response.rate_limit {
        lines.push(rate_limit_line(limit, now));
    }
    if let Some(message) = response.message.as_ref() {
        lines.push(Line::from(vec![Span::styled("Auth0: ", theme::dim()), Span::raw(message.clone())]));
    }
    if let Some(explanation) = response.explanation.as_ref() {
        lines.push(Line::from(Span::styled(format!("→ {explanation}"), theme::warning())));
    }
    if response.is_rate_limited() {
        let text = match (pane.call.retry_at, response.rate_limit) {
            (Some(at), _) => {
                format!("Retry scheduled in {} (R cancels).", format_duration(at.saturating_sub(now).max(0)))
            }
            (None, Some(limit)) if limit.reset_epoch >= now => format!(
                "Resets in {}: press R to retry once then (no automatic retries).",
                format_duration(seconds_to_reset(limit, now))
            ),
            (None, Some(_)) => {
                "The reset has passed: press R to retry once now (no automatic retries).".to_owned()
            }
            (None, None) => "Press R to retry once in a few seconds (no automatic retries).".to_owned(),
        };
        lines.push(Line::from(Span::styled(text, theme::info())));
    }
    match &response.nav {
        PageNav::None => {}
        PageNav::Offset { page, per_page, has_next } => {
            let next = if *has_next { "] next" } else { "last page" };
            let previous = if *page > 0 { " · [ previous" } else { "" };
            lines.push(Line::from(Span::styled(
                format!("page {page} ({per_page} per page) · {next}{previous}"),
                theme::dim(),
            )));
        }
        PageNav::Checkpoint { next } => {
            let next = if next.is_some() { "] next" } else { "no next checkpoint (last page)" };
            lines
                .push(Line::from(Span::styled(format!("checkpoint paging · {next} · [ back"), theme::dim())));
        }
    }
    if let Some(search) = response.search.as_ref() {
        let position = if search.matches.is_empty() {
            "no match".to_owned()
        } else {
            format!("match {}/{} · n next · N previous", search.current + 1, search.matches.len())
        };
        lines.push(Line::from(Span::styled(
            format!("search “{}”: {position}", escape_control(&search.query)),
            theme::dim(),
        )));
    }
    if response.status.is_some() && response.lines.is_empty() {
        lines.push(Line::from(Span::styled("(empty body)", theme::dim())));
    }
    lines
}

/// `remaining / limit` as a small bar plus the time to `x-ratelimit-reset`.
pub fn rate_limit_line(limit: RateLimitInfo, now: i64) -> Line<'static> {
    const WIDTH: u64 = 10;
    let filled =
        if limit.limit == 0 { 0 } else { (limit.remaining.min(limit.limit) * WIDTH).div_ceil(limit.limit) };
    let style = match limit.remaining {
        0 => theme::error(),
        r if r * 5 <= limit.limit => theme::warning(),
        _ => theme::info(),
    };
    let bar: String = (0..WIDTH).map(|i| if i < filled { '█' } else { '░' }).collect();
    // The reset header counts whole seconds: a reset due this second is still ahead. Once it
    // has passed, the numbers are the last response's and only a new call shows the bucket.
    let reset = if limit.reset_epoch >= now {
        format!("resets in {}", format_duration(seconds_to_reset(limit, now)))
    } else {
        format!("as of the last call; reset {} ago", format_duration(now - limit.reset_epoch))
    };
    Line::from(vec![
        Span::styled("rate limit ", theme::dim()),
        Span::styled(bar, style),
        Span::styled(format!(" {}/{}", limit.remaining, limit.limit), style),
        Span::styled(format!(" · {reset}"), theme::dim()),
    ])
}

/// Whole seconds to a reset that is still ahead: the header counts whole seconds, so a reset
/// due this second is up to one second away, never zero.
fn seconds_to_reset(limit: RateLimitInfo, now: i64) -> i64 {
    limit.seconds_until_reset(now).max(1)
}

fn size_text(bytes: usize) -> String {
    if bytes < 1024 { format!("{bytes} B") } else { format!("{:.1} KiB", bytes as f64 / 1024.0) }
}

fn body_lines(response: &ResponseView, height: u16) -> Vec<Line<'static>> {
    let height = usize::from(height);
    // Clamp so the last page stays full however far the pane scrolled.
    let start = response.scroll.min(response.lines.len().saturating_sub(height));
    let current = response.search.as_ref().and_then(|s| s.matches.get(s.current).copied());
    response
        .lines
        .iter()
        .enumerate()
        .skip(start)
        .take(height)
        .map(|(i, line)| {
            let mark = match response.search.as_ref() {
                _ if current == Some(i) => Mark::Current,
                Some(s) if s.matches.binary_search(&i).is_ok() => Mark::Match,
                _ => Mark::None,
            };
            styled_line(line, mark)
        })
        .collect()
}
