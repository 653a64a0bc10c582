//! Driving the real binary in a real terminal: one tmux server per test on its own socket,
//! bracketed paste, keys, and screen captures.

use std::process::Command;
use std::time::{Duration, Instant};

/// One tmux server per test, on its own socket, killed on drop.
pub struct Tmux {
    socket: String,
}

impl Tmux {
    pub fn start(command: &str) -> Self {
        let socket = unique_name("tokex-test");
        let tmux = Self { socket };
        // `; echo` keeps the pane alive after exit so the test can read the exit status.
        let shell = format!("{command}; echo \"tokex exited with $?\"; sleep 30");
        let status = Command::new("tmux")
            .args(["-L", &tmux.socket, "new-session", "-d", "-x", "120", "-y", "40", "sh", "-c", &shell])
            .status()
            .expect("tmux must be installed for the end-to-end tests");
        assert!(status.success(), "tmux new-session failed");
        tmux
    }

    pub fn capture(&self) -> String {
        let output = Command::new("tmux")
            .args(["-L", &self.socket, "capture-pane", "-p"])
            .output()
            .expect("capture-pane");
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// Waits until the screen contains `needle`, or fails with the screen's content.
    pub fn wait_for(&self, needle: &str, timeout: Duration) -> String {
        self.wait_for_all(&[needle], timeout)
    }

    /// Waits until the screen contains every one of `needles` at once. A capture can land in
    /// the middle of a frame being written, so a test waits for everything it asserts on.
    pub fn wait_for_all(&self, needles: &[&str], timeout: Duration) -> String {
        let start = Instant::now();
        loop {
            let screen = self.capture();
            if needles.iter().all(|needle| screen.contains(needle)) {
                return screen;
            }
            assert!(start.elapsed() < timeout, "timed out waiting for {needles:?}; screen:\n{screen}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Pastes `text` with bracketed-paste markers, as a terminal does for Ctrl-Shift-V.
    pub fn paste(&self, text: &str) {
        let status = Command::new("tmux")
            .args(["-L", &self.socket, "set-buffer", "--", text])
            .status()
            .expect("set-buffer");
        assert!(status.success());
        let status = Command::new("tmux")
            .args(["-L", &self.socket, "paste-buffer", "-p"])
            .status()
            .expect("paste-buffer");
        assert!(status.success());
    }

    /// Where `needle` is on the screen: its first cell's column and row, from 0.
    pub fn position_of(&self, needle: &str, timeout: Duration) -> (u16, u16) {
        let screen = self.wait_for(needle, timeout);
        for (row, line) in screen.lines().enumerate() {
            if let Some(byte) = line.find(needle) {
                let column = line[..byte].chars().count();
                return (u16::try_from(column).unwrap_or(0), u16::try_from(row).unwrap_or(0));
            }
        }
        unreachable!("wait_for found it")
    }

    /// A left click (press and release) at column `x`, row `y` (from 0), as a terminal in SGR
    /// mouse mode reports it.
    pub fn click(&self, x: u16, y: u16) {
        let (x, y) = (x + 1, y + 1);
        self.keys(&["-l", &format!("\x1b[<0;{x};{y}M\x1b[<0;{x};{y}m")]);
    }

    /// One turn of the wheel at `x`, `y` (from 0): `down` towards the end.
    pub fn wheel(&self, x: u16, y: u16, down: bool) {
        let button = if down { 65 } else { 64 };
        self.keys(&["-l", &format!("\x1b[<{button};{};{}M", x + 1, y + 1)]);
    }

    pub fn keys(&self, keys: &[&str]) {
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

pub fn rand_suffix() -> u128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0)
}

/// A name no other test of any process shares: the process id and a per-process counter make
/// it unique whatever the clock says (tests start in parallel threads within microseconds).
pub fn unique_name(prefix: &str) -> String {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let sequence = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    format!("{prefix}-{}-{sequence}-{}", std::process::id(), rand_suffix())
}

impl Tmux {
    /// A tmux format evaluated for the pane (`#{mouse_sgr_flag}`).
    pub fn display(&self, format: &str) -> String {
        let output = Command::new("tmux")
            .args(["-L", &self.socket, "display-message", "-p", format])
            .output()
            .expect("display-message");
        String::from_utf8_lossy(&output.stdout).trim().to_owned()
    }

    /// Whether the pane shows the alternate screen.
    pub fn alternate_on(&self) -> bool {
        self.display("#{alternate_on}") == "1"
    }

    /// Destroys the pane (its terminal goes away under whatever runs in it).
    pub fn kill_pane(&self) {
        assert!(
            Command::new("tmux")
                .args(["-L", &self.socket, "kill-pane"])
                .status()
                .expect("kill-pane")
                .success()
        );
    }

    /// Destroys the whole session.
    pub fn kill_session(&self) {
        let status =
            Command::new("tmux").args(["-L", &self.socket, "kill-session"]).status().expect("kill-session");
        assert!(status.success());
    }
}

/// Whether process `pid` still runs (a zombie waiting to be reaped does not count).
pub fn process_alive(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        // The state follows the parenthesised command name.
        Ok(stat) => stat.rsplit_once(')').is_some_and(|(_, rest)| !rest.trim_start().starts_with('Z')),
        Err(_) => false,
    }
}

/// A file a shell writes its pid into just before it `exec`s the program under test, so the
/// test knows that program's pid without searching the process tree. Removed on drop.
pub struct PidFile {
    path: std::path::PathBuf,
}

impl PidFile {
    pub fn new() -> Self {
        Self { path: std::env::temp_dir().join(unique_name("tokex-pid")) }
    }

    /// `program` (a shell command line) run so that it keeps the pid written to this file.
    pub fn exec(&self, program: &str) -> String {
        format!("sh -c 'echo $$ > {}; exec {program}'", self.path.display())
    }

    /// Waits (bounded) until the pid is written and that process runs `name`; its pid.
    pub fn wait_for(&self, name: &str, timeout: Duration) -> u32 {
        let start = Instant::now();
        loop {
            let pid =
                std::fs::read_to_string(&self.path).ok().and_then(|text| text.trim().parse::<u32>().ok());
            if let Some(pid) = pid {
                let command = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
                if command.trim_end() == name {
                    return pid;
                }
            }
            assert!(
                start.elapsed() < timeout,
                "no `{name}` in {} within {timeout:?} (pid {pid:?})",
                self.path.display()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for PidFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Waits (bounded) until process `pid` is gone; false if it still runs after `timeout`.
pub fn wait_for_exit(pid: u32, timeout: Duration) -> bool {
    let start = Instant::now();
    while process_alive(pid) {
        if start.elapsed() > timeout {
            return false;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    true
}

/// Other windows of the same tmux server, the paste buffer and server options: a second pane
/// (a shell) to paste what tokex copied into.
impl Tmux {
    fn run(&self, args: &[&str]) -> String {
        let output = Command::new("tmux").arg("-L").arg(&self.socket).args(args).output().expect("tmux");
        assert!(output.status.success(), "tmux {args:?}: {}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// `set-option -s NAME VALUE` (e.g. `set-clipboard on`, so OSC 52 fills tmux's buffer).
    pub fn server_option(&self, name: &str, value: &str) {
        self.run(&["set-option", "-s", name, value]);
    }

    /// Starts `command` in a new, not selected, window; its pane id (`%1`) for the other calls.
    pub fn new_window(&self, command: &str) -> String {
        self.run(&["new-window", "-d", "-P", "-F", "#{pane_id}", command]).trim().to_owned()
    }

    pub fn capture_pane(&self, pane: &str) -> String {
        self.run(&["capture-pane", "-p", "-J", "-t", pane])
    }

    /// Waits until `pane` shows `needle`, or fails with what it shows.
    pub fn wait_in(&self, pane: &str, needle: &str, timeout: Duration) -> String {
        let start = Instant::now();
        loop {
            let screen = self.capture_pane(pane);
            if screen.contains(needle) {
                return screen;
            }
            assert!(
                start.elapsed() < timeout,
                "timed out waiting for {needle:?} in {pane}; screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn keys_to(&self, pane: &str, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", pane];
        args.extend_from_slice(keys);
        self.run(&args);
    }

    /// The newest paste buffer (what OSC 52 put there), or empty when there is none.
    pub fn buffer(&self) -> String {
        let output =
            Command::new("tmux").args(["-L", &self.socket, "show-buffer"]).output().expect("show-buffer");
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    pub fn set_buffer(&self, text: &str) {
        self.run(&["set-buffer", "--", text]);
    }

    /// Pastes the newest buffer into `pane` as a terminal does, with bracketed-paste markers
    /// when the program there asked for them.
    pub fn paste_to(&self, pane: &str) {
        self.run(&["paste-buffer", "-p", "-t", pane]);
    }
}
