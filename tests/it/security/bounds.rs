//! Issue 9 point 5 over real loopback HTTP: response bodies are read with a cap while
//! streaming. An endless body stops at the cap with "response larger than …", quickly and in
//! bounded memory; token, discovery and JWKS bodies stop at 1 MiB.

use crate::net_support as support;

use std::net::SocketAddr;
use std::time::{Duration, Instant};
use support::server::{self, not_found, start};
use tokex::config::{Profile, Secret};
use tokex::net::{
    CallError, FetchError, Http, HttpOptions, JwksError, TransportError, call_api, fetch_token, load_jwks,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const MIB: usize = 1024 * 1024;
/// What the endless server sends at most, so old code that reads everything ends (by timeout)
/// instead of exhausting the machine.
const ENDLESS_LIMIT: usize = 192 * MIB;

fn http(max_body: u64) -> Http {
    Http::new(HttpOptions { timeout: Duration::from_secs(4), max_body, ..Default::default() })
        .expect("client")
}

/// A server whose every answer is a chunked body that does not end (up to [`ENDLESS_LIMIT`]).
async fn endless_server() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut request = [0u8; 8192];
                let _ = socket.read(&mut request).await;
                let head =
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n";
                if socket.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
                let chunk = vec![b'['; 64 * 1024];
                let mut framed = format!("{:x}\r\n", chunk.len()).into_bytes();
                framed.extend_from_slice(&chunk);
                framed.extend_from_slice(b"\r\n");
                let mut sent = 0;
                while sent < ENDLESS_LIMIT && socket.write_all(&framed).await.is_ok() {
                    sent += chunk.len();
                }
                // Keep the connection open without ending the body.
                tokio::time::sleep(Duration::from_secs(10)).await;
            });
        }
    });
    addr
}

/// Peak resident memory of this process, in bytes (Linux), if known.
fn peak_rss() -> Option<usize> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: usize = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

fn assert_too_large(error: &TransportError, limit: &str) {
    assert!(matches!(error, TransportError::TooLarge { .. }), "{error:?}");
    assert!(error.to_string().contains(&format!("response larger than {limit}")), "{error}");
}

#[tokio::test]
async fn an_endless_api_body_stops_at_the_cap_in_bounded_memory() {
    let addr = endless_server().await;
    let before = peak_rss();
    let started = Instant::now();
    let default_cap = http(tokex::net::DEFAULT_MAX_BODY);
    let error = call_api(&default_cap, &format!("http://{addr}"), "GET", "/users", "t.o.k", None)
        .await
        .expect_err("too large");
    let CallError::Transport(transport) = &error else { panic!("{error:?}") };
    assert_too_large(transport, "32 MiB");
    assert!(started.elapsed() < Duration::from_secs(3), "stopped at the cap, not at the timeout");
    if let (Some(before), Some(after)) = (before, peak_rss()) {
        assert!(after.saturating_sub(before) < 96 * MIB, "peak grew by {} MiB", (after - before) / MIB);
    }
    // `--max-body` lowers it.
    let small = http(64 * 1024);
    let error = call_api(&small, &format!("http://{addr}"), "GET", "/users", "t.o.k", None)
        .await
        .expect_err("too large");
    let CallError::Transport(transport) = &error else { panic!("{error:?}") };
    assert_too_large(transport, "64 KiB");
}

#[tokio::test]
async fn a_body_within_the_cap_is_read_whole() {
    let body = "x".repeat(100_000);
    let server = start(move |_| server::text(200, "text/plain", &body)).await;
    let response = call_api(&http(200_000), &server.base(), "GET", "/users", "t.o.k", None)
        .await
        .expect("within the cap");
    assert_eq!(response.body.len(), 100_000);
    let error =
        call_api(&http(99_999), &server.base(), "GET", "/users", "t.o.k", None).await.expect_err("over");
    assert!(matches!(error, CallError::Transport(TransportError::TooLarge { .. })), "{error:?}");
}

#[tokio::test]
async fn token_discovery_and_jwks_bodies_stop_at_one_mib() {
    let big = format!("{{\"access_token\":\"{}\"}}", "a".repeat(MIB + 10));
    let token_server = start(move |r| {
        if r.path == "/oauth/token" { server::text(200, "application/json", &big) } else { not_found() }
    })
    .await;
    let profile =
        Profile::new("p", &token_server.base(), "c", Secret::new("secret-0123456789-abcd")).expect("profile");
    let error = fetch_token(&http(u64::MAX), &profile).await.expect_err("token body too large");
    let FetchError::Transport(transport) = &error else { panic!("{error:?}") };
    assert_too_large(transport, "1 MiB");

    let addr = endless_server().await;
    let profile = Profile::new("p", &format!("http://{addr}"), "c", Secret::new("secret-0123456789-abcd"))
        .expect("profile");
    let error = fetch_token(&http(u64::MAX), &profile).await.expect_err("endless discovery");
    let FetchError::Transport(transport) = &error else { panic!("{error:?}") };
    assert_too_large(transport, "1 MiB");

    let source = tokex::net::JwksSource::Url(format!("http://{addr}/keys"));
    let error = load_jwks(&http(u64::MAX), &source, true).await.expect_err("endless JWKS");
    let JwksError::Transport(transport) = &error else { panic!("{error:?}") };
    assert_too_large(transport, "1 MiB");
}
