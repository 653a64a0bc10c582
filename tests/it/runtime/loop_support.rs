//! What the runtime tests against a local tenant share: a profile of one of its seed clients,
//! and the count of client-credentials exchanges it has logged.
#![cfg(feature = "tenant")]

use tokex::config::{Profile, Secret};
use tokex::net::{Http, call_api};
use tokex::tenant::RunningTenant;

pub fn profile(tenant: &RunningTenant, name: &str, client: &str) -> Profile {
    let info = tenant.client(client).expect("seed client");
    Profile::new(name, &tenant.domain(), info.client_id, Secret::new(info.client_secret)).expect("profile")
}

/// Every client-credentials exchange the tenant logged so far, read with `reader`.
pub async fn exchanges(http: &Http, tenant: &RunningTenant, reader: &str) -> usize {
    let reply = call_api(http, &tenant.domain(), "GET", "/logs?per_page=100&q=type:seccft", reader, None)
        .await
        .expect("logs");
    assert!(reply.is_success(), "{}", reply.body_text());
    reply.json().and_then(|logs| logs.as_array().map(Vec::len)).unwrap_or(0)
}
