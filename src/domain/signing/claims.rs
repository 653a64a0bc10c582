//! The claims of a token tokex makes, as a JSON object: the times `encode` takes (`+24h`,
//! seconds, RFC 3339), a `KEY=VALUE` claim with its JSON type, Auth0's Management API claim
//! shape, and the edits the TUI's encoder makes (the claims typed as JSON, scopes added or
//! removed, the times renewed). Pure: `now` is passed in.

use serde_json::{Map, Value, json};

/// A JWT's header or claims, as a JSON object.
pub type Object = Map<String, Value>;

/// The lifetime Auth0 gives a Management API token unless the API says otherwise.
pub const MANAGEMENT_API_LIFETIME: i64 = 86_400;

/// Why a time, a claim or a claims text was refused; the text names the fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClaimsError {
    #[error("`{0}`: expected +N followed by s, m, h or d")]
    RelativeNumber(String),
    #[error("`{0}`: the unit must be s, m, h or d")]
    RelativeUnit(String),
    #[error("`{0}` is out of range")]
    OutOfRange(String),
    #[error("`{0}` is neither +N[smhd], seconds since 1970, nor RFC 3339")]
    NotATime(String),
    #[error("expects KEY=VALUE, got `{0}`")]
    NotAPair(String),
    /// serde_json's reason, which names the line and column, never the text.
    #[error("the claims are not JSON: {0}")]
    NotJson(String),
    #[error("the claims must be one JSON object ({{…}}), not {0}")]
    NotAnObject(&'static str),
    #[error("`scope` is {0}: it must be a space-separated string (or an array of strings)")]
    ScopeNotText(&'static str),
}

/// A time option: `+24h`/`-5m`/`+30s`/`+7d` from now, epoch seconds, or RFC 3339.
pub fn parse_when(text: &str, now: i64) -> Result<i64, ClaimsError> {
    let text = text.trim();
    if let Some((sign, rest)) =
        text.strip_prefix('+').map(|r| (1, r)).or_else(|| text.strip_prefix('-').map(|r| (-1, r)))
    {
        let split = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
        let (number, unit) = rest.split_at(split);
        let number: i64 = number.parse().map_err(|_| ClaimsError::RelativeNumber(text.to_owned()))?;
        let unit = match unit {
            "" | "s" => 1,
            "m" => 60,
            "h" => 3600,
            "d" => 86_400,
            _ => return Err(ClaimsError::RelativeUnit(text.to_owned())),
        };
        return number
            .checked_mul(unit)
            .and_then(|d| now.checked_add(sign * d))
            .ok_or_else(|| ClaimsError::OutOfRange(text.to_owned()));
    }
    if let Ok(seconds) = text.parse::<i64>() {
        return Ok(seconds);
    }
    chrono::DateTime::parse_from_rfc3339(text)
        .map(|t| t.timestamp())
        .map_err(|_| ClaimsError::NotATime(text.to_owned()))
}

/// `KEY=VALUE`: the value is JSON when it parses (`n=3`, `ok=true`, `a=["x"]`), else a string.
pub fn typed_claim(pair: &str) -> Result<(String, Value), ClaimsError> {
    let (name, value) = pair.split_once('=').ok_or_else(|| ClaimsError::NotAPair(pair.to_owned()))?;
    let value = serde_json::from_str(value).unwrap_or_else(|_| json!(value));
    Ok((name.to_owned(), value))
}

/// Space-separated scopes as the `scope` claim writes them: one space between words.
pub fn scope_text(scopes: &str) -> Value {
    json!(scopes.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Auth0's Management API claim shape for the tenant at `base` (`https://DOMAIN`, no trailing
/// slash) and client `client`: `iss`, `sub` `<client>@clients`, `aud`, `iat` now, `exp` in
/// 24 h, `gty`, `azp`.
pub fn management_api_shape(claims: &mut Object, base: &str, client: &str, now: i64) {
    claims.insert("iss".into(), json!(format!("{base}/")));
    claims.insert("sub".into(), json!(format!("{client}@clients")));
    claims.insert("aud".into(), json!(format!("{base}/api/v2/")));
    claims.insert("iat".into(), json!(now));
    claims.insert("exp".into(), json!(now + MANAGEMENT_API_LIFETIME));
    claims.insert("gty".into(), json!("client-credentials"));
    claims.insert("azp".into(), json!(client));
}

/// The claims typed in an editor: one JSON object, else why not (the line and column of a
/// syntax error, or what was typed instead of an object).
pub fn claims_from_text(text: &str) -> Result<Object, ClaimsError> {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(other) => Err(ClaimsError::NotAnObject(kind_of(&other))),
        Err(error) => Err(ClaimsError::NotJson(error.to_string())),
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Adds `scopes` to the `scope` claim (created when missing), keeping its form: a string stays
/// space-separated, an array stays an array. A scope already there is not repeated. Returns
/// the scopes that were new.
pub fn add_scopes(claims: &mut Object, scopes: &[&str]) -> Result<Vec<String>, ClaimsError> {
    let mut current = current_scopes(claims)?;
    let mut added = Vec::new();
    for scope in scopes.iter().flat_map(|s| s.split_whitespace()) {
        if !current.iter().any(|s| s == scope) {
            current.push(scope.to_owned());
            added.push(scope.to_owned());
        }
    }
    write_scopes(claims, current);
    Ok(added)
}

/// Removes `scopes` from the `scope` claim, keeping its form. Returns the scopes that were
/// there.
pub fn remove_scopes(claims: &mut Object, scopes: &[&str]) -> Result<Vec<String>, ClaimsError> {
    let current = current_scopes(claims)?;
    let (removed, kept): (Vec<String>, Vec<String>) =
        current.into_iter().partition(|s| scopes.iter().flat_map(|r| r.split_whitespace()).any(|r| r == s));
    write_scopes(claims, kept);
    Ok(removed)
}

fn current_scopes(claims: &Object) -> Result<Vec<String>, ClaimsError> {
    match claims.get("scope") {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::String(text)) => Ok(text.split_whitespace().map(str::to_owned).collect()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| {
                item.as_str()
                    .map(str::to_owned)
                    .ok_or(ClaimsError::ScopeNotText("an array of more than strings"))
            })
            .collect(),
        Some(other) => Err(ClaimsError::ScopeNotText(kind_of(other))),
    }
}

fn write_scopes(claims: &mut Object, scopes: Vec<String>) {
    let value = match claims.get("scope") {
        Some(Value::Array(_)) => json!(scopes),
        _ => json!(scopes.join(" ")),
    };
    claims.insert("scope".into(), value);
}

/// Issued now, expiring after the lifetime the claims had (`exp - iat`; 24 h without one), a
/// `nbf` moved by as much as `iat`. Returns the new `exp`.
pub fn renew_times(claims: &mut Object, now: i64) -> i64 {
    let number = |name: &str| claims.get(name).and_then(Value::as_i64);
    let lifetime = match (number("iat"), number("exp")) {
        (Some(iat), Some(exp)) if exp > iat => exp - iat,
        _ => MANAGEMENT_API_LIFETIME,
    };
    if let (Some(nbf), Some(iat)) = (number("nbf"), number("iat")) {
        claims.insert("nbf".into(), json!(now.saturating_add(nbf.saturating_sub(iat))));
    }
    let exp = now.saturating_add(lifetime);
    claims.insert("iat".into(), json!(now));
    claims.insert("exp".into(), json!(exp));
    exp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_relative_absolute_or_rfc3339() {
        let now = 1_800_000_000;
        assert_eq!(parse_when("+24h", now), Ok(now + 86_400));
        assert_eq!(parse_when("-5m", now), Ok(now - 300));
        assert_eq!(parse_when("+90", now), Ok(now + 90));
        assert_eq!(parse_when("+2d", now), Ok(now + 172_800));
        assert_eq!(parse_when("1700000000", now), Ok(1_700_000_000));
        assert_eq!(parse_when("2027-01-15T08:00:00Z", now), Ok(1_800_000_000));
        assert!(parse_when("+3w", now).is_err());
        assert!(parse_when("+99999999999999999d", now).is_err());
        assert!(parse_when("soon", now).is_err());
    }

    #[test]
    fn claims_text_must_be_one_object_and_the_reason_never_echoes_it() {
        assert_eq!(claims_from_text(r#"{"a": 1}"#).expect("object")["a"], 1);
        assert_eq!(claims_from_text("[1]"), Err(ClaimsError::NotAnObject("an array")));
        let error = claims_from_text("{\"secret-ish\": 1,\n").expect_err("not JSON").to_string();
        assert!(error.starts_with("the claims are not JSON: ") && error.contains("line 2"), "{error}");
        assert!(!error.contains("secret-ish"), "{error}");
    }

    #[test]
    fn scopes_are_added_once_and_removed_keeping_the_claims_form() {
        let mut claims = claims_from_text(r#"{"scope": "read:users  read:stats"}"#).expect("object");
        let added = add_scopes(&mut claims, &["read:clients read:users"]).expect("string scope");
        assert_eq!(added, ["read:clients"]);
        assert_eq!(claims["scope"], "read:users read:stats read:clients");
        assert_eq!(remove_scopes(&mut claims, &["read:stats", "nope"]).expect("string"), ["read:stats"]);
        assert_eq!(claims["scope"], "read:users read:clients");

        let mut array = claims_from_text(r#"{"scope": ["a"]}"#).expect("object");
        add_scopes(&mut array, &["b"]).expect("array scope");
        assert_eq!(array["scope"], json!(["a", "b"]));

        let mut none = Object::new();
        add_scopes(&mut none, &["read:users"]).expect("no scope yet");
        assert_eq!(none["scope"], "read:users");

        let mut odd = claims_from_text(r#"{"scope": 3}"#).expect("object");
        assert_eq!(add_scopes(&mut odd, &["x"]), Err(ClaimsError::ScopeNotText("a number")));
        assert_eq!(odd["scope"], 3, "a refused edit changes nothing");
    }

    #[test]
    fn renewing_keeps_the_lifetime_and_moves_nbf_along() {
        let mut claims = claims_from_text(r#"{"iat": 100, "nbf": 110, "exp": 3700}"#).expect("object");
        assert_eq!(renew_times(&mut claims, 10_000), 13_600);
        assert_eq!((claims["iat"].as_i64(), claims["nbf"].as_i64()), (Some(10_000), Some(10_010)));
        let mut bare = Object::new();
        assert_eq!(renew_times(&mut bare, 5), 5 + MANAGEMENT_API_LIFETIME);
    }

    #[test]
    fn typed_claims_and_the_management_api_shape() {
        assert_eq!(typed_claim("n=3"), Ok(("n".into(), json!(3))));
        assert_eq!(typed_claim("s=hello"), Ok(("s".into(), json!("hello"))));
        assert_eq!(typed_claim("nope"), Err(ClaimsError::NotAPair("nope".into())));
        let mut claims = Object::new();
        management_api_shape(&mut claims, "https://t.eu.auth0.com", "abc", 10);
        assert_eq!(claims["sub"], "abc@clients");
        assert_eq!(claims["aud"], "https://t.eu.auth0.com/api/v2/");
        assert_eq!(claims["exp"], 10 + MANAGEMENT_API_LIFETIME);
        assert_eq!(scope_text(" a  b "), "a b");
    }
}
