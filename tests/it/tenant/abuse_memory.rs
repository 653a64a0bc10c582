//! A flood of failing token requests cannot grow the tenant's memory: 150 `/oauth/token`
//! requests, each with a 1 MB `audience` that ends up in the tenant's log, leave the tenant
//! (measured as its own process) under 100 MB resident. A log that kept what it was sent would
//! hold 150 MB, so 150 is enough to fail a tenant that does; more only slows the suite.
// Needs the local tenant (the default `tenant` feature): skipped in a client-only build.
#![cfg(feature = "tenant")]

use crate::tenant_support;

use tenant_support::child::ChildTenant;
use tenant_support::http;

/// Requests in the flood, 1 MB each.
const FLOOD: usize = 150;

#[tokio::test]
async fn a_log_flood_keeps_the_tenant_under_100_mb() {
    let mut tenant = ChildTenant::spawn("", &[]);
    let before = tenant.rss_kib();
    let admin = tenant.client("tokex-admin");
    let audience = "a".repeat(1_000_000);
    let url = format!("{}/oauth/token", tenant.domain());
    let client = http();
    // Encoded once: the client's own work is not what this test measures.
    let form = [
        ("grant_type", "client_credentials"),
        ("client_id", admin["client_id"].as_str().expect("id")),
        ("client_secret", admin["client_secret"].as_str().expect("secret")),
        ("audience", audience.as_str()),
    ];
    let body = serde_urlencoded::to_string(form).expect("form");
    for i in 0..FLOOD {
        let r = client
            .post(&url)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body.clone())
            .send()
            .await
            .expect("send");
        assert_eq!(r.status(), reqwest::StatusCode::FORBIDDEN, "request {i}: no such API");
        r.bytes().await.expect("body");
    }
    assert!(tenant.alive());
    let after = tenant.rss_kib();
    eprintln!("tenant resident size: {before} KiB before, {after} KiB after {FLOOD} × 1 MB audiences");
    assert!(after < 100 * 1024, "resident size {after} KiB after the flood (started at {before} KiB)");
}
