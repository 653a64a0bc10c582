//! Key material for `encode` (signing) and `decode --verify --key` (verifying): a PEM key or
//! certificate, a JWK or a JWKS read from a file, or an HMAC secret from a file or an environment
//! variable. A file that is none of these is refused without echoing any of its content (it may
//! be a secret put in the wrong place).

mod der;
pub mod signing;
pub mod verifying;

use super::token_input::{InputError, read_file};
use jsonwebtoken::Algorithm;
use serde_json::Value;
use std::ffi::OsStr;
use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error(transparent)]
    Read(#[from] InputError),
    #[error("{0} is not a PEM key or certificate, a JWK or a JWKS (its content is not shown)")]
    NotAKey(String),
    #[error("{path}: {reason}")]
    Unusable { path: String, reason: String },
    #[error("the environment variable {0} is not set or empty")]
    NoVariable(String),
    #[error("{alg} does not fit a key of type {family}")]
    AlgorithmMismatch { alg: String, family: &'static str },
    #[error("{0} needs a key: --key FILE, --secret @FILE|env:VAR, or --generate-key")]
    NoKey(String),
    #[error("the key could not be generated or used: {0}")]
    Crypto(String),
}

/// What a key file holds, once classified.
pub enum Material {
    /// One or more PEM blocks (tag and DER), the file's text kept for jsonwebtoken's parser.
    Pem {
        text: String,
        blocks: Vec<(String, Vec<u8>)>,
    },
    Jwk(Value),
    Jwks(Vec<Value>),
}

/// Reads `arg` (`FILE` or `@FILE`: the same file) and tells what it holds.
pub fn read_key_file(arg: &OsStr) -> Result<(String, Material), KeyError> {
    let path = match arg.as_encoded_bytes().strip_prefix(b"@") {
        Some(_) => Path::new(arg).to_str().and_then(|t| t.strip_prefix('@')).map(Path::new),
        None => Some(Path::new(arg)),
    }
    .ok_or_else(|| KeyError::NotAKey(arg.to_string_lossy().into_owned()))?;
    let shown = super::output::safe(&path.display().to_string()).into_owned();
    let text = read_file(path)?;
    Ok((shown.clone(), classify(&text).ok_or(KeyError::NotAKey(shown))?))
}

/// PEM when it has PEM blocks, a JWKS when JSON with `keys`, a JWK when JSON with `kty`.
fn classify(text: &str) -> Option<Material> {
    if text.contains("-----BEGIN ") {
        let blocks = pem::parse_many(text).ok()?;
        if blocks.is_empty() {
            return None;
        }
        let blocks = blocks.into_iter().map(|b| (b.tag().to_owned(), b.into_contents())).collect();
        return Some(Material::Pem { text: text.to_owned(), blocks });
    }
    let value: Value = serde_json::from_str(text).ok()?;
    if let Some(keys) = value.get("keys").and_then(Value::as_array) {
        return Some(Material::Jwks(keys.clone()));
    }
    value.get("kty").and_then(Value::as_str).is_some().then_some(Material::Jwk(value))
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

/// The key families and the algorithms each may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    Hmac,
    Rsa,
    P256,
    P384,
    Ed25519,
}

impl Family {
    pub fn name(self) -> &'static str {
        match self {
            Family::Hmac => "HMAC secret",
            Family::Rsa => "RSA",
            Family::P256 => "EC P-256",
            Family::P384 => "EC P-384",
            Family::Ed25519 => "Ed25519",
        }
    }

    /// The algorithms a key of this family signs or verifies with; the first is the default.
    pub fn algorithms(self) -> &'static [Algorithm] {
        use Algorithm::*;
        match self {
            Family::Hmac => &[HS256, HS384, HS512],
            Family::Rsa => &[RS256, RS384, RS512, PS256, PS384, PS512],
            Family::P256 => &[ES256],
            Family::P384 => &[ES384],
            Family::Ed25519 => &[EdDSA],
        }
    }

    pub fn of_algorithm(alg: Algorithm) -> Family {
        use Algorithm::*;
        match alg {
            HS256 | HS384 | HS512 => Family::Hmac,
            ES256 => Family::P256,
            ES384 => Family::P384,
            EdDSA => Family::Ed25519,
            _ => Family::Rsa,
        }
    }

    /// `alg` when it fits this family, else the family's default when none was asked for.
    pub fn choose(self, alg: Option<Algorithm>) -> Result<Algorithm, KeyError> {
        match alg {
            None => Ok(self.algorithms()[0]),
            Some(alg) if self.algorithms().contains(&alg) => Ok(alg),
            Some(alg) => {
                Err(KeyError::AlgorithmMismatch { alg: alg_name(alg).to_owned(), family: self.name() })
            }
        }
    }
}

pub fn alg_name(alg: Algorithm) -> &'static str {
    use Algorithm::*;
    match alg {
        HS256 => "HS256",
        HS384 => "HS384",
        HS512 => "HS512",
        ES256 => "ES256",
        ES384 => "ES384",
        RS256 => "RS256",
        RS384 => "RS384",
        RS512 => "RS512",
        PS256 => "PS256",
        PS384 => "PS384",
        PS512 => "PS512",
        EdDSA => "EdDSA",
        _ => "unsupported",
    }
}

/// base64url without padding, as JWKs and JWTs write bytes.
pub fn b64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

pub fn unb64(text: &str) -> Option<Vec<u8>> {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(text.trim_end_matches('=')).ok()
}

/// RFC 7638 thumbprint of a public JWK: the `kid` tokex gives a key that has none.
pub fn thumbprint(jwk: &Value) -> String {
    let members: &[&str] = match jwk["kty"].as_str() {
        Some("RSA") => &["e", "kty", "n"],
        Some("EC") => &["crv", "kty", "x", "y"],
        Some("OKP") => &["crv", "kty", "x"],
        _ => &["k", "kty"],
    };
    let object: serde_json::Map<String, Value> =
        members.iter().map(|m| ((*m).to_owned(), jwk[*m].clone())).collect();
    b64(aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, Value::Object(object).to_string().as_bytes())
        .as_ref())
}
