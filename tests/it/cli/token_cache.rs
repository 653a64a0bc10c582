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
    // The token alone on stdout, nothing on stderr, with or without --quiet.
    let told = s.run(&["fetch"]).await;
    let quiet = s.run(&["fetch", "--quiet"]).await;
    assert_eq!(quiet.status.code(), Some(0));
    assert_eq!(quiet.stdout, told.stdout, "the same cached token");
    assert!(told.stderr.is_empty() && quiet.stderr.is_empty(), "{told:?} {quiet:?}");
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
    assert!(listing.contains(&s.client_id), "{listing}");
    // Piped: one line per cached token; the header goes to stderr.
    assert_eq!(listing.lines().count(), 1, "{listing}");
    assert!(text(&listed.stderr).contains("CLIENT"), "{}", text(&listed.stderr));
    let token = document["response"]["access_token"].as_str().unwrap_or("none");
    assert!(!listing.contains(token));
    let listed = s.run(&["cache", "list", "--json"]).await;
    let rows: Value = serde_json::from_slice(&listed.stdout).expect("json");
    assert_eq!(rows.as_array().map(Vec::len), Some(1));
    assert!(rows[0]["expires_in_seconds"].as_i64().is_some_and(|s| s > 80_000));
    let cleared = s.run(&["cache", "clear"]).await;
    assert!(text(&cleared.stdout).contains("cleared 1"), "{}", text(&cleared.stdout));
    let listed = s.run(&["cache", "list"]).await;
    assert!(listed.stdout.is_empty() && text(&listed.stderr).contains("empty"), "{}", text(&listed.stderr));
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

/// Eight `tokex fetch` processes at once with an empty cache: the lock serialises the miss, so
/// one exchanges and the seven others find its token once they hold the lock.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn eight_concurrent_fetches_share_one_exchange() {
    let tenant = tenant_support::start().await;
    let s = setup(&tenant, "concurrent");
    let runs: Vec<_> = (0..8)
        .map(|_| {
            let (home, env) = (s.home.clone(), s.env.clone());
            tokio::spawn(async move { tokex_in(home, args(&["fetch"]), "", env).await })
        })
        .collect();
    let mut tokens = Vec::new();
    for run in runs {
        let out = run.await.expect("join");
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        tokens.push(text(&out.stdout).trim().to_owned());
    }
    assert_eq!(exchanges(&tenant, &s.client_id).await, 1, "eight fetches, one exchange");
    assert!(tokens.windows(2).all(|pair| pair[0] == pair[1]), "every process printed the one token");
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

/// The cache file rewritten by hand: one entry for the profile's key, fields as given.
fn plant(s: &Setup, client_id: &str, access_token: &str, scope: &str, expires_at: i64) {
    let tenant_domain =
        s.env.iter().find(|(k, _)| *k == "AUTH0_DOMAIN").map(|(_, v)| v.clone()).expect("domain");
    let entry = serde_json::json!({
        "domain": tenant_domain,
        "client_id": client_id,
        "audience": format!("{tenant_domain}/api/v2/"),
        "profile": "env",
        "access_token": access_token,
        "token_type": "Bearer",
        "scope": scope,
        "received_at": chrono::Utc::now().timestamp(),
        "expires_at": expires_at,
        "token_endpoint": format!("{tenant_domain}/oauth/token"),
    });
    std::fs::create_dir_all(s.file().parent().expect("dir")).expect("dir");
    std::fs::write(s.file(), serde_json::json!({"version": 1, "tokens": [entry]}).to_string())
        .expect("plant");
}

fn claims(token: &str) -> Value {
    let payload = token.split('.').nth(1).expect("payload");
    let bytes =
        base64::Engine::decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, payload).expect("b64");
    serde_json::from_slice(&bytes).expect("json")
}

/// Entries a hostile local user (or a stale file) plants: another client's genuine token under
/// this profile's key, an invented scope, a far `expires_at` on a token whose `exp` is near.
/// None is served as it claims.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn planted_entries_are_refused_or_corrected() {
    let tenant = tenant_support::start().await;
    let admin = tenant.client("tokex-admin").expect("admin");
    let s = setup(&tenant, "planted");
    let far = chrono::Utc::now().timestamp() + 30 * 86_400;

    // The admin's token, filed under the read-only client's key.
    let admins_token = tenant_support::token_for(&tenant, "tokex-admin").await;
    plant(&s, &s.client_id, &admins_token, "read:users", far);
    let out = s.run(&["fetch", "--json"]).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let document: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(document["cached"], false, "another client's token is not served");
    let served = document["response"]["access_token"].as_str().expect("token");
    assert_eq!(claims(served)["azp"], s.client_id.as_str());
    assert_ne!(served, admins_token);
    assert_eq!(exchanges(&tenant, &s.client_id).await, 1);
    let listed = s.run(&["cache", "list", "--json"]).await;
    let rows: Value = serde_json::from_slice(&listed.stdout).expect("json");
    assert!(!rows.to_string().contains(&admin.client_id), "the planted entry is gone: {rows}");

    // Its own genuine token with an invented scope: served, with the JWT's scopes only.
    let own = serde_json::from_str::<Value>(&std::fs::read_to_string(s.file()).expect("file")).expect("json");
    let own_token = own["tokens"][0]["access_token"].as_str().expect("token").to_owned();
    plant(&s, &s.client_id, &own_token, "delete:users create:clients read:users", far);
    let out = s.run(&["fetch", "--json"]).await;
    let document: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(document["cached"], true, "{}", text(&out.stderr));
    let scope = document["response"]["scope"].as_str().unwrap_or_default();
    assert_eq!(scope, claims(&own_token)["scope"].as_str().unwrap_or("none"));
    assert!(!scope.contains("delete:users"), "{scope}");
    assert!(document["summary"]["scopes"].to_string().contains("read:users"));
    let expires_in = document["response"]["expires_in"].as_i64().unwrap_or(i64::MAX);
    let exp = claims(&own_token)["exp"].as_i64().unwrap_or(0);
    assert!(
        expires_in <= exp - chrono::Utc::now().timestamp() + 1,
        "expires_in comes from the JWT's exp: {expires_in}"
    );
    assert_eq!(exchanges(&tenant, &s.client_id).await, 1);
    tenant.shutdown().await;

    // A token whose own exp is inside the margin (61 s tokens: 60 s of margin), filed with a far
    // expires_at: refused whatever the file says.
    let tenant = tenant_support::start_with(61, tokex::tenant::TenantConfig::default().rate_limit).await;
    let s = setup(&tenant, "planted-near");
    let near = tenant_support::token_for(&tenant, "tokex-readonly").await;
    tokio::time::sleep(std::time::Duration::from_millis(2_100)).await;
    plant(&s, &s.client_id, &near, "read:users", far);
    let out = s.run(&["fetch", "--json"]).await;
    let document: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(document["cached"], false, "{}", text(&out.stderr));
    assert_ne!(document["response"]["access_token"].as_str(), Some(near.as_str()));
    tenant.shutdown().await;
}

/// A shared cache directory (another user may write it) is not read: a token planted there is
/// not used, the fix is named, and the fetch still works without the cache.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cache_directory_others_can_write_is_refused_with_the_fix() {
    use std::os::unix::fs::PermissionsExt;
    let tenant = tenant_support::start().await;
    let s = setup(&tenant, "shared-dir");
    assert_eq!(s.run(&["fetch"]).await.status.code(), Some(0));
    let dir = s.file().parent().expect("dir").to_owned();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o777)).expect("chmod");
    let out = s.run(&["fetch", "--json"]).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let document: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(document["cached"], false);
    let stderr = text(&out.stderr);
    assert!(stderr.contains("writable by other users") && stderr.contains("chmod go-w"), "{stderr}");
    assert!(stderr.starts_with("tokex: warning: "), "{stderr}");
    assert_eq!(exchanges(&tenant, &s.client_id).await, 2);
    // A warning: --quiet keeps it.
    let quiet = s.run(&["fetch", "--quiet"]).await;
    assert!(text(&quiet.stderr).contains("writable by other users"), "{}", text(&quiet.stderr));
    assert_eq!(exchanges(&tenant, &s.client_id).await, 3);
    assert_eq!(mode(&dir), 0o777, "a refused directory is left for the user to check");

    // Another user's directory: only root can make one to test with.
    if tokex::safe_file::current_uid() == 0 {
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).expect("chmod");
        std::os::unix::fs::chown(&dir, Some(65_534), Some(65_534)).expect("chown");
        let out = s.run(&["fetch", "--json"]).await;
        let document: Value = serde_json::from_slice(&out.stdout).expect("json");
        assert_eq!(document["cached"], false);
        assert!(text(&out.stderr).contains("belongs to another user"), "{}", text(&out.stderr));
    } else {
        eprintln!("not root: another user's cache directory cannot be simulated (chown needs root)");
    }
    tenant.shutdown().await;
}

/// Whatever the umask (000 lets everyone write what is created, 022 the usual), the cache
/// directory is 0700, its file and lock 0600, and the log 0600.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn modes_hold_whatever_the_umask() {
    let tenant = tenant_support::start().await;
    for umask in ["000", "022"] {
        let s = setup(&tenant, &format!("umask-{umask}"));
        let log = s.home.join("state").join("tokex.log");
        let mut command = std::process::Command::new("sh");
        command
            .arg("-c")
            .arg(format!(
                "umask {umask}; exec '{}' fetch -v --log-file '{}'",
                cli_support::BINARY,
                log.display()
            ))
            .env("XDG_CONFIG_HOME", &s.home)
            .env("HOME", &s.home)
            .stdout(std::process::Stdio::null());
        for (name, value) in &s.env {
            command.env(name, value);
        }
        let out = tokio::task::spawn_blocking(move || command.output().expect("sh")).await.expect("join");
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let dir = s.file().parent().expect("dir").to_owned();
        assert_eq!(mode(&dir), 0o700, "umask {umask}");
        assert_eq!(mode(&s.file()), 0o600, "umask {umask}");
        assert_eq!(mode(&dir.join("tokens.lock")), 0o600, "umask {umask}");
        assert_eq!(mode(&log), 0o600, "umask {umask}");
    }
    tenant.shutdown().await;
}
