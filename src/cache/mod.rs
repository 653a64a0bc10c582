//! The token cache: `fetch`, `call`, `drift` and the Inspector's grant check reuse a token per (domain, client id, audience)
//! instead of spending a client-credentials exchange on every run (Auth0 rate-limits
//! `/oauth/token`; docs/auth0.md#rate-limits). One JSON file under the user cache directory,
//! opened through `crate::safe_file`: the directory is checked (the user's, writable by nobody
//! else) before anything in it is read, the file is 0600 and written atomically (temporary
//! file + rename) under an exclusive lock, so several tokex processes can share it. It holds
//! tokens, never a client secret, and an entry claims nothing its own JWT does not say.

mod entry;
mod obtain;

pub use entry::{CacheKey, CachedToken};
pub use obtain::{CacheNote, ObtainedToken, cached_token, fetch_new, obtain_token};

use crate::safe_file::{PrivateDir, SafeFileError};
use serde::{Deserialize, Serialize};
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

const FILE_NAME: &str = "tokens.json";
const LOCK_NAME: &str = "tokens.lock";
/// A cache of a few tokens is a few KB; anything far larger is not ours.
const MAX_CACHE_BYTES: u64 = 4 * 1024 * 1024;
/// How often a process waiting for the lock tries again.
const LOCK_POLL: Duration = Duration::from_millis(20);

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
    /// The directory cannot be trusted (another user's, writable by others) or used.
    #[error("token cache: {0}")]
    Directory(SafeFileError),
    /// The file is a link, a FIFO, too large or not the user's: ignored and replaced.
    #[error("token cache: {0}; it is ignored and will be replaced")]
    Unusable(SafeFileError),
    #[error("token cache {path} is corrupt ({detail}); it is ignored and will be replaced")]
    Corrupt { path: String, detail: String },
    #[error("token cache {path}: another tokex process has held its lock for {} s", waited.as_secs())]
    Busy { path: String, waited: Duration },
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

    /// The reusable token for `key`, if any, read without the lock (writes are atomic). A
    /// corrupt file is an error the caller reports and then ignores; the next `put` replaces it.
    pub fn get(&self, key: &CacheKey, now: i64) -> Result<Option<CachedToken>, CacheError> {
        match PrivateDir::open_existing(&self.dir).map_err(CacheError::Directory)? {
            Some(dir) => Ok(find(read(&dir)?, key, now)),
            None => Ok(None),
        }
    }

    /// Every token still reusable at `now`, as its JWT proves it.
    pub fn list(&self, now: i64) -> Result<Vec<CachedToken>, CacheError> {
        let Some(dir) = PrivateDir::open_existing(&self.dir).map_err(CacheError::Directory)? else {
            return Ok(Vec::new());
        };
        Ok(read(&dir)?
            .tokens
            .into_iter()
            .filter_map(CachedToken::proven)
            .filter(|t| t.is_reusable(now))
            .collect())
    }

    /// Stores `token`, replacing any token of the same key and dropping stale ones.
    pub fn put(&self, token: CachedToken, now: i64) -> Result<(), CacheError> {
        self.lock()?.put(token, now)
    }

    /// Drops the token of `key` (its signature no longer verifies, or the tenant refused it).
    pub fn remove(&self, key: &CacheKey, now: i64) -> Result<(), CacheError> {
        self.lock()?.remove(key, now)
    }

    /// Removes the file; returns how many tokens it held (a corrupt file counts as 0).
    pub fn clear(&self) -> Result<usize, CacheError> {
        let locked = self.lock()?;
        let count = read(&locked.dir).map(|f| f.tokens.len()).unwrap_or(0);
        match locked.dir.remove(FILE_NAME) {
            Ok(true) => Ok(count),
            Ok(false) => Ok(0),
            Err(error) => Err(CacheError::Directory(error)),
        }
    }

    /// The exclusive lock, waited for as long as it takes (a write is quick).
    pub fn lock(&self) -> Result<LockedCache, CacheError> {
        let (dir, lock) = self.open_lock()?;
        lock.lock().map_err(|e| self.io_error(e))?;
        Ok(LockedCache { dir, _lock: lock })
    }

    /// The exclusive lock, waited for at most `limit` without blocking the thread: the holder
    /// may be another process's token exchange, and the TUI's only thread must keep drawing.
    pub async fn lock_waiting(&self, limit: Duration) -> Result<LockedCache, CacheError> {
        let (dir, lock) = self.open_lock()?;
        let started = std::time::Instant::now();
        loop {
            match lock.try_lock() {
                Ok(()) => return Ok(LockedCache { dir, _lock: lock }),
                Err(std::fs::TryLockError::WouldBlock) if started.elapsed() < limit => {
                    tokio::time::sleep(LOCK_POLL).await;
                }
                Err(std::fs::TryLockError::WouldBlock) => {
                    let path = self.dir.join(LOCK_NAME).display().to_string();
                    return Err(CacheError::Busy { path, waited: started.elapsed() });
                }
                Err(std::fs::TryLockError::Error(error)) => return Err(self.io_error(error)),
            }
        }
    }

    /// A separate lock file (the data file is replaced by rename, so it cannot carry the lock
    /// itself), never through a link, never a FIFO, 0600. Released when the handle drops.
    fn open_lock(&self) -> Result<(PrivateDir, File), CacheError> {
        let dir = PrivateDir::create(&self.dir).map_err(CacheError::Directory)?;
        let lock = dir.open_or_create(LOCK_NAME, false).map_err(CacheError::Directory)?;
        Ok((dir, lock))
    }

    fn io_error(&self, source: std::io::Error) -> CacheError {
        CacheError::Io { path: self.file_path().display().to_string(), source }
    }
}

/// The cache while this process holds its lock: what it reads stays true until it writes.
#[derive(Debug)]
pub struct LockedCache {
    dir: PrivateDir,
    _lock: File,
}

impl LockedCache {
    pub fn get(&self, key: &CacheKey, now: i64) -> Result<Option<CachedToken>, CacheError> {
        Ok(find(read(&self.dir)?, key, now))
    }

    pub fn put(&self, token: CachedToken, now: i64) -> Result<(), CacheError> {
        self.update(now, |tokens| {
            tokens.retain(|t| t.key != token.key);
            tokens.push(token);
        })
    }

    pub fn remove(&self, key: &CacheKey, now: i64) -> Result<(), CacheError> {
        self.update(now, |tokens| tokens.retain(|t| t.key != *key))
    }

    /// Read-modify-write; a corrupt or unusable file starts over empty (the rename replaces
    /// whatever had the name, a link included, without following it).
    fn update(&self, now: i64, change: impl FnOnce(&mut Vec<CachedToken>)) -> Result<(), CacheError> {
        let mut file = match read(&self.dir) {
            Ok(file) => file,
            Err(CacheError::Corrupt { .. } | CacheError::Unusable(_)) => CacheFile::default(),
            Err(error) => return Err(error),
        };
        file.tokens.retain(|t| t.clone().proven().is_some_and(|t| t.is_reusable(now)));
        change(&mut file.tokens);
        file.version = VERSION;
        write(&self.dir, &file)
    }
}

/// The first entry of `key` that its JWT proves reusable at `now`.
fn find(file: CacheFile, key: &CacheKey, now: i64) -> Option<CachedToken> {
    file.tokens
        .into_iter()
        .filter(|t| t.key == *key)
        .filter_map(CachedToken::proven)
        .find(|t| t.is_reusable(now))
}

fn read(dir: &PrivateDir) -> Result<CacheFile, CacheError> {
    let path = dir.join(FILE_NAME).display().to_string();
    let bytes = match dir.read(FILE_NAME, MAX_CACHE_BYTES) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => return Ok(CacheFile::default()),
        Err(error @ SafeFileError::Io { .. }) => return Err(CacheError::Directory(error)),
        Err(error) => return Err(CacheError::Unusable(error)),
    };
    // Only the kind and place of the error: serde's message may quote a value (a token).
    let corrupt = |detail: String| CacheError::Corrupt { path: path.clone(), detail };
    let file: CacheFile = serde_json::from_slice(&bytes).map_err(|e| {
        corrupt(format!("{:?} error at line {} column {}", e.classify(), e.line(), e.column()))
    })?;
    if file.version != VERSION {
        return Err(corrupt(format!("unknown version {}", file.version)));
    }
    Ok(file)
}

/// A fresh 0600 temporary file in the same directory, then rename: a reader sees the old file
/// or the new one, never half of one.
fn write(dir: &PrivateDir, file: &CacheFile) -> Result<(), CacheError> {
    let text = serde_json::to_vec(file).map_err(|e| CacheError::Corrupt {
        path: dir.join(FILE_NAME).display().to_string(),
        detail: e.to_string(),
    })?;
    let temporary = format!(".{FILE_NAME}.{}.{}", std::process::id(), unique_suffix());
    let result = (|| {
        let mut handle = dir.create_new(&temporary)?;
        let path = dir.join(&temporary);
        handle.write_all(&text).map_err(|e| SafeFileError::Io { path: path.clone(), source: e })?;
        handle.sync_all().map_err(|e| SafeFileError::Io { path, source: e })?;
        dir.rename(&temporary, FILE_NAME)
    })();
    if result.is_err() {
        let _ = dir.remove(&temporary);
    }
    result.map_err(CacheError::Directory)
}

/// Unique among the writers of this process (threads) and, with the pid, of every process.
fn unique_suffix() -> String {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let sequence = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let nanos =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    format!("{sequence}.{nanos}")
}

#[cfg(test)]
mod tests;
