//! The cache file itself, attacked by a hostile local user: planted links, FIFOs, a shared
//! directory, a corrupt file, concurrent writers. What an entry may claim: `entry.rs`.

use super::*;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use std::sync::mpsc;

fn key(client: &str) -> CacheKey {
    CacheKey {
        domain: "https://acme.eu.auth0.com".into(),
        client_id: client.into(),
        audience: "https://acme.eu.auth0.com/api/v2/".into(),
    }
}

/// An unsigned but well-formed JWT (the file layer proves claims, not signatures).
fn jwt(client: &str, iat: i64, exp: i64) -> String {
    let part = |v: serde_json::Value| URL_SAFE_NO_PAD.encode(v.to_string());
    let payload = serde_json::json!({"azp": client, "aud": key(client).audience, "iat": iat, "exp": exp, "scope": "read:users"});
    format!(
        "{}.{}.{}",
        part(serde_json::json!({"alg": "RS256"})),
        part(payload),
        URL_SAFE_NO_PAD.encode([7; 8])
    )
}

fn token(client: &str, received_at: i64, expires_at: i64) -> CachedToken {
    CachedToken {
        key: key(client),
        profile: "acme".into(),
        access_token: jwt(client, received_at, expires_at),
        token_type: Some("Bearer".into()),
        scope: Some("read:users".into()),
        received_at,
        expires_at,
        token_endpoint: "https://acme.eu.auth0.com/oauth/token".into(),
    }
}

fn temp_cache(name: &str) -> TokenCache {
    let dir = std::env::temp_dir().join(format!("tokex-cache-unit-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    TokenCache::at(&dir)
}

fn within_5_s<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = send.send(work());
    });
    receive
        .recv_timeout(std::time::Duration::from_secs(5))
        .expect("blocked: a FIFO was opened the blocking way")
}

#[test]
fn put_get_replace_remove_clear() {
    let cache = temp_cache("roundtrip");
    assert_eq!(cache.get(&key("a"), 0).expect("empty"), None);
    cache.put(token("a", 0, 86_400), 0).expect("put");
    cache.put(token("b", 0, 86_400), 0).expect("put");
    cache.put(token("a", 100, 86_500), 100).expect("replace");
    let got = cache.get(&key("a"), 200).expect("get").expect("hit");
    assert_eq!(got.received_at, 100);
    assert_eq!(cache.list(200).expect("list").len(), 2);
    // inside the margin: not handed out
    assert_eq!(cache.get(&key("a"), 86_500 - 4_000).expect("get"), None);
    cache.remove(&key("a"), 200).expect("remove");
    assert_eq!(cache.get(&key("a"), 200).expect("get"), None);
    assert_eq!(cache.clear().expect("clear"), 1);
    assert!(!cache.file_path().exists());
}

#[cfg(unix)]
#[test]
fn directory_0700_file_and_lock_0600() {
    use std::os::unix::fs::PermissionsExt;
    let cache = temp_cache("modes");
    std::fs::create_dir_all(&cache.dir).expect("dir");
    std::fs::set_permissions(&cache.dir, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    cache.put(token("a", 0, 86_400), 0).expect("put");
    let mode = |p: &Path| std::fs::metadata(p).map(|m| m.permissions().mode() & 0o777).unwrap_or(0);
    assert_eq!(mode(&cache.dir), 0o700);
    assert_eq!(mode(&cache.file_path()), 0o600);
    assert_eq!(mode(&cache.dir.join(LOCK_NAME)), 0o600);
}

#[cfg(unix)]
#[test]
fn a_directory_others_can_write_is_not_trusted() {
    use std::os::unix::fs::PermissionsExt;
    let cache = temp_cache("shared");
    cache.put(token("a", 0, 86_400), 0).expect("put");
    // Another user could have planted the file in a directory everyone may write.
    std::fs::set_permissions(&cache.dir, std::fs::Permissions::from_mode(0o777)).expect("chmod");
    let error = cache.get(&key("a"), 1).expect_err("refused");
    assert!(matches!(error, CacheError::Directory(SafeFileError::OpenToOthers { .. })), "{error}");
    assert!(error.to_string().contains("chmod go-w"), "{error}");
    assert!(cache.put(token("a", 0, 86_400), 0).is_err(), "nothing is written there either");
}

#[test]
fn corrupt_file_is_reported_then_replaced() {
    let cache = temp_cache("corrupt");
    cache.put(token("z", 0, 86_400), 0).expect("create the directory");
    std::fs::write(cache.file_path(), b"{\"version\":1,\"tokens\":[{\"oops").expect("write");
    assert!(matches!(cache.get(&key("a"), 0), Err(CacheError::Corrupt { .. })));
    cache.put(token("a", 0, 86_400), 0).expect("put replaces");
    assert!(cache.get(&key("a"), 1).expect("readable again").is_some());
}

#[test]
fn concurrent_writers_lose_nothing() {
    let cache = temp_cache("concurrent");
    let writers: Vec<_> = (0..8)
        .map(|i| {
            let cache = cache.clone();
            std::thread::spawn(move || {
                for round in 0..5 {
                    cache.put(token(&format!("c{i}"), round, 86_400), round).expect("put");
                }
            })
        })
        .collect();
    for writer in writers {
        writer.join().expect("writer");
    }
    let mut clients: Vec<String> =
        cache.list(10).expect("list").into_iter().map(|t| t.key.client_id).collect();
    clients.sort();
    assert_eq!(clients, (0..8).map(|i| format!("c{i}")).collect::<Vec<_>>());
    let leftovers = std::fs::read_dir(&cache.dir).map(|d| d.count()).unwrap_or(0);
    assert_eq!(leftovers, 2, "only the file and its lock remain");
}

#[cfg(unix)]
#[test]
fn a_fifo_in_place_of_the_file_or_the_lock_never_blocks() {
    let cache = temp_cache("fifo");
    cache.put(token("z", 0, 86_400), 0).expect("create the directory");
    for name in [FILE_NAME, LOCK_NAME] {
        let _ = std::fs::remove_file(cache.dir.join(name));
        let made = std::process::Command::new("mkfifo").arg(cache.dir.join(name)).status().expect("mkfifo");
        assert!(made.success());
    }
    let reader = cache.clone();
    let read = within_5_s(move || reader.get(&key("a"), 0).err());
    assert!(matches!(read, Some(CacheError::Unusable(SafeFileError::NotRegular { .. }))), "{read:?}");
    let writer = cache.clone();
    let write = within_5_s(move || writer.put(token("a", 0, 86_400), 0).err());
    assert!(matches!(write, Some(CacheError::Directory(SafeFileError::NotRegular { .. }))), "{write:?}");
}

#[cfg(unix)]
#[test]
fn a_planted_symlink_at_the_lock_or_the_file_is_not_followed() {
    let cache = temp_cache("symlink");
    cache.put(token("z", 0, 86_400), 0).expect("create the directory");
    let victim = std::env::temp_dir().join(format!("tokex-cache-victim-{}", std::process::id()));
    let _ = std::fs::remove_file(&victim);
    std::fs::remove_file(cache.dir.join(LOCK_NAME)).expect("remove the lock");
    std::os::unix::fs::symlink(&victim, cache.dir.join(LOCK_NAME)).expect("symlink");
    let error = cache.put(token("a", 0, 86_400), 0).expect_err("a link at the lock is refused");
    assert!(matches!(error, CacheError::Directory(SafeFileError::Symlink { .. })), "{error}");
    assert!(!victim.exists(), "nothing was created at the link's target");

    std::fs::remove_file(cache.dir.join(LOCK_NAME)).expect("remove the link");
    std::fs::write(&victim, b"precious").expect("victim");
    std::fs::remove_file(cache.file_path()).expect("remove the file");
    std::os::unix::fs::symlink(&victim, cache.file_path()).expect("symlink");
    assert!(matches!(cache.get(&key("a"), 0), Err(CacheError::Unusable(SafeFileError::Symlink { .. }))));
    cache.put(token("a", 0, 86_400), 0).expect("the rename replaces the link itself");
    assert_eq!(std::fs::read(&victim).expect("victim"), b"precious");
    assert!(cache.get(&key("a"), 1).expect("read").is_some());
    let _ = std::fs::remove_file(&victim);
}

#[test]
fn a_corrupt_file_is_described_without_quoting_it() {
    let cache = temp_cache("quote");
    cache.put(token("z", 0, 86_400), 0).expect("create the directory");
    std::fs::write(
        cache.file_path(),
        br#"{"version":1,"tokens":[{"domain":"d","client_id":"c","audience":"a","profile":"p","access_token":"x","received_at":"eyJsecret"}]}"#,
    )
    .expect("write");
    let error = cache.get(&key("a"), 0).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(error.contains("corrupt") && error.contains("line 1"), "{error}");
    assert!(!error.contains("eyJsecret"), "{error}");
}

#[test]
fn debug_hides_the_token() {
    let entry = token("a", 0, 1);
    assert!(!format!("{entry:?}").contains(&entry.access_token));
}
