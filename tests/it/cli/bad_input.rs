//! Issue 20, point 4: one table of exit codes and one error voice. Every command that takes a
//! token is run against every class of bad input, and every command-line mistake against the
//! commands it can hit; each run is checked for its code, its streams (nothing on stdout, the
//! error on stderr) and the one prefix (`tokex: error: `). Nothing here reaches a network: the
//! only address named is a closed loopback port.

use crate::cli_support;
use cli_support::{text, tokex};
use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;
use std::path::PathBuf;
use tokex::cli::exit;

/// A loopback port nothing listens on (bound, then released).
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("addr").port()
}

struct Files {
    dir: PathBuf,
}

impl Files {
    fn new() -> Self {
        let dir = std::env::temp_dir().join(format!("tokex-bad-input-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("dir");
        std::fs::write(dir.join("binary.jwt"), [0xff, 0xfe, b'.', 0x80]).expect("binary");
        // Sparse: 32 MiB + 1 byte of zeros without writing them.
        let big = std::fs::File::create(dir.join("big.jwt")).expect("big");
        big.set_len(32 * 1024 * 1024 + 1).expect("set_len");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(dir.join("token.fifo"))
                .status()
                .expect("mkfifo")
                .success()
        );
        Self { dir }
    }

    fn at(&self, name: &str) -> String {
        format!("@{}", self.dir.join(name).display())
    }
}

impl Drop for Files {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Every command that takes a token, with `T` where the bad token goes.
fn token_commands(domain: &str) -> Vec<Vec<OsString>> {
    let words = |list: &[&str]| list.iter().map(OsString::from).collect::<Vec<_>>();
    vec![
        words(&["decode", "T"]),
        words(&["decode", "--json", "T"]),
        words(&["decode", "--verify", "--jwks", "http://127.0.0.1:9/jwks.json", "T"]),
        words(&["endpoints", "--token", "T"]),
        words(&["scopes-for", "GET", "/users", "--token", "T"]),
        words(&["call", "GET", "/users", "--domain", domain, "--token", "T"]),
        words(&["call", "DELETE", "/users/x", "--yes", "--domain", domain, "--token", "T"]),
        words(&["diff", "T", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln"]),
        words(&["diff", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln", "T"]),
        words(&["drift", "--domain", domain, "T"]),
        words(&["exposure", "--domain", domain, "T"]),
        words(&["exposure", "--json", "--domain", domain, "T"]),
        words(&["encode", "--from", "T", "--generate-key"]),
    ]
}

/// The bad-input classes: the argument put in place of `T`, what stderr must say, and stdin.
fn bad_tokens(files: &Files) -> Vec<(&'static str, OsString, &'static str)> {
    vec![
        ("not a token", "garbage".into(), "not a token"),
        ("not UTF-8", OsString::from_vec(vec![b'e', b'y', 0xff, b'.', b'x']), "UTF-8"),
        ("unreadable @FILE", "@/nonexistent/tokex/token.jwt".into(), "cannot read"),
        ("FIFO", files.at("token.fifo").into(), "not a regular file"),
        ("directory", format!("@{}", files.dir.display()).into(), "not a regular file"),
        ("oversized", files.at("big.jwt").into(), "larger than 32 MiB"),
        ("binary @FILE", files.at("binary.jwt").into(), "UTF-8"),
        ("stdin not UTF-8", "-".into(), "UTF-8"),
    ]
}

fn check(label: &str, out: &std::process::Output, code: u8, says: &str) {
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(i32::from(code)), "{label}: {stderr}");
    if label.contains("--json") {
        // --json: stdout is one JSON object naming the error, as scripts parse it.
        let object: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
        assert!(object["error"].as_str().is_some_and(|e| e.contains(says)), "{label}: {object}");
    } else {
        assert!(out.stdout.is_empty(), "{label}: stdout must stay empty: {}", text(&out.stdout));
    }
    let first = stderr.lines().next().unwrap_or("");
    assert!(first.starts_with("tokex: error: "), "{label}: the one prefix: {stderr}");
    assert!(stderr.contains(says), "{label}: says {says:?}: {stderr}");
    assert!(!stderr.contains('\u{1b}'), "{label}: escaped: {stderr}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_token_command_meets_every_bad_input_with_exit_3() {
    let files = Files::new();
    let domain = format!("http://127.0.0.1:{}", closed_port());
    for command in token_commands(&domain) {
        for (class, bad, says) in bad_tokens(&files) {
            let args: Vec<OsString> =
                command.iter().map(|word| if word == "T" { bad.clone() } else { word.clone() }).collect();
            let label = format!(
                "{class}: {}",
                args.iter().map(|a| a.to_string_lossy()).collect::<Vec<_>>().join(" ")
            );
            let stdin: &[u8] = if bad == "-" { &[0xff, 0xfe, 0xfd] } else { b"" };
            let run = tokex(args, stdin, vec![]);
            // A FIFO opened for reading waits for a writer: a broken implementation never returns.
            let out = tokio::time::timeout(std::time::Duration::from_secs(30), run)
                .await
                .unwrap_or_else(|_| panic!("{label}: tokex did not return"));
            check(&label, &out, exit::BAD_INPUT, says);
        }
    }
}

/// Mistakes in the command line itself: exit 2 from every command they can reach.
#[tokio::test]
async fn command_line_mistakes_are_usage_errors_everywhere() {
    let cases: &[(&[&str], &str)] = &[
        (&["call", "FETCH", "/users"], "unknown HTTP method"),
        (&["scopes-for", "FETCH", "/users"], "unknown HTTP method"),
        (&["scopes-for", "GET", "/no-such-thing"], "is no Management API operation"),
        (&["scopes-for", "GET"], "no partner"),
        (&["endpoints", "--group", "no-such-group"], "no group named"),
        (&["fecth"], "'fetch'"),
        (&["version"], "'--version'"),
        (&["decode", "--frobnicate"], "--frobnicate"),
        (&["diff", "only-one"], "required"),
        (&["completions", "tcsh"], "tcsh"),
    ];
    for (list, says) in cases {
        let out = tokex(cli_support::args(list), "", vec![]).await;
        check(&list.join(" "), &out, exit::USAGE, says);
    }
}

/// What `tokex endpoints` writes to a pipe is one line per operation: the header and legend go
/// to stderr, so `tokex endpoints | wc -l` counts operations.
#[tokio::test]
async fn piped_endpoints_are_only_operations() {
    let out = tokex(cli_support::args(&["endpoints"]), "", vec![]).await;
    assert_eq!(out.status.code(), Some(0));
    let stdout = text(&out.stdout);
    assert_eq!(stdout.lines().count(), tokex::domain::catalog::catalog().len(), "{stdout}");
    assert!(stdout.lines().all(|l| l.contains("/api/v2/")), "{stdout}");
    let stderr = text(&out.stderr);
    assert!(stderr.contains("METHOD") && stderr.contains("METHOD! = destructive"), "{stderr}");
}
