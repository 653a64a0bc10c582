//! Every file tokex creates or reads on the user's behalf goes through here: the token cache and
//! its lock, the log, the body handed to `$EDITOR`, the `private_key_jwt` key, the config file,
//! `--jwks FILE` and `diff @FILE`. The rules, whatever the umask and whoever shares the
//! directory:
//!
//! - a file tokex reads is opened without blocking (a FIFO opens at once and is then refused),
//!   must be a regular file, and is read up to a bound;
//! - a file tokex creates or appends to is opened without following a symbolic link
//!   (`O_NOFOLLOW`; `O_EXCL` for new files), must be a regular file owned by the user with a
//!   single link, and is made 0600 on the open handle (so the umask cannot widen it);
//! - a directory that holds private files is 0700 and owned by the user; its owner and mode are
//!   checked on the open directory before anything in it is trusted, and files inside are
//!   opened relative to that handle, so a rename of the path cannot swap the directory after
//!   the check. A directory writable by others, or owned by another user, is refused with the
//!   fix (as ssh refuses `~/.ssh`); one that others may only read is narrowed to 0700.

#[cfg(unix)]
mod unix;
#[cfg(unix)]
use unix as platform;
#[cfg(not(unix))]
mod portable;
#[cfg(not(unix))]
use portable as platform;

pub use platform::{PrivateDir, current_uid, open_nonblocking};

use std::fs::Metadata;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Why a file or directory was refused or could not be used. The texts name the path and,
/// where the user can fix it, how.
#[derive(Debug, thiserror::Error)]
pub enum SafeFileError {
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{} is a symbolic link: refused (tokex never writes through a link someone may have planted)", path.display())]
    Symlink { path: PathBuf },
    #[error("{} is not a regular file (a FIFO, device or directory is refused)", path.display())]
    NotRegular { path: PathBuf },
    #[error("{} is larger than {}: refused", path.display(), size_text(*limit))]
    TooLarge { path: PathBuf, limit: u64 },
    #[error("{} belongs to another user (uid {owner}, you are uid {me}): refused; remove it or use another location", path.display())]
    NotOwned { path: PathBuf, owner: u32, me: u32 },
    #[error("{} is writable by other users (mode {mode:03o}), so what it holds may have been planted: refused; check its contents, then run `chmod go-w {}`", path.display(), path.display())]
    OpenToOthers { path: PathBuf, mode: u32 },
    #[error("{} has {links} hard links, so it may be another file under a second name: refused; remove it", path.display())]
    Linked { path: PathBuf, links: u64 },
    #[error("{} is not a directory", path.display())]
    NotADirectory { path: PathBuf },
}

impl SafeFileError {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> Self {
        SafeFileError::Io { path: path.to_owned(), source }
    }

    /// True when the file or directory simply does not exist.
    pub fn is_not_found(&self) -> bool {
        matches!(self, SafeFileError::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound)
    }
}

/// `1 MiB`, `64 KiB`, `100 bytes`: a limit as the messages say it.
fn size_text(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        b if b >= 1 << 10 && b % (1 << 10) == 0 => format!("{} KiB", b >> 10),
        b => format!("{b} bytes"),
    }
}

/// A file the user named (`--config`, `private_key_path`, `--jwks FILE`, `diff @FILE`): read
/// without blocking on a FIFO, only when it is a regular file, and at most `limit` bytes.
/// Symbolic links are followed: the user chose the path. The metadata is the open handle's,
/// so the file that was checked is the file that was read.
pub fn read_user_file(path: &Path, limit: u64) -> Result<(Vec<u8>, Metadata), SafeFileError> {
    let file = open_nonblocking(path).map_err(|e| SafeFileError::io(path, e))?;
    let metadata = file.metadata().map_err(|e| SafeFileError::io(path, e))?;
    if !metadata.is_file() {
        return Err(SafeFileError::NotRegular { path: path.to_owned() });
    }
    if metadata.len() > limit {
        return Err(SafeFileError::TooLarge { path: path.to_owned(), limit });
    }
    let bytes = read_bounded(file, path, limit)?;
    Ok((bytes, metadata))
}

/// At most `limit` bytes of `reader`; more is an error (the file grew while it was read).
pub(crate) fn read_bounded(reader: impl Read, path: &Path, limit: u64) -> Result<Vec<u8>, SafeFileError> {
    let mut bytes = Vec::new();
    reader.take(limit.saturating_add(1)).read_to_end(&mut bytes).map_err(|e| SafeFileError::io(path, e))?;
    if bytes.len() as u64 > limit {
        return Err(SafeFileError::TooLarge { path: path.to_owned(), limit });
    }
    Ok(bytes)
}

/// The permission bits of `metadata` (0 where the platform has none).
pub fn mode_of(metadata: &Metadata) -> u32 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        metadata.mode() & 0o7777
    }
    #[cfg(not(unix))]
    {
        let _ = metadata;
        0
    }
}

/// The owner of `metadata` (the current user where the platform has no owners).
pub fn owner_of(metadata: &Metadata) -> u32 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        metadata.uid()
    }
    #[cfg(not(unix))]
    {
        let _ = metadata;
        current_uid()
    }
}

/// Whether a file the user named may be trusted to say what tokex runs or sends (the config
/// file: `client_secret_cmd`): owned by the user (or root) and writable by nobody else.
pub fn check_not_writable_by_others(path: &Path, metadata: &Metadata) -> Result<(), SafeFileError> {
    let (owner, me) = (owner_of(metadata), current_uid());
    if owner != me && owner != 0 {
        return Err(SafeFileError::NotOwned { path: path.to_owned(), owner, me });
    }
    let mode = mode_of(metadata);
    if mode & 0o022 != 0 {
        return Err(SafeFileError::OpenToOthers { path: path.to_owned(), mode: mode & 0o777 });
    }
    Ok(())
}

#[cfg(all(test, unix))]
mod tests;
