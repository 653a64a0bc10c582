//! The tenant's RSA-2048 signing key, its self-signed certificate, and every view of it Auth0
//! publishes: the JWKS entry, the `/keys/signing` record (PEM cert, PKCS#7, fingerprints).

use aws_lc_rs::encoding::{AsDer, Pkcs8V1Der};
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::rsa::{KeyPair, KeySize};
use aws_lc_rs::signature::{KeyPair as _, RSA_PKCS1_SHA256};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use chrono::{DateTime, Datelike, Utc};
use jsonwebtoken::DecodingKey;
use serde_json::{Value, json};
use sha1::{Digest, Sha1};

use super::errors::TenantError;

/// A freshly generated RSA key pair (PKCS#8), used for the tenant and for the private_key_jwt client.
pub struct RsaKey {
    pub pkcs8_der: Vec<u8>,
    pub n: Vec<u8>,
    pub e: Vec<u8>,
}

impl RsaKey {
    pub fn generate() -> Result<Self, TenantError> {
        let kp = KeyPair::generate(KeySize::Rsa2048).map_err(|e| TenantError::Key(e.to_string()))?;
        let der: Pkcs8V1Der<'static> = kp.as_der().map_err(|e| TenantError::Key(e.to_string()))?;
        let public = kp.public_key();
        Ok(RsaKey {
            pkcs8_der: der.as_ref().to_vec(),
            n: public.modulus().big_endian_without_leading_zero().to_vec(),
            e: public.exponent().big_endian_without_leading_zero().to_vec(),
        })
    }

    pub fn pkcs8_pem(&self) -> String {
        pem("PRIVATE KEY", &self.pkcs8_der, "\n")
    }

    pub fn decoding_key(&self) -> Result<DecodingKey, TenantError> {
        DecodingKey::from_rsa_components(&URL_SAFE_NO_PAD.encode(&self.n), &URL_SAFE_NO_PAD.encode(&self.e))
            .map_err(|e| TenantError::Key(e.to_string()))
    }
}

/// The tenant signing key with its certificate.
pub struct SigningKey {
    pub kid: String,
    pub n: String,
    pub e: String,
    pub cert_der: Vec<u8>,
    pub x5t: String,
    pub created_at: DateTime<Utc>,
    /// Parsed once: parsing a PKCS#8 key per token was most of the cost of issuing one.
    signer: KeyPair,
    /// The private key as generated, for a signer in the same process (`tokex demo`'s encoder).
    pkcs8_der: Vec<u8>,
    /// base64url of `{"typ":"JWT","alg":"RS256","kid":…}`, the same for every token.
    header_b64: String,
    decoding: DecodingKey,
}

#[derive(Debug, thiserror::Error)]
pub enum SignError {
    #[error("cannot serialise the claims: {0}")]
    Claims(#[from] serde_json::Error),
    #[error("the signing key refused to sign")]
    Key,
}

impl SigningKey {
    pub fn generate(common_name: &str) -> Result<Self, TenantError> {
        let rsa = RsaKey::generate()?;
        let err = |e: rcgen::Error| TenantError::Key(e.to_string());
        let key_pair = rcgen::KeyPair::try_from(rsa.pkcs8_der.as_slice()).map_err(err)?;
        let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).map_err(err)?;
        params.distinguished_name.push(rcgen::DnType::CommonName, common_name);
        let now = Utc::now();
        // Auth0 tenant certificates are valid for about ten years from creation.
        params.not_before = rcgen::date_time_ymd(now.year(), now.month() as u8, now.day() as u8);
        params.not_after = rcgen::date_time_ymd(now.year() + 10, now.month() as u8, 1);
        let cert = params.self_signed(&key_pair).map_err(err)?;
        let cert_der = cert.der().to_vec();
        let digest = Sha1::digest(&cert_der);
        let signer = KeyPair::from_pkcs8(&rsa.pkcs8_der).map_err(|e| TenantError::Key(e.to_string()))?;
        // Auth0's classic kid is base64url of the upper-case hex SHA-1 thumbprint
        // (docs/auth0.md#access-tokens).
        let kid = URL_SAFE_NO_PAD.encode(hex_upper(&digest));
        let header_b64 =
            URL_SAFE_NO_PAD.encode(json!({ "typ": "JWT", "alg": "RS256", "kid": kid }).to_string());
        Ok(SigningKey {
            kid,
            header_b64,
            signer,
            n: URL_SAFE_NO_PAD.encode(&rsa.n),
            e: URL_SAFE_NO_PAD.encode(&rsa.e),
            x5t: URL_SAFE_NO_PAD.encode(digest),
            created_at: now,
            decoding: rsa.decoding_key()?,
            pkcs8_der: rsa.pkcs8_der.clone(),
            cert_der,
        })
    }

    /// Signs claims as RS256 with header `{typ, alg, kid}` (exactly these three, in this order).
    pub fn sign(&self, claims: &Value) -> Result<String, SignError> {
        let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(claims)?);
        let mut token = format!("{}.{payload}", self.header_b64);
        let mut signature = vec![0; self.signer.public_modulus_len()];
        self.signer
            .sign(&RSA_PKCS1_SHA256, &SystemRandom::new(), token.as_bytes(), &mut signature)
            .map_err(|_| SignError::Key)?;
        token.push('.');
        token.push_str(&URL_SAFE_NO_PAD.encode(signature));
        Ok(token)
    }

    /// The private key as PKCS#8 PEM. Only for a signer in this process: the tenant never
    /// serves or writes it.
    pub fn private_key_pem(&self) -> String {
        pem("PRIVATE KEY", &self.pkcs8_der, "\n")
    }

    pub fn decoding_key(&self) -> &DecodingKey {
        &self.decoding
    }

    pub fn jwk(&self) -> Value {
        json!({
            "alg": "RS256",
            "kty": "RSA",
            "use": "sig",
            "n": self.n,
            "e": self.e,
            "kid": self.kid,
            "x5t": self.x5t,
            "x5c": [STANDARD.encode(&self.cert_der)],
        })
    }

    /// Auth0 serves these PEMs with CRLF line ends (as recorded from real tenants).
    pub fn cert_pem(&self) -> String {
        pem("CERTIFICATE", &self.cert_der, "\r\n")
    }

    pub fn pkcs7_pem(&self) -> String {
        pem("PKCS7", &pkcs7_certs_only(&self.cert_der), "\r\n")
    }

    /// SHA-1 of the certificate, upper-case hex with colons, as `/keys/signing` shows it.
    pub fn fingerprint(&self) -> String {
        let hex = self.thumbprint();
        hex.as_bytes()
            .chunks(2)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join(":")
    }

    pub fn thumbprint(&self) -> String {
        hex_upper(&Sha1::digest(&self.cert_der))
    }
}

fn hex_upper(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

pub fn pem(label: &str, der: &[u8], eol: &str) -> String {
    let b64 = STANDARD.encode(der);
    let mut out = format!("-----BEGIN {label}-----{eol}");
    for chunk in b64.as_bytes().chunks(64) {
        out.push_str(&String::from_utf8_lossy(chunk));
        out.push_str(eol);
    }
    out.push_str(&format!("-----END {label}-----{eol}"));
    out
}

/// DER TLV with a definite length.
fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes: Vec<u8> = len.to_be_bytes().iter().copied().skip_while(|b| *b == 0).collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(content);
    out
}

/// A "certs-only" PKCS#7 SignedData (RFC 2315) holding one certificate: what Auth0's `pkcs7` field is.
fn pkcs7_certs_only(cert_der: &[u8]) -> Vec<u8> {
    const SIGNED_DATA: [u8; 9] = [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x02];
    const DATA: [u8; 9] = [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x01];
    let mut signed = tlv(0x02, &[1]); // version
    signed.extend(tlv(0x31, &[])); // digestAlgorithms: empty SET
    signed.extend(tlv(0x30, &tlv(0x06, &DATA))); // contentInfo without content
    signed.extend(tlv(0xA0, cert_der)); // [0] IMPLICIT certificates
    signed.extend(tlv(0x31, &[])); // signerInfos: empty SET
    let mut info = tlv(0x06, &SIGNED_DATA);
    info.extend(tlv(0xA0, &tlv(0x30, &signed)));
    tlv(0x30, &info)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jsonwebtoken::Algorithm;

    #[test]
    fn key_signs_tokens_its_own_jwk_verifies() {
        let key = SigningKey::generate("127.0.0.1").unwrap();
        let token = key.sign(&json!({"sub": "x", "exp": 4_000_000_000u64})).unwrap();
        let jwk: jsonwebtoken::jwk::Jwk = serde_json::from_value(key.jwk()).unwrap();
        let dk = DecodingKey::from_jwk(&jwk).unwrap();
        let data =
            jsonwebtoken::decode::<Value>(&token, &dk, &jsonwebtoken::Validation::new(Algorithm::RS256));
        assert_eq!(data.unwrap().claims["sub"], "x");
        assert_eq!(key.jwk()["e"], "AQAB");
        assert!(key.cert_pem().contains("\r\n"));
        assert_eq!(key.fingerprint().len(), 59);
    }

    #[test]
    fn long_tlv_lengths_are_encoded_in_long_form() {
        assert_eq!(tlv(0x04, &[0; 200])[..3], [0x04, 0x81, 200]);
        assert_eq!(tlv(0x04, &[0; 300])[..4], [0x04, 0x82, 0x01, 0x2C]);
    }
}
