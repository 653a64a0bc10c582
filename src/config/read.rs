//! Reading the config file without trusting what the path names: a FIFO or a device would
//! block or never end, so only a regular file of a sensible size is read (`crate::safe_file`);
//! and a file that another user may write is not trusted, since it says which command
//! (`client_secret_cmd`) tokex runs and where the secret goes.

use crate::safe_file::{SafeFileError, check_not_writable_by_others, read_user_file};
use std::path::Path;

/// Far beyond any config file; a bigger one is refused rather than read into memory.
const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub(super) enum ReadError {
    #[error(transparent)]
    File(SafeFileError),
    #[error("not UTF-8 text")]
    NotText,
}

impl ReadError {
    pub(super) fn is_not_found(&self) -> bool {
        matches!(self, ReadError::File(error) if error.is_not_found())
    }
}

/// The file's text. Opened without blocking (a FIFO with no writer opens at once on Unix) and
/// checked on the open handle, so the file that is read is the file that was checked.
pub(super) fn read_config_text(path: &Path) -> Result<String, ReadError> {
    let (bytes, metadata) = read_user_file(path, MAX_CONFIG_BYTES).map_err(ReadError::File)?;
    check_not_writable_by_others(path, &metadata).map_err(ReadError::File)?;
    String::from_utf8(bytes).map_err(|_| ReadError::NotText)
}
