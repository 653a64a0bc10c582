//! Verification over loopback HTTP: JWKS fetch and cache, refetch once on an unknown kid
//! (key rotation), the neutral `not_verified` without any request, `no_jwks`, and the CLI's
//! `decode --verify` helper with a JWKS file or URL.

use crate::net_support as support;

use serde_json::json;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use support::keys::{jwks, rsa_key, sign};
use support::server::{self, not_found, start};
use tokex::cli::{VerifyOptions, verify_for_cli};
use tokex::config::{Profile, Secret};
use tokex::domain::DecodedJwt;
use tokex::domain::verify::SignatureState;
use tokex::net::{Http, HttpOptions, JwksSource, verify_for_profiles};

fn http() -> Http {
    Http::new(HttpOptions { timeout: Duration::from_secs(2), ..Default::default() }).expect("client")
}

fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

fn token_for(base: &str, key: &support::keys::TestKey, exp_offset: i64) -> String {
    let now = now();
    sign(
        key,
        &json!({"iss": format!("{base}/"), "sub": "c@clients", "aud": format!("{base}/api/v2/"), "iat": now - 5, "exp": now + exp_offset}),
    )
}

fn profile(base: &str) -> Profile {
    Profile::new("demo", base, "c", Secret::new("secret-secret-secret")).expect("profile")
}

/// A tenant whose JWKS is whatever `current` holds (swap it to rotate keys).
async fn tenant(current: Arc<Mutex<serde_json::Value>>) -> server::TestServer {
    start(move |r| match r.path.as_str() {
        "/.well-known/jwks.json" => server::json(200, current.lock().expect("lock").clone()),
        _ => not_found(),
    })
    .await
}

#[tokio::test]
async fn verified_then_cached_then_refetched_once_after_rotation() {
    let old = rsa_key("old");
    let new = rsa_key("new");
    let current = Arc::new(Mutex::new(serde_json::to_value(jwks(&[&old])).expect("jwks")));
    let server = tenant(current.clone()).await;
    let http = http();
    let profiles = [profile(&server.base())];

    let token = token_for(&server.base(), &old, 3600);
    let result =
        verify_for_profiles(&http, &DecodedJwt::decode(&token).expect("jwt"), &profiles, now()).await;
    assert_eq!(result.signature, SignatureState::Verified { kid: Some("old".to_owned()) });
    assert!(result.is_trusted(), "{result:?}");
    let again = verify_for_profiles(&http, &DecodedJwt::decode(&token).expect("jwt"), &profiles, now()).await;
    assert!(again.is_trusted());
    assert_eq!(server.hits("/.well-known/jwks.json"), 1, "JWKS cached");

    // The tenant rotates: a token with the new kid forces exactly one refetch.
    *current.lock().expect("lock") = serde_json::to_value(jwks(&[&new])).expect("jwks");
    let rotated = token_for(&server.base(), &new, 3600);
    let result =
        verify_for_profiles(&http, &DecodedJwt::decode(&rotated).expect("jwt"), &profiles, now()).await;
    assert_eq!(result.signature, SignatureState::Verified { kid: Some("new".to_owned()) });
    assert_eq!(server.hits("/.well-known/jwks.json"), 2);

    // The old token's key is gone now: unknown_key after one more refetch.
    let result =
        verify_for_profiles(&http, &DecodedJwt::decode(&token).expect("jwt"), &profiles, now()).await;
    assert_eq!(result.signature, SignatureState::UnknownKey { kid: Some("old".to_owned()) });
    assert_eq!(server.hits("/.well-known/jwks.json"), 3);
}

#[tokio::test]
async fn unconfigured_issuer_is_not_verified_and_not_contacted() {
    let key = rsa_key("k");
    let current = Arc::new(Mutex::new(serde_json::to_value(jwks(&[&key])).expect("jwks")));
    let server = tenant(current).await;
    let token = token_for(&server.base(), &key, 3600);
    let other = [profile("http://127.0.0.1:1")];
    let result = verify_for_profiles(&http(), &DecodedJwt::decode(&token).expect("jwt"), &other, now()).await;
    assert_eq!(result.signature, SignatureState::NotVerified);
    assert!(server.recorded().is_empty(), "nothing was contacted");
}

#[tokio::test]
async fn issuer_without_jwks_is_no_jwks() {
    let key = rsa_key("k");
    let server = start(|_| not_found()).await;
    let token = token_for(&server.base(), &key, 3600);
    let result = verify_for_profiles(
        &http(),
        &DecodedJwt::decode(&token).expect("jwt"),
        &[profile(&server.base())],
        now(),
    )
    .await;
    assert!(
        matches!(&result.signature, SignatureState::NoJwks { reason } if reason.contains("HTTP 404")),
        "{result:?}"
    );
    assert_eq!(result.signature.wire_name(), "no_jwks");
}

#[tokio::test]
async fn cli_verify_with_jwks_file_and_url() {
    let key = rsa_key("k");
    let current = Arc::new(Mutex::new(serde_json::to_value(jwks(&[&key])).expect("jwks")));
    let server = tenant(current).await;
    let file = std::env::temp_dir().join(format!("tokex-jwks-{}.json", std::process::id()));
    std::fs::write(&file, serde_json::to_string(&jwks(&[&key])).expect("json")).expect("write jwks");
    let http = http();
    let good = token_for(&server.base(), &key, 3600);

    // A file, with no profile at all: issuer from the token, Management API audience.
    let options = VerifyOptions { jwks: Some(JwksSource::File(file.clone())), audience: None };
    let report =
        verify_for_cli(&http, &format!("Bearer {good}"), &[], &options, now()).await.expect("verifies");
    assert_eq!(report.verification.signature, SignatureState::Verified { kid: Some("k".to_owned()) });
    assert_eq!(report.to_json(now())["signature"], json!("verified"));
    assert_eq!(report.to_json(now())["signature_detail"], json!({"state": "verified", "kid": "k"}));
    assert!(server.recorded().is_empty(), "a JWKS file needs no network");

    // A URL.
    let url = format!("{}/.well-known/jwks.json", server.base());
    let options = VerifyOptions { jwks: Some(JwksSource::parse(&url)), audience: None };
    verify_for_cli(&http, &good, &[], &options, now()).await.expect("verifies by URL");

    // Expired: non-zero with the reason.
    let expired = token_for(&server.base(), &key, -10);
    let failure = verify_for_cli(&http, &expired, &[], &options, now()).await.expect_err("expired");
    assert!(
        failure.to_string().starts_with("expired 10s ago") || failure.to_string().starts_with("expired 1"),
        "{failure}"
    );

    // Wrong audience for the profile.
    let options = VerifyOptions {
        jwks: Some(JwksSource::File(file.clone())),
        audience: Some("https://other/".to_owned()),
    };
    let failure = verify_for_cli(&http, &good, &[], &options, now()).await.expect_err("audience");
    assert!(failure.to_string().contains("expected https://other/"), "{failure}");

    // Tampered.
    // Flip a character in the middle of the signature, where every bit counts.
    let at = good.rfind('.').expect("signature") + 20;
    let flipped = if &good[at..=at] == "A" { "B" } else { "A" };
    let tampered = format!("{}{flipped}{}", &good[..at], &good[at + 1..]);
    let options = VerifyOptions { jwks: Some(JwksSource::File(file.clone())), audience: None };
    let failure = verify_for_cli(&http, &tampered, &[], &options, now()).await.expect_err("tampered");
    assert!(failure.to_string().starts_with("signature invalid"), "{failure}");
    let _ = std::fs::remove_file(&file);
}

#[tokio::test]
async fn cli_verify_discovers_the_issuer_when_asked_explicitly() {
    let key = rsa_key("k");
    let current = Arc::new(Mutex::new(serde_json::to_value(jwks(&[&key])).expect("jwks")));
    let server = tenant(current).await;
    let good = token_for(&server.base(), &key, 3600);
    let report =
        verify_for_cli(&http(), &good, &[], &VerifyOptions::default(), now()).await.expect("verifies");
    assert!(report.verification.is_trusted());
    assert_eq!(server.hits("/.well-known/openid-configuration"), 1);
    assert_eq!(server.hits("/.well-known/jwks.json"), 1);
}

#[tokio::test]
async fn cli_verify_refuses_a_plain_http_issuer_that_is_not_loopback() {
    let key = rsa_key("k");
    let token = sign(&key, &json!({"iss": "http://evil.example/", "aud": "x", "exp": now() + 60}));
    let failure =
        verify_for_cli(&http(), &token, &[], &VerifyOptions::default(), now()).await.expect_err("refused");
    assert!(failure.to_string().contains("http://"), "{failure}");
}
