//! End to end: `tokex demo` in tmux, pane 4: the demo's day of history read from the tenant's
//! log (tokens to a CI runner, a laptop and an unknown address, a rotation, knocks with the old
//! secret), the countdown to "all clear" ticking, and a remedy's confirmation saying what will
//! not happen; Esc sends nothing, the typed id deletes the grant and the tokens stay counted.
// Needs the local tenant (the default `tenant` feature).
#![cfg(feature = "tenant")]

use crate::support::tmux::Tmux;
use std::time::Duration;

/// The seconds of the first `(in …s)` countdown on screen.
fn countdown(screen: &str) -> Option<String> {
    let start = screen.find("all clear at ")?;
    let rest = &screen[start..];
    let open = rest.find("(in ")?;
    let close = rest[open..].find(')')?;
    Some(rest[open..open + close].to_owned())
}

#[test]
fn the_demo_story_counts_down_and_a_remedy_says_what_it_will_not_do() {
    let config = std::env::temp_dir().join(format!("tokex-exposure-e2e-{}", std::process::id()));
    let binary = env!("CARGO_BIN_EXE_tokex");
    let tmux = Tmux::start(&format!("XDG_CONFIG_HOME={} {binary} demo", config.display()));
    tmux.wait_for("token fetched for demo-admin", Duration::from_secs(30));
    tmux.keys(&["4"]);
    tmux.wait_for("Not read yet: r reads the tenant's log", Duration::from_secs(10));
    tmux.keys(&["r"]);
    // The demo's day: 12 CI tokens, 3 from the laptop, 2 from the unknown address, and the
    // demo's own; the rotation two hours ago; two knocks after it.
    let story = tmux.wait_for_all(
        &["18 live tokens · all clear at", "2 failed exchanges since the rotation", "192.0.2.44 · 2 tries"],
        Duration::from_secs(20),
    );
    assert!(story.contains("203.0.113.10 · 12 tokens"), "{story}");
    assert!(story.contains("after the last secret rotation"), "{story}");
    let first = countdown(&story).unwrap_or_else(|| panic!("no countdown:\n{story}"));
    // The countdown follows the clock.
    let start = std::time::Instant::now();
    let later = loop {
        let screen = tmux.capture();
        match countdown(&screen) {
            Some(now) if now != first => break screen,
            _ => {}
        }
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "the countdown did not move from {first}:\n{screen}"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(later.contains("18 live tokens"), "{later}");

    // D: the grant deletion's confirmation, with what will not happen.
    tmux.keys(&["D"]);
    let asked = tmux.wait_for_all(
        &["Confirm a call that changes the tenant", "DELETE /api/v2/client-grants/", "will not"],
        Duration::from_secs(10),
    );
    assert!(asked.contains("the 18 live tokens stay valid until"), "{asked}");
    assert!(asked.contains("deleting the grant does"), "{asked}");
    // Letters of global keys are text in the confirmation: 3 shows no pane, ? no help, q does
    // not quit; Enter on them keeps the box open with the reason, and nothing is sent.
    tmux.keys(&["-l", "3?q"]);
    tmux.keys(&["Enter"]);
    let refused = tmux.wait_for("Does not match: Type the id", Duration::from_secs(10));
    assert!(refused.contains("Confirm a call that changes the tenant"), "{refused}");
    assert!(!refused.contains("tokex exited") && !refused.contains("Global keys"), "{refused}");
    tmux.keys(&["Escape"]);
    tmux.wait_for("Cancelled: nothing was sent.", Duration::from_secs(10));

    // Now for real: its id's last six characters, from the confirmation's instruction.
    tmux.keys(&["D"]);
    let asked = tmux.wait_for("or its last 6 characters (", Duration::from_secs(10));
    let suffix = asked
        .split("or its last 6 characters (")
        .nth(1)
        .and_then(|rest| rest.split(')').next())
        .unwrap_or_default()
        .to_owned();
    assert_eq!(suffix.len(), 6, "{asked}");
    tmux.keys(&[&suffix, "Enter"]);
    let done = tmux.wait_for("Grant deleted: the client gets no new token.", Duration::from_secs(10));
    assert!(done.contains("Still: the 18 live tokens stay valid"), "{done}");
    tmux.keys(&["q"]);
    tmux.wait_for("tokex exited with 0", Duration::from_secs(10));
    let _ = std::fs::remove_dir_all(&config);
}
