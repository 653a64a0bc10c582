//! Where a list response sits in its result set, and the request values for the page next to
//! it: `page`/`per_page` offsets, or `from`/`take` checkpoints whose `next` comes from the body
//! (or, for logs, from the `Link: <…?from=…>; rel="next"` header).

use crate::domain::catalog::Endpoint;
use serde_json::Value;
use std::collections::HashMap;

/// Auth0's usual `per_page` when none is sent.
const DEFAULT_PER_PAGE: u64 = 50;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageNav {
    None,
    Offset {
        page: u64,
        per_page: u64,
        has_next: bool,
    },
    /// `next` is what `from` must be for the following page; None on the last page.
    Checkpoint {
        next: Option<String>,
    },
}

fn value<'a>(values: &'a HashMap<String, String>, name: &str) -> Option<&'a str> {
    values.get(name).map(|v| v.trim()).filter(|v| !v.is_empty())
}

/// Checkpoint mode when the call sent `from` or `take`: Auth0 then ignores page/per_page.
pub fn uses_checkpoint(endpoint: &Endpoint, values: &HashMap<String, String>) -> bool {
    endpoint.paging().checkpoint && (value(values, "from").is_some() || value(values, "take").is_some())
}

pub fn nav_for(
    endpoint: &Endpoint,
    values: &HashMap<String, String>,
    body: Option<&Value>,
    link: Option<&str>,
) -> PageNav {
    let items = body.and_then(|b| items_of(b, endpoint.items_key.as_deref())).map(Vec::len);
    if uses_checkpoint(endpoint, values) {
        let from_body = body.and_then(|b| b.get("next")).and_then(Value::as_str).map(str::to_owned);
        // An empty checkpoint page repeats the same position: nothing newer yet.
        let from_link = link.and_then(next_from_link).filter(|_| items.unwrap_or(0) > 0);
        return PageNav::Checkpoint { next: from_body.or(from_link).filter(|n| !n.is_empty()) };
    }
    if !endpoint.paging().offset {
        return PageNav::None;
    }
    let page = value(values, "page").and_then(|p| p.parse().ok()).unwrap_or(0);
    let per_page = value(values, "per_page").and_then(|p| p.parse().ok()).unwrap_or(DEFAULT_PER_PAGE).max(1);
    let total = body.and_then(|b| b.get("total")).and_then(Value::as_u64);
    let has_next = match (total, items) {
        (Some(total), _) => (page + 1) * per_page < total,
        (None, Some(count)) => count as u64 >= per_page,
        (None, None) => false,
    };
    PageNav::Offset { page, per_page, has_next }
}

/// The items of a list answer: a bare array, or the array under `items_key`.
pub fn items_of<'a>(body: &'a Value, items_key: Option<&str>) -> Option<&'a Vec<Value>> {
    match body {
        Value::Array(items) => Some(items),
        Value::Object(map) => items_key.and_then(|k| map.get(k)).and_then(Value::as_array),
        _ => None,
    }
}

/// `from` of the `rel="next"` URL in a Link header.
fn next_from_link(link: &str) -> Option<String> {
    link.split(',').find(|part| part.contains("rel=\"next\"")).and_then(|part| {
        let url = part.split(['<', '>']).nth(1)?;
        let query = url.split_once('?')?.1;
        serde_urlencoded::from_str::<Vec<(String, String)>>(query)
            .ok()?
            .into_iter()
            .find(|(k, _)| k == "from")
            .map(|(_, v)| v)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::catalog::{Method, find};
    use serde_json::json;

    fn values(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    fn endpoint(path: &str) -> &'static Endpoint {
        match find(Method::Get, path) {
            Some(e) => e,
            None => panic!("{path}"),
        }
    }

    #[test]
    fn offset_pages_know_their_end() {
        let users = endpoint("/api/v2/users");
        let body = json!({"start": 0, "limit": 2, "length": 2, "users": [{}, {}], "total": 5});
        let nav = nav_for(users, &values(&[("page", "1"), ("per_page", "2")]), Some(&body), None);
        assert_eq!(nav, PageNav::Offset { page: 1, per_page: 2, has_next: true });
        let nav = nav_for(users, &values(&[("page", "2"), ("per_page", "2")]), Some(&body), None);
        assert_eq!(nav, PageNav::Offset { page: 2, per_page: 2, has_next: false });
        let bare = json!([{}, {}]);
        let nav = nav_for(users, &values(&[("per_page", "2")]), Some(&bare), None);
        assert_eq!(nav, PageNav::Offset { page: 0, per_page: 2, has_next: true });
    }

    #[test]
    fn checkpoints_from_body_and_link() {
        let clients = endpoint("/api/v2/clients");
        let nav =
            nav_for(clients, &values(&[("take", "2")]), Some(&json!({"next": "abc", "clients": []})), None);
        assert_eq!(nav, PageNav::Checkpoint { next: Some("abc".into()) });
        let last = nav_for(clients, &values(&[("take", "2")]), Some(&json!({"clients": [{}]})), None);
        assert_eq!(last, PageNav::Checkpoint { next: None });
        let logs = endpoint("/api/v2/logs");
        let link = "<http://x/api/v2/logs?from=90020&take=2>; rel=\"next\"";
        let nav = nav_for(logs, &values(&[("take", "2")]), Some(&json!([{}, {}])), Some(link));
        assert_eq!(nav, PageNav::Checkpoint { next: Some("90020".into()) });
        let empty = nav_for(logs, &values(&[("take", "2")]), Some(&json!([])), Some(link));
        assert_eq!(empty, PageNav::Checkpoint { next: None });
    }

    #[test]
    fn endpoints_without_paging_have_none() {
        let settings = endpoint("/api/v2/tenants/settings");
        assert_eq!(nav_for(settings, &values(&[]), Some(&json!({})), None), PageNav::None);
    }
}
