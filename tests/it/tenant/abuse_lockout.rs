//! Nobody can lock a client out of `/oauth/token` by knowing its (public) client id: an attacker
//! on another address sends 372 wrong-secret requests for the admin's id while the admin keeps
//! asking for tokens, and all 16 of the admin's requests succeed (its bucket holds 17: one is
//! left to read the log afterwards). The
//! attacker's failures count in a bucket of their own, per client id and address: ten, then
//! Auth0's brute-force answer (429 `too_many_attempts`) without a look at the secret, one
//! `limit_wc` event, and no more than ten `feccft` events, so the flood cannot push the history
//! out of the log either. Before, the client's own bucket was charged before the secret was
//! checked: 14 of the 16 legitimate requests failed with 429.
//!
//! The attacker's address is 127.0.0.2 (all of 127.0.0.0/8 is loopback on Linux).
#![cfg(feature = "tenant")]

use std::net::{IpAddr, Ipv4Addr};

use futures_util::future::join_all;
use reqwest::StatusCode;
use tokex::tenant::{ATTEMPT_REFILL_SECS, MAX_FAILED_ATTEMPTS, RateLimit, RunningTenant, TenantConfig};

use crate::tenant_support::*;

const ATTACKS: usize = 372;

/// Attempts the failed-attempt bucket gave back since `started`.
fn refills(started: std::time::Instant) -> usize {
    usize::try_from(started.elapsed().as_secs() / u64::from(ATTEMPT_REFILL_SECS)).unwrap_or(usize::MAX)
}
const LEGITIMATE: usize = 16;

fn client_from(address: Ipv4Addr) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(IpAddr::V4(address))
        .timeout(std::time::Duration::from_secs(20))
        .build()
        .expect("client")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_secrets_from_elsewhere_do_not_lock_the_client_out() {
    let limit = RateLimit { burst: LEGITIMATE as u32 + 1, per_second: 0.001 };
    let t = RunningTenant::start_with_token_limit(TenantConfig::default(), limit).await.expect("tenant");
    let admin = t.client("tokex-admin").expect("admin");
    let url = format!("{}/oauth/token", t.domain());
    let audience = t.audience();
    let attacker = client_from(Ipv4Addr::new(127, 0, 0, 2));
    let legitimate = client_from(Ipv4Addr::LOCALHOST);
    let form = |secret: &str| {
        vec![
            ("grant_type", "client_credentials".to_string()),
            ("client_id", admin.client_id.clone()),
            ("client_secret", secret.to_string()),
            ("audience", audience.clone()),
        ]
    };

    let mut attack_statuses = Vec::new();
    let mut legitimate_statuses = Vec::new();
    let started = std::time::Instant::now();
    // Rounds of 24 attacking requests in flight at once with one legitimate request among them.
    for round in 0..LEGITIMATE {
        let wrong = form(&format!("guess-{round}"));
        let attacks = (0..ATTACKS / LEGITIMATE + 1).map(|_| attacker.post(&url).form(&wrong).send());
        let right = form(&admin.client_secret);
        let (answers, ok) = tokio::join!(join_all(attacks), legitimate.post(&url).form(&right).send());
        attack_statuses.extend(answers.into_iter().map(|r| r.expect("attack answered").status()));
        legitimate_statuses.push(ok.expect("legitimate request answered").status());
    }
    assert!(attack_statuses.len() >= ATTACKS);
    assert_eq!(legitimate_statuses, [StatusCode::OK; LEGITIMATE], "every legitimate request succeeds");
    let refused = attack_statuses.iter().filter(|s| **s == StatusCode::UNAUTHORIZED).count();
    let blocked = attack_statuses.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count();
    // Ten attempts, then blocked; the bucket gives one attempt back every ten seconds, which a
    // loaded machine can reach while the rounds run.
    let refilled = refills(started);
    let attempts = MAX_FAILED_ATTEMPTS as usize;
    assert!((attempts..=attempts + refilled).contains(&refused), "{refused} refused, {refilled} refilled");
    assert_eq!(blocked, attack_statuses.len() - refused, "the rest blocked");

    // The attacker's own bucket is spent: even the right secret from there is refused without
    // being checked, with Auth0's brute-force error.
    let again = attacker.post(&url).form(&form(&admin.client_secret)).send().await.expect("answered");
    assert_eq!(again.status(), StatusCode::TOO_MANY_REQUESTS);
    let body: serde_json::Value = again.json().await.expect("json");
    assert_eq!(body["error"], "too_many_attempts");

    let token = token_for(&t, "tokex-admin").await;
    let failures = get(&t, &token, "logs?q=type:feccft%20AND%20ip:%22127.0.0.2%22&per_page=100").await;
    assert_eq!(failures.body.as_array().map(Vec::len), Some(refused), "one feccft per counted failure");
    let blocks = get(&t, &token, "logs?q=type:limit_wc&per_page=100").await;
    let block_events = blocks.body.as_array().map_or(0, Vec::len);
    assert!((1..=1 + refilled).contains(&block_events), "{}", blocks.text);
    assert_eq!(blocks.body[0]["client_id"], admin.client_id.as_str());
    assert_eq!(blocks.body[0]["ip"], "127.0.0.2");
}

#[tokio::test]
async fn made_up_client_ids_share_one_bucket_per_address() {
    let t = start().await;
    let attacker = client_from(Ipv4Addr::new(127, 0, 0, 3));
    let url = format!("{}/oauth/token", t.domain());
    let mut statuses = Vec::new();
    let started = std::time::Instant::now();
    for i in 0..30 {
        let form = [
            ("grant_type", "client_credentials"),
            ("client_id", &format!("made-up-{i}")),
            ("client_secret", "x"),
        ];
        statuses.push(attacker.post(&url).form(&form).send().await.expect("answered").status());
    }
    let refused = statuses.iter().filter(|s| **s == StatusCode::UNAUTHORIZED).count();
    let attempts = MAX_FAILED_ATTEMPTS as usize;
    assert!((attempts..=attempts + refills(started)).contains(&refused), "{refused} refused");
    // The same made-up ids from the legitimate address are still answered 401, and real
    // clients are not affected at all.
    let r = token_request(&t, "made-up-0", "x", &t.audience()).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let admin = t.client("tokex-admin").expect("admin");
    let ok = token_request(&t, &admin.client_id, &admin.client_secret, &t.audience()).await;
    assert_eq!(ok.status, StatusCode::OK);
}
