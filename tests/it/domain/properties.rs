//! Property tests (proptest) for the promises the fuzz targets also check: decoding never
//! panics, escaping leaves nothing a terminal could act on or hide, and every path tokex builds
//! or accepts stays under `/api/v2/`. The assertions live in `fuzz/checks.rs`, shared with the
//! fuzz targets and the corpus replay.
// Needs the local tenant (the default `tenant` feature): fuzz/checks.rs checks the tenant's
// user search too. Skipped in a client-only build.
#![cfg(feature = "tenant")]

use crate::checks;

use proptest::prelude::*;
use std::collections::HashMap;
use tokex::domain::Inspection;
use tokex::domain::catalog;
use tokex::domain::sanitize::{
    escape_control, escape_control_keep_newlines, escape_json_output, is_unsafe_char,
};

/// Characters that make escaping interesting: every kind `is_unsafe_char` names, plus safe
/// neighbours (a newline, combining marks, wide and astral characters).
fn tricky_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => any::<char>(),
        1 => prop::sample::select(vec![
            '\u{0}', '\u{7}', '\t', '\n', '\r', '\u{1b}', '\u{7f}', '\u{80}', '\u{85}', '\u{9b}', '\u{9f}',
            '\u{ad}', '\u{61c}', '\u{180e}', '\u{200b}', '\u{200d}', '\u{200f}', '\u{2028}', '\u{2029}',
            '\u{202a}', '\u{202e}', '\u{2060}', '\u{2064}', '\u{2066}', '\u{2069}', '\u{feff}', 'é',
            '\u{301}', '✓', '界', '\u{1f600}', '\\', '"', 'u', '{',
        ]),
    ]
}

fn tricky_string() -> impl Strategy<Value = String> {
    prop::collection::vec(tricky_char(), 0..48).prop_map(|chars| chars.into_iter().collect())
}

/// Three base64url-looking segments, some of them real base64url of JSON.
fn token_like() -> impl Strategy<Value = String> {
    use base64::Engine as _;
    let b64 = |s: String| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
    let json_text = prop_oneof![
        tricky_string(),
        (any::<i64>(), any::<i64>(), tricky_string()).prop_map(|(iat, exp, scope)| {
            serde_json::json!({"iat": iat, "exp": exp, "nbf": iat, "scope": scope, "aud": [scope]})
                .to_string()
        }),
    ];
    (json_text.clone(), json_text, "[A-Za-z0-9_=.-]{0,12}", "( |\n|Bearer |\")?").prop_map(
        move |(header, payload, signature, prefix)| {
            format!("{prefix}{}.{}.{signature}", b64(header), b64(payload))
        },
    )
}

/// Path pieces that have broken path resolvers: dot segments in every spelling, encoded
/// slashes and backslashes, the prefix itself, empty segments.
fn path_segment() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(vec![
            "..", ".", "%2e%2e", "%2E.", ".%2e", "%2e", "..%2f", "..%2F..", "..\\..", "..%5c", "api", "v2",
            "api%2fv2", "users", "", "?", "#", "%00", "%", "~",
        ])
        .prop_map(str::to_owned),
        1 => tricky_string(),
    ]
}

fn api_path_like() -> impl Strategy<Value = String> {
    (prop::collection::vec(path_segment(), 0..8), "/?", "(\\?[a-z=&./%]{0,10})?")
        .prop_map(|(segments, lead, query)| format!("{lead}{}{query}", segments.join("/")))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn decoding_never_panics_on_any_string(text in any::<String>()) {
        let _ = Inspection::from_pasted(&text);
        checks::pasted_input(text.as_bytes());
    }

    #[test]
    fn decoding_never_panics_on_token_like_strings(text in token_like()) {
        let _ = Inspection::from_pasted(&text);
        checks::pasted_input(text.as_bytes());
    }

    #[test]
    fn escaped_text_has_no_unsafe_character(text in tricky_string()) {
        let escaped = escape_control(&text);
        prop_assert!(!escaped.chars().any(is_unsafe_char), "{:?} -> {:?}", text, escaped);
        // Every safe character survives, in order: escaping only inserts.
        let mut rest = escaped.chars();
        prop_assert!(text.chars().filter(|c| !is_unsafe_char(*c)).all(|c| rest.any(|e| e == c)), "{:?} -> {:?}", text, escaped);
        let multi_line = escape_control_keep_newlines(&text);
        prop_assert!(!multi_line.chars().any(|c| c != '\n' && is_unsafe_char(c)), "{:?}", multi_line);
        prop_assert_eq!(multi_line.matches('\n').count(), text.matches('\n').count());
    }

    #[test]
    fn escaped_json_has_no_unsafe_character_and_decodes_back(text in tricky_string()) {
        let json = serde_json::to_string_pretty(&serde_json::json!({ "k": text, "list": [text] }))
            .expect("a string serialises");
        let escaped = escape_json_output(&json);
        prop_assert!(!escaped.chars().any(|c| c != '\n' && is_unsafe_char(c)), "{:?}", escaped);
        let back: serde_json::Value = serde_json::from_str(&escaped).expect("escaped JSON stays JSON");
        prop_assert_eq!(back["k"].as_str(), Some(text.as_str()));
    }

    #[test]
    fn rendered_catalog_path_stays_under_api(
        index in 0..catalog::catalog().len(),
        values in prop::collection::vec(prop_oneof![path_segment(), tricky_string()], 0..8),
    ) {
        let endpoint = &catalog::catalog()[index];
        let form: HashMap<String, String> =
            endpoint.params.iter().map(|p| p.name.clone()).zip(values).collect();
        if let Ok(rendered) = endpoint.render_path(&form) {
            prop_assert!(rendered.starts_with("/api/v2/"), "{}", rendered);
        }
        checks::rendered_path(endpoint, &form);
    }

    #[test]
    fn resolved_api_path_never_leaves_api(path in api_path_like()) {
        if let Ok(resolved) = tokex::domain::api_path::resolve_api_path(&path) {
            let only_path = resolved.split('?').next().unwrap_or_default();
            prop_assert!(only_path == "/api/v2" || only_path.starts_with("/api/v2/"), "{:?} -> {:?}", path, resolved);
        }
        checks::api_path(&path);
    }

    /// Auth0's 403 text comes from the network: parsing it never panics, and every scope it
    /// yields is printable ASCII (no control, bidi or invisible character reaches a scope name).
    #[test]
    fn insufficient_scope_text_parses_safely(
        prefix in tricky_string(),
        middle in prop::sample::select(vec!["expected any of:", "expected all of:", "expected:", "expected", " and any of: ", " or ", ","]),
        rest in tricky_string(),
    ) {
        let text = format!("{prefix}{middle}{rest} and {rest}");
        if let Some((requirement, _)) = tokex::domain::scope_rule::Requirement::from_auth0_text(&text) {
            prop_assert!(!requirement.clauses().is_empty());
            for scope in requirement.scopes() {
                prop_assert!(!scope.is_empty() && scope.bytes().all(|b| b.is_ascii_graphic()), "{:?}", scope);
            }
        }
    }
}

/// The overflows the fuzzer found in the decoder (`exp - iat`, `remaining * 10`), now checked
/// arithmetic: the saved inputs decode without a panic.
#[test]
fn decoding_never_panics_on_extreme_times() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/artifacts-found/pasted_input");
    for entry in std::fs::read_dir(dir).expect("the found inputs") {
        let text = std::fs::read_to_string(entry.expect("an entry").path()).expect("UTF-8 text");
        if let Ok(inspection) = Inspection::from_pasted(&text) {
            let _ = inspection.expiry(1_700_000_000);
        }
    }
}
