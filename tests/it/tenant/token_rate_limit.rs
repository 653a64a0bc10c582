//! `/oauth/token` is rate-limited like Auth0's: a token bucket per client, charged only once the
//! client has authenticated, the `x-ratelimit-*` headers on every answer, and the token
//! endpoint's 429 body once a client's bucket is empty. Failed attempts count in buckets of
//! their own, per client id and source address (brute-force protection).
// Needs the local tenant (the default `tenant` feature): skipped in a client-only build.
#![cfg(feature = "tenant")]

use crate::tenant_support;

use reqwest::StatusCode;
use serde_json::json;
use tenant_support::*;
use tokex::tenant::{RateLimit, RunningTenant, TenantConfig};

fn header(r: &Reply, name: &str) -> u64 {
    r.headers[name].to_str().expect("ascii").parse().expect("a number")
}

#[tokio::test]
async fn each_client_has_its_own_bucket_charged_after_it_authenticates() {
    // Two tokens per client, refilled only after ~1000 s: the third authenticated request is refused.
    let limit = RateLimit { burst: 2, per_second: 0.001 };
    let t = RunningTenant::start_with_token_limit(TenantConfig::default(), limit).await.expect("tenant");
    let admin = t.client("tokex-admin").expect("admin");
    let first = token_request(&t, &admin.client_id, &admin.client_secret, &t.audience()).await;
    let wrong = token_request(&t, &admin.client_id, "wrong secret", &t.audience()).await;
    let second = token_request(&t, &admin.client_id, &admin.client_secret, &t.audience()).await;
    let third = token_request(&t, &admin.client_id, &admin.client_secret, &t.audience()).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text);
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(second.status, StatusCode::OK, "a failed attempt does not spend the client's bucket");
    assert_eq!(third.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        third.body,
        json!({"error": "too_many_requests", "error_description": "Global rate limit exceeded"})
    );
    assert_eq!((header(&first, "x-ratelimit-limit"), header(&first, "x-ratelimit-remaining")), (2, 1));
    assert_eq!(header(&second, "x-ratelimit-remaining"), 0);
    assert_eq!(header(&third, "x-ratelimit-remaining"), 0);
    // The failed attempt reports its own bucket: Auth0's 10 attempts, one spent.
    assert_eq!((header(&wrong, "x-ratelimit-limit"), header(&wrong, "x-ratelimit-remaining")), (10, 9));
    let now = chrono::Utc::now().timestamp() as u64;
    assert!(header(&third, "x-ratelimit-reset") > now + 100, "the next token is ~1000 s away");

    // Another client is not affected; HTTP Basic draws from the named client's bucket.
    let ro = t.client("tokex-readonly").expect("readonly");
    let r = token_request(&t, &ro.client_id, &ro.client_secret, &t.audience()).await;
    assert_eq!((r.status, header(&r, "x-ratelimit-remaining")), (StatusCode::OK, 1));
    let audience = t.audience();
    let form = [("grant_type", "client_credentials"), ("audience", audience.as_str())];
    let basic =
        post(&t, "/oauth/token", |r| r.basic_auth(&admin.client_id, Some(&admin.client_secret)).form(&form))
            .await;
    assert_eq!(basic.status, StatusCode::TOO_MANY_REQUESTS, "admin's bucket, whichever way it names itself");

    // Unknown client ids share one failure bucket per address, so made-up ids cannot mint
    // fresh buckets: ten failures, then Auth0's brute-force answer without a look at the secret.
    let mut statuses = Vec::new();
    for i in 0..11 {
        statuses.push(token_request(&t, &format!("made-up-{i}"), "x", "y").await.status);
    }
    assert_eq!(statuses[..10], [StatusCode::UNAUTHORIZED; 10]);
    let blocked = token_request(&t, "made-up-again", "x", "y").await;
    assert_eq!(blocked.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(blocked.body["error"], "too_many_attempts", "{}", blocked.text);
    // The Management API's own bucket is separate.
    let token = first.body["access_token"].as_str().expect("token");
    assert_eq!(get(&t, token, "stats/active-users").await.status, StatusCode::OK);
}
