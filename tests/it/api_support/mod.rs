//! Helpers for the `tokex call` and catalog tests against the in-process local tenant: real
//! tokens over real HTTP on loopback.

use tokex::config::{Profile, Secret};
use tokex::net::Http;
use tokex::tenant::{RateLimit, RunningTenant, TenantConfig};

pub async fn tenant(rate_limit: RateLimit) -> RunningTenant {
    RunningTenant::start(TenantConfig {
        port: 0,
        token_lifetime_secs: 3600,
        rate_limit,
        ..TenantConfig::default()
    })
    .await
    .expect("tenant starts")
}

pub fn profile(tenant: &RunningTenant, client: &str) -> Profile {
    let info = tenant.client(client).expect("seed client");
    Profile::new(client, &tenant.domain(), info.client_id, Secret::new(info.client_secret)).expect("profile")
}

pub async fn token(http: &Http, tenant: &RunningTenant, client: &str) -> String {
    tokex::net::fetch_token(http, &profile(tenant, client)).await.expect("token").response.access_token
}

pub fn scopes_of(token: &str) -> Vec<String> {
    tokex::domain::Inspection::from_pasted(token).expect("decodes").claims.scopes
}

pub const NO_LIMIT: RateLimit = RateLimit { burst: 1000, per_second: 1000.0 };
