//! Reading a key file the encoder names: through `safe_file` (opened without blocking, a
//! regular file only, bounded), `~/` meaning the home directory as in a shell. The text goes
//! back to the encoder as a `Secret`, so it is never printed by accident.

use crate::app::KeyFileError;
use crate::config::Secret;
use crate::safe_file::read_user_file;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A key, a certificate chain or a JWKS is a few kilobytes; more is not a key file.
pub const KEY_FILE_LIMIT: u64 = 1024 * 1024;

pub fn read_key_file(path: &Path) -> Result<Secret, KeyFileError> {
    let path = expand_home(path, std::env::var_os("HOME").map(PathBuf::from));
    let (bytes, _) = read_user_file(&path, KEY_FILE_LIMIT).map_err(|e| KeyFileError::Refused(Arc::new(e)))?;
    String::from_utf8(bytes)
        .map(Secret::new)
        .map_err(|_| KeyFileError::NotText { path: path.display().to_string() })
}

/// `~/x` under `home`; any other path as it is.
fn expand_home(path: &Path, home: Option<PathBuf>) -> PathBuf {
    match (path.strip_prefix("~"), home) {
        (Ok(rest), Some(home)) => home.join(rest),
        _ => path.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tilde_means_home_only_at_the_start() {
        let home = Some(PathBuf::from("/home/u"));
        assert_eq!(expand_home(Path::new("~/k.pem"), home.clone()), PathBuf::from("/home/u/k.pem"));
        assert_eq!(expand_home(Path::new("/etc/~/k.pem"), home.clone()), PathBuf::from("/etc/~/k.pem"));
        assert_eq!(expand_home(Path::new("~user/k.pem"), home), PathBuf::from("~user/k.pem"));
        assert_eq!(expand_home(Path::new("~/k.pem"), None), PathBuf::from("~/k.pem"));
    }

    #[test]
    fn a_fifo_a_directory_and_a_huge_file_are_refused() {
        let dir = std::env::temp_dir().join(format!("tokex-key-file-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        assert!(matches!(read_key_file(&dir), Err(KeyFileError::Refused(_))));
        let huge = dir.join("huge");
        std::fs::write(&huge, vec![b'a'; KEY_FILE_LIMIT as usize + 1]).expect("huge");
        let refused = read_key_file(&huge).expect_err("too large").to_string();
        assert!(refused.contains("larger than 1 MiB"), "{refused}");
        let binary = dir.join("binary");
        std::fs::write(&binary, [0xff, 0xfe, 0x00]).expect("binary");
        assert!(matches!(read_key_file(&binary), Err(KeyFileError::NotText { .. })));
        #[cfg(unix)]
        {
            let fifo = dir.join("fifo");
            let made = std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
            assert!(made.success());
            assert!(matches!(read_key_file(&fifo), Err(KeyFileError::Refused(_))), "a FIFO does not block");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
