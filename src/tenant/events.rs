//! The log events the tenant writes, in Auth0's shapes (docs/auth0.md#log-events): every event
//! starts with the same head and ends with the same tail; what a request sent or got back is
//! copied into `details` bounded and with its secrets redacted, so the log never holds a secret
//! and a large body cannot make a large event.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde_json::{Map, Value, json};

/// `environment_name` of every event (Auth0 names its regions, e.g. `prod-eu-1`).
pub const ENVIRONMENT_NAME: &str = "local";
/// What replaces a secret's value in a copied body.
pub const REDACTED: &str = "[REDACTED]";
/// Keys whose values are secrets wherever they appear in a copied body.
const SECRET_KEYS: [&str; 3] = ["client_secret", "password", "private_key_pem"];
/// Bounds of a body copied into `details`.
const MAX_ITEMS: usize = 50;
const MAX_DEPTH: usize = 5;

/// Who sent a request, as an event records it.
#[derive(Clone, Debug)]
pub struct Origin {
    pub ip: String,
    pub user_agent: String,
}

/// The client an event is about: its id (as sent, for failures) and name (`""` when unknown).
pub struct Subject<'a> {
    pub client_id: &'a str,
    pub client_name: &'a str,
}

/// The head every event starts with, in Auth0's order; `date` is a placeholder that
/// `Store::push_log` fills in place.
pub fn head(
    kind: &str,
    description: &str,
    subject: &Subject,
    origin: &Origin,
    hostname: &str,
) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("date".into(), Value::Null);
    m.insert("type".into(), json!(kind));
    m.insert("description".into(), json!(description));
    m.insert("client_id".into(), json!(subject.client_id));
    m.insert("client_name".into(), json!(subject.client_name));
    m.insert("ip".into(), json!(origin.ip));
    m.insert("user_agent".into(), json!(origin.user_agent));
    m.insert("hostname".into(), json!(hostname));
    m.insert("user_id".into(), json!(""));
    m.insert("user_name".into(), json!(""));
    m
}

/// Appends `details` and the fields every event ends with.
pub fn tail(mut m: Map<String, Value>, details: Value, tenant_name: &str) -> Map<String, Value> {
    m.insert("details".into(), details);
    m.insert("isMobile".into(), json!(false));
    m.insert("tenant_name".into(), json!(tenant_name));
    m.insert("environment_name".into(), json!(ENVIRONMENT_NAME));
    m
}

/// A copy of `value` fit for a log: at most [`MAX_ITEMS`] items per array and keys per object,
/// [`MAX_DEPTH`] levels (deeper values become `"…"`), secrets replaced by [`REDACTED`].
/// Strings are cut later, by `Store::push_log`.
pub fn bounded_copy(value: &Value) -> Value {
    copy_at(value, 0)
}

fn copy_at(value: &Value, depth: usize) -> Value {
    match value {
        Value::Array(_) | Value::Object(_) if depth >= MAX_DEPTH => json!("…"),
        Value::Array(items) => {
            Value::Array(items.iter().take(MAX_ITEMS).map(|v| copy_at(v, depth + 1)).collect())
        }
        Value::Object(m) => Value::Object(
            m.iter()
                .take(MAX_ITEMS)
                .map(|(k, v)| {
                    let copied = if SECRET_KEYS.contains(&k.as_str()) && !v.is_null() {
                        json!(REDACTED)
                    } else {
                        copy_at(v, depth + 1)
                    };
                    (k.clone(), copied)
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Names of the secrets `value` (an answer) holds at its top level or in its items.
pub fn secrets_in(value: &Value) -> Vec<&'static str> {
    let holds = |v: &Value| v.get("client_secret").is_some_and(|s| !s.is_null());
    let found = match value {
        Value::Array(items) => items.iter().any(holds),
        other => holds(other),
    };
    if found { vec!["client_secret"] } else { Vec::new() }
}

/// Lets at most one event per key through per [`THROTTLE`], so a flood of refused requests
/// writes a handful of events rather than pushing the rest of the history out of the log.
/// Keys are bucket names and known client ids: a bounded set.
#[derive(Default)]
pub struct Throttle {
    last: Mutex<HashMap<String, Instant>>,
}

pub const THROTTLE: Duration = Duration::from_secs(1);

impl Throttle {
    /// True when an event for `key` may be written now (and records that it was).
    pub fn admit(&self, key: &str) -> bool {
        let now = Instant::now();
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        match last.get(key) {
            Some(at) if now.duration_since(*at) < THROTTLE => false,
            _ => {
                last.insert(key.to_string(), now);
                true
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_are_bounded_and_hold_no_secret() {
        let body = json!({
            "client_secret": "s3cr3t", "password": "hunter2", "name": "x",
            "scope": (0..500).map(|i| format!("s{i}")).collect::<Vec<_>>(),
            "deep": {"a": {"b": {"c": {"d": {"e": {"f": 1}}}}}},
            "items": [{"client_secret": "inner"}],
        });
        let copy = bounded_copy(&body);
        let text = copy.to_string();
        for secret in ["s3cr3t", "hunter2", "inner"] {
            assert!(!text.contains(secret), "{text}");
        }
        assert_eq!(copy["client_secret"], REDACTED);
        assert_eq!(copy["scope"].as_array().map(Vec::len), Some(MAX_ITEMS));
        assert_eq!(copy["deep"]["a"]["b"]["c"]["d"], "…");
        assert_eq!(secrets_in(&json!([{"client_secret": "x"}])), ["client_secret"]);
        assert!(secrets_in(&json!({"client_id": "x"})).is_empty());
    }

    #[test]
    fn the_throttle_lets_one_event_a_second_through_per_key() {
        let throttle = Throttle::default();
        assert!(throttle.admit("a"));
        assert!(!throttle.admit("a"));
        assert!(throttle.admit("b"));
    }
}
