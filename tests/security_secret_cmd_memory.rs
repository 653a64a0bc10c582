//! Issue 9 point 5: a `client_secret_cmd` that prints 300 MB takes a small, bounded amount of
//! memory (64 KiB of stdout is kept, the rest read and dropped). Its own binary, so the peak
//! memory measured is this test's alone.
#![cfg(target_os = "linux")]

use std::time::Duration;
use tokex::config::{Profile, Secret, SecretSource};

fn peak_rss() -> Option<usize> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    Some(line.split_whitespace().nth(1)?.parse::<usize>().ok()? * 1024)
}

#[tokio::test]
async fn a_command_printing_300_mb_takes_little_memory() {
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
