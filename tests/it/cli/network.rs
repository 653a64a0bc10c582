//! The binary's network commands against the local tenant over loopback: `dev-tenant`,
//! `fetch` and `decode --verify`, with their streams and exit codes, and the client secret
//! never printed.
// Needs the local tenant (the default `tenant` feature): skipped in a client-only build.
#![cfg(feature = "tenant")]

use crate::net_support as support;

use std::io::{BufRead, BufReader};
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;
use tokex::tenant::{RunningTenant, TenantConfig};

const BIN: &str = env!("CARGO_BIN_EXE_tokex");

/// Runs the binary with a clean tokex environment (no user config, no AUTH0_* leaking in, and
/// an empty token cache of its own: a cached token from an earlier run would answer instead of
/// the tenant, and as root the `HOME` below would be created and shared).
fn tokex(args: &[&str], env: &[(&str, &str)]) -> Output {
    static RUNS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let run = RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let cache = std::env::temp_dir().join(format!("tokex-cli-network-{}-{run}", std::process::id()));
    let mut command = Command::new(BIN);
    command.env("XDG_CACHE_HOME", &cache);
    command
        .args(args)
        .env_remove("AUTH0_DOMAIN")
        .env_remove("AUTH0_CLIENT_ID")
        .env_remove("AUTH0_CLIENT_SECRET")
        .env_remove("AUTH0_AUDIENCE")
        .env("XDG_CONFIG_HOME", "/nonexistent-tokex-test")
        .env("HOME", "/nonexistent-tokex-test")
        .stdin(Stdio::null());
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command.output().expect("binary runs");
    let _ = std::fs::remove_dir_all(&cache);
    output
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

async fn tenant(lifetime: i64) -> RunningTenant {
    RunningTenant::start(TenantConfig { token_lifetime_secs: lifetime, ..TenantConfig::default() })
        .await
        .expect("tenant starts")
}

fn admin_env(tenant: &RunningTenant) -> (Vec<(&'static str, String)>, String) {
    let admin = tenant.client("tokex-admin").expect("admin");
    let env = vec![
        ("AUTH0_DOMAIN", tenant.domain()),
        ("AUTH0_CLIENT_ID", admin.client_id.clone()),
        ("AUTH0_CLIENT_SECRET", admin.client_secret.clone()),
    ];
    (env, admin.client_secret)
}

fn as_refs<'a>(env: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    env.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

// The binary is a separate process: the in-test tenant must keep serving while it runs,
// so these tests use a multi-threaded runtime and run the binary on a blocking thread.
async fn run(args: Vec<String>, env: Vec<(&'static str, String)>) -> Output {
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        tokex(&args, &as_refs(&env))
    })
    .await
    .expect("join")
}

fn strings(args: &[&str]) -> Vec<String> {
    args.iter().map(|s| (*s).to_owned()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fetch_prints_the_token_alone_and_never_the_secret() {
    let tenant = tenant(86_400).await;
    let (env, secret) = admin_env(&tenant);
    let output = run(strings(&["fetch"]), env.clone()).await;
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert_eq!(stdout.lines().count(), 1, "one line for $(tokex fetch): {stdout}");
    assert_eq!(stdout.trim().split('.').count(), 3);
    assert!(!stdout.contains(&secret) && !text(&output.stderr).contains(&secret));

    let output = run(strings(&["fetch", "--json"]), env.clone()).await;
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(json["response"]["token_type"], "Bearer");
    assert_eq!(json["response"]["expires_in"], 86_400);
    assert_eq!(json["profile"], "env");
    assert_eq!(json["summary"]["signature"], "verified", "{json}");
    assert!(!text(&output.stdout).contains(&secret) && !text(&output.stderr).contains(&secret));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fetch_failures_are_one_line_with_a_hint_and_no_secret() {
    let tenant = tenant(86_400).await;
    let (mut env, _) = admin_env(&tenant);
    let wrong = "this-is-the-wrong-secret-0123456789abcdef";
    env[2].1 = wrong.to_owned();
    let output = run(strings(&["fetch"]), env).await;
    assert_eq!(output.status.code(), Some(5));
    let stderr = text(&output.stderr);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("401") && stderr.contains("rotated"), "{stderr}");
    assert!(!stderr.contains(wrong));
    assert!(output.stdout.is_empty());

    let output = run(strings(&["fetch"]), vec![]).await;
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stderr).contains("AUTH0_DOMAIN"), "{}", text(&output.stderr));

    // Nothing listens on port 9 of loopback: connection refused, said plainly.
    let refused = vec![
        ("AUTH0_DOMAIN", "http://127.0.0.1:9".to_owned()),
        ("AUTH0_CLIENT_ID", "x".to_owned()),
        ("AUTH0_CLIENT_SECRET", "y".to_owned()),
    ];
    let output = run(strings(&["fetch"]), refused).await;
    assert_eq!(output.status.code(), Some(4));
    assert!(text(&output.stderr).to_lowercase().contains("refused"), "{}", text(&output.stderr));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn decode_verify_genuine_tampered_expired_foreign_and_unknown_key() {
    let tenant = tenant(86_400).await;
    let (env, _) = admin_env(&tenant);
    let token = text(&run(strings(&["fetch"]), env.clone()).await.stdout).trim().to_owned();

    // Genuine: exit 0, signature verified. The issuer is the configured profile's.
    let output = run(strings(&["decode", "--verify", "--json", &token]), env.clone()).await;
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(json["signature"], "verified");
    assert_eq!(json["signature_detail"]["kid"], tenant.kid());

    // Tampered: a scope added to the payload, the original signature kept.
    use base64::Engine;
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
    let mut payload: serde_json::Value =
        serde_json::from_slice(&engine.decode(&parts[1]).expect("b64")).expect("json");
    payload["scope"] = serde_json::Value::String("create:god_mode".into());
    parts[1] = engine.encode(payload.to_string());
    let tampered = parts.join(".");
    let output = run(strings(&["decode", "--verify", &tampered]), env.clone()).await;
    assert_eq!(output.status.code(), Some(3));
    assert!(text(&output.stderr).contains("invalid"), "{}", text(&output.stderr));

    // Expired: a tenant that issues already-expired tokens.
    let expired_tenant = self::tenant(-120).await;
    let (expired_env, _) = admin_env(&expired_tenant);
    let expired = text(&run(strings(&["fetch"]), expired_env.clone()).await.stdout).trim().to_owned();
    let output = run(strings(&["decode", "--verify", &expired]), expired_env).await;
    assert_eq!(output.status.code(), Some(3));
    assert!(text(&output.stderr).contains("expired"), "{}", text(&output.stderr));

    // Foreign issuer: a genuine token from another tenant checked against this tenant's keys.
    let other = self::tenant(86_400).await;
    let (other_env, _) = admin_env(&other);
    let foreign = text(&run(strings(&["fetch"]), other_env).await.stdout).trim().to_owned();
    let jwks = format!("{}/.well-known/jwks.json", tenant.domain());
    let output = run(strings(&["decode", "--verify", "--jwks", &jwks, &foreign]), env.clone()).await;
    assert_eq!(output.status.code(), Some(3));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("unknown key") || stderr.contains("invalid"), "{stderr}");

    // Unknown kid: the tenant restarted with a new key; its old tokens name a kid it no longer has.
    let old_token = token.clone();
    let old_port = tenant.addr().port();
    tenant.shutdown().await;
    let restarted = RunningTenant::start(TenantConfig { port: old_port, ..TenantConfig::default() })
        .await
        .expect("restart on the same port");
    let (restarted_env, _) = admin_env(&restarted);
    let output = run(strings(&["decode", "--verify", "--json", &old_token]), restarted_env).await;
    assert_eq!(output.status.code(), Some(3));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(json["signature"], "unknown_key", "{json}");
}

#[test]
fn dev_tenant_prints_one_json_line_and_stops_on_sigterm_and_sigint() {
    for signal in ["-TERM", "-INT"] {
        let mut child = Command::new(BIN)
            .args(["dev-tenant", "--port", "0", "--token-lifetime", "600", "--rate-limit", "2/2"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        let stdout = child.stdout.take().expect("stdout");
        let (first_sender, first_receiver) = mpsc::channel();
        let (rest_sender, rest_receiver) = mpsc::channel();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(stdout).lines();
            let _ = first_sender.send(lines.next());
            let rest: Vec<String> = lines.map_while(Result::ok).collect();
            let _ = rest_sender.send(rest);
        });
        let line = first_receiver
            .recv_timeout(Duration::from_secs(20))
            .expect("announcement within 20 s")
            .expect("a line")
            .expect("utf-8");
        let announcement: serde_json::Value = serde_json::from_str(&line).expect("JSON line");
        let domain = announcement["domain"].as_str().expect("domain").to_owned();
        assert!(domain.starts_with("http://127.0.0.1:"), "{domain}");
        assert_eq!(announcement["issuer"], format!("{domain}/"));
        assert_eq!(announcement["audience"], format!("{domain}/api/v2/"));
        let clients = announcement["clients"].as_array().expect("clients");
        assert!(clients.iter().any(|c| c["name"] == "tokex-admin" && c["app_type"] == "non_interactive"));
        // It really serves: the JWKS answers over loopback once the line is out.
        let jwks = Command::new("curl").args(["-sf", &format!("{domain}/.well-known/jwks.json")]).output();
        if let Ok(jwks) = jwks {
            assert!(text(&jwks.stdout).contains("\"keys\""), "jwks: {}", text(&jwks.stdout));
        }
        let pid = child.id().to_string();
        assert!(Command::new("kill").args([signal, &pid]).status().expect("kill").success());
        let rest =
            rest_receiver.recv_timeout(Duration::from_secs(20)).expect("stdout closed after the signal");
        assert!(rest.is_empty(), "exactly one line on stdout, got more: {rest:?}");
        let status = child.wait().expect("wait");
        assert_eq!(status.code(), Some(0), "clean exit on {signal}");
        let mut stderr = String::new();
        std::io::Read::read_to_string(&mut child.stderr.take().expect("stderr"), &mut stderr).expect("read");
        assert!(stderr.contains("listening on"), "{stderr}");
    }
}

/// Issue 9 points 1 and 4 through the binary: what reaches stderr.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fetch_never_shows_an_echoed_secret_nor_follows_a_foreign_token_endpoint() {
    use support::server::{self, not_found, start};
    let secret = "S3cr+/ t\"é-0123456789-abcd";
    let echo = start(|r| match r.path.as_str() {
        "/oauth/token" => {
            let json = serde_json::to_string(&r.form_value("client_secret")).expect("json");
            server::text(400, "text/plain", &format!("{} {json}", r.body))
        }
        _ => not_found(),
    })
    .await;
    let env = |domain: String| {
        vec![
            ("AUTH0_DOMAIN", domain),
            ("AUTH0_CLIENT_ID", "client".to_owned()),
            ("AUTH0_CLIENT_SECRET", secret.to_owned()),
        ]
    };
    let output = run(strings(&["fetch"]), env(echo.base())).await;
    assert_eq!(output.status.code(), Some(5));
    let stderr = text(&output.stderr);
    assert_eq!(echo.hits("/oauth/token"), 1, "the echo was asked: {stderr}");
    assert!(!stderr.contains("S3cr") && !stderr.contains("0123456789"), "{stderr}");
    assert!(stderr.contains("••••abcd"), "{stderr}");

    let trap = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    trap.set_nonblocking(true).expect("nonblocking");
    let foreign = format!("http://{}/oauth/token", trap.local_addr().expect("addr"));
    let discovery = start(move |r| match r.path.as_str() {
        "/.well-known/openid-configuration" => {
            server::json(200, serde_json::json!({"token_endpoint": foreign}))
        }
        _ => not_found(),
    })
    .await;
    let output = run(strings(&["fetch"]), env(discovery.base())).await;
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    let trap_origin = format!("http://{}", trap.local_addr().expect("addr"));
    assert!(stderr.contains(&discovery.base()) && stderr.contains(&trap_origin), "names both: {stderr}");
    assert!(trap.accept().is_err(), "the foreign token endpoint was contacted");
}

#[test]
fn max_body_takes_a_size() {
    let output = tokex(&["endpoints", "--max-body", "lots"], &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("not a size"), "{}", text(&output.stderr));
    let output = tokex(&["endpoints", "--max-body", "1MiB"], &[]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
}
