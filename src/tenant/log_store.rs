//! The tenant's log: events ascending by `log_id` (which ascends with `date`), the newest
//! [`MAX_LOGS`] only, each string cut to [`MAX_LOG_FIELD_BYTES`], and with a retention every
//! older event is dropped (`--log-retention-days`). Readers take a snapshot of shared pointers
//! and search it without the store's lock.

use std::collections::VecDeque;
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use serde_json::{Map, Value, json};

/// How many log events the tenant keeps (the newest).
pub const MAX_LOGS: usize = 10_000;
/// The longest string a log event stores, in bytes.
pub const MAX_LOG_FIELD_BYTES: usize = 1024;
/// The longest `scope` of a `seccft` event: the tenant writes it from the client's grant, so it
/// is bounded by the API's own scopes (about 7 KiB for the Management API's) and kept whole.
pub const MAX_ISSUED_SCOPE_BYTES: usize = 16 * 1024;

#[derive(Default)]
pub struct LogStore {
    events: VecDeque<Arc<Value>>,
    seq: u64,
    retention: Option<Duration>,
}

impl LogStore {
    /// Drops events older than `retention` from now on (`None`: only [`MAX_LOGS`] bounds the log).
    pub fn set_retention(&mut self, retention: Option<Duration>) {
        self.retention = retention;
    }

    /// Records `event` as of `date` with a fresh `log_id` (returned), in date order: an event
    /// dated in the past (the demo's history) goes where it belongs. Events carry what clients
    /// sent, so every string is cut and the oldest event goes once [`MAX_LOGS`] are kept: a flood
    /// of requests cannot grow the tenant's memory.
    pub fn push(&mut self, date: DateTime<Utc>, mut event: Map<String, Value>) -> String {
        let issued = event.get("type").is_some_and(|t| t == "seccft");
        for (key, value) in event.iter_mut() {
            match value {
                Value::String(scope) if issued && key == "scope" => cut(scope, MAX_ISSUED_SCOPE_BYTES),
                other => truncate_strings(other),
            }
        }
        self.seq += 1;
        let id = log_id(date, self.seq);
        event.insert("date".into(), json!(iso(date)));
        event.insert("log_id".into(), json!(id));
        event.insert("_id".into(), json!(id));
        let at =
            self.events.partition_point(|e| e["log_id"].as_str().is_some_and(|other| other < id.as_str()));
        self.events.insert(at, Arc::new(Value::Object(event)));
        while self.events.len() > MAX_LOGS {
            self.events.pop_front();
        }
        self.expire(Utc::now());
        id
    }

    /// Drops what the retention no longer covers at `now`.
    fn expire(&mut self, now: DateTime<Utc>) {
        let Some(retention) = self.retention else { return };
        let oldest_kept = log_id(now - retention, 0);
        while self
            .events
            .front()
            .is_some_and(|e| e["log_id"].as_str().is_some_and(|id| id < oldest_kept.as_str()))
        {
            self.events.pop_front();
        }
    }

    /// Drops every event `unwanted` says so of.
    pub fn remove_where(&mut self, unwanted: impl Fn(&Value) -> bool) {
        self.events.retain(|e| !unwanted(e));
    }

    /// Every kept event, oldest first, as shared pointers: cheap to take under the store's lock,
    /// searched after it is released.
    pub fn snapshot(&mut self) -> Vec<Arc<Value>> {
        self.expire(Utc::now());
        self.events.iter().cloned().collect()
    }

    /// The events after `from` (a `log_id`; `""` for the oldest), at most `take` of them.
    pub fn after(&mut self, from: &str, take: usize) -> Vec<Arc<Value>> {
        self.expire(Utc::now());
        let start = self.events.partition_point(|e| e["log_id"].as_str().is_some_and(|id| id <= from));
        self.events.iter().skip(start).take(take).cloned().collect()
    }

    pub fn get(&self, log_id: &str) -> Option<Arc<Value>> {
        let at = self.events.partition_point(|e| e["log_id"].as_str().is_some_and(|id| id < log_id));
        self.events.get(at).filter(|e| e["log_id"] == log_id).cloned()
    }

    #[cfg(test)]
    #[allow(clippy::len_without_is_empty)]
    pub fn len(&self) -> usize {
        self.events.len()
    }

    #[cfg(test)]
    pub fn iter(&self) -> impl Iterator<Item = &Arc<Value>> {
        self.events.iter()
    }
}

/// Cuts every string inside `value` to [`MAX_LOG_FIELD_BYTES`], on a character boundary.
/// Log events are shallow objects the tenant builds itself (bodies in them are bounded copies),
/// so the recursion is shallow too.
fn truncate_strings(value: &mut Value) {
    match value {
        Value::String(s) => cut(s, MAX_LOG_FIELD_BYTES),
        Value::Array(items) => items.iter_mut().for_each(truncate_strings),
        Value::Object(map) => map.values_mut().for_each(truncate_strings),
        _ => {}
    }
}

/// ISO-8601 with milliseconds and `Z`, as Auth0 writes dates.
pub fn iso(date: DateTime<Utc>) -> String {
    date.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// Cuts `s` to at most `max` bytes, on a character boundary.
fn cut(s: &mut String, max: usize) {
    if s.len() <= max {
        return;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    // A fresh string: truncating in place would keep the whole allocation.
    *s = s[..end].to_string();
}

/// Auth0 log ids are 56-digit strings that sort by time; this keeps that property.
pub fn log_id(date: DateTime<Utc>, seq: u64) -> String {
    format!("900{}{:036}", date.format("%Y%m%d%H%M%S%3f"), seq)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(n: usize) -> Map<String, Value> {
        let mut m = Map::new();
        m.insert("date".into(), Value::Null);
        m.insert("n".into(), json!(n));
        m
    }

    #[test]
    fn the_log_keeps_the_newest_events_with_short_fields() {
        let mut log = LogStore::default();
        let now = Utc::now();
        for i in 0..MAX_LOGS + 5 {
            let mut e = event(i);
            e.insert("audience".into(), json!("é".repeat(5000)));
            e.insert("details".into(), json!({"nested": ["x".repeat(4000)]}));
            log.push(now, e);
        }
        assert_eq!(log.len(), MAX_LOGS);
        let all = log.snapshot();
        assert_eq!(all.first().map(|l| l["n"].clone()), Some(json!(5)), "the oldest went first");
        let newest = all.last().expect("an event");
        let audience = newest["audience"].as_str().expect("string");
        assert!(audience.len() <= MAX_LOG_FIELD_BYTES && audience.len() > MAX_LOG_FIELD_BYTES - 2);
        let Value::String(kept) = &newest["audience"] else { panic!("a string") };
        assert!(kept.capacity() < 2 * MAX_LOG_FIELD_BYTES, "the long allocation is not kept");
        assert_eq!(newest["details"]["nested"][0].as_str().map(str::len), Some(MAX_LOG_FIELD_BYTES));
        assert_eq!(keys(newest).first().map(String::as_str), Some("date"), "date leads");
    }

    fn keys(v: &Value) -> Vec<String> {
        v.as_object().map(|m| m.keys().cloned().collect()).unwrap_or_default()
    }

    #[test]
    fn past_events_go_in_date_order_and_retention_drops_old_ones() {
        let mut log = LogStore::default();
        let now = Utc::now();
        log.push(now, event(0));
        let past = log.push(now - Duration::hours(5), event(1));
        log.push(now - Duration::days(3), event(2));
        let order: Vec<Value> = log.snapshot().iter().map(|e| e["n"].clone()).collect();
        assert_eq!(order, [json!(2), json!(1), json!(0)]);
        assert_eq!(log.get(&past).map(|e| e["n"].clone()), Some(json!(1)));
        assert!(log.get("900").is_none());
        let after: Vec<Value> = log.after(&past, 10).iter().map(|e| e["n"].clone()).collect();
        assert_eq!(after, [json!(0)], "strictly after the checkpoint");
        log.set_retention(Some(Duration::days(1)));
        let kept: Vec<Value> = log.snapshot().iter().map(|e| e["n"].clone()).collect();
        assert_eq!(kept, [json!(1), json!(0)], "the 3-day-old event is past a 1-day retention");
        log.push(now - Duration::days(2), event(3));
        assert_eq!(log.len(), 2, "an event already past the retention is not kept");
    }
}
