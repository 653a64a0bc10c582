//! The tenant's shared state: what every handler reads through axum's `State`.

use std::net::SocketAddr;
use std::sync::{Mutex, MutexGuard};

use chrono::{Duration, Utc};

use super::config::{RateLimit, TenantConfig, Unimplemented};
use super::errors::TenantError;
use super::events::Throttle;
use super::keys::SigningKey;
use super::ratelimit::{AttemptKey, BucketPerKey, FAILED_ATTEMPTS, TokenBucket};
use super::seed;
use super::store::Store;

/// Failed-attempt buckets kept at most (client ids × addresses); see `ratelimit::BucketPerKey`.
const MAX_ATTEMPT_BUCKETS: usize = 65_536;
/// `/oauth/token` buckets kept at most: one per client that authenticated.
const MAX_CLIENT_BUCKETS: usize = 4_096;

pub struct Tenant {
    /// `http://127.0.0.1:PORT`, `https://…` with `--tls`, or the `--public-url` (no trailing slash).
    pub domain: String,
    /// `https://{host}/api/v2/` on a tenant served over plain http: the audience Auth0's SDKs
    /// build from a domain, accepted for the Management API's (whose identifier stays `mgmt_audience`).
    pub mgmt_audience_alias: Option<String>,
    pub unimplemented: Unimplemented,
    pub allow_scope_request: bool,
    /// The host of `domain`, as log events name it.
    pub hostname: String,
    pub tenant_name: String,
    pub mgmt_audience: String,
    pub key: SigningKey,
    /// The Management API's one bucket.
    pub limiter: TokenBucket,
    /// `/oauth/token`'s buckets, one per authenticated client.
    pub token_limiter: BucketPerKey<String>,
    /// `/oauth/token`'s failed attempts, per client id and address.
    pub failed_attempts: BucketPerKey<AttemptKey>,
    /// Keeps rate-limit events from flooding the log.
    pub event_throttle: Throttle,
    pub token_lifetime: i64,
    store: Mutex<Store>,
}

impl Tenant {
    pub fn new(addr: SocketAddr, config: &TenantConfig, token_limit: RateLimit) -> Result<Self, TenantError> {
        let scheme = if config.tls { "https" } else { "http" };
        let domain = config
            .public_url
            .as_ref()
            .map_or_else(|| format!("{scheme}://{addr}"), |u| u.origin().to_string());
        let host = config.public_url.as_ref().map_or_else(|| addr.ip().to_string(), |u| u.host().to_string());
        let mgmt_audience_alias =
            domain.strip_prefix("http://").map(|authority| format!("https://{authority}/api/v2/"));
        let key = SigningKey::generate(&host)?;
        let mut store = seed::build(&domain, &host, Utc::now())?;
        // Every API starts with the configured lifetime, so `GET /resource-servers/{id}` says
        // what tokens really get.
        for api in &mut store.resource_servers {
            api["token_lifetime"] = serde_json::json!(config.token_lifetime_secs);
        }
        store.logs.set_retention(config.log_retention_days.map(|days| Duration::days(i64::from(days))));
        Ok(Tenant {
            mgmt_audience: format!("{domain}/api/v2/"),
            mgmt_audience_alias,
            unimplemented: config.unimplemented,
            allow_scope_request: config.allow_scope_request,
            domain,
            hostname: host,
            tenant_name: store.tenant_name.clone(),
            key,
            limiter: TokenBucket::new(config.rate_limit),
            token_limiter: BucketPerKey::new(token_limit, MAX_CLIENT_BUCKETS),
            failed_attempts: BucketPerKey::new(FAILED_ATTEMPTS, MAX_ATTEMPT_BUCKETS),
            event_throttle: Throttle::default(),
            token_lifetime: config.token_lifetime_secs,
            store: Mutex::new(store),
        })
    }

    /// The API identifier an audience names: the alias of the Management API's is its identifier.
    pub fn canonical_audience<'a>(&'a self, audience: &'a str) -> &'a str {
        if self.mgmt_audience_alias.as_deref() == Some(audience) { &self.mgmt_audience } else { audience }
    }

    /// `http://127.0.0.1:PORT/`: the `iss` of every token.
    pub fn issuer(&self) -> String {
        format!("{}/", self.domain)
    }

    /// The store; held only for synchronous work, never across an await.
    pub fn lock(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|e| e.into_inner())
    }
}
