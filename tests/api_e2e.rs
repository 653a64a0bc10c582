//! End to end: `tokex demo` in tmux, pane 3, filter to an endpoint, call it, see the answer.

use std::process::Command;
use std::time::{Duration, Instant};

struct Tmux {
    socket: String,
}

impl Tmux {
    fn start(command: &str) -> Self {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let tmux = Self { socket: format!("tokex-api-{}-{nanos}", std::process::id()) };
        let shell = format!("{command}; echo \"tokex exited with $?\"; sleep 30");
        let status = Command::new("tmux")
            .args(["-L", &tmux.socket, "new-session", "-d", "-x", "140", "-y", "42", "sh", "-c", &shell])
            .status()
            .expect("tmux must be installed for the end-to-end tests");
        assert!(status.success());
        tmux
    }

    fn capture(&self) -> String {
        let output = Command::new("tmux")
            .args(["-L", &self.socket, "capture-pane", "-p"])
            .output()
            .expect("capture-pane");
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    fn wait_for(&self, needle: &str, timeout: Duration) -> String {
        let start = Instant::now();
        loop {
            let screen = self.capture();
            if screen.contains(needle) {
                return screen;
            }
            assert!(start.elapsed() < timeout, "timed out waiting for {needle:?}; screen:\n{screen}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["-L", &self.socket, "send-keys"];
        args.extend_from_slice(keys);
        assert!(Command::new("tmux").args(&args).status().expect("send-keys").success());
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux").args(["-L", &self.socket, "kill-server"]).status();
    }
}

#[test]
fn demo_pane_three_filter_call_and_see_the_body() {
    let binary = env!("CARGO_BIN_EXE_tokex");
    let config = std::env::temp_dir().join(format!("tokex-api-e2e-{}", std::process::id()));
    let tmux = Tmux::start(&format!("XDG_CONFIG_HOME={} {binary} demo", config.display()));
    tmux.wait_for("token fetched for demo-admin", Duration::from_secs(30));
    tmux.keys(&["3"]);
    tmux.wait_for("Endpoints 23/23 allowed", Duration::from_secs(5));
    tmux.keys(&["/"]);
    tmux.keys(&["-l", "tenants settings"]);
    tmux.wait_for("Enter keeps", Duration::from_secs(5));
    tmux.keys(&["Enter"]);
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("200 OK", Duration::from_secs(10));
    assert!(screen.contains("Response · GET /api/v2/tenants/settings"), "{screen}");
    let screen = tmux.wait_for("\"friendly_name\"", Duration::from_secs(5));
    assert!(screen.contains("rate limit"), "{screen}");
    tmux.keys(&["q"]);
    tmux.wait_for("tokex exited with 0", Duration::from_secs(10));
}
