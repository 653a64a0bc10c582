//! The token cache: `fetch`, `call`, `drift` and the Inspector's grant check reuse a token per (domain, client id, audience)
//! instead of spending a client-credentials exchange on every run (Auth0 rate-limits
//! `/oauth/token`; docs/auth0.md#rate-limits). One JSON file under the user cache directory:
//! directory 0700, file 0600, written atomically (temporary file + rename) under an exclusive
//! lock, so several tokex processes can share it. It holds tokens, never a client secret.

mod obtain;

pub use obtain::{CacheNote, ObtainedToken, obtain_token};

use crate::config::Profile;
use serde::{Deserialize, Serialize};
use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

const FILE_NAME: &str = "tokens.json";
const LOCK_NAME: &str = "tokens.lock";
/// A cache of a few tokens is a few KB; anything far larger is not ours.
const MAX_CACHE_BYTES: u64 = 4 * 1024 * 1024;
/// Reuse stops this long before `exp` at least…
const MIN_MARGIN_SECS: i64 = 60;
/// …or this share of the lifetime, whichever is longer.
const MARGIN_PERCENT: i64 = 5;

/// Which tokens are interchangeable: same tenant, same client, same API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CacheKey {
    pub domain: String,
    pub client_id: String,
    pub audience: String,
}

impl CacheKey {
    pub fn of(profile: &Profile) -> Self {
        CacheKey {
            domain: profile.domain.clone(),
            client_id: profile.client_id.clone(),
            audience: profile.audience.clone(),
        }
    }
}

/// One cached token and what `fetch --json` needs to describe it again.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CachedToken {
    #[serde(flatten)]
    pub key: CacheKey,
    /// The profile that fetched it (shown by `cache list`).
    pub profile: String,
    pub access_token: String,
    pub token_type: Option<String>,
    pub scope: Option<String>,
    pub received_at: i64,
    pub expires_at: i64,
    pub token_endpoint: String,
}

impl std::fmt::Debug for CachedToken {
    // The token is a credential: never in debug output or logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CachedToken")
            .field("key", &self.key)
            .field("profile", &self.profile)
            .field("access_token", &"••••")
            .field("received_at", &self.received_at)
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

impl CachedToken {
    /// The last second the token is handed out: `max(60 s, 5 % of its lifetime)` before `exp`,
    /// so a script never starts a call with a token about to expire.
    pub fn reuse_until(&self) -> i64 {
        let lifetime = self.expires_at.saturating_sub(self.received_at).max(0);
        let margin = (lifetime / 100).saturating_mul(MARGIN_PERCENT).max(MIN_MARGIN_SECS);
        self.expires_at.saturating_sub(margin)
    }

    pub fn is_reusable(&self, now: i64) -> bool {
        now < self.reuse_until()
    }
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct CacheFile {
    version: u32,
    tokens: Vec<CachedToken>,
}

const VERSION: u32 = 1;

#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    #[error("no user cache directory is known on this system")]
    NoDirectory,
    #[error("token cache {path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("token cache {path} is not a regular file of at most 4 MiB")]
    NotRegular { path: String },
    #[error("token cache {path} is corrupt ({detail}); it is ignored and will be replaced")]
    Corrupt { path: String, detail: String },
}

/// The cache directory and its file.
#[derive(Debug, Clone)]
pub struct TokenCache {
    dir: PathBuf,
}

impl TokenCache {
    /// `$XDG_CACHE_HOME/tokex/` on Linux (`~/.cache/tokex/`), the platform's cache directory
    /// elsewhere.
    pub fn default_location() -> Result<Self, CacheError> {
        directories::ProjectDirs::from("", "", "tokex")
            .map(|dirs| TokenCache::at(dirs.cache_dir()))
            .ok_or(CacheError::NoDirectory)
    }

    pub fn at(dir: &Path) -> Self {
        TokenCache { dir: dir.to_owned() }
    }

    pub fn file_path(&self) -> PathBuf {
        self.dir.join(FILE_NAME)
    }

    /// The reusable token for `key`, if any. A corrupt file is an error the caller reports and
    /// then ignores; the next `put` replaces it.
    pub fn get(&self, key: &CacheKey, now: i64) -> Result<Option<CachedToken>, CacheError> {
        let file = self.read()?;
        Ok(file.tokens.into_iter().find(|t| t.key == *key && t.is_reusable(now)))
    }

    /// Every token still reusable at `now`.
    pub fn list(&self, now: i64) -> Result<Vec<CachedToken>, CacheError> {
        Ok(self.read()?.tokens.into_iter().filter(|t| t.is_reusable(now)).collect())
    }

    /// Stores `token`, replacing any token of the same key and dropping stale ones.
    pub fn put(&self, token: CachedToken, now: i64) -> Result<(), CacheError> {
        self.update(now, |tokens| {
            tokens.retain(|t| t.key != token.key);
            tokens.push(token);
        })
    }

    /// Drops the token of `key` (its signature no longer verifies, or the tenant refused it).
    pub fn remove(&self, key: &CacheKey, now: i64) -> Result<(), CacheError> {
        self.update(now, |tokens| tokens.retain(|t| t.key != *key))
    }

    /// Removes the file; returns how many tokens it held (a corrupt file counts as 0).
    pub fn clear(&self) -> Result<usize, CacheError> {
        let _lock = self.lock()?;
        let count = self.read().map(|f| f.tokens.len()).unwrap_or(0);
        match std::fs::remove_file(self.file_path()) {
            Ok(()) => Ok(count),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(0),
            Err(source) => Err(self.io_error(source)),
        }
    }

    /// Read-modify-write under the lock; a corrupt file starts over empty.
    fn update(&self, now: i64, change: impl FnOnce(&mut Vec<CachedToken>)) -> Result<(), CacheError> {
        let _lock = self.lock()?;
        let mut file = match self.read() {
            Ok(file) => file,
            Err(CacheError::Corrupt { .. } | CacheError::NotRegular { .. }) => CacheFile::default(),
            Err(error) => return Err(error),
        };
        file.tokens.retain(|t| t.is_reusable(now));
        change(&mut file.tokens);
        file.version = VERSION;
        self.write(&file)
    }

    fn read(&self) -> Result<CacheFile, CacheError> {
        let path = self.file_path();
        let handle = match crate::config::open_nonblocking(&path) {
            Ok(handle) => handle,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(CacheFile::default()),
            Err(source) => return Err(self.io_error(source)),
        };
        let metadata = handle.metadata().map_err(|e| self.io_error(e))?;
        if !metadata.is_file() || metadata.len() > MAX_CACHE_BYTES {
            return Err(CacheError::NotRegular { path: path.display().to_string() });
        }
        let mut text = String::new();
        handle.take(MAX_CACHE_BYTES).read_to_string(&mut text).map_err(|e| self.corrupt(&e.to_string()))?;
        // Only the kind and place of the error: serde's message may quote a value (a token).
        let file: CacheFile = serde_json::from_str(&text).map_err(|e| {
            self.corrupt(&format!("{:?} error at line {} column {}", e.classify(), e.line(), e.column()))
        })?;
        if file.version != VERSION {
            return Err(self.corrupt(&format!("unknown version {}", file.version)));
        }
        Ok(file)
    }

    /// Temporary file (0600, created fresh) in the same directory, then rename: a reader sees
    /// the old file or the new one, never half of one.
    fn write(&self, file: &CacheFile) -> Result<(), CacheError> {
        let text = serde_json::to_vec(file).map_err(|e| self.corrupt(&e.to_string()))?;
        let temporary = self.dir.join(format!(".{FILE_NAME}.{}.{}", std::process::id(), unique_suffix()));
        let result = (|| {
            let mut handle = private_file(&temporary)?;
            handle.write_all(&text)?;
            handle.sync_all()?;
            std::fs::rename(&temporary, self.file_path())
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&temporary);
        }
        result.map_err(|e| self.io_error(e))
    }

    /// An exclusive lock on a separate lock file (the data file is replaced by rename, so it
    /// cannot carry the lock itself). Released when the handle drops.
    fn lock(&self) -> Result<File, CacheError> {
        private_dir(&self.dir).map_err(|e| self.io_error(e))?;
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(self.dir.join(LOCK_NAME))
            .map_err(|e| self.io_error(e))?;
        lock.lock().map_err(|e| self.io_error(e))?;
        Ok(lock)
    }

    fn io_error(&self, source: std::io::Error) -> CacheError {
        CacheError::Io { path: self.file_path().display().to_string(), source }
    }

    fn corrupt(&self, detail: &str) -> CacheError {
        CacheError::Corrupt { path: self.file_path().display().to_string(), detail: detail.to_owned() }
    }
}

fn unique_suffix() -> u128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos())
}

#[cfg(unix)]
fn private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
    std::fs::DirBuilder::new().recursive(true).mode(0o700).create(dir)?;
    // An existing directory with wider permissions is narrowed: it holds credentials.
    let mode = std::fs::metadata(dir)?.permissions().mode() & 0o777;
    if mode != 0o700 {
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

#[cfg(not(unix))]
fn private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)
}

#[cfg(unix)]
fn private_file(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)
}

#[cfg(not(unix))]
fn private_file(path: &Path) -> std::io::Result<File> {
    OpenOptions::new().write(true).create_new(true).open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(client: &str) -> CacheKey {
        CacheKey {
            domain: "https://acme.eu.auth0.com".into(),
            client_id: client.into(),
            audience: "https://acme.eu.auth0.com/api/v2/".into(),
        }
    }

    fn token(client: &str, received_at: i64, expires_at: i64) -> CachedToken {
        CachedToken {
            key: key(client),
            profile: "acme".into(),
            access_token: format!("tok-{client}"),
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

    #[test]
    fn margin_is_60_s_or_5_percent() {
        // 24 h: 5 % is 72 min
        assert_eq!(token("a", 0, 86_400).reuse_until(), 86_400 - 4_320);
        // 10 min: 5 % is 30 s, so 60 s
        assert_eq!(token("a", 0, 600).reuse_until(), 540);
        // nonsense times never underflow
        assert_eq!(token("a", i64::MAX, i64::MIN).reuse_until(), i64::MIN);
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
    fn directory_0700_file_0600() {
        use std::os::unix::fs::PermissionsExt;
        let cache = temp_cache("modes");
        std::fs::create_dir_all(&cache.dir).expect("dir");
        std::fs::set_permissions(&cache.dir, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        cache.put(token("a", 0, 86_400), 0).expect("put");
        let mode = |p: &Path| std::fs::metadata(p).map(|m| m.permissions().mode() & 0o777).unwrap_or(0);
        assert_eq!(mode(&cache.dir), 0o700);
        assert_eq!(mode(&cache.file_path()), 0o600);
    }

    #[test]
    fn corrupt_file_is_reported_then_replaced() {
        let cache = temp_cache("corrupt");
        std::fs::create_dir_all(&cache.dir).expect("dir");
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
    fn a_fifo_in_place_of_the_file_is_refused_and_replaced() {
        let cache = temp_cache("fifo");
        std::fs::create_dir_all(&cache.dir).expect("dir");
        let made = std::process::Command::new("mkfifo").arg(cache.file_path()).status().expect("mkfifo");
        assert!(made.success());
        // Opening a FIFO blocks until a writer comes: the cache must not wait for one.
        assert!(matches!(cache.get(&key("a"), 0), Err(CacheError::NotRegular { .. })));
        cache.put(token("a", 0, 86_400), 0).expect("put replaces the FIFO");
        assert!(std::fs::metadata(cache.file_path()).map(|m| m.is_file()).unwrap_or(false));
    }

    #[test]
    fn a_corrupt_file_is_described_without_quoting_it() {
        let cache = temp_cache("quote");
        std::fs::create_dir_all(&cache.dir).expect("dir");
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
        assert!(!format!("{:?}", token("a", 0, 1)).contains("tok-a"));
    }
}
