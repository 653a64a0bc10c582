//! The response of the last call as the pane shows it, derived once when it arrives: status
//! line facts, the rate-limit bucket, Auth0's error explained, paging, and the body as
//! display lines. Scroll and search state live here too.

use super::paging::{PageNav, nav_for};
use super::prepared::PreparedCall;
use crate::domain::api_errors;
use crate::domain::api_response::ApiResponse;
use crate::domain::auth0::RateLimitInfo;
use crate::domain::catalog::catalog;
use crate::domain::json_lines::{JsonLine, body_lines};
use crate::domain::sanitize::escape_control;
use crate::net::CallError;

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

    /// Clamps scrolling to the body; `page` is how many lines fit, roughly.
    pub fn scroll_by(&mut self, delta: isize, page: usize) {
        let max = self.lines.len().saturating_sub(page.max(1));
        self.scroll = self.scroll.saturating_add_signed(delta).min(max);
    }

    pub fn scroll_to(&mut self, line: usize, page: usize) {
        let max = self.lines.len().saturating_sub(page.max(1));
        self.scroll = line.min(max);
    }

    /// Finds `query` and jumps to the first match at or after the current position.
    pub fn search(&mut self, query: &str, page: usize) {
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
        let current = matches.iter().position(|&line| line >= self.scroll).unwrap_or(0);
        self.search = Some(Search { query: query.to_owned(), matches, current });
        self.show_current_match(page);
    }

    pub fn next_match(&mut self, forward: bool, page: usize) {
        let Some(search) = self.search.as_mut() else { return };
        let count = search.matches.len();
        if count == 0 {
            return;
        }
        search.current =
            if forward { (search.current + 1) % count } else { (search.current + count - 1) % count };
        self.show_current_match(page);
    }

    fn show_current_match(&mut self, page: usize) {
        let line = self.search.as_ref().and_then(|s| s.matches.get(s.current).copied());
        if let Some(line) = line {
            // A little context above the match.
            self.scroll_to(line.saturating_sub(2), page);
        }
    }
}
