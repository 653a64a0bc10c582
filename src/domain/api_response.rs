//! One Management API answer as data (status, headers, body, latency, rate-limit bucket), and
//! the URL of a call. Pure: sending and checking the URL is `net::api`.

use super::api_path::{ApiPathError, resolve_api_path};
use super::auth0::{ManagementErrorBody, RateLimitInfo};
use std::borrow::Cow;
use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiResponse {
    pub status: u16,
    /// The canonical reason phrase ("Too Many Requests"), empty for unknown codes.
    pub reason: String,
    /// In the order received; names lower-case.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// From sending the request to the last byte of the body.
    pub latency: Duration,
    pub rate_limit: Option<RateLimitInfo>,
    pub url: String,
}

impl ApiResponse {
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    pub fn body_text(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(&self.body)
    }

    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.body).ok()
    }

    /// The Management API error body, for non-2xx answers that carry one.
    pub fn management_error(&self) -> Option<ManagementErrorBody> {
        (!self.is_success()).then(|| ManagementErrorBody::parse(&self.body)).flatten()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value.as_str())
    }
}

/// `<domain>/api/v2` + `path_and_query` (leading slash optional; a path that already starts
/// with `/api/v2` is used as is), dot segments resolved, refused when it would leave
/// `/api/v2/`. `domain` is a profile's normalised domain; the result is checked by the network
/// layer before anything is sent to it.
pub fn api_url(domain: &str, path_and_query: &str) -> Result<String, ApiPathError> {
    Ok(format!("{}{}", domain.trim_end_matches('/'), resolve_api_path(path_and_query)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_under_api_v2() {
        let url = |domain: &str, path: &str| api_url(domain, path).unwrap_or_else(|e| e.to_string());
        assert_eq!(url("https://a.auth0.com", "users?q=x"), "https://a.auth0.com/api/v2/users?q=x");
        assert_eq!(url("https://a.auth0.com/", "/users"), "https://a.auth0.com/api/v2/users");
        assert_eq!(url("http://127.0.0.1:9", "/api/v2/clients"), "http://127.0.0.1:9/api/v2/clients");
        assert_eq!(url("http://127.0.0.1:9", "api/v2?x=1"), "http://127.0.0.1:9/api/v2?x=1");
        assert!(api_url("https://a.auth0.com", "/users/../../../etc/passwd").is_err());
    }
}
