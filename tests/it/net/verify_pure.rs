//! Pure verification (`domain::verify`) with keys generated in the test: genuine, tampered,
//! expired, not yet valid, foreign issuer, wrong audience, unknown kid, `none` and HS256
//! against an RSA key.

use crate::net_support as support;

use jsonwebtoken::jwk::KeyAlgorithm;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};
use support::keys::{b64url, jwks, rsa_key, sign};
use tokex::domain::DecodedJwt;
use tokex::domain::verify::{Expected, Finding, SignatureState, verify, verify_signature};

const ISS: &str = "http://127.0.0.1:4000/";
const AUD: &str = "http://127.0.0.1:4000/api/v2/";
const NOW: i64 = 1_700_000_000;

fn expected() -> Expected {
    Expected { issuer: ISS.to_owned(), audience: AUD.to_owned() }
}

fn claims(iat: i64, exp: i64) -> Value {
    json!({"iss": ISS, "sub": "abc@clients", "aud": AUD, "iat": iat, "exp": exp, "scope": "read:users", "gty": "client-credentials"})
}

fn decode(token: &str) -> DecodedJwt {
    DecodedJwt::decode(token).expect("decodes")
}

#[test]
fn genuine_token_verifies_and_is_trusted() {
    let key = rsa_key("k1");
    let other = rsa_key("k2");
    let token = sign(&key, &claims(NOW - 10, NOW + 3600));
    let result = verify(&decode(&token), &jwks(&[&other, &key]), &expected(), NOW);
    assert_eq!(result.signature, SignatureState::Verified { kid: Some("k1".to_owned()) });
    assert!(result.findings.is_empty(), "{:?}", result.findings);
    assert!(result.is_trusted());
}

#[test]
fn tampered_payload_is_invalid() {
    let key = rsa_key("k1");
    let token = sign(&key, &claims(NOW - 10, NOW + 3600));
    let parts: Vec<&str> = token.split('.').collect();
    let forged = b64url(claims(NOW - 10, NOW + 999_999).to_string().as_bytes());
    let tampered = format!("{}.{}.{}", parts[0], forged, parts[2]);
    let result = verify(&decode(&tampered), &jwks(&[&key]), &expected(), NOW);
    assert!(
        matches!(&result.signature, SignatureState::Invalid { reason } if reason.contains("does not match"))
    );
    assert!(!result.is_trusted());
    assert_eq!(
        result.first_problem().as_deref(),
        Some("signature invalid: the signature does not match the key (tampered or signed by another key)")
    );
}

#[test]
fn signed_by_another_key_with_same_kid_is_invalid() {
    let real = rsa_key("k1");
    let impostor = rsa_key("k1");
    let token = sign(&impostor, &claims(NOW, NOW + 60));
    assert!(matches!(verify_signature(&decode(&token), &jwks(&[&real])), SignatureState::Invalid { .. }));
}

#[test]
fn expired_exactly_at_exp_without_leeway() {
    let key = rsa_key("k1");
    let token = sign(&key, &claims(NOW - 86_400, NOW));
    let result = verify(&decode(&token), &jwks(&[&key]), &expected(), NOW);
    assert!(result.signature.is_verified());
    assert_eq!(result.findings, vec![Finding::Expired { ago: 0 }]);
    assert!(!result.is_trusted());
    // One second earlier it is fine: no hidden leeway either way.
    assert!(verify(&decode(&token), &jwks(&[&key]), &expected(), NOW - 1).is_trusted());
}

#[test]
fn not_yet_valid_and_clock_skew() {
    let key = rsa_key("k1");
    let mut body = claims(NOW + 30, NOW + 3600);
    body["nbf"] = json!(NOW + 30);
    let token = sign(&key, &body);
    let result = verify(&decode(&token), &jwks(&[&key]), &expected(), NOW);
    assert_eq!(
        result.findings,
        vec![Finding::NotYetValid { starts_in: 30 }, Finding::ClockSkew { seconds: 30 }]
    );
    assert!(!result.is_trusted());

    // iat in the future alone is skew: shown, not blocking.
    let token = sign(&key, &claims(NOW + 5, NOW + 3600));
    let result = verify(&decode(&token), &jwks(&[&key]), &expected(), NOW);
    assert_eq!(result.findings, vec![Finding::ClockSkew { seconds: 5 }]);
    assert!(result.is_trusted());
    assert!(result.findings[0].to_string().starts_with("clock skew: issued 5s in the future"));
}

#[test]
fn foreign_issuer_and_wrong_audience() {
    let key = rsa_key("k1");
    let mut body = claims(NOW, NOW + 60);
    body["iss"] = json!("https://evil.example/");
    body["aud"] = json!(["https://other/api/", "https://evil.example/userinfo"]);
    let token = sign(&key, &body);
    let result = verify(&decode(&token), &jwks(&[&key]), &expected(), NOW);
    assert!(result.signature.is_verified());
    assert_eq!(
        result.findings,
        vec![
            Finding::IssuerMismatch {
                expected: ISS.to_owned(),
                found: Some("https://evil.example/".to_owned())
            },
            Finding::AudienceMismatch {
                expected: AUD.to_owned(),
                found: vec!["https://other/api/".to_owned(), "https://evil.example/userinfo".to_owned()]
            },
        ]
    );
    assert_eq!(
        result.first_problem().as_deref(),
        Some("issuer is https://evil.example/, expected http://127.0.0.1:4000/")
    );
}

#[test]
fn audience_array_containing_expected_is_fine() {
    let key = rsa_key("k1");
    let mut body = claims(NOW, NOW + 60);
    body["aud"] = json!([AUD, "http://127.0.0.1:4000/userinfo"]);
    let result = verify(&decode(&sign(&key, &body)), &jwks(&[&key]), &expected(), NOW);
    assert!(result.is_trusted(), "{result:?}");
}

#[test]
fn unknown_kid() {
    let key = rsa_key("old");
    let rotated = rsa_key("new");
    let token = sign(&key, &claims(NOW, NOW + 60));
    assert_eq!(
        verify_signature(&decode(&token), &jwks(&[&rotated])),
        SignatureState::UnknownKey { kid: Some("old".to_owned()) }
    );
}

#[test]
fn no_kid_uses_the_only_key_but_not_one_of_several() {
    let key = rsa_key("only");
    let header = Header::new(Algorithm::RS256);
    let token = jsonwebtoken::encode(&header, &claims(NOW, NOW + 60), &key.encoding).expect("sign");
    assert_eq!(
        verify_signature(&decode(&token), &jwks(&[&key])),
        SignatureState::Verified { kid: Some("only".to_owned()) }
    );
    let second = rsa_key("second");
    assert_eq!(
        verify_signature(&decode(&token), &jwks(&[&key, &second])),
        SignatureState::UnknownKey { kid: None }
    );
}

#[test]
fn alg_none_is_refused() {
    let key = rsa_key("k1");
    let header = b64url(json!({"alg": "none", "typ": "JWT", "kid": "k1"}).to_string().as_bytes());
    let payload = b64url(claims(NOW, NOW + 60).to_string().as_bytes());
    let token = format!("{header}.{payload}.");
    let state = verify_signature(&decode(&token), &jwks(&[&key]));
    assert!(matches!(&state, SignatureState::Invalid { reason } if reason.contains("none")), "{state:?}");
}

#[test]
fn hs256_signed_with_the_public_key_is_refused() {
    // The classic confusion attack: HMAC keyed with the RSA public key's bytes.
    let key = rsa_key("k1");
    let jsonwebtoken::jwk::AlgorithmParameters::RSA(rsa) = &key.jwk.algorithm else { panic!("rsa jwk") };
    let mut header = Header::new(Algorithm::HS256);
    header.kid = Some("k1".to_owned());
    let token = jsonwebtoken::encode(
        &header,
        &claims(NOW, NOW + 60),
        &EncodingKey::from_secret(rsa.n.as_bytes()).expect("hmac key"),
    )
    .expect("sign");
    let state = verify_signature(&decode(&token), &jwks(&[&key]));
    assert!(
        matches!(&state, SignatureState::Invalid { reason } if reason.contains("HS256") && reason.contains("RS256")),
        "{state:?}"
    );
}

#[test]
fn key_without_alg_defaults_to_rs256_and_header_cannot_upgrade_it() {
    let mut key = rsa_key("k1");
    key.jwk.common.key_algorithm = None;
    let token = sign(&key, &claims(NOW, NOW + 60));
    assert!(verify_signature(&decode(&token), &jwks(&[&key])).is_verified());

    // A key pinned to RS384 refuses an RS256 token even though the key material matches.
    key.jwk.common.key_algorithm = Some(KeyAlgorithm::RS384);
    assert!(matches!(verify_signature(&decode(&token), &jwks(&[&key])), SignatureState::Invalid { .. }));
}

#[test]
fn symmetric_key_in_jwks_is_refused() {
    let key = rsa_key("k1");
    let token = sign(&key, &claims(NOW, NOW + 60));
    let set: jsonwebtoken::jwk::JwkSet =
        serde_json::from_value(json!({"keys": [{"kty": "oct", "kid": "k1", "k": "c2VjcmV0"}]}))
            .expect("jwks");
    let state = verify_signature(&decode(&token), &set);
    assert!(
        matches!(&state, SignatureState::Invalid { reason } if reason.contains("symmetric")),
        "{state:?}"
    );
}

/// RFC 7515 §4.1.11: a `crit` header naming extensions the recipient does not understand (tokex
/// understands none, `b64` of RFC 7797 included) makes the JWS invalid, even when the signature
/// over the header is genuine.
#[test]
fn a_crit_header_is_refused_even_when_genuinely_signed() {
    let key = rsa_key("k1");
    let signed_with = |header: Value| {
        let message = format!(
            "{}.{}",
            b64url(header.to_string().as_bytes()),
            b64url(claims(NOW - 10, NOW + 3600).to_string().as_bytes())
        );
        let signature =
            jsonwebtoken::crypto::sign(message.as_bytes(), &key.encoding, Algorithm::RS256).expect("sign");
        format!("{message}.{signature}")
    };
    let control = signed_with(json!({"alg": "RS256", "kid": "k1", "typ": "JWT"}));
    assert!(verify(&decode(&control), &jwks(&[&key]), &expected(), NOW).is_trusted(), "the control verifies");
    for (crit, says) in [
        (json!(["b64"]), "extensions tokex does not understand (b64)"),
        (json!(["exp", "x-custom"]), "(exp, x-custom)"),
        (json!([]), "not a non-empty list"),
        (json!("b64"), "not a non-empty list"),
        (json!([1]), "not a non-empty list"),
    ] {
        let token = signed_with(json!({"alg": "RS256", "kid": "k1", "crit": crit, "b64": true}));
        let result = verify(&decode(&token), &jwks(&[&key]), &expected(), NOW);
        assert!(
            matches!(&result.signature, SignatureState::Invalid { reason } if reason.contains(says) && reason.contains("RFC 7515")),
            "{crit}: {:?}",
            result.signature
        );
        assert!(!result.is_trusted());
    }
}
