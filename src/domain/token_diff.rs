//! The difference between two tokens: the claims that say whose token it is and for what
//! (`iss`, `aud`, `sub`, `azp`), the header fields that say how it is signed (`kid`, `alg`), its
//! lifetime and time left, the scopes gained and lost, and the Management API operations gained
//! and lost, per group. Pure: `now` is passed in.

use super::catalog::{Endpoint, ScopeSet, catalog};
use super::expiry::{checked_span, format_duration};
use super::inspection::Inspection;
use super::scope_rule::sorted;
use serde_json::{Value, json};
use std::collections::HashSet;

/// One compared field, shown side by side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldDiff {
    pub name: &'static str,
    pub left: Option<String>,
    pub right: Option<String>,
    /// Whether a difference here makes the tokens differ for `tokex diff`'s exit code: the
    /// identity and audience claims do, the signing key, lifetime and time left do not (two
    /// tokens of one grant fetched a minute apart differ only there).
    pub matters: bool,
}

impl FieldDiff {
    pub fn is_equal(&self) -> bool {
        self.left == self.right
    }
}

/// The scopes of one resource gained and lost: `users +read +update −delete`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceScopes {
    pub resource: String,
    /// Actions gained (`read` of `read:users`); a scope without a colon is its own resource
    /// with no action.
    pub gained: Vec<String>,
    pub lost: Vec<String>,
}

impl ResourceScopes {
    /// `users +read +update −delete` (unescaped).
    pub fn summary(&self) -> String {
        let mut text = self.resource.clone();
        let plain = self.gained.is_empty() && self.lost.is_empty();
        for action in &self.gained {
            text.push_str(&format!(" +{action}"));
        }
        for action in &self.lost {
            text.push_str(&format!(" −{action}"));
        }
        if plain {
            text.push_str(" (changed)");
        }
        text
    }
}

/// Operations gained and lost within one group, by id (`GET /api/v2/users`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupOperations {
    pub group: String,
    pub gained: Vec<String>,
    pub lost: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenDiff {
    pub fields: Vec<FieldDiff>,
    pub scopes_gained: Vec<String>,
    pub scopes_lost: Vec<String>,
    /// Only groups where something changed, in catalog order.
    pub operations: Vec<GroupOperations>,
}

impl TokenDiff {
    /// From `left` to `right`: "gained" is what `right` has and `left` lacks.
    pub fn between(left: &Inspection, right: &Inspection, now: i64) -> Self {
        TokenDiff::over(catalog(), left, right, now)
    }

    pub fn over(endpoints: &[Endpoint], left: &Inspection, right: &Inspection, now: i64) -> Self {
        let fields = vec![
            field("iss", left.claims.iss.clone(), right.claims.iss.clone(), true),
            field("aud", audience(left), audience(right), true),
            field("sub", left.claims.sub.clone(), right.claims.sub.clone(), true),
            field("azp", left.claims.azp.clone(), right.claims.azp.clone(), true),
            field("kid", left.jwt.kid().map(str::to_owned), right.jwt.kid().map(str::to_owned), false),
            field("alg", left.jwt.alg().map(str::to_owned), right.jwt.alg().map(str::to_owned), false),
            field("lifetime", lifetime(left), lifetime(right), false),
            field("time left", time_left(left, now), time_left(right, now), false),
        ];
        let left_scopes: HashSet<&str> = left.claims.scopes.iter().map(String::as_str).collect();
        let right_scopes: HashSet<&str> = right.claims.scopes.iter().map(String::as_str).collect();
        let scopes_gained = sorted(right_scopes.difference(&left_scopes));
        let scopes_lost = sorted(left_scopes.difference(&right_scopes));

        let left_set = ScopeSet::new(&left.claims.scopes);
        let right_set = ScopeSet::new(&right.claims.scopes);
        let mut operations: Vec<GroupOperations> = Vec::new();
        for endpoint in endpoints {
            let before = endpoint.check(&left_set).is_allowed();
            let after = endpoint.check(&right_set).is_allowed();
            if before == after {
                continue;
            }
            if operations.last().is_none_or(|g| g.group != endpoint.group) {
                operations.push(GroupOperations {
                    group: endpoint.group.clone(),
                    gained: Vec::new(),
                    lost: Vec::new(),
                });
            }
            if let Some(group) = operations.last_mut() {
                if after { group.gained.push(endpoint.id()) } else { group.lost.push(endpoint.id()) }
            }
        }
        TokenDiff { fields, scopes_gained, scopes_lost, operations }
    }

    /// The time left on both sides as of `now`, the rest unchanged (a second passed).
    pub fn refresh_time_left(&mut self, left: &Inspection, right: &Inspection, now: i64) {
        if let Some(field) = self.fields.iter_mut().find(|f| f.name == "time left") {
            field.left = time_left(left, now);
            field.right = time_left(right, now);
        }
    }

    /// Equal for scripts: the same identity and audience claims and the same scopes.
    /// The scopes gained and lost, grouped by resource as the Inspector groups a token's
    /// scopes, resources sorted.
    pub fn scopes_by_resource(&self) -> Vec<ResourceScopes> {
        let gained = super::claims::group_scopes(&self.scopes_gained);
        let lost = super::claims::group_scopes(&self.scopes_lost);
        let mut resources: Vec<ResourceScopes> = gained
            .into_iter()
            .map(|g| ResourceScopes { resource: g.resource, gained: g.actions, lost: Vec::new() })
            .collect();
        for group in lost {
            match resources.iter_mut().find(|r| r.resource == group.resource) {
                Some(existing) => existing.lost = group.actions,
                None => resources.push(ResourceScopes {
                    resource: group.resource,
                    gained: Vec::new(),
                    lost: group.actions,
                }),
            }
        }
        resources.sort_by(|a, b| a.resource.cmp(&b.resource));
        resources
    }

    pub fn is_equal(&self) -> bool {
        self.scopes_gained.is_empty()
            && self.scopes_lost.is_empty()
            && self.fields.iter().filter(|f| f.matters).all(FieldDiff::is_equal)
    }

    pub fn operations_gained(&self) -> usize {
        self.operations.iter().map(|g| g.gained.len()).sum()
    }

    pub fn operations_lost(&self) -> usize {
        self.operations.iter().map(|g| g.lost.len()).sum()
    }

    /// `tokex diff --json`.
    pub fn to_json(&self) -> Value {
        let fields: serde_json::Map<String, Value> = self
            .fields
            .iter()
            .map(|f| {
                (
                    f.name.to_owned(),
                    json!({ "left": f.left, "right": f.right, "equal": f.is_equal(), "matters": f.matters }),
                )
            })
            .collect();
        json!({
            "equal": self.is_equal(),
            "fields": fields,
            "scopes": { "gained": self.scopes_gained, "lost": self.scopes_lost },
            "operations": {
                "gained": self.operations_gained(),
                "lost": self.operations_lost(),
                "groups": self.operations.iter().map(|g| json!({
                    "group": g.group, "gained": g.gained, "lost": g.lost,
                })).collect::<Vec<_>>(),
            },
        })
    }
}

fn field(name: &'static str, left: Option<String>, right: Option<String>, matters: bool) -> FieldDiff {
    FieldDiff { name, left, right, matters }
}

fn audience(inspection: &Inspection) -> Option<String> {
    // Order and repeats in `aud` do not change what a token is for.
    let mut aud = inspection.claims.aud.clone();
    aud.sort();
    aud.dedup();
    (!aud.is_empty()).then(|| aud.join(" "))
}

fn lifetime(inspection: &Inspection) -> Option<String> {
    let (iat, exp) = (inspection.claims.iat?, inspection.claims.exp?);
    checked_span(iat, exp).map(format_duration)
}

fn time_left(inspection: &Inspection, now: i64) -> Option<String> {
    let exp = inspection.claims.exp?;
    let left = checked_span(now, exp)?;
    Some(if left > 0 { format_duration(left) } else { "expired".to_owned() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    fn token(header: Value, claims: Value) -> Inspection {
        let part = |v: &Value| URL_SAFE_NO_PAD.encode(v.to_string());
        Inspection::from_compact(&format!("{}.{}.c2ln", part(&header), part(&claims))).expect("decodes")
    }

    fn mgmt(scope: &str, exp: i64, kid: &str) -> Inspection {
        token(
            json!({"alg": "RS256", "kid": kid}),
            json!({"iss": "https://t.eu.auth0.com/", "aud": "https://t.eu.auth0.com/api/v2/", "sub": "c@clients",
                   "azp": "c", "iat": exp - 86_400, "exp": exp, "scope": scope}),
        )
    }

    #[test]
    fn scopes_group_by_resource() {
        let left = mgmt("read:users delete:users read:roles", 100, "k");
        let right = mgmt("read:users update:users create:users read:clients", 100, "k");
        let diff = TokenDiff::between(&left, &right, 0);
        let summaries: Vec<String> = diff.scopes_by_resource().iter().map(ResourceScopes::summary).collect();
        assert_eq!(summaries, ["clients +read", "roles −read", "users +create +update −delete"]);
    }

    #[test]
    fn same_grant_fetched_later_is_equal() {
        let a = mgmt("read:users read:roles", 100_000, "k1");
        let b = mgmt("read:roles read:users", 160_000, "k2");
        let diff = TokenDiff::between(&a, &b, 90_000);
        assert!(diff.is_equal(), "{diff:?}");
        assert!(diff.operations.is_empty());
        let kid = diff.fields.iter().find(|f| f.name == "kid").expect("kid");
        assert!(!kid.is_equal() && !kid.matters);
        let left = diff.fields.iter().find(|f| f.name == "time left").expect("time left");
        assert_eq!(left.left.as_deref(), Some("2h 46m 40s"));
    }

    #[test]
    fn scopes_and_operations_gained_and_lost() {
        let a = mgmt("read:users delete:users", 100_000, "k");
        let b = mgmt("read:users read:roles", 100_000, "k");
        let diff = TokenDiff::between(&a, &b, 0);
        assert!(!diff.is_equal());
        assert_eq!(diff.scopes_gained, ["read:roles"]);
        assert_eq!(diff.scopes_lost, ["delete:users"]);
        let users = diff.operations.iter().find(|g| g.group == "users").expect("users changed");
        assert!(users.lost.contains(&"DELETE /api/v2/users/{id}".to_owned()), "{users:?}");
        let roles = diff.operations.iter().find(|g| g.group == "roles").expect("roles changed");
        assert!(roles.gained.contains(&"GET /api/v2/roles".to_owned()), "{roles:?}");
        assert!(diff.operations_gained() >= 1 && diff.operations_lost() >= 1);
        let json = diff.to_json();
        assert_eq!(json["equal"], false);
        assert_eq!(json["scopes"]["gained"], json!(["read:roles"]));
        assert_eq!(json["fields"]["iss"]["equal"], true);
    }

    #[test]
    fn audience_order_does_not_matter() {
        let claims =
            |aud: Value| json!({"iss": "https://t/", "aud": aud, "sub": "c@clients", "azp": "c", "exp": 10});
        let a = token(json!({"alg": "RS256"}), claims(json!(["https://t/api/v2/", "https://t/userinfo"])));
        let b = token(json!({"alg": "RS256"}), claims(json!(["https://t/userinfo", "https://t/api/v2/"])));
        assert!(TokenDiff::between(&a, &b, 0).is_equal());
    }

    #[test]
    fn another_tenant_or_client_differs_even_with_equal_scopes() {
        let a = mgmt("read:users", 100_000, "k");
        let b = token(
            json!({"alg": "RS256"}),
            json!({"iss": "https://other.auth0.com/", "aud": "https://other.auth0.com/api/v2/",
                   "sub": "c@clients", "azp": "c", "exp": 100_000, "scope": "read:users"}),
        );
        let diff = TokenDiff::between(&a, &b, 0);
        assert!(!diff.is_equal());
        assert!(diff.scopes_gained.is_empty() && diff.operations.is_empty());
        let lifetime = diff.fields.iter().find(|f| f.name == "lifetime").expect("lifetime");
        assert_eq!((lifetime.left.as_deref(), lifetime.right.as_deref()), (Some("1d"), None));
    }
}
