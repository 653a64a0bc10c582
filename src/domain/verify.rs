//! Signature and claim verification against a JWKS, pure: the JWKS, the expected issuer and
//! audience, and `now` are all passed in. Fetching and caching the JWKS is `net::jwks`.
//!
//! The algorithm comes from the key, never from the token's header: a header that asks for
//! `none`, or for HS256 against an RSA key (the classic algorithm-confusion attack), is refused.
//! Time checks are done here rather than by jsonwebtoken so `now` is injectable and there is no
//! hidden leeway.

use super::claims::Claims;
use super::token::DecodedJwt;
use jsonwebtoken::jwk::{AlgorithmParameters, EllipticCurve, Jwk, JwkSet, KeyAlgorithm, PublicKeyUse};
use jsonwebtoken::{Algorithm, DecodingKey};
use serde::Serialize;
use std::fmt;

/// Where a token's signature stands. Serialised as `{"state":"verified","kid":"…"}`,
/// `{"state":"invalid","reason":"…"}`, `{"state":"unknown_key","kid":"…"}`,
/// `{"state":"not_verified"}` or `{"state":"no_jwks","reason":"…"}`; `state` is [`Self::wire_name`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum SignatureState {
    Verified {
        #[serde(skip_serializing_if = "Option::is_none")]
        kid: Option<String>,
    },
    Invalid {
        reason: String,
    },
    /// The JWKS has no key with this `kid` (even after one refetch).
    UnknownKey {
        #[serde(skip_serializing_if = "Option::is_none")]
        kid: Option<String>,
    },
    /// Neutral: the issuer is not a configured profile, so nothing was contacted.
    NotVerified,
    /// The issuer publishes no usable JWKS, or it could not be fetched.
    NoJwks {
        reason: String,
    },
}

impl SignatureState {
    /// The value of `signature` in `decode --json`.
    pub fn wire_name(&self) -> &'static str {
        match self {
            SignatureState::Verified { .. } => "verified",
            SignatureState::Invalid { .. } => "invalid",
            SignatureState::UnknownKey { .. } => "unknown_key",
            SignatureState::NotVerified => "not_verified",
            SignatureState::NoJwks { .. } => "no_jwks",
        }
    }

    pub fn is_verified(&self) -> bool {
        matches!(self, SignatureState::Verified { .. })
    }

    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_else(|_| serde_json::Value::String(self.wire_name().to_owned()))
    }
}

impl fmt::Display for SignatureState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SignatureState::Verified { kid: Some(kid) } => write!(f, "signature verified (key {kid})"),
            SignatureState::Verified { kid: None } => f.write_str("signature verified"),
            SignatureState::Invalid { reason } => write!(f, "signature invalid: {reason}"),
            SignatureState::UnknownKey { kid: Some(kid) } => {
                write!(f, "unknown key: the issuer's JWKS has no key {kid}")
            }
            SignatureState::UnknownKey { kid: None } => {
                f.write_str("unknown key: the token names no kid and the JWKS has several keys")
            }
            SignatureState::NotVerified => f.write_str("not verified (issuer not configured)"),
            SignatureState::NoJwks { reason } => write!(f, "no JWKS: {reason}"),
        }
    }
}

/// What a token's claims say at `now`, for the expected issuer and audience.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "finding", rename_all = "snake_case")]
pub enum Finding {
    Expired {
        ago: i64,
    },
    NotYetValid {
        starts_in: i64,
    },
    /// `iat` is after `now`: this machine's clock and the issuer's disagree.
    ClockSkew {
        seconds: i64,
    },
    NoExpiry,
    IssuerMismatch {
        expected: String,
        found: Option<String>,
    },
    AudienceMismatch {
        expected: String,
        found: Vec<String>,
    },
    MalformedClaims {
        detail: String,
    },
}

impl Finding {
    /// True when the token must not be used because of this finding. Clock skew and a missing
    /// `exp` are shown but do not by themselves make a token unusable.
    pub fn blocks_use(&self) -> bool {
        !matches!(self, Finding::ClockSkew { .. } | Finding::NoExpiry)
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use super::expiry::format_duration as d;
        match self {
            Finding::Expired { ago } => write!(f, "expired {} ago", d(*ago)),
            Finding::NotYetValid { starts_in } => write!(f, "not valid yet (nbf in {})", d(*starts_in)),
            Finding::ClockSkew { seconds } => {
                write!(
                    f,
                    "clock skew: issued {} in the future (this clock is behind the issuer's)",
                    d(*seconds)
                )
            }
            Finding::NoExpiry => f.write_str("no exp claim: the token never expires"),
            Finding::IssuerMismatch { expected, found: Some(found) } => {
                write!(f, "issuer is {found}, expected {expected}")
            }
            Finding::IssuerMismatch { expected, found: None } => {
                write!(f, "no iss claim, expected {expected}")
            }
            Finding::AudienceMismatch { expected, found } if found.is_empty() => {
                write!(f, "no aud claim, expected {expected}")
            }
            Finding::AudienceMismatch { expected, found } => {
                write!(f, "audience is {}, expected {expected}", found.join(", "))
            }
            Finding::MalformedClaims { detail } => write!(f, "claims unreadable: {detail}"),
        }
    }
}

/// What the token must be for: the profile's (or tenant's) issuer and audience.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expected {
    pub issuer: String,
    pub audience: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verification {
    pub signature: SignatureState,
    pub findings: Vec<Finding>,
}

impl Verification {
    /// Signature verified and no finding that blocks use: trustworthy right now.
    pub fn is_trusted(&self) -> bool {
        self.signature.is_verified() && !self.findings.iter().any(Finding::blocks_use)
    }

    /// The first reason the token is not trusted, for one-line CLI errors.
    pub fn first_problem(&self) -> Option<String> {
        if !self.signature.is_verified() {
            return Some(self.signature.to_string());
        }
        self.findings.iter().find(|f| f.blocks_use()).map(ToString::to_string)
    }
}

/// Verifies signature, times, issuer and audience in one go.
pub fn verify(jwt: &DecodedJwt, jwks: &JwkSet, expected: &Expected, now: i64) -> Verification {
    Verification { signature: verify_signature(jwt, jwks), findings: check_claims(jwt, expected, now) }
}

/// Checks only the signature: picks the key by `kid` and uses the algorithm the key allows.
/// A header with `crit` is refused first: it names extensions the signature's meaning depends
/// on, and tokex understands none (RFC 7515 §4.1.11: the recipient must then reject the JWS).
pub fn verify_signature(jwt: &DecodedJwt, jwks: &JwkSet) -> SignatureState {
    if let Some(reason) = critical_extensions(jwt) {
        return SignatureState::Invalid { reason };
    }
    let kid = jwt.kid().map(str::to_owned);
    let Some(key) = select_key(jwks, kid.as_deref()) else {
        return SignatureState::UnknownKey { kid };
    };
    let kid = kid.or_else(|| key.common.key_id.clone());
    let invalid = |reason: String| SignatureState::Invalid { reason };
    let key_alg = match key_algorithm(key) {
        Ok(alg) => alg,
        Err(reason) => return invalid(reason.to_string()),
    };
    match jwt.alg() {
        None => return invalid("the header names no alg".to_owned()),
        Some(alg) if alg.eq_ignore_ascii_case("none") => {
            return invalid("alg \"none\" (an unsigned token) is refused".to_owned());
        }
        Some(alg) if alg != algorithm_name(key_alg) => {
            return invalid(format!(
                "the header asks for {alg} but the key only allows {} (refused)",
                algorithm_name(key_alg)
            ));
        }
        Some(_) => {}
    }
    let signature = jwt.signature_segment();
    if signature.is_empty() {
        return invalid("the token has no signature".to_owned());
    }
    let decoding_key = match DecodingKey::from_jwk(key) {
        Ok(decoding_key) => decoding_key,
        Err(error) => return invalid(format!("the key is unusable: {error}")),
    };
    let message = &jwt.raw[..jwt.header_len + 1 + jwt.payload_len];
    match jsonwebtoken::crypto::verify(signature, message.as_bytes(), &decoding_key, key_alg) {
        Ok(true) => SignatureState::Verified { kid },
        Ok(false) => {
            invalid("the signature does not match the key (tampered or signed by another key)".to_owned())
        }
        Err(error) => invalid(format!("the signature could not be checked: {error}")),
    }
}

/// Why a `crit` header member makes the token unverifiable, if there is one. Every extension
/// it may name is one tokex does not implement (RFC 7515 §4.1.11, RFC 7797's `b64` among them),
/// and a `crit` that is not a non-empty list of names is malformed.
fn critical_extensions(jwt: &DecodedJwt) -> Option<String> {
    let crit = jwt.header.get("crit")?;
    let names: Option<Vec<&str>> =
        crit.as_array().map(|items| items.iter().filter_map(|n| n.as_str()).collect());
    Some(match names {
        Some(names) if !names.is_empty() && names.len() == crit.as_array().map_or(0, Vec::len) => {
            let shown: Vec<String> =
                names.iter().map(|name| super::sanitize::escape_control(name).into_owned()).collect();
            format!(
                "the header's crit names extensions tokex does not understand ({}): refused (RFC 7515 §4.1.11)",
                shown.join(", ")
            )
        }
        _ => {
            "the header's crit is not a non-empty list of header names: refused (RFC 7515 §4.1.11)".to_owned()
        }
    })
}

/// The key named by `kid`; without a `kid`, the only signing key if there is exactly one.
fn select_key<'a>(jwks: &'a JwkSet, kid: Option<&str>) -> Option<&'a Jwk> {
    match kid {
        Some(kid) => jwks.find(kid),
        None => {
            let mut signing =
                jwks.keys.iter().filter(|k| k.common.public_key_use != Some(PublicKeyUse::Encryption));
            match (signing.next(), signing.next()) {
                (Some(only), None) => Some(only),
                _ => None,
            }
        }
    }
}

/// Why a JWKS key cannot verify a signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
enum KeyRejection {
    #[error("the key is for encryption, not signatures")]
    ForEncryption,
    #[error("the key's algorithm {0} cannot verify signatures")]
    CannotVerify(KeyAlgorithm),
    #[error("the key's type does not fit its algorithm {0} (refused)")]
    TypeMismatch(KeyAlgorithm),
    #[error("the key's curve is not supported")]
    UnsupportedCurve,
    #[error("a symmetric key in a public JWKS is refused")]
    Symmetric,
    #[error("the key type is not supported")]
    UnsupportedType,
}

/// The one algorithm a key may verify: its `alg` member, or the key type's usual one when
/// the JWKS omits `alg` (Auth0 does when a tenant flag is off).
fn key_algorithm(key: &Jwk) -> Result<Algorithm, KeyRejection> {
    if key.common.public_key_use == Some(PublicKeyUse::Encryption) {
        return Err(KeyRejection::ForEncryption);
    }
    if let Some(alg) = key.common.key_algorithm {
        let algorithm = Algorithm::try_from(alg).map_err(|_| KeyRejection::CannotVerify(alg))?;
        let family_ok = matches!(
            (&key.algorithm, alg),
            (AlgorithmParameters::RSA(_), KeyAlgorithm::RS256 | KeyAlgorithm::RS384 | KeyAlgorithm::RS512)
                | (
                    AlgorithmParameters::RSA(_),
                    KeyAlgorithm::PS256 | KeyAlgorithm::PS384 | KeyAlgorithm::PS512
                )
                | (AlgorithmParameters::EllipticCurve(_), KeyAlgorithm::ES256 | KeyAlgorithm::ES384)
                | (AlgorithmParameters::OctetKeyPair(_), KeyAlgorithm::EdDSA)
        );
        if !family_ok {
            return Err(KeyRejection::TypeMismatch(alg));
        }
        return Ok(algorithm);
    }
    match &key.algorithm {
        AlgorithmParameters::RSA(_) => Ok(Algorithm::RS256),
        AlgorithmParameters::EllipticCurve(ec) => match ec.curve {
            EllipticCurve::P256 => Ok(Algorithm::ES256),
            EllipticCurve::P384 => Ok(Algorithm::ES384),
            _ => Err(KeyRejection::UnsupportedCurve),
        },
        AlgorithmParameters::OctetKeyPair(_) => Ok(Algorithm::EdDSA),
        AlgorithmParameters::OctetKey(_) => Err(KeyRejection::Symmetric),
        _ => Err(KeyRejection::UnsupportedType),
    }
}

fn algorithm_name(alg: Algorithm) -> &'static str {
    match alg {
        Algorithm::HS256 => "HS256",
        Algorithm::HS384 => "HS384",
        Algorithm::HS512 => "HS512",
        Algorithm::ES256 => "ES256",
        Algorithm::ES384 => "ES384",
        Algorithm::RS256 => "RS256",
        Algorithm::RS384 => "RS384",
        Algorithm::RS512 => "RS512",
        Algorithm::PS256 => "PS256",
        Algorithm::PS384 => "PS384",
        Algorithm::PS512 => "PS512",
        Algorithm::EdDSA => "EdDSA",
        _ => "unknown",
    }
}

/// Time, issuer and audience findings at `now`, with no leeway.
pub fn check_claims(jwt: &DecodedJwt, expected: &Expected, now: i64) -> Vec<Finding> {
    let claims = match Claims::from_jwt(jwt) {
        Ok(claims) => claims,
        Err(error) => return vec![Finding::MalformedClaims { detail: error.to_string() }],
    };
    let mut findings = Vec::new();
    match claims.exp {
        None => findings.push(Finding::NoExpiry),
        Some(exp) if now >= exp => findings.push(Finding::Expired { ago: now.saturating_sub(exp) }),
        Some(_) => {}
    }
    if let Some(nbf) = claims.nbf.filter(|nbf| now < *nbf) {
        findings.push(Finding::NotYetValid { starts_in: nbf.saturating_sub(now) });
    }
    if let Some(iat) = claims.iat.filter(|iat| now < *iat) {
        findings.push(Finding::ClockSkew { seconds: iat.saturating_sub(now) });
    }
    if claims.iss.as_deref() != Some(expected.issuer.as_str()) {
        findings
            .push(Finding::IssuerMismatch { expected: expected.issuer.clone(), found: claims.iss.clone() });
    }
    if !claims.aud.iter().any(|aud| aud == &expected.audience) {
        findings.push(Finding::AudienceMismatch { expected: expected.audience.clone(), found: claims.aud });
    }
    findings
}

/// Writes a verification into a `decode --json` summary: `signature` stays the state's wire
/// name (`"verified"`, `"not_verified"`, …) so scripts compare one string, `signature_detail`
/// carries kid or reason, and `findings` the claim checks.
pub fn annotate_summary(summary: &mut serde_json::Value, verification: &Verification) {
    summary["signature"] = serde_json::Value::String(verification.signature.wire_name().to_owned());
    summary["signature_detail"] = verification.signature.to_json();
    summary["findings"] =
        serde_json::Value::from(verification.findings.iter().map(ToString::to_string).collect::<Vec<_>>());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_and_json() {
        let verified = SignatureState::Verified { kid: Some("k1".to_owned()) };
        assert_eq!(verified.wire_name(), "verified");
        assert_eq!(verified.to_json(), serde_json::json!({"state": "verified", "kid": "k1"}));
        assert_eq!(SignatureState::NotVerified.to_json(), serde_json::json!({"state": "not_verified"}));
        assert_eq!(SignatureState::UnknownKey { kid: None }.wire_name(), "unknown_key");
        assert_eq!(SignatureState::NoJwks { reason: "x".into() }.wire_name(), "no_jwks");
        assert_eq!(SignatureState::Invalid { reason: "x".into() }.wire_name(), "invalid");
    }

    #[test]
    fn skew_and_no_expiry_do_not_block() {
        assert!(!Finding::ClockSkew { seconds: 3 }.blocks_use());
        assert!(!Finding::NoExpiry.blocks_use());
        assert!(Finding::Expired { ago: 0 }.blocks_use());
    }
}
