//! tokex's built-in, Auth0-compatible local tenant: a real HTTP server on 127.0.0.1 that answers
//! like Auth0 on the wire (docs/auth0.md). Start one with [`RunningTenant::start`]; `tokex dev-tenant`
//! runs [`run_dev_tenant`].

mod api;
pub mod errors;
mod keys;
mod oauth;
mod ratelimit;
mod request;
mod router;
pub mod search;
mod seed;
mod serve;
mod state;
mod store;
mod wellknown;

use std::net::SocketAddr;
use std::sync::Arc;

use serde_json::{Value, json};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use errors::TenantError;
use state::Tenant;

/// The audience of the tenant's custom (non-Management) API.
pub const CUSTOM_API_AUDIENCE: &str = "https://api.tokex.example/";

/// How a tenant run is configured (`tokex dev-tenant` flags).
#[derive(Clone, Debug, PartialEq)]
pub struct TenantConfig {
    /// 0 picks a free port.
    pub port: u16,
    pub token_lifetime_secs: i64,
    pub rate_limit: RateLimit,
}

impl Default for TenantConfig {
    fn default() -> Self {
        TenantConfig {
            port: 0,
            token_lifetime_secs: 86_400,
            rate_limit: RateLimit { burst: 1000, per_second: 1000.0 },
        }
    }
}

/// How `tokex dev-tenant` runs: the tenant's config plus `/oauth/token`'s limit per client.
/// The token endpoint has its own flag, `--token-rate-limit`, beside `--rate-limit` (the
/// Management API's): Auth0 limits the two APIs separately, and scripts that fetch a token per
/// call need to tune them apart.
#[derive(Clone, Debug, PartialEq)]
pub struct DevTenantConfig {
    pub tenant: TenantConfig,
    pub token_rate_limit: RateLimit,
}

/// `/oauth/token`'s default limit per client: generous, so nothing hits it unless asked to.
pub const DEFAULT_TOKEN_RATE_LIMIT: RateLimit = RateLimit { burst: 1000, per_second: 1000.0 };

/// The Management API's token bucket: `burst` requests at once, refilled at `per_second`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RateLimit {
    pub burst: u32,
    pub per_second: f64,
}

impl RateLimit {
    /// Auth0's free tier: 2 burst, 2 per second (docs/auth0.md#rate-limits).
    pub const FREE_TIER: RateLimit = RateLimit { burst: 2, per_second: 2.0 };
}

/// Why a `--rate-limit` value was refused.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum RateLimitError {
    #[error("invalid rate limit {0:?}: expected BURST/PER_SECOND, e.g. 2/2 (Auth0's free tier) or 50/10")]
    Shape(String),
    #[error("invalid burst {burst:?} in rate limit {input:?}: expected a whole number, e.g. 2/2")]
    Burst { burst: String, input: String },
    #[error("invalid rate {rate:?} in rate limit {input:?}: expected a number, e.g. 2/2")]
    Rate { rate: String, input: String },
    #[error("invalid rate limit {0:?}: the burst must be at least 1")]
    ZeroBurst(String),
    #[error("invalid rate limit {0:?}: the rate must be a positive number of requests per second")]
    NonPositiveRate(String),
}

impl std::str::FromStr for RateLimit {
    type Err = RateLimitError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let input = || s.to_string();
        let (burst, rate) = s.trim().split_once('/').ok_or_else(|| RateLimitError::Shape(input()))?;
        let burst: u32 = burst
            .trim()
            .parse()
            .map_err(|_| RateLimitError::Burst { burst: burst.to_string(), input: input() })?;
        let per_second: f64 = rate
            .trim()
            .parse()
            .map_err(|_| RateLimitError::Rate { rate: rate.to_string(), input: input() })?;
        if burst == 0 {
            return Err(RateLimitError::ZeroBurst(input()));
        }
        if !per_second.is_finite() || per_second <= 0.0 {
            return Err(RateLimitError::NonPositiveRate(input()));
        }
        Ok(RateLimit { burst, per_second })
    }
}

/// Auth0's longest access-token lifetime, 30 days (docs/auth0.md#access-tokens).
pub const MAX_TOKEN_LIFETIME_SECS: i64 = 30 * 24 * 3600;

/// A `--token-lifetime` outside 1 s … 30 days.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("invalid token lifetime {0:?}: expected whole seconds from 1 to {MAX_TOKEN_LIFETIME_SECS} (30 days)")]
pub struct TokenLifetimeError(String);

/// clap's value parser for `--token-lifetime`: whole seconds, 1 … [`MAX_TOKEN_LIFETIME_SECS`].
pub fn parse_token_lifetime(s: &str) -> Result<i64, TokenLifetimeError> {
    s.trim()
        .parse::<i64>()
        .ok()
        .filter(|secs| (1..=MAX_TOKEN_LIFETIME_SECS).contains(secs))
        .ok_or_else(|| TokenLifetimeError(s.to_string()))
}

/// One seed client as `dev-tenant` announces it.
#[derive(Clone, Debug, serde::Serialize)]
pub struct ClientInfo {
    pub name: String,
    pub client_id: String,
    /// Empty for `tokex-jwt-m2m`, which authenticates with `private_key_pem` instead.
    pub client_secret: String,
    pub app_type: String,
    /// Scopes granted for the Management API (empty when not granted).
    pub scopes: Vec<String>,
    pub granted: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub private_key_pem: Option<String>,
}

/// A tenant serving on loopback until [`RunningTenant::shutdown`] (or drop, which aborts it).
pub struct RunningTenant {
    tenant: Arc<Tenant>,
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl RunningTenant {
    /// Generates the signing key, seeds the store and starts serving on 127.0.0.1, with
    /// [`DEFAULT_TOKEN_RATE_LIMIT`] on `/oauth/token`.
    pub async fn start(config: TenantConfig) -> Result<RunningTenant, TenantError> {
        Self::start_with_token_limit(config, DEFAULT_TOKEN_RATE_LIMIT).await
    }

    /// [`RunningTenant::start`] with `token_limit` per client on `/oauth/token`.
    pub async fn start_with_token_limit(
        config: TenantConfig,
        token_limit: RateLimit,
    ) -> Result<RunningTenant, TenantError> {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", config.port))
            .await
            .map_err(|source| TenantError::Bind { port: config.port, source })?;
        let addr = listener.local_addr()?;
        // Key generation is CPU work: keep it off the async workers.
        let tenant = tokio::task::spawn_blocking(move || Tenant::new(addr, &config, token_limit))
            .await
            .map_err(|e| TenantError::Key(e.to_string()))??;
        let tenant = Arc::new(tenant);
        let (stop, stopped) = oneshot::channel::<()>();
        let app = router::router(tenant.clone());
        let task = tokio::spawn(serve::serve(listener, app, stopped));
        Ok(RunningTenant { tenant, addr, stop: Some(stop), task: Some(task) })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT` (no trailing slash).
    pub fn domain(&self) -> String {
        self.tenant.domain.clone()
    }

    /// `http://127.0.0.1:PORT/`
    pub fn issuer(&self) -> String {
        format!("{}/", self.tenant.domain)
    }

    /// The Management API audience, `http://127.0.0.1:PORT/api/v2/`.
    pub fn audience(&self) -> String {
        self.tenant.mgmt_audience.clone()
    }

    /// The custom API's audience (not the Management API).
    pub fn custom_audience(&self) -> String {
        CUSTOM_API_AUDIENCE.to_string()
    }

    /// The `kid` of the tenant's signing key.
    pub fn kid(&self) -> String {
        self.tenant.key.kid.clone()
    }

    /// Seed clients with their current secrets (rotations included).
    pub fn clients(&self) -> Vec<ClientInfo> {
        let store = self.tenant.lock();
        store.clients.iter().map(|c| store.client_info(c, &self.tenant.mgmt_audience)).collect()
    }

    pub fn client(&self, name: &str) -> Option<ClientInfo> {
        self.clients().into_iter().find(|c| c.name == name)
    }

    /// The single JSON line `tokex dev-tenant` prints once listening.
    pub fn announcement(&self) -> Value {
        json!({
            "domain": self.domain(),
            "issuer": self.issuer(),
            "audience": self.audience(),
            "clients": self.clients(),
        })
    }

    /// Stops accepting, lets in-flight requests finish (bounded), and waits for the server task.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(mut task) = self.task.take() {
            // Idle keep-alive clients can hold a graceful shutdown open; don't wait for them forever.
            if tokio::time::timeout(std::time::Duration::from_secs(5), &mut task).await.is_err() {
                task.abort();
            }
        }
    }
}

impl Drop for RunningTenant {
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

/// What `tokex dev-tenant` does after parsing flags: start, print exactly one JSON line
/// (the announcement) on stdout, human notes on stderr, run until SIGINT/SIGTERM, shut down.
pub async fn run_dev_tenant(config: DevTenantConfig) -> Result<(), TenantError> {
    use std::io::Write;
    let rate = config.tenant.rate_limit;
    let token_rate = config.token_rate_limit;
    let lifetime = config.tenant.token_lifetime_secs;
    let tenant = RunningTenant::start_with_token_limit(config.tenant, token_rate).await?;
    {
        let mut out = std::io::stdout().lock();
        writeln!(out, "{}", tenant.announcement())?;
        out.flush()?;
    }
    eprintln!("tokex local tenant listening on {}", tenant.domain());
    eprintln!("  issuer   {}", tenant.issuer());
    eprintln!("  audience {} (Management API), {} (custom API)", tenant.audience(), tenant.custom_audience());
    eprintln!(
        "  tokens live {lifetime} s; Management API rate limit {}/{} per second",
        rate.burst, rate.per_second
    );
    eprintln!(
        "  /oauth/token rate limit {}/{} per second per client",
        token_rate.burst, token_rate.per_second
    );
    for c in tenant.clients() {
        let grant =
            if c.granted { format!("{} scopes", c.scopes.len()) } else { "no Management API grant".into() };
        eprintln!("  client {:<15} {} ({}, {grant})", c.name, c.client_id, c.app_type);
    }
    eprintln!("Press Ctrl-C to stop.");
    wait_for_signal().await?;
    eprintln!("tokex local tenant: shutting down");
    tenant.shutdown().await;
    Ok(())
}

#[cfg(unix)]
async fn wait_for_signal() -> Result<(), TenantError> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = signal(SignalKind::terminate())?;
    tokio::select! {
        r = tokio::signal::ctrl_c() => r?,
        _ = term.recv() => {}
    }
    Ok(())
}

#[cfg(not(unix))]
async fn wait_for_signal() -> Result<(), TenantError> {
    tokio::signal::ctrl_c().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_lifetime_is_one_second_to_thirty_days() {
        assert_eq!(parse_token_lifetime("1"), Ok(1));
        assert_eq!(parse_token_lifetime("2592000"), Ok(2_592_000));
        for bad in ["0", "-1", "2592001", "9223372036854775807", "1.5", "", "day"] {
            assert!(parse_token_lifetime(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn rate_limit_parses_burst_and_rate() {
        assert_eq!("2/2".parse::<RateLimit>(), Ok(RateLimit::FREE_TIER));
        assert_eq!("50/0.5".parse::<RateLimit>(), Ok(RateLimit { burst: 50, per_second: 0.5 }));
        for bad in ["", "2", "0/2", "2/0", "x/2", "2/-1", "2/inf", "2/2/2"] {
            let err = bad.parse::<RateLimit>().unwrap_err().to_string();
            assert!(err.contains("rate limit") || err.contains("rate"), "{bad}: {err}");
        }
    }
}
