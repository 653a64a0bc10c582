//! Key files for `encode` (signing) and `decode --verify --key` (verifying): a PEM key or
//! certificate, a JWK or a JWKS read from a file, or an HMAC secret from a file or an environment
//! variable. What the file holds is worked out in `domain::signing`; a file that is none of
//! these is refused without echoing any of its content (it may be a secret put in the wrong
//! place).

pub mod verifying;

use super::token_input::{InputError, read_file};
use crate::domain::signing::{self, Material};
use std::ffi::OsStr;
use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error(transparent)]
    Read(#[from] InputError),
    #[error(transparent)]
    Key(#[from] signing::KeyError),
    #[error("the environment variable {0} is not set or empty")]
    NoVariable(String),
    #[error("{0} needs a key: --key FILE, --secret @FILE|env:VAR, or --generate-key")]
    NoKey(String),
}

/// Reads `arg` (`FILE` or `@FILE`: the same file) and tells what it holds.
pub fn read_key_file(arg: &OsStr) -> Result<(String, Material), KeyError> {
    let not_a_key = |shown: String| KeyError::Key(signing::KeyError::NotAKey(shown));
    let path = match arg.as_encoded_bytes().strip_prefix(b"@") {
        Some(_) => Path::new(arg).to_str().and_then(|t| t.strip_prefix('@')).map(Path::new),
        None => Some(Path::new(arg)),
    }
    .ok_or_else(|| not_a_key(arg.to_string_lossy().into_owned()))?;
    let shown = super::output::safe(&path.display().to_string()).into_owned();
    let text = read_file(path)?;
    let material = Material::classify(&text).ok_or_else(|| not_a_key(shown.clone()))?;
    Ok((shown, material))
}

/// An HMAC secret from `@FILE` (its bytes, a final newline dropped) or `env:VAR`; a literal is
/// used as given and the caller warns about it.
pub fn read_secret(arg: &str) -> Result<(Vec<u8>, bool), KeyError> {
    if let Some(path) = arg.strip_prefix('@') {
        let text = read_file(Path::new(path))?;
        let text = text.strip_suffix('\n').unwrap_or(&text);
        return Ok((text.strip_suffix('\r').unwrap_or(text).as_bytes().to_vec(), false));
    }
    if let Some(name) = arg.strip_prefix("env:") {
        let value = std::env::var(name).ok().filter(|v| !v.is_empty());
        return value.map(|v| (v.into_bytes(), false)).ok_or_else(|| KeyError::NoVariable(name.to_owned()));
    }
    Ok((arg.as_bytes().to_vec(), true))
}
