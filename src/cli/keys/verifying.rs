//! The keys `decode --verify --key` checks a signature with: a PEM public key or certificate
//! (or a private key, whose public half is used), a JWK or JWKS, or an HMAC secret. The
//! algorithm comes from the key, never from the token's header: the header's `alg` must be one
//! the key's family signs with (RS*/PS* for RSA, ES256 for P-256, ES384 for P-384, EdDSA for
//! Ed25519, HS* for a secret), so an HS256 header against an RSA public key is refused.

use super::KeyError;
use crate::domain::DecodedJwt;
use crate::domain::signing::{self, Family, Material, Signer, alg_name, unb64};
use crate::domain::verify::SignatureState;
use jsonwebtoken::jwk::Jwk;
use jsonwebtoken::{Algorithm, DecodingKey};
use serde_json::Value;

struct Key {
    family: Family,
    key: DecodingKey,
    kid: Option<String>,
}

pub struct Verifier {
    keys: Vec<Key>,
}

fn unusable(path: &str, reason: impl Into<String>) -> KeyError {
    KeyError::Key(signing::KeyError::Unusable { path: path.to_owned(), reason: reason.into() })
}

impl Verifier {
    pub fn from_secret(secret: &[u8]) -> Result<Self, KeyError> {
        let key = DecodingKey::from_secret(secret)
            .map_err(|e| KeyError::Key(signing::KeyError::Crypto(e.to_string())))?;
        Ok(Verifier { keys: vec![Key { family: Family::Hmac, key, kid: None }] })
    }

    pub fn from_material(path: &str, material: Material) -> Result<Self, KeyError> {
        let keys = match material {
            Material::Pem { text, blocks } => {
                let mut keys = Vec::new();
                for (tag, der) in &blocks {
                    if tag.ends_with("PRIVATE KEY") {
                        let signer = Signer::from_material(
                            path,
                            Material::Pem { text: text.clone(), blocks: blocks.clone() },
                            None,
                        )?;
                        keys.push(jwk_key(path, &signer.public_jwk)?);
                        continue;
                    }
                    let family =
                        if tag == "RSA PUBLIC KEY" { Some(Family::Rsa) } else { Family::of_der(der) };
                    let Some(family) = family else { continue };
                    let block = pem::encode(&pem::Pem::new(tag.clone(), der.clone()));
                    let key = match family {
                        Family::Rsa => DecodingKey::from_rsa_pem(block.as_bytes()),
                        Family::P256 | Family::P384 => DecodingKey::from_ec_pem(block.as_bytes()),
                        Family::Ed25519 => DecodingKey::from_ed_pem(block.as_bytes()),
                        Family::Hmac => continue,
                    }
                    .map_err(|e| unusable(path, format!("not a usable {} key ({e})", family.name())))?;
                    keys.push(Key { family, key, kid: None });
                }
                keys
            }
            Material::Jwk(jwk) => vec![jwk_key(path, &jwk)?],
            Material::Jwks(list) => list.iter().map(|jwk| jwk_key(path, jwk)).collect::<Result<_, _>>()?,
        };
        if keys.is_empty() {
            return Err(unusable(
                path,
                "holds no public key, certificate, private key or JWK tokex verifies with",
            ));
        }
        Ok(Verifier { keys })
    }

    /// The signature's state: verified, or why not.
    pub fn verify(&self, jwt: &DecodedJwt) -> SignatureState {
        let invalid = |reason: String| SignatureState::Invalid { reason };
        let kid = jwt.kid().map(str::to_owned);
        let named: Vec<&Key> = match &kid {
            Some(kid) if self.keys.iter().any(|k| k.kid.is_some()) => {
                self.keys.iter().filter(|k| k.kid.as_deref() == Some(kid.as_str())).collect()
            }
            _ => self.keys.iter().collect(),
        };
        if named.is_empty() {
            return SignatureState::UnknownKey { kid };
        }
        let header_alg = match jwt.alg() {
            None => return invalid("the header names no alg".to_owned()),
            Some(alg) if alg.eq_ignore_ascii_case("none") => {
                return invalid("alg \"none\" (an unsigned token) is refused".to_owned());
            }
            Some(alg) => alg.parse::<Algorithm>().ok().filter(|a| alg_name(*a) == alg),
        };
        let fitting: Vec<(&Key, Algorithm)> = named
            .iter()
            .filter_map(|k| header_alg.filter(|alg| k.family.algorithms().contains(alg)).map(|alg| (*k, alg)))
            .collect();
        if fitting.is_empty() {
            let families: Vec<&str> = named.iter().map(|k| k.family.name()).collect();
            return invalid(format!(
                "the header asks for {} but the key is {} (refused: the algorithm comes from the key)",
                jwt.alg().unwrap_or_default(),
                families.join(", ")
            ));
        }
        let signature = jwt.signature_segment();
        if signature.is_empty() {
            return invalid("the token has no signature".to_owned());
        }
        let message = &jwt.raw[..jwt.header_len + 1 + jwt.payload_len];
        for (key, alg) in fitting {
            if let Ok(true) = jsonwebtoken::crypto::verify(signature, message.as_bytes(), &key.key, alg) {
                return SignatureState::Verified { kid: key.kid.clone().or(kid) };
            }
        }
        invalid("the signature does not match the key (tampered or signed by another key)".to_owned())
    }
}

fn jwk_key(path: &str, jwk: &Value) -> Result<Key, KeyError> {
    let kid = jwk.get("kid").and_then(Value::as_str).map(str::to_owned);
    let kty = jwk.get("kty").and_then(Value::as_str);
    if kty == Some("oct") {
        let secret = jwk
            .get("k")
            .and_then(Value::as_str)
            .and_then(unb64)
            .ok_or_else(|| unusable(path, "an oct JWK without `k`"))?;
        let key = DecodingKey::from_secret(&secret)
            .map_err(|e| unusable(path, format!("not a usable secret ({e})")))?;
        return Ok(Key { family: Family::Hmac, key, kid });
    }
    let family = match (kty, jwk.get("crv").and_then(Value::as_str)) {
        (Some("RSA"), _) => Family::Rsa,
        (Some("EC"), Some("P-256")) => Family::P256,
        (Some("EC"), Some("P-384")) => Family::P384,
        (Some("OKP"), Some("Ed25519")) => Family::Ed25519,
        _ => return Err(unusable(path, "a JWK of a type tokex does not verify with")),
    };
    let parsed: Jwk =
        serde_json::from_value(jwk.clone()).map_err(|_| unusable(path, "a JWK tokex cannot read"))?;
    let key =
        DecodingKey::from_jwk(&parsed).map_err(|e| unusable(path, format!("not a usable key ({e})")))?;
    Ok(Key { family, key, kid })
}
