//! Attacks on the private-file helper by a hostile local user sharing a directory: planted
//! links, FIFOs, hard links, directories and files of the wrong mode or owner. Another user's
//! file needs root to simulate (chown); without root those cases are skipped with a note.

use super::*;
use std::fs::Permissions;
use std::os::unix::fs::{MetadataExt, PermissionsExt, symlink};
use std::sync::mpsc;
use std::time::Duration;

/// Fails the test instead of hanging it when `work` blocks (a FIFO opened the blocking way).
fn within_5_s<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = send.send(work());
    });
    receive.recv_timeout(Duration::from_secs(5)).expect("blocked for 5 s: a FIFO was opened the blocking way")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tokex-safe-file-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn mode(path: &Path) -> u32 {
    std::fs::symlink_metadata(path).map(|m| m.mode() & 0o7777).unwrap_or(0)
}

fn mkfifo(path: &Path) {
    let made = std::process::Command::new("mkfifo").arg(path).status().expect("mkfifo");
    assert!(made.success());
}

/// Another user's id to chown to, when this process may (root); None otherwise.
fn other_user() -> Option<u32> {
    (current_uid() == 0).then_some(65_534)
}

#[test]
fn a_new_private_dir_is_0700_and_a_wider_one_narrowed_or_refused() {
    let base = scratch("dir-modes");
    let fresh = PrivateDir::create(&base.join("a/b")).expect("created");
    assert_eq!(mode(fresh.path()), 0o700);

    let readable = base.join("readable");
    std::fs::create_dir(&readable).expect("dir");
    std::fs::set_permissions(&readable, Permissions::from_mode(0o755)).expect("chmod");
    PrivateDir::create(&readable).expect("only readable by others: narrowed");
    assert_eq!(mode(&readable), 0o700);

    for wide in [0o777, 0o1777, 0o770, 0o702] {
        let shared = base.join(format!("shared-{wide:o}"));
        std::fs::create_dir(&shared).expect("dir");
        std::fs::set_permissions(&shared, Permissions::from_mode(wide)).expect("chmod");
        let error = PrivateDir::open_existing(&shared).expect_err("writable by others");
        assert!(matches!(error, SafeFileError::OpenToOthers { .. }), "{error}");
        assert!(error.to_string().contains("chmod go-w"), "the fix is named: {error}");
        assert_eq!(mode(&shared), wide, "a refused directory is left as it was");
    }
    assert!(PrivateDir::open_existing(&base.join("absent")).expect("absent is fine").is_none());
    std::fs::write(base.join("plain"), b"x").expect("file");
    assert!(matches!(PrivateDir::create(&base.join("plain")), Err(SafeFileError::NotADirectory { .. })));
}

#[test]
fn another_users_directory_or_file_is_refused() {
    let Some(other) = other_user() else {
        eprintln!("not root: another user's directory cannot be simulated here (chown needs root)");
        return;
    };
    let base = scratch("owner");
    let theirs = base.join("theirs");
    std::fs::create_dir(&theirs).expect("dir");
    std::fs::set_permissions(&theirs, Permissions::from_mode(0o700)).expect("chmod");
    std::os::unix::fs::chown(&theirs, Some(other), Some(other)).expect("chown");
    let error = PrivateDir::create(&theirs).expect_err("not ours");
    assert!(matches!(error, SafeFileError::NotOwned { owner, .. } if owner == other), "{error}");

    let ours = PrivateDir::create(&base.join("ours")).expect("ours");
    std::fs::write(ours.join("planted"), b"{}").expect("plant");
    std::os::unix::fs::chown(ours.join("planted"), Some(other), None).expect("chown");
    assert!(matches!(ours.read("planted", 100), Err(SafeFileError::NotOwned { .. })));
    assert!(matches!(ours.open_or_create("planted", true), Err(SafeFileError::NotOwned { .. })));
}

#[test]
fn a_planted_symlink_is_never_followed_when_writing() {
    let base = scratch("symlink");
    let dir = PrivateDir::create(&base.join("private")).expect("dir");
    let target = base.join("victim");
    std::fs::write(&target, b"precious").expect("victim");
    symlink(&target, dir.join("link")).expect("symlink");
    symlink(base.join("nowhere"), dir.join("dangling")).expect("symlink");

    assert!(matches!(dir.open_or_create("link", true), Err(SafeFileError::Symlink { .. })));
    assert!(matches!(dir.open_or_create("link", false), Err(SafeFileError::Symlink { .. })));
    assert!(matches!(dir.read("link", 100), Err(SafeFileError::Symlink { .. })));
    assert!(dir.create_new("link").is_err(), "O_EXCL: an existing name is refused");
    assert!(dir.create_new("dangling").is_err(), "O_EXCL never creates a link's target");
    assert!(matches!(dir.open_or_create("dangling", true), Err(SafeFileError::Symlink { .. })));
    assert_eq!(std::fs::read(&target).expect("victim"), b"precious");
    assert!(!base.join("nowhere").exists(), "nothing was created at the link's target");
}

#[test]
fn a_fifo_never_blocks_and_is_refused() {
    let base = scratch("fifo");
    let dir = PrivateDir::create(&base.join("private")).expect("dir");
    mkfifo(&dir.join("fifo"));
    let fifo_path = dir.join("fifo");
    let (read, append, lock, user) = within_5_s(move || {
        let dir = PrivateDir::open_existing(fifo_path.parent().expect("parent")).expect("ok").expect("dir");
        (
            dir.read("fifo", 100).err(),
            dir.open_or_create("fifo", true).err(),
            dir.open_or_create("fifo", false).err(),
            read_user_file(&fifo_path, 100).err(),
        )
    });
    for error in [read, append, lock, user] {
        assert!(matches!(error, Some(SafeFileError::NotRegular { .. })), "{error:?}");
    }
}

#[test]
fn devices_and_oversized_files_are_not_read() {
    let zero = within_5_s(|| read_user_file(Path::new("/dev/zero"), 64 * 1024).err());
    assert!(matches!(zero, Some(SafeFileError::NotRegular { .. })), "{zero:?}");
    let base = scratch("size");
    std::fs::write(base.join("big"), vec![b'x'; 101]).expect("big");
    assert!(matches!(read_user_file(&base.join("big"), 100), Err(SafeFileError::TooLarge { .. })));
    let (bytes, _) = read_user_file(&base.join("big"), 101).expect("fits");
    assert_eq!(bytes.len(), 101);
    let dir = PrivateDir::create(&base.join("private")).expect("dir");
    dir.create_new("f").map(|mut f| std::io::Write::write_all(&mut f, &[0; 10])).expect("write").expect("ok");
    assert!(matches!(dir.read("f", 9), Err(SafeFileError::TooLarge { .. })));
}

#[test]
fn files_are_0600_an_existing_wider_one_narrowed_and_hard_links_refused() {
    let base = scratch("files");
    let dir = PrivateDir::create(&base.join("private")).expect("dir");
    dir.create_new("new").expect("created");
    assert_eq!(mode(&dir.join("new")), 0o600);
    std::fs::write(dir.join("wide"), b"log").expect("wide");
    std::fs::set_permissions(dir.join("wide"), Permissions::from_mode(0o666)).expect("chmod");
    dir.open_or_create("wide", true).expect("ours: narrowed");
    assert_eq!(mode(&dir.join("wide")), 0o600);
    std::fs::hard_link(dir.join("wide"), base.join("second-name")).expect("hard link");
    assert!(matches!(dir.open_or_create("wide", true), Err(SafeFileError::Linked { links: 2, .. })));
}

#[test]
fn a_temporary_private_dir_is_fresh_0700_and_removed() {
    let base = scratch("temp");
    let first = PrivateDir::create_temp(&base, "tokex-body-").expect("temp");
    let second = PrivateDir::create_temp(&base, "tokex-body-").expect("temp");
    assert_ne!(first.path(), second.path());
    assert_eq!(mode(first.path()), 0o700);
    let path = first.path().to_owned();
    first.create_new("body.json").expect("body");
    first.remove_all().expect("removed");
    assert!(!path.exists());
}

#[test]
fn a_user_file_writable_by_others_is_not_trusted() {
    let base = scratch("config");
    let file = base.join("config.toml");
    std::fs::write(&file, b"").expect("config");
    for (bits, trusted) in [(0o600, true), (0o644, true), (0o664, false), (0o646, false)] {
        std::fs::set_permissions(&file, Permissions::from_mode(bits)).expect("chmod");
        let (_, metadata) = read_user_file(&file, 10).expect("read");
        assert_eq!(check_not_writable_by_others(&file, &metadata).is_ok(), trusted, "{bits:o}");
    }
    if let Some(other) = other_user() {
        std::fs::set_permissions(&file, Permissions::from_mode(0o644)).expect("chmod");
        std::os::unix::fs::chown(&file, Some(other), None).expect("chown");
        let (_, metadata) = read_user_file(&file, 10).expect("read");
        assert!(matches!(
            check_not_writable_by_others(&file, &metadata),
            Err(SafeFileError::NotOwned { .. })
        ));
    }
}
