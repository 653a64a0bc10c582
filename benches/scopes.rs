//! Decode time against the number of scopes: de-duplication and grouping must stay linear.
//! 200,000 scopes must decode in well under 200 ms.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::json;
use std::hint::black_box;
use tokex::domain::Inspection;

/// A token with `count` distinct scopes over `count / 4` resources, plus one repeat of each
/// so de-duplication has work to do.
fn token_with_scopes(count: usize) -> String {
    let mut scopes: Vec<String> = (0..count)
        .map(|i| format!("{}:resource_{}", ["read", "create", "update", "delete"][i % 4], i / 4))
        .collect();
    scopes.extend(scopes[..count / 10].to_vec());
    let payload = json!({
        "iss": "https://acme.eu.auth0.com/", "aud": "https://acme.eu.auth0.com/api/v2/",
        "iat": 1_764_316_800, "exp": 1_764_403_200, "scope": scopes.join(" "),
    });
    format!(
        "{}.{}.{}",
        URL_SAFE_NO_PAD.encode(json!({"alg": "RS256", "typ": "JWT"}).to_string()),
        URL_SAFE_NO_PAD.encode(payload.to_string()),
        URL_SAFE_NO_PAD.encode([9u8; 256])
    )
}

fn benches(c: &mut Criterion) {
    let mut group = c.benchmark_group("decode scopes");
    group.sample_size(10);
    for count in [40_000, 200_000] {
        let token = token_with_scopes(count);
        let decoded = Inspection::from_pasted(&token).expect("decodes");
        assert_eq!(decoded.claims.scopes.len(), count);
        group.bench_function(format!("{count} scopes ({} KB)", token.len() / 1000), |b| {
            b.iter(|| Inspection::from_pasted(black_box(&token)))
        });
    }
    group.finish();
}

criterion_group!(scopes, benches);
criterion_main!(scopes);
