//! The operations CI scripts use most, as Auth0 answers them: users created and deleted with
//! connection, email and password rules; roles created, changed, deleted; role and user
//! permissions; user roles; a client grant by id with Auth0's whole client-grant schema. Each
//! with its success, its validation (Auth0's 400 bodies), its conflict (409), its scope check
//! (403) and its log event; ids in Auth0's formats, random, never handed out twice.
#![cfg(feature = "tenant")]

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::tenant_support::*;

async fn send(
    t: &tokex::tenant::RunningTenant,
    token: &str,
    method: Method,
    path: &str,
    body: Value,
) -> Reply {
    request(t, method, &format!("/api/v2/{path}"), |r| r.bearer_auth(token).json(&body)).await
}

fn assert_invalid_body(r: &Reply, needle: &str) {
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text);
    assert_eq!(r.body["errorCode"], "invalid_body", "{}", r.text);
    let message = r.body["message"].as_str().unwrap_or("");
    assert!(message.starts_with("Payload validation error: ") && message.contains(needle), "{message}");
}

#[tokio::test]
async fn users_are_created_and_deleted_with_auth0s_rules() {
    let t = start().await;
    let admin = token_for(&t, "tokex-admin").await;
    let ok = json!({"connection": "Username-Password-Authentication", "email": "CI.Bot@Example.com", "password": "Sup3r-secret",
        "user_metadata": {"team": "ci"}, "given_name": "CI"});
    let created = send(&t, &admin, Method::POST, "users", ok.clone()).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let user = &created.body;
    let id = user["user_id"].as_str().expect("user id").to_string();
    assert!(
        id.starts_with("auth0|") && id.len() == 30 && id[6..].chars().all(|c| c.is_ascii_hexdigit()),
        "{id}"
    );
    assert_eq!(user["email"], "ci.bot@example.com", "stored lower-cased");
    assert_eq!(
        user["identities"][0],
        json!({"connection": "Username-Password-Authentication", "user_id": &id[6..], "provider": "auth0", "isSocial": false})
    );
    assert_eq!(
        (user["email_verified"].as_bool(), user["user_metadata"]["team"].as_str()),
        (Some(false), Some("ci"))
    );
    assert!(!created.text.contains("Sup3r-secret"), "the password is never echoed");
    assert_eq!(
        get(&t, &admin, &format!("users/{}", id.replace('|', "%7C"))).await.body["email"],
        "ci.bot@example.com"
    );

    // Auth0's refusals, in its words.
    let again = send(&t, &admin, Method::POST, "users", ok.clone()).await;
    assert_eq!(
        (again.status, again.body["message"].as_str(), again.body["errorCode"].as_str()),
        (StatusCode::CONFLICT, Some("The user already exists."), Some("auth0_idp_error"))
    );
    let weak = send(&t, &admin, Method::POST, "users", json!({"connection": "Username-Password-Authentication", "email": "w@example.com", "password": "password"})).await;
    assert_eq!(
        (weak.status, weak.body["message"].as_str()),
        (StatusCode::BAD_REQUEST, Some("PasswordStrengthError: Password is too weak"))
    );
    assert_invalid_body(
        &send(
            &t,
            &admin,
            Method::POST,
            "users",
            json!({"email": "x@example.com", "password": "Sup3r-secret"}),
        )
        .await,
        "Missing required property: connection",
    );
    assert_invalid_body(
        &send(
            &t,
            &admin,
            Method::POST,
            "users",
            json!({"connection": "Username-Password-Authentication", "email": "x@example.com"}),
        )
        .await,
        "Missing required property: password",
    );
    assert_invalid_body(&send(&t, &admin, Method::POST, "users", json!({"connection": "Username-Password-Authentication", "email": "not-an-email", "password": "Sup3r-secret"})).await, "format email");
    assert_invalid_body(&send(&t, &admin, Method::POST, "users", json!({"connection": "Username-Password-Authentication", "email": "x@example.com", "password": "Sup3r-secret", "role": "admin"})).await, "Additional properties not allowed: role");
    assert_invalid_body(&send(&t, &admin, Method::POST, "users", json!({"connection": "Username-Password-Authentication", "email": "x@example.com", "password": "Sup3r-secret", "blocked": "no"})).await, "Expected type boolean but found type string' on property blocked");
    let social = send(
        &t,
        &admin,
        Method::POST,
        "users",
        json!({"connection": "google-oauth2", "email": "x@example.com", "password": "Sup3r-secret"}),
    )
    .await;
    assert_eq!(
        (social.status, social.body["errorCode"].as_str()),
        (StatusCode::BAD_REQUEST, Some("operation_not_supported"))
    );
    let nowhere = send(
        &t,
        &admin,
        Method::POST,
        "users",
        json!({"connection": "nope", "email": "x@example.com", "password": "Sup3r-secret"}),
    )
    .await;
    assert_eq!(
        (nowhere.status, nowhere.body["errorCode"].as_str()),
        (StatusCode::BAD_REQUEST, Some("inexistent_connection"))
    );
    // The scope is checked first.
    let readonly = token_for(&t, "tokex-readonly").await;
    let refused = send(&t, &readonly, Method::POST, "users", ok).await;
    assert_eq!(
        (refused.status, refused.body["errorCode"].as_str()),
        (StatusCode::FORBIDDEN, Some("insufficient_scope"))
    );

    let path = format!("users/{}", id.replace('|', "%7C"));
    let deleted = send(&t, &admin, Method::DELETE, &path, Value::Null).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    assert_eq!(get(&t, &admin, &path).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        send(&t, &admin, Method::DELETE, &path, Value::Null).await.status,
        StatusCode::NO_CONTENT,
        "no 404, as Auth0's reference"
    );
    let events = get(&t, &admin, "logs?q=type:sapi%20AND%20ip:%22127.0.0.1%22&per_page=10").await;
    let descriptions: Vec<&str> =
        events.body.as_array().expect("array").iter().filter_map(|e| e["description"].as_str()).collect();
    assert_eq!(descriptions, ["Delete user", "Delete user", "Create user"]);
}

#[tokio::test]
async fn roles_their_permissions_and_user_roles() {
    let t = start().await;
    let admin = token_for(&t, "tokex-admin").await;
    let created =
        send(&t, &admin, Method::POST, "roles", json!({"name": "ci-role", "description": "made by CI"}))
            .await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.text);
    let role = created.body["id"].as_str().expect("id").to_string();
    assert!(role.starts_with("rol_") && role.len() == 20, "{role}");
    assert_eq!(created.body, json!({"id": role, "name": "ci-role", "description": "made by CI"}));
    let dup = send(&t, &admin, Method::POST, "roles", json!({"name": "CI-ROLE"})).await;
    assert_eq!(dup.status, StatusCode::CONFLICT, "{}", dup.text);
    assert_invalid_body(
        &send(&t, &admin, Method::POST, "roles", json!({"description": "x"})).await,
        "Missing required property: name",
    );
    assert_invalid_body(
        &send(&t, &admin, Method::POST, "roles", json!({"name": ""})).await,
        "String is too short",
    );
    let changed =
        send(&t, &admin, Method::PATCH, &format!("roles/{role}"), json!({"description": "changed"})).await;
    assert_eq!((changed.status, changed.body["description"].as_str()), (StatusCode::OK, Some("changed")));

    // Permissions: added (201), listed with their API's name, removed (200); unknown ones refused.
    let orders = "https://api.tokex.example/";
    let perms = json!({"permissions": [{"resource_server_identifier": orders, "permission_name": "read:orders"},
        {"resource_server_identifier": orders, "permission_name": "read:orders"}]});
    let added = send(&t, &admin, Method::POST, &format!("roles/{role}/permissions"), perms.clone()).await;
    assert_eq!((added.status, added.text.as_str()), (StatusCode::CREATED, ""));
    let listed = get(&t, &admin, &format!("roles/{role}/permissions?include_totals=true")).await;
    assert_eq!(listed.body["total"], 1, "duplicates are one permission: {}", listed.text);
    assert_eq!(
        listed.body["permissions"][0],
        json!({"resource_server_identifier": orders, "permission_name": "read:orders",
        "resource_server_name": "tokex Orders API", "description": "Read orders"})
    );
    let unknown = send(
        &t,
        &admin,
        Method::POST,
        &format!("roles/{role}/permissions"),
        json!({"permissions": [{"resource_server_identifier": orders, "permission_name": "fly:planes"}]}),
    )
    .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST, "{}", unknown.text);
    assert_invalid_body(
        &send(&t, &admin, Method::POST, &format!("roles/{role}/permissions"), json!({"permissions": []}))
            .await,
        "Array is too short",
    );
    let removed = send(&t, &admin, Method::DELETE, &format!("roles/{role}/permissions"), perms).await;
    assert_eq!(removed.status, StatusCode::OK);
    assert_eq!(get(&t, &admin, &format!("roles/{role}/permissions")).await.body, json!([]));

    // Assigned to a user (204), listed, removed (204).
    let user = get(&t, &admin, "users?per_page=1").await.body[0]["user_id"]
        .as_str()
        .expect("user")
        .replace('|', "%7C");
    let assign =
        send(&t, &admin, Method::POST, &format!("users/{user}/roles"), json!({"roles": [role]})).await;
    assert_eq!(assign.status, StatusCode::NO_CONTENT, "{}", assign.text);
    let roles = get(&t, &admin, &format!("users/{user}/roles")).await;
    assert!(roles.body.as_array().expect("array").iter().any(|r| r["id"] == role.as_str()));
    let missing =
        send(&t, &admin, Method::POST, &format!("users/{user}/roles"), json!({"roles": ["rol_nope"]})).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let unassign =
        send(&t, &admin, Method::DELETE, &format!("users/{user}/roles"), json!({"roles": [role]})).await;
    assert_eq!(unassign.status, StatusCode::NO_CONTENT);
    assert!(!get(&t, &admin, &format!("users/{user}/roles")).await.text.contains(&role));

    // Deleted (200 {} as recorded), and its id is never handed out again.
    let deleted = send(&t, &admin, Method::DELETE, &format!("roles/{role}"), Value::Null).await;
    assert_eq!((deleted.status, &deleted.body), (StatusCode::OK, &json!({})));
    assert_eq!(get(&t, &admin, &format!("roles/{role}")).await.status, StatusCode::NOT_FOUND);
    let next = send(&t, &admin, Method::POST, "roles", json!({"name": "ci-role"})).await;
    assert_ne!(next.body["id"], role.as_str(), "a new id, not the deleted one");
    // Scopes are checked as the catalog states them.
    let readonly = token_for(&t, "tokex-readonly").await;
    assert_eq!(
        send(&t, &readonly, Method::POST, "roles", json!({"name": "x"})).await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn user_permissions_are_given_listed_and_taken_back() {
    let t = start().await;
    let admin = token_for(&t, "tokex-admin").await;
    let user = get(&t, &admin, "users?per_page=1").await.body[0]["user_id"]
        .as_str()
        .expect("user")
        .replace('|', "%7C");
    let perms = json!({"permissions": [{"resource_server_identifier": "https://api.tokex.example/", "permission_name": "write:orders"}]});
    assert_eq!(
        send(&t, &admin, Method::POST, &format!("users/{user}/permissions"), perms.clone()).await.status,
        StatusCode::CREATED
    );
    let listed = get(&t, &admin, &format!("users/{user}/permissions")).await;
    assert_eq!(listed.body[0]["permission_name"], "write:orders", "{}", listed.text);
    assert_eq!(
        send(&t, &admin, Method::DELETE, &format!("users/{user}/permissions"), perms).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(get(&t, &admin, &format!("users/{user}/permissions")).await.body, json!([]));
    let nobody = get(&t, &admin, "users/auth0%7Cnobody/permissions").await;
    assert_eq!(nobody.body["errorCode"], "inexistent_user");
}

#[tokio::test]
async fn client_grants_have_auth0s_schema_random_ids_and_a_get_by_id() {
    let t = start().await;
    let admin = token_for(&t, "tokex-admin").await;
    let spa = t.client("tokex-spa").expect("spa").client_id;
    // What Auth0's v7 Node SDK sends: subject_type and friends, no scope at all.
    let body = json!({"client_id": spa, "audience": "https://api.tokex.example/", "subject_type": "client",
        "organization_usage": "allow", "allow_any_organization": true, "authorization_details_types": ["payment"],
        "allow_all_scopes": true});
    let created = send(&t, &admin, Method::POST, "client-grants", body.clone()).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let id = created.body["id"].as_str().expect("id").to_string();
    assert!(id.starts_with("cgr_") && id.len() == 20 && !id.contains("local"), "{id}");
    assert_eq!(
        keys(&created.body),
        [
            "id",
            "client_id",
            "audience",
            "scope",
            "organization_usage",
            "allow_any_organization",
            "is_system",
            "subject_type",
            "authorization_details_types",
            "allow_all_scopes"
        ]
    );
    assert_eq!(created.body["scope"], json!([]), "scope is optional");
    let fetched = get(&t, &admin, &format!("client-grants/{id}")).await;
    assert_eq!((fetched.status, &fetched.body), (StatusCode::OK, &created.body));
    assert_eq!(send(&t, &admin, Method::POST, "client-grants", body).await.status, StatusCode::CONFLICT);
    let user_grant =
        json!({"client_id": spa, "audience": "https://api.tokex.example/", "subject_type": "user"});
    assert_eq!(
        send(&t, &admin, Method::POST, "client-grants", user_grant).await.status,
        StatusCode::CREATED,
        "another subject type"
    );
    assert_invalid_body(
        &send(
            &t,
            &admin,
            Method::POST,
            "client-grants",
            json!({"client_id": spa, "audience": "x", "subject_type": "robot"}),
        )
        .await,
        "No enum match for: \"robot\"",
    );
    assert_invalid_body(
        &send(&t, &admin, Method::POST, "client-grants", json!({"audience": "x"})).await,
        "Missing required property: client_id",
    );

    // allow_all_scopes: a token for that API carries every scope it defines.
    let m2m = t.client("tokex-no-grant").expect("client");
    let all = json!({"client_id": m2m.client_id, "audience": "https://api.tokex.example/", "allow_all_scopes": true});
    assert_eq!(send(&t, &admin, Method::POST, "client-grants", all).await.status, StatusCode::CREATED);
    let r = token_request(&t, &m2m.client_id, &m2m.client_secret, "https://api.tokex.example/").await;
    assert_eq!(r.body["scope"], "read:orders write:orders read:inventory", "{}", r.text);

    // Deleted, and its id is never handed out again.
    assert_eq!(
        send(&t, &admin, Method::DELETE, &format!("client-grants/{id}"), Value::Null).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(get(&t, &admin, &format!("client-grants/{id}")).await.status, StatusCode::NOT_FOUND);
    let spa_again = json!({"client_id": spa, "audience": "https://api.tokex.example/"});
    let again = send(&t, &admin, Method::POST, "client-grants", spa_again).await;
    assert_ne!(again.body["id"], id.as_str());
}
