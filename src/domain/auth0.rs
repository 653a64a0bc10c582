//! Auth0 wire types: the client-credentials request and response, the two error body shapes
//! (OAuth on `/oauth/token`, Management API on `/api/v2`), rate-limit headers, and the hints
//! tokex gives for Auth0's known token failures (docs/auth0.md: token endpoint, Management
//! API errors, rate limits). Pure data, no I/O.

use super::scope_rule::{Requirement, ScopeRule};
use serde::{Deserialize, Serialize};
use std::fmt;

pub const GRANT_CLIENT_CREDENTIALS: &str = "client_credentials";
pub const ASSERTION_TYPE_JWT_BEARER: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// The form body of a client-credentials request. Borrowed so the secret is never copied;
/// its `Debug` masks the secret and the assertion.
#[derive(Serialize, Clone, Copy)]
pub struct TokenRequest<'a> {
    pub grant_type: &'a str,
    pub client_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<&'a str>,
    pub audience: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_assertion_type: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_assertion: Option<&'a str>,
}

impl fmt::Debug for TokenRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenRequest")
            .field("grant_type", &self.grant_type)
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret.map(|_| "••••"))
            .field("audience", &self.audience)
            .field("client_assertion", &self.client_assertion.map(|_| "••••"))
            .finish()
    }
}

/// A successful `/oauth/token` answer. `token_type` is always `Bearer` for Auth0; `scope`
/// may be absent when the grant has none. Its `Debug` masks the token (a credential).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenResponse {
    pub access_token: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_in: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_type: Option<String>,
}

impl fmt::Debug for TokenResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenResponse")
            .field("access_token", &"••••")
            .field("expires_in", &self.expires_in)
            .field("scope", &self.scope)
            .field("token_type", &self.token_type)
            .finish()
    }
}

/// RFC 6749 §5.2 error body, as `/oauth/token` sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OAuthErrorBody {
    pub error: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_uri: Option<String>,
}

/// `{"statusCode":403,"error":"Forbidden","message":"…","errorCode":"insufficient_scope"}`.
/// Every field is optional because 401s carry `attributes.error` instead of `errorCode`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ManagementErrorBody {
    #[serde(rename = "statusCode", default, skip_serializing_if = "Option::is_none")]
    pub status_code: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(rename = "errorCode", default, skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<serde_json::Value>,
}

impl ManagementErrorBody {
    /// Parses a body that has at least a `message` or `errorCode`; anything else is not this shape.
    pub fn parse(body: &[u8]) -> Option<Self> {
        let parsed: Self = serde_json::from_slice(body).ok()?;
        (parsed.message.is_some() || parsed.error_code.is_some()).then_some(parsed)
    }

    /// None unless `body` is an object with at least one of the known members of a valid type.
    pub fn from_json(body: &serde_json::Value) -> Option<Self> {
        let object = body.as_object()?;
        if !["statusCode", "error", "message", "errorCode", "attributes"]
            .iter()
            .any(|k| object.contains_key(*k))
        {
            return None;
        }
        serde_json::from_value(body.clone()).ok()
    }

    /// Auth 401s carry `attributes.error` instead of an `errorCode`.
    pub fn attribute_error(&self) -> Option<&str> {
        self.attributes.as_ref()?.get("error")?.as_str()
    }

    /// For `insufficient_scope`: the scopes the endpoint wanted ("expected any of: a, b").
    pub fn expected_scopes(&self) -> Vec<String> {
        self.message
            .as_deref()
            .and_then(parse_insufficient_scope)
            .map(|found| found.scopes)
            .unwrap_or_default()
    }
}

/// The scopes named by "Insufficient scope, expected any of: a, b" (also the
/// "Insufficient scope; expected …", "expected all of: …" and "expected: a and any of: b or c"
/// variants).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InsufficientScope {
    /// `All` when the text says every scope (or clause) is needed; otherwise `Any`.
    pub rule: ScopeRule,
    /// Whether the text said "any of" or "all of" itself (a learned rule needs that).
    pub stated: bool,
    pub scopes: Vec<String>,
    pub requirement: Requirement,
}

pub fn parse_insufficient_scope(message: &str) -> Option<InsufficientScope> {
    let (requirement, stated) = Requirement::from_auth0_text(message)?;
    let rule = match stated {
        Some(rule) => rule,
        None if requirement.clauses().len() > 1 => ScopeRule::All,
        None => ScopeRule::Any,
    };
    Some(InsufficientScope { rule, stated: stated.is_some(), scopes: requirement.scopes(), requirement })
}

/// `x-ratelimit-*` headers: bucket size, what is left, and the epoch second it refills.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateLimitInfo {
    pub limit: u64,
    pub remaining: u64,
    /// UNIX epoch seconds (not "seconds until": docs/auth0.md#rate-limits).
    pub reset_epoch: i64,
}

impl RateLimitInfo {
    /// Reads the three headers (names case-insensitive). All three must be present and numeric.
    pub fn from_headers(headers: &[(String, String)]) -> Option<Self> {
        let find = |name: &str| {
            headers.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value.trim())
        };
        Some(Self {
            limit: find("x-ratelimit-limit")?.parse().ok()?,
            remaining: find("x-ratelimit-remaining")?.parse().ok()?,
            reset_epoch: find("x-ratelimit-reset")?.parse().ok()?,
        })
    }

    pub fn seconds_until_reset(&self, now: i64) -> i64 {
        self.reset_epoch.saturating_sub(now).max(0)
    }
}

/// What to do about a rejected token request, for Auth0's known failures. `None` when the
/// failure is not one tokex recognises (the raw `error`/`error_description` are still shown).
pub fn token_error_hint(status: u16, error: Option<&str>, description: Option<&str>) -> Option<&'static str> {
    let description = description.unwrap_or("");
    let lower = description.to_ascii_lowercase();
    let error = error.unwrap_or("");
    if error == "unauthorized_client" || lower.contains("grant type 'client_credentials' not allowed") {
        return Some("enable the Client Credentials grant type for this application");
    }
    if lower.contains("not authorized to access") || lower.contains("client-grant") {
        return Some("the client needs a client grant for this API (authorize the application for the API)");
    }
    if lower.contains("service not enabled") {
        return Some("wrong audience: no API with this identifier exists in the tenant");
    }
    if lower.contains("no audience parameter") {
        return Some("set an audience (the Management API's is <domain>/api/v2/)");
    }
    if status == 429 || error == "too_many_requests" || lower.contains("rate limit") {
        return Some("rate limited or token quota exceeded: wait for the reset before fetching again");
    }
    if status == 401 || error == "invalid_client" {
        return Some("check the client id and the client secret — was the secret rotated?");
    }
    if error == "unsupported_grant_type" {
        return Some("the server does not accept the client-credentials grant");
    }
    None
}

#[cfg(test)]
mod tests {

    #[test]
    fn token_response_debug_masks_the_token() {
        let response = TokenResponse {
            access_token: "eyJ.secret.sig".into(),
            expires_in: Some(60),
            scope: None,
            token_type: None,
        };
        assert!(!format!("{response:?}").contains("secret"));
    }
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn hints_for_known_auth0_failures() {
        let wrong_secret = token_error_hint(401, Some("access_denied"), Some("Unauthorized"));
        assert!(wrong_secret.is_some_and(|h| h.contains("rotated")));
        let no_grant = token_error_hint(
            403,
            Some("access_denied"),
            Some(
                r#"Client is not authorized to access "https://x/api/v2/". You need to create a "client-grant" associated to this API."#,
            ),
        );
        assert!(no_grant.is_some_and(|h| h.contains("client grant")));
        let audience = token_error_hint(
            403,
            Some("access_denied"),
            Some("Service not enabled within domain: https://nope/"),
        );
        assert!(audience.is_some_and(|h| h.contains("wrong audience")));
        let grant_type = token_error_hint(
            403,
            Some("unauthorized_client"),
            Some("Grant type 'client_credentials' not allowed for the client."),
        );
        assert!(grant_type.is_some_and(|h| h.contains("Client Credentials grant type")));
        assert!(token_error_hint(429, Some("too_many_requests"), None).is_some_and(|h| h.contains("rate")));
        assert_eq!(token_error_hint(400, Some("invalid_request"), Some("whatever")), None);
    }

    #[test]
    fn rate_limit_headers_any_case() {
        let info = RateLimitInfo::from_headers(&headers(&[
            ("X-RateLimit-Limit", "2"),
            ("x-ratelimit-remaining", "0"),
            ("x-ratelimit-reset", "1700000001"),
        ]));
        assert_eq!(info, Some(RateLimitInfo { limit: 2, remaining: 0, reset_epoch: 1_700_000_001 }));
        assert_eq!(info.map(|i| i.seconds_until_reset(1_700_000_000)), Some(1));
        assert_eq!(RateLimitInfo::from_headers(&headers(&[("x-ratelimit-limit", "2")])), None);
    }

    #[test]
    fn management_error_scopes() {
        let body = br#"{"statusCode":403,"error":"Forbidden","message":"Insufficient scope, expected any of: read:users, read:user_idp_tokens","errorCode":"insufficient_scope"}"#;
        let parsed = ManagementErrorBody::parse(body);
        assert_eq!(parsed.as_ref().and_then(|p| p.error_code.as_deref()), Some("insufficient_scope"));
        assert_eq!(
            parsed.map(|p| p.expected_scopes()).unwrap_or_default(),
            vec!["read:users".to_owned(), "read:user_idp_tokens".to_owned()]
        );
        assert_eq!(ManagementErrorBody::parse(b"[1,2]"), None);
        assert_eq!(ManagementErrorBody::parse(b"{}"), None);
    }

    #[test]
    fn token_request_debug_masks_secret() {
        let request = TokenRequest {
            grant_type: GRANT_CLIENT_CREDENTIALS,
            client_id: "abc",
            client_secret: Some("super-secret-value"),
            audience: "https://x/api/v2/",
            client_assertion_type: None,
            client_assertion: None,
        };
        assert!(!format!("{request:?}").contains("super-secret-value"));
    }
}
