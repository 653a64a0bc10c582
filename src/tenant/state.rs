//! The tenant's shared state: what every handler reads through axum's `State`.

use std::net::SocketAddr;
use std::sync::{Mutex, MutexGuard};

use chrono::Utc;

use super::config::{RateLimit, TenantConfig};
use super::errors::TenantError;
use super::keys::SigningKey;
use super::ratelimit::{BucketPerClient, TokenBucket};
use super::seed;
use super::store::Store;

pub struct Tenant {
    pub domain: String,
    pub mgmt_audience: String,
    pub key: SigningKey,
    /// The Management API's one bucket.
    pub limiter: TokenBucket,
    /// `/oauth/token`'s buckets, one per client.
    pub token_limiter: BucketPerClient,
    pub token_lifetime: i64,
    store: Mutex<Store>,
}

impl Tenant {
    pub fn new(addr: SocketAddr, config: &TenantConfig, token_limit: RateLimit) -> Result<Self, TenantError> {
        let domain = format!("http://{addr}");
        let host = addr.ip().to_string();
        let key = SigningKey::generate(&host)?;
        let store = seed::build(&domain, &host, Utc::now())?;
        Ok(Tenant {
            mgmt_audience: format!("{domain}/api/v2/"),
            domain,
            key,
            limiter: TokenBucket::new(config.rate_limit),
            token_limiter: BucketPerClient::new(token_limit),
            token_lifetime: config.token_lifetime_secs,
            store: Mutex::new(store),
        })
    }

    /// The store; held only for synchronous work, never across an await.
    pub fn lock(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|e| e.into_inner())
    }
}
