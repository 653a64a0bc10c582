//! Running the real binary from a test: a clean environment (no AUTH0_* variables, no user
//! config unless the test writes one), stdin piped in, run off the async runtime.

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

pub const BINARY: &str = env!("CARGO_BIN_EXE_tokex");

/// The config home a run uses unless a test names its own: empty, and new for every run, so
/// no two runs share a config file or a token cache (all tests run in one process).
pub fn default_home() -> PathBuf {
    static RUNS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let run = RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    std::env::temp_dir().join(format!("tokex-cli-test-{}-{run}", std::process::id()))
}

pub async fn tokex(args: Vec<OsString>, stdin: impl AsRef<[u8]>, env: Vec<(&'static str, String)>) -> Output {
    tokex_in(default_home(), args, stdin, env).await
}

/// Runs the binary with `XDG_CONFIG_HOME` and `HOME` set to `home`.
pub async fn tokex_in(
    home: PathBuf,
    args: Vec<OsString>,
    stdin: impl AsRef<[u8]>,
    env: Vec<(&'static str, String)>,
) -> Output {
    let stdin = stdin.as_ref().to_vec();
    tokio::task::spawn_blocking(move || {
        let mut command = Command::new(BINARY);
        command
            .args(&args)
            .env("XDG_CONFIG_HOME", &home)
            .env("HOME", &home)
            .env_remove("AUTH0_DOMAIN")
            .env_remove("AUTH0_CLIENT_ID")
            .env_remove("AUTH0_CLIENT_SECRET")
            .env_remove("AUTH0_AUDIENCE")
            .env_remove("NO_COLOR")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (name, value) in env {
            command.env(name, value);
        }
        let mut child = command.spawn().expect("spawn tokex");
        if let Some(mut input) = child.stdin.take() {
            let _ = input.write_all(&stdin);
        }
        child.wait_with_output().expect("wait")
    })
    .await
    .expect("join")
}

pub fn args(list: &[&str]) -> Vec<OsString> {
    list.iter().map(OsString::from).collect()
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
