//! A connection flood cannot cut a legitimate client's kept-alive connection: while 20,000
//! connections are opened against the tenant (at most 600 held at a time, the tenant keeping at
//! most 256), a client sends 25 requests on one kept-alive connection, and every one is answered
//! on that same connection. At its cap the tenant closes first the connections that have not
//! sent a whole request, then idle ones, and a busy one only last; before, it closed the oldest
//! connection, which is the legitimate one (3 of 25 requests were lost).
//!
//! Bounded: the tenant runs as its own process with 512 file descriptors; the flood stops after
//! 20,000 connections or 60 s, and the test closes every socket it opened when it ends.
#![cfg(feature = "tenant")]

use std::collections::VecDeque;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

use crate::tenant_support::child::ChildTenant;

const FLOOD: usize = 20_000;
const HELD: usize = 600;
const REQUESTS: usize = 25;

/// Why one kept-alive request failed.
#[derive(Debug, thiserror::Error)]
enum RequestFailure {
    #[error("write: {0}")]
    Write(std::io::Error),
    #[error("read: {0}")]
    Read(std::io::Error),
    #[error("the tenant closed the connection")]
    Closed,
    #[error("headers: {0}")]
    Headers(std::io::Error),
    #[error("content-length: {0:?}")]
    ContentLength(String),
    #[error("body: {0}")]
    Body(std::io::Error),
}

/// Sends one GET on `stream` and reads the whole answer; the status line, or why it failed.
async fn one_request(stream: &mut BufReader<TcpStream>) -> Result<String, RequestFailure> {
    let request = b"GET /.well-known/jwks.json HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    stream.get_mut().write_all(request).await.map_err(RequestFailure::Write)?;
    let mut status = String::new();
    let read = stream.read_line(&mut status).await.map_err(RequestFailure::Read)?;
    if read == 0 {
        return Err(RequestFailure::Closed);
    }
    let mut length = 0usize;
    loop {
        let mut line = String::new();
        stream.read_line(&mut line).await.map_err(RequestFailure::Headers)?;
        if line == "\r\n" || line.is_empty() {
            break;
        }
        if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            length =
                value.trim().parse().map_err(|_| RequestFailure::ContentLength(value.trim().to_owned()))?;
        }
    }
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body).await.map_err(RequestFailure::Body)?;
    Ok(status.trim_end().to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connection_flood_leaves_kept_alive_connections_alone() {
    let tenant = ChildTenant::spawn("ulimit -n 512;", &[]);
    let addr = tenant.domain().trim_start_matches("http://").to_string();
    let flooding = Arc::new(AtomicBool::new(true));
    let opened = Arc::new(AtomicUsize::new(0));
    let flood = {
        let (addr, flooding, opened) = (addr.clone(), flooding.clone(), opened.clone());
        tokio::spawn(async move {
            let started = Instant::now();
            let mut held = VecDeque::with_capacity(HELD);
            while opened.load(Ordering::Relaxed) < FLOOD && started.elapsed() < Duration::from_secs(60) {
                if let Ok(Ok(stream)) =
                    tokio::time::timeout(Duration::from_secs(1), TcpStream::connect(&addr)).await
                {
                    held.push_back(stream);
                    opened.fetch_add(1, Ordering::Relaxed);
                }
                if held.len() > HELD {
                    held.pop_front();
                }
            }
            flooding.store(false, Ordering::Relaxed);
        })
    };

    let stream = TcpStream::connect(&addr).await.expect("connect");
    let mut kept_alive = BufReader::new(stream);
    let mut answers = Vec::new();
    let started = Instant::now();
    for _ in 0..REQUESTS {
        answers.push(one_request(&mut kept_alive).await);
        // Spread over the flood, well inside the 5 s keep-alive idle limit.
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    let during = opened.load(Ordering::Relaxed);
    flood.await.expect("flood");
    eprintln!(
        "{REQUESTS} kept-alive requests over {:?} while {during} connections were opened ({} in all)",
        started.elapsed(),
        opened.load(Ordering::Relaxed)
    );
    let failed: Vec<&Result<String, RequestFailure>> =
        answers.iter().filter(|a| !matches!(a, Ok(status) if status == "HTTP/1.1 200 OK")).collect();
    assert!(failed.is_empty(), "{} of {REQUESTS} failed: {failed:?}", failed.len());
    assert!(during >= 1_000, "the flood was under way during the requests ({during} connections)");
}
