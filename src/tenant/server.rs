//! The tenant's shared state and its axum router.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use chrono::Utc;
use futures_util::StreamExt;

use super::errors::{ApiError, TenantError};
use super::keys::SigningKey;
use super::ratelimit::TokenBucket;
use super::store::Store;
use super::{TenantConfig, api, oauth, seed, wellknown};

/// Auth0's documented maximum payload (facts.md §3).
pub const MAX_BODY: usize = 1024 * 1024;
/// Oversized bodies are read and discarded up to this much so the client sees our 413 rather
/// than a reset connection; beyond it we stop reading.
const DRAIN_CAP: usize = 16 * MAX_BODY;
/// A client that announces a body and never sends it must not hold a handler forever.
const BODY_TIMEOUT: Duration = Duration::from_secs(10);

pub struct Tenant {
    pub domain: String,
    pub mgmt_audience: String,
    pub key: SigningKey,
    pub limiter: TokenBucket,
    pub token_lifetime: i64,
    store: Mutex<Store>,
}

impl Tenant {
    pub fn new(addr: SocketAddr, config: &TenantConfig) -> Result<Self, TenantError> {
        let domain = format!("http://{addr}");
        let host = addr.ip().to_string();
        let key = SigningKey::generate(&host)?;
        let store = seed::build(&domain, &host, Utc::now())?;
        Ok(Tenant {
            mgmt_audience: format!("{domain}/api/v2/"),
            domain,
            key,
            limiter: TokenBucket::new(config.rate_limit),
            token_lifetime: config.token_lifetime_secs,
            store: Mutex::new(store),
        })
    }

    /// The store; held only for synchronous work, never across an await.
    pub fn lock(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|e| e.into_inner())
    }
}

pub fn router(tenant: Arc<Tenant>) -> Router {
    Router::new()
        .route("/.well-known/jwks.json", any(wellknown::jwks))
        .route("/.well-known/openid-configuration", any(wellknown::discovery))
        .route("/.well-known/oauth-authorization-server", any(wellknown::discovery))
        .route("/oauth/token", any(oauth::token))
        .route("/api/v2", any(api::dispatch))
        .route("/api/v2/", any(api::dispatch))
        .route("/api/v2/{*rest}", any(api::dispatch))
        .fallback(not_found)
        .with_state(tenant)
}

async fn not_found() -> Response {
    ApiError::not_found_route().into_response()
}

#[derive(Debug, PartialEq)]
pub enum BodyError {
    TooLarge,
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
