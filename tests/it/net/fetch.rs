//! Token fetching over real loopback HTTP against a scripted axum server: discovery and its
//! fallback, each auth method, every error row with its hint, and transport failures.

use crate::net_support as support;

use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::{Value, json};
use std::time::Duration;
use support::keys::rsa_key;
use support::server::{self, Recorded, closed_port, not_found, start, start_raw};
use tokex::cli::{FetchOptions, fetch_command};
use tokex::config::{AuthMethod, Profile, Secret};
use tokex::net::{EndpointSource, FetchError, Http, HttpOptions, TransportError, fetch_token};

const SECRET: &str = "s3cret-VALUE-0123456789-abcd";

fn profile(base: &str) -> Profile {
    Profile::new("demo", base, "client-123", Secret::new(SECRET)).expect("loopback profile")
}

fn http() -> Http {
    Http::new(HttpOptions { timeout: Duration::from_secs(2), ..Default::default() }).expect("client")
}

fn token_ok() -> axum::response::Response {
    server::json(
        200,
        json!({"access_token": "not.a.jwt", "expires_in": 86400, "scope": "read:users", "token_type": "Bearer"}),
    )
}

/// Auth0 layout without discovery: `/oauth/token` answers with `answer`.
async fn auth0_like(
    answer: impl Fn(&Recorded) -> axum::response::Response + Send + Sync + 'static,
) -> server::TestServer {
    start(move |r| if r.path == "/oauth/token" { answer(r) } else { not_found() }).await
}

#[tokio::test]
async fn discovery_is_used_when_it_answers() {
    let server = start(|r| match r.path.as_str() {
        "/.well-known/openid-configuration" => {
            let host = r.header("host").unwrap_or_default();
            server::json(
                200,
                json!({"issuer": format!("http://{host}/"), "token_endpoint": format!("http://{host}/custom/token"), "jwks_uri": format!("http://{host}/keys")}),
            )
        }
        "/custom/token" => token_ok(),
        _ => not_found(),
    })
    .await;
    let grant = fetch_token(&http(), &profile(&server.base())).await.expect("token");
    assert_eq!(grant.endpoints.source, EndpointSource::Discovery);
    assert_eq!(grant.endpoints.token_endpoint, format!("{}/custom/token", server.base()));
    assert_eq!(grant.response.access_token, "not.a.jwt");
    assert_eq!(grant.expires_at(), Some(grant.received_at + 86400));
    let request = server.recorded().into_iter().find(|r| r.path == "/custom/token").expect("token request");
    assert_eq!(request.method, "POST");
    assert_eq!(request.header("content-type").as_deref(), Some("application/x-www-form-urlencoded"));
    assert!(request.header("user-agent").is_some_and(|ua| ua.starts_with("tokex/")));
    assert_eq!(request.form_value("grant_type").as_deref(), Some("client_credentials"));
    assert_eq!(request.form_value("client_id").as_deref(), Some("client-123"));
    assert_eq!(request.form_value("client_secret").as_deref(), Some(SECRET));
    assert_eq!(request.form_value("audience"), Some(format!("{}/api/v2/", server.base())));
    assert!(request.header("authorization").is_none());
}

#[tokio::test]
async fn falls_back_to_auth0_paths_and_caches_discovery() {
    let server = auth0_like(|_| token_ok()).await;
    let http = http();
    let grant = fetch_token(&http, &profile(&server.base())).await.expect("token");
    assert!(matches!(&grant.endpoints.source, EndpointSource::Fallback { reason } if reason.contains("404")));
    assert_eq!(grant.endpoints.jwks_uri, Some(format!("{}/.well-known/jwks.json", server.base())));
    fetch_token(&http, &profile(&server.base())).await.expect("second token");
    assert_eq!(server.hits("/.well-known/openid-configuration"), 1, "discovery is cached");
    assert_eq!(server.hits("/oauth/token"), 2);
}

#[tokio::test]
async fn basic_auth_sends_the_secret_in_the_header_only() {
    let server = auth0_like(|_| token_ok()).await;
    let profile = profile(&server.base()).with_auth_method(AuthMethod::Basic);
    fetch_token(&http(), &profile).await.expect("token");
    let request = server.recorded().into_iter().find(|r| r.path == "/oauth/token").expect("request");
    let expected = format!("Basic {}", support::keys::b64std(format!("client-123:{SECRET}").as_bytes()));
    assert_eq!(request.header("authorization"), Some(expected));
    assert_eq!(request.form_value("client_secret"), None);
    assert_eq!(request.form_value("grant_type").as_deref(), Some("client_credentials"));
}

#[tokio::test]
async fn private_key_jwt_sends_a_signed_assertion_and_no_secret() {
    let key = rsa_key("client-key");
    let server = auth0_like(|_| token_ok()).await;
    let profile = Profile::new("jwt", &server.base(), "client-123", Secret::new("unused"))
        .expect("profile")
        .with_private_key_pem(key.pem.clone());
    fetch_token(&http(), &profile).await.expect("token");
    let request = server.recorded().into_iter().find(|r| r.path == "/oauth/token").expect("request");
    assert_eq!(request.form_value("client_secret"), None);
    assert_eq!(
        request.form_value("client_assertion_type").as_deref(),
        Some("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
    );
    let assertion = request.form_value("client_assertion").expect("assertion");
    let mut validation = Validation::new(Algorithm::RS256);
    validation.set_audience(&[format!("{}/", server.base())]);
    validation.set_issuer(&["client-123"]);
    let decoded = jsonwebtoken::decode::<Value>(
        &assertion,
        &DecodingKey::from_jwk(&key.jwk).expect("public key"),
        &validation,
    )
    .expect("assertion verifies");
    let claims = decoded.claims;
    assert_eq!(claims["sub"], "client-123");
    let lifetime = claims["exp"].as_i64().unwrap_or(0) - claims["iat"].as_i64().unwrap_or(0);
    assert!(lifetime > 0 && lifetime <= 60, "lifetime {lifetime}");
    assert!(claims["jti"].as_str().is_some_and(|j| j.len() >= 16));
}

#[tokio::test]
async fn private_key_jwt_with_a_bad_key_is_explained() {
    let profile = Profile::new("jwt", "http://127.0.0.1:9", "c", Secret::new("x"))
        .expect("profile")
        .with_private_key_pem("not a pem");
    // Discovery fails first on a closed port, so use a live server.
    let server = auth0_like(|_| token_ok()).await;
    let mut profile = profile;
    profile.domain = server.base();
    let error = fetch_token(&http(), &profile).await.expect_err("bad key");
    assert!(matches!(error, FetchError::PrivateKey { .. }), "{error}");
}

/// Auth0's token failures (docs/auth0.md#token-endpoint) with the hint each gets.
#[tokio::test]
async fn every_auth0_error_row_has_its_hint() {
    let rows: Vec<(u16, Value, &str)> = vec![
        (
            401,
            json!({"error": "access_denied", "error_description": "Unauthorized"}),
            "was the secret rotated?",
        ),
        (
            403,
            json!({"error": "access_denied", "error_description": "Client is not authorized to access \"https://x/api/v2/\". You need to create a \"client-grant\" associated to this API."}),
            "client grant",
        ),
        (
            403,
            json!({"error": "access_denied", "error_description": "Service not enabled within domain: https://nope/"}),
            "wrong audience",
        ),
        (
            403,
            json!({"error": "unauthorized_client", "error_description": "Grant type 'client_credentials' not allowed for the client.", "error_uri": "https://auth0.com/docs/clients/client-grant-types"}),
            "enable the Client Credentials grant type",
        ),
        (
            429,
            json!({"error": "too_many_requests", "error_description": "Client quota exceeded"}),
            "rate limited",
        ),
    ];
    for (status, body, hint) in rows {
        let answer = body.clone();
        let server = auth0_like(move |_| server::json(status, answer.clone())).await;
        let error = fetch_token(&http(), &profile(&server.base())).await.expect_err("rejected");
        let text = error.to_string();
        assert!(matches!(&error, FetchError::Rejected { status: s, .. } if *s == status), "{text}");
        assert!(error.hint().is_some_and(|h| h.contains(hint)), "{status}: {text}");
        assert!(text.contains(&format!("HTTP {status}")) && text.contains(hint), "{text}");
        assert!(!text.contains(SECRET));
    }
}

#[tokio::test]
async fn an_echoed_secret_is_redacted() {
    let server = auth0_like(|r| {
        let sent = r.form_value("client_secret").unwrap_or_default();
        server::json(
            400,
            json!({"error": "invalid_request", "error_description": format!("bad secret {sent}")}),
        )
    })
    .await;
    let error = fetch_token(&http(), &profile(&server.base())).await.expect_err("rejected");
    let text = format!("{error} {error:?}");
    assert!(!text.contains(SECRET), "{text}");
    assert!(text.contains("••••abcd"), "{text}");
}

#[tokio::test]
async fn non_json_bodies_are_said_plainly() {
    let server =
        auth0_like(|_| server::text(502, "text/html", "<html><body>Bad Gateway</body></html>")).await;
    let error = fetch_token(&http(), &profile(&server.base())).await.expect_err("502");
    assert!(
        matches!(&error, FetchError::Status { status: 502, excerpt, .. } if excerpt.contains("Bad Gateway")),
        "{error}"
    );

    let server = auth0_like(|_| server::text(200, "text/html", "<html>login page</html>")).await;
    let error = fetch_token(&http(), &profile(&server.base())).await.expect_err("html");
    assert!(matches!(error, FetchError::NotJson { status: 200, .. }), "{error}");

    let server = auth0_like(|_| server::text(200, "application/json", r#"{"access_token":"eyJ"#)).await;
    let error = fetch_token(&http(), &profile(&server.base())).await.expect_err("cut JSON");
    assert!(matches!(error, FetchError::TruncatedJson { .. }), "{error}");
}

#[tokio::test]
async fn a_body_cut_short_is_truncated() {
    // Discovery and the token request both get the cut answer; discovery fails first.
    let addr = start_raw(
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 500\r\nconnection: close\r\n\r\n{\"access_token\":\"abc",
    )
    .await;
    let error = fetch_token(&http(), &profile(&format!("http://{addr}"))).await.expect_err("truncated");
    assert!(matches!(&error, FetchError::Transport(TransportError::Truncated { .. })), "{error:?}");
    assert!(error.to_string().contains("cut short"), "{error}");
}

#[tokio::test]
async fn a_slow_server_times_out() {
    let server = start(|_| server::delayed(1500, not_found())).await;
    let http =
        Http::new(HttpOptions { timeout: Duration::from_millis(500), ..Default::default() }).expect("client");
    let error = fetch_token(&http, &profile(&server.base())).await.expect_err("timeout");
    assert!(matches!(&error, FetchError::Transport(TransportError::Timeout { .. })), "{error:?}");
    assert!(error.to_string().contains("timeout"), "{error}");
}

#[tokio::test]
async fn a_closed_port_is_connection_refused() {
    let addr = closed_port().await;
    let error = fetch_token(&http(), &profile(&format!("http://{addr}"))).await.expect_err("refused");
    assert!(matches!(&error, FetchError::Transport(TransportError::Refused { .. })), "{error:?}");
    assert_eq!(
        error.to_string(),
        format!(
            "connection refused by http://{addr}/.well-known/openid-configuration (is the server running?)"
        )
    );
}

#[tokio::test]
async fn tls_to_a_plain_http_server_is_a_tls_error() {
    let server = auth0_like(|_| token_ok()).await;
    let mut profile = profile(&server.base());
    profile.domain = format!("https://{}", server.addr);
    let error = fetch_token(&http(), &profile).await.expect_err("tls");
    assert!(matches!(&error, FetchError::Transport(TransportError::Tls { .. })), "{error:?}");
    assert!(error.to_string().starts_with("TLS handshake with https://"), "{error}");
    assert!(!error.to_string().contains("client error"), "{error}");
}

#[tokio::test]
async fn missing_secret_env_is_a_fetch_error() {
    let server = auth0_like(|_| token_ok()).await;
    let mut profile = profile(&server.base());
    profile.secret = tokex::config::SecretSource::EnvUnset { var: "NOPE_SECRET".to_owned() };
    let error = fetch_token(&http(), &profile).await.expect_err("no secret");
    assert_eq!(error.to_string(), "profile `demo`: environment variable NOPE_SECRET is not set");
    assert_eq!(server.hits("/oauth/token"), 0);
}

const NO_CACHE_TEXT: FetchOptions = FetchOptions { json: false, use_cache: false };
const NO_CACHE_JSON: FetchOptions = FetchOptions { json: true, use_cache: false };

#[tokio::test]
async fn fetch_command_prints_the_token_alone_or_json_without_the_secret() {
    let server = auth0_like(|_| token_ok()).await;
    let profile = profile(&server.base());
    let mut out = Vec::new();
    fetch_command(&http(), &profile, NO_CACHE_TEXT, chrono::Utc::now().timestamp(), &mut out)
        .await
        .expect("fetch");
    assert_eq!(String::from_utf8_lossy(&out), "not.a.jwt\n");

    let mut out = Vec::new();
    fetch_command(&http(), &profile, NO_CACHE_JSON, chrono::Utc::now().timestamp(), &mut out)
        .await
        .expect("fetch json");
    let text = String::from_utf8_lossy(&out).into_owned();
    assert!(!text.contains(SECRET));
    let document: Value = serde_json::from_str(&text).expect("json");
    assert_eq!(document["response"]["access_token"], "not.a.jwt");
    assert_eq!(document["profile"], "demo");

    let failing = auth0_like(|_| {
        server::json(401, json!({"error": "access_denied", "error_description": "Unauthorized"}))
    })
    .await;
    let error = fetch_command(
        &http(),
        &self::profile(&failing.base()),
        NO_CACHE_TEXT,
        chrono::Utc::now().timestamp(),
        &mut Vec::new(),
    )
    .await
    .expect_err("fails");
    assert_eq!(error.code, tokex::cli::exit::HTTP_4XX);
    let error = error.to_string();
    assert!(!error.contains('\n') && !error.contains(SECRET) && error.contains("rotated"), "{error}");
}
