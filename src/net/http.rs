//! The one HTTP client tokex uses (keep-alive pool shared by token fetches, discovery, JWKS and
//! Management API calls), plus the discovery and JWKS caches that live as long as it does.

use super::body::read_capped;
use super::endpoints::Endpoints;
use super::size::DEFAULT_MAX_BODY;
use super::transport::TransportError;
use jsonwebtoken::jwk::JwkSet;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// JWKS and discovery documents are kept this long (cache 5–10 min: docs/auth0.md#access-tokens).
pub const CACHE_TTL: Duration = Duration::from_secs(600);

#[derive(Debug, Clone, Copy)]
pub struct HttpOptions {
    /// Whole request, body included.
    pub timeout: Duration,
    pub connect_timeout: Duration,
    pub cache_ttl: Duration,
    /// Largest Management API response body read (`--max-body`); token, discovery and JWKS
    /// bodies have their own 1 MiB cap.
    pub max_body: u64,
}

impl Default for HttpOptions {
    fn default() -> Self {
        Self {
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: CONNECT_TIMEOUT,
            cache_ttl: CACHE_TTL,
            max_body: DEFAULT_MAX_BODY,
        }
    }
}

#[derive(Debug, thiserror::Error)]
#[error("cannot set up the HTTP client: {0}")]
pub struct HttpInitError(String);

/// Cheap to clone: clones share the connection pool and the caches.
///
/// The reqwest client is built on the first request, not here: building it loads and parses the
/// system's certificate store (tens of milliseconds and a few MB), which a session that never
/// goes online should not pay, and which must not delay the TUI's first frame.
#[derive(Debug, Clone)]
pub struct Http {
    client: Arc<tokio::sync::OnceCell<reqwest::Client>>,
    pub(crate) options: HttpOptions,
    pub(crate) discovery: Cache<Endpoints>,
    pub(crate) jwks: Cache<Arc<JwkSet>>,
}

impl Http {
    /// Never fails today (the client is built on first use; a failure then is reported by that
    /// request); the `Result` keeps callers ready for options that can be rejected up front.
    pub fn new(options: HttpOptions) -> Result<Self, HttpInitError> {
        Ok(Self {
            client: Arc::new(tokio::sync::OnceCell::new()),
            options,
            discovery: Cache::new(options.cache_ttl),
            jwks: Cache::new(options.cache_ttl),
        })
    }

    /// The shared client, built on first use on tokio's blocking pool, so the thread that runs
    /// the UI never waits for the certificate store. `url` is only for the error.
    pub(crate) async fn client(&self, url: &str) -> Result<reqwest::Client, TransportError> {
        let setup_failed = |detail: String| TransportError::Other { url: url.to_owned(), detail };
        let options = self.options;
        let client = self
            .client
            .get_or_try_init(|| async move {
                match tokio::task::spawn_blocking(move || build_client(&options)).await {
                    Ok(built) => built.map_err(|error| setup_failed(error.to_string())),
                    Err(error) => Err(setup_failed(format!("cannot set up the HTTP client: {error}"))),
                }
            })
            .await?;
        Ok(client.clone())
    }

    pub fn with_defaults() -> Result<Self, HttpInitError> {
        Self::new(HttpOptions::default())
    }

    /// GETs a JSON document: the status and the whole body (at most `limit` bytes), or why the
    /// exchange failed.
    pub(crate) async fn get_json(
        &self,
        url: &str,
        limit: u64,
    ) -> Result<(reqwest::StatusCode, Vec<u8>), TransportError> {
        let map_err = |e: reqwest::Error| TransportError::from_reqwest(&e, url, self.timeout());
        let started = Instant::now();
        let response = self
            .client(url)
            .await?
            .get(url)
            .header(reqwest::header::ACCEPT, "application/json")
            .send()
            .await
            .map_err(map_err)
            .inspect_err(|error| {
                tracing::warn!(method = "GET", url, route = %super::proxy::route_for(url), %error, "request failed");
            })?;
        let status = response.status();
        let body = read_capped(response, limit, url, self.timeout()).await?;
        tracing::debug!(
            method = "GET",
            url,
            route = %super::proxy::route_for(url),
            status = status.as_u16(),
            latency_ms = started.elapsed().as_millis() as u64,
            bytes = body.len(),
            "request"
        );
        Ok((status, body))
    }

    pub fn max_body(&self) -> u64 {
        self.options.max_body
    }

    pub fn timeout(&self) -> Duration {
        self.options.timeout
    }

    /// Forgets cached discovery documents and JWKS (e.g. after the demo tenant restarts).
    pub fn clear_caches(&self) {
        self.discovery.clear();
        self.jwks.clear();
    }
}

fn build_client(options: &HttpOptions) -> Result<reqwest::Client, HttpInitError> {
    reqwest::Client::builder()
        .user_agent(concat!("tokex/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(options.connect_timeout)
        .timeout(options.timeout)
        // Never follow a redirect: a token request or an API call would be re-sent, secret or
        // bearer token and all, to a URL that passed no check (another host, or another
        // path of the same one). Auth0 answers these endpoints directly; a 3xx is shown.
        .redirect(reqwest::redirect::Policy::none())
        // https through HTTPS_PROXY/ALL_PROXY (a CONNECT tunnel); plain http, only ever to
        // loopback, always directly (src/net/proxy.rs says why).
        .proxy(super::proxy::reqwest_proxy())
        .build()
        .map_err(|e| HttpInitError(e.to_string()))
}

/// A small time-limited map keyed by URL. The lock is never held across an await.
#[derive(Debug, Clone)]
pub(crate) struct Cache<T: Clone> {
    entries: Arc<Mutex<HashMap<String, (Instant, T)>>>,
    ttl: Duration,
}

impl<T: Clone> Cache<T> {
    fn new(ttl: Duration) -> Self {
        Self { entries: Arc::new(Mutex::new(HashMap::new())), ttl }
    }

    pub(crate) fn get(&self, key: &str) -> Option<T> {
        let entries = self.entries.lock().ok()?;
        let found =
            entries.get(key).filter(|(at, _)| at.elapsed() < self.ttl).map(|(_, value)| value.clone());
        let decision = match (&found, entries.contains_key(key)) {
            (Some(_), _) => "hit",
            (None, true) => "expired",
            (None, false) => "miss",
        };
        tracing::debug!(url = key, decision, ttl_secs = self.ttl.as_secs(), "cache");
        found
    }

    pub(crate) fn put(&self, key: &str, value: T) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.insert(key.to_owned(), (Instant::now(), value));
        }
    }

    fn clear(&self) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.clear();
        }
    }
}
