//! Files tokex opens on the user's behalf, attacked through the real binary by a hostile local
//! user: the `private_key_jwt` key path pointing at `/dev/zero` or a FIFO (each bounded by a
//! timeout: a hang fails the test), a group-readable key, a config file others may write, a
//! log path where a link or a FIFO was planted, and a `--jwks` file that is a FIFO or a device.

use crate::cli_support::{args, text, tokex_in};
use crate::net_support::server::{json, not_found, start};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

fn home(name: &str) -> PathBuf {
    let home = std::env::temp_dir().join(format!("tokex-files-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&home);
    std::fs::create_dir_all(home.join("tokex")).expect("home");
    home
}

/// `tokex ARGS` with `home` as its config home, failing the test if it runs 20 s (a blocking
/// open of a FIFO would never end).
async fn bounded(home: &Path, list: &[&str]) -> Output {
    let run = tokex_in(
        home.to_owned(),
        args(list),
        "",
        vec![("XDG_CACHE_HOME", home.join("cache").display().to_string())],
    );
    tokio::time::timeout(Duration::from_secs(20), run).await.expect("tokex hung on a file it opened")
}

fn mkfifo(path: &Path) {
    assert!(std::process::Command::new("mkfifo").arg(path).status().expect("mkfifo").success());
}

/// A config of one `private_key_jwt` profile whose key is at `key`, the file itself 0600.
fn key_profile(home: &Path, domain: &str, key: &Path) {
    let config = home.join("tokex").join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[profiles.jwt]\ndomain = \"{domain}\"\nclient_id = \"jwt-client\"\nauth_method = \"private_key_jwt\"\nprivate_key_path = \"{}\"\n",
            key.display()
        ),
    )
    .expect("config");
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o600)).expect("chmod");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_key_path_to_a_device_or_a_fifo_is_refused_at_once_and_a_readable_key_warns() {
    // Discovery answers, so the key is what is read next; the token endpoint refuses.
    let server = start(|request| {
        let base = format!("http://{}", request.header("host").unwrap_or_default());
        match request.path.as_str() {
            "/.well-known/openid-configuration" => json(
                200,
                serde_json::json!({"issuer": format!("{base}/"), "token_endpoint": format!("{base}/oauth/token"),
                    "jwks_uri": format!("{base}/.well-known/jwks.json")}),
            ),
            "/oauth/token" => json(401, serde_json::json!({"error": "invalid_client"})),
            _ => not_found(),
        }
    })
    .await;
    let home = home("key");
    let fifo = home.join("key.fifo");
    mkfifo(&fifo);
    for (key, says) in
        [(Path::new("/dev/zero"), "not a regular file"), (fifo.as_path(), "not a regular file")]
    {
        key_profile(&home, &server.base(), key);
        let out = bounded(&home, &["fetch"]).await;
        let stderr = text(&out.stderr);
        assert_ne!(out.status.code(), Some(0), "{stderr}");
        assert!(stderr.contains(says) && stderr.contains("private key"), "{}: {stderr}", key.display());
    }
    assert_eq!(server.hits("/oauth/token"), 0, "nothing was sent without a key");

    let pem = home.join("key.pem");
    std::fs::write(&pem, crate::net_support::keys::rsa_key("k1").pem).expect("key");
    std::fs::set_permissions(&pem, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    key_profile(&home, &server.base(), &pem);
    let out = bounded(&home, &["fetch"]).await;
    let stderr = text(&out.stderr);
    assert!(stderr.contains("is readable by others (mode 640)") && stderr.contains("chmod 600"), "{stderr}");
    assert_eq!(server.hits("/oauth/token"), 1, "a readable key still works: {stderr}");
    std::fs::set_permissions(&pem, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    let out = bounded(&home, &["fetch"]).await;
    assert!(!text(&out.stderr).contains("readable by others"), "{}", text(&out.stderr));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_config_file_others_may_write_is_not_loaded() {
    let home = home("config");
    let config = home.join("tokex").join("config.toml");
    let marker = home.join("secret-command-ran");
    // Whoever may write this file decides which command runs for the secret. (Port 9 on
    // loopback: nothing listens, nothing leaves the machine.)
    std::fs::write(
        &config,
        format!(
            "[profiles.planted]\ndomain = \"http://127.0.0.1:9\"\nclient_id = \"x\"\nclient_secret_cmd = \"touch '{}'\"\n",
            marker.display()
        ),
    )
    .expect("config");
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o666)).expect("chmod");
    let out = bounded(&home, &["fetch", "--profile", "planted"]).await;
    let stderr = text(&out.stderr);
    assert!(stderr.contains("writable by other users") && stderr.contains("chmod go-w"), "{stderr}");
    assert!(stderr.contains("no profile named `planted`"), "the file was not loaded: {stderr}");
    assert!(!marker.exists());
    // The control: the same file, writable by its owner only, is loaded.
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let out = bounded(&home, &["fetch", "--profile", "planted"]).await;
    let stderr = text(&out.stderr);
    assert!(!stderr.contains("no profile named") && !stderr.contains("writable by other"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_planted_link_or_fifo_at_the_log_path_is_refused() {
    let home = home("log");
    let victim = home.join("victim");
    std::fs::write(&victim, b"precious\n").expect("victim");
    std::os::unix::fs::symlink(&victim, home.join("link.log")).expect("symlink");
    mkfifo(&home.join("fifo.log"));
    for (name, says) in [("link.log", "symbolic link"), ("fifo.log", "not a regular file")] {
        let log = home.join(name).display().to_string();
        let out = bounded(&home, &["-v", "--log-file", &log, "decode", "--verify", "not-a-token"]).await;
        let stderr = text(&out.stderr);
        assert!(stderr.contains("no log") && stderr.contains(says), "{name}: {stderr}");
    }
    assert_eq!(std::fs::read(&victim).expect("victim"), b"precious\n");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_jwks_file_that_is_a_fifo_or_a_device_is_refused_at_once() {
    let home = home("jwks");
    let fifo = home.join("jwks.fifo");
    mkfifo(&fifo);
    let token = crate::support::management_token(chrono::Utc::now().timestamp(), 3_600, "read:users");
    for jwks in [fifo.display().to_string(), "/dev/zero".to_owned()] {
        let out = bounded(&home, &["decode", "--verify", "--jwks", &jwks, &token]).await;
        let stderr = format!("{}{}", text(&out.stdout), text(&out.stderr));
        assert_ne!(out.status.code(), Some(0), "{stderr}");
        assert!(stderr.contains("not a regular file"), "{jwks}: {stderr}");
    }
}
