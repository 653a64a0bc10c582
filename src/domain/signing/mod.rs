//! Making a token: the key material a key file holds (a PEM key or certificate, a JWK or a
//! JWKS) and what it is, the signer (`Signer`), and the claims a new token is built from
//! (`claims`). Both front ends use it: `tokex encode` and `decode --verify --key` read the file
//! and hand its text here; the TUI's encoder has the runtime read it. Pure computation: no
//! file, no terminal (a generated key and an ECDSA signature take the system's randomness, as
//! any signature library does).

pub mod claims;
mod der;
mod signer;

pub use signer::Signer;

use jsonwebtoken::Algorithm;
use serde_json::Value;

/// Why key material cannot sign (or verify) as asked. `path` names where the key came from (a
/// file's shown path, a profile's key); the key's content is never part of a message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("{0} is not a PEM key or certificate, a JWK or a JWKS (its content is not shown)")]
    NotAKey(String),
    #[error("{path}: {reason}")]
    Unusable { path: String, reason: String },
    #[error("{alg} does not fit a key of type {family}")]
    AlgorithmMismatch { alg: String, family: &'static str },
    #[error("the key could not be generated or used: {0}")]
    Crypto(String),
}

/// What a key file holds, once classified.
#[derive(Clone)]
pub enum Material {
    /// One or more PEM blocks (tag and DER), the file's text kept for jsonwebtoken's parser.
    Pem {
        text: String,
        blocks: Vec<(String, Vec<u8>)>,
    },
    Jwk(Value),
    Jwks(Vec<Value>),
}

impl Material {
    /// PEM when it has PEM blocks, a JWKS when JSON with `keys`, a JWK when JSON with `kty`;
    /// None for anything else.
    pub fn classify(text: &str) -> Option<Material> {
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

    /// The family of the key in a PKCS#8, SPKI or certificate block (DER), by the identifiers
    /// it carries.
    pub fn of_der(der: &[u8]) -> Option<Family> {
        der::family(der)
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
