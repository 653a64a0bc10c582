//! The tenant's in-memory state. Entities Auth0 returns as-is (users, connections, roles, …) stay
//! `serde_json::Value` so the seed's shapes reach the wire unchanged; clients and grants are typed
//! because the token endpoint reasons about them.

use std::collections::{HashMap, VecDeque};

use chrono::{DateTime, Utc};
use jsonwebtoken::DecodingKey;
use serde_json::{Map, Value, json};

pub struct Client {
    pub client_id: String,
    /// `None` for the private_key_jwt client: it has no usable secret.
    pub client_secret: Option<String>,
    pub name: String,
    pub description: String,
    pub app_type: String,
    pub grant_types: Vec<String>,
    pub auth_method: String,
    pub extra: Map<String, Value>,
    /// Registered public key and credential id for private_key_jwt.
    pub public_key: Option<(DecodingKey, String)>,
    pub private_key_pem: Option<String>,
}

/// One seed client as `dev-tenant` announces it.
#[derive(Clone, Debug, serde::Serialize)]
pub struct ClientInfo {
    pub name: String,
    pub client_id: String,
    /// Empty for `tokex-jwt-m2m`, which authenticates with `private_key_pem` instead.
    pub client_secret: String,
    pub app_type: String,
    /// Scopes granted for the Management API (empty when not granted).
    pub scopes: Vec<String>,
    pub granted: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub private_key_pem: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Grant {
    pub id: String,
    pub client_id: String,
    pub audience: String,
    pub scope: Vec<String>,
}

impl Grant {
    pub fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "client_id": self.client_id,
            "audience": self.audience,
            "scope": self.scope,
            "organization_usage": "deny",
            "allow_any_organization": false,
            "is_system": false,
            "subject_type": "client",
        })
    }
}

/// How much of a client a token may see (docs/auth0.md#endpoints, client field visibility).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ClientView {
    Summary,
    Config,
    Secrets,
}

#[derive(Default)]
pub struct Store {
    pub tenant_name: String,
    pub clients: Vec<Client>,
    pub grants: Vec<Grant>,
    pub resource_servers: Vec<Value>,
    pub connections: Vec<Value>,
    pub roles: Vec<Value>,
    pub users: Vec<Value>,
    pub user_roles: HashMap<String, Vec<String>>,
    pub organizations: Vec<Value>,
    /// Ascending by `log_id` (which is ascending by date); the most recent [`MAX_LOGS`] only.
    pub logs: VecDeque<Value>,
    pub daily_stats: Vec<Value>,
    pub settings: Value,
    /// private_key_jwt `jti`s already used, with their `exp`, so replays are refused.
    pub used_jtis: HashMap<String, i64>,
    pub log_seq: u64,
}

/// How many log events the tenant keeps (the newest).
pub const MAX_LOGS: usize = 10_000;
/// The longest string a log event stores, in bytes.
pub const MAX_LOG_FIELD_BYTES: usize = 1024;

/// Cuts every string inside `value` to [`MAX_LOG_FIELD_BYTES`], on a character boundary.
/// Log events are shallow objects the tenant builds itself, so the recursion is shallow too.
fn truncate_strings(value: &mut Value) {
    match value {
        Value::String(s) if s.len() > MAX_LOG_FIELD_BYTES => {
            let mut end = MAX_LOG_FIELD_BYTES;
            while !s.is_char_boundary(end) {
                end -= 1;
            }
            // A fresh string: truncating in place would keep the whole allocation.
            *s = s[..end].to_string();
        }
        Value::Array(items) => items.iter_mut().for_each(truncate_strings),
        Value::Object(map) => map.values_mut().for_each(truncate_strings),
        _ => {}
    }
}

impl Store {
    pub fn client(&self, client_id: &str) -> Option<&Client> {
        self.clients.iter().find(|c| c.client_id == client_id)
    }

    #[cfg(test)]
    pub fn client_by_name(&self, name: &str) -> Option<&Client> {
        self.clients.iter().find(|c| c.name == name)
    }

    pub fn resource_server(&self, identifier: &str) -> Option<&Value> {
        self.resource_servers.iter().find(|r| r["identifier"] == identifier)
    }

    pub fn grant_for(&self, client_id: &str, audience: &str) -> Option<&Grant> {
        self.grants.iter().find(|g| g.client_id == client_id && g.audience == audience)
    }

    pub fn client_info(&self, c: &Client, mgmt_audience: &str) -> ClientInfo {
        let grant = self.grant_for(&c.client_id, mgmt_audience);
        ClientInfo {
            name: c.name.clone(),
            client_id: c.client_id.clone(),
            client_secret: c.client_secret.clone().unwrap_or_default(),
            app_type: c.app_type.clone(),
            scopes: grant.map(|g| g.scope.clone()).unwrap_or_default(),
            granted: grant.is_some(),
            private_key_pem: c.private_key_pem.clone(),
        }
    }

    /// Appends a log event with a fresh, ordered `log_id` and returns it. Events carry what
    /// clients sent, so every string is cut to [`MAX_LOG_FIELD_BYTES`] and the oldest event goes
    /// once [`MAX_LOGS`] are kept: a flood of requests cannot grow the tenant's memory.
    pub fn push_log(&mut self, date: DateTime<Utc>, mut event: Map<String, Value>) -> String {
        event.values_mut().for_each(truncate_strings);
        while self.logs.len() >= MAX_LOGS {
            self.logs.pop_front();
        }
        self.log_seq += 1;
        let id = log_id(date, self.log_seq);
        event.insert("date".into(), json!(iso(date)));
        event.insert("log_id".into(), json!(id));
        event.insert("_id".into(), json!(id));
        self.logs.push_back(Value::Object(event));
        id
    }

    /// Client JSON in the field order of recorded tenants, cut down to what `view` may see.
    pub fn client_json(&self, c: &Client, view: ClientView, cert_pem: &str, pkcs7_pem: &str) -> Value {
        let mut m = Map::new();
        m.insert("client_id".into(), json!(c.client_id));
        m.insert("name".into(), json!(c.name));
        m.insert("description".into(), json!(c.description));
        m.insert("app_type".into(), json!(c.app_type));
        if view >= ClientView::Config {
            m.insert("tenant".into(), json!(self.tenant_name));
            m.insert("global".into(), json!(false));
            m.insert("is_first_party".into(), json!(true));
            m.insert("oidc_conformant".into(), json!(true));
            m.insert("is_token_endpoint_ip_header_trusted".into(), json!(false));
            m.insert("sso_disabled".into(), json!(false));
            m.insert("cross_origin_auth".into(), json!(false));
            m.insert("grant_types".into(), json!(c.grant_types));
            if c.auth_method != "private_key_jwt" {
                // Auth0 drops token_endpoint_auth_method once client_authentication_methods is set.
                m.insert("token_endpoint_auth_method".into(), json!(c.auth_method));
            }
            m.insert(
                "jwt_configuration".into(),
                json!({"alg": "RS256", "lifetime_in_seconds": 36000, "secret_encoded": false}),
            );
            m.insert("custom_login_page_on".into(), json!(true));
            for (k, v) in &c.extra {
                m.insert(k.clone(), v.clone());
            }
        }
        if view >= ClientView::Secrets {
            if let Some(secret) = &c.client_secret {
                m.insert("client_secret".into(), json!(secret));
            }
            if let Some((_, cred_id)) = &c.public_key {
                m.insert(
                    "client_authentication_methods".into(),
                    json!({"private_key_jwt": {"credentials": [{"id": cred_id}]}}),
                );
            }
            m.insert(
                "signing_keys".into(),
                json!([{"cert": cert_pem, "pkcs7": pkcs7_pem, "subject": "deprecated"}]),
            );
        }
        Value::Object(m)
    }
}

/// ISO-8601 with milliseconds and `Z`, as Auth0 writes dates.
pub fn iso(date: DateTime<Utc>) -> String {
    date.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// Auth0 log ids are 56-digit strings that sort by time; this keeps that property.
pub fn log_id(date: DateTime<Utc>, seq: u64) -> String {
    format!("900{}{:036}", date.format("%Y%m%d%H%M%S%3f"), seq)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_keeps_the_newest_events_with_short_fields() {
        let mut store = Store::default();
        let now = Utc::now();
        for i in 0..MAX_LOGS + 5 {
            let mut event = Map::new();
            event.insert("n".into(), json!(i));
            event.insert("audience".into(), json!("é".repeat(5000)));
            event.insert("details".into(), json!({"nested": ["x".repeat(4000)]}));
            store.push_log(now, event);
        }
        assert_eq!(store.logs.len(), MAX_LOGS);
        assert_eq!(store.logs.front().map(|l| l["n"].clone()), Some(json!(5)), "the oldest went first");
        let newest = store.logs.back().expect("an event");
        let audience = newest["audience"].as_str().expect("string");
        assert!(audience.len() <= MAX_LOG_FIELD_BYTES && audience.len() > MAX_LOG_FIELD_BYTES - 2);
        let Value::String(kept) = &newest["audience"] else { panic!("a string") };
        assert!(kept.capacity() < 2 * MAX_LOG_FIELD_BYTES, "the long allocation is not kept");
        assert_eq!(newest["details"]["nested"][0].as_str().map(str::len), Some(MAX_LOG_FIELD_BYTES));
    }
}
