//! The one table of what each Management API route requires: method + path template (as
//! registered in [`super::routes`]) → the scopes it accepts and whether any or all are needed
//! (docs/auth0.md#endpoints).

use axum::http::Method;

/// Whether a token needs one of the listed scopes or every one of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Needs {
    Any,
    All,
}

/// One row of [`REQUIREMENTS`].
#[derive(Debug)]
pub struct Requirement {
    pub method: Method,
    /// The template as registered on the `/api/v2` router, e.g. `/users/{id}`.
    pub path: &'static str,
    pub needs: Needs,
    pub scopes: &'static [&'static str],
}

impl Requirement {
    pub fn allows(&self, granted: &std::collections::HashSet<String>) -> bool {
        match self.needs {
            Needs::Any => self.scopes.iter().any(|s| granted.contains(*s)),
            Needs::All => self.scopes.iter().all(|s| granted.contains(*s)),
        }
    }
}

const fn row(
    method: Method,
    path: &'static str,
    needs: Needs,
    scopes: &'static [&'static str],
) -> Requirement {
    Requirement { method, path, needs, scopes }
}

const USERS_READ: &[&str] = &["read:users", "read:user_idp_tokens"];
const CLIENTS_READ: &[&str] =
    &["read:clients", "read:client_keys", "read:client_credentials", "read:client_summary"];
const LOGS_READ: &[&str] = &["read:logs", "read:logs_users"];

pub const REQUIREMENTS: &[Requirement] = &[
    row(Method::GET, "/users", Needs::Any, USERS_READ),
    row(Method::GET, "/users/{id}", Needs::Any, &["read:users", "read:current_user", "read:user_idp_tokens"]),
    row(
        Method::PATCH,
        "/users/{id}",
        Needs::Any,
        &["update:users", "update:users_app_metadata", "update:current_user_metadata"],
    ),
    row(Method::GET, "/users/{id}/roles", Needs::All, &["read:users", "read:roles", "read:role_members"]),
    row(Method::GET, "/users/{id}/logs", Needs::Any, LOGS_READ),
    row(Method::GET, "/users-by-email", Needs::Any, &["read:users"]),
    row(Method::GET, "/clients", Needs::Any, CLIENTS_READ),
    row(Method::GET, "/clients/{id}", Needs::Any, CLIENTS_READ),
    row(Method::POST, "/clients/{id}/rotate-secret", Needs::Any, &["update:client_keys"]),
    row(Method::GET, "/client-grants", Needs::Any, &["read:client_grants"]),
    row(Method::DELETE, "/client-grants/{id}", Needs::Any, &["delete:client_grants"]),
    row(Method::GET, "/resource-servers", Needs::Any, &["read:resource_servers"]),
    row(Method::GET, "/resource-servers/{id}", Needs::Any, &["read:resource_servers"]),
    row(Method::GET, "/connections", Needs::Any, &["read:connections"]),
    row(Method::GET, "/connections/{id}", Needs::Any, &["read:connections"]),
    row(Method::GET, "/roles", Needs::Any, &["read:roles"]),
    row(Method::GET, "/roles/{id}", Needs::Any, &["read:roles"]),
    row(Method::GET, "/logs", Needs::Any, LOGS_READ),
    row(Method::GET, "/logs/{id}", Needs::Any, LOGS_READ),
    row(Method::GET, "/stats/active-users", Needs::Any, &["read:stats"]),
    row(Method::GET, "/stats/daily", Needs::Any, &["read:stats"]),
    row(Method::GET, "/tenants/settings", Needs::Any, &["read:tenant_settings"]),
    row(Method::GET, "/keys/signing", Needs::Any, &["read:signing_keys"]),
    row(Method::GET, "/keys/signing/{id}", Needs::Any, &["read:signing_keys"]),
    row(Method::GET, "/organizations", Needs::Any, &["read:organizations", "read:organizations_summary"]),
    row(Method::GET, "/organizations/{id}", Needs::Any, &["read:organizations"]),
];

/// The row for a matched route; HEAD is checked as the GET it mirrors.
pub fn requirement(method: &Method, path: &str) -> Option<&'static Requirement> {
    let method = if method == Method::HEAD { &Method::GET } else { method };
    REQUIREMENTS.iter().find(|r| r.method == method && r.path == path)
}

/// Every scope some route checks: what the admin client must be granted.
#[cfg(test)]
pub fn all_checked_scopes() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = REQUIREMENTS.iter().flat_map(|r| r.scopes.iter().copied()).collect();
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checked_scopes_cover_the_user_roles_all_of_rule() {
        let all = all_checked_scopes();
        for s in
            ["read:users", "read:roles", "read:role_members", "update:client_keys", "delete:client_grants"]
        {
            assert!(all.contains(&s), "{s}");
        }
        let roles = requirement(&Method::GET, "/users/{id}/roles").expect("row");
        assert_eq!(roles.needs, Needs::All);
        assert_eq!(requirement(&Method::HEAD, "/users").map(|r| r.path), Some("/users"));
        assert!(requirement(&Method::POST, "/users").is_none());
    }

    #[test]
    fn each_method_and_path_has_one_row() {
        for (i, a) in REQUIREMENTS.iter().enumerate() {
            for b in &REQUIREMENTS[i + 1..] {
                assert!(a.method != b.method || a.path != b.path, "{} {} twice", a.method, a.path);
            }
        }
    }
}
