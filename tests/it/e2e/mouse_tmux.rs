//! The mouse end to end: the real binary in tmux, sent the SGR mouse reports a terminal sends
//! (`ESC [ < button ; x ; y M`). Clicks switch tabs, fold a group and select a row, the wheel
//! scrolls the Inspector's body; `--no-mouse` leaves the terminal's mouse modes off, and
//! quitting turns them off again.

use crate::support;

use std::time::Duration;
use support::tmux::Tmux;

const WAIT: Duration = Duration::from_secs(10);

fn command(flags: &str) -> String {
    let token = support::management_token(
        chrono::Utc::now().timestamp(),
        86_400,
        "read:users update:users read:clients read:client_keys",
    );
    format!(
        "env -u AUTH0_DOMAIN -u AUTH0_CLIENT_ID XDG_CONFIG_HOME=/nonexistent XDG_CACHE_HOME=/nonexistent NO_COLOR=1 {} {flags} {token}",
        env!("CARGO_BIN_EXE_tokex")
    )
}

#[test]
fn clicks_switch_tabs_fold_groups_select_rows_and_the_wheel_scrolls() {
    let tmux = Tmux::start(&command(""));
    tmux.wait_for_all(&["Inspector ·", "▶ Decoded"], WAIT);
    assert_eq!(tmux.display("#{mouse_sgr_flag}"), "1", "tokex asked for SGR mouse reports");

    // The wheel over the body scrolls it: the HEADER row leaves the top of the box.
    let (x, y) = tmux.position_of("HEADER", WAIT);
    for _ in 0..3 {
        tmux.wheel(x + 5, y + 4, true);
    }
    let start = std::time::Instant::now();
    while tmux.capture().contains("│HEADER") {
        assert!(start.elapsed() < WAIT, "the wheel did not scroll:\n{}", tmux.capture());
        std::thread::sleep(Duration::from_millis(50));
    }

    // A click on a tab shows that pane.
    let (x, y) = tmux.position_of("3 API", WAIT);
    tmux.click(x + 1, y);
    tmux.wait_for_all(&["List ·", "▾ users"], WAIT);

    // A click on ▾ folds the group; another on ▸ unfolds it.
    let (x, y) = tmux.position_of("▾ users", WAIT);
    tmux.click(x, y);
    tmux.wait_for("▸ users", WAIT);
    tmux.click(x, y);
    tmux.wait_for("▾ users", WAIT);

    // A click on a row selects it: the details name it.
    let (x, y) = tmux.position_of("PATCH  /users/{id}", WAIT);
    tmux.click(x + 3, y);
    tmux.wait_for("PATCH /api/v2/users/{id}", WAIT);

    // A click on a tab again, then q quits and the terminal's mouse modes are off again.
    let (x, y) = tmux.position_of("1 Inspector", WAIT);
    tmux.click(x + 1, y);
    tmux.wait_for("Inspector ·", WAIT);
    tmux.keys(&["q"]);
    tmux.wait_for("tokex exited with 0", WAIT);
    assert_eq!(tmux.display("#{mouse_any_flag}#{mouse_sgr_flag}#{mouse_button_flag}"), "000");
}

#[test]
fn no_mouse_leaves_the_mouse_to_the_terminal() {
    let tmux = Tmux::start(&command("--no-mouse"));
    tmux.wait_for_all(&["Inspector ·", "▶ Decoded"], WAIT);
    assert_eq!(
        tmux.display("#{mouse_any_flag}#{mouse_sgr_flag}#{mouse_button_flag}#{mouse_standard_flag}"),
        "0000",
        "no mouse mode was asked for"
    );
    tmux.keys(&["q"]);
    tmux.wait_for("tokex exited with 0", WAIT);
}
