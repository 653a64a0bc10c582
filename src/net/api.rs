//! One Management API call over the shared keep-alive client: status, headers, body, latency
//! and the rate-limit bucket, whatever the status. Only transport failures are errors.

use super::http::Http;
use super::transport::TransportError;
use crate::config::{DomainError, normalize_domain};
use crate::domain::auth0::{ManagementErrorBody, RateLimitInfo};
use std::borrow::Cow;
use std::time::{Duration, Instant};

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

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CallError {
    #[error("unsupported HTTP method `{0}` (use GET, POST, PUT, PATCH or DELETE)")]
    BadMethod(String),
    #[error(transparent)]
    BadDomain(#[from] DomainError),
    #[error(transparent)]
    Transport(#[from] TransportError),
}

/// `<domain>/api/v2` + `path_and_query` (leading slash optional; a path that already starts
/// with `/api/v2` is used as is).
pub fn api_url(base_domain: &str, path_and_query: &str) -> Result<String, DomainError> {
    let domain = normalize_domain(base_domain)?;
    let path = path_and_query.trim_start_matches('/');
    if path == "api/v2" || path.starts_with("api/v2/") || path.starts_with("api/v2?") {
        Ok(format!("{domain}/{path}"))
    } else {
        Ok(format!("{domain}/api/v2/{path}"))
    }
}

pub async fn call_api(
    http: &Http,
    base_domain: &str,
    method: &str,
    path_and_query: &str,
    token: &str,
    body: Option<&serde_json::Value>,
) -> Result<ApiResponse, CallError> {
    let method = match method.to_ascii_uppercase().as_str() {
        "GET" => reqwest::Method::GET,
        "POST" => reqwest::Method::POST,
        "PUT" => reqwest::Method::PUT,
        "PATCH" => reqwest::Method::PATCH,
        "DELETE" => reqwest::Method::DELETE,
        _ => return Err(CallError::BadMethod(method.to_owned())),
    };
    let url = api_url(base_domain, path_and_query)?;
    let mut request = http
        .client
        .request(method, &url)
        .bearer_auth(token)
        .header(reqwest::header::ACCEPT, "application/json");
    if let Some(body) = body {
        request = request.json(body);
    }
    let started = Instant::now();
    let map_err =
        |e: reqwest::Error| CallError::Transport(TransportError::from_reqwest(&e, &url, http.timeout()));
    let response = request.send().await.map_err(map_err)?;
    let status = response.status();
    let headers: Vec<(String, String)> = response
        .headers()
        .iter()
        .map(|(name, value)| {
            (name.as_str().to_owned(), String::from_utf8_lossy(value.as_bytes()).into_owned())
        })
        .collect();
    let body = response.bytes().await.map_err(map_err)?.to_vec();
    let latency = started.elapsed();
    Ok(ApiResponse {
        status: status.as_u16(),
        reason: status.canonical_reason().unwrap_or("").to_owned(),
        rate_limit: RateLimitInfo::from_headers(&headers),
        headers,
        body,
        latency,
        url,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_under_api_v2() {
        assert_eq!(
            api_url("a.auth0.com", "users?q=x").as_deref(),
            Ok("https://a.auth0.com/api/v2/users?q=x")
        );
        assert_eq!(api_url("a.auth0.com", "/users").as_deref(), Ok("https://a.auth0.com/api/v2/users"));
        assert_eq!(
            api_url("http://127.0.0.1:9/", "/api/v2/clients").as_deref(),
            Ok("http://127.0.0.1:9/api/v2/clients")
        );
        assert!(api_url("http://example.com", "users").is_err());
    }
}
