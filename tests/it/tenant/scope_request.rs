//! `--allow-scope-request`: the tenant honours `scope` on a client-credentials request as a
//! subset of the grant (as Auth0 does for custom APIs), so a test can mint a token with exactly
//! the scopes it wants to try. Such a token is a real one: it verifies against the tenant's JWKS
//! (fetched over HTTP) and carries exactly the subset asked for; a scope outside the grant is
//! refused. Off by default: then `scope` is ignored and the token carries the whole grant.
#![cfg(feature = "tenant")]

use jsonwebtoken::{Algorithm, DecodingKey, Validation, jwk::JwkSet};
use reqwest::StatusCode;
use serde_json::Value;
use tokex::tenant::{RunningTenant, TenantConfig};

use crate::tenant_support::*;

async fn ask(t: &RunningTenant, name: &str, audience: &str, scope: &str) -> Reply {
    let c = t.client(name).expect("client");
    let form = [
        ("grant_type", "client_credentials"),
        ("client_id", c.client_id.as_str()),
        ("client_secret", c.client_secret.as_str()),
        ("audience", audience),
        ("scope", scope),
    ];
    post(t, "/oauth/token", |r| r.form(&form)).await
}

/// The token's claims, once its signature verifies with the tenant's published key set.
async fn verified_claims(t: &RunningTenant, token: &str, audience: &str) -> Value {
    let jwks: JwkSet = http()
        .get(format!("{}/.well-known/jwks.json", t.domain()))
        .send()
        .await
        .expect("jwks")
        .json()
        .await
        .expect("json");
    let kid = jsonwebtoken::decode_header(token).expect("header").kid.expect("kid");
    let jwk = jwks.find(&kid).expect("the signing key is published");
    let mut validation = Validation::new(Algorithm::RS256);
    validation.set_audience(&[audience]);
    validation.set_issuer(&[t.issuer().as_str()]);
    jsonwebtoken::decode::<Value>(token, &DecodingKey::from_jwk(jwk).expect("key"), &validation)
        .expect("verifies")
        .claims
}

#[tokio::test]
async fn a_requested_subset_is_minted_and_verifies_against_the_jwks() {
    let t = RunningTenant::start(TenantConfig { allow_scope_request: true, ..TenantConfig::default() })
        .await
        .expect("tenant");
    // Asked out of order and with a repeat: the token carries exactly these, in the grant's order.
    let r = ask(&t, "tokex-admin", &t.audience(), "read:logs read:users read:logs").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["scope"], "read:users read:logs");
    let claims = verified_claims(&t, r.body["access_token"].as_str().expect("token"), &t.audience()).await;
    assert_eq!(claims["scope"], "read:users read:logs");
    // The subset is all the token can do.
    let token = r.body["access_token"].as_str().expect("token");
    assert_eq!(get(&t, token, "users?per_page=1").await.status, StatusCode::OK);
    assert_eq!(get(&t, token, "clients").await.status, StatusCode::FORBIDDEN);
    // The same for a custom API.
    let custom = ask(&t, "tokex-admin", "https://api.tokex.example/", "read:inventory").await;
    assert_eq!(custom.body["scope"], "read:inventory", "{}", custom.text);

    // Outside the grant: refused, naming what is missing.
    let more = ask(&t, "tokex-readonly", &t.audience(), "read:users delete:users").await;
    assert_eq!((more.status, more.body["error"].as_str()), (StatusCode::FORBIDDEN, Some("access_denied")));
    assert_eq!(more.body["error_description"], "Client has not been granted scopes: delete:users");
    // No scope (or an empty one): the whole grant, as without the flag.
    let whole = ask(&t, "tokex-readonly", &t.audience(), " ").await;
    assert_eq!(whole.body["scope"], "read:users read:stats");
}

#[tokio::test]
async fn without_the_flag_scope_is_ignored_as_auth0_does_for_its_management_api() {
    let t = start().await;
    let r = ask(&t, "tokex-admin", &t.audience(), "read:logs").await;
    assert_eq!(r.status, StatusCode::OK);
    let claims = verified_claims(&t, r.body["access_token"].as_str().expect("token"), &t.audience()).await;
    assert!(claims["scope"].as_str().is_some_and(|s| s.split(' ').count() > 100), "the whole grant");
    let ro = ask(&t, "tokex-readonly", &t.audience(), "delete:users").await;
    assert_eq!((ro.status, ro.body["scope"].as_str()), (StatusCode::OK, Some("read:users read:stats")));
}
