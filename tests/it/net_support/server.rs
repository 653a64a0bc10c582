//! A tiny real HTTP server on 127.0.0.1:0 whose answers a test scripts with a closure, and a
//! raw TCP server for answers HTTP libraries refuse to produce (a body cut short).

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::http::{HeaderMap, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub headers: HeaderMap,
    pub body: String,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned)
    }

    /// The form-urlencoded body as pairs (values percent-decoded, `+` as space).
    pub fn form(&self) -> Vec<(String, String)> {
        self.body
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|pair| {
                let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                (decode(k), decode(v))
            })
            .collect()
    }

    pub fn form_value(&self, name: &str) -> Option<String> {
        self.form().into_iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }
}

fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("00");
                out.push(u8::from_str_radix(hex, 16).unwrap_or(b'?'));
                i += 2;
            }
            other => out.push(other),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub type Script = Arc<dyn Fn(&Recorded) -> Response + Send + Sync>;

pub struct TestServer {
    pub addr: SocketAddr,
    pub requests: Arc<Mutex<Vec<Recorded>>>,
}

impl TestServer {
    pub fn base(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn recorded(&self) -> Vec<Recorded> {
        self.requests.lock().expect("lock").clone()
    }

    pub fn hits(&self, path: &str) -> usize {
        self.recorded().iter().filter(|r| r.path == path).count()
    }
}

/// Starts a server that records every request and answers with `script`.
pub async fn start(script: impl Fn(&Recorded) -> Response + Send + Sync + 'static) -> TestServer {
    let requests: Arc<Mutex<Vec<Recorded>>> = Arc::default();
    let script: Script = Arc::new(script);
    let log = requests.clone();
    let app = Router::new().fallback(move |request: Request<Body>| {
        let (script, log) = (script.clone(), log.clone());
        async move {
            let (parts, body) = request.into_parts();
            let body = to_bytes(body, 1 << 20).await.unwrap_or_default();
            let recorded = Recorded {
                method: parts.method.to_string(),
                path: parts.uri.path().to_owned(),
                headers: parts.headers,
                body: String::from_utf8_lossy(&body).into_owned(),
            };
            log.lock().expect("lock").push(recorded.clone());
            let response = script(&recorded);
            // `x-test-delay-ms` in a scripted answer: wait (asynchronously) before sending it.
            let delay = response.headers().get("x-test-delay-ms").and_then(|v| v.to_str().ok()?.parse().ok());
            if let Some(ms) = delay {
                tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
            }
            response
        }
    });
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    TestServer { addr, requests }
}

pub fn json(status: u16, body: serde_json::Value) -> Response {
    (StatusCode::from_u16(status).expect("status"), [("content-type", "application/json")], body.to_string())
        .into_response()
}

pub fn text(status: u16, content_type: &str, body: &str) -> Response {
    (
        StatusCode::from_u16(status).expect("status"),
        [("content-type", content_type.to_owned())],
        body.to_owned(),
    )
        .into_response()
}

pub fn delayed(ms: u64, mut response: Response) -> Response {
    response.headers_mut().insert("x-test-delay-ms", ms.to_string().parse().expect("header"));
    response
}

pub fn not_found() -> Response {
    text(404, "text/plain", "Not Found")
}

/// A server that answers every connection with `raw` bytes and then closes it.
pub async fn start_raw(raw: &'static [u8]) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut buffer = [0u8; 8192];
            let _ = socket.read(&mut buffer).await;
            let _ = socket.write_all(raw).await;
            let _ = socket.shutdown().await;
        }
    });
    addr
}

/// A loopback port with nothing listening on it.
pub async fn closed_port() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    listener.local_addr().expect("addr")
}
