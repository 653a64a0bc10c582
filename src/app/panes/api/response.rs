//! The response of the last call as the pane shows it, derived once when it arrives: status
//! line facts, the rate-limit bucket, Auth0's error explained, paging, and the body as
//! display lines. Scroll and search state live here too.

use super::paging::{PageNav, nav_for};
use super::prepared::PreparedCall;
use crate::app::text::{Segment, fixed, owned};
use crate::domain::api_errors;
use crate::domain::api_response::ApiResponse;
use crate::domain::auth0::RateLimitInfo;
use crate::domain::catalog::catalog;
use crate::domain::format_duration;
use crate::domain::json_lines::{JsonLine, body_lines};
use crate::domain::sanitize::escape_control;
use crate::net::CallError;
use crate::palette::Role;
use std::borrow::Cow;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Search {
    pub query: String,
    /// Line numbers that contain the query (case-insensitive).
    pub matches: Vec<usize>,
    pub current: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ResponseView {
    /// The call that produced it (for paging, curl and retry).
    pub call: PreparedCall,
    /// `GET /api/v2/users?page=0`, escaped.
    pub request_line: String,
    /// None when the call never got an answer (`error` says why).
    pub status: Option<u16>,
    pub reason: String,
    pub latency_ms: u128,
    pub size: usize,
    pub rate_limit: Option<RateLimitInfo>,
    /// Auth0's error in words, for error statuses tokex knows.
    pub explanation: Option<String>,
    /// Auth0's own `message`, escaped, for error bodies.
    pub message: Option<String>,
    /// Why there is no response at all (shown escaped).
    pub error: Option<CallError>,
    pub lines: Vec<JsonLine>,
    /// The body as received (lossy UTF-8), for copying.
    pub body: String,
    pub nav: PageNav,
    pub received_at: i64,
    pub scroll: usize,
    pub search: Option<Search>,
}

impl ResponseView {
    pub fn new(
        call: PreparedCall,
        result: Result<ApiResponse, CallError>,
        scopes: &[String],
        now: i64,
    ) -> Self {
        let request_line = escape_control(&format!("{} {}", call.method, call.path_and_query)).into_owned();
        let mut view = Self {
            call,
            request_line,
            status: None,
            reason: String::new(),
            latency_ms: 0,
            size: 0,
            rate_limit: None,
            explanation: None,
            message: None,
            error: None,
            lines: Vec::new(),
            body: String::new(),
            nav: PageNav::None,
            received_at: now,
            scroll: 0,
            search: None,
        };
        match result {
            Err(error) => view.error = Some(error),
            Ok(response) => view.fill(&response, scopes),
        }
        view
    }

    fn fill(&mut self, response: &ApiResponse, scopes: &[String]) {
        let json = response.json();
        self.status = Some(response.status);
        self.reason = escape_control(&response.reason).into_owned();
        self.latency_ms = response.latency.as_millis();
        self.size = response.body.len();
        self.rate_limit = response.rate_limit;
        self.lines = body_lines(&response.body);
        self.body = response.body_text().into_owned();
        if !response.is_success() {
            let body = json.clone().unwrap_or(serde_json::Value::Null);
            self.explanation = api_errors::explain(response.status, &body, scopes);
            self.message = body
                .get("message")
                .and_then(serde_json::Value::as_str)
                .map(|m| escape_control(m).into_owned());
        } else if let Some(endpoint) = catalog().get(self.call.endpoint) {
            self.nav = nav_for(endpoint, &self.call.values, json.as_ref(), response.header("link"));
        }
    }

    pub fn is_rate_limited(&self) -> bool {
        self.status == Some(429)
    }

    /// Line `index` of the body as text with roles, borrowed.
    pub fn line(&self, index: usize) -> Vec<Segment<'_>> {
        self.lines.get(index).map_or_else(Vec::new, |line| {
            line.segments.iter().map(|(tok, text)| (Cow::Borrowed(text.as_str()), Role::Json(*tok))).collect()
        })
    }

    /// The lines above the body: status, timing and size, the rate limit and its countdown,
    /// Auth0's message and what it means, the retry, paging and search.
    pub fn header_lines(&self, now: i64, retry_at: Option<i64>) -> Vec<Vec<Segment<'static>>> {
        let mut lines = Vec::new();
        match (self.status, self.error.as_ref()) {
            (Some(status), _) => {
                let role = match status {
                    200..=299 => Role::Info,
                    300..=499 => Role::Warning,
                    _ => Role::Error,
                };
                lines.push(vec![
                    owned(format!("{status} {}", self.reason), role),
                    owned(format!("  · {} ms · {}", self.latency_ms, size_text(self.size)), Role::Dim),
                ]);
            }
            (None, Some(error)) => lines.push(vec![owned(
                format!("No response: {}", escape_control(&error.to_string())),
                Role::Error,
            )]),
            (None, None) => {}
        }
        if let Some(limit) = self.rate_limit {
            lines.push(rate_limit_line(limit, now));
        }
        if let Some(message) = self.message.as_ref() {
            lines.push(vec![fixed("Auth0: ", Role::Dim), owned(message.clone(), Role::Plain)]);
        }
        if let Some(explanation) = self.explanation.as_ref() {
            lines.push(vec![owned(format!("→ {}", escape_control(explanation)), Role::Warning)]);
        }
        if self.is_rate_limited() {
            let text = match (retry_at, self.rate_limit) {
                (Some(at), _) => {
                    format!(
                        "Retry scheduled in {} (R cancels).",
                        format_duration(at.saturating_sub(now).max(0))
                    )
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
            lines.push(vec![owned(text, Role::Info)]);
        }
        match &self.nav {
            PageNav::None => {}
            PageNav::Offset { page, per_page, has_next } => {
                let next = if *has_next { "] next" } else { "last page" };
                let previous = if *page > 0 { " · [ previous" } else { "" };
                lines.push(vec![owned(
                    format!("page {page} ({per_page} per page) · {next}{previous}"),
                    Role::Dim,
                )]);
            }
            PageNav::Checkpoint { next } => {
                let next = if next.is_some() { "] next" } else { "no next checkpoint (last page)" };
                lines.push(vec![owned(format!("checkpoint paging · {next} · [ back"), Role::Dim)]);
            }
        }
        if let Some(search) = self.search.as_ref() {
            let position = if search.matches.is_empty() {
                "no match".to_owned()
            } else {
                format!("match {}/{} · n next · N previous", search.current + 1, search.matches.len())
            };
            lines.push(vec![owned(
                format!("search “{}”: {position}", escape_control(&search.query)),
                Role::Dim,
            )]);
        }
        if self.status.is_some() && self.lines.is_empty() {
            lines.push(vec![fixed("(empty body)", Role::Dim)]);
        }
        lines
    }

    /// Finds `query` and remembers the matching lines; the pane scrolls to the current one.
    pub fn search(&mut self, query: &str) {
        let needle = query.to_lowercase();
        if needle.is_empty() {
            self.search = None;
            return;
        }
        let matches: Vec<usize> = self
            .lines
            .iter()
            .enumerate()
            .filter(|(_, line)| line.text().to_lowercase().contains(&needle))
            .map(|(i, _)| i)
            .collect();
        self.search = Some(Search { query: query.to_owned(), matches, current: 0 });
    }

    /// Moves to the next (or previous) match; the line it is on.
    pub fn next_match(&mut self, forward: bool) -> Option<usize> {
        let search = self.search.as_mut()?;
        let count = search.matches.len();
        if count == 0 {
            return None;
        }
        search.current =
            if forward { (search.current + 1) % count } else { (search.current + count - 1) % count };
        search.matches.get(search.current).copied()
    }

    /// The line of the current match.
    pub fn current_match(&self) -> Option<usize> {
        self.search.as_ref().and_then(|s| s.matches.get(s.current).copied())
    }
}

/// `remaining / limit` as a small bar plus the time to `x-ratelimit-reset`.
pub fn rate_limit_line(limit: RateLimitInfo, now: i64) -> Vec<Segment<'static>> {
    const WIDTH: u64 = 10;
    let filled =
        if limit.limit == 0 { 0 } else { (limit.remaining.min(limit.limit) * WIDTH).div_ceil(limit.limit) };
    let role = match limit.remaining {
        0 => Role::Error,
        r if r * 5 <= limit.limit => Role::Warning,
        _ => Role::Info,
    };
    let bar: String = (0..WIDTH).map(|i| if i < filled { '█' } else { '░' }).collect();
    // The reset header counts whole seconds: a reset due this second is still ahead. Once it
    // has passed, the numbers are the last response's and only a new call shows the bucket.
    let reset = if limit.reset_epoch >= now {
        format!("resets in {}", format_duration(seconds_to_reset(limit, now)))
    } else {
        format!("as of the last call; reset {} ago", format_duration(now - limit.reset_epoch))
    };
    vec![
        fixed("rate limit ", Role::Dim),
        owned(bar, role),
        owned(format!(" {}/{}", limit.remaining, limit.limit), role),
        owned(format!(" · {reset}"), Role::Dim),
    ]
}

/// Whole seconds to a reset that is still ahead: the header counts whole seconds, so a reset
/// due this second is up to one second away, never zero.
fn seconds_to_reset(limit: RateLimitInfo, now: i64) -> i64 {
    limit.seconds_until_reset(now).max(1)
}

fn size_text(bytes: usize) -> String {
    if bytes < 1024 { format!("{bytes} B") } else { format!("{:.1} KiB", bytes as f64 / 1024.0) }
}
