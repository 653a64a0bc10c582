//! The invariants the fuzz targets assert, one function per target. Included with `#[path]` by
//! the cargo-fuzz targets (`fuzz/fuzz_targets/*.rs`, nightly) and by the corpus replay
//! (`tests/it/domain/fuzz_replay.rs`) and the property tests (`tests/it/domain/properties.rs`, stable), so all of
//! them check exactly the same thing. Every function takes arbitrary bytes and panics when an
//! invariant breaks.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use percent_encoding::percent_decode_str;
use serde_json::{Value, json};
use std::collections::HashMap;
use tokex::config::file;
use tokex::domain::api_path::{API_PREFIX, ApiPathError, resolve_api_path};
use tokex::domain::catalog::{self, Endpoint, RenderError};
use tokex::domain::json_lines::{body_lines, json_lines};
use tokex::domain::sanitize::{escape_control, escape_json_output, is_unsafe_char};
use tokex::domain::{Inspection, format_duration, input};
use tokex::tenant::search::{self, MAX_DEPTH, MAX_QUERY_CHARS, Query, SearchError};
use tokex::tenant::target::{self, MAX_QUERY_PARAMS, TargetError};

/// One fuzz target's check: arbitrary bytes in, a panic when an invariant breaks.
pub type Check = fn(&[u8]);

/// Each target's name (its `fuzz/fuzz_targets/<name>.rs` and `fuzz/corpus/<name>/`) and check.
pub const TARGETS: &[(&str, Check)] = &[
    ("pasted_input", pasted_input),
    ("search_query", search_query),
    ("config_file", config_file),
    ("json_lines", json_body),
    ("catalog_path", catalog_path),
    ("request_target", request_target),
];

/// Clock readings a machine can have: the epoch, now-ish, and the year 2100.
const NOWS: [i64; 3] = [0, 1_700_000_000, 4_102_444_800];

/// (a) Whatever is pasted: the text as pasted, and the text as a token's payload and header (so
/// the fuzzer reaches the claims code without having to invent base64url).
pub fn pasted_input(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(compact) = input::extract_jwt(&text) {
        assert!(!compact.is_empty() && !compact.chars().any(char::is_whitespace), "{compact:?}");
    }
    inspect(&text);
    let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"RS256","typ":"JWT","kid":"k"}"#);
    let fuzzed = URL_SAFE_NO_PAD.encode(text.as_bytes());
    inspect(&format!("{header}.{fuzzed}.c2ln"));
    inspect(&format!("Bearer {fuzzed}.{fuzzed}.c2ln"));
}

fn inspect(pasted: &str) {
    let Ok(inspection) = Inspection::from_pasted(pasted) else { return };
    for now in NOWS {
        let expiry = inspection.expiry(now);
        let _ = expiry.headline();
        if let Some(fraction) = expiry.elapsed_fraction {
            assert!((0.0..=1.0).contains(&fraction), "elapsed fraction {fraction}");
        }
        let summary = inspection.summary_json(now, json!("not_verified"));
        let pretty = serde_json::to_string_pretty(&summary).expect("a summary serialises");
        let escaped = escape_json_output(&pretty);
        assert_no_unsafe_except_newline(&escaped);
        let reparsed: Result<Value, _> = serde_json::from_str(&escaped);
        assert!(reparsed.is_ok(), "escaped summary is not JSON: {escaped}");
    }
    for warning in &inspection.warnings {
        assert_no_unsafe(&escape_control(&warning.text));
    }
    for seconds in [inspection.claims.exp, inspection.claims.iat, inspection.claims.nbf].into_iter().flatten()
    {
        let _ = format_duration(seconds);
    }
}

/// A user as the local tenant stores one: nested objects, arrays, numbers and dates.
fn sample_user() -> Value {
    json!({
        "user_id": "auth0|64f1c0ffee",
        "email": "Jane.Doe@Example.com",
        "email_verified": true,
        "name": "Jane Doe",
        "given_name": "Jane",
        "nickname": "jd",
        "logins_count": 42,
        "created_at": "2024-03-01T10:00:00.000Z",
        "identities": [{"connection": "Username-Password-Authentication", "provider": "auth0"}],
        "user_metadata": {"plan": "pro", "tags": ["a", "b"]},
        "app_metadata": {"roles": ["admin"], "score": 1.5}
    })
}

/// (b) The tenant's search syntax, parsed for users and logs, then evaluated against a user.
pub fn search_query(data: &[u8]) {
    let q = String::from_utf8_lossy(data);
    let user = sample_user();
    for (profile, restricted) in [(&search::USERS, Some("user_metadata")), (&search::LOGS, None)] {
        match search::parse(&q, profile) {
            Ok(query) => {
                assert!(q.chars().count() <= MAX_QUERY_CHARS);
                // Each nesting level (a parenthesis or a negation) adds at most an Or, an And
                // and the nested node itself.
                let depth = query_depth(&query);
                assert!(depth <= 3 * (MAX_DEPTH + 1) + 1, "tree depth {depth} for {q:?}");
                assert_search_rules(&query, restricted);
                let hit = query.matches(&user, profile);
                assert_eq!(Query::Not(Box::new(query.clone())).matches(&user, profile), !hit);
                if query == Query::All {
                    assert!(hit);
                }
            }
            Err(SearchError::TooLong { max }) => assert!(q.chars().count() > max),
            Err(error) => assert!(!error.to_string().is_empty()),
        }
    }
}

fn query_depth(query: &Query) -> usize {
    match query {
        Query::And(list) | Query::Or(list) => 1 + list.iter().map(query_depth).max().unwrap_or(0),
        Query::Not(inner) => 1 + query_depth(inner),
        Query::All | Query::Term { .. } | Query::Range { .. } | Query::Exists(_) => 1,
    }
}

/// `?` is refused, a lone `*` means "exists", and the restricted prefix takes no wildcard or range.
fn assert_search_rules(query: &Query, restricted: Option<&str>) {
    let is_restricted =
        |field: &str| restricted.is_some_and(|p| field == p || field.starts_with(&format!("{p}.")));
    match query {
        Query::And(list) | Query::Or(list) => list.iter().for_each(|q| assert_search_rules(q, restricted)),
        Query::Not(inner) => assert_search_rules(inner, restricted),
        Query::Term { field, value, phrase: false } => {
            assert!(!value.contains('?') && value != "*", "{value:?}");
            if value.contains('*') {
                assert!(!field.as_deref().is_some_and(is_restricted), "wildcard on {field:?}");
            }
        }
        Query::Range { field, .. } => assert!(!is_restricted(field), "range on {field}"),
        Query::All | Query::Term { .. } | Query::Exists(_) => {}
    }
}

/// (c) The config file's text: either a syntax error with a position inside the text, or
/// profiles whose positions are inside the text, in file order.
pub fn config_file(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let lines = text.split('\n').count();
    let inside = |p: file::Position| p.line >= 1 && p.line <= lines && p.column >= 1;
    match file::parse(&text) {
        Ok(parsed) => {
            let positions: Vec<_> = parsed.profiles.iter().map(|p| p.position).collect();
            assert!(positions.iter().all(|p| inside(*p)), "{positions:?}");
            let ordered = positions.windows(2).all(|w| (w[0].line, w[0].column) <= (w[1].line, w[1].column));
            assert!(ordered, "profiles out of file order: {positions:?}");
            for profile in &parsed.profiles {
                if let Err(error) = &profile.raw {
                    assert!(!error.to_string().is_empty());
                }
            }
        }
        Err(error) => {
            if let Some(position) = error.position {
                assert!(inside(position), "{position:?} outside {lines} lines");
            }
        }
    }
}

/// (d) A response body as display lines: never an unsafe character, and for JSON whose pretty
/// form needs no escaping, exactly serde's pretty form.
pub fn json_body(data: &[u8]) {
    let lines = body_lines(data);
    for line in &lines {
        assert_no_unsafe(&line.text());
    }
    if let Ok(value) = serde_json::from_slice::<Value>(data) {
        let joined: Vec<String> = json_lines(&value).iter().map(|l| l.text()).collect();
        let pretty = serde_json::to_string_pretty(&value).expect("a value serialises");
        if !pretty.chars().any(|c| c != '\n' && is_unsafe_char(c)) {
            assert_eq!(joined.join("\n"), pretty);
        }
    } else if !data.is_empty() {
        assert_eq!(lines.len(), String::from_utf8_lossy(data).lines().count());
    }
}

/// (e) The input as a path for `resolve_api_path`, and as form values for one catalog endpoint
/// (first byte: which endpoint; the rest: one value per parameter, NUL-separated).
pub fn catalog_path(data: &[u8]) {
    api_path(&String::from_utf8_lossy(data));
    let endpoints = catalog::catalog();
    let Some((&first, rest)) = data.split_first() else { return };
    let endpoint = &endpoints[usize::from(first) % endpoints.len()];
    let rest = String::from_utf8_lossy(rest);
    let values: HashMap<String, String> =
        endpoint.params.iter().map(|p| p.name.clone()).zip(rest.split('\0').map(str::to_owned)).collect();
    rendered_path(endpoint, &values);
}

/// `resolve_api_path` either refuses or answers a path under `/api/v2` with no dot segment
/// left, that resolves to itself and that a URL parser also keeps under `/api/v2`.
pub fn api_path(text: &str) {
    let Ok(resolved) = resolve_api_path(text) else { return };
    let path = resolved.split_once('?').map_or(resolved.as_str(), |(path, _)| path);
    assert!(path == API_PREFIX || path.starts_with("/api/v2/"), "{text:?} resolved to {resolved:?}");
    let dot_segment =
        path.split('/').any(|s| matches!(percent_decode_str(s).decode_utf8_lossy().as_ref(), "." | ".."));
    assert!(!dot_segment, "{text:?} resolved to {resolved:?}");
    assert!(!resolved.contains('#'));
    assert_eq!(resolve_api_path(&resolved).as_deref(), Ok(resolved.as_str()), "not idempotent for {text:?}");
    assert_stays_under_api_as_url(&resolved);
}

/// A rendered path is `/api/v2/…`, plain ASCII without spaces or controls, the template with
/// each placeholder replaced by its value (percent-decoding gives the trimmed value back),
/// and `resolve_api_path` leaves it as it is. Refusals name a parameter that really is bad.
pub fn rendered_path(endpoint: &Endpoint, values: &HashMap<String, String>) {
    let value_of = |name: &str| values.get(name).map_or("", |v| v.trim());
    match endpoint.render_path(values) {
        Ok(rendered) => {
            assert!(rendered.starts_with("/api/v2/"), "{rendered}");
            let bad = |c: char| !c.is_ascii_graphic();
            assert!(!rendered.chars().any(bad), "{rendered:?}");
            // A value holding `/../` stays one encoded segment; the gate may still refuse it,
            // which is safe. Anything else it must leave as it is.
            match resolve_api_path(&rendered) {
                Ok(resolved) => assert_eq!(resolved, rendered),
                Err(error) => {
                    assert!(matches!(error, ApiPathError::EncodedTraversal(_)), "{rendered}: {error}")
                }
            }
            assert_stays_under_api_as_url(&rendered);
            let path = rendered.split_once('?').map_or(rendered.as_str(), |(path, _)| path);
            let segments: Vec<&str> = path.split('/').collect();
            let template: Vec<&str> = endpoint.path.split('/').collect();
            assert_eq!(segments.len(), template.len(), "{rendered} from {}", endpoint.path);
            for (segment, part) in segments.iter().zip(&template) {
                match part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
                    Some(name) => {
                        let decoded = percent_decode_str(segment).decode_utf8_lossy();
                        assert_eq!(decoded, value_of(name), "{rendered}");
                    }
                    None => assert_eq!(segment, part),
                }
            }
        }
        Err(RenderError::DotSegment(name)) => assert!(matches!(value_of(&name), "." | "..")),
        Err(RenderError::MissingPath(name) | RenderError::MissingQuery(name)) => {
            assert!(value_of(&name).is_empty(), "{name} has a value")
        }
    }
}

/// Whether the path reqwest would request for `path_and_query` is under `/api/v2`. reqwest
/// parses the string as a URL, which drops tabs and newlines and resolves `%2e` dot segments.
pub fn requested_path_is_under_api(path_and_query: &str) -> bool {
    let Ok(url) = url::Url::parse(&format!("https://tenant.example{path_and_query}")) else { return true };
    url.path() == API_PREFIX || url.path().starts_with("/api/v2/")
}

fn assert_stays_under_api_as_url(path_and_query: &str) {
    assert!(requested_path_is_under_api(path_and_query), "{path_and_query:?} is requested outside /api/v2");
}

fn assert_no_unsafe(text: &str) {
    assert!(!text.chars().any(is_unsafe_char), "{text:?}");
}

fn assert_no_unsafe_except_newline(text: &str) {
    assert!(!text.chars().any(|c| c != '\n' && is_unsafe_char(c)), "{text:?}");
}

/// (f) The local tenant's reading of a request target (`tenant::target`): a path parameter and
/// query/form parameters. Nothing panics; a decoded value re-encodes to text that decodes to the
/// same value; parameters agree with the `url` crate's form parser wherever the bytes are UTF-8;
/// a refusal is for the reason it names. The route's placeholder segment is the one decoded.
pub fn request_target(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let utf8_once_decoded = percent_decode_str(&text).decode_utf8().is_ok();
    match target::decode_segment(&text) {
        Ok(decoded) => {
            assert!(decoded.len() <= text.len(), "{text:?} grew to {decoded:?}");
            let again = percent_encoding::utf8_percent_encode(&decoded, percent_encoding::NON_ALPHANUMERIC);
            assert_eq!(target::decode_segment(&again.to_string()).as_deref(), Ok(decoded.as_str()));
        }
        Err(e) => {
            assert_eq!(e, TargetError::SegmentNotUtf8, "{text:?}");
            assert!(!utf8_once_decoded, "{text:?} was refused but decodes");
        }
    }
    let pieces = text.split('&').filter(|p| !p.is_empty()).count();
    match target::parse_params(&text) {
        Ok(pairs) => {
            assert_eq!(pairs.len(), pieces, "{text:?}");
            let theirs: Vec<(String, String)> =
                url::form_urlencoded::parse(text.as_bytes()).into_owned().collect();
            assert_eq!(pairs, theirs, "{text:?}");
            let encoded = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(&pairs).finish();
            assert_eq!(target::parse_params(&encoded).as_ref(), Ok(&pairs), "{encoded:?}");
        }
        Err(TargetError::TooManyParams) => assert!(pieces > MAX_QUERY_PARAMS, "{pieces} pieces"),
        Err(e) => {
            assert_eq!(e, TargetError::ParamNotUtf8, "{text:?}");
            let spaced = text.replace('+', " ");
            let bad = spaced.split(['&', '=']).any(|part| percent_decode_str(part).decode_utf8().is_err());
            assert!(bad, "{text:?} was refused but every part decodes");
        }
    }
    for template in ["/api/v2/users/{id}", "/api/v2/users/{id}/roles", "/users/{id}"] {
        let path = template.replace("{id}", &text);
        match target::path_param(template, &path) {
            Ok(Some(id)) => assert_eq!(Ok(id), target::decode_segment(&text), "{path:?}"),
            Ok(None) => panic!("{template} has a placeholder"),
            Err(TargetError::NotInRoute) => assert!(text.contains('/'), "{path:?}"),
            Err(e) => {
                assert_eq!(e, TargetError::SegmentNotUtf8);
                assert!(!text.contains('/') && !utf8_once_decoded, "{path:?}");
            }
        }
    }
}
