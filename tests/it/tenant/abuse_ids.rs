//! Hostile ids never make the tenant fail: every route with a path parameter, called with ids
//! that are not UTF-8 once percent-decoded (`%ff`, an overlong or surrogate sequence), broken
//! escapes, NUL, encoded slashes and an 8 KB id, answers 400 or 404 in Auth0's error shape,
//! never 5xx; hostile query strings likewise. Before, `%ff` answered 500.
#![cfg(feature = "tenant")]

use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::tenant_support::*;

// (`%2e%2e` is not here: the HTTP client itself resolves it as `..` before sending.)
const HOSTILE_IDS: [&str; 10] =
    ["%ff", "%c3%28", "%ed%a0%80", "%c0%af", "x%80y", "%", "%zz", "a%00b", "%25ff", "..%2f..%2fusers"];

/// Every route with a path parameter, as method and path with `{}` for the id.
const ROUTES: [(&str, &str); 14] = [
    ("GET", "users/{}"),
    ("PATCH", "users/{}"),
    ("GET", "users/{}/roles"),
    ("GET", "users/{}/logs"),
    ("GET", "clients/{}"),
    ("POST", "clients/{}/rotate-secret"),
    ("PATCH", "client-grants/{}"),
    ("DELETE", "client-grants/{}"),
    ("GET", "resource-servers/{}"),
    ("GET", "connections/{}"),
    ("GET", "roles/{}"),
    ("GET", "logs/{}"),
    ("GET", "keys/signing/{}"),
    ("GET", "organizations/{}"),
];

fn assert_auth0_refusal(r: &Reply, what: &str) {
    assert!(
        matches!(r.status, StatusCode::BAD_REQUEST | StatusCode::NOT_FOUND),
        "{what}: {} {}",
        r.status,
        r.text
    );
    assert_eq!(r.body["statusCode"], r.status.as_u16(), "{what}: {}", r.text);
    assert!(r.body["error"].is_string() && r.body["message"].is_string(), "{what}: {}", r.text);
}

#[tokio::test]
async fn hostile_ids_answer_400_or_404_in_auth0s_shape() {
    let t = start().await;
    let admin = token_for(&t, "tokex-admin").await;
    let long = "x".repeat(8_000);
    let mut checked = 0;
    for (method, route) in ROUTES {
        for id in HOSTILE_IDS.iter().copied().chain([long.as_str()]) {
            let path = format!("/api/v2/{}", route.replace("{}", id));
            let method = Method::from_bytes(method.as_bytes()).expect("method");
            let r =
                request(&t, method.clone(), &path, |r| r.bearer_auth(&admin).json(&serde_json::json!({})))
                    .await;
            assert_auth0_refusal(&r, &format!("{method} {}", &path[..path.len().min(60)]));
            checked += 1;
        }
    }
    assert_eq!(checked, ROUTES.len() * (HOSTILE_IDS.len() + 1));
    // An id that is not UTF-8 is Auth0's 400 invalid_uri, not a lookup of a replaced character.
    let r = get(&t, &admin, "users/%ff").await;
    assert_eq!(
        (r.status, r.body["errorCode"].clone()),
        (StatusCode::BAD_REQUEST, Value::from("invalid_uri"))
    );
}

#[tokio::test]
async fn hostile_query_strings_answer_400_in_auth0s_shape() {
    let t = start().await;
    let admin = token_for(&t, "tokex-admin").await;
    let many = vec!["a=1"; 300].join("&");
    for query in ["q=%ff&search_engine=v3", "per_page=%c3%28", "%ff=1", many.as_str(), "fields=%ed%a0%80"] {
        let r = get(&t, &admin, &format!("users?{query}")).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{query}: {}", r.text);
        assert_auth0_refusal(&r, query);
        let logs = get(&t, &admin, &format!("logs?{query}")).await;
        assert_eq!(logs.status, StatusCode::BAD_REQUEST, "{query}: {}", logs.text);
    }
    assert_eq!(get(&t, &admin, "users?per_page=1").await.status, StatusCode::OK, "still up");
}
