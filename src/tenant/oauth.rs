//! `POST /oauth/token`, client-credentials grant (docs/auth0.md#token-endpoint): form or JSON bodies,
//! client_secret_post, HTTP Basic and private_key_jwt; every failure row with Auth0's strings.
//! The tenant logs each exchange (`seccft` / `feccft`) like Auth0 does.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::Utc;
use jsonwebtoken::{Algorithm, Validation};
use serde_json::{Map, Value, json};

use super::errors::{OAuthError, json_response};
use super::request::{BodyError, client_ip, is_json, read_body, user_agent};
use super::state::Tenant;
use super::store::Store;

const JWT_BEARER: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/// private_key_jwt limits from Auth0's docs (docs/auth0.md#token-endpoint).
const MAX_ASSERTION: usize = 2048;
const MAX_ASSERTION_LIFETIME: i64 = 300;
const CLOCK_SKEW: u64 = 10;

struct Ctx {
    ip: String,
    user_agent: String,
}

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
    let ctx = Ctx { ip: client_ip(Some(peer)), user_agent: user_agent(&headers) };
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
    let params = match parse_params(&headers, &bytes) {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let decision = t.token_limiter.take(&bucket_key(&t, &headers, &params));
    let mut resp = if !decision.allowed {
        // The token endpoint's 429 (docs/auth0.md#rate-limits).
        OAuthError::new(StatusCode::TOO_MANY_REQUESTS, "too_many_requests", "Global rate limit exceeded")
            .into_response()
    } else {
        match exchange(&t, &headers, &params, &ctx) {
            Ok(body) => {
                let mut resp = json_response(StatusCode::OK, &body);
                // Token responses must not be cached (RFC 6749 §5.1); Auth0 sends these too.
                resp.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
                resp.headers_mut().insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
                resp
            }
            Err(e) => e.into_response(),
        }
    };
    decision.insert_headers(resp.headers_mut());
    resp
}

/// The request's parameters, form or JSON, by name.
type Params = HashMap<String, String>;

/// Whose bucket a token request draws from: the client it names (form/JSON `client_id` or the
/// Basic user) when that client exists, otherwise one bucket shared by every unknown or unnamed
/// caller, so made-up ids cannot create buckets without end.
fn bucket_key(t: &Tenant, headers: &HeaderMap, params: &Params) -> String {
    let named = params.get("client_id").cloned().or_else(|| match basic_credentials(headers) {
        Some(Ok((id, _))) => Some(id),
        _ => None,
    });
    named.filter(|id| t.lock().client(id).is_some()).unwrap_or_default()
}

/// Form or JSON body into string parameters. Non-string JSON scalars are stringified.
fn parse_params(headers: &HeaderMap, bytes: &[u8]) -> Result<Params, OAuthError> {
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
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(bytes)
            .map_err(|_| OAuthError::invalid_request("Invalid application/x-www-form-urlencoded body"))?;
        Ok(pairs.into_iter().collect())
    }
}

fn exchange(t: &Tenant, headers: &HeaderMap, p: &Params, ctx: &Ctx) -> Result<Value, OAuthError> {
    let grant_type = p.get("grant_type").map(String::as_str).unwrap_or("");
    if grant_type.is_empty() {
        // The wording is unconfirmed; the status and code follow RFC 6749 and Auth0's error table.
        return Err(OAuthError::invalid_request("Missing required parameter: grant_type"));
    }
    if grant_type != "client_credentials" {
        return Err(OAuthError::new(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            format!("Unsupported grant type: {grant_type}"),
        ));
    }
    let audience = p.get("audience").cloned().unwrap_or_default();
    let mut store = t.lock();
    let client_id = match authenticate(t, &mut store, headers, p) {
        Ok(id) => id,
        Err((e, id)) => {
            log_failure(&mut store, ctx, id.as_deref(), &audience, &e);
            return Err(e);
        }
    };
    let result = authorize(t, &store, &client_id, &audience, p);
    match result {
        Ok((claims, scope)) => {
            // Signing is most of the work: other requests need not wait for the store meanwhile.
            drop(store);
            let signed = t.key.sign(&claims);
            let mut store = t.lock();
            let token = signed.map_err(|e| {
                OAuthError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "server_error",
                    format!("Signing failed: {e}"),
                )
            })?;
            log_success(&mut store, ctx, &client_id, &audience, &scope);
            let mut body = Map::new();
            body.insert("access_token".into(), json!(token));
            body.insert("expires_in".into(), json!(t.token_lifetime));
            // Unconfirmed whether Auth0 omits `scope` for an empty grant; we omit it.
            if !scope.is_empty() {
                body.insert("scope".into(), json!(scope));
            }
            body.insert("token_type".into(), json!("Bearer"));
            Ok(Value::Object(body))
        }
        Err(e) => {
            log_failure(&mut store, ctx, Some(&client_id), &audience, &e);
            Err(e)
        }
    }
}

type AuthFailure = (OAuthError, Option<String>);

/// Identifies and authenticates the client; returns its id.
fn authenticate(
    t: &Tenant,
    store: &mut Store,
    headers: &HeaderMap,
    p: &Params,
) -> Result<String, AuthFailure> {
    if let Some(assertion) = p.get("client_assertion") {
        return verify_assertion(t, store, p, assertion);
    }
    let (client_id, secret) = match basic_credentials(headers) {
        Some(Ok(pair)) => pair,
        Some(Err(())) => return Err((OAuthError::unauthorized(), None)),
        None => {
            let id = p.get("client_id").cloned().unwrap_or_default();
            (id, p.get("client_secret").cloned().unwrap_or_default())
        }
    };
    if client_id.is_empty() {
        // Auth0's text for a request naming no client at all (unconfirmed).
        return Err((OAuthError::invalid_request("Missing required parameter: client_id"), None));
    }
    if p.get("client_id").is_some_and(|body_id| *body_id != client_id) {
        return Err((OAuthError::unauthorized(), Some(client_id)));
    }
    let Some(client) = store.client(&client_id) else {
        return Err((OAuthError::unauthorized(), Some(client_id)));
    };
    let ok = client.client_secret.as_ref().is_some_and(|s| {
        aws_lc_rs::constant_time::verify_slices_are_equal(s.as_bytes(), secret.as_bytes()).is_ok()
    });
    if ok { Ok(client_id) } else { Err((OAuthError::unauthorized(), Some(client_id))) }
}

/// `Authorization: Basic base64(id:secret)`; `None` if no Basic header, `Err` if malformed.
fn basic_credentials(headers: &HeaderMap) -> Option<Result<(String, String), ()>> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, rest) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = STANDARD.decode(rest.trim()).ok().and_then(|b| String::from_utf8(b).ok());
    let Some((id, secret)) = decoded.as_deref().and_then(|d| d.split_once(':')) else {
        return Some(Err(()));
    };
    // RFC 6749 §2.3.1 form-encodes both parts (Go's x/oauth2 does); decode them back.
    let unescape = |s: &str| percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned();
    Some(Ok((unescape(id), unescape(secret))))
}

/// private_key_jwt: verifies the client assertion and burns its `jti`.
fn verify_assertion(
    t: &Tenant,
    store: &mut Store,
    p: &Params,
    assertion: &str,
) -> Result<String, AuthFailure> {
    let body_id = p.get("client_id").cloned();
    // Auth0's descriptions for assertion failures are unconfirmed; 401 access_denied as for secrets.
    let deny = |why: &str, id: Option<String>| {
        (
            OAuthError::new(
                StatusCode::UNAUTHORIZED,
                "access_denied",
                format!("Invalid client_assertion: {why}"),
            ),
            id,
        )
    };
    if p.get("client_assertion_type").map(String::as_str) != Some(JWT_BEARER) {
        return Err((
            OAuthError::invalid_request(format!("client_assertion_type must be {JWT_BEARER}")),
            body_id,
        ));
    }
    if assertion.len() > MAX_ASSERTION {
        return Err(deny("the assertion exceeds 2048 bytes", body_id));
    }
    let header =
        jsonwebtoken::decode_header(assertion).map_err(|_| deny("malformed JWT", body_id.clone()))?;
    if !matches!(header.alg, Algorithm::RS256 | Algorithm::RS384 | Algorithm::PS256) {
        return Err(deny("unsupported alg", body_id));
    }
    // Read `iss` before verifying, only to find which client's key to verify with.
    let unverified = jsonwebtoken::dangerous::insecure_decode::<Value>(assertion)
        .map_err(|_| deny("malformed JWT", body_id.clone()))?
        .claims;
    let iss = unverified["iss"].as_str().unwrap_or("").to_string();
    let client_id = body_id.clone().unwrap_or_else(|| iss.clone());
    let Some(client) = store.client(&client_id) else {
        return Err((OAuthError::unauthorized(), Some(client_id)));
    };
    let Some((key, _)) = &client.public_key else {
        return Err(deny("the client has no registered public key", Some(client_id)));
    };
    let mut v = Validation::new(header.alg);
    v.leeway = CLOCK_SKEW;
    v.set_audience(&[format!("{}/", t.domain)]);
    v.set_issuer(&[client_id.as_str()]);
    v.sub = Some(client_id.clone());
    v.set_required_spec_claims(&["exp", "aud", "iss", "sub"]);
    let claims = jsonwebtoken::decode::<Value>(assertion, key, &v)
        .map_err(|e| deny(&assertion_error(e.kind()), Some(client_id.clone())))?
        .claims;
    let now = Utc::now().timestamp();
    let exp = claims["exp"].as_i64().unwrap_or(0);
    if exp > now + MAX_ASSERTION_LIFETIME + CLOCK_SKEW as i64 {
        return Err(deny("exp must be at most 5 minutes in the future", Some(client_id)));
    }
    let jti = claims["jti"].as_str().unwrap_or("");
    if jti.is_empty() || jti.len() > 64 {
        return Err(deny("jti is required (at most 64 characters)", Some(client_id)));
    }
    store.used_jtis.retain(|_, e| *e + CLOCK_SKEW as i64 >= now);
    let key = format!("{client_id} {jti}");
    if store.used_jtis.contains_key(&key) {
        return Err(deny("jti has already been used", Some(client_id)));
    }
    store.used_jtis.insert(key, exp);
    Ok(client_id)
}

fn assertion_error(kind: &jsonwebtoken::errors::ErrorKind) -> String {
    use jsonwebtoken::errors::ErrorKind as K;
    match kind {
        K::InvalidSignature => "invalid signature".into(),
        K::ExpiredSignature => "the assertion has expired".into(),
        K::InvalidAudience => "aud must be the tenant's domain with a trailing slash".into(),
        K::InvalidIssuer | K::InvalidSubject => "iss and sub must both be the client_id".into(),
        K::MissingRequiredClaim(c) => format!("missing required claim {c}"),
        K::ImmatureSignature => "the assertion is not valid yet".into(),
        _ => "malformed JWT".into(),
    }
}

/// Checks grant type, audience and client grant; returns the claims and scope string.
fn authorize(
    t: &Tenant,
    store: &Store,
    client_id: &str,
    audience: &str,
    p: &Params,
) -> Result<(Value, String), OAuthError> {
    let Some(client) = store.client(client_id) else {
        return Err(OAuthError::unauthorized());
    };
    if !client.grant_types.iter().any(|g| g == "client_credentials") {
        return Err(OAuthError {
            uri: Some("https://auth0.com/docs/clients/client-grant-types"),
            ..OAuthError::new(
                StatusCode::FORBIDDEN,
                "unauthorized_client",
                "Grant type 'client_credentials' not allowed for the client.",
            )
        });
    }
    if audience.is_empty() {
        return Err(OAuthError::new(
            StatusCode::FORBIDDEN,
            "access_denied",
            "No audience parameter was provided, and no default audience has been configured",
        ));
    }
    if store.resource_server(audience).is_none() {
        return Err(OAuthError::new(
            StatusCode::FORBIDDEN,
            "access_denied",
            format!("Service not enabled within domain: {audience}"),
        ));
    }
    let Some(grant) = store.grant_for(client_id, audience) else {
        return Err(OAuthError::new(
            StatusCode::FORBIDDEN,
            "access_denied",
            format!(
                "Client is not authorized to access \"{audience}\". You need to create a \"client-grant\" associated to this API."
            ),
        ));
    };
    let org = match p.get("organization").filter(|o| !o.is_empty()) {
        None => None,
        Some(wanted) => {
            let found = store
                .organizations
                .iter()
                .find(|o| o["id"] == wanted.as_str() || o["name"] == wanted.as_str());
            // Auth0's wording for an unknown organization on client credentials (unconfirmed).
            Some(found.cloned().ok_or_else(|| {
                OAuthError::new(
                    StatusCode::FORBIDDEN,
                    "access_denied",
                    format!("Organization \"{wanted}\" does not exist"),
                )
            })?)
        }
    };
    let scope = grant.scope.join(" ");
    let now = Utc::now().timestamp();
    // Claim order of Auth0's samples: iss, sub, aud, iat, exp, scope, [org_id, org_name,] gty, azp.
    let mut c = Map::new();
    c.insert("iss".into(), json!(format!("{}/", t.domain)));
    c.insert("sub".into(), json!(format!("{client_id}@clients")));
    c.insert("aud".into(), json!(audience));
    c.insert("iat".into(), json!(now));
    c.insert("exp".into(), json!(now + t.token_lifetime));
    c.insert("scope".into(), json!(scope));
    if let Some(org) = org {
        c.insert("org_id".into(), org["id"].clone());
        c.insert("org_name".into(), org["name"].clone());
    }
    c.insert("gty".into(), json!("client-credentials"));
    c.insert("azp".into(), json!(client_id));
    Ok((Value::Object(c), scope))
}

fn base_event(
    store: &Store,
    ctx: &Ctx,
    kind: &str,
    description: &str,
    client_id: &str,
) -> Map<String, Value> {
    let name = store.client(client_id).map(|c| c.name.clone()).unwrap_or_default();
    let mut m = Map::new();
    m.insert("type".into(), json!(kind));
    m.insert("description".into(), json!(description));
    m.insert("connection_id".into(), json!(""));
    m.insert("client_id".into(), json!(client_id));
    m.insert("client_name".into(), json!(name));
    m.insert("ip".into(), json!(ctx.ip));
    m.insert("user_agent".into(), json!(ctx.user_agent));
    m.insert("hostname".into(), json!("127.0.0.1"));
    m.insert("user_id".into(), json!(""));
    m.insert("user_name".into(), json!(""));
    m
}

fn log_success(store: &mut Store, ctx: &Ctx, client_id: &str, audience: &str, scope: &str) {
    let mut m = base_event(store, ctx, "seccft", "Client Credentials for Access Token", client_id);
    m.insert("audience".into(), json!(audience));
    m.insert("scope".into(), json!(scope));
    m.insert("details".into(), json!({}));
    m.insert("isMobile".into(), json!(false));
    store.push_log(Utc::now(), m);
}

fn log_failure(store: &mut Store, ctx: &Ctx, client_id: Option<&str>, audience: &str, e: &OAuthError) {
    let mut m = base_event(store, ctx, "feccft", &e.description, client_id.unwrap_or(""));
    m.insert("audience".into(), json!(audience));
    m.insert(
        "details".into(),
        json!({"error": {"message": e.description, "oauthError": e.error, "type": "oauth-authorization"}}),
    );
    m.insert("isMobile".into(), json!(false));
    store.push_log(Utc::now(), m);
}
