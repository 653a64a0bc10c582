//! Issue 14 against the local tenant started in the test: a full `-v` session whose log holds
//! requests, configuration and cache decisions but never the secret or a token; exit codes
//! per HTTP class; `search_engine=v3` added to a user search; one line for a token that does
//! not decode; a hostile proxy that sees no plain http; and (in tmux) a declined confirmation naming the real id.
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
    // -v writes to stderr as well (as curl -v and gh do): the same lines, no secret, no token.
    let stderr = text(&out.stderr);
    assert!(stderr.contains("configuration resolved") && stderr.contains("token request"), "{stderr}");
    assert!(!stderr.contains(&secret) && !stderr.contains("eyJ"), "{stderr}");
    let quiet = tokex(args(&["fetch", "--log-file", &log_arg]), "", env.clone()).await;
    assert!(text(&quiet.stderr).is_empty(), "without -v, nothing: {}", text(&quiet.stderr));
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

/// A hostile proxy on loopback that keeps every byte it is sent, answers a CONNECT with 403
/// and closes any other request.
struct CountingProxy {
    port: u16,
    received: std::sync::Arc<std::sync::Mutex<Vec<u8>>>,
}

impl CountingProxy {
    async fn start() -> Self {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let received: std::sync::Arc<std::sync::Mutex<Vec<u8>>> = Default::default();
        let kept = received.clone();
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let kept = kept.clone();
                tokio::spawn(async move {
                    let mut buffer = [0u8; 4096];
                    let mut seen = Vec::new();
                    // Bounded: a request head, or 5 s, whichever comes first.
                    let _ = tokio::time::timeout(Duration::from_secs(5), async {
                        while let Ok(read) = socket.read(&mut buffer).await {
                            if read == 0 {
                                break;
                            }
                            seen.extend_from_slice(&buffer[..read]);
                            kept.lock().expect("lock").extend_from_slice(&buffer[..read]);
                            if seen.windows(4).any(|w| w == b"\r\n\r\n") {
                                break;
                            }
                        }
                    })
                    .await;
                    let _ = socket.write_all(b"HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n").await;
                    let _ = socket.shutdown().await;
                });
            }
        });
        Self { port, received }
    }

    fn url(&self) -> String {
        format!("http://proxyuser:proxypass@127.0.0.1:{}", self.port)
    }

    fn received(&self) -> String {
        String::from_utf8_lossy(&self.received.lock().expect("lock")).into_owned()
    }
}

/// Plain http (only ever to loopback) carries the client secret and the token in clear: it
/// never goes through a proxy, whatever HTTP_PROXY and ALL_PROXY say. https still honours
/// HTTPS_PROXY, and all the proxy ever sees is a CONNECT. `-v` logs the route of each request.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hostile_proxy_sees_no_plain_http_and_only_connect_for_https() {
    let tenant = tenant(NO_LIMIT).await;
    let (env, secret) = admin_env(&tenant);
    let proxy = CountingProxy::start().await;
    let dir = std::env::temp_dir().join(format!("tokex-proxy-test-{}", std::process::id()));
    let log = dir.join("tokex.log");
    let log_arg = log.to_string_lossy().into_owned();
    let mut plain = env.clone();
    plain.extend([
        ("HTTP_PROXY", proxy.url()),
        ("http_proxy", proxy.url()),
        ("ALL_PROXY", proxy.url()),
        ("NO_PROXY", String::new()),
        ("XDG_CACHE_HOME", dir.join("cache").display().to_string()),
    ]);
    let out =
        tokex(args(&["-v", "--log-file", &log_arg, "call", "GET", "/stats/active-users"]), "", plain).await;
    assert_eq!(out.status.code(), Some(0), "went directly: {}", text(&out.stderr));
    assert_eq!(proxy.received(), "", "the proxy got bytes of a plain-http request");
    let logged = std::fs::read_to_string(&log).expect("log");
    let direct = "route=direct (plain http to this machine never goes through a proxy; HTTP_PROXY ignored)";
    for what in ["GET", "POST"] {
        assert!(
            logged.lines().any(|line| line.contains(&format!("method=\"{what}\"")) && line.contains(direct))
                || logged
                    .lines()
                    .any(|line| line.contains(&format!("method={what}")) && line.contains(direct)),
            "{what} route not logged: {logged}"
        );
    }
    assert!(logged.contains("management API call") && logged.matches(direct).count() >= 3, "{logged}");

    let https = vec![
        ("AUTH0_DOMAIN", "acme.example.com".to_owned()),
        ("AUTH0_CLIENT_ID", "client".to_owned()),
        ("AUTH0_CLIENT_SECRET", secret.clone()),
        ("HTTPS_PROXY", proxy.url()),
        ("NO_PROXY", String::new()),
        ("XDG_CACHE_HOME", dir.join("cache").display().to_string()),
    ];
    let out = tokex(args(&["-v", "--log-file", &log_arg, "fetch"]), "", https).await;
    assert_ne!(out.status.code(), Some(0), "the proxy refused the tunnel: {}", text(&out.stdout));
    let seen = proxy.received();
    assert!(seen.starts_with("CONNECT acme.example.com:443 HTTP/1.1\r\n"), "{seen}");
    assert!(seen.contains("proxy-authorization: Basic"), "the proxy's own credentials go to it: {seen}");
    assert!(!seen.contains(&secret) && !seen.contains("client_secret") && !seen.contains("POST"), "{seen}");
    let logged = std::fs::read_to_string(&log).expect("log");
    let tunnel = format!("route=CONNECT tunnel through http://127.0.0.1:{}/ (from HTTPS_PROXY)", proxy.port);
    assert!(logged.contains(&tunnel), "{logged}");
    assert!(!logged.contains("proxypass"), "{logged}");
    let _ = std::fs::remove_dir_all(&dir);
    tenant.shutdown().await;
}

/// On a terminal, every changing method asks the one question of `domain::change_confirmation`
/// and only the typed id (or method) sends: `yes` declines, exit 8, and nothing changes.
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
    let suffix: String = id.chars().skip(id.chars().count() - 6).collect();
    let calls = [
        (format!("DELETE /client-grants/{id}"), format!("the id ({id}) or its last 6 characters ({suffix})")),
        (format!("PATCH /client-grants/{id} -d '{{\"scope\":[]}}'"), format!("({suffix})")),
        ("POST /roles -d '{\"name\":\"r\"}'".to_owned(), "Type post to send it".to_owned()),
        ("PUT /email-templates/verify_email -d '{}'".to_owned(), "(verify_email)".to_owned()),
    ];
    for (call, instruction) in calls {
        let command = format!("{} call {call} --token {admin} --domain {domain}", cli_support::BINARY);
        let screen = tokio::task::spawn_blocking(move || {
            let tmux = Tmux::start(&command);
            tmux.wait_for("to send it", Duration::from_secs(20));
            tmux.keys(&["yes", "Enter"]);
            tmux.wait_for("tokex exited with", Duration::from_secs(20))
        })
        .await
        .expect("join");
        assert!(screen.contains(&format!("tenant    {}", domain.trim_start_matches("http://"))), "{screen}");
        assert!(screen.contains("client id (azp) "), "the identity: {screen}");
        assert!(screen.contains(&instruction), "{call}: {screen}");
        assert!(screen.contains("tokex exited with 8"), "{call}: {screen}");
        assert!(
            screen.contains("tokex: error: not confirmed") && screen.contains("nothing was sent"),
            "{screen}"
        );
        if call.starts_with("DELETE") {
            assert!(screen.contains(&format!("Deletes client grant {id}:")), "the real id: {screen}");
            assert!(!screen.contains("{id}"), "{screen}");
            assert!(screen.contains("will not  Does NOT revoke"), "{screen}");
        }
        if call.starts_with("POST") {
            assert!(screen.contains("body      {"), "the body is shown: {screen}");
        }
    }
    let after =
        tokex::net::call_api(&http, &domain, "GET", "/client-grants", &admin, None).await.expect("grants");
    assert!(after.body_text().contains(&id), "the grant was not deleted");
    let roles = tokex::net::call_api(&http, &domain, "GET", "/roles", &admin, None).await.expect("roles");
    assert!(!roles.body_text().contains("\"name\":\"r\""), "no role was created: {}", roles.body_text());
    tenant.shutdown().await;
}
