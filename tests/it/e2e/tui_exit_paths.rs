//! Every way out restores the terminal: SIGINT, SIGQUIT, SIGTERM and SIGHUP sent from outside
//! leave raw mode, the alternate screen and bracketed paste; a terminal that goes away (the
//! tmux pane or session destroyed) ends tokex instead of leaving it spinning on `read() = 0`.
//! The real binary in tmux; every wait is bounded.

use crate::support;

use std::process::Command;
use std::time::Duration;
use support::tmux::{PidFile, Tmux, wait_for_exit};

fn token() -> String {
    support::token(
        serde_json::json!({"alg": "RS256"}),
        serde_json::json!({"sub": "exit-paths", "exp": chrono::Utc::now().timestamp() + 600}),
    )
}

/// Runs tokex in a pane, sends `signal` to it and checks the terminal afterwards.
fn signal_restores_the_terminal(signal: &str) {
    // After tokex: its exit status and the tty's `icanon`/`echo` flags (`-icanon -echo` in raw mode).
    let pid_file = PidFile::new();
    let tokex = pid_file.exec(&format!("{} {}", env!("CARGO_BIN_EXE_tokex"), token()));
    let command = format!(
        "{tokex}; echo \"tokex exited with $? modes $(stty -a | tr ' ;' '\\n\\n' | grep -x -E -- '-?(icanon|echo)' | tr '\\n' ' ')end\""
    );
    let tmux = Tmux::start(&command);
    tmux.wait_for_all(&["SCOPES", "RAW TOKEN"], Duration::from_secs(10));
    assert!(tmux.alternate_on(), "tokex runs on the alternate screen");
    let pid = pid_file.wait_for("tokex", Duration::from_secs(5));
    assert!(
        Command::new("kill")
            .args([&format!("-{signal}"), &pid.to_string()])
            .status()
            .expect("kill")
            .success()
    );
    let screen = tmux.wait_for_all(&["tokex exited with", "end"], Duration::from_secs(5));
    assert!(
        screen.contains("tokex exited with 0 modes icanon echo end"),
        "SIG{signal}: tty restored:\n{screen}"
    );
    assert!(!tmux.alternate_on(), "SIG{signal}: the alternate screen was left");
    assert!(!screen.contains("SCOPES"), "SIG{signal}: the TUI is off screen:\n{screen}");
    assert!(wait_for_exit(pid, Duration::from_secs(5)), "SIG{signal}: tokex ({pid}) still runs");
}

#[test]
fn sigint_restores_the_terminal() {
    signal_restores_the_terminal("INT");
}

#[test]
fn sigquit_restores_the_terminal() {
    signal_restores_the_terminal("QUIT");
}

#[test]
fn sigterm_restores_the_terminal() {
    signal_restores_the_terminal("TERM");
}

#[test]
fn sighup_restores_the_terminal() {
    signal_restores_the_terminal("HUP");
}

/// Starts tokex (through `wrapper`, e.g. `setsid` so no SIGHUP reaches it), destroys its
/// terminal with `destroy`, and checks that tokex is gone soon after. Without a token nothing
/// is redrawn by itself, so no failed write ends tokex either: only noticing the end of input does.
fn exits_when_the_terminal_goes_away(wrapper: &str, with_token: bool, destroy: fn(&Tmux)) {
    let argument = if with_token { token() } else { String::new() };
    let pid_file = PidFile::new();
    let command = pid_file.exec(&format!("{wrapper} {} {argument}", env!("CARGO_BIN_EXE_tokex")));
    let tmux = Tmux::start(&command);
    if with_token {
        tmux.wait_for_all(&["SCOPES", "RAW TOKEN"], Duration::from_secs(10));
    } else {
        tmux.wait_for_all(&["No token yet.", "quit"], Duration::from_secs(10));
    }
    let pid = pid_file.wait_for("tokex", Duration::from_secs(5));
    destroy(&tmux);
    let gone = wait_for_exit(pid, Duration::from_secs(5));
    if !gone {
        // Do not leave a spinning process behind a failed test.
        let _ = Command::new("kill").args(["-KILL", &pid.to_string()]).status();
    }
    assert!(gone, "tokex ({pid}) still runs after its terminal went away ({wrapper:?}, token: {with_token})");
}

#[test]
fn a_killed_pane_ends_tokex() {
    exits_when_the_terminal_goes_away("", true, Tmux::kill_pane);
}

#[test]
fn a_killed_session_ends_tokex() {
    exits_when_the_terminal_goes_away("", false, Tmux::kill_session);
}

/// In a session of its own tokex gets no SIGHUP when the pane dies: only end of input tells.
#[test]
fn a_killed_pane_ends_tokex_without_a_hangup_signal() {
    exits_when_the_terminal_goes_away("setsid", false, Tmux::kill_pane);
}

#[test]
fn a_killed_session_ends_tokex_without_a_hangup_signal() {
    exits_when_the_terminal_goes_away("setsid", true, Tmux::kill_session);
}
