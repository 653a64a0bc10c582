//! Reading the config file without trusting what the path names: a FIFO or a device would
//! block or never end, so only a regular file of a sensible size is read.

use std::io::Read;
use std::path::Path;

/// Far beyond any config file; a bigger one is refused rather than read into memory.
const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub(super) enum ReadError {
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error("not a regular file (a FIFO, device or directory is refused)")]
    NotRegular,
    #[error("larger than 1 MiB: refused")]
    TooLarge,
    #[error("not UTF-8 text")]
    NotText,
}

/// The file's text. Opened without blocking (a FIFO with no writer opens at once on Unix) and
/// checked on the open handle, so the file that is read is the file that was checked.
pub(super) fn read_config_text(path: &Path) -> Result<String, ReadError> {
    let file = open_nonblocking(path)?;
    if !file.metadata()?.is_file() {
        return Err(ReadError::NotRegular);
    }
    let mut bytes = Vec::new();
    file.take(MAX_CONFIG_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_CONFIG_BYTES {
        return Err(ReadError::TooLarge);
    }
    String::from_utf8(bytes).map_err(|_| ReadError::NotText)
}

/// Opens for reading without waiting for a writer: a FIFO opens at once on Unix, so the caller
/// can check on the open handle that it is a regular file before reading.
#[cfg(unix)]
pub(crate) fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK).open(path)
}

#[cfg(not(unix))]
pub(crate) fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}
