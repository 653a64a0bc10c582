//! The tenant's in-memory state. Entities Auth0 returns as-is (users, connections, roles, …) stay
//! `serde_json::Value` so the seed's shapes reach the wire unchanged; clients and grants are typed
//! because the token endpoint reasons about them.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use jsonwebtoken::DecodingKey;
use serde_json::{Map, Value, json};

use super::log_store::LogStore;
pub use super::log_store::iso;

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

/// A permission: a scope of an API (resource server), as roles and users hold them.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Permission {
    pub resource_server_identifier: String,
    pub permission_name: String,
}

/// A client grant, with the fields of Auth0's client-grant schema the local tenant keeps.
#[derive(Clone, Debug)]
pub struct Grant {
    pub id: String,
    /// `""` for a grant that applies by `default_for` rather than to one client.
    pub client_id: String,
    pub audience: String,
    pub scope: Vec<String>,
    pub organization_usage: String,
    pub allow_any_organization: bool,
    pub default_for: Option<String>,
    /// `client` (machine-to-machine), `user` or `anonymous_user`.
    pub subject_type: String,
    pub authorization_details_types: Vec<String>,
    /// Every scope the API defines, whatever `scope` says.
    pub allow_all_scopes: bool,
}

impl Grant {
    /// A machine-to-machine grant of `scope` to `client_id` for `audience`, Auth0's defaults otherwise.
    pub fn new(id: String, client_id: String, audience: String, scope: Vec<String>) -> Self {
        Grant {
            id,
            client_id,
            audience,
            scope,
            organization_usage: "deny".into(),
            allow_any_organization: false,
            default_for: None,
            subject_type: "client".into(),
            authorization_details_types: Vec::new(),
            allow_all_scopes: false,
        }
    }

    /// In the field order of Auth0's client-grant schema; the newer fields only when set.
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("id".into(), json!(self.id));
        if !self.client_id.is_empty() {
            m.insert("client_id".into(), json!(self.client_id));
        }
        m.insert("audience".into(), json!(self.audience));
        m.insert("scope".into(), json!(self.scope));
        m.insert("organization_usage".into(), json!(self.organization_usage));
        m.insert("allow_any_organization".into(), json!(self.allow_any_organization));
        if let Some(default_for) = &self.default_for {
            m.insert("default_for".into(), json!(default_for));
        }
        m.insert("is_system".into(), json!(false));
        m.insert("subject_type".into(), json!(self.subject_type));
        if !self.authorization_details_types.is_empty() {
            m.insert("authorization_details_types".into(), json!(self.authorization_details_types));
        }
        if self.allow_all_scopes {
            m.insert("allow_all_scopes".into(), json!(true));
        }
        Value::Object(m)
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
    /// Shared so that a search takes a snapshot and runs without the store's lock.
    pub users: Vec<Arc<Value>>,
    pub user_roles: HashMap<String, Vec<String>>,
    /// Each role's permissions, in the order they were added.
    pub role_permissions: HashMap<String, Vec<Permission>>,
    /// Permissions given to a user directly (not through a role).
    pub user_permissions: HashMap<String, Vec<Permission>>,
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

    /// The machine-to-machine grant of `client_id` for `audience`.
    pub fn grant_for(&self, client_id: &str, audience: &str) -> Option<&Grant> {
        self.grants
            .iter()
            .find(|g| g.client_id == client_id && g.audience == audience && g.subject_type == "client")
    }

    /// A permission as Auth0 lists it: with its API's name and the scope's description.
    pub fn permission_json(&self, p: &Permission) -> Value {
        let api = self.resource_server(&p.resource_server_identifier);
        let description = api
            .and_then(|a| a["scopes"].as_array())
            .and_then(|s| s.iter().find(|s| s["value"] == p.permission_name.as_str()))
            .map(|s| s["description"].clone())
            .unwrap_or(Value::Null);
        json!({
            "resource_server_identifier": p.resource_server_identifier,
            "permission_name": p.permission_name,
            "resource_server_name": api.map(|a| a["name"].clone()).unwrap_or(Value::Null),
            "description": description,
        })
    }

    /// The scopes `grant` gives: its own, or every scope of its API with `allow_all_scopes`.
    pub fn granted_scopes(&self, grant: &Grant) -> Vec<String> {
        if !grant.allow_all_scopes {
            return grant.scope.clone();
        }
        self.resource_server(&grant.audience)
            .and_then(|api| api["scopes"].as_array())
            .map(|s| s.iter().filter_map(|s| s["value"].as_str().map(str::to_owned)).collect())
            .unwrap_or_default()
    }

    pub fn client_info(&self, c: &Client, mgmt_audience: &str) -> ClientInfo {
        let grant = self.grant_for(&c.client_id, mgmt_audience);
        ClientInfo {
            name: c.name.clone(),
            client_id: c.client_id.clone(),
            client_secret: c.client_secret.clone().unwrap_or_default(),
            app_type: c.app_type.clone(),
            scopes: grant.map(|g| self.granted_scopes(g)).unwrap_or_default(),
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
