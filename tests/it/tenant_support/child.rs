//! `tokex dev-tenant` as a child process, for tests that measure the tenant itself (its memory,
//! its file descriptors) apart from the test's own client.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::Value;

pub struct ChildTenant {
    child: Child,
    pub announcement: Value,
}

impl ChildTenant {
    /// Runs `sh -c "<shell_prefix> exec tokex dev-tenant --port 0 <args>"` and waits for its
    /// announcement line; `shell_prefix` can lower limits first (e.g. `ulimit -n 512;`).
    pub fn spawn(shell_prefix: &str, args: &[&str]) -> ChildTenant {
        let script = format!("{shell_prefix} exec \"$0\" dev-tenant --port 0 \"$@\"");
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(script)
            .arg(env!("CARGO_BIN_EXE_tokex"))
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn tokex dev-tenant");
        let stdout = child.stdout.take().expect("stdout");
        let (sender, receiver) = mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = sender.send(line);
        });
        let line = receiver.recv_timeout(Duration::from_secs(30)).expect("announcement within 30 s");
        let announcement = serde_json::from_str(&line).expect("announcement is JSON");
        ChildTenant { child, announcement }
    }

    pub fn domain(&self) -> String {
        self.announcement["domain"].as_str().expect("domain").to_string()
    }

    pub fn client(&self, name: &str) -> Value {
        let clients = self.announcement["clients"].as_array().expect("clients");
        clients.iter().find(|c| c["name"] == name).cloned().expect("seed client")
    }

    /// The child's resident set size in KiB, from /proc.
    pub fn rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).expect("status");
        let line = status.lines().find(|l| l.starts_with("VmRSS:")).expect("VmRSS line");
        line.split_whitespace().nth(1).and_then(|n| n.parse().ok()).expect("VmRSS number")
    }

    /// True while the process has not exited.
    pub fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }
}

impl Drop for ChildTenant {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
