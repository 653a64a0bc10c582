//! The grant drift story end to end, in the real binary in tmux against the real local tenant:
//! a token is issued, its grant loses `read:users` (PATCH), the Inspector's grant line says the
//! scope is still usable until exp, the old token still lists users and a new one cannot; `f`
//! fetches a token that matches the grant again. The grant line never fetches a token itself:
//! it reads the grant with the admin's token that `tokex fetch` left in the token cache.
// Needs the local tenant (the default `tenant` feature): skipped in a client-only build.
#![cfg(feature = "tenant")]

use crate::support;
use crate::tenant_support;

use std::time::Duration;
use support::tmux::Tmux;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_inspector_shows_a_shrunk_grant_and_f_catches_up() {
    let tenant = tenant_support::start().await;
    let old = tenant_support::token_for(&tenant, "tokex-readonly").await;
    let readonly = tenant.client("tokex-readonly").expect("client");
    let (_, patched) = tenant_support::remove_grant_scope(&tenant, "tokex-readonly", "read:users").await;
    assert_eq!(patched.status.as_u16(), 200, "{}", patched.text);

    // The TUI inspects the old token with the admin client as its profile (it may read grants);
    // the read-only client is the active profile for `f`, so its new token is compared too.
    let admin_client = tenant.client("tokex-admin").expect("client");
    let home = std::env::temp_dir().join(format!("tokex-drift-tui-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&home);
    std::fs::create_dir_all(home.join("config/tokex")).expect("config dir");
    let config = format!(
        "default_profile = \"readonly\"\n\n[profiles.readonly]\ndomain = \"{domain}\"\nclient_id = \"{ro_id}\"\n\
         client_secret_env = \"RO_SECRET\"\n\n[profiles.admin]\ndomain = \"{domain}\"\nclient_id = \"{admin_id}\"\n\
         client_secret_env = \"ADMIN_SECRET\"\n",
        domain = tenant.domain(),
        ro_id = readonly.client_id,
        admin_id = admin_client.client_id,
    );
    let config_file = home.join("config/tokex/config.toml");
    std::fs::write(&config_file, config).expect("config");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&config_file, std::fs::Permissions::from_mode(0o600)).expect("mode");
    }
    let environment = format!(
        "RO_SECRET='{ro_secret}' ADMIN_SECRET='{admin_secret}' XDG_CONFIG_HOME={home}/config \
         XDG_CACHE_HOME={home}/cache XDG_STATE_HOME={home}/state",
        ro_secret = readonly.client_secret,
        admin_secret = admin_client.client_secret,
        home = home.display(),
    );
    let binary = env!("CARGO_BIN_EXE_tokex");
    // The admin's token, fetched and cached as a user would before opening the TUI.
    let fetched = std::process::Command::new("sh")
        .args(["-c", &format!("{environment} {binary} fetch --profile admin --quiet > /dev/null")])
        .status()
        .expect("tokex fetch");
    assert!(fetched.success(), "tokex fetch --profile admin");
    let cache = home.join("cache/tokex/tokens.json");
    let cached = |file: &std::path::Path| std::fs::read_to_string(file).unwrap_or_default();
    assert!(cached(&cache).contains(&admin_client.client_id), "tokex fetch cached the admin's token");
    assert!(!cached(&cache).contains(&readonly.client_id), "nothing of the read-only client yet");
    let command = format!("{environment} {binary} {old}");
    let screens = tokio::task::spawn_blocking(move || {
        let tmux = Tmux::start(&command);
        let drifted = tmux.wait_for_all(
            &["⚠ grant: no longer granted but still usable for 23h", "read:users"],
            Duration::from_secs(30),
        );
        tmux.keys(&["f"]);
        let caught_up = tmux.wait_for_all(&["(fetched)", "✓ grant: no drift"], Duration::from_secs(30));
        tmux.keys(&["q"]);
        tmux.wait_for("tokex exited with 0", Duration::from_secs(10));
        (drifted, caught_up)
    })
    .await
    .expect("tmux");
    assert!(screens.0.contains("(an issued token cannot be"), "{}", screens.0);
    // `f` in the TUI stored the token it fetched, as `tokex fetch` does.
    assert!(cached(&cache).contains(&readonly.client_id), "f cached its token:\n{}", cached(&cache));
    assert!(!screens.0.contains("problem"), "the test's configuration is clean:\n{}", screens.0);

    // The old token still lists users; a new token of the same client cannot.
    let listed = tenant_support::get(&tenant, &old, "/users?per_page=1").await;
    assert_eq!(listed.status.as_u16(), 200, "{}", listed.text);
    let new = tenant_support::token_for(&tenant, "tokex-readonly").await;
    let refused = tenant_support::get(&tenant, &new, "/users?per_page=1").await;
    assert_eq!(refused.status.as_u16(), 403, "{}", refused.text);
    let _ = std::fs::remove_dir_all(&home);
    tenant.shutdown().await;
}
