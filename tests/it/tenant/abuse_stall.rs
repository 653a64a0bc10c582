//! A huge client grant cannot stall the tenant: `POST` and `PATCH /client-grants` with 100,000
//! scopes are answered at once (scopes are checked with sets, in one pass, outside the store's
//! lock), and token requests sent meanwhile keep succeeding. Before, the scopes were de-duplicated
//! with a scan per item under the lock: 100,000 scopes took 13 s and blocked `/oauth/token` for
//! as long.
#![cfg(feature = "tenant")]

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::tenant_support::*;

/// The scope lists an attacker sends: 100,000 distinct unknown scopes (refused), and 80,000
/// copies of a valid one (about 1 MB, the body limit; granted as one scope).
fn scope_lists() -> [(serde_json::Value, StatusCode); 2] {
    let distinct: Vec<String> = (0..100_000).map(|i| format!("x{i}")).collect();
    [
        (json!({ "scope": distinct }), StatusCode::BAD_REQUEST),
        (json!({ "scope": vec!["read:logs"; 80_000] }), StatusCode::OK),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_thousand_scopes_do_not_block_token_requests() {
    let t = Arc::new(start().await);
    let admin = token_for(&t, "tokex-admin").await;
    let readonly = t.client("tokex-readonly").expect("readonly").client_id;
    let grants = get(&t, &admin, &format!("client-grants?client_id={readonly}")).await;
    let grant_id = grants.body[0]["id"].as_str().expect("grant id").to_string();

    // A legitimate client asks for tokens the whole time, one after another.
    let attacking = Arc::new(AtomicBool::new(true));
    let legitimate = {
        let (t, attacking) = (t.clone(), attacking.clone());
        tokio::spawn(async move {
            let c = t.client("tokex-admin").expect("admin");
            let mut latencies = Vec::new();
            while attacking.load(Ordering::Relaxed) || latencies.len() < 3 {
                let started = Instant::now();
                let r = token_request(&t, &c.client_id, &c.client_secret, &t.audience()).await;
                assert_eq!(r.status, StatusCode::OK, "a token request during the attack: {}", r.text);
                latencies.push(started.elapsed());
            }
            latencies
        })
    };

    let started = Instant::now();
    for (body, expected) in scope_lists() {
        let patched = request(&t, Method::PATCH, &format!("/api/v2/client-grants/{grant_id}"), |r| {
            r.bearer_auth(&admin).json(&body)
        })
        .await;
        assert_eq!(patched.status, expected, "{}", &patched.text[..patched.text.len().min(200)]);
        let mut created = body.clone();
        created["client_id"] = json!(t.client("tokex-no-grant").expect("client").client_id);
        created["audience"] = json!(t.audience());
        let posted = post(&t, "/api/v2/client-grants", |r| r.bearer_auth(&admin).json(&created)).await;
        let status = if expected == StatusCode::OK { StatusCode::CREATED } else { expected };
        assert_eq!(posted.status, status, "{}", &posted.text[..posted.text.len().min(200)]);
    }
    let attack = started.elapsed();
    attacking.store(false, Ordering::Relaxed);
    let latencies = legitimate.await.expect("legitimate client");
    let slowest = latencies.iter().max().copied().unwrap_or_default();
    eprintln!(
        "4 grant writes with 80,000–100,000 scopes: {attack:?}; {} token requests meanwhile, slowest {slowest:?}",
        latencies.len()
    );

    let patched = get(&t, &admin, &format!("client-grants?client_id={readonly}")).await;
    assert_eq!(patched.body[0]["scope"], json!(["read:logs"]), "80,000 copies are one scope");
    assert!(slowest < Duration::from_secs(2), "a token request waited {slowest:?} behind the grant writes");
    assert!(attack < Duration::from_secs(20), "the grant writes took {attack:?}");
}
