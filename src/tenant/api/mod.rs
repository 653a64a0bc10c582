//! `/api/v2/*`: one dispatcher that does what Auth0's Hapi server does, in its order — rate
//! limit, route lookup (unknown path or method → 404), bearer token (400/401), payload (413/400),
//! scope (403), then the handler. Every response carries the `x-ratelimit-*` headers.

mod clients;
mod logs;
mod misc;
mod query;
mod users;

use std::collections::HashSet;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, Request, StatusCode, header};
use axum::response::{IntoResponse, Response};
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, Validation};
use serde_json::Value;

use super::errors::{ApiError, json_response};
use super::server::{BodyError, Tenant, client_ip, is_json, read_body, user_agent};
use super::store::Store;
use query::Query;

/// Everything a handler gets.
pub struct Ctx<'a> {
    pub tenant: &'a Tenant,
    pub query: Query,
    /// The JSON request body, when one was sent (already checked to parse).
    pub body: Option<Value>,
    pub scopes: HashSet<String>,
    pub client_id: String,
    pub ip: String,
    pub user_agent: String,
}

impl Ctx<'_> {
    pub fn has(&self, scope: &str) -> bool {
        self.scopes.contains(scope)
    }
}

pub type ApiResult = Result<Response, ApiError>;

pub fn ok(body: &Value) -> ApiResult {
    Ok(json_response(StatusCode::OK, body))
}

#[derive(Debug, Clone, PartialEq)]
enum Route {
    Users,
    User(String),
    UpdateUser(String),
    UserRoles(String),
    UserLogs(String),
    UsersByEmail,
    Clients,
    Client(String),
    RotateSecret(String),
    ClientGrants,
    DeleteClientGrant(String),
    ResourceServers,
    ResourceServer(String),
    Connections,
    Connection(String),
    Roles,
    Role(String),
    Logs,
    Log(String),
    ActiveUsers,
    DailyStats,
    TenantSettings,
    SigningKeys,
    SigningKey(String),
    Organizations,
    Organization(String),
}

/// Scopes a route accepts, and whether all of them are needed (facts.md §5).
fn required_scopes(route: &Route) -> (bool, &'static [&'static str]) {
    use Route::*;
    match route {
        Users => (false, &["read:users", "read:user_idp_tokens"]),
        User(_) => (false, &["read:users", "read:current_user", "read:user_idp_tokens"]),
        UpdateUser(_) => {
            (false, &["update:users", "update:users_app_metadata", "update:current_user_metadata"])
        }
        UserLogs(_) => (false, &["read:logs", "read:logs_users"]),
        UsersByEmail => (false, &["read:users"]),
        UserRoles(_) => (true, &["read:users", "read:roles", "read:role_members"]),
        Clients | Client(_) => {
            (false, &["read:clients", "read:client_keys", "read:client_credentials", "read:client_summary"])
        }
        RotateSecret(_) => (false, &["update:client_keys"]),
        ClientGrants => (false, &["read:client_grants"]),
        DeleteClientGrant(_) => (false, &["delete:client_grants"]),
        ResourceServers | ResourceServer(_) => (false, &["read:resource_servers"]),
        Connections | Connection(_) => (false, &["read:connections"]),
        Roles | Role(_) => (false, &["read:roles"]),
        Logs | Log(_) => (false, &["read:logs", "read:logs_users"]),
        ActiveUsers | DailyStats => (false, &["read:stats"]),
        TenantSettings => (false, &["read:tenant_settings"]),
        SigningKeys | SigningKey(_) => (false, &["read:signing_keys"]),
        Organizations => (false, &["read:organizations", "read:organizations_summary"]),
        Organization(_) => (false, &["read:organizations"]),
    }
}

/// Every scope some route checks: what the admin client must be granted.
#[cfg(test)]
pub fn all_checked_scopes() -> Vec<&'static str> {
    let probe = String::new();
    use Route::*;
    let routes = [
        Users,
        User(probe.clone()),
        UsersByEmail,
        UpdateUser(probe.clone()),
        UserLogs(probe.clone()),
        UserRoles(probe.clone()),
        Clients,
        RotateSecret(probe.clone()),
        ClientGrants,
        DeleteClientGrant(probe.clone()),
        ResourceServers,
        Connections,
        Roles,
        Logs,
        ActiveUsers,
        TenantSettings,
        SigningKeys,
        Organizations,
        Organization(probe),
    ];
    let mut out: Vec<&'static str> =
        routes.iter().flat_map(|r| required_scopes(r).1.iter().copied()).collect();
    out.sort_unstable();
    out.dedup();
    out
}

fn decode(segment: &str) -> String {
    percent_encoding::percent_decode_str(segment).decode_utf8_lossy().into_owned()
}

fn route(method: &Method, path: &str) -> Option<Route> {
    let rest = path.strip_prefix("/api/v2")?.trim_start_matches('/');
    let segs: Vec<String> = if rest.is_empty() { Vec::new() } else { rest.split('/').map(decode).collect() };
    let s: Vec<&str> = segs.iter().map(String::as_str).collect();
    let get = method == Method::GET || method == Method::HEAD;
    let id = |i: usize| s[i].to_string();
    use Route::*;
    let r = match (s.as_slice(), get) {
        (["users"], true) => Users,
        (["users", _], true) => User(id(1)),
        (["users", _], false) if method == Method::PATCH => UpdateUser(id(1)),
        (["users", _, "roles"], true) => UserRoles(id(1)),
        (["users", _, "logs"], true) => UserLogs(id(1)),
        (["users-by-email"], true) => UsersByEmail,
        (["clients"], true) => Clients,
        (["clients", _], true) => Client(id(1)),
        (["clients", _, "rotate-secret"], false) if method == Method::POST => RotateSecret(id(1)),
        (["client-grants"], true) => ClientGrants,
        (["client-grants", _], false) if method == Method::DELETE => DeleteClientGrant(id(1)),
        (["resource-servers"], true) => ResourceServers,
        (["resource-servers", _], true) => ResourceServer(id(1)),
        (["connections"], true) => Connections,
        (["connections", _], true) => Connection(id(1)),
        (["roles"], true) => Roles,
        (["roles", _], true) => Role(id(1)),
        (["logs"], true) => Logs,
        (["logs", _], true) => Log(id(1)),
        (["stats", "active-users"], true) => ActiveUsers,
        (["stats", "daily"], true) => DailyStats,
        (["tenants", "settings"], true) => TenantSettings,
        (["keys", "signing"], true) => SigningKeys,
        (["keys", "signing", _], true) => SigningKey(id(2)),
        (["organizations"], true) => Organizations,
        (["organizations", _], true) => Organization(id(1)),
        _ => return None,
    };
    // Empty ids (`/users/`) are not routes either.
    if s.iter().any(|x| x.is_empty()) { None } else { Some(r) }
}

pub async fn dispatch(
    State(t): State<Arc<Tenant>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    req: Request<Body>,
) -> Response {
    let decision = t.limiter.take();
    let mut resp = if decision.allowed {
        handle(&t, Some(peer), req).await.unwrap_or_else(IntoResponse::into_response)
    } else {
        // [obs/unconf] body real tenants are reported to send (facts.md §3).
        ApiError::new(StatusCode::TOO_MANY_REQUESTS, "Global limit has been reached")
            .code("too_many_requests")
            .into_response()
    };
    let h = resp.headers_mut();
    for (name, value) in [
        ("x-ratelimit-limit", decision.limit as u64),
        ("x-ratelimit-remaining", decision.remaining as u64),
        ("x-ratelimit-reset", decision.reset),
    ] {
        h.insert(HeaderName::from_static(name), HeaderValue::from(value));
    }
    resp
}

async fn handle(t: &Tenant, peer: Option<SocketAddr>, req: Request<Body>) -> ApiResult {
    let (parts, body) = req.into_parts();
    let route = route(&parts.method, parts.uri.path()).ok_or_else(ApiError::not_found_route)?;
    let claims = authenticate(t, &parts.headers)?;
    let bytes = read_body(&parts.headers, body).await.map_err(|e| match e {
        // Hapi's own 413 text.
        BodyError::TooLarge => ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("Payload content length greater than maximum allowed: {}", super::server::MAX_BODY),
        ),
        BodyError::Unreadable => ApiError::bad_request("Unable to read the request payload", "invalid_body"),
    })?;
    if !bytes.is_empty() && is_json(&parts.headers) && serde_json::from_slice::<Value>(&bytes).is_err() {
        // Hapi's text for unparsable JSON payloads.
        return Err(ApiError::new(StatusCode::BAD_REQUEST, "Invalid request payload JSON format"));
    }
    let scopes: HashSet<String> =
        claims["scope"].as_str().unwrap_or("").split_whitespace().map(str::to_string).collect();
    let (all, needed) = required_scopes(&route);
    let allowed = if all {
        needed.iter().all(|s| scopes.contains(*s))
    } else {
        needed.iter().any(|s| scopes.contains(*s))
    };
    if !allowed {
        return Err(ApiError::insufficient_scope(all, needed));
    }
    let query = Query::parse(parts.uri.query().unwrap_or(""))?;
    let body = if bytes.is_empty() { None } else { serde_json::from_slice::<Value>(&bytes).ok() };
    let ctx = Ctx {
        tenant: t,
        query,
        body,
        scopes,
        client_id: claims["azp"].as_str().unwrap_or("").to_string(),
        ip: client_ip(peer),
        user_agent: user_agent(&parts.headers),
    };
    let mut store = t.lock();
    run(&route, &ctx, &mut store)
}

fn run(route: &Route, ctx: &Ctx, store: &mut Store) -> ApiResult {
    use Route::*;
    match route {
        Users => users::list(ctx, store),
        User(id) => users::get(ctx, store, id),
        UpdateUser(id) => users::update(ctx, store, id),
        UserRoles(id) => users::roles(ctx, store, id),
        UserLogs(id) => logs::for_user(ctx, store, id),
        UsersByEmail => users::by_email(ctx, store),
        Clients => clients::list(ctx, store),
        Client(id) => clients::get(ctx, store, id),
        RotateSecret(id) => clients::rotate(ctx, store, id),
        ClientGrants => clients::grants(ctx, store),
        DeleteClientGrant(id) => clients::delete_grant(ctx, store, id),
        ResourceServers => misc::resource_servers(ctx, store),
        ResourceServer(id) => misc::resource_server(ctx, store, id),
        Connections => misc::connections(ctx, store),
        Connection(id) => misc::connection(ctx, store, id),
        Roles => misc::roles(ctx, store),
        Role(id) => misc::role(ctx, store, id),
        Logs => logs::list(ctx, store),
        Log(id) => logs::get(ctx, store, id),
        ActiveUsers => misc::active_users(ctx, store),
        DailyStats => misc::daily(ctx, store),
        TenantSettings => misc::settings(ctx, store),
        SigningKeys => misc::signing_keys(ctx, store),
        SigningKey(kid) => misc::signing_key(ctx, store, kid),
        Organizations => misc::organizations(ctx, store),
        Organization(id) => misc::organization(ctx, store, id),
    }
}

/// Validates `Authorization: Bearer <jwt>` and returns the token's claims.
fn authenticate(t: &Tenant, headers: &HeaderMap) -> Result<Value, ApiError> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        // [unconf] Hapi's default text for a request without credentials.
        return Err(ApiError::new(StatusCode::UNAUTHORIZED, "Missing authentication"));
    };
    let bad_format = || ApiError::new(StatusCode::BAD_REQUEST, "Bad HTTP authentication header format");
    let value = value.to_str().map_err(|_| bad_format())?;
    let mut parts = value.split(' ').filter(|p| !p.is_empty());
    let (Some(scheme), Some(token), None) = (parts.next(), parts.next(), parts.next()) else {
        return Err(bad_format());
    };
    if !scheme.eq_ignore_ascii_case("bearer") {
        return Err(bad_format());
    }
    let invalid = || ApiError::unauthorized("Invalid token");
    let bad_signature =
        || ApiError::unauthorized("Invalid signature received for JSON Web Token validation.");
    let header = jsonwebtoken::decode_header(token).map_err(|_| invalid())?;
    if header.alg != Algorithm::RS256 {
        return Err(invalid());
    }
    if header.kid.as_deref() != Some(t.key.kid.as_str()) {
        // A token signed by some other key (another tenant run): its signature cannot verify here.
        return Err(bad_signature());
    }
    let mut v = Validation::new(Algorithm::RS256);
    v.leeway = 0;
    v.validate_aud = false;
    v.set_required_spec_claims(&["exp"]);
    let claims = jsonwebtoken::decode::<Value>(token, t.key.decoding_key(), &v)
        .map_err(|e| match e.kind() {
            ErrorKind::InvalidSignature => bad_signature(),
            ErrorKind::ExpiredSignature => {
                ApiError::unauthorized("Expired token received for JSON Web Token validation")
            }
            _ => invalid(),
        })?
        .claims;
    let aud_ok = match &claims["aud"] {
        Value::String(a) => *a == t.mgmt_audience,
        Value::Array(a) => a.iter().any(|x| *x == t.mgmt_audience.as_str()),
        _ => false,
    };
    if !aud_ok {
        // [unconf] Auth0's text for a token minted for another API.
        let aud = match &claims["aud"] {
            Value::String(a) => a.clone(),
            other => other.to_string(),
        };
        return Err(ApiError::unauthorized(format!("Bad audience: {aud}")));
    }
    if claims["iss"] != format!("{}/", t.domain).as_str() {
        return Err(invalid());
    }
    Ok(claims)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_need_exact_methods_and_decode_ids() {
        assert_eq!(route(&Method::GET, "/api/v2/users/auth0%7C1"), Some(Route::User("auth0|1".into())));
        assert_eq!(route(&Method::POST, "/api/v2/users"), None);
        assert_eq!(route(&Method::GET, "/api/v2/clients/x/rotate-secret"), None);
        assert_eq!(
            route(&Method::DELETE, "/api/v2/client-grants/cgr_1"),
            Some(Route::DeleteClientGrant("cgr_1".into()))
        );
        assert_eq!(route(&Method::GET, "/api/v2/users/"), None);
        assert_eq!(route(&Method::GET, "/api/v2/nope"), None);
    }

    #[test]
    fn checked_scopes_cover_the_user_roles_all_of_rule() {
        let all = all_checked_scopes();
        for s in
            ["read:users", "read:roles", "read:role_members", "update:client_keys", "delete:client_grants"]
        {
            assert!(all.contains(&s), "{s}");
        }
    }
}
