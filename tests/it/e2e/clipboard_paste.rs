//! A hostile tenant against the clipboard: the real binary in tmux talks to a server of this
//! test's own that puts `ESC[201~`, a newline and a command inside a JSON string of a response.
//! What `c` (the token), `y` (the body) and `Y` (the curl line) copy reaches tmux's buffer by
//! OSC 52 (`set-clipboard on`) and is pasted into bash 5 (bracketed paste on) in a second
//! window; the command must not run. A control paste of the raw body shows that it would.

use crate::net_support::keys::{jwks, rsa_key, sign};
use crate::net_support::server::{self, json, not_found, text};
use crate::support::tmux::{Tmux, unique_name};
use std::path::Path;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(15);

/// Serves discovery, a JWKS, signed client-credentials tokens, and a tenant-settings body that
/// tries to end bracketed paste and run `touch <pwned>`.
async fn hostile_tenant(pwned: &Path) -> server::TestServer {
    let key = rsa_key("k1");
    let keys = serde_json::to_value(jwks(&[&key])).expect("jwks");
    let body = format!("{{\"friendly_name\":\"ok\u{1b}[201~\ntouch {}\n\u{9b}201~\"}}", pwned.display());
    server::start(move |request| {
        let host = request.header("host").unwrap_or_default();
        let base = format!("http://{host}");
        match (request.method.as_str(), request.path.as_str()) {
            ("GET", "/.well-known/openid-configuration") => json(
                200,
                serde_json::json!({
                    "issuer": format!("{base}/"),
                    "token_endpoint": format!("{base}/oauth/token"),
                    "jwks_uri": format!("{base}/.well-known/jwks.json"),
                }),
            ),
            ("GET", "/.well-known/jwks.json") => json(200, keys.clone()),
            ("POST", "/oauth/token") => {
                let now = chrono::Utc::now().timestamp();
                let claims = serde_json::json!({
                    "iss": format!("{base}/"), "sub": "hostile@clients", "aud": format!("{base}/api/v2/"),
                    "iat": now, "exp": now + 86_400, "azp": "hostile", "gty": "client-credentials",
                    "scope": "read:tenant_settings read:users",
                });
                let token = sign(&key, &claims);
                json(
                    200,
                    serde_json::json!({"access_token": token, "token_type": "Bearer", "expires_in": 86_400}),
                )
            }
            ("GET", "/api/v2/tenants/settings") => text(200, "application/json", &body),
            _ => not_found(),
        }
    })
    .await
}

/// Pastes tmux's newest buffer (`copied`) into the bash pane, waits until bash shows the end of
/// it on its line, discards the line with Ctrl-U (readline's unix-line-discard: a byte queued
/// behind the paste, unlike Ctrl-C, whose signal can overtake pasted bytes not read yet) and
/// runs one more command, so anything the paste had made bash run would have run by the time
/// `checked-<n>` is printed.
fn paste_into_bash(tmux: &Tmux, bash: &str, copied: &str, n: u32) {
    let last_line = copied.trim_end().lines().last().unwrap_or_default();
    let end = &last_line[last_line.len().saturating_sub(16)..];
    tmux.paste_to(bash);
    tmux.wait_in(bash, end, WAIT);
    tmux.keys_to(bash, &["C-e", "C-u"]);
    tmux.keys_to(bash, &["-l", &format!("echo checked-{n}")]);
    tmux.keys_to(bash, &["Enter"]);
    tmux.wait_in(bash, &format!("\nchecked-{n}"), WAIT);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_tokex_copies_pasted_into_bash_runs_nothing() {
    let dir = std::env::temp_dir().join(unique_name("tokex-paste"));
    std::fs::create_dir_all(&dir).expect("dir");
    let (pwned, control) = (dir.join("pwned"), dir.join("control-ran"));
    let server = hostile_tenant(&pwned).await;
    let rc = dir.join("bashrc");
    std::fs::write(
        &rc,
        format!("PS1='paste-target$ '\nbind 'set enable-bracketed-paste on'\ncd '{}'\n", dir.display()),
    )
    .expect("rc");
    let tokex = format!(
        "env -u AUTH0_AUDIENCE AUTH0_DOMAIN={} AUTH0_CLIENT_ID=hostile AUTH0_CLIENT_SECRET=s3cret-value-0123456789 \
         XDG_CONFIG_HOME=/nonexistent XDG_CACHE_HOME={} NO_COLOR=1 {}",
        server.base(),
        dir.join("cache").display(),
        env!("CARGO_BIN_EXE_tokex")
    );
    let bash = format!(
        "env -i HOME={} TERM=screen PATH=/usr/bin:/bin INPUTRC=/dev/null bash --noprofile --rcfile {} -i",
        dir.display(),
        rc.display()
    );
    let (base, pwned_path, control_path) = (server.base(), pwned.clone(), control.clone());
    tokio::task::spawn_blocking(move || {
        let tmux = Tmux::start(&tokex);
        tmux.server_option("set-clipboard", "on");
        let shell = tmux.new_window(&bash);
        tmux.wait_in(&shell, "paste-target$", WAIT);

        // The control: the raw body, pasted as it came from the server, does run its command.
        tmux.set_buffer(&format!("true \u{1b}[201~\ntouch {}\n", control_path.display()));
        tmux.paste_to(&shell);
        let started = std::time::Instant::now();
        while !control_path.exists() {
            assert!(started.elapsed() < WAIT, "the control paste did not run: {}", tmux.capture_pane(&shell));
            std::thread::sleep(Duration::from_millis(50));
        }
        tmux.keys_to(&shell, &["C-e", "C-u"]);

        // `c`: the token, as fetched from the hostile tenant.
        tmux.wait_for("No token yet", WAIT);
        tmux.keys(&["f"]);
        tmux.wait_for("New token from `env`", WAIT);
        tmux.keys(&["c"]);
        tmux.wait_for("Sent the token", WAIT);
        let token = tmux.buffer();
        assert!(token.starts_with("eyJ") && token.split('.').count() == 3, "{token}");
        paste_into_bash(&tmux, &shell, &token, 1);

        // `y`: the body with ESC[201~, a newline and a command in a JSON string.
        tmux.keys(&["3", "/"]);
        tmux.keys(&["-l", "tenants settings"]);
        tmux.wait_for("Enter keeps", WAIT);
        tmux.keys(&["Enter"]);
        tmux.keys(&["Enter"]);
        tmux.wait_for_all(&["200 OK", "Response · GET /api/v2/tenants/settings"], WAIT);
        tmux.keys(&["y"]);
        tmux.wait_for("control characters escaped", WAIT);
        let body = tmux.buffer();
        let expected =
            format!("{{\"friendly_name\":\"ok\\u001b[201~\ntouch {}\n\\u009b201~\"}}", pwned_path.display());
        assert_eq!(body, expected, "the copy is the body with its control characters escaped");
        paste_into_bash(&tmux, &shell, &body, 2);

        // `Y`: the call as a curl line.
        tmux.keys(&["Y"]);
        tmux.wait_for("Sent a curl command", WAIT);
        let curl = tmux.buffer();
        assert!(curl.starts_with(&format!("curl -sS -X GET '{base}/api/v2/tenants/settings'")), "{curl}");
        paste_into_bash(&tmux, &shell, &curl, 3);

        tmux.keys(&["q"]);
        tmux.wait_for("tokex exited with 0", WAIT);
    })
    .await
    .expect("tmux session");
    assert!(!pwned.exists(), "a pasted copy ran the hostile server's command");
    let _ = std::fs::remove_dir_all(&dir);
}
