//! tokex's built-in, Auth0-compatible local tenant: a real HTTP server on 127.0.0.1 that answers
//! like Auth0 on the wire (docs/auth0.md). Start one with [`RunningTenant::start`]; `tokex
//! dev-tenant` (`cli::dev_tenant`) runs one and says so. The tenant itself prints nothing.

mod api;
mod config;
mod demo_history;
pub mod errors;
mod events;
mod ids;
mod keys;
mod log_store;
mod oauth;
pub mod public_url;
mod ratelimit;
mod request;
mod router;
pub mod search;
mod seed;
mod serve;
mod state;
mod store;
pub mod target;
mod tls;
mod wellknown;

use std::net::SocketAddr;
use std::sync::Arc;

use serde_json::{Value, json};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use config::{
    DEFAULT_TOKEN_RATE_LIMIT, DevTenantConfig, LogRetentionError, MAX_LOG_RETENTION_DAYS,
    MAX_TOKEN_LIFETIME_SECS, RateLimit, RateLimitError, TenantConfig, TokenLifetimeError, Unimplemented,
    UnimplementedError, parse_log_retention, parse_token_lifetime,
};
pub use errors::TenantError;
pub use public_url::{PublicUrl, PublicUrlError};
pub use ratelimit::{ATTEMPT_REFILL_SECS, MAX_FAILED_ATTEMPTS};
use state::Tenant;
pub use store::ClientInfo;

/// The audience of the tenant's custom (non-Management) API.
pub const CUSTOM_API_AUDIENCE: &str = "https://api.tokex.example/";

/// A tenant serving on loopback until [`RunningTenant::shutdown`] (or drop, which aborts it).
pub struct RunningTenant {
    tenant: Arc<Tenant>,
    addr: SocketAddr,
    /// With `--tls`: the CA certificate, and the private directory holding its file (removed
    /// when the tenant is dropped).
    ca: Option<(String, tls::CaFile)>,
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
        if let Some(url) = config.public_url.as_ref().filter(|u| config.tls && !u.is_https()) {
            return Err(TenantError::PlainPublicUrlWithTls(url.to_string()));
        }
        // A public URL that names a port is where the tenant listens, unless --port says otherwise.
        let port = match config.port {
            0 => config.public_url.as_ref().and_then(PublicUrl::port).unwrap_or(0),
            port => port,
        };
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
            .await
            .map_err(|source| TenantError::Bind { port, source })?;
        let addr = listener.local_addr()?;
        // Key generation is CPU work: keep it off the async workers.
        let tls = config.tls;
        let tenant = tokio::task::spawn_blocking(move || Tenant::new(addr, &config, token_limit))
            .await
            .map_err(|e| TenantError::Key(e.to_string()))??;
        let tenant = Arc::new(tenant);
        let (acceptor, ca) = if tls {
            let host = tenant.hostname.clone();
            let tls = tokio::task::spawn_blocking(move || tls::generate(&host))
                .await
                .map_err(|e| TenantError::Key(e.to_string()))??;
            let file = tls::CaFile::write(&std::env::temp_dir(), &tls.ca_pem)?;
            (Some(tls.acceptor), Some((tls.ca_pem, file)))
        } else {
            (None, None)
        };
        let (stop, stopped) = oneshot::channel::<()>();
        let app = router::router(tenant.clone());
        let task = tokio::spawn(serve::serve(listener, app, acceptor, stopped));
        Ok(RunningTenant { tenant, addr, ca, stop: Some(stop), task: Some(task) })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`, `https://127.0.0.1:PORT` with TLS, or the public URL (no
    /// trailing slash).
    pub fn domain(&self) -> String {
        self.tenant.domain.clone()
    }

    /// `http://127.0.0.1:PORT/`
    pub fn issuer(&self) -> String {
        self.tenant.issuer()
    }

    /// With TLS: the file holding the CA certificate clients must trust.
    pub fn ca_file(&self) -> Option<&std::path::Path> {
        self.ca.as_ref().map(|(_, file)| file.path())
    }

    /// With TLS: the CA certificate (PEM) clients must trust.
    pub fn ca_pem(&self) -> Option<&str> {
        self.ca.as_ref().map(|(pem, _)| pem.as_str())
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

    /// The signing key's private half as PKCS#8 PEM, for `tokex demo`'s encoder, which runs in
    /// this process: what it signs verifies against this tenant's JWKS. Never served.
    pub fn signing_key_pem(&self) -> String {
        self.tenant.key.private_key_pem()
    }

    /// Seed clients with their current secrets (rotations included).
    pub fn clients(&self) -> Vec<ClientInfo> {
        let store = self.tenant.lock();
        store.clients.iter().map(|c| store.client_info(c, &self.tenant.mgmt_audience)).collect()
    }

    pub fn client(&self, name: &str) -> Option<ClientInfo> {
        self.clients().into_iter().find(|c| c.name == name)
    }

    /// Writes a day of history into the log (`tokex demo`): the admin client's tokens issued to
    /// three addresses, a secret rotation two hours ago, knocks with the old secret, a few writes
    /// and a secret read, so an exposure view has a story to tell offline.
    pub fn seed_demo_history(&self) {
        demo_history::seed(&self.tenant, chrono::Utc::now());
    }

    /// The single JSON line `tokex dev-tenant` prints once listening.
    pub fn announcement(&self) -> Value {
        let mut line = json!({
            "domain": self.domain(),
            "issuer": self.issuer(),
            "audience": self.audience(),
            "clients": self.clients(),
        });
        if let Some(path) = self.ca_file() {
            line["ca_file"] = json!(path.display().to_string());
        }
        line
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
