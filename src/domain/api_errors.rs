//! Auth0 Management API error bodies (`{statusCode, error, message, errorCode, attributes}`)
//! turned into one sentence a user can act on. Unknown errors get no explanation: the UI then
//! shows Auth0's own message unchanged.

use super::sanitize::escape_control;
use super::scope_rule::ScopeRule;
use serde_json::Value;

use super::auth0::{ManagementErrorBody as ApiErrorBody, parse_insufficient_scope};

/// `message` and `attributes.error` together, lowercased, for matching known texts.
fn texts(body: &ApiErrorBody) -> String {
    let mut text = body.message.clone().unwrap_or_default();
    if let Some(attr) = body.attribute_error() {
        text.push('\n');
        text.push_str(attr);
    }
    text.to_lowercase()
}

/// Like [`explain`] for a raw body; a body that is not JSON is treated as absent.
pub fn explain_text(status: u16, body: &str, token_scopes: &[String]) -> Option<String> {
    let json = serde_json::from_str(body).unwrap_or(Value::Null);
    explain(status, &json, token_scopes)
}

/// One explanation for an Auth0 error response, or None when tokex knows nothing useful to add.
/// The result is safe to print: control characters from the body are escaped.
pub fn explain(status: u16, body: &Value, token_scopes: &[String]) -> Option<String> {
    let parsed = ApiErrorBody::from_json(body).unwrap_or_default();
    explain_parsed(status, &parsed, token_scopes).map(|text| escape_control(&text).into_owned())
}

fn explain_parsed(status: u16, body: &ApiErrorBody, token_scopes: &[String]) -> Option<String> {
    let text = texts(body);
    let code = body.error_code.as_deref().unwrap_or("");
    match status {
        403 if code == "insufficient_scope" || text.contains("insufficient scope") => {
            Some(explain_insufficient_scope(body.message.as_deref().unwrap_or(""), token_scopes))
        }
        401 if text.contains("expired token") => Some(
            "The token has expired: press f to fetch a new one (Management API tokens cannot be refreshed)."
                .into(),
        ),
        401 if text.contains("invalid signature") => Some(
            "The token's signature does not verify against this tenant's signing keys: it was issued by \
             another tenant or signed with a key that is no longer valid, or it was altered."
                .into(),
        ),
        401 if text.contains("invalid token") => Some(
            "Auth0 rejected the token as invalid: it is not a well-formed JWT for this tenant's Management \
             API (cut short when pasted, or meant for another API or tenant)."
                .into(),
        ),
        401 if text.contains("client is not global") => Some(
            "This endpoint only accepts tokens of a global client, and the token's client is not global."
                .into(),
        ),
        401 if text.contains("missing authentication") => {
            Some("The request carried no Authorization header: send `Authorization: Bearer <token>`.".into())
        }
        400 if text.contains("bad http authentication header format") => Some(
            "The Authorization header is malformed: it must be `Bearer <token>`, with one space, no quotes \
             and no line breaks in the token."
                .into(),
        ),
        400 if text.contains("only page through the first 1000") => Some(
            "Auth0 only lets a search page through its first 1000 results: narrow the query (q) instead of \
             paging further; for logs, checkpoint paging (from/take) has no such limit."
                .into(),
        ),
        429 => Some(
            "Rate limited: the tenant's request bucket for this API is empty. Wait until x-ratelimit-reset \
             before calling again; calling sooner only fails again."
                .into(),
        ),
        404 => explain_not_found(code, &text),
        501 if code == "not_implemented" || text.contains("local tenant does not implement") => Some(
            "tokex's local tenant does not implement this operation: the token and its scopes passed \
             (it answers 401 or 403 first, as Auth0 would), but only a real Auth0 tenant answers the \
             call itself."
                .into(),
        ),
        503 if text.contains("query exceeded the timeout") => Some(
            "The user search took longer than Auth0 allows (2 s): make the query (q) more specific.".into(),
        ),
        _ => None,
    }
}

fn explain_insufficient_scope(message: &str, token_scopes: &[String]) -> String {
    const GRANT: &str = "A new token only helps after the client grant gains them: a token always carries \
                         every scope of its client's grant, and the `scope` request parameter is ignored.";
    let Some(expected) = parse_insufficient_scope(message) else {
        return format!("The token lacks a scope this call needs (Auth0 did not say which). {GRANT}");
    };
    let has = |scope: &String| token_scopes.iter().any(|t| t == scope);
    let list = expected.scopes.join(", ");
    match expected.rule {
        ScopeRule::Any if expected.scopes.iter().any(has) => format!(
            "Auth0 wants one of {list}, yet the inspected token carries one of them: was a different token sent?"
        ),
        ScopeRule::Any if expected.scopes.len() == 1 => {
            format!("The token lacks the scope {list}, which this call needs. {GRANT}")
        }
        ScopeRule::Any => format!("The token has none of {list}; this call needs one of them. {GRANT}"),
        ScopeRule::All => {
            let missing: Vec<&str> = expected.scopes.iter().filter(|s| !has(s)).map(String::as_str).collect();
            if missing.is_empty() {
                format!(
                    "Auth0 wants all of {list}, yet the inspected token carries them all: was a different \
                     token sent?"
                )
            } else {
                format!("The token lacks {}; this call needs all of {list}. {GRANT}", missing.join(", "))
            }
        }
    }
}

/// Auth0 names the missing thing either in `errorCode` (`inexistent_user`) or only in the
/// message ("Client not found.", "The role does not exist.").
fn explain_not_found(code: &str, text: &str) -> Option<String> {
    const BY_MESSAGE: [(&str, &str); 9] = [
        ("user does not exist", "user"),
        ("client not found", "client"),
        ("connection does not exist", "connection"),
        ("role does not exist", "role"),
        ("no organization found", "organization"),
        ("resource server not found", "resource server"),
        ("log not found", "log event"),
        ("signing key not found", "signing key"),
        ("job not found", "job"),
    ];
    let thing = match code.strip_prefix("inexistent_") {
        Some(thing) if !thing.is_empty() => thing.replace('_', " "),
        _ => match BY_MESSAGE.iter().find(|(needle, _)| text.contains(needle)) {
            Some((_, thing)) => (*thing).to_string(),
            None if text.trim() == "not found" => {
                return Some(
                    "No such endpoint: Auth0 does not know this path (check its spelling and the /api/v2 \
                     prefix)."
                        .into(),
                );
            }
            None => return None,
        },
    };
    let hint = if thing == "user" { " (user ids include the connection prefix, e.g. auth0|…)" } else { "" };
    Some(format!("The {thing} does not exist: check the id in the path{hint}."))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;
    use serde_json::json;

    fn scopes(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    fn forbidden(message: &str) -> Value {
        json!({"statusCode":403,"error":"Forbidden","message":message,"errorCode":"insufficient_scope"})
    }

    #[test]
    fn parses_the_error_shape() {
        let body = json!({"statusCode":401,"error":"Unauthorized","message":"Invalid token",
            "attributes":{"error":"Invalid token"}});
        let parsed = ApiErrorBody::from_json(&body);
        assert_eq!(parsed.as_ref().and_then(|b| b.status_code), Some(401));
        assert_eq!(parsed.as_ref().and_then(|b| b.attribute_error()), Some("Invalid token"));
        assert_eq!(parsed.as_ref().and_then(|b| b.error_code.clone()), None);
        let not_found = ApiErrorBody::from_json(&json!({"statusCode":404,"errorCode":"inexistent_user"}));
        assert_eq!(not_found.and_then(|b| b.error_code), Some("inexistent_user".into()));
        assert_eq!(ApiErrorBody::from_json(&json!([1])), None);
        assert_eq!(ApiErrorBody::from_json(&json!({"users": []})), None);
        assert_eq!(ApiErrorBody::from_json(&json!({"statusCode": "x"})), None);
    }

    #[rstest]
    #[case("Insufficient scope, expected any of: read:users", ScopeRule::Any, &["read:users"])]
    #[case("Insufficient scope, expected any of: read:users, read:user_idp_tokens", ScopeRule::Any,
        &["read:users", "read:user_idp_tokens"])]
    #[case("Insufficient scope; expected any of: read:clients,read:client_keys.", ScopeRule::Any,
        &["read:clients", "read:client_keys"])]
    #[case("Insufficient scope, expected all of: read:users, read:roles, read:role_members", ScopeRule::All,
        &["read:users", "read:roles", "read:role_members"])]
    #[case("insufficient scope, EXPECTED ALL OF: a", ScopeRule::All, &["a"])]
    fn parses_insufficient_scope(#[case] message: &str, #[case] rule: ScopeRule, #[case] expected: &[&str]) {
        let parsed = parse_insufficient_scope(message);
        assert_eq!(
            parsed.as_ref().map(|p| (p.rule, p.scopes.clone(), p.stated)),
            Some((rule, scopes(expected), true))
        );
    }

    #[rstest]
    #[case("Insufficient scope")]
    #[case("Insufficient scope, expected any of: ")]
    #[case("Some fields cannot be read with the permissions granted by the bearer token scopes.")]
    fn insufficient_scope_without_list(#[case] message: &str) {
        assert_eq!(parse_insufficient_scope(message), None);
    }

    #[rstest]
    #[case::any_one(forbidden("Insufficient scope, expected any of: read:users"), &["read:clients"],
        &["lacks the scope read:users", "client grant gains them", "`scope` request parameter is ignored"])]
    #[case::any_many(forbidden("Insufficient scope, expected any of: read:users, read:user_idp_tokens"), &[],
        &["none of read:users, read:user_idp_tokens", "needs one of them", "client grant"])]
    #[case::semicolon(forbidden("Insufficient scope; expected any of: read:logs, read:logs_users"), &[],
        &["none of read:logs, read:logs_users"])]
    #[case::all_of(forbidden("Insufficient scope, expected all of: read:users, read:roles, read:role_members"),
        &["read:users"], &["lacks read:roles, read:role_members; this call needs all of read:users, read:roles, read:role_members", "client grant"])]
    #[case::token_has_it(forbidden("Insufficient scope, expected any of: read:users"), &["read:users"],
        &["different token"])]
    #[case::all_present(forbidden("Insufficient scope, expected all of: a, b"), &["a", "b"], &["different token"])]
    #[case::no_list(forbidden("Insufficient scope"), &[], &["did not say which", "client grant"])]
    #[case::no_error_code(json!({"statusCode":403,"message":"Insufficient scope, expected any of: read:roles"}), &[],
        &["lacks the scope read:roles"])]
    #[case::expired(json!({"statusCode":401,"error":"Unauthorized",
        "message":"Expired token received for JSON Web Token validation",
        "attributes":{"error":"Expired token received for JSON Web Token validation"}}), &[],
        &["The token has expired: press f to fetch a new one (Management API tokens cannot be refreshed)."])]
    #[case::expired_attr_only(json!({"statusCode":401,"attributes":{"error":"Expired token received for JSON Web Token validation"}}),
        &[], &["press f"])]
    #[case::invalid_token(json!({"statusCode":401,"error":"Unauthorized","message":"Invalid token",
        "attributes":{"error":"Invalid token"}}), &[], &["rejected the token as invalid"])]
    #[case::invalid_signature(json!({"statusCode":401,"error":"Unauthorized",
        "message":"Invalid signature received for JSON Web Token validation."}), &[], &["signature does not verify"])]
    #[case::not_global(json!({"statusCode":401,"message":"Client is not global."}), &[], &["global client"])]
    #[case::missing_auth(json!({"statusCode":401,"message":"Missing authentication"}), &[], &["no Authorization header"])]
    #[case::bad_header(json!({"statusCode":400,"error":"Bad Request","message":"Bad HTTP authentication header format"}),
        &[], &["The Authorization header is malformed"])]
    #[case::page_limit(json!({"statusCode":400,"message":"You can only page through the first 1000 records. See https://auth0.com/docs/users/search/v3/view-search-results-by-page#limitation."}),
        &[], &["first 1000 results", "narrow the query"])]
    #[case::rate_limited(json!({"statusCode":429,"error":"Too Many Requests","message":"Global limit has been reached","errorCode":"too_many_requests"}),
        &[], &["Rate limited", "x-ratelimit-reset"])]
    #[case::rate_limited_no_body(Value::Null, &[], &["Rate limited"])]
    #[case::inexistent_user(json!({"statusCode":404,"error":"Not Found","message":"The user does not exist.","errorCode":"inexistent_user"}),
        &[], &["The user does not exist: check the id in the path (user ids include the connection prefix"])]
    #[case::inexistent_connection(json!({"statusCode":404,"message":"The connection does not exist","errorCode":"inexistent_connection"}),
        &[], &["The connection does not exist: check the id in the path."])]
    #[case::inexistent_resource_server(json!({"statusCode":404,"errorCode":"inexistent_resource_server"}),
        &[], &["The resource server does not exist"])]
    #[case::client_by_message(json!({"statusCode":404,"error":"Not Found","message":"Client not found."}),
        &[], &["The client does not exist"])]
    #[case::role_by_message(json!({"statusCode":404,"message":"The role does not exist."}), &[], &["The role does not exist"])]
    #[case::org_by_message(json!({"statusCode":404,"message":"No organization found by that id or name"}), &[],
        &["The organization does not exist"])]
    #[case::unknown_route(json!({"statusCode":404,"error":"Not Found","message":"Not Found"}), &[], &["No such endpoint"])]
    #[case::local_tenant_501(json!({"statusCode":501,"error":"Not Implemented",
        "message":"The local tenant does not implement GET /api/v2/users/{id}/permissions; a real Auth0 tenant would answer it.",
        "errorCode":"not_implemented"}), &[], &["local tenant does not implement this operation", "scopes passed", "real Auth0 tenant"])]
    #[case::search_timeout(json!({"statusCode":503,"message":"The query exceeded the timeout. Please try refining your search criteria."}),
        &[], &["more specific"])]
    fn explains(#[case] body: Value, #[case] token: &[&str], #[case] expected: &[&str]) {
        let status =
            body.get("statusCode").and_then(Value::as_u64).and_then(|s| u16::try_from(s).ok()).unwrap_or(429);
        let text = explain(status, &body, &scopes(token)).unwrap_or_default();
        for part in expected {
            assert!(text.contains(part), "{part:?} not in {text:?}");
        }
    }

    #[rstest]
    #[case(200, json!({"users": []}))]
    #[case(401, json!({"statusCode":401,"message":"Something new"}))]
    #[case(403, json!({"statusCode":403,"message":"User to be acted on does not match subject in bearer token."}))]
    #[case(404, json!({"statusCode":404,"message":"Gone somewhere"}))]
    #[case(409, json!({"statusCode":409,"error":"Conflict","message":"Template verify_email already exists."}))]
    #[case(500, Value::Null)]
    #[case(501, json!({"statusCode":501,"error":"Not Implemented","message":"Not Implemented"}))]
    fn unknown_errors_are_left_alone(#[case] status: u16, #[case] body: Value) {
        assert_eq!(explain(status, &body, &[]), None);
    }

    #[test]
    fn raw_bodies_and_hostile_text() {
        assert!(explain_text(429, "Rate limit exceed", &[]).is_some_and(|t| t.contains("Rate limited")));
        assert!(explain_text(401, r#"{"message":"Invalid token"}"#, &[]).is_some());
        let hostile = forbidden("Insufficient scope, expected any of: read:users\u{1b}]0;pwned\u{7}");
        let text = explain(403, &hostile, &[]).unwrap_or_default();
        assert!(!text.contains('\u{1b}') && !text.contains('\u{7}') && text.contains("read:users"), "{text}");
    }
}
