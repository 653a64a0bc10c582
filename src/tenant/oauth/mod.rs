//! `POST /oauth/token`, client-credentials grant (docs/auth0.md#token-endpoint): form or JSON bodies,
//! client_secret_post, HTTP Basic and private_key_jwt; every failure row with Auth0's strings.
//!
//! Two limits, in this order (README, "The local tenant"):
//! - **failed attempts**, per client id and source address, as Auth0's brute-force protection
//!   counts them: a pair that failed [`MAX_FAILED_ATTEMPTS`] times is refused with 429 without
//!   its credentials being looked at, and regains one attempt every 10 s (`ratelimit::FAILED_ATTEMPTS`);
//! - **the client's own bucket** (`--token-rate-limit`), charged only once the client has
//!   authenticated, so nobody who merely knows a (public) client id can spend it.
//!
//! Each exchange is logged like Auth0 does (`seccft` / `feccft`, `api_limit`, `limit_wc`).

mod client_auth;
mod issue;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use serde_json::{Map, Value, json};

use super::errors::{OAuthError, json_response};
use super::events::{self, Origin, Subject};
use super::ratelimit::{AttemptKey, Decision, MAX_FAILED_ATTEMPTS};
use super::request::{BodyError, client_ip, is_json, read_body, user_agent};
use super::state::Tenant;
use super::target::parse_params;

/// The request's parameters, form or JSON, by name.
pub type Params = HashMap<String, String>;

pub async fn token(
    State(t): State<Arc<Tenant>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    method: Method,
    headers: HeaderMap,
    body: Body,
) -> Response {
    if method != Method::POST {
        // The Authentication API's error table lists 405 method_not_allowed
        // (docs/auth0.md#token-endpoint).
        let mut resp =
            OAuthError::new(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed", "Method not allowed")
                .into_response();
        resp.headers_mut().insert(header::ALLOW, HeaderValue::from_static("POST"));
        return resp;
    }
    let origin = Origin { ip: client_ip(Some(peer)), user_agent: user_agent(&headers) };
    let bytes = match read_body(&headers, body).await {
        Ok(b) => b,
        // Auth0's wording for oversized token requests is undocumented; this one is ours.
        Err(BodyError::TooLarge) => {
            return OAuthError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "invalid_request",
                "Request entity too large",
            )
            .into_response();
        }
        Err(BodyError::Unreadable) => {
            return OAuthError::invalid_request("Unable to read the request body").into_response();
        }
    };
    let params = match body_params(&headers, &bytes) {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let named = client_auth::named_client(&headers, &params);
    let known = !named.is_empty() && t.lock().client(&named).is_some();
    let attempts: AttemptKey = (if known { named } else { String::new() }, peer.ip());
    let standing = t.failed_attempts.peek(&attempts);
    if !standing.allowed {
        return refused(too_many_attempts(), standing);
    }
    let exchange =
        Exchange { t: &t, headers: &headers, params: &params, origin: &origin, attempts: &attempts };
    let (result, decision) = exchange.run();
    match result {
        Ok(body) => {
            let mut resp = json_response(StatusCode::OK, &body);
            // Token responses must not be cached (RFC 6749 §5.1); Auth0 sends these too.
            resp.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            resp.headers_mut().insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
            decision.insert_headers(resp.headers_mut());
            resp
        }
        Err(e) => refused(e, decision),
    }
}

fn refused(error: OAuthError, decision: Decision) -> Response {
    let mut resp = error.into_response();
    decision.insert_headers(resp.headers_mut());
    resp
}

/// The local tenant's answer to a blocked client id and address (Auth0's wording for this case
/// is undocumented; `too_many_attempts` is the error it uses for blocked logins).
fn too_many_attempts() -> OAuthError {
    OAuthError::new(
        StatusCode::TOO_MANY_REQUESTS,
        "too_many_attempts",
        "Too many failed attempts for this client from this address; try again later.",
    )
}

/// Form or JSON body into string parameters. Non-string JSON scalars are stringified; a form
/// parameter that is not UTF-8 once decoded is refused.
fn body_params(headers: &HeaderMap, bytes: &[u8]) -> Result<Params, OAuthError> {
    if is_json(headers) {
        // Auth0's exact text for unparsable JSON on /oauth/token (unconfirmed).
        let v: Value =
            serde_json::from_slice(bytes).map_err(|_| OAuthError::invalid_request("Invalid JSON body"))?;
        let Value::Object(m) = v else {
            return Err(OAuthError::invalid_request("The request body must be a JSON object"));
        };
        Ok(m.into_iter()
            .filter_map(|(k, v)| match v {
                Value::String(s) => Some((k, s)),
                Value::Number(n) => Some((k, n.to_string())),
                Value::Bool(b) => Some((k, b.to_string())),
                _ => None,
            })
            .collect())
    } else {
        let invalid = || OAuthError::invalid_request("Invalid application/x-www-form-urlencoded body");
        let text = std::str::from_utf8(bytes).map_err(|_| invalid())?;
        Ok(parse_params(text).map_err(|_| invalid())?.into_iter().collect())
    }
}

/// One token request, from its grant type to the signed token.
struct Exchange<'a> {
    t: &'a Tenant,
    headers: &'a HeaderMap,
    params: &'a Params,
    origin: &'a Origin,
    attempts: &'a AttemptKey,
}

impl Exchange<'_> {
    fn param(&self, name: &str) -> &str {
        self.params.get(name).map(String::as_str).unwrap_or("")
    }

    /// The token response or the error, with the bucket the answer's headers report.
    fn run(&self) -> (Result<Value, OAuthError>, Decision) {
        let grant_type = self.param("grant_type");
        if grant_type.is_empty() {
            // The wording is unconfirmed; the status and code follow RFC 6749 and Auth0's table.
            return self.failed(OAuthError::invalid_request("Missing required parameter: grant_type"), None);
        }
        if grant_type != "client_credentials" {
            let e = OAuthError::new(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                format!("Unsupported grant type: {grant_type}"),
            );
            return self.failed(e, None);
        }
        let client_id = match client_auth::authenticate(self.t, self.headers, self.params) {
            Ok(id) => id,
            Err((e, named)) => return self.failed(e, Some(named.unwrap_or_default())),
        };
        let decision = self.t.token_limiter.take(&client_id);
        if !decision.allowed {
            // The token endpoint's 429 (docs/auth0.md#rate-limits).
            let e = OAuthError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "too_many_requests",
                "Global rate limit exceeded",
            );
            self.log_limit(&client_id, &e);
            return (Err(e), decision);
        }
        (self.issue(&client_id), decision)
    }

    /// A request that did not authenticate: one failed attempt of its client id and address,
    /// logged as `feccft` when it named a client (`logged`), and `limit_wc` when it was the
    /// last one allowed.
    fn failed(&self, error: OAuthError, logged: Option<String>) -> (Result<Value, OAuthError>, Decision) {
        let decision = self.t.failed_attempts.take(self.attempts);
        let mut store = self.t.lock();
        if let Some(client_id) = logged {
            let event = self.failure_event(&store.client_name(&client_id), &client_id, &error);
            store.push_log(Utc::now(), event);
        }
        if decision.allowed && decision.remaining == 0 {
            let name = store.client_name(&self.attempts.0);
            let subject = Subject { client_id: &self.attempts.0, client_name: &name };
            let head = events::head(
                "limit_wc",
                "Blocked Account: too many failed attempts from this address",
                &subject,
                self.origin,
                &self.t.hostname,
            );
            let event = events::tail(head, json!({"attempts": MAX_FAILED_ATTEMPTS}), &self.t.tenant_name);
            store.push_log(Utc::now(), event);
        }
        (Err(error), decision)
    }

    /// Checks the grant and signs, the store unlocked while signing.
    fn issue(&self, client_id: &str) -> Result<Value, OAuthError> {
        let audience = self.t.canonical_audience(self.param("audience"));
        let authorized = {
            let store = self.t.lock();
            issue::authorize(self.t, &store, client_id, audience, self.params)
        };
        let claims = match authorized {
            Ok(claims) => claims,
            Err(e) => {
                let mut store = self.t.lock();
                let event = self.failure_event(&store.client_name(client_id), client_id, &e);
                store.push_log(Utc::now(), event);
                return Err(e);
            }
        };
        let token = self.t.key.sign(&claims.claims).map_err(|e| {
            OAuthError::new(StatusCode::INTERNAL_SERVER_ERROR, "server_error", format!("Signing failed: {e}"))
        })?;
        let mut store = self.t.lock();
        let name = store.client_name(client_id);
        let mut m = events::head(
            "seccft",
            "Client Credentials for Access Token",
            &Subject { client_id, client_name: &name },
            self.origin,
            &self.t.hostname,
        );
        m.insert("audience".into(), json!(audience));
        m.insert("scope".into(), json!(claims.scope));
        let event = events::tail(m, json!({"actions": {"executions": []}}), &self.t.tenant_name);
        store.push_log(claims.issued_at, event);
        drop(store);
        let mut body = Map::new();
        body.insert("access_token".into(), json!(token));
        body.insert("expires_in".into(), json!(claims.lifetime));
        // Unconfirmed whether Auth0 omits `scope` for an empty grant; we omit it.
        if !claims.scope.is_empty() {
            body.insert("scope".into(), json!(claims.scope));
        }
        body.insert("token_type".into(), json!("Bearer"));
        Ok(Value::Object(body))
    }

    fn failure_event(&self, client_name: &str, client_id: &str, e: &OAuthError) -> Map<String, Value> {
        let mut m = events::head(
            "feccft",
            &e.description,
            &Subject { client_id, client_name },
            self.origin,
            &self.t.hostname,
        );
        m.insert("audience".into(), json!(self.param("audience")));
        m.insert("scope".into(), json!(self.param("scope")));
        let details = json!({"error": {"message": e.description, "oauthError": e.error, "type": "oauth-authorization"}});
        events::tail(m, details, &self.t.tenant_name)
    }

    /// `api_limit` for a client's empty bucket, at most once a second per client.
    fn log_limit(&self, client_id: &str, e: &OAuthError) {
        if !self.t.event_throttle.admit(&format!("oauth-token {client_id}")) {
            return;
        }
        let mut store = self.t.lock();
        let name = store.client_name(client_id);
        let head = events::head(
            "api_limit",
            "Rate limit exceeded",
            &Subject { client_id, client_name: &name },
            self.origin,
            &self.t.hostname,
        );
        let details = json!({
            "limit": {"bucket": "oauth-token", "global": false, "size": self.t.token_limiter.config().burst},
            "request": {"method": "post", "path": "/oauth/token"},
            "response": e.description,
        });
        let event = events::tail(head, details, &self.t.tenant_name);
        store.push_log(Utc::now(), event);
    }
}
