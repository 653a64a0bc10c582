//! Where every command reads a token from: the argument itself (`TOKEN`), stdin (`-`, or
//! nothing where the command allows it) or a file (`@FILE`). All three are bounded, must be
//! UTF-8, and fail with one error type, so every command reports them the same way (exit 3).
//! A file must be a regular file, opened without blocking: a FIFO or a device is refused
//! instead of hanging the command.

use super::output::safe;
use std::ffi::OsStr;
use std::io::{self, Read};
use std::path::Path;

/// Larger input is refused (a token with every Management API scope is about 5 KB; this leaves
/// room for anything real, including the 1.4 MB tokens tokex is benchmarked with).
pub const MAX_INPUT_BYTES: u64 = 32 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("could not read stdin: {0}")]
    Read(#[source] io::Error),
    #[error("{what} is larger than {} MiB", MAX_INPUT_BYTES / 1024 / 1024)]
    TooLarge { what: String },
    #[error("{what} is not UTF-8 text, so it is not a token")]
    NotUtf8 { what: String },
    #[error("cannot read {path}: {source}")]
    File { path: String, source: io::Error },
    #[error("{0} is not a regular file (a FIFO or device would block)")]
    NotAFile(String),
    #[error("only one input can read stdin")]
    StdinTwice,
}

/// What an argument names: text, stdin or a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source<'a> {
    Literal(&'a OsStr),
    Stdin,
    File(&'a Path),
}

impl<'a> Source<'a> {
    /// `-` or nothing is stdin, `@FILE` a file, anything else the token itself.
    pub fn of(arg: Option<&'a OsStr>) -> Self {
        match arg {
            None => Source::Stdin,
            Some(arg) if arg == "-" => Source::Stdin,
            Some(arg) => match file_after_at(arg) {
                Some(path) => Source::File(path),
                None => Source::Literal(arg),
            },
        }
    }
}

/// The path of an `@FILE` argument.
fn file_after_at(arg: &OsStr) -> Option<&Path> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        arg.as_bytes().strip_prefix(b"@").map(|rest| Path::new(OsStr::from_bytes(rest)))
    }
    #[cfg(not(unix))]
    {
        arg.to_str()?.strip_prefix('@').map(Path::new)
    }
}

/// The token text named by `arg` (`TOKEN`, `-`/None for stdin, `@FILE`).
pub fn read_token(arg: Option<&OsStr>, stdin: &mut impl Read) -> Result<String, InputError> {
    match Source::of(arg) {
        Source::Literal(text) => {
            text.to_str().map(str::to_owned).ok_or(InputError::NotUtf8 { what: "the argument".into() })
        }
        Source::Stdin => read_stdin(stdin),
        Source::File(path) => read_file(path),
    }
}

/// All of stdin as text: at most [`MAX_INPUT_BYTES`], and UTF-8.
pub fn read_stdin(stdin: &mut impl Read) -> Result<String, InputError> {
    read_bounded(stdin).map_err(|error| match error {
        BoundedError::Io(error) => InputError::Read(error),
        BoundedError::TooLarge => InputError::TooLarge { what: "stdin".into() },
        BoundedError::NotUtf8 => InputError::NotUtf8 { what: "stdin".into() },
    })
}

/// A regular file's text, bounded like stdin, read through `safe_file` (opened without
/// blocking, so a FIFO is refused instead of waited on).
pub fn read_file(path: &Path) -> Result<String, InputError> {
    use crate::safe_file::{SafeFileError, read_user_file};
    let shown = safe(&path.display().to_string()).into_owned();
    let (bytes, _) = read_user_file(path, MAX_INPUT_BYTES).map_err(|error| match error {
        SafeFileError::NotRegular { .. } => InputError::NotAFile(shown.clone()),
        SafeFileError::TooLarge { .. } => InputError::TooLarge { what: shown.clone() },
        SafeFileError::Io { source, .. } => InputError::File { path: shown.clone(), source },
        other => InputError::File { path: shown.clone(), source: io::Error::other(other.to_string()) },
    })?;
    String::from_utf8(bytes).map_err(|_| InputError::NotUtf8 { what: shown })
}

enum BoundedError {
    Io(io::Error),
    TooLarge,
    NotUtf8,
}

fn read_bounded(reader: impl Read) -> Result<String, BoundedError> {
    let mut bytes = Vec::new();
    reader.take(MAX_INPUT_BYTES + 1).read_to_end(&mut bytes).map_err(BoundedError::Io)?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(BoundedError::TooLarge);
    }
    String::from_utf8(bytes).map_err(|_| BoundedError::NotUtf8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_name_their_source() {
        assert_eq!(Source::of(None), Source::Stdin);
        assert_eq!(Source::of(Some(OsStr::new("-"))), Source::Stdin);
        assert_eq!(Source::of(Some(OsStr::new("@a/b.jwt"))), Source::File(Path::new("a/b.jwt")));
        assert_eq!(Source::of(Some(OsStr::new("eyJ.e30.x"))), Source::Literal(OsStr::new("eyJ.e30.x")));
    }

    #[test]
    fn stdin_is_bounded_and_text() {
        assert_eq!(read_stdin(&mut "abc".as_bytes()).ok().as_deref(), Some("abc"));
        assert!(matches!(read_stdin(&mut &[0xff, 0xfe][..]), Err(InputError::NotUtf8 { .. })));
        let mut huge = io::repeat(b'a').take(MAX_INPUT_BYTES + 10);
        assert!(matches!(read_stdin(&mut huge), Err(InputError::TooLarge { .. })));
    }

    #[test]
    fn files_must_be_regular() {
        let dir = std::env::temp_dir();
        assert!(matches!(read_file(&dir), Err(InputError::NotAFile(_))));
        assert!(matches!(read_file(Path::new("/nonexistent/tokex")), Err(InputError::File { .. })));
    }
}
