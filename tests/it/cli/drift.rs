//! `tokex drift` against the real local tenant: no drift, a deleted grant, and the neutral
//! error lines, with the code of the cause, when no profile of the tenant is configured or its
//! token cannot read grants.
// Needs the local tenant (the default `tenant` feature): skipped in a client-only build.
#![cfg(feature = "tenant")]

use crate::cli_support;
use crate::tenant_support;

use cli_support::{args, text, tokex_in};
use serde_json::Value;
use std::path::PathBuf;
use tokex::tenant::RunningTenant;

fn home(name: &str) -> PathBuf {
    let home = std::env::temp_dir().join(format!("tokex-drift-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&home);
    std::fs::create_dir_all(&home).expect("home");
    home
}

/// The environment profile of one of the tenant's clients, with a private cache.
fn profile_env(tenant: &RunningTenant, client: &str, home: &std::path::Path) -> Vec<(&'static str, String)> {
    let client = tenant.client(client).expect("client");
    vec![
        ("AUTH0_DOMAIN", tenant.domain()),
        ("AUTH0_CLIENT_ID", client.client_id),
        ("AUTH0_CLIENT_SECRET", client.client_secret),
        ("XDG_CACHE_HOME", home.join("cache").display().to_string()),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_drift_then_a_deleted_grant() {
    let tenant = tenant_support::start().await;
    let home = home("deleted");
    let readonly = tenant_support::token_for(&tenant, "tokex-readonly").await;
    let admin_env = profile_env(&tenant, "tokex-admin", &home);

    let out = tokex_in(home.clone(), args(&["drift", &readonly]), "", admin_env.clone()).await;
    assert_eq!(out.status.code(), Some(0), "{}{}", text(&out.stdout), text(&out.stderr));
    assert!(text(&out.stdout).contains("no drift"), "{}", text(&out.stdout));

    // Delete the read-only client's grant: its token stays valid, and drift says so.
    let readonly_id = tenant.client("tokex-readonly").expect("client").client_id;
    let grants = tenant_support::admin_get(&tenant, &format!("/client-grants?client_id={readonly_id}")).await;
    let grant_id = grants.body[0]["id"].as_str().expect("grant id").to_owned();
    let admin = tenant_support::token_for(&tenant, "tokex-admin").await;
    let deleted = tenant_support::request(
        &tenant,
        reqwest::Method::DELETE,
        &format!("/api/v2/client-grants/{grant_id}"),
        |r| r.bearer_auth(&admin),
    )
    .await;
    assert_eq!(deleted.status.as_u16(), 204, "{}", deleted.text);

    let out = tokex_in(home.clone(), args(&["drift", "--json", "-"]), readonly.as_bytes(), admin_env).await;
    assert_eq!(out.status.code(), Some(9), "{}", text(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(report["drift"], true);
    assert_eq!(report["grant_deleted"], true);
    assert_eq!(report["client_exists"], true);
    assert!(report["lines"][0].as_str().is_some_and(|l| l.contains("stays valid")), "{report}");
    // …and the old token still works.
    let users = tenant_support::get(&tenant, &readonly, "/users?per_page=1").await;
    assert!(users.status.is_success(), "{}", users.text);
    tenant.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unchecked_exits_with_the_code_of_its_cause() {
    let tenant = tenant_support::start().await;
    let home = home("neutral");
    let readonly = tenant_support::token_for(&tenant, "tokex-readonly").await;

    // No profile for the tenant.
    let out = tokex_in(home.clone(), args(&["drift", &readonly]), "", vec![]).await;
    assert_eq!(out.status.code(), Some(1), "configuration: {}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("tokex: error: drift not checked: no profile for"),
        "{}",
        text(&out.stderr)
    );

    // A profile whose token cannot read grants.
    let env = profile_env(&tenant, "tokex-readonly", &home);
    let out = tokex_in(home.clone(), args(&["drift", &readonly]), "", env).await;
    assert_eq!(out.status.code(), Some(5), "as the tenant's 403: {}", text(&out.stderr));
    assert!(text(&out.stderr).contains("lacks read:client_grants"), "{}", text(&out.stderr));

    // Not a token at all.
    let out = tokex_in(home, args(&["drift", "garbage"]), "", vec![]).await;
    assert_eq!(out.status.code(), Some(3));
    tenant.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shrunk_grant_leaves_the_old_token_usable() {
    let tenant = tenant_support::start().await;
    let home = home("patched");
    let old = tenant_support::token_for(&tenant, "tokex-readonly").await;
    // PATCH the grant without read:users.
    let (grant, patched) = tenant_support::remove_grant_scope(&tenant, "tokex-readonly", "read:users").await;
    assert!(grant["scope"].as_array().is_some_and(|s| s.contains(&"read:users".into())));
    assert_eq!(patched.status.as_u16(), 200, "{}", patched.text);
    assert!(!patched.body["scope"].as_array().is_some_and(|s| s.contains(&"read:users".into())));

    // drift: read:users is no longer granted but still usable until exp
    let env = profile_env(&tenant, "tokex-admin", &home);
    let out = tokex_in(home.clone(), args(&["drift", &old]), "", env).await;
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(9), "{stdout}{}", text(&out.stderr));
    assert!(
        stdout.contains("no longer granted but still usable for") && stdout.contains("read:users"),
        "{stdout}"
    );
    assert!(stdout.contains("cannot be revoked"), "{stdout}");

    // the old token still lists users; a new token of the same client cannot
    let listed = tenant_support::get(&tenant, &old, "/users?per_page=1").await;
    assert_eq!(listed.status.as_u16(), 200, "{}", listed.text);
    let new = tenant_support::token_for(&tenant, "tokex-readonly").await;
    let refused = tenant_support::get(&tenant, &new, "/users?per_page=1").await;
    assert_eq!(refused.status.as_u16(), 403, "{}", refused.text);
    assert_eq!(refused.body["errorCode"], "insufficient_scope");
    tenant.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_grant_writes_validate_like_auth0() {
    let tenant = tenant_support::start().await;
    let admin = tenant_support::token_for(&tenant, "tokex-admin").await;
    let client = tenant.client("tokex-no-grant").expect("client without a grant").client_id;
    let audience = tenant.audience();
    let post = |body: serde_json::Value| {
        let admin = admin.clone();
        let tenant = &tenant;
        async move {
            tenant_support::request(tenant, reqwest::Method::POST, "/api/v2/client-grants", |r| {
                r.bearer_auth(&admin).json(&body)
            })
            .await
        }
    };
    let missing = post(serde_json::json!({ "audience": audience, "scope": [] })).await;
    assert_eq!((missing.status.as_u16(), missing.body["errorCode"].as_str()), (400, Some("invalid_body")));
    assert!(missing.text.contains("client_id"), "{}", missing.text);
    let unknown_client =
        post(serde_json::json!({ "client_id": "nope", "audience": audience, "scope": [] })).await;
    assert_eq!(unknown_client.status.as_u16(), 404, "{}", unknown_client.text);
    let typo =
        post(serde_json::json!({ "client_id": client, "audience": audience, "scope": ["read:userz"] })).await;
    assert_eq!(typo.status.as_u16(), 400, "{}", typo.text);
    assert!(typo.text.contains("read:userz"));
    let not_a_list =
        post(serde_json::json!({ "client_id": client, "audience": audience, "scope": "read:users" })).await;
    assert_eq!(not_a_list.status.as_u16(), 400, "{}", not_a_list.text);
    let created =
        post(serde_json::json!({ "client_id": client, "audience": audience, "scope": ["read:users"] })).await;
    assert_eq!(created.status.as_u16(), 201, "{}", created.text);
    assert_eq!(created.body["scope"], serde_json::json!(["read:users"]));
    let again =
        post(serde_json::json!({ "client_id": client, "audience": audience, "scope": ["read:users"] })).await;
    assert_eq!(again.status.as_u16(), 409, "{}", again.text);
    // the new grant issues tokens with its scopes
    let new_token = tenant_support::token_for(&tenant, "tokex-no-grant").await;
    let claims = tenant_support::b64url_json(new_token.split('.').nth(1).expect("payload"));
    assert_eq!(claims["scope"], "read:users");
    // a token without create:client_grants is refused before any validation
    let readonly = tenant_support::token_for(&tenant, "tokex-readonly").await;
    let refused = tenant_support::request(&tenant, reqwest::Method::POST, "/api/v2/client-grants", |r| {
        r.bearer_auth(&readonly).json(&serde_json::json!({}))
    })
    .await;
    assert_eq!(refused.status.as_u16(), 403, "{}", refused.text);
    let missing_grant =
        tenant_support::request(&tenant, reqwest::Method::PATCH, "/api/v2/client-grants/cgr_nope", |r| {
            r.bearer_auth(&admin).json(&serde_json::json!({ "scope": [] }))
        })
        .await;
    assert_eq!(missing_grant.status.as_u16(), 404, "{}", missing_grant.text);
    tenant.shutdown().await;
}

/// A tenant of the test's own that records every request: discovery, a JWKS, signed tokens
/// that may read grants, and empty answers to grant and client questions.
async fn recording_tenant(
    key: std::sync::Arc<crate::net_support::keys::TestKey>,
) -> crate::net_support::server::TestServer {
    use crate::net_support::server::{json, not_found, start};
    let keys = serde_json::to_value(crate::net_support::keys::jwks(&[&key])).expect("jwks");
    start(move |request| {
        let base = format!("http://{}", request.header("host").unwrap_or_default());
        match request.path.as_str() {
            "/.well-known/openid-configuration" => json(
                200,
                serde_json::json!({"issuer": format!("{base}/"), "token_endpoint": format!("{base}/oauth/token"),
                    "jwks_uri": format!("{base}/.well-known/jwks.json")}),
            ),
            "/.well-known/jwks.json" => json(200, keys.clone()),
            "/oauth/token" => {
                let now = chrono::Utc::now().timestamp();
                let claims = serde_json::json!({"iss": format!("{base}/"), "aud": format!("{base}/api/v2/"),
                    "sub": "asker@clients", "azp": "asker", "iat": now, "exp": now + 3_600,
                    "scope": "read:client_grants read:clients"});
                let token = crate::net_support::keys::sign(&key, &claims);
                json(200, serde_json::json!({"access_token": token, "token_type": "Bearer", "expires_in": 3_600}))
            }
            "/api/v2/client-grants" => json(200, serde_json::json!([])),
            _ => not_found(),
        }
    })
    .await
}

/// `drift` on a forged (unsigned) token says its signature is not verified, says nothing of
/// how long it "stays valid", and asks the tenant nothing; a genuine token without a client
/// (`azp` empty) never makes it ask `GET /clients/`. A genuine token is asked about (control).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forged_or_clientless_token_is_never_asked_about() {
    let key = std::sync::Arc::new(crate::net_support::keys::rsa_key("k1"));
    let server = recording_tenant(key.clone()).await;
    let base = server.base();
    let home = home("forged");
    let env = vec![
        ("AUTH0_DOMAIN", base.clone()),
        ("AUTH0_CLIENT_ID", "asker".to_owned()),
        ("AUTH0_CLIENT_SECRET", "s3cret-value-0123456789".to_owned()),
        ("XDG_CACHE_HOME", home.join("cache").display().to_string()),
    ];
    let now = chrono::Utc::now().timestamp();
    let claims = |azp: &str| {
        serde_json::json!({"iss": format!("{base}/"), "aud": format!("{base}/api/v2/"), "sub": format!("{azp}@clients"),
            "azp": azp, "iat": now, "exp": now + 25_501 * 86_400, "scope": "read:users delete:users",
            "gty": "client-credentials"})
    };
    let api_requests = |server: &crate::net_support::server::TestServer| {
        server
            .recorded()
            .iter()
            .filter(|r| r.path.starts_with("/api/v2/"))
            .map(|r| r.path.clone())
            .collect::<Vec<_>>()
    };

    let forged = crate::support::token(serde_json::json!({"alg": "RS256", "kid": "k1"}), claims("victim"));
    let out = tokex_in(home.clone(), args(&["drift", &forged]), "", env.clone()).await;
    // Not checked: one error line on stderr, nothing on stdout, exit 3 (bad input).
    let stdout = text(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stdout}{}", text(&out.stdout));
    assert!(stdout.starts_with("tokex: error: ") && stdout.contains("signature is not verified"), "{stdout}");
    assert!(out.stdout.is_empty(), "{}", text(&out.stdout));
    for trusted_words in ["valid for", "still usable", "25501", "no drift"] {
        assert!(!stdout.contains(trusted_words), "`{trusted_words}` said of a forged token: {stdout}");
    }
    assert_eq!(api_requests(&server), Vec::<String>::new(), "a forged token's client was asked about");
    assert_eq!(server.hits("/oauth/token"), 0, "no token was spent on a forged one");
    let out = tokex_in(home.clone(), args(&["drift", "--json", &forged]), "", env.clone()).await;
    let report: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(report["drift"], Value::Null);
    assert!(report["unknown"].as_str().is_some_and(|u| u.contains("not verified")), "{report}");

    let clientless = crate::net_support::keys::sign(&key, &claims(""));
    let out = tokex_in(home.clone(), args(&["drift", &clientless]), "", env.clone()).await;
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("names no client"), "{}", text(&out.stderr));
    assert_eq!(api_requests(&server), Vec::<String>::new(), "an empty azp made it ask");

    // The control: a genuine token with a client is asked about.
    let genuine = crate::net_support::keys::sign(&key, &claims("victim"));
    let out = tokex_in(home, args(&["drift", &genuine]), "", env).await;
    assert_eq!(out.status.code(), Some(9), "drift: {}{}", text(&out.stdout), text(&out.stderr));
    assert_eq!(api_requests(&server), ["/api/v2/client-grants", "/api/v2/clients/victim"]);
}
