//! The Unix side: `open`/`openat` with `O_NOFOLLOW`, `O_EXCL` and `O_NONBLOCK` through rustix,
//! checks on the open handle (`fstat`), modes set on the handle (`fchmod`).

use super::{SafeFileError, read_bounded};
use rustix::fs::{AtFlags, Mode, OFlags};
use rustix::io::Errno;
use std::fs::{File, Metadata, Permissions};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

const DIR_MODE: u32 = 0o700;
const FILE_MODE: u32 = 0o600;

/// The effective user id: whom files must belong to.
pub fn current_uid() -> u32 {
    rustix::process::geteuid().as_raw()
}

/// Opens for reading without waiting for a writer: a FIFO opens at once, so the caller can
/// check on the open handle that it is a regular file before reading.
pub fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    let fd = rustix::fs::open(path, OFlags::RDONLY | OFlags::NONBLOCK | OFlags::CLOEXEC, Mode::empty())?;
    Ok(File::from(fd))
}

/// A directory for private files, checked and held open; files are opened relative to it.
#[derive(Debug)]
pub struct PrivateDir {
    path: PathBuf,
    dir: File,
}

impl PrivateDir {
    /// Creates the directory 0700 (its missing parents as usual), or takes the existing one
    /// after checking it: owned by the user and writable by nobody else; one that others may
    /// only read or enter is narrowed to 0700.
    pub fn create(path: &Path) -> Result<Self, SafeFileError> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| SafeFileError::io(parent, e))?;
        }
        match rustix::fs::mkdir(path, Mode::from_raw_mode(DIR_MODE)) {
            Ok(()) | Err(Errno::EXIST) => {}
            Err(errno) => return Err(SafeFileError::io(path, errno.into())),
        }
        Self::open_checked(path)
    }

    /// The existing directory, checked as [`Self::create`] does; None when there is none.
    pub fn open_existing(path: &Path) -> Result<Option<Self>, SafeFileError> {
        match Self::open_checked(path) {
            Err(error) if error.is_not_found() => Ok(None),
            other => other.map(Some),
        }
    }

    /// A new directory with a random name under `parent` (the system temporary directory for
    /// the editor's body), created 0700 by this call, never one that already existed.
    pub fn create_temp(parent: &Path, prefix: &str) -> Result<Self, SafeFileError> {
        for _ in 0..16 {
            let path = parent.join(format!("{prefix}{}", random_suffix()));
            match rustix::fs::mkdir(&path, Mode::from_raw_mode(DIR_MODE)) {
                // Opened without following a link: the name is fresh, a link there was planted.
                Ok(()) => return Self::open_with(&path, OFlags::NOFOLLOW),
                Err(Errno::EXIST) => continue,
                Err(errno) => return Err(SafeFileError::io(&path, errno.into())),
            }
        }
        Err(SafeFileError::io(parent, std::io::ErrorKind::AlreadyExists.into()))
    }

    /// A directory the user named for one file (`--log-file /tmp/x.log`), which may be shared
    /// (`/tmp`): the directory is not checked, but what tokex opens in it still is (never
    /// through a link, a regular file of the user's with one link).
    pub fn open_shared(path: &Path) -> Result<Self, SafeFileError> {
        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
        let fd = rustix::fs::open(path, flags, Mode::empty()).map_err(|errno| match errno {
            Errno::NOTDIR => SafeFileError::NotADirectory { path: path.to_owned() },
            other => SafeFileError::io(path, other.into()),
        })?;
        Ok(Self { path: path.to_owned(), dir: File::from(fd) })
    }

    fn open_checked(path: &Path) -> Result<Self, SafeFileError> {
        // A link to the directory is followed (a user may keep ~/.cache elsewhere); the checks
        // are made on what was opened.
        Self::open_with(path, OFlags::empty())
    }

    fn open_with(path: &Path, extra: OFlags) -> Result<Self, SafeFileError> {
        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC | extra;
        let fd = rustix::fs::open(path, flags, Mode::empty()).map_err(|errno| match errno {
            Errno::NOTDIR => SafeFileError::NotADirectory { path: path.to_owned() },
            Errno::LOOP => SafeFileError::Symlink { path: path.to_owned() },
            other => SafeFileError::io(path, other.into()),
        })?;
        let private = Self { path: path.to_owned(), dir: File::from(fd) };
        private.check_and_narrow()?;
        Ok(private)
    }

    /// ssh's rule for `~/.ssh`: owned by the user, writable by nobody else. Read and search
    /// bits for others are taken away (nobody else could have put anything in it).
    fn check_and_narrow(&self) -> Result<(), SafeFileError> {
        let metadata = self.dir.metadata().map_err(|e| SafeFileError::io(&self.path, e))?;
        let (owner, me) = (metadata.uid(), current_uid());
        if owner != me {
            return Err(SafeFileError::NotOwned { path: self.path.clone(), owner, me });
        }
        let mode = metadata.mode() & 0o7777;
        if mode & 0o022 != 0 {
            return Err(SafeFileError::OpenToOthers { path: self.path.clone(), mode: mode & 0o777 });
        }
        if mode != DIR_MODE {
            self.dir
                .set_permissions(Permissions::from_mode(DIR_MODE))
                .map_err(|e| SafeFileError::io(&self.path, e))?;
        }
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The path of `name` inside, for messages and for programs that take a path (the editor).
    pub fn join(&self, name: &str) -> PathBuf {
        self.path.join(name)
    }

    /// A new file, 0600: fails if anything (a file, a link, a FIFO) already has the name.
    pub fn create_new(&self, name: &str) -> Result<File, SafeFileError> {
        let flags = OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        let fd = rustix::fs::openat(&self.dir, name, flags, Mode::from_raw_mode(FILE_MODE))
            .map_err(|errno| self.open_error(name, errno))?;
        let file = File::from(fd);
        // The umask may have taken bits away; the mode is exactly 0600 whatever it was.
        file.set_permissions(Permissions::from_mode(FILE_MODE))
            .map_err(|e| SafeFileError::io(&self.join(name), e))?;
        Ok(file)
    }

    /// `name` opened to append to (`append`) or to lock, created 0600 when absent. An existing
    /// one must be a regular file of the user's with one link; a wider mode is narrowed to 0600.
    pub fn open_or_create(&self, name: &str, append: bool) -> Result<File, SafeFileError> {
        let access = if append { OFlags::WRONLY | OFlags::APPEND } else { OFlags::RDWR };
        let flags = access | OFlags::CREATE | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC;
        let fd = rustix::fs::openat(&self.dir, name, flags, Mode::from_raw_mode(FILE_MODE))
            .map_err(|errno| self.open_error(name, errno))?;
        let file = File::from(fd);
        let metadata = self.check_file(&file, name)?;
        if metadata.nlink() > 1 {
            return Err(SafeFileError::Linked { path: self.join(name), links: metadata.nlink() });
        }
        if metadata.mode() & 0o7777 != FILE_MODE {
            file.set_permissions(Permissions::from_mode(FILE_MODE))
                .map_err(|e| SafeFileError::io(&self.join(name), e))?;
        }
        Ok(file)
    }

    /// The bytes of `name` (at most `limit`), or None when there is no such file. Never
    /// through a link, never waiting on a FIFO, only a regular file of the user's.
    pub fn read(&self, name: &str, limit: u64) -> Result<Option<Vec<u8>>, SafeFileError> {
        let flags = OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC;
        let fd = match rustix::fs::openat(&self.dir, name, flags, Mode::empty()) {
            Ok(fd) => fd,
            Err(Errno::NOENT) => return Ok(None),
            Err(errno) => return Err(self.open_error(name, errno)),
        };
        let file = File::from(fd);
        let metadata = self.check_file(&file, name)?;
        if metadata.len() > limit {
            return Err(SafeFileError::TooLarge { path: self.join(name), limit });
        }
        read_bounded(file, &self.join(name), limit).map(Some)
    }

    /// Renames `from` to `to`, both inside this directory.
    pub fn rename(&self, from: &str, to: &str) -> Result<(), SafeFileError> {
        rustix::fs::renameat(&self.dir, from, &self.dir, to)
            .map_err(|errno| SafeFileError::io(&self.join(to), errno.into()))
    }

    /// Removes `name` (a file, or a link itself); true when there was one.
    pub fn remove(&self, name: &str) -> Result<bool, SafeFileError> {
        match rustix::fs::unlinkat(&self.dir, name, AtFlags::empty()) {
            Ok(()) => Ok(true),
            Err(Errno::NOENT) => Ok(false),
            Err(errno) => Err(SafeFileError::io(&self.join(name), errno.into())),
        }
    }

    /// Removes the directory and everything in it (the editor's, once the body is read back).
    pub fn remove_all(self) -> Result<(), SafeFileError> {
        let path = self.path.clone();
        drop(self);
        std::fs::remove_dir_all(&path).map_err(|e| SafeFileError::io(&path, e))
    }

    fn check_file(&self, file: &File, name: &str) -> Result<Metadata, SafeFileError> {
        let path = self.join(name);
        let metadata = file.metadata().map_err(|e| SafeFileError::io(&path, e))?;
        if !metadata.is_file() {
            return Err(SafeFileError::NotRegular { path });
        }
        let (owner, me) = (metadata.uid(), current_uid());
        if owner != me {
            return Err(SafeFileError::NotOwned { path, owner, me });
        }
        Ok(metadata)
    }

    fn open_error(&self, name: &str, errno: Errno) -> SafeFileError {
        let path = self.join(name);
        match errno {
            // ELOOP on Linux, EMLINK on the BSDs: the name is a symbolic link.
            Errno::LOOP | Errno::MLINK => SafeFileError::Symlink { path },
            // A FIFO opened to write without a reader.
            Errno::NXIO => SafeFileError::NotRegular { path },
            Errno::ISDIR => SafeFileError::NotRegular { path },
            other => SafeFileError::io(&path, other.into()),
        }
    }
}

/// 64 random bits as hex; a clock-based name if the system has no randomness to give.
fn random_suffix() -> String {
    let mut bytes = [0u8; 8];
    if aws_lc_rs::rand::fill(&mut bytes).is_err() {
        let nanos =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        return format!("{}-{nanos}", std::process::id());
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
