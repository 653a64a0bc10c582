//! "What if this token had read:clients?", end to end in the real binary in tmux against
//! `tokex demo`'s local tenant: the read-only client's token is refused `GET /clients` (403);
//! the Encoder (E) adds `read:clients` and signs with the tenant's own key; the new token's
//! signature verifies against the tenant's JWKS when inspected (i), and the same call with it
//! answers 200.
// Needs the local tenant (the default `tenant` feature): skipped in a client-only build.
#![cfg(feature = "tenant")]

use crate::support;

use std::time::Duration;
use support::tmux::Tmux;

const WAIT: Duration = Duration::from_secs(20);

/// In the API pane: filter to `GET /clients` and call it.
fn call_get_clients(tmux: &Tmux) {
    tmux.keys(&["3"]);
    tmux.keys(&["/"]);
    tmux.keys(&["-l", "get clients"]);
    tmux.wait_for("filter operations", WAIT);
    tmux.keys(&["Enter"]);
    tmux.wait_for("▶ Endpoints", WAIT);
    tmux.keys(&["Enter"]);
}

#[test]
fn the_encoder_adds_read_clients_and_the_demo_tenant_accepts_the_new_token() {
    let binary = env!("CARGO_BIN_EXE_tokex");
    let config = std::env::temp_dir().join(format!("tokex-encoder-e2e-{}", std::process::id()));
    let tmux = Tmux::start(&format!("XDG_CONFIG_HOME={} {binary} demo", config.display()));
    tmux.wait_for("token fetched for demo-admin", Duration::from_secs(30));

    // The read-only client (read:users read:stats) becomes active and fetches its token.
    tmux.keys(&["2"]);
    tmux.keys(&["Down"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("Active profile: `demo-readonly`", WAIT);
    tmux.keys(&["f"]);
    tmux.wait_for("New token from `demo-readonly`", WAIT);
    call_get_clients(&tmux);
    tmux.wait_for_all(&["Response · GET /api/v2/clients", "403"], WAIT);

    // E opens the claims in the editor; Esc leaves them, + adds read:clients by picker.
    tmux.keys(&["1"]);
    tmux.keys(&["E"]);
    tmux.wait_for_all(&["Claims of the new token (JSON)", "\"scope\": \"read:users read:stats\""], WAIT);
    tmux.keys(&["Escape"]);
    tmux.wait_for("The claims are as they were", WAIT);
    tmux.keys(&["+"]);
    tmux.wait_for("Add a scope", WAIT);
    tmux.keys(&["-l", "read:clients"]);
    tmux.wait_for("filter: read:clients", WAIT);
    tmux.keys(&["Enter"]);
    // A capture can land in the middle of a frame: everything checked is waited for at once.
    tmux.wait_for_all(
        &[
            "Scopes +1 −0",
            "+read",
            "more than the original",
            "key the local tenant's own key · RS256",
            "No Auth0 tenant accepts it",
        ],
        WAIT,
    );

    // i inspects the new token: its issuer is a profile's tenant, so its signature is checked
    // against that tenant's JWKS over HTTP.
    tmux.keys(&["i"]);
    tmux.wait_for_all(&["Token (made in the encoder)", "✓ signature verified", "read:clients"], WAIT);

    // The tenant's API accepts it: the call refused before answers now (the list keeps its
    // selection; ← ← gives it the keys back from the response).
    tmux.keys(&["3"]);
    tmux.keys(&["Left"]);
    tmux.keys(&["Left"]);
    tmux.wait_for("▶ Endpoints", WAIT);
    tmux.keys(&["Enter"]);
    tmux.wait_for_all(
        &["Response · GET /api/v2/clients", "200 OK", "\"client_id\"", "\"name\": \"tokex-admin\""],
        WAIT,
    );
    tmux.keys(&["q"]);
    tmux.wait_for("tokex exited with 0", Duration::from_secs(10));
    let _ = std::fs::remove_dir_all(&config);
}
