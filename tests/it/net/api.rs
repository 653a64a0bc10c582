//! Management API calls over loopback: status, headers, rate limit, body, bearer token, JSON
//! body, the error body shape, and transport errors.

use crate::net_support as support;

use serde_json::json;
use std::time::Duration;
use support::server::{self, closed_port, start};
use tokex::net::{CallError, Http, HttpOptions, TransportError, call_api};

fn http() -> Http {
    Http::new(HttpOptions { timeout: Duration::from_secs(2), ..Default::default() }).expect("client")
}

#[tokio::test]
async fn returns_everything_about_the_answer() {
    let server = start(|r| {
        let mut response = if r.path == "/api/v2/users" {
            server::json(200, json!([{"user_id": "auth0|1"}]))
        } else {
            server::json(
                403,
                json!({"statusCode": 403, "error": "Forbidden", "message": "Insufficient scope, expected any of: read:clients", "errorCode": "insufficient_scope"}),
            )
        };
        for (name, value) in [("x-ratelimit-limit", "2"), ("x-ratelimit-remaining", "1"), ("x-ratelimit-reset", "1700000000")] {
            response.headers_mut().insert(name, value.parse().expect("value"));
        }
        response
    })
    .await;
    let http = http();
    let ok =
        call_api(&http, &server.base(), "get", "users?per_page=5", "tok.en.x", None).await.expect("call");
    assert_eq!((ok.status, ok.reason.as_str()), (200, "OK"));
    assert!(ok.is_success());
    assert_eq!(ok.json(), Some(json!([{"user_id": "auth0|1"}])));
    assert_eq!(ok.rate_limit.map(|r| (r.limit, r.remaining, r.reset_epoch)), Some((2, 1, 1_700_000_000)));
    assert_eq!(ok.header("content-type"), Some("application/json"));
    assert!(ok.latency > Duration::ZERO);
    let request = server.recorded().into_iter().next().expect("request");
    assert_eq!(request.header("authorization").as_deref(), Some("Bearer tok.en.x"));
    assert_eq!(request.method, "GET");

    let denied =
        call_api(&http, &server.base(), "DELETE", "/api/v2/clients/x", "t", None).await.expect("call");
    assert_eq!(denied.status, 403);
    let error = denied.management_error().expect("error body");
    assert_eq!(error.expected_scopes(), vec!["read:clients".to_owned()]);
}

#[tokio::test]
async fn sends_a_json_body() {
    let server = start(|r| server::json(200, serde_json::from_str(&r.body).unwrap_or_default())).await;
    let body = json!({"name": "x"});
    let answer = call_api(&http(), &server.base(), "PATCH", "users/a", "t", Some(&body)).await.expect("call");
    assert_eq!(answer.json(), Some(body));
    let request = server.recorded().into_iter().next().expect("request");
    assert_eq!(request.header("content-type").as_deref(), Some("application/json"));
}

#[tokio::test]
async fn transport_and_input_errors() {
    let addr = closed_port().await;
    let error =
        call_api(&http(), &format!("http://{addr}"), "GET", "users", "t", None).await.expect_err("refused");
    assert!(matches!(error, CallError::Transport(TransportError::Refused { .. })), "{error}");
    let error =
        call_api(&http(), "http://example.com", "GET", "users", "t", None).await.expect_err("insecure");
    assert!(matches!(error, CallError::BadDomain(_)), "{error}");
    let error = call_api(&http(), "a.auth0.com", "BREW", "users", "t", None).await.expect_err("method");
    assert!(matches!(error, CallError::BadMethod(_)), "{error}");
}
