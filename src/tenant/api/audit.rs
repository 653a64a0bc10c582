//! The Management API's log events (docs/auth0.md#log-events): `sapi` / `fapi` for every call
//! that changes something (POST, PUT, PATCH, DELETE) and carried a valid token, and
//! `mgmt_api_read` for a GET whose answer holds a secret (the handler marks it with
//! [`SecretsReturned`]). Plain GETs write nothing, as on Auth0.

use axum::body::Body;
use axum::http::{Method, StatusCode};
use axum::response::Response;
use chrono::Utc;
use serde_json::{Map, Value, json};

use super::caller::Caller;
use crate::domain::catalog::Endpoint;
use crate::tenant::events::{self, Origin, Subject, bounded_copy, secrets_in};
use crate::tenant::state::Tenant;

/// Put on a response's extensions by a handler whose answer holds a secret.
#[derive(Clone, Copy, Debug)]
pub struct SecretsReturned;

/// Answers are the tenant's own and small; this only guards the copy.
const MAX_ANSWER_COPY: usize = 16 * 1024 * 1024;

/// One Management API call as its log event describes it.
pub struct Call {
    pub method: Method,
    /// As requested, percent-encoding kept, without the query.
    pub path: String,
    pub query: Vec<(String, String)>,
    pub origin: Origin,
    pub caller: Caller,
    /// The request's JSON body, when it had one.
    pub body: Option<Value>,
    /// The operation's name in Auth0's reference (`Create client grant`).
    pub description: String,
}

/// `…/v2/client-grants/post-client-grants` → `Post client grants`, as a fallback; the names
/// Auth0's pages carry for the operations tokex serves are listed.
pub fn description(endpoint: &Endpoint) -> String {
    let known = match endpoint.id().as_str() {
        "POST /api/v2/client-grants" => Some("Create client grant"),
        "PATCH /api/v2/client-grants/{id}" => Some("Update client grant"),
        "DELETE /api/v2/client-grants/{id}" => Some("Delete client grant"),
        "POST /api/v2/clients/{id}/rotate-secret" => Some("Rotate client secret"),
        "PATCH /api/v2/resource-servers/{id}" => Some("Update resource server"),
        "GET /api/v2/clients" => Some("Get clients"),
        "GET /api/v2/clients/{id}" => Some("Get client"),
        "POST /api/v2/users" => Some("Create user"),
        "PATCH /api/v2/users/{id}" => Some("Update user"),
        "DELETE /api/v2/users/{id}" => Some("Delete user"),
        "POST /api/v2/roles" => Some("Create role"),
        "PATCH /api/v2/roles/{id}" => Some("Update role"),
        "DELETE /api/v2/roles/{id}" => Some("Delete role"),
        "POST /api/v2/roles/{id}/permissions" => Some("Add permissions to role"),
        "DELETE /api/v2/roles/{id}/permissions" => Some("Remove permissions from role"),
        "POST /api/v2/users/{id}/roles" => Some("Assign roles to user"),
        "DELETE /api/v2/users/{id}/roles" => Some("Remove roles from user"),
        "POST /api/v2/users/{id}/permissions" => Some("Assign permissions to user"),
        "DELETE /api/v2/users/{id}/permissions" => Some("Remove permissions from user"),
        _ => None,
    };
    if let Some(name) = known {
        return name.to_string();
    }
    let slug = endpoint.doc.trim_end_matches('/').rsplit('/').next().unwrap_or_default();
    let text = slug.replace('-', " ");
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Management API operation".to_string(),
    }
}

fn is_change(method: &Method) -> bool {
    matches!(*method, Method::POST | Method::PUT | Method::PATCH | Method::DELETE)
}

/// Writes the call's event, when it has one, and hands the answer back unchanged.
pub async fn record(t: &Tenant, call: Call, response: Response) -> Response {
    let status = response.status();
    let kind = if is_change(&call.method) {
        if status.is_success() {
            "sapi"
        } else if status.is_client_error() && status != StatusCode::UNAUTHORIZED {
            "fapi"
        } else {
            return response;
        }
    } else if call.method == Method::GET
        && status.is_success()
        && response.extensions().get::<SecretsReturned>().is_some()
    {
        "mgmt_api_read"
    } else {
        return response;
    };
    let (parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, MAX_ANSWER_COPY).await.unwrap_or_default();
    let answer: Value = if bytes.is_empty() {
        json!({})
    } else {
        serde_json::from_slice(&bytes).unwrap_or_else(|_| json!({}))
    };
    write_event(t, kind, &call, status, &answer);
    Response::from_parts(parts, Body::from(bytes))
}

fn write_event(t: &Tenant, kind: &str, call: &Call, status: StatusCode, answer: &Value) {
    let mut request = Map::new();
    request.insert("method".into(), json!(call.method.as_str().to_lowercase()));
    request.insert("path".into(), json!(call.path));
    let query: Map<String, Value> = call.query.iter().map(|(k, v)| (k.clone(), json!(v))).collect();
    request.insert("query".into(), Value::Object(query));
    request.insert("userAgent".into(), json!(call.origin.user_agent));
    if let Some(body) = &call.body {
        request.insert("body".into(), bounded_copy(body));
    }
    request.insert("channel".into(), json!("api"));
    request.insert("ip".into(), json!(call.origin.ip));
    request
        .insert("auth".into(), json!({"user": call.caller.subject, "strategy": "jwt", "credentials": null}));
    let mut details = Map::new();
    details.insert("request".into(), Value::Object(request));
    details.insert("response".into(), json!({"statusCode": status.as_u16(), "body": bounded_copy(answer)}));
    let secrets = secrets_in(answer);
    if !secrets.is_empty() {
        details.insert("accessedSecrets".into(), json!(secrets));
    }
    let mut store = t.lock();
    let name = store.client_name(&call.caller.client_id);
    let subject = Subject { client_id: &call.caller.client_id, client_name: &name };
    let head = events::head(kind, &call.description, &subject, &call.origin, &t.hostname);
    let event = events::tail(head, Value::Object(details), &t.tenant_name);
    store.push_log(Utc::now(), event);
}
