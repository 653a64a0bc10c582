//! The local tenant's Authentication API side: discovery, JWKS, `POST /oauth/token` (every
//! auth method and every error row of docs/auth0.md#token-endpoint), and the rotation / grant-deletion semantics.
// Needs the local tenant (the default `tenant` feature): skipped in a client-only build.
#![cfg(feature = "tenant")]

use crate::tenant_support;

use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tenant_support::*;
use tokex::tenant::RateLimit;

#[tokio::test]
async fn discovery_documents_point_at_this_tenant() {
    let t = start().await;
    let d = request(&t, Method::GET, "/.well-known/openid-configuration", |r| r).await;
    assert_eq!(d.status, StatusCode::OK);
    assert_eq!(d.headers["content-type"], "application/json; charset=utf-8");
    assert_eq!(d.body["issuer"], t.issuer());
    assert!(t.issuer().ends_with('/') && !t.domain().ends_with('/'));
    assert_eq!(d.body["token_endpoint"], format!("{}/oauth/token", t.domain()));
    assert_eq!(d.body["jwks_uri"], format!("{}/.well-known/jwks.json", t.domain()));
    assert_eq!(
        d.body["token_endpoint_auth_methods_supported"],
        json!(["client_secret_basic", "client_secret_post", "private_key_jwt"])
    );
    assert_eq!(d.body["request_parameter_supported"], false);
    assert_eq!(d.body["subject_types_supported"], json!(["public"]));
    let alias = request(&t, Method::GET, "/.well-known/oauth-authorization-server", |r| r).await;
    assert_eq!(alias.body, d.body);
    let post = post(&t, "/.well-known/jwks.json", |r| r).await;
    assert_eq!(post.status, StatusCode::NOT_FOUND);
    assert_eq!(post.body["statusCode"], 404);
    t.shutdown().await;
}

#[tokio::test]
async fn minted_token_verifies_against_the_served_jwks_and_has_auth0_claims() {
    let t = start().await;
    let jwks_reply = request(&t, Method::GET, "/.well-known/jwks.json", |r| r).await;
    let key = &jwks_reply.body["keys"][0];
    assert_eq!(keys(key), ["alg", "kty", "use", "n", "e", "kid", "x5t", "x5c"]);
    assert_eq!(
        (key["kty"].as_str(), key["use"].as_str(), key["alg"].as_str()),
        (Some("RSA"), Some("sig"), Some("RS256"))
    );
    assert_eq!(key["e"], "AQAB");
    let jwks: JwkSet = serde_json::from_value(jwks_reply.body.clone()).unwrap();

    let admin = t.client("tokex-readonly").unwrap();
    let r = token_request(&t, &admin.client_id, &admin.client_secret, &t.audience()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(keys(&r.body), ["access_token", "expires_in", "scope", "token_type"]);
    assert_eq!(r.body["token_type"], "Bearer");
    assert_eq!(r.body["expires_in"], 86400);
    assert_eq!(r.body["scope"], "read:users read:stats");
    assert_eq!(r.headers["cache-control"], "no-store");
    let token = r.body["access_token"].as_str().unwrap();

    let header_segment = token.split('.').next().unwrap();
    let header = b64url_json(header_segment);
    assert_eq!(keys(&header), ["typ", "alg", "kid"]);
    assert_eq!(header["typ"], "JWT");
    let kid = header["kid"].as_str().unwrap();
    assert_eq!(kid, t.kid());
    let jwk = jwks.find(kid).expect("kid in JWKS");
    let mut v = Validation::new(Algorithm::RS256);
    v.set_audience(&[t.audience()]);
    v.set_issuer(&[t.issuer()]);
    let claims =
        jsonwebtoken::decode::<Value>(token, &DecodingKey::from_jwk(jwk).unwrap(), &v).unwrap().claims;
    assert_eq!(keys(&claims), ["iss", "sub", "aud", "iat", "exp", "scope", "gty", "azp"]);
    assert_eq!(claims["sub"], format!("{}@clients", admin.client_id));
    assert_eq!(claims["aud"], t.audience(), "M2M aud is a string");
    assert_eq!(claims["azp"], admin.client_id);
    assert_eq!(claims["gty"], "client-credentials");
    assert_eq!(claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(), 86400);
    t.shutdown().await;
}

#[tokio::test]
async fn token_lifetime_is_configurable() {
    let t = start_with(120, RateLimit { burst: 100, per_second: 100.0 }).await;
    let c = t.client("tokex-admin").unwrap();
    let r = token_request(&t, &c.client_id, &c.client_secret, &t.audience()).await;
    assert_eq!(r.body["expires_in"], 120);
    let claims = b64url_json(r.body["access_token"].as_str().unwrap().split('.').nth(1).unwrap());
    assert_eq!(claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(), 120);
}

#[tokio::test]
async fn json_body_and_basic_auth_work_and_scope_is_ignored() {
    let t = start().await;
    let c = t.client("tokex-readonly").unwrap();
    let url = "/oauth/token";
    let body = json!({"grant_type": "client_credentials", "client_id": c.client_id, "client_secret": c.client_secret,
        "audience": t.audience(), "scope": "read:clients delete:users"});
    let r = post(&t, url, |r| r.json(&body)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["scope"], "read:users read:stats", "scope parameter ignored: the grant's scopes");

    let nogrant = t.client("tokex-no-grant").unwrap();
    let custom = t.custom_audience();
    let form = [("grant_type", "client_credentials"), ("audience", custom.as_str())];
    let r = post(&t, url, |r| r.basic_auth(&c.client_id, Some(&c.client_secret)).form(&form)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "readonly has no grant for the custom API: {}", r.text);
    let admin = t.client("tokex-admin").unwrap();
    let r = post(&t, url, |r| r.basic_auth(&admin.client_id, Some(&admin.client_secret)).form(&form)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let claims = b64url_json(r.body["access_token"].as_str().unwrap().split('.').nth(1).unwrap());
    assert_eq!(claims["aud"], "https://api.tokex.example/");
    assert_eq!(claims["scope"], "read:orders write:orders read:inventory");
    // A custom-API token is no Management API token.
    let api = get(&t, r.body["access_token"].as_str().unwrap(), "users").await;
    assert_eq!(api.status, StatusCode::UNAUTHORIZED);
    assert_eq!(api.body["message"], "Bad audience: https://api.tokex.example/");

    let bad = post(&t, url, |r| r.basic_auth(&nogrant.client_id, Some("wrong")).form(&form)).await;
    assert_eq!(bad.status, StatusCode::UNAUTHORIZED);
    assert_eq!(bad.body, json!({"error": "access_denied", "error_description": "Unauthorized"}));
}

fn assertion(t: &tokex::tenant::RunningTenant, pem: &str, client_id: &str, overrides: Value) -> String {
    let now = chrono::Utc::now().timestamp();
    let mut claims = json!({"iss": client_id, "sub": client_id, "aud": format!("{}/", t.domain()),
        "iat": now, "exp": now + 60, "jti": format!("jti-{}", now as u128 * 1000 + rand_suffix())});
    for (k, v) in overrides.as_object().unwrap() {
        claims[k] = v.clone();
    }
    jsonwebtoken::encode(
        &Header::new(Algorithm::RS256),
        &claims,
        &EncodingKey::from_rsa_pem(pem.as_bytes()).unwrap(),
    )
    .unwrap()
}

fn rand_suffix() -> u128 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::Relaxed) as u128
}

async fn jwt_exchange(t: &tokex::tenant::RunningTenant, client_id: &str, assertion: &str) -> Reply {
    let form = [
        ("grant_type", "client_credentials"),
        ("client_id", client_id),
        ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
        ("client_assertion", assertion),
        ("audience", &t.audience()),
    ];
    post(t, "/oauth/token", |r| r.form(&form)).await
}

#[tokio::test]
async fn private_key_jwt_accepts_one_good_assertion_once() {
    let t = start().await;
    let c = t.client("tokex-jwt-m2m").unwrap();
    let pem = c.private_key_pem.clone().expect("private key exposed");
    assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----"), "PKCS#8");
    let good = assertion(&t, &pem, &c.client_id, json!({}));
    let r = jwt_exchange(&t, &c.client_id, &good).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["scope"], "read:users read:clients");
    let replay = jwt_exchange(&t, &c.client_id, &good).await;
    assert_eq!(replay.status, StatusCode::UNAUTHORIZED, "jti reuse");
    assert!(replay.body["error_description"].as_str().unwrap().contains("jti"));

    // Auth0 also accepts the token endpoint as the assertion's audience (the SDKs send either).
    let at_endpoint = json!({"aud": format!("{}/oauth/token", t.domain())});
    let r = jwt_exchange(&t, &c.client_id, &assertion(&t, &pem, &c.client_id, at_endpoint)).await;
    assert_eq!(r.status, StatusCode::OK, "the token endpoint as aud: {}", r.text);

    let now = chrono::Utc::now().timestamp();
    for (why, overrides) in [
        ("audience without trailing slash", json!({"aud": t.domain()})),
        ("another endpoint of the tenant", json!({"aud": format!("{}/api/v2/", t.domain())})),
        ("lifetime over 5 minutes", json!({"exp": now + 3600})),
        ("expired", json!({"exp": now - 120})),
        ("iss differs from sub", json!({"iss": "someone-else"})),
    ] {
        let r = jwt_exchange(&t, &c.client_id, &assertion(&t, &pem, &c.client_id, overrides)).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{why}: {}", r.text);
        assert_eq!(r.body["error"], "access_denied", "{why}");
    }
    // Signed by a key the client never registered.
    let other = t.client("tokex-jwt-m2m").unwrap();
    let stranger = tokex::tenant::RunningTenant::start(Default::default()).await.unwrap();
    let foreign_pem = stranger.client("tokex-jwt-m2m").unwrap().private_key_pem.unwrap();
    let r = jwt_exchange(&t, &other.client_id, &assertion(&t, &foreign_pem, &c.client_id, json!({}))).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.body["error_description"].as_str().unwrap().contains("signature"), "{}", r.text);
    // The jwt client has no secret to use.
    let r = token_request(&t, &c.client_id, "", &t.audience()).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(c.client_secret, "");
}

#[tokio::test]
async fn every_token_error_row_has_auth0_status_and_text() {
    let t = start().await;
    let admin = t.client("tokex-admin").unwrap();
    let nogrant = t.client("tokex-no-grant").unwrap();
    let spa = t.client("tokex-spa").unwrap();
    let aud = t.audience();

    let r = token_request(&t, &admin.client_id, "wrong-secret", &aud).await;
    assert_eq!(
        (r.status, r.body.clone()),
        (StatusCode::UNAUTHORIZED, json!({"error": "access_denied", "error_description": "Unauthorized"}))
    );
    let r = token_request(&t, "nosuchclientnosuchclientnosuchcl", "x", &aud).await;
    assert_eq!(
        (r.status, r.body.clone()),
        (StatusCode::UNAUTHORIZED, json!({"error": "access_denied", "error_description": "Unauthorized"}))
    );

    let r = token_request(&t, &nogrant.client_id, &nogrant.client_secret, &aud).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        r.body,
        json!({"error": "access_denied", "error_description": format!(
        "Client is not authorized to access \"{aud}\". You need to create a \"client-grant\" associated to this API.")})
    );

    let r = token_request(&t, &admin.client_id, &admin.client_secret, "https://nope.example/").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        r.body,
        json!({"error": "access_denied", "error_description": "Service not enabled within domain: https://nope.example/"})
    );

    let r = token_request(&t, &admin.client_id, &admin.client_secret, "").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        r.body["error_description"],
        "No audience parameter was provided, and no default audience has been configured"
    );

    let r = token_request(&t, &spa.client_id, &spa.client_secret, &aud).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        r.body,
        json!({"error": "unauthorized_client",
        "error_description": "Grant type 'client_credentials' not allowed for the client.",
        "error_uri": "https://auth0.com/docs/clients/client-grant-types"})
    );

    let url = "/oauth/token";
    let r = post(&t, url, |r| r.form(&[("client_id", admin.client_id.as_str()), ("audience", aud.as_str())]))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.body["error"], "invalid_request");
    let r = post(&t, url, |r| r.form(&[("grant_type", "password"), ("audience", aud.as_str())])).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.body["error"], "unsupported_grant_type");

    // Bad input: garbage JSON, a JSON array, an oversized body, a wrong method.
    let r = post(&t, url, |r| r.header("content-type", "application/json").body("{not json")).await;
    assert_eq!((r.status, r.body["error"].as_str()), (StatusCode::BAD_REQUEST, Some("invalid_request")));
    let r = post(&t, url, |r| r.json(&json!([1, 2]))).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = post(&t, url, |r| {
        r.header("content-type", "application/x-www-form-urlencoded").body(vec![b'a'; 2 * 1024 * 1024])
    })
    .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(r.body["error"], "invalid_request");
    let r = request(&t, Method::GET, url, |r| r).await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(r.body["error"], "method_not_allowed");
    assert_eq!(r.headers["allow"], "POST");
    let r = post(&t, url, |r| {
        r.basic_auth("only-an-id-no-colon-\u{1}", None::<&str>).form(&[("grant_type", "client_credentials")])
    })
    .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn token_exchanges_are_logged_as_seccft_and_feccft() {
    let t = start().await;
    let admin = t.client("tokex-admin").unwrap();
    token_request(&t, &admin.client_id, "wrong", &t.audience()).await;
    let token = token_for(&t, "tokex-admin").await;
    let r = get(&t, &token, "logs?per_page=5&sort=date:-1").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let logs = r.body.as_array().unwrap();
    let ok = &logs[0];
    assert_eq!(ok["type"], "seccft");
    assert_eq!(ok["client_id"], admin.client_id);
    assert_eq!(ok["client_name"], "tokex-admin");
    assert_eq!(ok["audience"], t.audience());
    assert_eq!(ok["ip"], "127.0.0.1");
    assert_eq!(ok["log_id"], ok["_id"]);
    let failed = &logs[1];
    assert_eq!(failed["type"], "feccft");
    assert_eq!(failed["description"], "Unauthorized");
    assert!(ok["log_id"].as_str().unwrap() > failed["log_id"].as_str().unwrap(), "log ids ascend with time");
}

#[tokio::test]
async fn organization_parameter_adds_org_claims() {
    let t = start().await;
    let admin = t.client("tokex-admin").unwrap();
    let form = [
        ("grant_type", "client_credentials"),
        ("client_id", admin.client_id.as_str()),
        ("client_secret", admin.client_secret.as_str()),
        ("audience", "https://api.tokex.example/"),
        ("organization", "acme"),
    ];
    let r = post(&t, "/oauth/token", |r| r.form(&form)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let claims = b64url_json(r.body["access_token"].as_str().unwrap().split('.').nth(1).unwrap());
    assert_eq!(
        keys(&claims),
        ["iss", "sub", "aud", "iat", "exp", "scope", "org_id", "org_name", "gty", "azp"]
    );
    assert_eq!(claims["org_name"], "acme");
    assert!(claims["org_id"].as_str().unwrap().starts_with("org_"));
}

#[tokio::test]
async fn rotation_refuses_the_old_secret_but_keeps_issued_tokens() {
    let t = start().await;
    let admin_token = token_for(&t, "tokex-admin").await;
    let before = t.client("tokex-readonly").unwrap();
    let old_token = token_for(&t, "tokex-readonly").await;
    let r = post(&t, &format!("/api/v2/clients/{}/rotate-secret", before.client_id), |r| {
        r.bearer_auth(&admin_token)
    })
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let new_secret = r.body["client_secret"].as_str().unwrap().to_string();
    assert_ne!(new_secret, before.client_secret);
    assert_eq!(new_secret.len(), 64);
    assert_eq!(
        t.client("tokex-readonly").unwrap().client_secret,
        new_secret,
        "clients() reports the rotated secret"
    );

    let r = token_request(&t, &before.client_id, &before.client_secret, &t.audience()).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "old secret refused");
    let r = token_request(&t, &before.client_id, &new_secret, &t.audience()).await;
    assert_eq!(r.status, StatusCode::OK, "new secret works");
    assert_eq!(
        get(&t, &old_token, "users?per_page=1").await.status,
        StatusCode::OK,
        "issued token still valid"
    );

    // Only update:client_keys may rotate; and the private_key_jwt client has no secret to rotate.
    let ro = token_for(&t, "tokex-readonly").await;
    let r = post(&t, &format!("/api/v2/clients/{}/rotate-secret", before.client_id), |r| r.bearer_auth(&ro))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.body["message"], "Insufficient scope, expected any of: update:client_keys");
    let jwt = t.client("tokex-jwt-m2m").unwrap();
    let r = post(&t, &format!("/api/v2/clients/{}/rotate-secret", jwt.client_id), |r| {
        r.bearer_auth(&admin_token)
    })
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = post(&t, "/api/v2/clients/nope/rotate-secret", |r| r.bearer_auth(&admin_token)).await;
    assert_eq!(
        r.body,
        json!({"statusCode": 404, "error": "Not Found", "message": "Client not found.", "errorCode": "inexistent_client"})
    );
}

#[tokio::test]
async fn deleting_a_grant_stops_new_tokens_but_not_issued_ones() {
    let t = start().await;
    let admin_token = token_for(&t, "tokex-admin").await;
    let ro = t.client("tokex-readonly").unwrap();
    let old_token = token_for(&t, "tokex-readonly").await;
    let grants =
        get(&t, &admin_token, &format!("client-grants?client_id={}&audience={}", ro.client_id, t.audience()))
            .await;
    let list = grants.body.as_array().unwrap();
    assert_eq!(list.len(), 1);
    let id = list[0]["id"].as_str().unwrap();
    assert!(id.starts_with("cgr_"));
    let url = format!("/api/v2/client-grants/{id}");
    let r = request(&t, Method::DELETE, &url, |r| r.bearer_auth(&admin_token)).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert!(r.text.is_empty());
    let again = request(&t, Method::DELETE, &url, |r| r.bearer_auth(&admin_token)).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);

    let r = token_request(&t, &ro.client_id, &ro.client_secret, &t.audience()).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "no new tokens without a grant");
    assert!(r.body["error_description"].as_str().unwrap().starts_with("Client is not authorized to access"));
    assert_eq!(
        get(&t, &old_token, "stats/active-users").await.status,
        StatusCode::OK,
        "issued token keeps working"
    );
    assert!(!t.client("tokex-readonly").unwrap().granted);
}

#[tokio::test]
async fn announcement_lists_every_seed_client() {
    let t = start().await;
    let a = t.announcement();
    assert_eq!(keys(&a), ["domain", "issuer", "audience", "clients"]);
    assert_eq!(a["audience"], format!("{}/api/v2/", t.domain()));
    let clients = a["clients"].as_array().unwrap();
    let names: Vec<&str> = clients.iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        ["tokex-admin", "tokex-readonly", "tokex-no-grant", "tokex-spa", "tokex-jwt-m2m", "tokex-no-scope"]
    );
    let by = |n: &str| clients.iter().find(|c| c["name"] == n).unwrap().clone();
    assert_eq!(by("tokex-admin")["app_type"], "non_interactive");
    assert_eq!(by("tokex-spa")["app_type"], "spa");
    assert_eq!(by("tokex-no-grant")["granted"], false);
    assert_eq!(
        (by("tokex-no-scope")["granted"].clone(), by("tokex-no-scope")["scopes"].clone()),
        (json!(true), json!([]))
    );
    assert_eq!(by("tokex-readonly")["scopes"], json!(["read:users", "read:stats"]));
    assert!(by("tokex-admin").get("private_key_pem").is_none());
    assert!(by("tokex-jwt-m2m")["private_key_pem"].is_string());
    assert_eq!(by("tokex-admin")["client_id"].as_str().unwrap().len(), 32);
}
