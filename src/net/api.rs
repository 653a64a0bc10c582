//! One Management API call over the shared keep-alive client: status, headers, body, latency
//! and the rate-limit bucket, whatever the status. Only transport failures are errors. The
//! call's URL passes the one URL check first, and the body is read with the `--max-body` cap.

use super::body::read_capped;
use super::http::Http;
use super::transport::TransportError;
use crate::config::{ApiUrlError, DomainError, checked_api_url};
use crate::domain::api_path::ApiPathError;
use crate::domain::api_response::ApiResponse;
use crate::domain::auth0::RateLimitInfo;
use std::time::Instant;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CallError {
    #[error("unsupported HTTP method `{0}` (use GET, POST, PUT, PATCH or DELETE)")]
    BadMethod(String),
    #[error(transparent)]
    BadDomain(#[from] DomainError),
    #[error(transparent)]
    BadPath(#[from] ApiPathError),
    #[error(transparent)]
    Transport(#[from] TransportError),
}

impl From<ApiUrlError> for CallError {
    fn from(error: ApiUrlError) -> Self {
        match error {
            ApiUrlError::Domain(error) => CallError::BadDomain(error),
            ApiUrlError::Path(error) => CallError::BadPath(error),
        }
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
    let url = checked_api_url(base_domain, path_and_query)?;
    let method_name = method.as_str().to_owned();
    let mut request = http
        .client(&url)
        .await
        .map_err(CallError::Transport)?
        .request(method, &url)
        .bearer_auth(token)
        .header(reqwest::header::ACCEPT, "application/json");
    if let Some(body) = body {
        request = request.json(body);
    }
    let started = Instant::now();
    let response = request.send().await.map_err(|e| {
        let error = TransportError::from_reqwest(&e, &url, http.timeout());
        tracing::warn!(method = %method_name, url = %url, route = %super::proxy::route_for(&url), %error, "request failed");
        CallError::Transport(error)
    })?;
    let status = response.status();
    let headers: Vec<(String, String)> = response
        .headers()
        .iter()
        .map(|(name, value)| {
            (name.as_str().to_owned(), String::from_utf8_lossy(value.as_bytes()).into_owned())
        })
        .collect();
    let body = read_capped(response, http.max_body(), &url, http.timeout()).await?;
    let latency = started.elapsed();
    let rate_limit = RateLimitInfo::from_headers(&headers);
    tracing::debug!(
        method = %method_name,
        url = %url,
        route = %super::proxy::route_for(&url),
        status = status.as_u16(),
        latency_ms = latency.as_millis() as u64,
        bytes = body.len(),
        ratelimit_limit = rate_limit.map(|l| l.limit),
        ratelimit_remaining = rate_limit.map(|l| l.remaining),
        ratelimit_reset = rate_limit.map(|l| l.reset_epoch),
        "management API call"
    );
    Ok(ApiResponse {
        status: status.as_u16(),
        reason: status.canonical_reason().unwrap_or("").to_owned(),
        rate_limit,
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
    fn call_urls_are_checked() {
        assert_eq!(
            checked_api_url("a.auth0.com", "users?q=x").as_deref(),
            Ok("https://a.auth0.com/api/v2/users?q=x")
        );
        assert_eq!(
            checked_api_url("a.auth0.com", "/users").as_deref(),
            Ok("https://a.auth0.com/api/v2/users")
        );
        assert_eq!(
            checked_api_url("http://127.0.0.1:9/", "/api/v2/clients").as_deref(),
            Ok("http://127.0.0.1:9/api/v2/clients")
        );
        assert!(checked_api_url("http://example.com", "users").is_err());
        assert!(checked_api_url("http:/203.0.113.5", "users").is_err());
        assert!(checked_api_url("HTTP://203.0.113.5", "users").is_err());
        // A path cannot move the call to another host.
        assert_eq!(
            checked_api_url("https://a.auth0.com", "//evil.example/x").as_deref(),
            Ok("https://a.auth0.com/api/v2/evil.example/x")
        );
        // Nothing the URL parser normalises can move the call out of /api/v2.
        for hidden in ["/users/.\t./.\t./.\t./etc", "/users/%2e%2E/%2e./../x", "/..\\..\\x"] {
            assert!(checked_api_url("https://a.auth0.com", hidden).is_err(), "{hidden:?}");
        }
        assert_eq!(
            checked_api_url("https://idp.example/tenant", "/users").as_deref(),
            Ok("https://idp.example/tenant/api/v2/users")
        );
    }
}
