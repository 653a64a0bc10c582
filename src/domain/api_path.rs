//! The one gate every Management API path passes before a bearer token is attached: dot
//! segments (also percent-encoded ones) are resolved, and a path that would leave `/api/v2/`
//! is refused. Without it `GET /../../../etc/passwd` sends the token to another path of the
//! tenant's host (or, behind a proxy, another application).

use percent_encoding::percent_decode_str;

pub const API_PREFIX: &str = "/api/v2";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiPathError {
    #[error("the path leaves /api/v2/ (resolved to `{0}`): a token is only sent to the Management API")]
    OutsideApi(String),
    #[error("a path segment hides `..` behind an encoded slash (`{0}`)")]
    EncodedTraversal(String),
    #[error("a path cannot carry a `#` fragment")]
    Fragment,
    #[error("a path cannot contain spaces or control characters (percent-encode them)")]
    RawCharacter,
}

/// `path_and_query` (with or without the `/api/v2` prefix, leading slash optional) as an
/// absolute path under `/api/v2`, dot segments removed, query untouched.
pub fn resolve_api_path(path_and_query: &str) -> Result<String, ApiPathError> {
    if path_and_query.contains('#') {
        return Err(ApiPathError::Fragment);
    }
    // URL parsers drop tabs and newlines (`.\t.` becomes `..`) and treat `\\` as `/`: such
    // characters would make the path checked here differ from the path sent.
    if path_and_query.chars().any(|c| c.is_control() || c.is_whitespace() || c == '\\') {
        return Err(ApiPathError::RawCharacter);
    }
    let (path, query) = match path_and_query.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (path_and_query, None),
    };
    let path = path.trim_start_matches('/');
    let under_api = path == "api/v2" || path.starts_with("api/v2/");
    let full = if under_api { format!("/{path}") } else { format!("{API_PREFIX}/{path}") };

    let mut kept: Vec<&str> = Vec::new();
    let segments: Vec<&str> = full.split('/').skip(1).collect();
    for (index, segment) in segments.iter().enumerate() {
        let decoded = percent_decode_str(segment).decode_utf8_lossy();
        let last = index + 1 == segments.len();
        match decoded.as_ref() {
            "." => {
                if last {
                    kept.push("");
                }
            }
            ".." => {
                kept.pop();
                if last {
                    kept.push("");
                }
            }
            text if text.contains(['/', '\\']) && text.split(['/', '\\']).any(|part| part == "..") => {
                return Err(ApiPathError::EncodedTraversal((*segment).to_owned()));
            }
            _ => kept.push(segment),
        }
    }
    let resolved = format!("/{}", kept.join("/"));
    if resolved != API_PREFIX && !resolved.starts_with("/api/v2/") {
        return Err(ApiPathError::OutsideApi(resolved));
    }
    Ok(match query {
        Some(query) => format!("{resolved}?{query}"),
        None => resolved,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_paths_gain_the_prefix() {
        assert_eq!(resolve_api_path("users").as_deref(), Ok("/api/v2/users"));
        assert_eq!(resolve_api_path("/users?q=a/../b").as_deref(), Ok("/api/v2/users?q=a/../b"));
        assert_eq!(resolve_api_path("/api/v2/clients/x").as_deref(), Ok("/api/v2/clients/x"));
        assert_eq!(resolve_api_path("/api/v2").as_deref(), Ok("/api/v2"));
        assert_eq!(resolve_api_path("/users/auth0%7C1/").as_deref(), Ok("/api/v2/users/auth0%7C1/"));
    }

    #[test]
    fn dot_segments_resolve_inside_the_api() {
        assert_eq!(resolve_api_path("/users/../clients").as_deref(), Ok("/api/v2/clients"));
        assert_eq!(resolve_api_path("/users/./x/..").as_deref(), Ok("/api/v2/users/"));
        assert_eq!(resolve_api_path("/users/%2e%2E/roles").as_deref(), Ok("/api/v2/roles"));
    }

    #[test]
    fn traversal_out_of_the_api_is_refused() {
        for hostile in [
            "/../../../etc/passwd",
            "/api/v2/../../etc/passwd",
            "/%2e%2e/%2e%2e/admin",
            "/%2E%2E/%2e./x",
            "/users/../../x",
            "/api/v2/..",
            "..",
        ] {
            assert!(matches!(resolve_api_path(hostile), Err(ApiPathError::OutsideApi(_))), "{hostile}");
        }
        assert!(matches!(resolve_api_path("/users/..%2f..%2fx"), Err(ApiPathError::EncodedTraversal(_))));
        assert!(matches!(resolve_api_path("/users/..%5c..%5cx"), Err(ApiPathError::EncodedTraversal(_))));
        assert_eq!(resolve_api_path("/users#x"), Err(ApiPathError::Fragment));
        for hidden in ["/users/.\t./.\n./x", "/users/..\\..\\x", "/users/. ./x", "/a\r/b"] {
            assert_eq!(resolve_api_path(hidden), Err(ApiPathError::RawCharacter), "{hidden:?}");
        }
    }
}
