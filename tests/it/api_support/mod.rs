//! Helpers for the API pane and `tokex call` tests against the in-process local tenant:
//! real tokens, real HTTP over loopback, and a tiny runtime that executes `Cmd::CallApi`.

pub use crate::support::input::*;

use crossterm::event::KeyCode;
use tokex::app::{Cmd, Model, Msg, TokenOrigin, update};
use tokex::config::{Profile, Secret};
use tokex::net::Http;
use tokex::tenant::{RateLimit, RunningTenant, TenantConfig};

pub async fn tenant(rate_limit: RateLimit) -> RunningTenant {
    RunningTenant::start(TenantConfig { port: 0, token_lifetime_secs: 3600, rate_limit })
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

/// A model on the API pane with `token` inspected and the tenant's admin profile active.
pub fn model(tenant: &RunningTenant, token: &str) -> Model {
    let now = chrono::Utc::now().timestamp();
    let mut model = Model::new(now, chrono::FixedOffset::east_opt(0).expect("offset"))
        .with_profiles(vec![profile(tenant, "tokex-admin")], Some(0));
    // Signature checks are not this test's business: drop the Verify command.
    let _ = model.load_token(token, TokenOrigin::Pasted);
    press(&mut model, KeyCode::Char('3'));
    model
}

/// What a runtime would do with the pane's commands: run the calls, feed the answers back.
pub async fn run(http: &Http, model: &mut Model, cmds: Vec<Cmd>) {
    for cmd in cmds {
        if let Cmd::CallApi { id, request } = cmd {
            let result = tokex::runtime::perform_call(http, &request).await;
            let more = update(model, Msg::ApiDone { id, result });
            assert!(more.is_empty());
        }
    }
}

pub fn body_json(model: &Model) -> serde_json::Value {
    let body = &model.api.response().expect("a response").body;
    serde_json::from_str(body).expect("JSON body")
}

pub fn status(model: &Model) -> Option<u16> {
    model.api.response().and_then(|r| r.status)
}

pub const NO_LIMIT: RateLimit = RateLimit { burst: 1000, per_second: 1000.0 };
