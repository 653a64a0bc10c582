//! The local tenant's Management API: bearer checks, scopes, every endpoint's shape and both
//! pagination styles, rate limiting, and bad input on every route.
// Needs the local tenant (the default `tenant` feature): skipped in a client-only build.
#![cfg(feature = "tenant")]

use crate::tenant_support;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tenant_support::*;
use tokex::tenant::RateLimit;

fn ids(v: &Value, field: &str) -> Vec<String> {
    v.as_array().unwrap().iter().map(|x| x[field].as_str().unwrap_or("").to_string()).collect()
}

#[tokio::test]
async fn bearer_header_and_token_failures_have_auth0_bodies() {
    let t = start().await;
    let url = "/api/v2/users";
    let r = request(&t, Method::GET, url, |r| r).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.body["statusCode"], 401);

    for header in ["Basic abc", "Bearer", "Bearer a b", "token"] {
        let r = request(&t, Method::GET, url, |r| r.header("authorization", header)).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{header}");
        assert_eq!(
            r.body,
            json!({"statusCode": 400, "error": "Bad Request", "message": "Bad HTTP authentication header format"})
        );
    }

    let r = get(&t, "not.a.jwt", "users").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        r.body,
        json!({"statusCode": 401, "error": "Unauthorized", "message": "Invalid token", "attributes": {"error": "Invalid token"}})
    );
    assert_eq!(r.headers["www-authenticate"], "Bearer error=\"Invalid token\"");

    // Tampered payload keeps the header (and kid) but breaks the signature.
    let good = token_for(&t, "tokex-readonly").await;
    let parts: Vec<&str> = good.split('.').collect();
    let mut claims = b64url_json(parts[1]);
    claims["scope"] = json!("read:users read:stats read:clients");
    let forged = format!("{}.{}.{}", parts[0], URL_SAFE_NO_PAD.encode(claims.to_string()), parts[2]);
    let r = get(&t, &forged, "clients").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.body["message"], "Invalid signature received for JSON Web Token validation.");
    assert_eq!(r.body["attributes"]["error"], r.body["message"]);

    // A token of another tenant run: another key.
    let other = start().await;
    let foreign = token_for(&other, "tokex-admin").await;
    let r = get(&t, &foreign, "users").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.body["message"], "Invalid signature received for JSON Web Token validation.");
}

#[tokio::test]
async fn expired_tokens_are_refused_with_auth0_text() {
    let t = start_with(-30, RateLimit { burst: 50, per_second: 50.0 }).await;
    let token = token_for(&t, "tokex-admin").await;
    let r = get(&t, &token, "users").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.body["message"], "Expired token received for JSON Web Token validation");
    assert_eq!(r.body["attributes"]["error"], "Expired token received for JSON Web Token validation");
}

#[tokio::test]
async fn scopes_are_enforced_with_any_of_and_all_of_messages() {
    let t = start().await;
    let ro = token_for(&t, "tokex-readonly").await;
    let r = get(&t, &ro, "clients").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        r.body,
        json!({"statusCode": 403, "error": "Forbidden",
        "message": "Insufficient scope, expected any of: read:clients, read:client_keys, read:client_credentials, read:client_summary",
        "errorCode": "insufficient_scope"})
    );
    let user = get(&t, &ro, "users?per_page=1").await.body[0]["user_id"].as_str().unwrap().to_string();
    let r = get(&t, &ro, &format!("users/{}/roles", urlencode(&user))).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        r.body["message"],
        "Insufficient scope, expected all of: read:users, read:roles, read:role_members"
    );
    for (path, ok) in [
        ("stats/active-users", true),
        ("logs", false),
        ("tenants/settings", false),
        ("keys/signing", false),
        ("roles", false),
        ("connections", false),
        ("organizations", false),
        ("resource-servers", false),
        ("client-grants", false),
    ] {
        assert_eq!(get(&t, &ro, path).await.status == StatusCode::OK, ok, "{path}");
    }
}

fn urlencode(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

#[tokio::test]
async fn users_list_pages_both_ways() {
    let t = start().await;
    let token = token_for(&t, "tokex-admin").await;
    let all = get(&t, &token, "users").await;
    assert_eq!(all.status, StatusCode::OK);
    assert_eq!(all.body.as_array().unwrap().len(), 50, "default page is 50");
    let u = &all.body[0];
    for field in [
        "user_id",
        "email",
        "email_verified",
        "created_at",
        "updated_at",
        "identities",
        "name",
        "nickname",
        "picture",
    ] {
        assert!(u.get(field).is_some(), "user lacks {field}");
    }
    let r = get(&t, &token, "users?page=1&per_page=20&include_totals=true").await;
    assert_eq!(keys(&r.body), ["start", "limit", "length", "users", "total"]);
    assert_eq!(
        (
            r.body["start"].as_u64(),
            r.body["limit"].as_u64(),
            r.body["length"].as_u64(),
            r.body["total"].as_u64()
        ),
        (Some(20), Some(20), Some(20), Some(50))
    );
    assert_eq!(ids(&r.body["users"], "user_id"), ids(&all.body, "user_id")[20..40].to_vec());
    let last = get(&t, &token, "users?page=2&per_page=20&include_totals=true").await;
    assert_eq!(last.body["length"], 10);
    let beyond = get(&t, &token, "users?page=5&per_page=20").await;
    assert_eq!(beyond.body, json!([]));

    let r = get(&t, &token, "users?page=10&per_page=100").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(
        r.body["message"].as_str().unwrap().starts_with("You can only page through the first 1000 records.")
    );
    let r = get(&t, &token, "users?per_page=101").await;
    assert_eq!(
        (r.status, r.body["errorCode"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_query_string"))
    );
    let r = get(&t, &token, "users?page=abc").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = get(&t, &token, "users?include_totals=maybe").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn users_search_fields_and_sort() {
    let t = start().await;
    let token = token_for(&t, "tokex-admin").await;
    let all = get(&t, &token, "users").await.body;
    let users = all.as_array().unwrap();
    let first = &users[0];
    let email = first["email"].as_str().unwrap();
    let q = |s: &str| format!("users?search_engine=v3&q={}", urlencode(s));

    let r = get(&t, &token, &q(&format!("email:\"{}\"", email.to_uppercase()))).await;
    assert_eq!(
        ids(&r.body, "user_id"),
        [first["user_id"].as_str().unwrap()],
        "email matches case-insensitively"
    );
    let expected_google =
        users.iter().filter(|u| u["identities"][0]["connection"] == "google-oauth2").count();
    let r = get(&t, &token, &q("identities.connection:\"google-oauth2\"")).await;
    assert_eq!(r.body.as_array().unwrap().len(), expected_google);
    assert!(expected_google > 0);
    let many = users.iter().filter(|u| u["logins_count"].as_u64().is_some_and(|n| n >= 100)).count();
    assert_eq!(get(&t, &token, &q("logins_count:[100 TO *]")).await.body.as_array().unwrap().len(), many);
    let never = users.iter().filter(|u| u.get("logins_count").is_none()).count();
    assert_eq!(get(&t, &token, &q("NOT _exists_:logins_count")).await.body.as_array().unwrap().len(), never);
    let prefix = &first["user_id"].as_str().unwrap()[..8];
    let r = get(&t, &token, &q(&format!("user_id:{}*", prefix.replace('|', "\\|")))).await;
    assert!(ids(&r.body, "user_id").contains(&first["user_id"].as_str().unwrap().to_string()));
    let pro_or_free = users
        .iter()
        .filter(|u| u["app_metadata"]["plan"] == "pro" || u["app_metadata"]["plan"] == "free")
        .count();
    let r = get(&t, &token, &q("app_metadata.plan:pro OR app_metadata.plan:free")).await;
    assert_eq!(r.body.as_array().unwrap().len(), pro_or_free);
    let r = get(&t, &token, &q("(app_metadata.plan:pro OR app_metadata.plan:free) AND email_verified:true"))
        .await;
    let expect = users
        .iter()
        .filter(|u| {
            (u["app_metadata"]["plan"] == "pro" || u["app_metadata"]["plan"] == "free")
                && u["email_verified"] == true
        })
        .count();
    assert_eq!(r.body.as_array().unwrap().len(), expect);
    let r =
        get(&t, &token, &format!("{}&include_totals=true", q("user_metadata.addresses.cities:\"Paris\"")))
            .await;
    assert_eq!(r.body["total"], 1);

    for bad in ["name:*sa", "name:(unclosed", "user_metadata.theme:da*"] {
        let r = get(&t, &token, &q(bad)).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{bad}: {}", r.text);
    }
    let r = get(&t, &token, &format!("users?q={}", urlencode("name:x"))).await;
    assert_eq!(
        r.body["message"],
        "The 'q' parameter is available only if you specify 'search_engine=v2|v3'."
    );
    let r = get(&t, &token, "users?search_engine=v2&q=name:x").await;
    assert_eq!(
        r.body["message"],
        "You are not allowed to use search_engine=v2. Use search_engine=v3 instead."
    );

    let r = get(&t, &token, "users?fields=user_id,email&include_fields=true&per_page=3").await;
    assert!(
        r.body
            .as_array()
            .unwrap()
            .iter()
            .all(|u| keys(u) == ["email", "user_id"] || keys(u) == ["user_id", "email"])
    );
    let r = get(&t, &token, "users?fields=identities,picture&include_fields=false&per_page=3").await;
    assert!(
        r.body.as_array().unwrap().iter().all(|u| u.get("identities").is_none() && u.get("email").is_some())
    );

    let r = get(&t, &token, "users?sort=email:-1").await;
    let emails = ids(&r.body, "email");
    let mut sorted = emails.clone();
    sorted.sort();
    sorted.reverse();
    assert_eq!(emails, sorted);
    assert_eq!(get(&t, &token, "users?sort=email").await.status, StatusCode::BAD_REQUEST);
    assert_eq!(get(&t, &token, "users?sort=app_metadata.plan:1").await.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn single_user_by_email_and_roles() {
    let t = start().await;
    let token = token_for(&t, "tokex-admin").await;
    let users = get(&t, &token, "users").await.body;
    let u = &users[0];
    let id = u["user_id"].as_str().unwrap();
    let r = get(&t, &token, &format!("users/{}", urlencode(id))).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(&r.body, u);
    let r = get(&t, &token, &format!("users/{}?fields=email", urlencode(id))).await;
    assert_eq!(keys(&r.body), ["email"]);
    let r = get(&t, &token, "users/auth0%7Cdoesnotexist").await;
    assert_eq!(
        r.body,
        json!({"statusCode": 404, "error": "Not Found", "message": "The user does not exist.", "errorCode": "inexistent_user"})
    );

    let r =
        get(&t, &token, &format!("users-by-email?email={}", urlencode(u["email"].as_str().unwrap()))).await;
    assert_eq!(ids(&r.body, "user_id"), [id]);
    assert_eq!(get(&t, &token, "users-by-email?email=nobody%40example.com").await.body, json!([]));
    assert_eq!(get(&t, &token, "users-by-email").await.status, StatusCode::BAD_REQUEST);

    // The first seed user with roles.
    let with_roles = users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| !u["app_metadata"]["roles"].as_array().unwrap().is_empty())
        .unwrap();
    let r = get(
        &t,
        &token,
        &format!("users/{}/roles?include_totals=true", urlencode(with_roles["user_id"].as_str().unwrap())),
    )
    .await;
    assert_eq!(keys(&r.body), ["start", "limit", "total", "roles"]);
    let names: Vec<String> = ids(&r.body["roles"], "name");
    let expected: Vec<String> = with_roles["app_metadata"]["roles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap().to_string())
        .collect();
    let (mut a, mut b) = (names.clone(), expected);
    a.sort();
    b.sort();
    assert_eq!(a, b);
    assert!(r.body["roles"][0]["id"].as_str().unwrap().starts_with("rol_"));
    assert_eq!(get(&t, &token, "users/auth0%7Cnope/roles").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn clients_show_secrets_only_with_client_key_scopes() {
    let t = start().await;
    let admin = token_for(&t, "tokex-admin").await;
    let limited = jwt_client_token(&t).await; // read:users read:clients, and no client_id in the form
    let r = get(&t, &admin, "clients").await;
    assert_eq!(r.body.as_array().unwrap().len(), 6);
    let ro = t.client("tokex-readonly").unwrap();
    let full =
        r.body.as_array().unwrap().iter().find(|c| c["client_id"] == ro.client_id.as_str()).unwrap().clone();
    assert_eq!(full["client_secret"], ro.client_secret);
    assert_eq!(full["grant_types"], json!(["client_credentials"]));
    assert_eq!(full["app_type"], "non_interactive");
    let jwt = t.client("tokex-jwt-m2m").unwrap();
    let r = get(&t, &admin, &format!("clients/{}", jwt.client_id)).await;
    assert!(
        r.body["client_authentication_methods"]["private_key_jwt"]["credentials"][0]["id"]
            .as_str()
            .unwrap()
            .starts_with("cred_")
    );
    assert!(r.body.get("client_secret").is_none());

    let r = get(&t, &limited, &format!("clients/{}", ro.client_id)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.get("client_secret").is_none(), "read:clients alone hides secrets");
    assert_eq!(r.body["grant_types"], json!(["client_credentials"]));
    assert_eq!(r.body["name"], "tokex-readonly");

    let r = get(&t, &admin, "clients?app_type=spa").await;
    assert_eq!(ids(&r.body, "name"), ["tokex-spa"]);
    let r = get(&t, &admin, "clients?fields=name,client_id").await;
    assert!(r.body.as_array().unwrap().iter().all(|c| keys(c) == ["client_id", "name"]));
    let r = get(&t, &admin, "clients?include_totals=true&per_page=2&page=1").await;
    assert_eq!(keys(&r.body), ["start", "limit", "total", "clients"]);
    assert_eq!((r.body["start"].as_u64(), r.body["total"].as_u64()), (Some(2), Some(6)));

    // Checkpoint pagination: follow `next` until it disappears.
    let mut seen = Vec::new();
    let mut r = get(&t, &admin, "clients?take=2").await;
    loop {
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        seen.extend(ids(&r.body["clients"], "name"));
        match r.body.get("next").and_then(Value::as_str) {
            Some(next) => {
                assert_eq!(keys(&r.body), ["next", "clients"]);
                r = get(&t, &admin, &format!("clients?take=2&from={next}")).await;
            }
            None => break,
        }
    }
    assert_eq!(
        seen,
        ["tokex-admin", "tokex-readonly", "tokex-no-grant", "tokex-spa", "tokex-jwt-m2m", "tokex-no-scope"]
    );
    assert_eq!(get(&t, &admin, "clients?from=garbage").await.status, StatusCode::BAD_REQUEST);
    assert_eq!(get(&t, &admin, "clients?take=0").await.status, StatusCode::BAD_REQUEST);
    let r = get(&t, &admin, "clients/nope").await;
    assert_eq!(
        r.body,
        json!({"statusCode": 404, "error": "Not Found", "message": "Client not found.", "errorCode": "inexistent_client"})
    );
}

#[tokio::test]
async fn client_grants_filter_and_page() {
    let t = start().await;
    let token = token_for(&t, "tokex-admin").await;
    let all = get(&t, &token, "client-grants").await.body;
    assert_eq!(all.as_array().unwrap().len(), 6);
    let g = &all[0];
    assert_eq!(keys(g)[..4], ["id", "client_id", "audience", "scope"]);
    assert!(g["scope"].is_array());
    let custom = get(&t, &token, "client-grants?audience=https%3A%2F%2Fapi.tokex.example%2F").await.body;
    assert_eq!(custom.as_array().unwrap().len(), 2);
    let admin = t.client("tokex-admin").unwrap();
    let mine = get(&t, &token, &format!("client-grants?client_id={}", admin.client_id)).await.body;
    assert_eq!(mine.as_array().unwrap().len(), 2);
    let r = get(&t, &token, "client-grants?include_totals=true&per_page=2").await.body;
    assert_eq!((r["total"].as_u64(), r["client_grants"].as_array().unwrap().len()), (Some(6), 2));
    let r = get(&t, &token, "client-grants?take=3").await.body;
    assert!(r["next"].is_string());
    let r2 =
        get(&t, &token, &format!("client-grants?take=3&from={}", r["next"].as_str().unwrap())).await.body;
    assert_eq!(r2["client_grants"].as_array().unwrap().len(), 3);
    assert!(r2.get("next").is_none(), "no next on the last page");
}

#[tokio::test]
async fn catalogue_endpoints_have_auth0_shapes() {
    let t = start().await;
    let token = token_for(&t, "tokex-admin").await;

    let rs = get(&t, &token, "resource-servers").await.body;
    let mgmt = rs.as_array().unwrap().iter().find(|r| r["identifier"] == t.audience().as_str()).unwrap();
    assert_eq!(mgmt["name"], "Auth0 Management API");
    assert!(
        mgmt["scopes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["value"] == "read:users" && s["description"].is_string())
    );
    let by_ident =
        get(&t, &token, &format!("resource-servers/{}", urlencode("https://api.tokex.example/"))).await;
    assert_eq!(by_ident.body["identifier"], "https://api.tokex.example/");
    let by_id = get(&t, &token, &format!("resource-servers/{}", by_ident.body["id"].as_str().unwrap())).await;
    assert_eq!(by_id.body, by_ident.body);
    let filtered = get(
        &t,
        &token,
        "resource-servers?identifiers=https%3A%2F%2Fapi.tokex.example%2F&include_totals=true",
    )
    .await
    .body;
    assert_eq!(keys(&filtered), ["start", "limit", "total", "resource_servers"]);
    assert_eq!(filtered["total"], 1);
    assert_eq!(get(&t, &token, "resource-servers/nope").await.body["message"], "Resource server not found.");

    let conns = get(&t, &token, "connections").await.body;
    assert!(conns.as_array().unwrap().iter().all(|c| c["id"].as_str().unwrap().starts_with("con_")));
    let google = get(&t, &token, "connections?strategy=google-oauth2").await.body;
    assert_eq!(ids(&google, "name"), ["google-oauth2"]);
    let two = get(&t, &token, "connections?strategy=auth0&strategy=github").await.body;
    assert_eq!(two.as_array().unwrap().len(), 2);
    let r = get(&t, &token, "connections/con_nope").await.body;
    assert_eq!(
        r,
        json!({"statusCode": 404, "error": "Not Found", "message": "The connection does not exist", "errorCode": "inexistent_connection"})
    );
    let cp = get(&t, &token, "connections?take=4").await.body;
    assert_eq!(cp["connections"].as_array().unwrap().len(), 4);
    assert!(cp["next"].is_string());

    let roles = get(&t, &token, "roles?include_totals=true&per_page=4").await.body;
    assert_eq!(keys(&roles), ["roles", "start", "limit", "total"]);
    assert_eq!((roles["total"].as_u64(), roles["roles"].as_array().unwrap().len()), (Some(6), 4));
    assert_eq!(ids(&get(&t, &token, "roles?name_filter=ADM").await.body, "name"), ["Admin"]);
    assert_eq!(
        get(&t, &token, "roles/rol_nope").await.body,
        json!({"statusCode": 404, "error": "Not Found", "message": "The role does not exist."})
    );

    let orgs = get(&t, &token, "organizations?include_totals=true&per_page=2&page=2").await.body;
    assert_eq!(keys(&orgs), ["organizations", "start", "limit", "total"]);
    assert_eq!(
        (orgs["start"].as_u64(), orgs["total"].as_u64(), orgs["organizations"].as_array().unwrap().len()),
        (Some(4), Some(5), 1)
    );
    let cp = get(&t, &token, "organizations?take=3").await.body;
    assert_eq!(keys(&cp), ["organizations", "next"]);
    let org_id = cp["organizations"][0]["id"].as_str().unwrap();
    assert!(org_id.starts_with("org_"));
    assert_eq!(get(&t, &token, &format!("organizations/{org_id}")).await.body["name"], "acme");
    assert_eq!(
        get(&t, &token, "organizations/org_nope").await.body["message"],
        "No organization found by that id or name"
    );

    let settings = get(&t, &token, "tenants/settings").await.body;
    assert_eq!(settings["friendly_name"], "tokex local tenant");
    assert!(settings["flags"].is_object());
    assert_eq!(
        keys(&get(&t, &token, "tenants/settings?fields=friendly_name,support_email").await.body),
        ["friendly_name", "support_email"]
    );
}

#[tokio::test]
async fn stats_and_signing_keys() {
    let t = start().await;
    let token = token_for(&t, "tokex-admin").await;
    let users = get(&t, &token, "users").await.body;
    let since =
        (chrono::Utc::now() - chrono::Duration::days(30)).format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string();
    let expected = users
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["last_login"].as_str().is_some_and(|d| d >= since.as_str()))
        .count();
    let active = get(&t, &token, "stats/active-users").await;
    assert_eq!(active.text, expected.to_string(), "a bare number");
    assert!(expected > 0);

    let daily = get(&t, &token, "stats/daily").await.body;
    let days = daily.as_array().unwrap();
    assert_eq!(days.len(), 30);
    assert_eq!(keys(&days[0]), ["date", "logins", "signups", "leaked_passwords", "created_at", "updated_at"]);
    let d = |i: usize| days[i]["date"].as_str().unwrap()[..10].replace('-', "");
    let r = get(&t, &token, &format!("stats/daily?from={}&to={}", d(3), d(5))).await.body;
    assert_eq!(r.as_array().unwrap().len(), 3, "from/to inclusive");
    assert_eq!(get(&t, &token, "stats/daily?from=2024-01-01").await.status, StatusCode::BAD_REQUEST);

    let keys_reply = get(&t, &token, "keys/signing").await.body;
    let k = &keys_reply[0];
    assert_eq!(k["kid"], t.kid());
    assert_eq!(k["current"], true);
    assert!(k["cert"].as_str().unwrap().starts_with("-----BEGIN CERTIFICATE-----\r\n"));
    assert!(k["pkcs7"].as_str().unwrap().starts_with("-----BEGIN PKCS7-----\r\n"));
    assert_eq!(k["fingerprint"].as_str().unwrap().replace(':', ""), k["thumbprint"].as_str().unwrap());
    // The served x5c is the same certificate as the signing-key record.
    let jwks = request(&t, Method::GET, "/.well-known/jwks.json", |r| r).await.body;
    let cert_b64: String =
        k["cert"].as_str().unwrap().lines().filter(|l| !l.starts_with("-----")).map(str::trim).collect();
    assert_eq!(jwks["keys"][0]["x5c"][0].as_str().unwrap(), cert_b64);
    assert_eq!(get(&t, &token, &format!("keys/signing/{}", t.kid())).await.body["kid"], t.kid());
    assert_eq!(get(&t, &token, "keys/signing/nope").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn logs_search_and_checkpoint() {
    let t = start().await;
    let token = token_for(&t, "tokex-admin").await;
    let r = get(&t, &token, "logs?include_totals=true&per_page=10").await.body;
    assert_eq!(keys(&r), ["start", "limit", "length", "total", "logs"]);
    let total = r["total"].as_u64().unwrap();
    assert!(total >= 121, "seed logs plus our own seccft");
    let dates = ids(&r["logs"], "date");
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "newest first by default");
    let seccft = get(&t, &token, "logs?q=type%3Aseccft&per_page=100").await.body;
    assert!(seccft.as_array().unwrap().iter().all(|l| l["type"] == "seccft"));
    assert!(!seccft.as_array().unwrap().is_empty());
    let one = &r["logs"][0];
    for f in ["log_id", "_id", "date", "type", "description", "client_id", "client_name", "ip", "user_agent"]
    {
        assert!(one.get(f).is_some(), "log lacks {f}");
    }
    let id = one["log_id"].as_str().unwrap();
    assert_eq!(&get(&t, &token, &format!("logs/{id}")).await.body, one);
    assert_eq!(get(&t, &token, "logs/900nope").await.body["message"], "Log not found.");

    // Checkpoint: oldest first, Link rel="next", and an empty page repeats the position.
    let first = get(&t, &token, "logs?take=100").await;
    let page1 = first.body.as_array().unwrap();
    assert_eq!(page1.len(), 100);
    let last_id = page1[99]["log_id"].as_str().unwrap();
    let link = first.headers["link"].to_str().unwrap().to_string();
    assert_eq!(link, format!("<{}/api/v2/logs?from={last_id}&take=100>; rel=\"next\"", t.domain()));
    let second = get(&t, &token, &format!("logs?from={last_id}&take=100")).await;
    let page2 = second.body.as_array().unwrap();
    assert_eq!(page1.len() as u64 + page2.len() as u64, total);
    assert!(page2[0]["log_id"].as_str().unwrap() > last_id);
    let end = page2.last().unwrap()["log_id"].as_str().unwrap();
    let empty = get(&t, &token, &format!("logs?from={end}&take=100")).await;
    assert_eq!(empty.body, json!([]));
    assert!(empty.headers["link"].to_str().unwrap().contains(&format!("from={end}")));
    assert_eq!(
        get(&t, &token, "logs?page=20&per_page=50").await.status,
        StatusCode::BAD_REQUEST,
        "1000-result limit"
    );
    assert_eq!(get(&t, &token, "logs?take=101").await.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn rate_limit_headers_and_429() {
    // Auth0's free-tier bucket size, refilled slowly (one per 4 s) so that the three requests
    // below fit in the window however loaded the machine is.
    let t = start_with(86400, RateLimit { burst: 2, per_second: 0.25 }).await;
    let token = token_for(&t, "tokex-admin").await;
    let a = get(&t, &token, "stats/active-users").await;
    let b = get(&t, "garbage", "stats/active-users").await;
    let c = get(&t, &token, "stats/active-users").await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(b.status, StatusCode::UNAUTHORIZED, "errors cost a request too");
    assert_eq!(c.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        c.body,
        json!({"statusCode": 429, "error": "Too Many Requests", "message": "Global limit has been reached", "errorCode": "too_many_requests"})
    );
    let h = |r: &Reply, n: &str| r.headers[n].to_str().unwrap().parse::<u64>().unwrap();
    assert_eq!((h(&a, "x-ratelimit-limit"), h(&a, "x-ratelimit-remaining")), (2, 1));
    assert_eq!(h(&b, "x-ratelimit-remaining"), 0);
    assert_eq!(h(&c, "x-ratelimit-remaining"), 0);
    let now = chrono::Utc::now().timestamp() as u64;
    let reset = h(&c, "x-ratelimit-reset");
    assert!(reset >= now && reset <= now + 5, "epoch seconds of the next refill: {reset} vs {now}");
    // Wait until the reset second has passed (bounded), then the bucket has a request again.
    let wait_ms = (i64::try_from(reset).unwrap_or(0) + 1) * 1000 - chrono::Utc::now().timestamp_millis();
    tokio::time::sleep(std::time::Duration::from_millis(
        u64::try_from(wait_ms.clamp(0, 6000)).unwrap_or(0) + 100,
    ))
    .await;
    assert_eq!(get(&t, &token, "stats/active-users").await.status, StatusCode::OK, "refilled");
    // The token endpoint is not behind the Management API's bucket.
    for _ in 0..3 {
        token_for(&t, "tokex-readonly").await;
    }
}

#[tokio::test]
async fn bad_input_on_every_route_gets_auth0_errors() {
    let t = start().await;
    let token = token_for(&t, "tokex-admin").await;
    let not_found = json!({"statusCode": 404, "error": "Not Found", "message": "Not Found"});

    for path in ["nope", "users/x/y/z", "", "stats", "keys"] {
        let r = get(&t, &token, path).await;
        assert_eq!((r.status, &r.body), (StatusCode::NOT_FOUND, &not_found), "{path}");
    }
    let r = request(&t, Method::GET, "/elsewhere", |r| r).await;
    assert_eq!(r.body, not_found);
    // Wrong methods: Hapi answers 404 for a path with no route for that method.
    for (method, path) in [("DELETE", "clients"), ("PUT", "logs"), ("GET", "clients/x/rotate-secret")] {
        let m = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let r = request(&t, m, &format!("/api/v2/{path}"), |r| r.bearer_auth(&token)).await;
        assert_eq!((r.status, &r.body), (StatusCode::NOT_FOUND, &not_found), "{method} {path}");
        assert!(r.headers.contains_key("x-ratelimit-limit"));
    }
    // Methods the Management API has on a route the local tenant implements for another method:
    // checked, then 501 (tests/api_tenant.rs covers every operation).
    for (method, path, operation) in
        [("POST", "clients", "POST /api/v2/clients"), ("DELETE", "clients/x", "DELETE /api/v2/clients/{id}")]
    {
        let m = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let r = request(&t, m, &format!("/api/v2/{path}"), |r| r.bearer_auth(&token)).await;
        let message =
            format!("The local tenant does not implement {operation}; a real Auth0 tenant would answer it.");
        assert_eq!(
            (r.status, &r.body),
            (
                StatusCode::NOT_IMPLEMENTED,
                &json!({"statusCode": 501, "error": "Not Implemented", "message": message, "errorCode": "not_implemented"})
            ),
            "{method} {path}"
        );
        assert!(r.headers.contains_key("x-ratelimit-limit"));
    }
    let ro = t.client("tokex-readonly").unwrap();
    let rotate = format!("/api/v2/clients/{}/rotate-secret", ro.client_id);
    let r = post(&t, &rotate, |r| {
        r.bearer_auth(&token).header("content-type", "application/json").body("{garbage")
    })
    .await;
    assert_eq!(
        r.body,
        json!({"statusCode": 400, "error": "Bad Request", "message": "Invalid request payload JSON format"})
    );
    let r = post(&t, &rotate, |r| {
        r.bearer_auth(&token).header("content-type", "application/json").body(vec![b' '; 1024 * 1024 + 10])
    })
    .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(r.body["message"], "Payload content length greater than maximum allowed: 1048576");
    assert_eq!(
        t.client("tokex-readonly").unwrap().client_secret,
        ro.client_secret,
        "rejected requests change nothing"
    );
    // Query strings that are not well-formed still get a JSON answer.
    for q in [
        "users?per_page=-1",
        "users?page=%ZZ",
        "roles?per_page=x",
        "connections?take=abc",
        "users?fields=&include_fields=nope",
        "stats/daily?to=yesterday",
    ] {
        let r = get(&t, &token, q).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{q}: {}", r.text);
        assert_eq!(r.body["statusCode"], 400, "{q}");
    }
    // Parameters an operation does not take are refused as Auth0's schema validation refuses them.
    let unknown = get(&t, &token, "users?whatever=1&per_page=1").await;
    assert_eq!(
        (unknown.status, unknown.body["errorCode"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_query_string"))
    );
    assert!(unknown.body["message"].as_str().is_some_and(|m| m.contains("whatever")), "{}", unknown.text);
    // Odd but valid: unicode ids are not found.
    assert_eq!(get(&t, &token, "users/%E2%9C%93").await.body["errorCode"], "inexistent_user");
    // The tenant still serves after all of that.
    assert_eq!(get(&t, &token, "stats/active-users").await.status, StatusCode::OK);
}

#[tokio::test]
async fn shutdown_is_graceful_and_frees_the_port() {
    let t = start().await;
    let addr = t.addr();
    let _ = admin_get(&t, "users?per_page=1").await;
    t.shutdown().await;
    assert!(tokio::net::TcpStream::connect(addr).await.is_err(), "nothing listens after shutdown");
}

async fn patch(t: &tokex::tenant::RunningTenant, token: &str, path: &str, body: &str) -> Reply {
    let with = |r: reqwest::RequestBuilder| {
        r.bearer_auth(token).header("content-type", "application/json").body(body.to_owned())
    };
    request(t, Method::PATCH, &format!("/api/v2/{path}"), with).await
}

#[tokio::test]
async fn patch_user_validates_merges_metadata_and_needs_update_scopes() {
    let t = start().await;
    let admin = token_for(&t, "tokex-admin").await;
    let users = get(&t, &admin, "users?per_page=1").await.body;
    let id = users[0]["user_id"].as_str().unwrap().to_owned();
    let original_metadata = users[0]["app_metadata"].as_object().cloned().unwrap_or_default();
    let path = format!("users/{}", urlencode(&id));

    let r = patch(&t, &admin, &path, r#"{"blocked": true, "app_metadata": {"plan": "gold"}}"#).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["blocked"], true);
    assert_eq!(r.body["app_metadata"]["plan"], "gold");
    let r = patch(&t, &admin, &path, r#"{"app_metadata": {"plan": null, "tier": 2}}"#).await;
    let mut expected = original_metadata.clone();
    expected.remove("plan");
    expected.insert("tier".into(), json!(2));
    assert_eq!(
        r.body["app_metadata"],
        Value::Object(expected),
        "null removes a key, others merge, the rest stays"
    );
    assert_eq!(get(&t, &admin, &path).await.body["blocked"], true, "the change is stored");

    for (body, message) in [
        ("[1]", "Payload validation error: 'Expected type object but found type array'."),
        (
            r#"{"favourite_colour": "blue"}"#,
            "Payload validation error: 'Additional properties not allowed: favourite_colour'.",
        ),
        (r#"{"blocked": "yes"}"#, "Payload validation error: 'Expected type boolean' on property blocked."),
        (r#"{"password": "x", "email": "a@b.c"}"#, "Cannot update password and email simultaneously"),
    ] {
        let r = patch(&t, &admin, &path, body).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{body}: {}", r.text);
        assert_eq!(r.body["message"], message, "{body}");
        assert_eq!(r.body["errorCode"], "invalid_body");
    }
    let r = patch(&t, &admin, "users/auth0%7Cnobody", r#"{"blocked": false}"#).await;
    assert_eq!(r.body["errorCode"], "inexistent_user");

    let readonly = token_for(&t, "tokex-readonly").await;
    let r = patch(&t, &readonly, &path, r#"{"blocked": false}"#).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        r.body["message"],
        "Insufficient scope, expected any of: update:users, update:users_app_metadata, update:current_user_metadata"
    );
}

#[tokio::test]
async fn a_users_logs_are_that_users_only_and_paged() {
    let t = start().await;
    let admin = token_for(&t, "tokex-admin").await;
    let logs = get(&t, &admin, "logs?per_page=100").await.body;
    let id = logs
        .as_array()
        .unwrap()
        .iter()
        .find_map(|l| l["user_id"].as_str().filter(|id| !id.is_empty()))
        .expect("a log with a user")
        .to_owned();
    let expected = logs.as_array().unwrap().iter().filter(|l| l["user_id"] == id.as_str()).count();
    let r = get(&t, &admin, &format!("users/{}/logs?include_totals=true&per_page=1", urlencode(&id))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["total"], expected);
    assert_eq!(r.body["logs"].as_array().unwrap().len(), 1);
    assert_eq!(r.body["logs"][0]["user_id"], id.as_str());
    let r = get(&t, &admin, "users/auth0%7Cnobody/logs").await;
    assert_eq!(r.body["errorCode"], "inexistent_user");
    let readonly = token_for(&t, "tokex-readonly").await;
    let r = get(&t, &readonly, &format!("users/{}/logs", urlencode(&id))).await;
    assert_eq!(r.body["message"], "Insufficient scope, expected any of: read:logs, read:logs_users");
}
