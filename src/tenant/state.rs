//! The tenant's shared state: what every handler reads through axum's `State`.

use std::net::SocketAddr;
use std::sync::{Mutex, MutexGuard};

use chrono::{Duration, Utc};

use super::config::{RateLimit, TenantConfig};
use super::errors::TenantError;
use super::events::Throttle;
use super::keys::SigningKey;
use super::oauth::{AttemptKey, FAILED_ATTEMPTS};
use super::ratelimit::{BucketPerKey, TokenBucket};
use super::seed;
use super::store::Store;

/// Failed-attempt buckets kept at most (client ids × addresses); see `ratelimit::BucketPerKey`.
const MAX_ATTEMPT_BUCKETS: usize = 65_536;
/// `/oauth/token` buckets kept at most: one per client that authenticated.
const MAX_CLIENT_BUCKETS: usize = 4_096;

pub struct Tenant {
    /// `http://127.0.0.1:PORT` (no trailing slash).
    pub domain: String,
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
        let domain = format!("http://{addr}");
        let host = addr.ip().to_string();
        let key = SigningKey::generate(&host)?;
        let mut store = seed::build(&domain, &host, Utc::now())?;
        store.logs.set_retention(config.log_retention_days.map(|days| Duration::days(i64::from(days))));
        Ok(Tenant {
            mgmt_audience: format!("{domain}/api/v2/"),
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

    /// `http://127.0.0.1:PORT/`: the `iss` of every token.
    pub fn issuer(&self) -> String {
        format!("{}/", self.domain)
    }

    /// The store; held only for synchronous work, never across an await.
    pub fn lock(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|e| e.into_inner())
    }
}
