//! Decode speed: a typical Auth0 Management token (~900 chars) and a 1 MB one.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::json;
use std::hint::black_box;
use tokex::domain::Inspection;

fn token(payload: serde_json::Value) -> String {
    let header = json!({"typ": "JWT", "alg": "RS256", "kid": "NDI1MkNCMTFBRkU4NEQzQzE2MjdEMUQ3OUNFNDI5RUNFQzg3QkE1Mw"});
    format!(
        "{}.{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(payload.to_string()),
        URL_SAFE_NO_PAD.encode([9u8; 256])
    )
}

fn typical() -> String {
    token(json!({
        "iss": "https://acme.eu.auth0.com/", "sub": "Rf3gAbx7Lk2mVq9TzWc4NnYe8HpJd1Us@clients",
        "aud": "https://acme.eu.auth0.com/api/v2/", "iat": 1_764_316_800, "exp": 1_764_403_200,
        "scope": "read:users update:users read:clients read:client_grants read:logs read:stats",
        "gty": "client-credentials", "azp": "Rf3gAbx7Lk2mVq9TzWc4NnYe8HpJd1Us"
    }))
}

fn benches(c: &mut Criterion) {
    let typical = typical();
    let big = token(json!({"aud": "https://acme.eu.auth0.com/api/v2/", "blob": "x".repeat(750_000)}));
    eprintln!("typical token: {} chars; big token: {} chars", typical.len(), big.len());
    c.bench_function("decode typical token", |b| b.iter(|| Inspection::from_pasted(black_box(&typical))));
    c.bench_function("decode 1 MB token", |b| b.iter(|| Inspection::from_pasted(black_box(&big))));
}

criterion_group!(decode, benches);
criterion_main!(decode);
