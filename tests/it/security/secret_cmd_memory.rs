//! Issue 9 point 5: a `client_secret_cmd` that prints 300 MB takes a small, bounded amount of
//! memory (64 KiB of stdout is kept, the rest read and dropped). The peak memory of a process is
//! shared by every test running in it, so the measuring test runs alone, in a process of its
//! own: the outer test starts this test binary again with only the inner one selected.
#![cfg(target_os = "linux")]

use std::process::Command;
use std::time::Duration;
use tokex::config::{Profile, Secret, SecretSource};

const INNER: &str = "security::secret_cmd_memory::measured_alone";

fn peak_rss() -> Option<usize> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    Some(line.split_whitespace().nth(1)?.parse::<usize>().ok()? * 1024)
}

#[test]
fn a_command_printing_300_mb_takes_little_memory() {
    let this_binary = std::env::current_exe().expect("test binary");
    let output = Command::new(this_binary)
        .args([INNER, "--exact", "--ignored", "--test-threads", "1", "--nocapture"])
        .output()
        .expect("run the inner test");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "inner test failed:\n{stdout}\n{stderr}");
    // The filter must have selected exactly the inner test, or nothing was measured.
    assert!(stdout.contains("1 passed"), "the inner test did not run:\n{stdout}");
}

#[tokio::test]
#[ignore = "run alone by a_command_printing_300_mb_takes_little_memory: it reads the process's peak memory"]
async fn measured_alone() {
    let mut profile =
        Profile::new("p", "https://acme.auth0.com", "c", Secret::new("unused")).expect("profile");
    profile.secret =
        SecretSource::command("printf 'flood-secret-0123456789\\n'; head -c 300000000 /dev/zero")
            .with_timeout(Duration::from_secs(30));
    let before = peak_rss().expect("VmHWM");
    let secret = profile.client_secret().await.expect("secret");
    let grown = peak_rss().expect("VmHWM").saturating_sub(before);
    assert_eq!(secret.expose(), "flood-secret-0123456789");
    assert!(grown < 32 * 1024 * 1024, "peak memory grew by {} MiB", grown / (1024 * 1024));
}
