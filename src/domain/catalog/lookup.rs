//! Which catalog entry a method and path belong to, by path template.

use super::{Endpoint, Method, catalog};

/// The catalog entry a concrete call (`GET /api/v2/users/auth0%7C1?fields=email`) hits.
pub fn find(method: Method, path: &str) -> Option<&'static Endpoint> {
    find_in(catalog(), method, path)
}

/// Like [`find`] over any list. Accepts a full URL, a path with or without the `/api/v2`
/// prefix, and ignores the query string and a trailing slash. Literal segments beat
/// placeholders when two templates match.
pub fn find_in<'a>(endpoints: &'a [Endpoint], method: Method, path: &str) -> Option<&'a Endpoint> {
    let wanted = normalize_call_path(path);
    endpoints
        .iter()
        .filter(|e| e.method == method)
        .filter_map(|e| template_match(&e.path, &wanted).map(|literals| (literals, e)))
        .max_by_key(|(literals, _)| *literals)
        .map(|(_, e)| e)
}

/// The operations closest to a call that matches none, best first (at most `limit`): the same
/// path with other methods, then the paths sharing the most leading segments with it.
pub fn nearest(method: Method, path: &str, limit: usize) -> Vec<&'static Endpoint> {
    let wanted = normalize_call_path(path);
    let mut scored: Vec<(usize, &'static Endpoint)> = catalog()
        .iter()
        .filter_map(|e| {
            let score = if template_match(&e.path, &wanted).is_some() {
                1000
            } else {
                let template = normalize_call_path(&e.path);
                let shared = template
                    .iter()
                    .zip(&wanted)
                    .take_while(|(t, w)| placeholder_name(t).is_some() || t.eq_ignore_ascii_case(w))
                    .count();
                // A longer shared prefix first, then the nearer length.
                (shared * 10).saturating_sub(template.len().abs_diff(wanted.len()))
            };
            let score = score + usize::from(e.method == method);
            (score > 1).then_some((score, e))
        })
        .collect();
    scored.sort_by_key(|(score, _)| std::cmp::Reverse(*score));
    scored.into_iter().take(limit).map(|(_, e)| e).collect()
}

fn normalize_call_path(path: &str) -> Vec<&str> {
    let mut rest = path.trim();
    if let Some(scheme_end) = rest.find("://") {
        let after = &rest[scheme_end + 3..];
        rest = after.find('/').map_or("", |slash| &after[slash..]);
    }
    let rest = rest.split(['?', '#']).next().unwrap_or("");
    let mut segments: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
    if segments.starts_with(&["api", "v2"]) {
        segments.drain(..2);
    }
    segments
}

/// Number of literal segments matched, or None when the template does not match.
fn template_match(template: &str, wanted: &[&str]) -> Option<usize> {
    let template = normalize_call_path(template);
    if template.len() != wanted.len() {
        return None;
    }
    let mut literals = 0;
    for (t, w) in template.iter().zip(wanted) {
        if placeholder_name(t).is_some() {
            continue;
        }
        if !t.eq_ignore_ascii_case(w) {
            return None;
        }
        literals += 1;
    }
    Some(literals)
}

pub(super) fn placeholder_name(segment: &str) -> Option<&str> {
    segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')).filter(|name| !name.is_empty())
}

/// The `{name}` placeholders of a path template, in order.
pub fn template_params(template: &str) -> Vec<&str> {
    template.split('/').filter_map(placeholder_name).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_offers_other_methods_first_then_neighbours() {
        let ids = |list: Vec<&Endpoint>| list.iter().map(|e| e.id()).collect::<Vec<_>>();
        let same_path = ids(nearest(Method::Put, "/roles", 3));
        assert_eq!(same_path[..2], ["GET /api/v2/roles", "POST /api/v2/roles"]);
        let typo = ids(nearest(Method::Get, "/users/abc/rolez", 5));
        assert!(typo.iter().all(|id| id.contains("/api/v2/users")), "{typo:?}");
        assert!(nearest(Method::Get, "/nothing/like/it", 5).is_empty());
    }
}
