//! `tokex drift` against the real local tenant: no drift, a deleted grant, and the neutral
//! answers when no profile of the tenant is configured or its token cannot read grants.

mod cli_support;
mod tenant_support;

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
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
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
async fn unchecked_is_neutral_exit_3() {
    let tenant = tenant_support::start().await;
    let home = home("neutral");
    let readonly = tenant_support::token_for(&tenant, "tokex-readonly").await;

    // No profile for the tenant.
    let out = tokex_in(home.clone(), args(&["drift", &readonly]), "", vec![]).await;
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("no profile for"), "{}", text(&out.stdout));

    // A profile whose token cannot read grants.
    let env = profile_env(&tenant, "tokex-readonly", &home);
    let out = tokex_in(home.clone(), args(&["drift", &readonly]), "", env).await;
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("lacks read:client_grants"), "{}", text(&out.stdout));

    // Not a token at all.
    let out = tokex_in(home, args(&["drift", "garbage"]), "", vec![]).await;
    assert_eq!(out.status.code(), Some(2));
    tenant.shutdown().await;
}
