//! Issue 14 against the local tenant started in the test: a full `-v` session whose log holds
//! requests, configuration and cache decisions but never the secret or a token; exit codes
//! per HTTP class; `search_engine=v3` added to a user search; one line for a token that does
//! not decode; NO_PROXY honoured; and (in tmux) a declined confirmation naming the real id.
// Needs the local tenant (the default `tenant` feature): skipped in a client-only build.
#![cfg(feature = "tenant")]

use crate::api_support;
use crate::cli_support;
use crate::support::tmux;

use api_support::{NO_LIMIT, tenant, token};
use cli_support::{args, text, tokex};
use std::time::Duration;
use tmux::Tmux;
use tokex::cli::exit;
use tokex::net::Http;
use tokex::tenant::RateLimit;

fn code(value: u8) -> Option<i32> {
    Some(i32::from(value))
}

fn admin_env(tenant: &tokex::tenant::RunningTenant) -> (Vec<(&'static str, String)>, String) {
    let admin = tenant.client("tokex-admin").expect("admin");
    let env = vec![
        ("AUTH0_DOMAIN", tenant.domain()),
        ("AUTH0_CLIENT_ID", admin.client_id.clone()),
        ("AUTH0_CLIENT_SECRET", admin.client_secret.clone()),
    ];
    (env, admin.client_secret)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_verbose_session_logs_requests_but_never_secrets_or_tokens() {
    let tenant = tenant(NO_LIMIT).await;
    let (env, secret) = admin_env(&tenant);
    let dir = std::env::temp_dir().join(format!("tokex-log-test-{}", std::process::id()));
    let log = dir.join("nested").join("tokex.log");
    let log_arg = log.to_string_lossy().into_owned();

    let out = tokex(args(&["-v", "--log-file", &log_arg, "fetch"]), "", env.clone()).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let fetched = text(&out.stdout).trim().to_owned();
    assert!(text(&out.stderr).is_empty(), "the log never goes to the terminal: {}", text(&out.stderr));
    // A call with its own fetched token, then one with the given token (options after the subcommand).
    let out = tokex(
        args(&["call", "GET", "/users", "-q", "per_page=1", "-v", "--log-file", &log_arg]),
        "",
        env.clone(),
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = tokex(
        args(&["call", "GET", "/stats/active-users", "--token", &fetched, "--log-file", &log_arg]),
        "",
        vec![("TOKEX_LOG", "tokex=trace".to_owned())],
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out =
        tokex(args(&["decode", "--verify", &fetched, "-v", "--log-file", &log_arg]), "", env.clone()).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));

    let written = std::fs::read_to_string(&log).expect("the log file exists");
    for needle in [
        "token request",
        "/oauth/token",
        "management API call",
        "/api/v2/users?per_page=1",
        "status=200",
        "latency_ms=",
        "ratelimit_remaining=",
        "configuration resolved",
        "active=Some(\"env\")",
        "decision=\"miss\"",
    ] {
        assert!(written.contains(needle), "{needle} missing from the log:\n{written}");
    }
    assert!(!written.contains(&secret), "the secret is in the log");
    assert!(!written.contains(&fetched), "the token is in the log");
    assert!(!written.contains("eyJ"), "no token (or token part) at all:\n{written}");
    assert!(!written.to_ascii_lowercase().contains("bearer"), "no Authorization value:\n{written}");
    assert!(!written.contains('\x1b'), "plain text");
    tenant.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn http_classes_have_their_exit_codes_and_user_search_gets_v3() {
    let tenant = tenant(RateLimit { burst: 1, per_second: 0.01 }).await;
    let http = Http::with_defaults().expect("http");
    let admin = token(&http, &tenant, "tokex-admin").await;
    let domain = tenant.domain();

    let out = tokex(
        args(&[
            "call",
            "GET",
            "/users",
            "-q",
            "q=email:\"nobody@example.com\"",
            "--token",
            &admin,
            "--domain",
            &domain,
        ]),
        "",
        vec![],
    )
    .await;
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("added search_engine=v3"), "{stderr}");
    assert!(stderr.contains("search_engine=v3 "), "the call's URL carries it: {stderr}");
    // The bucket of 1 is empty now: 429.
    let out =
        tokex(args(&["call", "GET", "/users", "--token", &admin, "--domain", &domain]), "", vec![]).await;
    assert_eq!(out.status.code(), code(exit::HTTP_429), "{}", text(&out.stderr));
    tenant.shutdown().await;

    let tenant = api_support::tenant(NO_LIMIT).await;
    let domain = tenant.domain();
    // A token that does not decode, sent anyway: one line about it, then the tenant's 401.
    let out = tokex(
        args(&["call", "GET", "/clients", "--token", "opaque-token", "--any-tenant", "--domain", &domain]),
        "",
        vec![],
    )
    .await;
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), code(exit::HTTP_4XX), "{stderr}");
    assert_eq!(stderr.matches("does not decode").count(), 1, "{stderr}");
    assert!(!stderr.contains("needs one of") && !stderr.contains("no scope check"), "{stderr}");
    tenant.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_proxy_reaches_the_tenant_directly_and_a_dead_proxy_is_named() {
    let tenant = tenant(NO_LIMIT).await;
    let (env, _) = admin_env(&tenant);
    let port = std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port();
    let dead = format!("http://127.0.0.1:{port}");
    let mut direct = env.clone();
    direct.extend([("HTTP_PROXY", dead.clone()), ("NO_PROXY", "127.0.0.1,localhost".to_owned())]);
    let out = tokex(args(&["call", "GET", "/stats/active-users"]), "", direct).await;
    assert_eq!(out.status.code(), Some(0), "NO_PROXY: {}", text(&out.stderr));

    let mut proxied = env;
    proxied.extend([("HTTP_PROXY", dead), ("NO_PROXY", String::new())]);
    let out = tokex(args(&["call", "GET", "/stats/active-users"]), "", proxied).await;
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), code(exit::NETWORK), "{stderr}");
    assert!(stderr.contains(&format!("proxy http://127.0.0.1:{port}/ (from HTTP_PROXY)")), "{stderr}");
    tenant.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_declined_confirmation_shows_the_real_id_and_exits_8() {
    let tenant = tenant(NO_LIMIT).await;
    let http = Http::with_defaults().expect("http");
    let admin = token(&http, &tenant, "tokex-admin").await;
    let domain = tenant.domain();
    let grants =
        tokex::net::call_api(&http, &domain, "GET", "/client-grants", &admin, None).await.expect("grants");
    let id = grants
        .json()
        .and_then(|g| g.as_array().and_then(|a| a.first().and_then(|g| g["id"].as_str().map(str::to_owned))))
        .expect("a grant id");
    let command =
        format!("{} call DELETE /client-grants/{id} --token {admin} --domain {domain}", cli_support::BINARY);
    let screen = tokio::task::spawn_blocking(move || {
        let tmux = Tmux::start(&command);
        tmux.wait_for("to send it.", Duration::from_secs(20));
        tmux.keys(&["no", "Enter"]);
        tmux.wait_for("tokex exited with", Duration::from_secs(20))
    })
    .await
    .expect("join");
    assert!(screen.contains(&format!("Deletes client grant {id}:")), "the real id: {screen}");
    assert!(!screen.contains("{id}"), "{screen}");
    assert!(screen.contains("will not  Does NOT revoke"), "{screen}");
    assert!(screen.contains("tokex exited with 8"), "{screen}");
    assert!(screen.contains("nothing was sent"), "{screen}");
    let after =
        tokex::net::call_api(&http, &domain, "GET", "/client-grants", &admin, None).await.expect("grants");
    assert!(after.body_text().contains(&id), "the grant was not deleted");
    tenant.shutdown().await;
}
