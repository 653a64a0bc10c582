//! `tokex dev-tenant` refuses a `--token-lifetime` outside 1 s … 30 days as a usage error (exit 2)
//! before it starts anything.
// Needs the local tenant (the default `tenant` feature): skipped in a client-only build.
#![cfg(feature = "tenant")]

use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_tokex");

#[test]
fn token_lifetime_outside_one_second_to_thirty_days_is_a_usage_error() {
    for bad in ["0", "-5", "2592001", "9223372036854775807", "soon"] {
        let out = Command::new(BIN)
            .args(["dev-tenant", "--port", "0", &format!("--token-lifetime={bad}")])
            .output()
            .expect("run tokex");
        assert_eq!(out.status.code(), Some(2), "--token-lifetime {bad}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("token lifetime") && stderr.contains("2592000"), "{bad}: {stderr}");
        assert!(out.stdout.is_empty(), "no announcement for {bad}");
    }
}
