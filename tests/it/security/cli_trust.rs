//! The command line under attack: a token never leaves for a tenant that did not issue it or
//! for a path outside /api/v2/, and nothing a hostile server or token says reaches the
//! terminal raw. The real binary, real tenants and listeners on loopback only.
// Needs the local tenant (the default `tenant` feature): skipped in a client-only build.
#![cfg(feature = "tenant")]

use crate::api_support;
use crate::cli_support;
use crate::net_support;

use api_support::{NO_LIMIT, tenant, token};
use cli_support::{args, text, tokex};
use net_support::server::{self, json};
use serde_json::Value;
use std::ffi::OsString;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokex::net::Http;
use tokio::io::AsyncReadExt;
use tokio::net::TcpListener;

/// A loopback listener that counts every byte anyone sends it (and answers nothing).
struct Trap {
    base: String,
    bytes: Arc<AtomicUsize>,
}

async fn trap() -> Trap {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let bytes = Arc::new(AtomicUsize::new(0));
    let counter = bytes.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let counter = counter.clone();
            tokio::spawn(async move {
                let mut buffer = [0u8; 4096];
                // Bounded: read for at most 2 s, then drop the connection.
                let _ = tokio::time::timeout(Duration::from_secs(2), async {
                    while let Ok(n) = socket.read(&mut buffer).await {
                        if n == 0 {
                            break;
                        }
                        counter.fetch_add(n, Ordering::SeqCst);
                    }
                })
                .await;
            });
        }
    });
    Trap { base, bytes }
}

/// Characters that must never reach a terminal raw (beyond newline and tab).
fn unsafe_chars(output: &str) -> Vec<char> {
    output
        .chars()
        .filter(|c| !matches!(c, '\n' | '\t') && tokex::domain::sanitize::is_unsafe_char(*c))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_is_never_sent_to_a_tenant_that_did_not_issue_it() {
    let tenant_a = tenant(NO_LIMIT).await;
    let http = Http::with_defaults().expect("http");
    let token_a = token(&http, &tenant_a, "tokex-admin").await;
    let tenant_b = trap().await;

    // --domain names tenant B.
    let out = tokex(
        args(&["call", "GET", "/stats/daily", "--token", &token_a, "--domain", &tenant_b.base]),
        "",
        vec![],
    )
    .await;
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains(&tenant_a.domain()) && stderr.contains(&tenant_b.base), "{stderr}");
    assert!(stderr.contains("--any-tenant"), "{stderr}");

    // The environment profile names tenant B (the issue's report).
    let out = tokex(
        args(&["call", "GET", "/stats/daily", "--token", &token_a]),
        "",
        vec![
            ("AUTH0_DOMAIN", tenant_b.base.clone()),
            ("AUTH0_CLIENT_ID", "client-b".into()),
            ("AUTH0_CLIENT_SECRET", "secret-b".into()),
        ],
    )
    .await;
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));

    // A token that does not decode names no tenant: not sent either.
    let out =
        tokex(args(&["call", "GET", "/users", "--token", "abc.def", "--domain", &tenant_b.base]), "", vec![])
            .await;
    assert_eq!(out.status.code(), Some(3));
    assert!(text(&out.stderr).contains("not a token"), "{}", text(&out.stderr));

    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(tenant_b.bytes.load(Ordering::SeqCst), 0, "tenant B received bytes");

    // The token's own tenant is called as before.
    let out = tokex(
        args(&["call", "GET", "/stats/active-users", "--token", &token_a, "--domain", &tenant_a.domain()]),
        "",
        vec![],
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));

    // --any-tenant is an explicit, visible override.
    let out = tokex(
        args(&[
            "call",
            "GET",
            "/stats/daily",
            "--token",
            &token_a,
            "--domain",
            &tenant_b.base,
            "--any-tenant",
        ]),
        "",
        vec![],
    )
    .await;
    assert_ne!(out.status.code(), Some(0));
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(tenant_b.bytes.load(Ordering::SeqCst) > 0, "--any-tenant must send");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bearer_token_never_leaves_api_v2() {
    let own = trap().await;
    for path in ["/../../../etc/passwd", "/%2e%2e/%2E%2E/etc/passwd", "/users/..%2f..%2f..%2fetc"] {
        let out = tokex(
            args(&["call", "GET", path, "--token", "abc.def", "--domain", &own.base, "--any-tenant"]),
            "",
            vec![],
        )
        .await;
        assert_eq!(out.status.code(), Some(3), "{path}: {}", text(&out.stderr));
        assert!(text(&out.stderr).contains("nothing was sent"), "{path}: {}", text(&out.stderr));
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(own.bytes.load(Ordering::SeqCst), 0);
}

/// A token endpoint (with discovery) that answers `access_token` as given.
async fn hostile_token_endpoint(access_token: &'static str, scope: &'static str) -> server::TestServer {
    server::start(move |request| match request.path.as_str() {
        "/oauth/token" => json(
            200,
            serde_json::json!({
                "access_token": access_token,
                "expires_in": 86400,
                "token_type": "Bearer",
                "scope": scope,
            }),
        ),
        _ => server::not_found(),
    })
    .await
}

fn env_profile(base: &str) -> Vec<(&'static str, String)> {
    vec![
        ("AUTH0_DOMAIN", base.to_owned()),
        ("AUTH0_CLIENT_ID", "hostile-client".into()),
        ("AUTH0_CLIENT_SECRET", "S3cr3t-value-never-shown".into()),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fetch_refuses_an_access_token_that_is_not_token_text() {
    let hostile =
        hostile_token_endpoint("eyJ\u{1b}]0;pwned\u{7}\u{1b}]52;c;ZXZpbA==\u{7}.x.y", "read:users").await;
    let out = tokex(args(&["fetch"]), Vec::new(), env_profile(&hostile.base())).await;
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stdout.is_empty(), "{stdout:?}");
    assert!(unsafe_chars(&stderr).is_empty(), "{stderr:?}");
    assert!(stderr.contains("not printed"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fetch_json_escapes_what_the_server_says() {
    let hostile =
        hostile_token_endpoint("opaque-token", "read:users \u{202e}sresu:etaerc sc\u{200b}ope \u{9b}31m")
            .await;
    let out = tokex(args(&["fetch", "--json"]), Vec::new(), env_profile(&hostile.base())).await;
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(unsafe_chars(&stdout).is_empty(), "{stdout:?}");
    let document: Value = serde_json::from_str(&stdout).expect("valid JSON");
    assert_eq!(document["response"]["scope"], "read:users \u{202e}sresu:etaerc sc\u{200b}ope \u{9b}31m");
    assert!(!stdout.contains("S3cr3t"));
}

fn unsigned_token(claims: Value) -> String {
    use base64::Engine;
    let part = |v: Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());
    format!("{}.{}.c2ln", part(serde_json::json!({"alg": "RS256", "typ": "JWT"})), part(claims))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn decode_escapes_hostile_claims_in_text_and_json() {
    let claims = serde_json::json!({
        "iss": "https://a.auth0.com/\u{1b}]0;title\u{7}",
        "sc\u{200b}ope": "read:users",
        "sub": "x\u{202e}gpj.exe\u{2066}\u{85}\u{7f}\u{feff}\u{2028}",
        "scope": "read:users del\u{200d}ete:users",
        "exp": 4_000_000_000i64,
    });
    let token = unsigned_token(claims.clone());
    let out = tokex(args(&["decode", &token]), Vec::new(), vec![]).await;
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(unsafe_chars(&stdout).is_empty(), "{stdout:?}");
    assert!(stdout.contains("sc\\u{200b}ope"), "a zero-width claim name must stay visible: {stdout}");

    let out = tokex(args(&["decode", "--json", &token]), Vec::new(), vec![]).await;
    let stdout = text(&out.stdout);
    assert!(unsafe_chars(&stdout).is_empty(), "{stdout:?}");
    let summary: Value = serde_json::from_str(&stdout).expect("valid JSON");
    assert_eq!(summary["claims"]["sub"], claims["sub"], "{stdout}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_utf8_is_bad_input_on_stdin_and_as_an_argument() {
    let bytes = b"eyJ\xff\xfe.abc.def".to_vec();
    let out = tokex(args(&["decode", "--json", "-"]), bytes.clone(), vec![]).await;
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
    let error: Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    assert!(error["error"].as_str().is_some_and(|e| e.contains("UTF-8")), "{error}");

    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        let out =
            tokex(vec!["decode".into(), "--json".into(), OsString::from_vec(bytes)], Vec::new(), vec![])
                .await;
        assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
        let error: Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
        assert!(error["error"].is_string());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redirects_are_never_followed_with_credentials() {
    use axum::response::IntoResponse;
    let redirecting = server::start(|request| match request.path.as_str() {
        "/api/v2/same" | "/oauth/token" => {
            (axum::http::StatusCode::TEMPORARY_REDIRECT, [("location", "/admin/steal")]).into_response()
        }
        _ => server::not_found(),
    })
    .await;
    let base = redirecting.base();
    let token = unsigned_token(serde_json::json!({
        "iss": format!("{base}/"), "aud": format!("{base}/api/v2/"), "exp": 4_000_000_000i64
    }));
    let out = tokex(args(&["call", "GET", "/same", "--token", &token, "--domain", &base]), "", vec![]).await;
    assert_ne!(out.status.code(), Some(0), "a 307 is not a success");
    assert!(text(&out.stderr).contains("307"), "{}", text(&out.stderr));
    let out = tokex(args(&["fetch"]), "", env_profile(&base)).await;
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert_eq!(
        redirecting.hits("/admin/steal"),
        0,
        "neither the bearer token nor the secret may follow a redirect"
    );
    assert_eq!(redirecting.hits("/api/v2/same"), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn usage_errors_quote_hostile_arguments_escaped() {
    let hostile = "1\u{1b}]0;PWNED\u{7}\u{1b}[41m\u{9b}31m\u{202e}\u{200b}";
    for arguments in [
        vec!["--timeout", hostile, "fetch"],
        vec!["fetch", &format!("--bogus{hostile}")],
        vec!["fetch", "--max-body", hostile],
        vec!["fetch", "--auth-method", hostile],
        vec!["endpoints", hostile],
    ] {
        let out = tokex(args(&arguments), "", vec![]).await;
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{arguments:?}: {stderr}");
        let found: Vec<char> =
            stderr.chars().filter(|c| *c != '\n' && tokex::domain::sanitize::is_unsafe_char(*c)).collect();
        assert!(found.is_empty(), "{arguments:?}: {found:?} in {stderr}");
    }
    let out = tokex(args(&["--help"]), "", vec![]).await;
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("Usage"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_non_json_body_is_escaped_even_when_piped() {
    let plain = server::start(|_| {
        server::text(500, "text/plain", "hello \u{1b}]0;T\u{7} \u{1b}[31m red \u{9b} \u{202e} \u{7f}")
    })
    .await;
    let base = plain.base();
    let token = unsigned_token(serde_json::json!({
        "iss": format!("{base}/"), "aud": format!("{base}/api/v2/"), "exp": 4_000_000_000i64
    }));
    let out = tokex(args(&["call", "GET", "/text", "--token", &token, "--domain", &base]), "", vec![]).await;
    let stdout = text(&out.stdout);
    assert!(stdout.contains("hello"), "{stdout}");
    let found: Vec<char> =
        stdout.chars().filter(|c| *c != '\n' && tokex::domain::sanitize::is_unsafe_char(*c)).collect();
    assert!(found.is_empty(), "{found:?} in {stdout:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bare_domain_means_https_for_the_tenant_check_too() {
    let token = unsigned_token(serde_json::json!({
        "iss": "https://acme.invalid/", "aud": "https://acme.invalid/api/v2/", "exp": 4_000_000_000i64
    }));
    let out = tokex(
        args(&["call", "GET", "/users", "--token", &token, "--domain", "acme.invalid", "--timeout", "3"]),
        "",
        vec![],
    )
    .await;
    let stderr = text(&out.stderr);
    assert!(!stderr.contains("issued for"), "acme.invalid is the token's own tenant: {stderr}");
}
