//! The CLI's token cache against the real local tenant: two `call`s make one token request
//! (counted in the tenant's own log), `--no-cache`, file and directory modes, a corrupt file, a
//! token that no longer verifies, the expiry margin, concurrent writers, `cache list`/`clear`,
//! `cache = false`, and `TOKEX_TOKEN`.
// Needs the local tenant (the default `tenant` feature): skipped in a client-only build.
#![cfg(feature = "tenant")]

use crate::cli_support;
use crate::support;
use crate::tenant_support;

use cli_support::{args, text, tokex_in};
use serde_json::Value;
use std::path::{Path, PathBuf};
use tokex::tenant::RunningTenant;

struct Setup {
    home: PathBuf,
    cache_home: PathBuf,
    env: Vec<(&'static str, String)>,
    client_id: String,
    secret: String,
}

fn setup(tenant: &RunningTenant, name: &str) -> Setup {
    let home = std::env::temp_dir().join(format!("tokex-cache-it-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&home);
    std::fs::create_dir_all(&home).expect("home");
    let cache_home = home.join("cache");
    let client = tenant.client("tokex-readonly").expect("readonly client");
    let env = vec![
        ("AUTH0_DOMAIN", tenant.domain()),
        ("AUTH0_CLIENT_ID", client.client_id.clone()),
        ("AUTH0_CLIENT_SECRET", client.client_secret.clone()),
        ("XDG_CACHE_HOME", cache_home.display().to_string()),
    ];
    Setup { home, cache_home, env, client_id: client.client_id, secret: client.client_secret }
}

impl Setup {
    async fn run(&self, list: &[&str]) -> std::process::Output {
        tokex_in(self.home.clone(), args(list), "", self.env.clone()).await
    }

    fn file(&self) -> PathBuf {
        self.cache_home.join("tokex").join("tokens.json")
    }
}

/// Client-credentials exchanges of `client_id` the tenant logged (`seccft`), asked with a token
/// of another client so the question itself is not counted.
async fn exchanges(tenant: &RunningTenant, client_id: &str) -> usize {
    let admin = tenant_support::token_for(tenant, "tokex-admin").await;
    let query = format!("/logs?per_page=100&q=type:seccft%20AND%20client_id:%22{client_id}%22");
    let reply = tenant_support::get(tenant, &admin, &query).await;
    assert!(reply.status.is_success(), "{}", reply.text);
    reply.body.as_array().map_or(0, Vec::len)
}

fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).map(|m| m.permissions().mode() & 0o777).unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_calls_one_token_request_and_no_cache_fetches() {
    let tenant = tenant_support::start().await;
    let s = setup(&tenant, "two-calls");
    let first = s.run(&["call", "GET", "/users", "-q", "per_page=1"]).await;
    assert_eq!(first.status.code(), Some(0), "{}", text(&first.stderr));
    let second = s.run(&["call", "GET", "/users", "-q", "per_page=1"]).await;
    assert_eq!(second.status.code(), Some(0), "{}", text(&second.stderr));
    assert!(text(&second.stderr).contains("using the cached token"), "{}", text(&second.stderr));
    assert_eq!(exchanges(&tenant, &s.client_id).await, 1);

    let no_cache = s.run(&["call", "GET", "/users", "--no-cache"]).await;
    assert_eq!(no_cache.status.code(), Some(0));
    assert!(!text(&no_cache.stderr).contains("cached token"));
    assert_eq!(exchanges(&tenant, &s.client_id).await, 2);

    // fetch shares the cache: the token of the first call, not a new one
    let fetched = s.run(&["fetch", "--json"]).await;
    let document: Value = serde_json::from_slice(&fetched.stdout).expect("json");
    assert_eq!(document["cached"], true);
    assert_eq!(exchanges(&tenant, &s.client_id).await, 2);
    let fresh = s.run(&["fetch", "--no-cache"]).await;
    assert_eq!(fresh.status.code(), Some(0));
    // (the local tenant's tokens carry no jti, so one fetched in the same second may be byte-equal:
    // the tenant's own count of exchanges is the proof)
    assert_eq!(exchanges(&tenant, &s.client_id).await, 3);

    // modes, and never the secret
    assert_eq!(mode(&s.cache_home.join("tokex")), 0o700);
    assert_eq!(mode(&s.file()), 0o600);
    let stored = std::fs::read_to_string(s.file()).expect("cache file");
    assert!(!stored.contains(&s.secret) && !stored.contains("client_secret"), "{stored}");

    // list shows the profile and time left, never the token; clear empties it
    let listed = s.run(&["cache", "list"]).await;
    let listing = text(&listed.stdout);
    assert!(listing.contains("env") && listing.contains(&tenant.domain()), "{listing}");
    assert!(listing.contains("CLIENT") && listing.contains(&s.client_id), "{listing}");
    let token = document["response"]["access_token"].as_str().unwrap_or("none");
    assert!(!listing.contains(token));
    let listed = s.run(&["cache", "list", "--json"]).await;
    let rows: Value = serde_json::from_slice(&listed.stdout).expect("json");
    assert_eq!(rows.as_array().map(Vec::len), Some(1));
    assert!(rows[0]["expires_in_seconds"].as_i64().is_some_and(|s| s > 80_000));
    let cleared = s.run(&["cache", "clear"]).await;
    assert!(text(&cleared.stdout).contains("cleared 1"), "{}", text(&cleared.stdout));
    let listed = s.run(&["cache", "list"]).await;
    assert!(text(&listed.stdout).contains("empty"));
    tenant.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn corrupt_file_and_tampered_token_are_replaced() {
    let tenant = tenant_support::start().await;
    let s = setup(&tenant, "corrupt");
    std::fs::create_dir_all(s.file().parent().expect("dir")).expect("dir");
    std::fs::write(s.file(), "{\"version\":1,\"tokens\":[").expect("corrupt");
    let out = s.run(&["call", "GET", "/users"]).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("corrupt"), "{}", text(&out.stderr));
    let file: Value =
        serde_json::from_str(&std::fs::read_to_string(s.file()).expect("file")).expect("valid again");
    assert_eq!(file["tokens"].as_array().map(Vec::len), Some(1));

    // A token whose signature no longer verifies is dropped, and a new one fetched.
    let mut tampered = file.clone();
    let token = file["tokens"][0]["access_token"].as_str().expect("token").to_owned();
    let (head, _signature) = token.rsplit_once('.').expect("jwt");
    tampered["tokens"][0]["access_token"] = Value::String(format!("{head}.AAAA"));
    std::fs::write(s.file(), tampered.to_string()).expect("tamper");
    let out = s.run(&["call", "GET", "/users"]).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("no longer verifies"), "{}", text(&out.stderr));
    assert_eq!(exchanges(&tenant, &s.client_id).await, 2);
    let file: Value = serde_json::from_str(&std::fs::read_to_string(s.file()).expect("file")).expect("json");
    assert!(!file["tokens"][0]["access_token"].as_str().unwrap_or("").ends_with(".AAAA"));
    tenant.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_inside_the_margin_is_not_reused() {
    // 61 s lifetime: the 60 s margin leaves one second of reuse.
    let tenant = tenant_support::start_with(61, tokex::tenant::TenantConfig::default().rate_limit).await;
    let s = setup(&tenant, "margin");
    assert_eq!(s.run(&["fetch"]).await.status.code(), Some(0));
    tokio::time::sleep(std::time::Duration::from_millis(2_100)).await;
    let out = s.run(&["fetch", "--json"]).await;
    let document: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(document["cached"], false);
    assert_eq!(exchanges(&tenant, &s.client_id).await, 2);
    tenant.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_fetches_leave_one_valid_file() {
    let tenant = tenant_support::start().await;
    let s = setup(&tenant, "concurrent");
    let runs: Vec<_> = (0..4)
        .map(|_| {
            let (home, env) = (s.home.clone(), s.env.clone());
            tokio::spawn(async move { tokex_in(home, args(&["fetch"]), "", env).await })
        })
        .collect();
    for run in runs {
        let out = run.await.expect("join");
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    }
    let file: Value = serde_json::from_str(&std::fs::read_to_string(s.file()).expect("file")).expect("valid");
    assert_eq!(file["tokens"].as_array().map(Vec::len), Some(1));
    let leftovers: Vec<_> = std::fs::read_dir(s.file().parent().expect("dir"))
        .expect("dir")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect();
    assert_eq!(leftovers.len(), 2, "{leftovers:?}");
    tenant.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn profile_cache_false_and_tokex_token() {
    let tenant = tenant_support::start().await;
    let s = setup(&tenant, "off");
    let config_dir = s.home.join("tokex");
    std::fs::create_dir_all(&config_dir).expect("config dir");
    std::fs::write(
        config_dir.join("config.toml"),
        format!(
            "[profiles.ro]\ndomain = \"{}\"\nclient_id = \"{}\"\nclient_secret_env = \"RO_SECRET\"\ncache = false\n",
            tenant.domain(),
            s.client_id
        ),
    )
    .expect("config");
    let env = vec![("RO_SECRET", s.secret.clone()), ("XDG_CACHE_HOME", s.cache_home.display().to_string())];
    for _ in 0..2 {
        let out = tokex_in(s.home.clone(), args(&["call", "GET", "/users"]), "", env.clone()).await;
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    }
    assert_eq!(exchanges(&tenant, &s.client_id).await, 2);
    assert!(!s.file().exists());

    // TOKEX_TOKEN stands in for --token: no profile, no exchange.
    let token = tenant_support::token_for(&tenant, "tokex-readonly").await;
    let out = tokex_in(
        s.home.join("elsewhere"),
        args(&["call", "GET", "/users", "--domain", &tenant.domain()]),
        "",
        vec![("TOKEX_TOKEN", token.clone())],
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let help =
        tokex_in(s.home.clone(), args(&["call", "--help"]), "", vec![("TOKEX_TOKEN", token.clone())]).await;
    assert!(!text(&help.stdout).contains(&token), "the help never shows the token");
    tenant.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_tui_starts_on_the_cached_token() {
    let tenant = tenant_support::start().await;
    let s = setup(&tenant, "tui");
    assert_eq!(s.run(&["fetch"]).await.status.code(), Some(0));
    let env: Vec<String> = s.env.iter().map(|(k, v)| format!("{k}='{v}'")).collect();
    let command =
        format!("env {} XDG_CONFIG_HOME='{}' {}", env.join(" "), s.home.display(), cli_support::BINARY);
    let tmux = tokio::task::spawn_blocking(move || {
        let tmux = support::tmux::Tmux::start(&command);
        let screen =
            tmux.wait_for_all(&["Token (cached)", "signature verified"], std::time::Duration::from_secs(20));
        tmux.keys(&["q"]);
        screen
    })
    .await
    .expect("tmux");
    assert!(tmux.contains("Token (cached)"), "{tmux}");
    assert_eq!(exchanges(&tenant, &s.client_id).await, 1, "showing the cached token fetches nothing");
    tenant.shutdown().await;
}
