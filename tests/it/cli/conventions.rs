//! Issue 14, the command line as scripts and new users meet it: global options on either side
//! of the subcommand, "did you mean", no TUI without a terminal, the exit-code table, help,
//! completions, the manual page, `decode --verify --json` on a bad token, and a dead proxy
//! named as such. The real binary with pipes for stdin/stdout (never a terminal).

use crate::cli_support;
use crate::net_support;

use cli_support::{args, text, tokex};
use net_support::keys::{jwks, rsa_key, sign};
use serde_json::{Value, json};
use tokex::cli::exit;

/// A loopback port nothing listens on (bound, then released).
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("addr").port()
}

#[tokio::test]
async fn global_options_never_open_the_tui_and_near_misses_are_usage_errors() {
    // Before the subcommand, `--profile` used to turn `fetch` into a token for the inspector.
    for list in [&["--profile", "dev", "fetch"][..], &["fetch", "--profile", "dev"]] {
        let out = tokex(args(list), "", vec![]).await;
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(i32::from(exit::FAILURE)), "{list:?}: {stderr}");
        assert!(stderr.contains("dev"), "the fetch reports the unknown profile: {stderr}");
        assert!(out.stdout.is_empty() && !stderr.contains('\x1b'), "no escape codes: {stderr}");
    }
    let out = tokex(args(&["--timeout", "5", "decode", "--json"]), "a.b", vec![]).await;
    assert_eq!(out.status.code(), Some(i32::from(exit::BAD_INPUT)), "decode ran: {}", text(&out.stderr));

    let out = tokex(args(&["fecth"]), "", vec![]).await;
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(i32::from(exit::USAGE)), "{stderr}");
    assert!(stderr.contains("'fecth'") && stderr.contains("'fetch'"), "did you mean: {stderr}");

    // No terminal, no TUI: a clear line and exit 2 instead of escape codes in a pipe.
    for list in [&[][..], &["eyJhbGciOiJub25lIn0.e30."][..]] {
        let out = tokex(args(list), "", vec![]).await;
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(i32::from(exit::USAGE)), "{list:?}: {stderr}");
        assert!(
            stderr.contains("the inspector needs a terminal") && stderr.contains("tokex decode"),
            "{stderr}"
        );
        assert!(out.stdout.is_empty(), "nothing on stdout");
    }
}

#[tokio::test]
async fn help_lists_examples_environment_and_exit_codes() {
    let out = tokex(args(&["--help"]), "", vec![]).await;
    assert_eq!(out.status.code(), Some(0));
    let help = text(&out.stdout);
    assert!(help.contains(exit::AFTER_HELP), "the exit-code table: {help}");
    assert!(help.contains("Examples:") && help.contains("tokex decode --json"), "{help}");
    assert!(help.contains("[env profile: AUTH0_DOMAIN]") && help.contains("[env: TOKEX_LOG_FILE"), "{help}");
    assert!(help.contains("AUTH0_DOMAIN and AUTH0_CLIENT_ID"), "--profile explains `env`: {help}");
    // Global options are listed in a subcommand's help too.
    let out = tokex(args(&["fetch", "--help"]), "", vec![]).await;
    assert!(text(&out.stdout).contains("--profile <NAME>"), "{}", text(&out.stdout));
}

#[tokio::test]
async fn completions_and_the_manual_page() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = tokex(args(&["completions", shell]), "", vec![]).await;
        assert_eq!(out.status.code(), Some(0), "{shell}: {}", text(&out.stderr));
        let script = text(&out.stdout);
        assert!(
            script.contains("tokex") && script.contains("fetch") && script.contains("profile"),
            "{shell}"
        );
    }
    let out = tokex(args(&["completions", "tcsh"]), "", vec![]).await;
    assert_eq!(out.status.code(), Some(i32::from(exit::USAGE)));
    let out = tokex(args(&["man"]), "", vec![]).await;
    assert_eq!(out.status.code(), Some(0));
    let page = text(&out.stdout);
    assert!(page.starts_with(".TH TOKEX 1 "), "roff: {}", &page[..page.len().min(200)]);
    assert!(page.contains(".SH NAME") && page.contains("completions"), "{page}");
}

#[tokio::test]
async fn verify_json_on_an_expired_token_keeps_the_summary() {
    let key = rsa_key("k1");
    let dir = std::env::temp_dir().join(format!("tokex-conventions-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let jwks_path = dir.join("jwks.json");
    std::fs::write(&jwks_path, serde_json::to_string(&jwks(&[&key])).expect("jwks")).expect("write");
    let now = chrono::Utc::now().timestamp();
    let claims = json!({
        "iss": "https://acme.example.com/", "aud": "https://acme.example.com/api/v2/", "sub": "c@clients",
        "iat": now - 7200, "exp": now - 3600, "scope": "read:users read:clients"
    });
    let token = sign(&key, &claims);
    let jwks_arg = jwks_path.to_string_lossy().into_owned();
    let out = tokex(args(&["decode", "--verify", "--json", "--jwks", &jwks_arg, &token]), "", vec![]).await;
    assert_eq!(out.status.code(), Some(i32::from(exit::BAD_INPUT)), "{}", text(&out.stderr));
    let summary: Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    assert_eq!(summary["claims"]["sub"], "c@clients");
    assert_eq!(summary["header"]["kid"], "k1");
    assert_eq!(summary["scopes"], json!(["read:users", "read:clients"]));
    assert!(summary["expires_at"].is_string(), "{summary}");
    assert!(summary["expires_in_seconds"].as_i64().is_some_and(|s| s < 0), "{summary}");
    assert!(summary["error"].as_str().is_some_and(|e| e.contains("expired")), "{summary}");
    assert_eq!(summary["signature"], "verified", "the signature itself is fine: {summary}");
    assert!(summary["findings"].is_array(), "{summary}");
}

#[tokio::test]
async fn a_dead_proxy_is_named_not_the_tenant() {
    let port = closed_port();
    let proxy = format!("http://user:hunter2@127.0.0.1:{port}");
    let env = vec![
        ("AUTH0_DOMAIN", "acme.example.com".to_owned()),
        ("AUTH0_CLIENT_ID", "client".to_owned()),
        ("AUTH0_CLIENT_SECRET", "s3cret-value".to_owned()),
        ("HTTPS_PROXY", proxy),
        ("NO_PROXY", String::new()),
    ];
    let out = tokex(args(&["fetch"]), "", env).await;
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(i32::from(exit::NETWORK)), "{stderr}");
    assert!(
        stderr.contains(&format!("through the proxy http://127.0.0.1:{port}/ (from HTTPS_PROXY)")),
        "{stderr}"
    );
    assert!(stderr.contains("connection refused by the proxy"), "{stderr}");
    assert!(!stderr.contains("connection refused by https://acme"), "{stderr}");
    assert!(!stderr.contains("hunter2") && !stderr.contains("s3cret-value"), "{stderr}");
}

/// tokex starts without Rust's `lang_start` (src/main.rs), which is what normally ignores
/// SIGPIPE: a closed stdout must still be a write error tokex exits on, never a death by signal;
/// and what it writes must all arrive before it exits.
#[test]
fn a_closed_stdout_is_an_exit_code_not_a_signal() {
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    let out = std::process::Command::new(cli_support::BINARY)
        .args(["decode", "--json", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."])
        .stdin(std::process::Stdio::null())
        .stdout(writer)
        .output()
        .expect("runs");
    assert!(out.status.code().is_some(), "killed by a signal: {:?}", out.status);
    assert_ne!(out.status.code(), Some(0), "the output went nowhere");
    assert!(!text(&out.stderr).contains("panicked"), "{}", text(&out.stderr));

    let out = std::process::Command::new(cli_support::BINARY)
        .args(["decode", "--json", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."])
        .stdin(std::process::Stdio::null())
        .output()
        .expect("runs");
    let json: Value = serde_json::from_slice(&out.stdout).expect("whole JSON on stdout");
    assert_eq!(json["claims"]["sub"], "x");
}
