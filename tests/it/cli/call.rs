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
    assert_eq!(out.status.code(), Some(2), "an unknown method is a usage error");

    // DELETE with --yes does not prompt; 204 prints nothing and exits 0.
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
    // Piped: the header goes to stderr, stdout is one row per operation.
    assert!(text(&out.stderr).lines().next().is_some_and(|l| l.starts_with("METHOD")), "{table}");
    assert!(table.lines().next().is_some_and(|l| l.starts_with("GET ")), "{table}");
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

/// A listener on loopback that counts every byte any connection sends it, until dropped.
struct CountingListener {
    port: u16,
    bytes: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    connections: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl CountingListener {
    async fn start() -> Self {
        use std::sync::atomic::Ordering;
        use tokio::io::AsyncReadExt;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let bytes = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let connections = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let (counted, opened) = (bytes.clone(), connections.clone());
        let task = tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                opened.fetch_add(1, Ordering::SeqCst);
                let counted = counted.clone();
                tokio::spawn(async move {
                    let mut buffer = [0u8; 4096];
                    while let Ok(n) = socket.read(&mut buffer).await {
                        if n == 0 {
                            break;
                        }
                        counted.fetch_add(n, Ordering::SeqCst);
                    }
                });
            }
        });
        Self { port, bytes, connections, task }
    }

    fn domain(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn seen(&self) -> (usize, usize) {
        use std::sync::atomic::Ordering;
        (self.connections.load(Ordering::SeqCst), self.bytes.load(Ordering::SeqCst))
    }
}

impl Drop for CountingListener {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// An unsigned token whose audience names `domain`, so `call` would send it there.
fn token_for(domain: &str) -> String {
    use base64::Engine;
    let part =
        |value: serde_json::Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(value.to_string());
    let claims = serde_json::json!({
        "iss": format!("{domain}/"), "aud": format!("{domain}/api/v2/"), "azp": "cli",
        "sub": "cli@clients", "exp": 4_000_000_000i64, "scope": "create:roles update:client_grants delete:roles update:email_templates"
    });
    format!("{}.{}.c2ln", part(serde_json::json!({"alg": "RS256"})), part(claims))
}

const CHANGES: [(&str, &str, Option<&str>); 4] = [
    ("POST", "/roles", Some(r#"{"name":"made-by-test"}"#)),
    ("PUT", "/email-templates/verify_email", Some(r#"{"enabled":false}"#)),
    ("PATCH", "/client-grants/cgr_nothing", Some(r#"{"scope":[]}"#)),
    ("DELETE", "/roles/rol_nothing", None),
];

/// Without a terminal, a call that changes the tenant and has no --yes is refused with exit 8
/// before a single byte leaves: not the call, and not the token request a profile would make.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changes_without_a_terminal_are_refused_before_anything_is_sent() {
    let listener = CountingListener::start().await;
    let domain = listener.domain();
    let token = token_for(&domain);
    for (method, path, body) in CHANGES {
        for lower in [method.to_owned(), method.to_lowercase()] {
            let mut list = vec!["call", lower.as_str(), path, "--token", token.as_str()];
            list.extend(body.map(|b| ["-d", b]).into_iter().flatten());
            let out = tokex(args(&list), "", vec![]).await;
            let stderr = text(&out.stderr);
            assert_eq!(out.status.code(), Some(8), "{method} {path}: {stderr}");
            assert!(stderr.starts_with("tokex: error: ") && stderr.contains("--yes"), "{stderr}");
            assert!(stderr.contains("Nothing was sent") && out.stdout.is_empty(), "{stderr}");
        }
        // With a profile instead of a token: no token request either.
        let env = vec![
            ("AUTH0_DOMAIN", domain.clone()),
            ("AUTH0_CLIENT_ID", "cli".to_owned()),
            ("AUTH0_CLIENT_SECRET", "s3cret-value".to_owned()),
        ];
        let mut list = vec!["call", method, path, "--no-cache"];
        list.extend(body.map(|b| ["-d", b]).into_iter().flatten());
        let out = tokex(args(&list), "", env).await;
        assert_eq!(out.status.code(), Some(8), "{method} {path}: {}", text(&out.stderr));
    }
    // A GET is not a change: it is sent (the listener never answers, so it times out).
    let out = tokex(args(&["call", "GET", "/roles", "--token", &token, "--timeout", "1"]), "", vec![]).await;
    assert_eq!(out.status.code(), Some(4), "{}", text(&out.stderr));
    let (connections, bytes) = listener.seen();
    assert!(connections >= 1 && bytes > 0, "the listener counts what reaches it: {connections} {bytes}");
    let get_bytes = bytes;
    // ... and the refused changes above sent nothing at all: only the GET's bytes arrived.
    assert_eq!(connections, 1, "one connection, the GET's");
    assert!(get_bytes < 4096, "{get_bytes}");
}

/// `--yes` (and `-y`) sends every changing method without asking, off a terminal too.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn yes_sends_every_changing_method() {
    let tenant = tenant(NO_LIMIT).await;
    let http = Http::with_defaults().expect("http");
    let domain = tenant.domain();
    let admin = token(&http, &tenant, "tokex-admin").await;
    for (index, (method, path, body)) in CHANGES.into_iter().enumerate() {
        let yes = if index % 2 == 0 { "--yes" } else { "-y" };
        let mut list =
            vec!["call", method, path, yes, "--token", admin.as_str(), "--domain", domain.as_str()];
        list.extend(body.map(|b| ["-d", b]).into_iter().flatten());
        let out = tokex(args(&list), "", vec![]).await;
        let stderr = text(&out.stderr);
        assert!(stderr.contains("HTTP "), "{method} {path} was sent: {stderr}");
        assert!(!stderr.contains("not confirmed") && !stderr.contains("Nothing was sent"), "{stderr}");
        assert_ne!(out.status.code(), Some(8), "{stderr}");
    }
    tenant.shutdown().await;
}

/// `--quiet` drops the informational lines of `call` (the HTTP report, notes) but keeps the
/// body, warnings and errors.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quiet_keeps_only_the_body_warnings_and_errors() {
    let tenant = tenant(NO_LIMIT).await;
    let http = Http::with_defaults().expect("http");
    let domain = tenant.domain();
    let readonly = token(&http, &tenant, "tokex-readonly").await;
    let out = tokex(
        args(&["call", "GET", "/users", "--quiet", "-q", "q=x", "--token", &readonly, "--domain", &domain]),
        "",
        vec![],
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stderr).is_empty(), "no report, no note: {}", text(&out.stderr));
    assert!(!out.stdout.is_empty(), "the body stays");
    // Without --quiet the same call reports and notes.
    let out = tokex(
        args(&["call", "GET", "/users", "-q", "q=x", "--token", &readonly, "--domain", &domain]),
        "",
        vec![],
    )
    .await;
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("HTTP 200") && stderr.contains("tokex: note: added search_engine=v3"),
        "{stderr}"
    );
    // A warning and an error stay.
    let out = tokex(
        args(&["call", "GET", "/logs", "--quiet", "--token", &readonly, "--domain", &domain]),
        "",
        vec![],
    )
    .await;
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(5), "{stderr}");
    assert!(stderr.contains("tokex: warning: the token needs one of: read:logs"), "{stderr}");
    assert!(stderr.contains("tokex: error: ") && !stderr.contains("HTTP 403"), "{stderr}");
    let out = tokex(
        args(&["call", "DELETE", "/roles/x", "--quiet", "--token", &readonly, "--domain", &domain]),
        "",
        vec![],
    )
    .await;
    assert_eq!(out.status.code(), Some(8));
    assert!(text(&out.stderr).starts_with("tokex: error: "), "{}", text(&out.stderr));
    tenant.shutdown().await;
}
