//! Issue 25, points 5 and 6: completions that know the tenant, in a real bash under tmux
//! (`--profile <TAB>` from the config, `call GET /us<TAB>` from the 469 operations), and one
//! complete manual page that `man -l` renders without a warning.

use crate::cli_support::{self, args, text, tokex};
use crate::support::tmux::Tmux;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bash_completes_profiles_methods_and_operation_paths() {
    let dir = std::env::temp_dir().join(format!("tokex-complete-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).expect("bin");
    std::fs::create_dir_all(dir.join("config/tokex")).expect("config");
    std::os::unix::fs::symlink(cli_support::BINARY, bin.join("tokex")).expect("symlink");
    std::fs::write(
        dir.join("config/tokex/config.toml"),
        "[profiles.alpha-prod]\ndomain = \"alpha.eu.auth0.com\"\nclient_id = \"a\"\n\n\
         [profiles.beta-dev]\ndomain = \"beta.eu.auth0.com\"\nclient_id = \"b\"\n",
    )
    .expect("config");
    let command = format!(
        "env -i PATH={}:/usr/bin:/bin HOME={} XDG_CONFIG_HOME={} TERM=xterm bash --norc --noprofile -i",
        bin.display(),
        dir.display(),
        dir.join("config").display()
    );
    let screen = tokio::task::spawn_blocking(move || {
        let tmux = Tmux::start(&command);
        tmux.keys(&["source <(COMPLETE=bash tokex); echo registered", "Enter"]);
        tmux.wait_for("registered", Duration::from_secs(20));
        tmux.keys(&["tokex --profile al", "Tab"]);
        tmux.wait_for("tokex --profile alpha-prod", Duration::from_secs(20));
        tmux.keys(&["C-u", "tokex call GET /users/{id}/rol", "Tab"]);
        tmux.wait_for("tokex call GET /users/{id}/roles", Duration::from_secs(20));
        tmux.keys(&["C-u", "tokex endpoints --group client-gr", "Tab"]);
        tmux.wait_for("tokex endpoints --group client-grants", Duration::from_secs(20));
        // bash splits words at `:` (COMP_WORDBREAKS): a scope list is completed inside quotes.
        tmux.keys(&["C-u", "tokex encode --scope \"read:users read:client_gr", "Tab"]);
        tmux.wait_for("tokex encode --scope \"read:users read:client_grants\"", Duration::from_secs(20));
        tmux.keys(&["C-u", "tokex call po", "Tab"]);
        tmux.wait_for("tokex call POST", Duration::from_secs(20));
        tmux.keys(&["C-u", "tokex call GET /us", "Tab"]);
        // The GET paths starting /us share `/user`: bash completes that; Tab Tab then lists them.
        tmux.wait_for("tokex call GET /user", Duration::from_secs(20));
        std::thread::sleep(Duration::from_millis(300));
        tmux.keys(&["Tab", "Tab"]);
        tmux.wait_for_all(&["/users", "/user-blocks"], Duration::from_secs(20))
    })
    .await
    .expect("join");
    assert!(!screen.contains("/usr/"), "paths come from the API, not the file system: {screen}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The page renders without a warning from man or groff, names every command, the TUI's keys
/// and the sections a man page needs, and points at no page that does not exist.
#[tokio::test]
async fn the_manual_page_is_complete_and_renders_cleanly() {
    let out = tokex(args(&["man"]), "", vec![]).await;
    assert_eq!(out.status.code(), Some(0));
    let page = std::env::temp_dir().join(format!("tokex-man-{}.1", std::process::id()));
    std::fs::write(&page, &out.stdout).expect("page");
    let Ok(rendered) = std::process::Command::new("man")
        .arg("-l")
        .arg(&page)
        .env("MANWIDTH", "80")
        .env("MAN_KEEP_STDERR", "1")
        .output()
    else {
        panic!("man is needed (.ci/run installs man-db)");
    };
    let stdout = text(&rendered.stdout);
    let stderr = text(&rendered.stderr);
    let _ = std::fs::remove_file(&page);
    assert!(rendered.status.success(), "{stderr}");
    assert!(!stderr.contains("warning") && !stdout.contains("warning:"), "man warns: {stderr}");
    for needle in [
        "GLOBAL OPTIONS",
        "COMMANDS",
        "tokex decode",
        "tokex encode",
        "tokex call METHOD PATH",
        "tokex cache list",
        "KEYS OF THE TERMINAL UI",
        "CONFIGURATION",
        "ENVIRONMENT",
        "FILES",
        "EXIT STATUS",
        "EXAMPLES",
        "--generate-key",
        "tokex scopes-for GET /users POST /roles",
        "source <(COMPLETE=bash tokex)",
    ] {
        assert!(stdout.contains(needle), "{needle} missing:\n{stdout}");
    }
    assert!(!stdout.contains("tokex-call(1)") && !stdout.contains("SEE ALSO"), "{stdout}");
}
