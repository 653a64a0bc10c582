//! Reading what a request carries: its body (bounded in size and time), content type, peer and
//! user agent. Shared by `/oauth/token` and `/api/v2`.

use std::net::SocketAddr;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, header};
use futures_util::StreamExt;

/// Auth0's documented maximum payload (docs/auth0.md#management-api-errors).
pub const MAX_BODY: usize = 1024 * 1024;
/// Oversized bodies are read and discarded up to this much so the client sees our 413 rather
/// than a reset connection; beyond it we stop reading.
const DRAIN_CAP: usize = 16 * MAX_BODY;
/// A client that announces a body and never sends it must not hold a handler forever.
const BODY_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, PartialEq, thiserror::Error)]
pub enum BodyError {
    #[error("the request body is larger than {MAX_BODY} bytes")]
    TooLarge,
    #[error("the request body could not be read")]
    Unreadable,
}

/// Reads a request body up to [`MAX_BODY`] bytes.
pub async fn read_body(headers: &HeaderMap, body: Body) -> Result<Bytes, BodyError> {
    let announced = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if announced.is_some_and(|n| n > DRAIN_CAP) {
        return Err(BodyError::TooLarge);
    }
    let read = async {
        let mut stream = body.into_data_stream();
        let mut buf = Vec::new();
        let mut total = 0usize;
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(|_| BodyError::Unreadable)?;
            total += chunk.len();
            if total <= MAX_BODY {
                buf.extend_from_slice(&chunk);
            } else if total > DRAIN_CAP {
                return Err(BodyError::TooLarge);
            }
        }
        if total > MAX_BODY { Err(BodyError::TooLarge) } else { Ok(Bytes::from(buf)) }
    };
    tokio::time::timeout(BODY_TIMEOUT, read).await.unwrap_or(Err(BodyError::Unreadable))
}

/// True when the request says its body is JSON.
pub fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or("").trim().eq_ignore_ascii_case("application/json"))
        .unwrap_or(false)
}

pub fn client_ip(addr: Option<SocketAddr>) -> String {
    addr.map(|a| a.ip().to_string()).unwrap_or_else(|| "127.0.0.1".into())
}

pub fn user_agent(headers: &HeaderMap) -> String {
    headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or("").to_string()
}
