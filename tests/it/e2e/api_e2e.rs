//! End to end: `tokex demo` in tmux, pane 3, filter to an endpoint, call it, see the answer.

use crate::support;

use std::time::Duration;
use support::tmux::Tmux;

#[test]
fn demo_pane_three_filter_call_and_see_the_body() {
    let binary = env!("CARGO_BIN_EXE_tokex");
    let config = std::env::temp_dir().join(format!("tokex-api-e2e-{}", std::process::id()));
    let tmux = Tmux::start(&format!("XDG_CONFIG_HOME={} {binary} demo", config.display()));
    tmux.wait_for("token fetched for demo-admin", Duration::from_secs(30));
    tmux.keys(&["3"]);
    // The demo admin is granted the scopes of the curated operations; the count covers all 469.
    tmux.wait_for("/469 allowed", Duration::from_secs(5));
    tmux.keys(&["/"]);
    tmux.keys(&["-l", "tenants settings"]);
    tmux.wait_for("Enter keeps", Duration::from_secs(5));
    tmux.keys(&["Enter"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for_all(
        &["200 OK", "Response · GET /api/v2/tenants/settings", "\"friendly_name\"", "rate limit"],
        Duration::from_secs(10),
    );
    tmux.keys(&["q"]);
    tmux.wait_for("tokex exited with 0", Duration::from_secs(10));
}
