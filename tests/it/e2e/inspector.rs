//! End to end: the real binary in a real terminal (tmux), with bracketed paste.

use crate::support;

use support::tmux::{Tmux, rand_suffix};

use std::process::Command;
use std::time::Duration;

fn every_scope() -> String {
    let resources = [
        "users",
        "users_app_metadata",
        "user_idp_tokens",
        "clients",
        "client_keys",
        "client_credentials",
        "client_grants",
        "connections",
        "resource_servers",
        "device_credentials",
        "rules",
        "rules_configs",
        "hooks",
        "actions",
        "email_provider",
        "stats",
        "insights",
        "tenant_settings",
        "logs",
        "logs_users",
        "shields",
        "anomaly_blocks",
        "triggers",
        "grants",
        "guardian_factors",
        "custom_domains",
        "email_templates",
        "mfa_policies",
        "roles",
        "prompts",
        "branding",
        "log_streams",
        "signing_keys",
        "limits",
        "role_members",
        "entitlements",
        "attack_protection",
        "organizations",
        "organization_members",
        "organization_connections",
        "organization_member_roles",
        "organization_invitations",
        "scim_config",
        "phone_providers",
        "phone_templates",
        "encryption_keys",
        "sessions",
        "refresh_tokens",
        "authentication_methods",
        "client_credentials",
        "self_service_profiles",
        "sso_access_tickets",
        "forms",
        "flows",
    ];
    let mut scopes = Vec::new();
    for resource in resources {
        for action in ["read", "create", "update", "delete"] {
            scopes.push(format!("{action}:{resource}"));
        }
    }
    scopes.join(" ")
}

#[test]
fn paste_countdown_bad_paste_and_quit() {
    let binary = env!("CARGO_BIN_EXE_tokex");
    let tmux = Tmux::start(binary);
    tmux.wait_for("No token yet", Duration::from_secs(10));

    let now = chrono::Utc::now().timestamp();
    let every_scope_list = every_scope();
    let token = support::management_token(now, 3_600, &every_scope_list);
    assert!(token.len() > 3_000, "test with a realistically large token ({} bytes)", token.len());
    tmux.paste(&format!("Bearer {token}"));
    let distinct: std::collections::BTreeSet<&str> = every_scope_list.split(' ').collect();
    let scope_count = format!("{} scopes in `scope`", distinct.len());
    tmux.wait_for_all(&["SCOPES", &scope_count, "client_grants", "expires in"], Duration::from_secs(5));

    let countdown = |screen: &str| -> String {
        screen.lines().find(|l| l.contains("expires in")).map(str::to_owned).unwrap_or_default()
    };
    let first = countdown(&tmux.capture());
    assert!(first.contains("expires in 59m") || first.contains("expires in 1h"), "{first}");
    std::thread::sleep(Duration::from_millis(2_200));
    let second = countdown(&tmux.capture());
    assert_ne!(first, second, "the countdown must move on its own");

    // Shortcut letters inside a paste must not act: this would quit if they did.
    tmux.paste("q is not a token");
    // The old token stays on screen beside the message.
    tmux.wait_for_all(&["Not a token", "previous token is kept", "SCOPES"], Duration::from_secs(5));

    tmux.keys(&["q"]);
    tmux.wait_for("tokex exited with 0", Duration::from_secs(5));
}

#[test]
fn decode_reads_stdin_and_reports_bad_input() {
    let binary = env!("CARGO_BIN_EXE_tokex");
    let token = support::management_token(support::NOW, 86_400, "read:users");
    let output =
        Command::new(binary).args(["decode", "--json", &token]).env("NO_COLOR", "1").output().expect("runs");
    assert_eq!(output.status.code(), Some(0));
    let summary: serde_json::Value = serde_json::from_slice(&output.stdout).expect("one JSON object");
    assert_eq!(summary["scopes"], serde_json::json!(["read:users"]));
    assert_eq!(summary["signature"], "not_verified");

    let output = Command::new(binary).args(["decode", "--json", "a.b"]).output().expect("runs");
    assert_eq!(output.status.code(), Some(i32::from(tokex::cli::exit::BAD_INPUT)));
    let error: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON error");
    assert!(error["error"].as_str().unwrap_or("").contains("2 part(s)"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "one-line message: {stderr}");

    let output = Command::new(binary).args(["decode", &token]).output().expect("runs");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(!text.contains('\u{1b}'), "no ANSI when stdout is not a terminal");
    assert!(text.contains("users: read"));
}

// Needs the local tenant (the default `tenant` feature).
#[cfg(feature = "tenant")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn f_fetches_a_verified_token_and_the_secret_never_shows() {
    let tenant =
        tokex::tenant::RunningTenant::start(tokex::tenant::TenantConfig::default()).await.expect("tenant");
    let admin = tenant.client("tokex-admin").expect("admin client");
    let secret = admin.client_secret.clone();
    let command = format!(
        "env -u AUTH0_AUDIENCE XDG_CONFIG_HOME=/nonexistent AUTH0_DOMAIN={} AUTH0_CLIENT_ID={} AUTH0_CLIENT_SECRET={} {}",
        tenant.domain(),
        admin.client_id,
        secret,
        env!("CARGO_BIN_EXE_tokex")
    );
    let secret_tail = secret[secret.len() - 4..].to_owned();
    let screens = tokio::task::spawn_blocking(move || {
        let tmux = Tmux::start(&command);
        tmux.wait_for("No token yet", Duration::from_secs(10));
        tmux.keys(&["f"]);
        let inspector = tmux
            .wait_for_all(&["signature verified", "Token (fetched)", "expires in"], Duration::from_secs(10));
        tmux.keys(&["2"]);
        let masked = format!("••••{}", &secret_tail);
        let tokens =
            tmux.wait_for_all(&["Profiles", "● env", &masked, "fetched from env"], Duration::from_secs(5));
        tmux.keys(&["q"]);
        tmux.wait_for("tokex exited with 0", Duration::from_secs(5));
        (inspector, tokens)
    })
    .await
    .expect("tmux thread");
    let (inspector, tokens) = screens;
    assert!(inspector.contains("Token (fetched)"), "{inspector}");
    assert!(inspector.contains("expires in 23h 59m") || inspector.contains("expires in 1d "), "{inspector}");
    assert!(tokens.contains("● env"), "the env profile is active:\n{tokens}");
    assert!(
        tokens.contains(&format!("••••{}", &secret[secret.len() - 4..])),
        "masked to the last 4:\n{tokens}"
    );
    assert!(tokens.contains("fetched from env"), "{tokens}");
    for screen in [&inspector, &tokens] {
        assert!(!screen.contains(&secret[..12]), "the secret must never reach the screen");
    }
}

#[test]
fn sigterm_leaves_the_terminal_restored() {
    // A unique token argument lets the test find exactly this process.
    let marker = format!("marker{}", rand_suffix());
    let token = support::token(
        serde_json::json!({"alg": "RS256"}),
        serde_json::json!({"sub": marker, "exp": chrono::Utc::now().timestamp() + 600}),
    );
    let command = format!(
        "{} {token}; echo \"tokex exited with $? mode $(stty -a | tr ' ;' '\\n\\n' | grep -x -- '-*icanon')\"",
        env!("CARGO_BIN_EXE_tokex")
    );
    let tmux = Tmux::start(&command);
    tmux.wait_for("SCOPES", Duration::from_secs(10));
    // Anchored at the start so the `sh -c` wrapper (whose command line holds the token too) is spared.
    let pattern = format!("^{} {}", env!("CARGO_BIN_EXE_tokex"), &token[..40]);
    let pids = Command::new("pgrep").args(["-f", &pattern]).output().expect("pgrep");
    let pids = String::from_utf8_lossy(&pids.stdout).into_owned();
    let pid = pids.lines().find(|p| !p.is_empty()).expect("tokex is running").to_owned();
    assert!(Command::new("kill").args(["-TERM", &pid]).status().expect("kill").success());
    let screen = tmux.wait_for("tokex exited with 0 mode", Duration::from_secs(5));
    assert!(
        screen.contains("tokex exited with 0 mode icanon"),
        "canonical mode restored (not raw):\n{screen}"
    );
    assert!(!screen.contains("SCOPES"), "the alternate screen was left:\n{screen}");
}
