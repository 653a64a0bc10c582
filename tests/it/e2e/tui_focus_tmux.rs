//! End to end in tmux: the focus footer and the `/` prompt as a user sees them, and `E`
//! handing the JSON body to `$EDITOR` (a script that writes a known body) and taking it back.

use crate::support;

use std::time::Duration;
use support::tmux::{Tmux, unique_name};

const WAIT: Duration = Duration::from_secs(10);

fn command(extra_env: &str) -> String {
    let token = support::management_token(chrono::Utc::now().timestamp(), 86_400, "read:users update:users");
    format!(
        "env -u AUTH0_DOMAIN -u AUTH0_CLIENT_ID XDG_CONFIG_HOME=/nonexistent XDG_CACHE_HOME=/nonexistent {extra_env} {} {token}",
        env!("CARGO_BIN_EXE_tokex")
    )
}

#[test]
fn the_footer_names_the_focus_and_slash_says_what_it_filters() {
    let tmux = Tmux::start(&command("NO_COLOR=1"));
    tmux.wait_for_all(&["Inspector ·", "▶ Decoded"], WAIT);
    tmux.keys(&["3"]);
    tmux.wait_for_all(&["List ·", "/ filter", "▶ Endpoints"], WAIT);
    tmux.keys(&["/"]);
    tmux.wait_for_all(&["filter operations · Enter keeps", "Filter operations ·"], WAIT);
    tmux.keys(&["users", "Enter"]);
    tmux.wait_for_all(&["filter: users", "List ·"], WAIT);
    // Reopened, the kept filter is selected: typing replaces it.
    tmux.keys(&["/"]);
    tmux.wait_for_all(&["filter operations · Enter keeps", "│users", "type replaces  ← → End edit it"], WAIT);
    tmux.keys(&["roles"]);
    tmux.wait_for("│roles", WAIT);
    tmux.keys(&["Enter"]);
    tmux.wait_for("filter: roles", WAIT);
    // Esc in the list drops the kept filter and says so.
    tmux.keys(&["Escape"]);
    let screen = tmux.wait_for("Filter cleared", WAIT);
    assert!(!screen.contains("filter: roles"), "{screen}");
    tmux.keys(&["l"]);
    tmux.wait_for_all(&["Parameters ·", "▶ Parameters"], WAIT);
    tmux.keys(&["q"]);
    tmux.wait_for("tokex exited with 0", WAIT);
}

#[test]
fn capital_e_edits_the_body_in_editor_and_the_form_shows_it() {
    let dir = std::env::temp_dir().join(unique_name("tokex-editor"));
    std::fs::create_dir_all(&dir).expect("dir");
    let script = dir.join("editor.sh");
    let seen = dir.join("seen");
    // Records the file's mode and first line, then writes the known body into it.
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\necho \"$1\" > '{seen}'\nstat -c %a \"$1\" >> '{seen}'\nhead -c 200 \"$1\" >> '{seen}'\n\
             printf '{{\"app_metadata\": {{\"plan\": \"from-editor\"}}}}' > \"$1\"\n",
            seen = seen.display()
        ),
    )
    .expect("script");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    let tmux = Tmux::start(&command(&format!("EDITOR={}", script.display())));
    open_the_body_form(&tmux);
    tmux.keys(&["E"]);
    let screen = tmux.wait_for_all(&["from-editor", "Body taken from the editor"], WAIT);
    assert!(screen.contains(r#"{"app_metadata":{"plan":"from-editor"}}"#), "{screen}");
    assert!(tmux.alternate_on(), "the TUI took the terminal back");
    let seen = std::fs::read_to_string(&seen).expect("the editor ran");
    let mut lines = seen.lines();
    let file = std::path::PathBuf::from(lines.next().expect("the file's path"));
    assert_eq!(lines.next(), Some("600"), "the body file is private: {seen}");
    assert!(seen.contains("\"plan\": \"pro\""), "the editor got the current body: {seen}");
    // The private directory and the file are gone once the body is read.
    assert!(!file.exists(), "{} was left behind", file.display());
    assert!(file.parent().is_some_and(|dir| !dir.exists()), "its directory was left behind");
    tmux.keys(&["q"]);
    tmux.wait_for("tokex exited with 0", WAIT);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The API pane on PATCH /users/{id}, its parameter form focused (where `E` edits the body).
fn open_the_body_form(tmux: &Tmux) {
    tmux.wait_for("▶ Decoded", WAIT);
    tmux.keys(&["3", "/"]);
    tmux.wait_for("filter operations ·", WAIT);
    tmux.keys(&["patch /users/{id}", "Enter"]);
    tmux.wait_for("filter: patch /users/{id}", WAIT);
    // Walk down the filtered list until the details show the operation.
    let mut found = false;
    for _ in 0..20 {
        let screen = tmux.capture();
        if screen.contains("PATCH /api/v2/users/{id} ") {
            found = true;
            break;
        }
        tmux.keys(&["Down"]);
        wait_for_change(tmux, &screen);
    }
    assert!(found, "PATCH /users/{{id}} not reached:\n{}", tmux.capture());
    tmux.keys(&["l"]);
    tmux.wait_for("Parameters ·", WAIT);
}

/// A hostile neighbour at umask 000: the editor's directory and file stay 0700 and 0600 (so no
/// other user can swap the body), and what is found at the body's path after the editor (a
/// FIFO, a link to a planted body) is refused without freezing the TUI.
#[test]
fn the_editor_body_stays_private_and_a_fifo_or_link_in_its_place_is_refused() {
    let dir = std::env::temp_dir().join(unique_name("tokex-editor-hostile"));
    std::fs::create_dir_all(&dir).expect("dir");
    let (script, seen, planted) = (dir.join("editor.sh"), dir.join("seen"), dir.join("planted.json"));
    std::fs::write(&planted, r#"{"app_metadata": {"plan": "attacker"}}"#).expect("planted");
    // First run: modes recorded, the body replaced by a FIFO; second: by a link to the planted body.
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh
stat -c %a \"$(dirname \"$1\")\" \"$1\" >> '{seen}'
rm -f \"$1\"
             if [ -e '{seen}.once' ]; then ln -s '{planted}' \"$1\"; else touch '{seen}.once'; mkfifo \"$1\"; fi
",
            seen = seen.display(),
            planted = planted.display()
        ),
    )
    .expect("script");
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    let tmux = Tmux::start(&format!("umask 000; {}", command(&format!("EDITOR={}", script.display()))));
    open_the_body_form(&tmux);
    tmux.keys(&["E"]);
    tmux.wait_for_all(&["External editor:", "not a regular"], WAIT);
    assert!(tmux.alternate_on(), "the TUI is back and answering");
    tmux.keys(&["E"]);
    let screen = tmux.wait_for_all(&["External editor:", "symbolic link"], WAIT);
    assert!(!screen.contains("attacker"), "the planted body was not taken: {screen}");
    let modes = std::fs::read_to_string(&seen).expect("the editor ran");
    assert_eq!(modes.lines().collect::<Vec<_>>(), ["700", "600", "700", "600"], "at umask 000");
    tmux.keys(&["q"]);
    tmux.wait_for("tokex exited with 0", WAIT);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Waits (bounded) until the screen differs from `before`: a key was handled.
fn wait_for_change(tmux: &Tmux, before: &str) {
    let start = std::time::Instant::now();
    while tmux.capture() == before {
        assert!(start.elapsed() < WAIT, "the screen did not change:\n{before}");
        std::thread::sleep(Duration::from_millis(50));
    }
}
