//! The tenant's in-memory state. Entities Auth0 returns as-is (users, connections, roles, …) stay
//! `serde_json::Value` so the seed's shapes reach the wire unchanged; clients and grants are typed
//! because the token endpoint reasons about them.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use jsonwebtoken::DecodingKey;
use serde_json::{Map, Value, json};

use super::log_store::LogStore;

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
    pub logs: LogStore,
    pub daily_stats: Vec<Value>,
    pub settings: Value,
    /// private_key_jwt `jti`s already used, with their `exp`, so replays are refused.
    pub used_jtis: HashMap<String, i64>,
    /// When `used_jtis` last dropped expired entries (epoch seconds): at most once a second.
    pub jtis_pruned_at: i64,
}

impl Store {
    pub fn client(&self, client_id: &str) -> Option<&Client> {
        self.clients.iter().find(|c| c.client_id == client_id)
    }

    /// The client's name, `""` for an id that names no client.
    pub fn client_name(&self, client_id: &str) -> String {
        self.client(client_id).map(|c| c.name.clone()).unwrap_or_default()
    }

    /// Records a private_key_jwt `jti` until `exp`; false when it was already used.
    pub fn burn_jti(&mut self, client_id: &str, jti: &str, exp: i64, now: i64, skew: i64) -> bool {
        if now != self.jtis_pruned_at {
            self.used_jtis.retain(|_, e| *e + skew >= now);
            self.jtis_pruned_at = now;
        }
        let key = format!("{client_id} {jti}");
        if self.used_jtis.contains_key(&key) {
            return false;
        }
        self.used_jtis.insert(key, exp);
        true
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

    /// Records a log event as of `date` (see [`LogStore::push`]); returns its `log_id`.
    pub fn push_log(&mut self, date: DateTime<Utc>, event: Map<String, Value>) -> String {
        self.logs.push(date, event)
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
