//! Query-string helpers shared by the list endpoints: validation in Auth0's words, offset
//! pagination (`page`/`per_page`/`include_totals`), checkpoint pagination (`from`/`take`/`next`),
//! `fields`/`include_fields` and `sort`.

use axum::http::StatusCode;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value, json};

use crate::tenant::errors::ApiError;
use crate::tenant::search::SearchError;

pub struct Query(Vec<(String, String)>);

/// A `q=` the search parser refused: over-long → 414, anything else → 400, both in the Management
/// API's error shape (docs/auth0.md#user-search). An over-long query is not echoed back.
pub fn search_refused(text: &str, e: SearchError) -> ApiError {
    match e {
        SearchError::TooLong { .. } => ApiError::new(StatusCode::URI_TOO_LONG, format!("Invalid query: {e}"))
            .code("invalid_query_string"),
        // Auth0's wording for a query its parser refuses (unconfirmed).
        _ => ApiError::query(format!("Invalid query: {text} ({e})")),
    }
}

/// Auth0 validates query strings with z-schema; these texts follow its message style (unconfirmed).
fn invalid(name: &str, detail: impl std::fmt::Display) -> ApiError {
    ApiError::query(format!("Query validation error: '{detail}' on property {name}."))
}

impl Query {
    pub fn parse(raw: &str) -> Result<Query, ApiError> {
        crate::tenant::target::parse_params(raw)
            .map(Query)
            .map_err(|_| ApiError::bad_request("Invalid request query string", "invalid_uri"))
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0.iter().filter(|(k, _)| k == name).map(|(_, v)| v.as_str()).collect()
    }

    pub fn bool(&self, name: &str) -> Result<Option<bool>, ApiError> {
        match self.get(name) {
            None => Ok(None),
            Some("true") => Ok(Some(true)),
            Some("false") => Ok(Some(false)),
            Some(other) => {
                Err(invalid(name, format!("Expected type boolean but found type string: {other}")))
            }
        }
    }

    pub fn int(&self, name: &str, min: i64, max: i64) -> Result<Option<i64>, ApiError> {
        let Some(raw) = self.get(name) else { return Ok(None) };
        let n: i64 = raw
            .parse()
            .map_err(|_| invalid(name, format!("Expected type integer but found type string: {raw}")))?;
        if n < min {
            return Err(invalid(name, format!("Value {n} is less than minimum {min}")));
        }
        if n > max {
            return Err(invalid(name, format!("Value {n} is greater than maximum {max}")));
        }
        Ok(Some(n))
    }

    pub fn paging(&self, default_per_page: usize) -> Result<Paging, ApiError> {
        Ok(Paging {
            page: self.int("page", 0, 1000)?.unwrap_or(0) as usize,
            per_page: self.int("per_page", 1, 100)?.map(|n| n as usize).unwrap_or(default_per_page),
            include_totals: self.bool("include_totals")?.unwrap_or(false),
        })
    }

    /// `from`/`take` mode, when either is present.
    pub fn checkpoint(&self) -> Result<Option<Checkpoint>, ApiError> {
        if self.get("from").is_none() && self.get("take").is_none() {
            return Ok(None);
        }
        let take = self.int("take", 1, 100)?.unwrap_or(50) as usize;
        let start = match self.get("from") {
            None | Some("") => 0,
            Some(token) => decode_next(token).ok_or_else(|| invalid("from", "Invalid checkpoint"))?,
        };
        Ok(Some(Checkpoint { start, take }))
    }

    /// `fields` + `include_fields` (default true).
    pub fn fields(&self) -> Result<Option<(Vec<String>, bool)>, ApiError> {
        let include = self.bool("include_fields")?.unwrap_or(true);
        Ok(self.get("fields").filter(|f| !f.trim().is_empty()).map(|f| {
            (f.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect(), include)
        }))
    }

    /// `sort=field:1|-1`.
    pub fn sort(&self) -> Result<Option<(String, bool)>, ApiError> {
        let Some(raw) = self.get("sort") else { return Ok(None) };
        let pattern_error = || {
            invalid("sort", format!("String does not match pattern ^(([a-zA-Z0-9_\\.]+))\\:(1|-1)$: {raw}"))
        };
        let (field, dir) = raw.rsplit_once(':').ok_or_else(pattern_error)?;
        let valid_field =
            !field.is_empty() && field.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.');
        match dir {
            "1" if valid_field => Ok(Some((field.to_string(), true))),
            "-1" if valid_field => Ok(Some((field.to_string(), false))),
            _ => Err(pattern_error()),
        }
    }
}

#[derive(Clone, Copy, Debug)]
pub struct Paging {
    pub page: usize,
    pub per_page: usize,
    pub include_totals: bool,
}

impl Paging {
    pub fn start(&self) -> usize {
        self.page * self.per_page
    }
}

#[derive(Clone, Copy, Debug)]
pub struct Checkpoint {
    pub start: usize,
    pub take: usize,
}

/// Key order of the `include_totals` object, which differs between endpoints in recordings.
#[derive(Clone, Copy)]
pub enum Totals {
    /// `{start, limit, length, <items>, total}` (users)
    Users,
    /// `{start, limit, length, total, <items>}` (logs)
    WithLength,
    /// `{start, limit, total, <items>}`
    Plain,
    /// `{<items>, start, limit, total}` (roles, organizations)
    ItemsFirst,
}

/// One page of `items`, as a bare array or with totals.
pub fn page(items: Vec<Value>, p: Paging, key: &str, layout: Totals) -> Value {
    let total = items.len();
    let slice: Vec<Value> = items.into_iter().skip(p.start()).take(p.per_page).collect();
    if !p.include_totals {
        return Value::Array(slice);
    }
    let length = slice.len();
    let mut m = Map::new();
    let mut put = |k: &str, v: Value| {
        m.insert(k.to_string(), v);
    };
    match layout {
        Totals::Users => {
            put("start", json!(p.start()));
            put("limit", json!(p.per_page));
            put("length", json!(length));
            put(key, Value::Array(slice));
            put("total", json!(total));
        }
        Totals::WithLength => {
            put("start", json!(p.start()));
            put("limit", json!(p.per_page));
            put("length", json!(length));
            put("total", json!(total));
            put(key, Value::Array(slice));
        }
        Totals::Plain => {
            put("start", json!(p.start()));
            put("limit", json!(p.per_page));
            put("total", json!(total));
            put(key, Value::Array(slice));
        }
        Totals::ItemsFirst => {
            put(key, Value::Array(slice));
            put("start", json!(p.start()));
            put("limit", json!(p.per_page));
            put("total", json!(total));
        }
    }
    Value::Object(m)
}

/// `{next?, <items>}` (or `{<items>, next?}` when `items_first`); `next` is absent on the last page.
pub fn checkpoint_page(items: Vec<Value>, c: Checkpoint, key: &str, items_first: bool) -> Value {
    let total = items.len();
    let slice: Vec<Value> = items.into_iter().skip(c.start).take(c.take).collect();
    let end = c.start + slice.len();
    let next = (end < total).then(|| encode_next(end));
    let mut m = Map::new();
    let items = Value::Array(slice);
    if items_first {
        m.insert(key.into(), items.clone());
    }
    if let Some(n) = next {
        m.insert("next".into(), json!(n));
    }
    m.entry(key).or_insert(items);
    Value::Object(m)
}

/// `next` tokens are opaque to clients; ours encode the offset of the next item.
fn encode_next(offset: usize) -> String {
    URL_SAFE_NO_PAD.encode(format!("tokex:{offset}"))
}

fn decode_next(token: &str) -> Option<usize> {
    let raw = URL_SAFE_NO_PAD.decode(token).ok()?;
    String::from_utf8(raw).ok()?.strip_prefix("tokex:")?.parse().ok()
}

/// Keeps (or, with `include_fields=false`, drops) the listed top-level fields.
pub fn project(v: Value, fields: &Option<(Vec<String>, bool)>) -> Value {
    let (Some((names, include)), Value::Object(m)) = (fields, &v) else { return v };
    let kept: Map<String, Value> = m
        .iter()
        .filter(|(k, _)| names.iter().any(|n| n == *k) == *include)
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    Value::Object(kept)
}

/// Orders by a field; documents missing it sort last either way.
pub fn sort_by<T: std::borrow::Borrow<Value>>(items: &mut [T], field: &str, ascending: bool) {
    use std::cmp::Ordering;
    let key = |v: &T| {
        let v: &Value = v.borrow();
        crate::tenant::search::values_at(v, field).first().map(|c| c.clone().into_owned())
    };
    items.sort_by(|a, b| match (key(a), key(b)) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        (Some(x), Some(y)) => {
            let o = match (&x, &y) {
                (Value::Number(p), Value::Number(q)) => {
                    p.as_f64().partial_cmp(&q.as_f64()).unwrap_or(Ordering::Equal)
                }
                (Value::String(p), Value::String(q)) => p.cmp(q),
                (Value::Bool(p), Value::Bool(q)) => p.cmp(q),
                _ => x.to_string().cmp(&y.to_string()),
            };
            if ascending { o } else { o.reverse() }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_tokens_round_trip_and_reject_garbage() {
        assert_eq!(decode_next(&encode_next(42)), Some(42));
        assert_eq!(decode_next("garbage!"), None);
    }

    #[test]
    fn per_page_bounds_use_auth0_style_messages() {
        let q = Query::parse("per_page=101").unwrap();
        let e = q.paging(50).unwrap_err();
        assert!(e.message.contains("greater than maximum 100"), "{}", e.message);
        assert_eq!(e.error_code, Some("invalid_query_string"));
    }
}
