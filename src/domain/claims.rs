//! The registered claims a Management API token carries, typed; everything else kept in order.

use super::token::{DecodeError, DecodedJwt, json_type_name};
use serde_json::Value;
// foldhash rather than SipHash: hashing was a third of decoding 200,000 scopes.
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

/// Claims tokex shows in their own rows, in display order.
pub const REGISTERED: [&str; 9] = ["iss", "sub", "aud", "azp", "gty", "iat", "nbf", "exp", "jti"];

/// Where a token's scopes came from: Auth0 Management tokens use `scope`; RBAC APIs add
/// `permissions`; other issuers use `scp`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeSource {
    Scope,
    Scp,
    Permissions,
}

impl ScopeSource {
    pub fn claim_name(self) -> &'static str {
        match self {
            ScopeSource::Scope => "scope",
            ScopeSource::Scp => "scp",
            ScopeSource::Permissions => "permissions",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Claims {
    pub iss: Option<String>,
    pub sub: Option<String>,
    /// Always a list; `aud_is_array` remembers the original shape.
    pub aud: Vec<String>,
    pub aud_is_array: bool,
    pub azp: Option<String>,
    pub gty: Option<String>,
    pub iat: Option<i64>,
    pub nbf: Option<i64>,
    pub exp: Option<i64>,
    pub jti: Option<String>,
    /// Union of `scope`, `scp` and `permissions`, first occurrence wins, duplicates dropped.
    pub scopes: Vec<String>,
    pub scope_sources: Vec<ScopeSource>,
}

impl Claims {
    pub fn from_jwt(jwt: &DecodedJwt) -> Result<Self, DecodeError> {
        let payload = &jwt.payload;
        let mut claims = Claims {
            iss: string_claim(payload.get("iss"), "iss")?,
            sub: string_claim(payload.get("sub"), "sub")?,
            azp: string_claim(payload.get("azp"), "azp")?,
            gty: gty_claim(payload.get("gty"))?,
            iat: date_claim(payload.get("iat"), "iat")?,
            nbf: date_claim(payload.get("nbf"), "nbf")?,
            exp: date_claim(payload.get("exp"), "exp")?,
            jti: string_claim(payload.get("jti"), "jti")?,
            ..Claims::default()
        };
        match payload.get("aud") {
            None | Some(Value::Null) => {}
            Some(Value::String(aud)) => claims.aud = vec![aud.clone()],
            Some(Value::Array(items)) => {
                claims.aud_is_array = true;
                for item in items {
                    match item {
                        Value::String(aud) => claims.aud.push(aud.clone()),
                        other => return Err(wrong_type("aud", "a string or an array of strings", other)),
                    }
                }
            }
            Some(other) => return Err(wrong_type("aud", "a string or an array of strings", other)),
        }
        claims.collect_scopes(payload)?;
        Ok(claims)
    }

    fn collect_scopes(&mut self, payload: &serde_json::Map<String, Value>) -> Result<(), DecodeError> {
        let sources = [
            ("scope", ScopeSource::Scope),
            ("scp", ScopeSource::Scp),
            ("permissions", ScopeSource::Permissions),
        ];
        let mut found_all: Vec<String> = Vec::new();
        for (name, source) in sources {
            let found: Vec<String> = match payload.get(name) {
                None | Some(Value::Null) => continue,
                Some(Value::String(list)) => list.split_whitespace().map(str::to_owned).collect(),
                Some(Value::Array(items)) => items
                    .iter()
                    .map(|item| match item {
                        Value::String(scope) => Ok(scope.clone()),
                        other => Err(wrong_type(static_name(name), "a list of strings", other)),
                    })
                    .collect::<Result<_, _>>()?,
                Some(other) => {
                    return Err(wrong_type(static_name(name), "a string or an array of strings", other));
                }
            };
            self.scope_sources.push(source);
            found_all.extend(found);
        }
        // Hashing keeps de-duplication linear (a pasted token can carry 200,000 scopes); the set
        // borrows, so no scope is copied.
        let first_occurrence: Vec<bool> = {
            let mut seen: HashSet<&str> = HashSet::with_capacity(found_all.len());
            found_all.iter().map(|scope| seen.insert(scope.as_str())).collect()
        };
        self.scopes = found_all
            .into_iter()
            .zip(first_occurrence)
            .filter_map(|(scope, first)| first.then_some(scope))
            .collect();
        Ok(())
    }

    pub fn has_scope(&self, scope: &str) -> bool {
        self.scopes.iter().any(|s| s == scope)
    }
}

fn static_name(name: &str) -> &'static str {
    match name {
        "scope" => "scope",
        "scp" => "scp",
        _ => "permissions",
    }
}

fn wrong_type(claim: &'static str, expected: &'static str, found: &Value) -> DecodeError {
    DecodeError::ClaimType { claim, expected, found: json_type_name(found) }
}

fn string_claim(value: Option<&Value>, claim: &'static str) -> Result<Option<String>, DecodeError> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(other) => Err(wrong_type(claim, "a string", other)),
    }
}

/// Auth0 writes `gty` as a string; some grants emit an array. Both are shown joined.
fn gty_claim(value: Option<&Value>) -> Result<Option<String>, DecodeError> {
    match value {
        Some(Value::Array(items)) => {
            let names: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
            Ok(Some(names.join(", ")))
        }
        other => string_claim(other, "gty"),
    }
}

/// NumericDate: seconds since the epoch, possibly fractional (RFC 7519 §2).
fn date_claim(value: Option<&Value>, claim: &'static str) -> Result<Option<i64>, DecodeError> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(number)) => {
            if let Some(seconds) = number.as_i64() {
                Ok(Some(seconds))
            } else if let Some(seconds) = number.as_f64().filter(|s| s.is_finite()) {
                // Clamp absurd values rather than overflow; they are shown as such.
                Ok(Some(seconds.floor().clamp(i64::MIN as f64, i64::MAX as f64) as i64))
            } else {
                Err(wrong_type(claim, "a number of seconds (NumericDate)", &Value::Number(number.clone())))
            }
        }
        Some(other) => Err(wrong_type(claim, "a number of seconds (NumericDate)", other)),
    }
}

/// Scopes grouped by resource: `read:users update:users` → `users: read, update`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopeGroup {
    pub resource: String,
    pub actions: Vec<String>,
}

/// Groups `action:resource` scopes by resource, resources sorted, actions in token order.
/// A scope without a colon (e.g. `openid`) is a group of its own with no actions.
pub fn group_scopes(scopes: &[String]) -> Vec<ScopeGroup> {
    let mut groups: Vec<ScopeGroup> = Vec::new();
    // Resource → index into `groups`, so grouping stays linear in the number of scopes.
    let mut index_of: HashMap<&str, usize> = HashMap::with_capacity(scopes.len());
    for scope in scopes {
        let (action, resource) = match scope.split_once(':') {
            Some((action, resource)) => (Some(action), resource),
            None => (None, scope.as_str()),
        };
        let index = *index_of.entry(resource).or_insert_with(|| {
            groups.push(ScopeGroup { resource: resource.to_owned(), actions: Vec::new() });
            groups.len() - 1
        });
        if let Some(action) = action {
            groups[index].actions.push(action.to_owned());
        }
    }
    groups.sort_by(|a, b| a.resource.cmp(&b.resource));
    groups
}
