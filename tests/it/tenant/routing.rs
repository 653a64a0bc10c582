//! How `/api/v2` paths reach their handlers: ids are percent-decoded, a route exists only for its
//! own method, and an empty id segment is no route at all (Auth0's route-level 404).
// Needs the local tenant (the default `tenant` feature): skipped in a client-only build.
#![cfg(feature = "tenant")]

use crate::tenant_support;

use reqwest::{Method, StatusCode};
use serde_json::json;
use tenant_support::*;

#[tokio::test]
async fn ids_are_decoded_and_routes_need_their_exact_method() {
    let t = start().await;
    let token = token_for(&t, "tokex-admin").await;
    let route_404 = json!({"statusCode": 404, "error": "Not Found", "message": "Not Found"});

    let first = get(&t, &token, "users?per_page=1").await.body[0].clone();
    let id = first["user_id"].as_str().expect("user id").to_string();
    assert!(id.contains('|'), "seed ids look like auth0|…: {id}");
    let by_id = get(&t, &token, &format!("users/{}", id.replace('|', "%7C"))).await;
    assert_eq!(
        (by_id.status, &by_id.body["user_id"]),
        (StatusCode::OK, &first["user_id"]),
        "%7C decodes to |"
    );

    // DELETE and GET are routed to the grant handlers (their own 404 text); POST on a client is
    // an operation the local tenant does not implement (501); PUT is no operation at all (404).
    for method in [Method::DELETE, Method::GET] {
        let r =
            request(&t, method.clone(), "/api/v2/client-grants/cgr_nope", |r| r.bearer_auth(&token)).await;
        assert_eq!(
            (r.status, r.body["message"].as_str()),
            (StatusCode::NOT_FOUND, Some("The client grant does not exist.")),
            "{method}"
        );
    }
    let unimplemented =
        request(&t, Method::DELETE, "/api/v2/clients/cgr_nope", |r| r.bearer_auth(&token)).await;
    assert_eq!(unimplemented.status, StatusCode::NOT_IMPLEMENTED);
    assert_eq!(unimplemented.body["errorCode"], "not_implemented");
    let wrong = request(&t, Method::PUT, "/api/v2/client-grants/cgr_nope", |r| r.bearer_auth(&token)).await;
    assert_eq!(wrong.body, route_404);

    // Unimplemented operations match concrete ids too, `|` encoded or not, before the 501.
    for path in ["users/auth0%7C1/organizations", "users/auth0|1/organizations"] {
        let r = get(&t, &token, path).await;
        assert_eq!(r.status, StatusCode::NOT_IMPLEMENTED, "{path}: {}", r.text);
        assert!(
            r.body["message"].as_str().is_some_and(|m| m.contains("GET /api/v2/users/{id}/organizations"))
        );
    }

    // They authenticate and check scopes first: 401 without a token, Auth0's 403 without the scope.
    let anonymous = request(&t, Method::GET, "/api/v2/users/auth0%7C1/organizations", |r| r).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    let readonly = token_for(&t, "tokex-readonly").await;
    let r = request(&t, Method::DELETE, "/api/v2/users/auth0%7C1/permissions", |r| r.bearer_auth(&readonly))
        .await;
    assert_eq!(
        r.body,
        json!({"statusCode": 403, "error": "Forbidden", "message": "Insufficient scope, expected any of: update:users", "errorCode": "insufficient_scope"})
    );
    let r = request(&t, Method::POST, "/api/v2/keys/signing/rotate", |r| r.bearer_auth(&readonly)).await;
    assert_eq!(
        r.body["message"],
        "Insufficient scope, expected all of: create:signing_keys, update:signing_keys"
    );

    for path in ["users/", "clients//rotate-secret", "keys/signing/"] {
        let r = get(&t, &token, path).await;
        assert_eq!((r.status, &r.body), (StatusCode::NOT_FOUND, &route_404), "{path}");
    }
}
