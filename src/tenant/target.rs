//! What the tenant reads out of a request target and a form body: a route's path parameter and
//! the query (or `application/x-www-form-urlencoded`) parameters, percent-decoded **strictly**.
//! Bytes that are not UTF-8 once decoded (`%ff`, `%c3%28`) are refused rather than replaced by
//! U+FFFD, so two different ids can never decode to the same string, and the handler answers
//! Auth0's 400 instead of failing. Route matching itself is axum's, on the encoded path, so `%2F`
//! stays inside its segment. Fuzzed by `fuzz/fuzz_targets/request_target.rs`.

use percent_encoding::percent_decode;

/// More query parameters than any operation of the Management API takes, by far.
pub const MAX_QUERY_PARAMS: usize = 256;

/// Why a request target or form body was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TargetError {
    #[error("the path parameter is not valid UTF-8 once percent-decoded")]
    SegmentNotUtf8,
    #[error("a parameter is not valid UTF-8 once percent-decoded")]
    ParamNotUtf8,
    #[error("more than {MAX_QUERY_PARAMS} parameters")]
    TooManyParams,
    #[error("the path does not match its route")]
    NotInRoute,
}

/// One path segment, percent-decoded; `+` stays `+` in a path.
pub fn decode_segment(raw: &str) -> Result<String, TargetError> {
    percent_decode(raw.as_bytes())
        .decode_utf8()
        .map(|s| s.into_owned())
        .map_err(|_| TargetError::SegmentNotUtf8)
}

/// The decoded value of the one `{placeholder}` segment of `template` in `path` (both absolute,
/// e.g. `/api/v2/users/{id}` and `/api/v2/users/auth0%7C1`); `None` when the template has no
/// placeholder.
pub fn path_param(template: &str, path: &str) -> Result<Option<String>, TargetError> {
    let Some(position) = template.split('/').position(|s| s.starts_with('{') && s.ends_with('}')) else {
        return Ok(None);
    };
    if template.split('/').count() != path.split('/').count() {
        return Err(TargetError::NotInRoute);
    }
    let raw = path.split('/').nth(position).ok_or(TargetError::NotInRoute)?;
    decode_segment(raw).map(Some)
}

/// `name=value&…` pairs as HTML forms encode them: `+` is a space, `%XX` a byte, a pair
/// without `=` has an empty value, empty pairs (`a&&b`) are skipped. Order and repeats are kept.
pub fn parse_params(raw: &str) -> Result<Vec<(String, String)>, TargetError> {
    let mut pairs = Vec::new();
    for pair in raw.split('&').filter(|p| !p.is_empty()) {
        if pairs.len() == MAX_QUERY_PARAMS {
            return Err(TargetError::TooManyParams);
        }
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        pairs.push((decode_form(name)?, decode_form(value)?));
    }
    Ok(pairs)
}

fn decode_form(raw: &str) -> Result<String, TargetError> {
    let spaced = raw.replace('+', " ");
    percent_decode(spaced.as_bytes())
        .decode_utf8()
        .map(|s| s.into_owned())
        .map_err(|_| TargetError::ParamNotUtf8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_is_refused_not_replaced() {
        assert_eq!(decode_segment("auth0%7C1"), Ok("auth0|1".into()));
        assert_eq!(decode_segment("a%2Fb+c"), Ok("a/b+c".into()));
        for bad in ["%ff", "%c3%28", "%ed%a0%80", "x%80"] {
            assert_eq!(decode_segment(bad), Err(TargetError::SegmentNotUtf8), "{bad}");
            assert_eq!(parse_params(&format!("q={bad}")), Err(TargetError::ParamNotUtf8), "{bad}");
        }
        // A lone or broken escape is taken literally, as browsers and Auth0's router do.
        assert_eq!(decode_segment("100%"), Ok("100%".into()));
        assert_eq!(decode_segment("%zz"), Ok("%zz".into()));
    }

    #[test]
    fn form_pairs_keep_order_repeats_and_plus_as_space() {
        let pairs = parse_params("q=a+b%2Bc&&flag&x=1&x=2&=v").expect("valid");
        let expected = [("q", "a b+c"), ("flag", ""), ("x", "1"), ("x", "2"), ("", "v")];
        let expected: Vec<(String, String)> =
            expected.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        assert_eq!(pairs, expected);
        let many = vec!["a=1"; MAX_QUERY_PARAMS + 1].join("&");
        assert_eq!(parse_params(&many), Err(TargetError::TooManyParams));
    }

    #[test]
    fn the_placeholder_segment_is_the_one_decoded() {
        assert_eq!(
            path_param("/api/v2/users/{id}/roles", "/api/v2/users/a%7Cb/roles"),
            Ok(Some("a|b".into()))
        );
        assert_eq!(path_param("/api/v2/users", "/api/v2/users"), Ok(None));
        assert_eq!(path_param("/api/v2/users/{id}", "/api/v2/users/%ff"), Err(TargetError::SegmentNotUtf8));
        assert_eq!(path_param("/api/v2/users/{id}", "/api/v2/users/a/b"), Err(TargetError::NotInRoute));
    }
}
