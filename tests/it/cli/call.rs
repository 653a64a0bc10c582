//! `tokex call` and `tokex endpoints` as a user runs them: the real binary against an
//! in-test local tenant, with stdout and stderr captured (so both are pipes, never a TTY).
// Needs the local tenant (the default `tenant` feature): skipped in a client-only build.
#![cfg(feature = "tenant")]

use crate::api_support;
use crate::cli_support;

use api_support::*;
use cli_support::{args, text, tokex};
use serde_json::Value;
use tokex::net::Http;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn call_streams_and_exit_codes() {
    let tenant = tenant(NO_LIMIT).await;
    let http = Http::with_defaults().expect("http");
    let domain = tenant.domain();
    let admin = token(&http, &tenant, "tokex-admin").await;
    let readonly = token(&http, &tenant, "tokex-readonly").await;

    // 2xx: compact JSON on stdout (a pipe, so no ANSI), status and rate limit on stderr.
    let out = tokex(
        args(&[
            "call",
            "GET",
            "/users",
            "-q",
            "per_page=2",
            "-q",
            "include_totals=true",
            "--token",
            &admin,
            "--domain",
            &domain,
        ]),
        "",
        vec![],
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(!stdout.contains('\x1b'), "no ANSI when piped");
    assert_eq!(stdout.lines().count(), 1, "compact when piped: {stdout}");
    let body: Value = serde_json::from_str(&stdout).expect("stdout is the JSON body");
    assert_eq!(body["users"].as_array().map(Vec::len), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("HTTP 200 OK"), "{stderr}");
    assert!(
        stderr.contains("x-ratelimit-limit: 1000") && stderr.contains("x-ratelimit-remaining:"),
        "{stderr}"
    );
    assert!(stderr.contains(" ms"), "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");

    // The token from stdin; the tenant from the token's audience.
    let out = tokex(
        args(&["call", "get", "/api/v2/stats/active-users", "--token", "-"]),
        &format!("Bearer {admin}\n"),
        vec![],
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).trim().parse::<u64>().is_ok(), "{}", text(&out.stdout));

    // Missing scope: warned before the call, 403 body on stdout, explained, exit 5 (4xx).
    let out =
        tokex(args(&["call", "GET", "/clients", "--token", &readonly, "--domain", &domain]), "", vec![])
            .await;
    assert_eq!(out.status.code(), Some(5));
    let stderr = text(&out.stderr);
    let warning =
        stderr.find("warning: the token needs one of: read:clients").unwrap_or_else(|| panic!("{stderr}"));
    let status = stderr.find("HTTP 403 Forbidden").unwrap_or_else(|| panic!("{stderr}"));
    assert!(warning < status, "the warning comes before the call");
    assert!(stderr.contains("client grant"), "explained: {stderr}");
    let body: Value = serde_json::from_slice(&out.stdout).expect("error body on stdout");
    assert_eq!(body["errorCode"], "insufficient_scope");

    // 404 exits 5 (4xx); --json wraps status and body.
    let out = tokex(
        args(&["call", "GET", "/users/auth0|nobody", "--json", "--token", &admin, "--domain", &domain]),
        "",
        vec![],
    )
    .await;
    assert_eq!(out.status.code(), Some(5));
    let report: Value = serde_json::from_slice(&out.stdout).expect("--json object");
    assert_eq!(report["status"], 404);
    assert_eq!(report["body"]["errorCode"], "inexistent_user");
    assert!(report["url"].as_str().is_some_and(|u| u.ends_with("/api/v2/users/auth0%7Cnobody")), "{report}");
    assert_eq!(report["rate_limit"]["limit"], 1000);

    // Bad input fails before any call.
    let out = tokex(
        args(&["call", "PATCH", "/users/x", "-d", "{nope", "--token", &admin, "--domain", &domain]),
        "",
        vec![],
    )
    .await;
    assert_eq!(out.status.code(), Some(3));
    assert!(text(&out.stderr).contains("-d is not JSON"), "{}", text(&out.stderr));
    let out =
        tokex(args(&["call", "FETCH", "/users", "--token", &admin, "--domain", &domain]), "", vec![]).await;
    assert_eq!(out.status.code(), Some(3));

    // DELETE off a terminal does not prompt; 204 prints nothing and exits 0.
    let grants =
        tokex::net::call_api(&http, &domain, "GET", "/client-grants", &admin, None).await.expect("grants");
    let admin_id = tenant.client("tokex-admin").expect("admin").client_id;
    let grant = grants
        .json()
        .and_then(|g| {
            g.as_array().and_then(|a| a.iter().find(|g| g["client_id"] != admin_id.as_str()).cloned())
        })
        .expect("a grant");
    let path = format!("/client-grants/{}", grant["id"].as_str().expect("id"));
    let out =
        tokex(args(&["call", "DELETE", &path, "--yes", "--token", &admin, "--domain", &domain]), "", vec![])
            .await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty());
    assert!(text(&out.stderr).contains("HTTP 204"), "{}", text(&out.stderr));
    tenant.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn call_fetches_a_fresh_token_from_the_profile() {
    let tenant = tenant(NO_LIMIT).await;
    let admin = tenant.client("tokex-admin").expect("admin");
    let env = vec![
        ("AUTH0_DOMAIN", tenant.domain()),
        ("AUTH0_CLIENT_ID", admin.client_id.clone()),
        ("AUTH0_CLIENT_SECRET", admin.client_secret.clone()),
    ];
    let out = tokex(args(&["call", "GET", "/tenants/settings"]), "", env).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let body: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert!(body.get("friendly_name").is_some(), "{body}");
    // No profile and no token: a one-line reason, exit 1.
    let out = tokex(args(&["call", "GET", "/users"]), "", vec![]).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("no profile configured"), "{}", text(&out.stderr));
    tenant.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn endpoints_lists_the_catalog() {
    let out = tokex(args(&["endpoints", "--json"]), "", vec![]).await;
    assert_eq!(out.status.code(), Some(0));
    let list: Value = serde_json::from_slice(&out.stdout).expect("json array");
    let list = list.as_array().expect("array");
    assert_eq!(list.len(), tokex::domain::catalog::catalog().len());
    assert!(list.len() >= 20);
    assert_eq!((list[0]["method"].as_str(), list[0]["path"].as_str()), (Some("GET"), Some("/api/v2/users")));
    for entry in list {
        for key in ["method", "path", "scopes", "destructive", "description"] {
            assert!(entry.get(key).is_some(), "{key} missing in {entry}");
        }
    }
    let out = tokex(args(&["endpoints"]), "", vec![]).await;
    let table = text(&out.stdout);
    assert!(table.lines().next().is_some_and(|l| l.starts_with("METHOD")), "{table}");
    assert!(table.contains("DELETE!") && !table.contains('\x1b'), "{table}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn call_covers_every_operation_and_sends_unknown_paths_with_a_note() {
    let tenant = tenant(NO_LIMIT).await;
    let http = Http::with_defaults().expect("http");
    let domain = tenant.domain();
    let admin = token(&http, &tenant, "tokex-admin").await;
    let readonly = token(&http, &tenant, "tokex-readonly").await;
    let call = |path: &'static str, token: String| {
        let domain = domain.clone();
        async move {
            tokex(args(&["call", "GET", path, "--token", &token, "--domain", &domain]), "", vec![]).await
        }
    };

    // An operation the local tenant does not implement: checked, then 501, explained.
    let out = call("/users/auth0|1/organizations", admin.clone()).await;
    assert_eq!(out.status.code(), Some(tokex::cli::exit::HTTP_5XX.into()));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("HTTP 501"), "{stderr}");
    assert!(stderr.contains("tokex's local tenant does not implement this operation"), "{stderr}");
    assert!(!stderr.contains("warning"), "the admin passes: {stderr}");

    // The scope hint covers it too (not only the curated operations).
    let out = call("/actions/actions", readonly.clone()).await;
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("warning: the token needs read:actions for GET /api/v2/actions/actions"),
        "{stderr}"
    );
    assert!(stderr.contains("HTTP 403"), "{stderr}");

    // A path that is no operation is still sent, with a note.
    let out = call("/no-such-thing", admin).await;
    let stderr = text(&out.stderr);
    assert!(stderr.contains("matches no Management API operation tokex knows; sent as is"), "{stderr}");
    assert!(stderr.contains("HTTP 404"), "it was sent: {stderr}");
    tenant.shutdown().await;
}
