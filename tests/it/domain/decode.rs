//! Table-driven tests of the token core: extraction, decoding, claims, time, warnings.

use crate::support;

use rstest::rstest;
use serde_json::json;
use support::*;
use tokex::domain::expiry::{Expiry, TimeState, Urgency, format_duration, relative};
use tokex::domain::{DecodeError, Inspection, Part, WarningKind, group_scopes};

fn decode(text: &str) -> Result<Inspection, DecodeError> {
    Inspection::from_pasted(text)
}

#[test]
fn rfc7519_example_decodes() {
    let inspection = decode(RFC7519_EXAMPLE).expect("decodes");
    assert_eq!(inspection.jwt.alg(), Some("HS256"));
    assert_eq!(inspection.claims.iss.as_deref(), Some("joe"));
    assert_eq!(inspection.claims.exp, Some(1_300_819_380));
    let other: Vec<_> = inspection.other_claims().collect();
    assert_eq!(other, vec![("http://example.com/is_root", &json!(true))]);
    assert!(inspection.warnings.iter().any(|w| w.kind == WarningKind::WeakAlgorithm));
}

#[rstest]
#[case::bare("{T}")]
#[case::surrounding_whitespace("  \n\t{T}\n\n")]
#[case::double_quoted("\"{T}\"")]
#[case::single_quoted("'{T}'")]
#[case::bearer("Bearer {T}")]
#[case::bearer_lowercase("bearer {T}")]
#[case::header_line("Authorization: Bearer {T}")]
#[case::header_line_lowercase("authorization:   bearer   {T}\r\n")]
#[case::json_response("{\"access_token\":\"{T}\",\"expires_in\":86400,\"token_type\":\"Bearer\"}")]
#[case::json_response_pretty("{\n  \"access_token\": \"{T}\",\n  \"scope\": \"read:users\"\n}\n")]
#[case::wrapped_lines("{T_WRAPPED}")]
fn tolerant_input(#[case] template: &str) {
    let token = management_token(NOW, 86_400, "read:users update:users");
    let wrapped = format!("{}\n{}", &token[..40], &token[40..]);
    let input = template.replace("{T_WRAPPED}", &wrapped).replace("{T}", &token);
    let inspection = decode(&input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
    assert_eq!(inspection.jwt.raw, token);
    assert_eq!(inspection.claims.scopes, vec!["read:users", "update:users"]);
}

#[rstest]
#[case::empty("", "nothing to decode")]
#[case::whitespace("   \n ", "nothing to decode")]
#[case::bearer_only("Bearer ", "nothing to decode")]
#[case::one_part("abc", "1 part(s)")]
#[case::two_parts("abc.def", "2 part(s)")]
#[case::four_parts("a.b.c.d", "4 part(s)")]
#[case::jwe("eyJhbGciOiJSU0EtT0FFUCJ9.a.b.c.d", "encrypted JWE")]
#[case::empty_header(".eyJhIjoxfQ.sig", "header part is empty")]
#[case::bad_base64_header(
    "ey$hbGc.eyJhIjoxfQ.c2ln",
    "header part is not valid base64url: unexpected '$' at character 2"
)]
#[case::bad_base64_payload(
    "eyJhbGciOiJub25lIn0.eyJh!IjoxfQ.c2ln",
    "payload part is not valid base64url: unexpected '!' at character 4"
)]
#[case::bad_base64_signature("eyJhbGciOiJub25lIn0.eyJhIjoxfQ.s*g", "signature part is not valid base64url")]
#[case::header_not_json("bm90IGpzb24.eyJhIjoxfQ.c2ln", "header part is not JSON")]
#[case::payload_array(
    "eyJhbGciOiJub25lIn0.WzEsMl0.c2ln",
    "payload part is JSON but not an object (found an array)"
)]
#[case::payload_string("eyJhbGciOiJub25lIn0.ImhpIg.c2ln", "not an object (found a string)")]
#[case::json_without_token("{\"token_type\":\"Bearer\"}", "no `access_token` member")]
#[case::broken_json("{\"access_token\": ", "not a token response")]
fn errors_say_what_and_where(#[case] input: &str, #[case] expected: &str) {
    let error = decode(input).expect_err("must fail").to_string();
    assert!(error.contains(expected), "{input:?} gave {error:?}, wanted {expected:?}");
}

#[rstest]
#[case::exp_string(json!({"exp": "1764320000"}), "exp", "a string")]
#[case::iat_bool(json!({"iat": true}), "iat", "a boolean")]
#[case::nbf_object(json!({"nbf": {}}), "nbf", "an object")]
#[case::aud_number(json!({"aud": 5}), "aud", "a number")]
#[case::aud_mixed_array(json!({"aud": ["a", 1]}), "aud", "a number")]
#[case::iss_number(json!({"iss": 7}), "iss", "a number")]
#[case::scope_number(json!({"scope": 7}), "scope", "a number")]
#[case::permissions_mixed(json!({"permissions": ["read:users", 3]}), "permissions", "a number")]
fn wrong_claim_types_are_named(#[case] payload: serde_json::Value, #[case] claim: &str, #[case] found: &str) {
    let error = decode(&token(json!({"alg": "RS256"}), payload)).expect_err("must fail");
    match error {
        DecodeError::ClaimType { claim: c, found: f, .. } => {
            assert_eq!(c, claim);
            assert_eq!(f, found);
        }
        other => panic!("wrong error {other:?}"),
    }
}

#[test]
fn base64_error_position_points_at_the_bad_character() {
    let error = decode("eyJhbGciOiJub25lIn0.eyJhIjox~Q.c2ln").expect_err("bad");
    assert_eq!(
        error,
        DecodeError::Base64 { part: Part::Payload, position: 8, detail: "unexpected '~'".into() }
    );
}

#[test]
fn aud_array_and_scope_sources_are_merged() {
    let inspection = decode(&token(
        json!({"alg": "RS256"}),
        json!({
            "aud": ["https://acme.auth0.com/api/v2/", "https://acme.auth0.com/userinfo"],
            "scope": "openid read:users",
            "scp": ["read:users", "read:roles"],
            "permissions": ["delete:users"],
        }),
    ))
    .expect("decodes");
    assert!(inspection.claims.aud_is_array);
    assert_eq!(inspection.claims.aud.len(), 2);
    assert_eq!(inspection.claims.scopes, vec!["openid", "read:users", "read:roles", "delete:users"]);
    assert!(inspection.warnings.iter().all(|w| w.kind != WarningKind::NotManagementAudience));
}

#[test]
fn other_claims_keep_their_order() {
    let inspection = decode(&token(
        json!({"alg": "RS256"}),
        json!({"zeta": 1, "iss": "x", "alpha": 2, "https://acme/roles": ["admin"], "middle": null}),
    ))
    .expect("decodes");
    let names: Vec<&str> = inspection.other_claims().map(|(name, _)| name).collect();
    assert_eq!(names, vec!["zeta", "alpha", "https://acme/roles", "middle"]);
}

#[test]
fn fractional_numeric_dates_are_floored() {
    let inspection = decode(&token(json!({"alg": "RS256"}), json!({"exp": 1764320000.9}))).expect("decodes");
    assert_eq!(inspection.claims.exp, Some(1_764_320_000));
}

#[test]
fn control_characters_survive_decoding_untouched_for_later_escaping() {
    let inspection = decode(&token(json!({"alg": "RS256"}), json!({"sub": "evil\u{1b}]52;c;aGk=\u{7}"})))
        .expect("decodes");
    assert_eq!(inspection.claims.sub.as_deref(), Some("evil\u{1b}]52;c;aGk=\u{7}"));
}

#[test]
fn megabyte_payload_decodes_quickly_and_megabyte_garbage_fails_cleanly() {
    let big = "x".repeat(1_000_000);
    let inspection = decode(&token(json!({"alg": "RS256"}), json!({"blob": big}))).expect("decodes");
    let blob = inspection.other_claims().next().and_then(|(_, value)| value.as_str());
    assert_eq!(blob.map(str::len), Some(1_000_000));
    let garbage = "A.".repeat(500_000);
    assert!(matches!(decode(&garbage), Err(DecodeError::WrongPartCount { count: 500_001 })));
    let junk = format!("{}.{}.sig", "\u{1b}".repeat(1_000_000), "e30");
    assert!(decode(&junk).is_err());
}

#[rstest]
#[case(0, "0s")]
#[case(59, "59s")]
#[case(60, "1m 0s")]
#[case(192, "3m 12s")]
#[case(3_599, "59m 59s")]
#[case(3_600, "1h 0m 0s")]
#[case(86_399, "23h 59m 59s")]
#[case(86_400, "1d")]
#[case(187_200, "2d 4h")]
#[case(-192, "3m 12s")]
fn durations_format_compactly(#[case] seconds: i64, #[case] expected: &str) {
    assert_eq!(format_duration(seconds), expected);
}

#[test]
fn relative_times() {
    assert_eq!(relative(NOW + 192, NOW), "in 3m 12s");
    assert_eq!(relative(NOW - 192, NOW), "3m 12s ago");
    assert_eq!(relative(NOW, NOW), "now");
}

fn expiry_of(payload: serde_json::Value, now: i64) -> Expiry {
    decode(&token(json!({"alg": "RS256"}), payload)).expect("decodes").expiry(now)
}

#[rstest]
#[case::fresh(json!({"iat": NOW, "exp": NOW + 86_400}), NOW, TimeState::Valid { remaining: 86_400 }, Urgency::Calm)]
#[case::last_tenth(json!({"iat": NOW, "exp": NOW + 1000}), NOW + 900, TimeState::Valid { remaining: 100 }, Urgency::Soon)]
#[case::just_before_tenth(json!({"iat": NOW, "exp": NOW + 1000}), NOW + 899, TimeState::Valid { remaining: 101 }, Urgency::Calm)]
#[case::under_a_minute(json!({"iat": NOW, "exp": NOW + 86_400}), NOW + 86_341, TimeState::Valid { remaining: 59 }, Urgency::Critical)]
#[case::expiry_instant(json!({"iat": NOW, "exp": NOW + 10}), NOW + 10, TimeState::Expired { ago: 0 }, Urgency::Critical)]
#[case::expired(json!({"iat": NOW, "exp": NOW + 10}), NOW + 202, TimeState::Expired { ago: 192 }, Urgency::Critical)]
#[case::not_yet(json!({"nbf": NOW + 30, "exp": NOW + 100}), NOW, TimeState::NotYetValid { starts_in: 30 }, Urgency::Critical)]
#[case::no_exp(json!({"iat": NOW}), NOW, TimeState::NoExpiry, Urgency::Unknown)]
fn time_state_at_now(
    #[case] payload: serde_json::Value,
    #[case] now: i64,
    #[case] state: TimeState,
    #[case] urgency: Urgency,
) {
    let expiry = expiry_of(payload, now);
    assert_eq!(expiry.state, state);
    assert_eq!(expiry.urgency, urgency);
}

#[test]
fn lifetime_and_fraction() {
    let expiry = expiry_of(json!({"iat": NOW, "exp": NOW + 86_400}), NOW + 21_600);
    assert_eq!(expiry.lifetime, Some(86_400));
    assert_eq!(expiry.elapsed_fraction, Some(0.25));
    assert_eq!(expiry.headline(), "expires in 18h 0m 0s");
    assert_eq!(expiry_of(json!({"exp": NOW - 192}), NOW).headline(), "expired 3m 12s ago");
}

#[test]
fn scopes_group_by_resource() {
    let scopes: Vec<String> =
        "read:users update:users read:clients openid delete:users".split(' ').map(String::from).collect();
    let groups = group_scopes(&scopes);
    let shown: Vec<(String, String)> =
        groups.iter().map(|g| (g.resource.clone(), g.actions.join(", "))).collect();
    assert_eq!(
        shown,
        vec![
            ("clients".to_owned(), "read".to_owned()),
            ("openid".to_owned(), String::new()),
            ("users".to_owned(), "read, update, delete".to_owned()),
        ]
    );
}

fn warning_kinds(header: serde_json::Value, payload: serde_json::Value) -> Vec<WarningKind> {
    decode(&token(header, payload)).expect("decodes").warnings.iter().map(|w| w.kind).collect()
}

#[rstest]
#[case::default_management(json!({"alg": "RS256"}), json!({"aud": "https://a.auth0.com/api/v2/", "iat": NOW, "exp": NOW + 86_400}), vec![WarningKind::CannotRevoke])]
#[case::long_lived(json!({"alg": "RS256"}), json!({"aud": "https://a.auth0.com/api/v2/", "iat": NOW, "exp": NOW + 86_401}), vec![WarningKind::LongLifetime, WarningKind::CannotRevoke])]
#[case::never_expires(json!({"alg": "RS256"}), json!({"aud": "https://a.auth0.com/api/v2/"}), vec![WarningKind::NoExpiry, WarningKind::CannotRevoke])]
#[case::hs256(json!({"alg": "HS256"}), json!({"aud": "https://a.auth0.com/api/v2/", "exp": NOW}), vec![WarningKind::WeakAlgorithm, WarningKind::CannotRevoke])]
#[case::alg_none(json!({"alg": "none"}), json!({"aud": "https://a.auth0.com/api/v2/", "exp": NOW}), vec![WarningKind::WeakAlgorithm, WarningKind::CannotRevoke])]
#[case::custom_api(json!({"alg": "RS256"}), json!({"aud": "https://api.acme.com/", "exp": NOW}), vec![WarningKind::NotManagementAudience])]
#[case::no_aud(json!({"alg": "RS256"}), json!({"exp": NOW}), vec![WarningKind::NotManagementAudience])]
fn warnings_carry_the_auth0_facts(
    #[case] header: serde_json::Value,
    #[case] payload: serde_json::Value,
    #[case] expected: Vec<WarningKind>,
) {
    assert_eq!(warning_kinds(header, payload), expected);
}

#[test]
fn exposure_warning_text_states_the_doc_facts() {
    let inspection = decode(&management_token(NOW, 86_400, "read:users")).expect("decodes");
    let text = &inspection.warnings.last().expect("warning").text;
    assert!(text.contains("Cannot be revoked"));
    assert!(text.contains("client secret is rotated"));
    assert!(text.contains("client grant only stops new tokens"));
}

#[test]
fn unsigned_token_with_empty_signature_decodes() {
    let text =
        format!("{}.{}.", support::segment(&json!({"alg": "none"})), support::segment(&json!({"sub": "x"})));
    let inspection = decode(&text).expect("decodes");
    assert!(inspection.warnings.iter().any(|w| w.kind == WarningKind::WeakAlgorithm));
}

#[test]
fn summary_json_has_the_documented_fields() {
    let inspection = decode(&management_token(NOW - 100, 86_400, "read:users read:stats")).expect("decodes");
    let summary = inspection.summary_json(NOW, json!("not_verified"));
    assert_eq!(summary["scopes"], json!(["read:users", "read:stats"]));
    assert_eq!(summary["expires_in_seconds"], json!(86_300));
    assert_eq!(summary["lifetime_seconds"], json!(86_400));
    assert_eq!(summary["issued_at"], json!("2025-11-28T08:51:40Z"));
    assert_eq!(summary["signature"], json!("not_verified"));
    let claim_names: Vec<&String> = summary["claims"].as_object().expect("object").keys().collect();
    assert_eq!(claim_names, vec!["iss", "sub", "aud", "iat", "exp", "scope", "gty", "azp"]);
}

/// Issue 9 point 6c: extreme claim times neither wrap nor panic (this runs in debug builds,
/// where overflow panics), get the "not a plausible time" warning, and are never dates.
#[test]
fn extreme_claim_times_are_checked_not_wrapped() {
    let token = |payload: serde_json::Value| {
        format!("{}.{}.c2ln", support::segment(&json!({"alg": "RS256"})), support::segment(&payload))
    };
    let inspection =
        decode(&token(json!({"iat": -9e18, "exp": 9e18, "nbf": -9e18, "aud": "https://a/api/v2/"})))
            .expect("decodes");
    let kinds: Vec<WarningKind> = inspection.warnings.iter().map(|w| w.kind).collect();
    assert!(kinds.contains(&WarningKind::LongLifetime), "exp − iat wrapped: {kinds:?}");
    for claim in ["exp", "iat", "nbf"] {
        let text = format!("`{claim}` is not a plausible time");
        assert!(inspection.warnings.iter().any(|w| w.text.starts_with(&text)), "{claim}: {kinds:?}");
    }
    let summary = inspection.summary_json(NOW, json!("not_verified"));
    assert_eq!((&summary["issued_at"], &summary["expires_at"]), (&json!(null), &json!(null)));
    assert_eq!(summary["lifetime_seconds"], json!(null), "does not fit in an i64");
    let expiry = inspection.expiry(NOW);
    assert_eq!(expiry.lifetime, None);
    assert!(matches!(expiry.state, TimeState::NotYetValid { .. } | TimeState::Valid { .. }));

    // The other extremes, and the checks a verification runs, at the other extreme of `now`.
    for (iat, exp) in [(i64::MAX, i64::MIN), (i64::MIN, i64::MAX), (0, i64::MIN)] {
        let inspection = decode(&token(json!({"iat": iat, "exp": exp, "nbf": exp}))).expect("decodes");
        for now in [i64::MIN, 0, i64::MAX] {
            let _ = inspection.expiry(now).headline();
            let _ = inspection.summary_json(now, json!(null));
            let expected = tokex::domain::verify::Expected { issuer: "x".into(), audience: "y".into() };
            let _ = tokex::domain::verify::check_claims(&inspection.jwt, &expected, now);
        }
    }
    // Year 9999 is still a date; a second later is not.
    let last = decode(&token(json!({"exp": 253_402_300_799_i64}))).expect("decodes");
    assert_eq!(last.summary_json(NOW, json!(null))["expires_at"], json!("9999-12-31T23:59:59Z"));
    let beyond = decode(&token(json!({"exp": 253_402_300_800_i64}))).expect("decodes");
    assert_eq!(beyond.summary_json(NOW, json!(null))["expires_at"], json!(null));
    assert!(beyond.warnings.iter().any(|w| w.kind == WarningKind::ImplausibleTime));
}
