//! Shared helpers for the local-tenant integration tests: a tenant on port 0 per test, reqwest
//! as the client, and small request shorthands.

use reqwest::header::HeaderMap;
use reqwest::{Client, Method, RequestBuilder, StatusCode};
use serde_json::Value;
use tokex::tenant::{RateLimit, RunningTenant, TenantConfig};

pub mod child;

pub async fn start() -> RunningTenant {
    RunningTenant::start(TenantConfig::default()).await.expect("tenant starts")
}

pub async fn start_with(token_lifetime_secs: i64, rate_limit: RateLimit) -> RunningTenant {
    let config = TenantConfig { port: 0, token_lifetime_secs, rate_limit, ..TenantConfig::default() };
    RunningTenant::start(config).await.expect("tenant starts")
}

pub fn http() -> Client {
    Client::builder().timeout(std::time::Duration::from_secs(20)).build().expect("client")
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
    pub text: String,
}

pub async fn reply(resp: reqwest::Response) -> Reply {
    let status = resp.status();
    let headers = resp.headers().clone();
    let text = resp.text().await.expect("body");
    let body = serde_json::from_str(&text).unwrap_or(Value::Null);
    Reply { status, headers, body, text }
}

/// Sends `method` to `path` on the tenant (e.g. `/oauth/token`, `/api/v2/users`); `with` adds the
/// body, headers and credentials.
pub async fn request(
    t: &RunningTenant,
    method: Method,
    path: &str,
    with: impl FnOnce(RequestBuilder) -> RequestBuilder,
) -> Reply {
    let url = format!("{}/{}", t.domain(), path.trim_start_matches('/'));
    reply(with(http().request(method, url)).send().await.expect("send")).await
}

/// `POST path`, shaped by `with`: `post(&t, "/oauth/token", |r| r.form(&form))`.
pub async fn post(
    t: &RunningTenant,
    path: &str,
    with: impl FnOnce(RequestBuilder) -> RequestBuilder,
) -> Reply {
    request(t, Method::POST, path, with).await
}

/// Form-encoded client_secret_post token request.
pub async fn token_request(t: &RunningTenant, client_id: &str, secret: &str, audience: &str) -> Reply {
    let form = [
        ("grant_type", "client_credentials"),
        ("client_id", client_id),
        ("client_secret", secret),
        ("audience", audience),
    ];
    post(t, "/oauth/token", |r| r.form(&form)).await
}

/// A Management API token for a seed client.
pub async fn token_for(t: &RunningTenant, name: &str) -> String {
    let c = t.client(name).expect("seed client");
    let r = token_request(t, &c.client_id, &c.client_secret, &t.audience()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.body["access_token"].as_str().expect("token").to_string()
}

pub async fn get(t: &RunningTenant, token: &str, path_and_query: &str) -> Reply {
    let path = format!("/api/v2/{}", path_and_query.trim_start_matches('/'));
    request(t, Method::GET, &path, |r| r.bearer_auth(token)).await
}

pub async fn admin_get(t: &RunningTenant, path_and_query: &str) -> Reply {
    let token = token_for(t, "tokex-admin").await;
    get(t, &token, path_and_query).await
}

/// Removes `scope` from the grant of the client named `client` with a PATCH as the admin;
/// returns the grant as it was and the PATCH's reply.
pub async fn remove_grant_scope(t: &RunningTenant, client: &str, scope: &str) -> (Value, Reply) {
    let client_id = t.client(client).expect("client").client_id;
    let grants = admin_get(t, &format!("/client-grants?client_id={client_id}")).await;
    let grant = grants.body[0].clone();
    let kept: Vec<&str> = grant["scope"]
        .as_array()
        .expect("scopes")
        .iter()
        .filter_map(|s| s.as_str())
        .filter(|s| *s != scope)
        .collect();
    let admin = token_for(t, "tokex-admin").await;
    let patched = request(
        t,
        reqwest::Method::PATCH,
        &format!("/api/v2/client-grants/{}", grant["id"].as_str().expect("id")),
        |r| r.bearer_auth(&admin).json(&serde_json::json!({ "scope": kept })),
    )
    .await;
    (grant, patched)
}

/// Keys of a JSON object, in order.
pub fn keys(v: &Value) -> Vec<String> {
    v.as_object().map(|m| m.keys().cloned().collect()).unwrap_or_default()
}

pub fn b64url_json(segment: &str) -> Value {
    use base64::Engine;
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(segment).expect("base64url");
    serde_json::from_slice(&raw).expect("json")
}

/// A Management API token for `tokex-jwt-m2m`, through private_key_jwt.
pub async fn jwt_client_token(t: &RunningTenant) -> String {
    use jsonwebtoken::{Algorithm, EncodingKey, Header};
    let c = t.client("tokex-jwt-m2m").expect("jwt client");
    let now = chrono::Utc::now().timestamp();
    let claims = serde_json::json!({"iss": c.client_id, "sub": c.client_id, "aud": format!("{}/", t.domain()),
        "iat": now, "exp": now + 60, "jti": format!("support-{now}-{}", std::process::id())});
    let key = EncodingKey::from_rsa_pem(c.private_key_pem.as_deref().expect("pem").as_bytes()).expect("key");
    let assertion = jsonwebtoken::encode(&Header::new(Algorithm::RS256), &claims, &key).expect("sign");
    let form = [
        ("grant_type", "client_credentials"),
        ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
        ("client_assertion", assertion.as_str()),
        ("audience", &t.audience()),
    ];
    let r = post(t, "/oauth/token", |r| r.form(&form)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.body["access_token"].as_str().expect("token").to_string()
}
