//! A signing key for `tokex encode` and the TUI's encoder: from a PEM private key (PKCS#8, or
//! PKCS#1 for RSA), a private JWK (or a JWKS holding one), an HMAC secret, or generated. It
//! knows its family, so an algorithm that does not fit it is refused, and its public JWK, which
//! `--generate-key` prints.

use super::{Family, KeyError, Material, alg_name, b64, der, thumbprint, unb64};
use aws_lc_rs::encoding::{AsDer, Pkcs8V1Der};
use aws_lc_rs::signature::{
    ECDSA_P256_SHA256_FIXED_SIGNING, ECDSA_P384_SHA384_FIXED_SIGNING, EcdsaKeyPair, EcdsaSigningAlgorithm,
    Ed25519KeyPair, KeyPair as _,
};
use jsonwebtoken::{Algorithm, EncodingKey};
use serde_json::{Map, Value, json};

#[derive(Clone)]
pub struct Signer {
    pub alg: Algorithm,
    key: EncodingKey,
    /// The key's id: the JWK's `kid`, else the public JWK's thumbprint (RFC 7638).
    pub kid: Option<String>,
    /// The public half as a JWK (for HMAC, the secret itself as an `oct` JWK).
    pub public_jwk: Value,
}

/// The algorithm and key id only: the key itself never reaches a log or a panic message.
impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer")
            .field("alg", &alg_name(self.alg))
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

fn unusable(path: &str, reason: impl Into<String>) -> KeyError {
    KeyError::Unusable { path: path.to_owned(), reason: reason.into() }
}

fn crypto(error: impl std::fmt::Display) -> KeyError {
    KeyError::Crypto(error.to_string())
}

fn ec_signing(family: Family) -> &'static EcdsaSigningAlgorithm {
    if family == Family::P384 { &ECDSA_P384_SHA384_FIXED_SIGNING } else { &ECDSA_P256_SHA256_FIXED_SIGNING }
}

fn curve(family: Family) -> &'static str {
    match family {
        Family::P384 => "P-384",
        _ => "P-256",
    }
}

/// The public JWK of an EC key from its uncompressed point (04 ‖ x ‖ y).
fn ec_jwk(family: Family, point: &[u8]) -> Value {
    let half = point.len().saturating_sub(1) / 2;
    let (x, y) = point.get(1..).unwrap_or_default().split_at(half);
    json!({"kty": "EC", "crv": curve(family), "x": b64(x), "y": b64(y)})
}

fn rsa_jwk(pair: &aws_lc_rs::rsa::KeyPair) -> Value {
    let public = pair.public_key();
    json!({
        "kty": "RSA",
        "n": b64(public.modulus().big_endian_without_leading_zero()),
        "e": b64(public.exponent().big_endian_without_leading_zero()),
    })
}

impl Signer {
    fn new(alg: Algorithm, key: EncodingKey, kid: Option<String>, mut jwk: Value) -> Self {
        let kid = kid.unwrap_or_else(|| thumbprint(&jwk));
        if let Some(object) = jwk.as_object_mut() {
            object.insert("kid".into(), json!(kid));
            object.insert("alg".into(), json!(alg_name(alg)));
            object.insert("use".into(), json!("sig"));
        }
        Signer { alg, key, kid: Some(kid), public_jwk: jwk }
    }

    /// The same key under another `kid` (`--kid`, the local tenant's own key id).
    pub fn with_kid(mut self, kid: impl Into<String>) -> Self {
        let kid = kid.into();
        self.public_jwk["kid"] = json!(kid);
        self.kid = Some(kid);
        self
    }

    /// The same key signing with `alg`, when it fits the key's family.
    pub fn with_alg(mut self, alg: Algorithm) -> Result<Self, KeyError> {
        self.alg = Family::of_algorithm(self.alg).choose(Some(alg))?;
        self.public_jwk["alg"] = json!(alg_name(self.alg));
        Ok(self)
    }

    /// The key's family (which algorithms it may sign with).
    pub fn family(&self) -> Family {
        Family::of_algorithm(self.alg)
    }

    /// An HMAC signer (HS256 unless `alg` names another HS algorithm).
    pub fn from_secret(secret: &[u8], alg: Option<Algorithm>) -> Result<Self, KeyError> {
        let alg = Family::Hmac.choose(alg)?;
        if secret.is_empty() {
            return Err(KeyError::Crypto("the secret is empty".into()));
        }
        let jwk = json!({"kty": "oct", "k": b64(secret)});
        Ok(Signer::new(alg, EncodingKey::from_secret(secret).map_err(crypto)?, None, jwk))
    }

    /// A fresh key for `alg`: RSA 2048, P-256, P-384, Ed25519, or 32/48/64 random bytes for HMAC.
    pub fn generate(alg: Algorithm) -> Result<Self, KeyError> {
        match Family::of_algorithm(alg) {
            Family::Hmac => {
                let mut secret = vec![
                    0u8;
                    match alg {
                        Algorithm::HS384 => 48,
                        Algorithm::HS512 => 64,
                        _ => 32,
                    }
                ];
                aws_lc_rs::rand::fill(&mut secret).map_err(crypto)?;
                Signer::from_secret(&secret, Some(alg))
            }
            Family::Rsa => {
                let pair =
                    aws_lc_rs::rsa::KeyPair::generate(aws_lc_rs::rsa::KeySize::Rsa2048).map_err(crypto)?;
                let der: Pkcs8V1Der<'static> = pair.as_der().map_err(crypto)?;
                let pem = pem::encode(&pem::Pem::new("PRIVATE KEY", der.as_ref().to_vec()));
                let key = EncodingKey::from_rsa_pem(pem.as_bytes()).map_err(crypto)?;
                Ok(Signer::new(alg, key, None, rsa_jwk(&pair)))
            }
            family @ (Family::P256 | Family::P384) => {
                let pair = EcdsaKeyPair::generate(ec_signing(family)).map_err(crypto)?;
                let der = pair.to_pkcs8v1().map_err(crypto)?;
                let jwk = ec_jwk(family, pair.public_key().as_ref());
                Ok(Signer::new(alg, EncodingKey::from_ec_der(der.as_ref()), None, jwk))
            }
            Family::Ed25519 => {
                let pair = Ed25519KeyPair::generate().map_err(crypto)?;
                let der = pair.to_pkcs8v1().map_err(crypto)?;
                let jwk = json!({"kty": "OKP", "crv": "Ed25519", "x": b64(pair.public_key().as_ref())});
                Ok(Signer::new(alg, EncodingKey::from_ed_der(der.as_ref()), None, jwk))
            }
        }
    }

    /// From a key file's content; `path` only names it in errors.
    pub fn from_material(path: &str, material: Material, alg: Option<Algorithm>) -> Result<Self, KeyError> {
        match material {
            Material::Pem { text, blocks } => Signer::from_pem(path, &text, &blocks, alg),
            Material::Jwk(jwk) => Signer::from_jwk(path, &jwk, alg),
            Material::Jwks(keys) => {
                let mut private = keys.iter().filter(|k| k.get("d").is_some() || k["kty"] == "oct");
                match (private.next(), private.next()) {
                    (Some(only), None) => Signer::from_jwk(path, only, alg),
                    _ => Err(unusable(path, "a JWKS to sign with must hold exactly one private key")),
                }
            }
        }
    }

    fn from_pem(
        path: &str,
        text: &str,
        blocks: &[(String, Vec<u8>)],
        alg: Option<Algorithm>,
    ) -> Result<Self, KeyError> {
        let Some((tag, der)) = blocks.iter().find(|(tag, _)| tag.ends_with("PRIVATE KEY")) else {
            return Err(unusable(
                path,
                "holds no private key (a public key or certificate verifies, it cannot sign)",
            ));
        };
        if tag == "EC PRIVATE KEY" {
            return Err(unusable(
                path,
                "an EC key in SEC1 form; convert it to PKCS#8: openssl pkcs8 -topk8 -nocrypt",
            ));
        }
        let family = if tag == "RSA PRIVATE KEY" { Some(Family::Rsa) } else { der::family(der) };
        let family =
            family.ok_or_else(|| unusable(path, "a private key of a type tokex does not sign with"))?;
        let alg = family.choose(alg)?;
        let bad =
            |e: &dyn std::fmt::Display| unusable(path, format!("not a usable {} key ({e})", family.name()));
        match family {
            Family::Rsa => {
                let pair = if tag == "RSA PRIVATE KEY" {
                    aws_lc_rs::rsa::KeyPair::from_der(der).map_err(|e| bad(&e))?
                } else {
                    aws_lc_rs::rsa::KeyPair::from_pkcs8(der).map_err(|e| bad(&e))?
                };
                let key = EncodingKey::from_rsa_pem(text.as_bytes()).map_err(|e| bad(&e))?;
                Ok(Signer::new(alg, key, None, rsa_jwk(&pair)))
            }
            Family::P256 | Family::P384 => {
                let pair = EcdsaKeyPair::from_pkcs8(ec_signing(family), der).map_err(|e| bad(&e))?;
                Ok(Signer::new(
                    alg,
                    EncodingKey::from_ec_der(der),
                    None,
                    ec_jwk(family, pair.public_key().as_ref()),
                ))
            }
            Family::Ed25519 => {
                let pair = Ed25519KeyPair::from_pkcs8_maybe_unchecked(der).map_err(|e| bad(&e))?;
                let jwk = json!({"kty": "OKP", "crv": "Ed25519", "x": b64(pair.public_key().as_ref())});
                Ok(Signer::new(alg, EncodingKey::from_ed_der(der), None, jwk))
            }
            Family::Hmac => Err(unusable(path, "not a private key")),
        }
    }

    fn from_jwk(path: &str, jwk: &Value, alg: Option<Algorithm>) -> Result<Self, KeyError> {
        let field = |name: &str| -> Result<Vec<u8>, KeyError> {
            jwk.get(name).and_then(Value::as_str).and_then(unb64).ok_or_else(|| {
                unusable(path, format!("the JWK has no usable `{name}` (a private JWK is needed to sign)"))
            })
        };
        let kid = jwk.get("kid").and_then(Value::as_str).map(str::to_owned);
        // The JWK's own `alg`, when no --alg was given.
        let alg = alg.or_else(|| jwk.get("alg").and_then(Value::as_str).and_then(|a| a.parse().ok()));
        let public = |mut public: Value| {
            if let Some(object) = public.as_object_mut() {
                object
                    .retain(|name, _| !matches!(name.as_str(), "d" | "p" | "q" | "dp" | "dq" | "qi" | "oth"));
            }
            public
        };
        match jwk.get("kty").and_then(Value::as_str) {
            Some("oct") => {
                let mut signer = Signer::from_secret(&field("k")?, alg)?;
                if let Some(kid) = kid {
                    signer.public_jwk["kid"] = json!(kid);
                    signer.kid = Some(kid);
                }
                Ok(signer)
            }
            Some("RSA") => {
                let alg = Family::Rsa.choose(alg)?;
                let parts = ["n", "e", "d", "p", "q", "dp", "dq", "qi"].map(field);
                let mut values: Vec<Vec<u8>> = Vec::with_capacity(8);
                for part in parts {
                    values.push(part?);
                }
                let parts: [Vec<u8>; 8] =
                    values.try_into().map_err(|_| unusable(path, "incomplete RSA JWK"))?;
                let der = der::rsa_private_key(&parts);
                aws_lc_rs::rsa::KeyPair::from_der(&der)
                    .map_err(|e| unusable(path, format!("not a usable RSA key ({e})")))?;
                Ok(Signer::new(alg, EncodingKey::from_rsa_der(&der), kid, public(jwk.clone())))
            }
            Some("EC") => {
                let family = match jwk.get("crv").and_then(Value::as_str) {
                    Some("P-256") => Family::P256,
                    Some("P-384") => Family::P384,
                    _ => return Err(unusable(path, "an EC JWK on a curve other than P-256 or P-384")),
                };
                let alg = family.choose(alg)?;
                let mut point = vec![4u8];
                point.extend(field("x")?);
                point.extend(field("y")?);
                let pair =
                    EcdsaKeyPair::from_private_key_and_public_key(ec_signing(family), &field("d")?, &point)
                        .map_err(|e| unusable(path, format!("not a usable EC key ({e})")))?;
                let der = pair.to_pkcs8v1().map_err(crypto)?;
                Ok(Signer::new(alg, EncodingKey::from_ec_der(der.as_ref()), kid, public(jwk.clone())))
            }
            Some("OKP") if jwk.get("crv").and_then(Value::as_str) == Some("Ed25519") => {
                let alg = Family::Ed25519.choose(alg)?;
                let pair = Ed25519KeyPair::from_seed_and_public_key(&field("d")?, &field("x")?)
                    .map_err(|e| unusable(path, format!("not a usable Ed25519 key ({e})")))?;
                let der = pair.to_pkcs8v1().map_err(crypto)?;
                Ok(Signer::new(alg, EncodingKey::from_ed_der(der.as_ref()), kid, public(jwk.clone())))
            }
            _ => Err(unusable(
                path,
                "a JWK of a type tokex does not sign with (oct, RSA, EC P-256/P-384, OKP Ed25519)",
            )),
        }
    }

    /// The compact JWS of `header` (its `alg` and `kid` set to this key's) and `claims`.
    pub fn sign(&self, header: &mut Map<String, Value>, claims: &Value) -> Result<String, KeyError> {
        header.insert("alg".into(), json!(alg_name(self.alg)));
        match &self.kid {
            Some(kid) => header.insert("kid".into(), json!(kid)),
            None => header.remove("kid"),
        };
        let message = format!(
            "{}.{}",
            b64(Value::Object(header.clone()).to_string().as_bytes()),
            b64(claims.to_string().as_bytes())
        );
        let signature =
            jsonwebtoken::crypto::sign(message.as_bytes(), &self.key, self.alg).map_err(crypto)?;
        Ok(format!("{message}.{signature}"))
    }
}
