//! Issue 9 point 5, commands and files: `client_secret_cmd` has its own timeout and process
//! group (a timeout kills everything it started), is done when it exits even if a background
//! child keeps stdout open, and takes only its first line; `--config` that is not a regular
//! file is refused instead of hanging.
#![cfg(unix)]

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tokex::config::{Config, ConfigProblem, LoadOptions, Profile, Secret, SecretError, SecretSource};

fn temp_dir() -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "tokex-security-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    ));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn profile_with_command(command: &str, limit: Duration) -> Profile {
    let mut profile =
        Profile::new("p", "https://acme.auth0.com", "c", Secret::new("unused")).expect("profile");
    profile.secret = SecretSource::command(command).with_timeout(limit);
    profile
}

/// True while the process exists and is not a zombie.
fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .is_ok_and(|stat| stat.rsplit(')').next().is_some_and(|rest| !rest.trim_start().starts_with('Z')))
}

fn read_pid(path: &std::path::Path) -> u32 {
    let deadline = Instant::now() + Duration::from_secs(2);
    loop {
        if let Some(pid) = std::fs::read_to_string(path).ok().and_then(|t| t.trim().parse().ok()) {
            return pid;
        }
        assert!(Instant::now() < deadline, "the command wrote no pid");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[tokio::test]
async fn a_timeout_kills_the_whole_process_group() {
    let pid_file = temp_dir().join("pid");
    let command = format!("sleep 30 & echo $! > {}; sleep 30", pid_file.display());
    let profile = profile_with_command(&command, Duration::from_secs(1));
    let started = Instant::now();
    let error = profile.client_secret().await.expect_err("timeout");
    assert_eq!(error, SecretError::CommandTimeout { profile: "p".to_owned(), seconds: 1 });
    assert!(started.elapsed() < Duration::from_secs(4), "{:?}", started.elapsed());
    let background = read_pid(&pid_file);
    let deadline = Instant::now() + Duration::from_secs(3);
    while alive(background) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    let orphan = alive(background);
    if orphan {
        let _ = std::process::Command::new("kill").arg(background.to_string()).status();
    }
    assert!(!orphan, "the background child {background} outlived the timeout");
}

#[tokio::test]
async fn done_when_the_command_exits_even_if_a_background_child_holds_stdout() {
    let pid_file = temp_dir().join("pid");
    let command = format!("sleep 20 & echo $! > {}; echo bg-held-secret-0123456789", pid_file.display());
    let profile = profile_with_command(&command, Duration::from_secs(10));
    let started = Instant::now();
    let secret = profile.client_secret().await.expect("secret");
    let elapsed = started.elapsed();
    let _ = std::process::Command::new("kill").arg(read_pid(&pid_file).to_string()).status();
    assert_eq!(secret.expose(), "bg-held-secret-0123456789");
    assert!(elapsed < Duration::from_secs(3), "waited {elapsed:?} for the background child");
}

#[tokio::test]
async fn only_the_first_line_is_the_secret() {
    let profile = profile_with_command(
        "printf '  first-line-secret-0123456789  \\nsecond line\\n'; head -c 200000 /dev/zero",
        Duration::from_secs(10),
    );
    assert_eq!(profile.client_secret().await.expect("secret").expose(), "first-line-secret-0123456789");
}

#[tokio::test]
async fn the_timeout_is_a_profile_key() {
    let dir = temp_dir();
    let path = dir.join("config.toml");
    std::fs::write(
        &path,
        "[profiles.slow]\ndomain = \"acme.auth0.com\"\nclient_id = \"c\"\nclient_secret_cmd = \"sleep 5\"\nclient_secret_cmd_timeout = 1\n\n[profiles.zero]\ndomain = \"acme.auth0.com\"\nclient_id = \"c\"\nclient_secret_cmd = \"true\"\nclient_secret_cmd_timeout = 0\n",
    )
    .expect("write");
    let options = LoadOptions { config_path: Some(path), ..Default::default() };
    let config = Config::load_with_env(&options, &|_| None);
    let SecretSource::Command { timeout, .. } = &config.profile("slow").expect("slow").secret else {
        panic!("command source")
    };
    assert_eq!(*timeout, Duration::from_secs(1));
    assert!(config.profile("zero").is_none(), "a zero timeout is refused");
    let started = Instant::now();
    let error = config.profile("slow").expect("slow").client_secret().await.expect_err("timeout");
    assert!(matches!(error, SecretError::CommandTimeout { seconds: 1, .. }), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(3));
    // Without the key, the default is 30 s (not the 120 s it once was).
    assert_eq!(tokex::config::DEFAULT_COMMAND_TIMEOUT, Duration::from_secs(30));
}

/// Loads `path` on another thread; `None` when it did not finish within 5 s.
fn load_bounded(path: PathBuf) -> Option<Config> {
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let options = LoadOptions { config_path: Some(path), ..Default::default() };
        let _ = send.send(Config::load_with_env(&options, &|_| None));
    });
    receive.recv_timeout(Duration::from_secs(5)).ok()
}

#[test]
fn a_fifo_or_device_as_config_is_refused_instead_of_hanging() {
    let fifo = temp_dir().join("config.toml");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    for path in [fifo.clone(), PathBuf::from("/dev/zero")] {
        let config = load_bounded(path.clone()).unwrap_or_else(|| panic!("{} hung", path.display()));
        let refused = config.problems.iter().any(|problem| {
            matches!(problem, ConfigProblem::ReadFailed { message, .. } if message.contains("not a regular file"))
        });
        assert!(refused, "{}: {:?}", path.display(), config.problems);
    }
    let _ = std::fs::remove_file(&fifo);
}
