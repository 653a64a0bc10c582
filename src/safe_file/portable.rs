//! Elsewhere than Unix (Windows): files live under the user's profile, whose access control
//! list already keeps other users out; no modes or owners to check. The same interface, with
//! `create_new` still refusing an existing name and reads still bounded to regular files.

use super::{SafeFileError, read_bounded};
use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

pub fn current_uid() -> u32 {
    0
}

pub fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    File::open(path)
}

#[derive(Debug)]
pub struct PrivateDir {
    path: PathBuf,
}

impl PrivateDir {
    pub fn create(path: &Path) -> Result<Self, SafeFileError> {
        std::fs::create_dir_all(path).map_err(|e| SafeFileError::io(path, e))?;
        Ok(Self { path: path.to_owned() })
    }

    pub fn open_existing(path: &Path) -> Result<Option<Self>, SafeFileError> {
        match std::fs::metadata(path) {
            Ok(metadata) if metadata.is_dir() => Ok(Some(Self { path: path.to_owned() })),
            Ok(_) => Err(SafeFileError::NotADirectory { path: path.to_owned() }),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(error) => Err(SafeFileError::io(path, error)),
        }
    }

    pub fn open_shared(path: &Path) -> Result<Self, SafeFileError> {
        match Self::open_existing(path)? {
            Some(dir) => Ok(dir),
            None => Err(SafeFileError::io(path, std::io::ErrorKind::NotFound.into())),
        }
    }

    pub fn create_temp(parent: &Path, prefix: &str) -> Result<Self, SafeFileError> {
        let nanos =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        let path = parent.join(format!("{prefix}{}-{nanos}", std::process::id()));
        std::fs::create_dir(&path).map_err(|e| SafeFileError::io(&path, e))?;
        Ok(Self { path })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn join(&self, name: &str) -> PathBuf {
        self.path.join(name)
    }

    pub fn create_new(&self, name: &str) -> Result<File, SafeFileError> {
        let path = self.join(name);
        OpenOptions::new().write(true).create_new(true).open(&path).map_err(|e| SafeFileError::io(&path, e))
    }

    pub fn open_or_create(&self, name: &str, append: bool) -> Result<File, SafeFileError> {
        let path = self.join(name);
        let mut options = OpenOptions::new();
        options.create(true);
        if append {
            options.append(true);
        } else {
            options.read(true).write(true).truncate(false);
        }
        let file = options.open(&path).map_err(|e| SafeFileError::io(&path, e))?;
        match file.metadata() {
            Ok(metadata) if metadata.is_file() => Ok(file),
            Ok(_) => Err(SafeFileError::NotRegular { path }),
            Err(error) => Err(SafeFileError::io(&path, error)),
        }
    }

    pub fn read(&self, name: &str, limit: u64) -> Result<Option<Vec<u8>>, SafeFileError> {
        let path = self.join(name);
        let file = match File::open(&path) {
            Ok(file) => file,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(error) => return Err(SafeFileError::io(&path, error)),
        };
        let metadata = file.metadata().map_err(|e| SafeFileError::io(&path, e))?;
        if !metadata.is_file() {
            return Err(SafeFileError::NotRegular { path });
        }
        read_bounded(file, &path, limit).map(Some)
    }

    pub fn rename(&self, from: &str, to: &str) -> Result<(), SafeFileError> {
        std::fs::rename(self.join(from), self.join(to)).map_err(|e| SafeFileError::io(&self.join(to), e))
    }

    pub fn remove(&self, name: &str) -> Result<bool, SafeFileError> {
        match std::fs::remove_file(self.join(name)) {
            Ok(()) => Ok(true),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(false),
            Err(error) => Err(SafeFileError::io(&self.join(name), error)),
        }
    }

    pub fn remove_all(self) -> Result<(), SafeFileError> {
        std::fs::remove_dir_all(&self.path).map_err(|e| SafeFileError::io(&self.path, e))
    }
}
