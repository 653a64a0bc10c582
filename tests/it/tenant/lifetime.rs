//! The local tenant's token lifetime as the exposure story reads it: `GET /resource-servers/{id}`
//! says what tokens really get (`--token-lifetime`), `PATCH` changes it for new tokens only,
//! and a token's `seccft` is dated the instant of its `iat` (docs/auth0.md#local-tenant-operations).
#![cfg(feature = "tenant")]

use reqwest::{Method, StatusCode};
use serde_json::json;
use tokex::tenant::RateLimit;

use crate::tenant_support::*;

fn claims(token: &str) -> serde_json::Value {
    b64url_json(token.split('.').nth(1).expect("payload"))
}

#[tokio::test]
async fn the_api_says_the_lifetime_tokens_get_and_a_change_applies_to_new_tokens_only() {
    let t = start_with(7_200, RateLimit { burst: 1000, per_second: 1000.0 }).await;
    let admin = token_for(&t, "tokex-admin").await;
    let api = format!("resource-servers/{}", tokex::domain::catalog::percent_encode(&t.audience()));
    assert_eq!(get(&t, &admin, &api).await.body["token_lifetime"], 7_200);
    let before = claims(&admin);
    assert_eq!(before["exp"].as_i64().unwrap_or(0) - before["iat"].as_i64().unwrap_or(0), 7_200);

    let path = format!("/api/v2/{api}");
    let lowered =
        request(&t, Method::PATCH, &path, |r| r.bearer_auth(&admin).json(&json!({"token_lifetime": 900})))
            .await;
    assert_eq!(lowered.status, StatusCode::OK, "{}", lowered.text);
    assert_eq!(lowered.body["token_lifetime"], 900);
    let fresh = token_for(&t, "tokex-admin").await;
    let after = claims(&fresh);
    assert_eq!(after["exp"].as_i64().unwrap_or(0) - after["iat"].as_i64().unwrap_or(0), 900);
    // The older token keeps its exp.
    assert_eq!(claims(&admin)["exp"], before["exp"]);

    // The change is a sapi event with the body; the seccft of the fresh token is dated its iat.
    let logs = get(&t, &fresh, "logs?per_page=5&q=type:sapi").await.body;
    assert_eq!(logs[0]["description"], "Update resource server");
    assert_eq!(logs[0]["details"]["request"]["body"]["token_lifetime"], 900);
    let seccft = get(&t, &fresh, "logs?per_page=1&q=type:seccft").await.body;
    let date = chrono::DateTime::parse_from_rfc3339(seccft[0]["date"].as_str().unwrap_or("")).expect("date");
    assert_eq!(date.timestamp(), after["iat"].as_i64().unwrap_or(0));

    for (body, message) in [
        (json!({"token_lifetime": 0}), "Value 0 is less than minimum 1"),
        (json!({"token_lifetime": 2_592_001}), "greater than maximum 2592000"),
        (json!({"token_lifetime": "1h"}), "Expected type integer"),
        (json!({"name": "x"}), "Additional properties not allowed: name"),
    ] {
        let refused = request(&t, Method::PATCH, &path, |r| r.bearer_auth(&admin).json(&body)).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{body}");
        assert!(refused.text.contains(message), "{}", refused.text);
    }
    let readonly = token_for(&t, "tokex-readonly").await;
    let forbidden =
        request(&t, Method::PATCH, &path, |r| r.bearer_auth(&readonly).json(&json!({"token_lifetime": 60})))
            .await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
    let missing = request(&t, Method::PATCH, "/api/v2/resource-servers/nope", |r| {
        r.bearer_auth(&admin).json(&json!({"token_lifetime": 60}))
    })
    .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    t.shutdown().await;
}
