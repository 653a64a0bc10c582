//! User search cannot take the tenant down: an over-long `q=` answers 414 and a too-deep one 400,
//! both in the Management API's error shape, and the tenant answers the next request.
// Needs the local tenant (the default `tenant` feature): skipped in a client-only build.
#![cfg(feature = "tenant")]

use crate::tenant_support;

use reqwest::StatusCode;
use tenant_support::*;

#[tokio::test]
async fn huge_and_deep_queries_are_refused_and_the_tenant_stays_up() {
    let t = start().await;
    let token = token_for(&t, "tokex-admin").await;
    // `+` is a space in a query string: 16,000 bare terms, then 60,000 negations.
    let terms = vec!["a"; 16_000].join("+");
    let bangs = "!".repeat(60_000);
    for q in [terms.as_str(), bangs.as_str()] {
        let r = get(&t, &token, &format!("users?search_engine=v3&q={q}")).await;
        assert_eq!(r.status, StatusCode::URI_TOO_LONG, "{}", &r.text[..r.text.len().min(200)]);
        assert_eq!(r.body["statusCode"], 414);
        assert_eq!(r.body["error"], "URI Too Long");
        assert!(r.body["message"].as_str().is_some_and(|m| m.contains("longer than")), "{}", r.body);
        let logs = get(&t, &token, &format!("logs?q={q}")).await;
        assert_eq!(logs.status, StatusCode::URI_TOO_LONG);
        assert_eq!(get(&t, &token, "stats/active-users").await.status, StatusCode::OK, "still up");
    }
    // Short but deeply nested: a 400 in Auth0's shape.
    for q in ["!".repeat(1_000) + "a", "(".repeat(500) + "a" + &")".repeat(500)] {
        let encoded = q.replace('(', "%28").replace(')', "%29");
        let r = get(&t, &token, &format!("users?search_engine=v3&q={encoded}")).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text);
        assert_eq!(r.body["statusCode"], 400);
        assert_eq!(r.body["errorCode"], "invalid_query_string");
        assert!(r.body["message"].as_str().is_some_and(|m| m.contains("nests deeper")), "{}", r.body);
    }
    // A long flat query under the cap still searches.
    let wide = vec!["nobody"; 300].join("+OR+");
    let r = get(&t, &token, &format!("users?search_engine=v3&q={wide}")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", &r.text[..r.text.len().min(200)]);
    assert_eq!(get(&t, &token, "users?per_page=1").await.status, StatusCode::OK, "still up");
}
