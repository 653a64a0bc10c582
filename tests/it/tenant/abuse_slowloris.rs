//! Slow clients cannot starve the tenant: with 1,000 half-open connections (request headers
//! started, never finished) held open against it, a legitimate token request and a Management API
//! call are each answered within 1 s.
//!
//! How it stays bounded: the tenant runs as its own process (`tokex dev-tenant`) with its file
//! descriptors limited to 512, a common default; this test process holds the 1,000 client sockets
//! (well under its own limit) and closes them all when it ends. The tenant keeps at most
//! `MAX_CONNECTIONS` (256) open, closing the oldest of those that have not sent a whole request
//! when a new one arrives, and drops headers that take longer than 5 s; before that, the half-open connections used up its descriptors and the
//! legitimate requests waited in the listen queue.
// Needs the local tenant (the default `tenant` feature): skipped in a client-only build.
#![cfg(feature = "tenant")]

use crate::tenant_support;

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use tenant_support::child::ChildTenant;
use tenant_support::http;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

const HALF_OPEN: usize = 1_000;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn half_open_connections_do_not_starve_legitimate_requests() {
    let tenant = ChildTenant::spawn("ulimit -n 512;", &[]);
    let domain = tenant.domain();
    let addr = domain.trim_start_matches("http://").to_string();
    let mut held = Vec::with_capacity(HALF_OPEN);
    for _ in 0..HALF_OPEN {
        let connect = tokio::time::timeout(Duration::from_secs(5), TcpStream::connect(&addr)).await;
        let mut stream = connect.expect("connect within 5 s").expect("connect");
        // A request line and one header, then nothing: the connection waits for the rest.
        let _ = stream.write_all(b"POST /oauth/token HTTP/1.1\r\nHost: 127.0.0.1\r\n").await;
        held.push(stream);
    }

    let admin = tenant.client("tokex-admin");
    let audience = tenant.announcement["audience"].as_str().expect("audience").to_string();
    let form = [
        ("grant_type", "client_credentials"),
        ("client_id", admin["client_id"].as_str().expect("id")),
        ("client_secret", admin["client_secret"].as_str().expect("secret")),
        ("audience", audience.as_str()),
    ];
    let started = Instant::now();
    let token = http().post(format!("{domain}/oauth/token")).form(&form).send().await.expect("token request");
    let token_latency = started.elapsed();
    assert_eq!(token.status(), StatusCode::OK);
    let body: serde_json::Value = token.json().await.expect("json");
    let access_token = body["access_token"].as_str().expect("access token").to_string();

    let started = Instant::now();
    let api = http()
        .get(format!("{domain}/api/v2/stats/active-users"))
        .bearer_auth(&access_token)
        .send()
        .await
        .expect("API call");
    let api_latency = started.elapsed();
    assert_eq!(api.status(), StatusCode::OK);
    eprintln!("with {HALF_OPEN} half-open connections: token {token_latency:?}, API call {api_latency:?}");
    assert!(token_latency < Duration::from_secs(1), "token request took {token_latency:?}");
    assert!(api_latency < Duration::from_secs(1), "API call took {api_latency:?}");
    drop(held);
}

/// Reads until the peer closes; returns everything read, or `None` if still open after `wait`.
async fn read_until_closed(stream: &mut TcpStream, wait: Duration) -> Option<Vec<u8>> {
    use tokio::io::AsyncReadExt;
    let mut seen = Vec::new();
    let read = async {
        let mut buf = [0u8; 4096];
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => seen.extend_from_slice(&buf[..n]),
            }
        }
    };
    tokio::time::timeout(wait, read).await.ok().map(|()| seen)
}

#[tokio::test]
async fn unfinished_headers_and_idle_keep_alive_connections_are_closed() {
    let t = tenant_support::start().await;
    let addr = t.addr();
    let started = Instant::now();
    let mut slow = TcpStream::connect(addr).await.expect("connect");
    slow.write_all(b"GET /.well-known/jwks.json HTTP/1.1\r\nHost: x\r\n").await.expect("write");
    let mut idle = TcpStream::connect(addr).await.expect("connect");
    idle.write_all(b"GET /.well-known/jwks.json HTTP/1.1\r\nHost: x\r\n\r\n").await.expect("write");
    let (slow_end, idle_end) = tokio::join!(
        read_until_closed(&mut slow, Duration::from_secs(9)),
        read_until_closed(&mut idle, Duration::from_secs(9))
    );
    let waited = started.elapsed();
    assert!(slow_end.is_some(), "half-sent headers are dropped");
    let answered =
        String::from_utf8_lossy(&idle_end.expect("an idle kept-alive connection is closed")).to_string();
    assert!(answered.starts_with("HTTP/1.1 200"), "the finished request was answered first: {answered:.80}");
    assert!(waited >= Duration::from_secs(4), "not before the 5 s timeout: {waited:?}");
}
