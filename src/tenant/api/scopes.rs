//! What each Management API route requires, taken from the catalog (`domain::catalog`): the
//! local tenant checks the very rules `tokex endpoints`, `scopes-for` and the API pane predict
//! with (docs/auth0.md#operations-and-their-scopes), so the two cannot drift apart.

use axum::http::Method as HttpMethod;

use crate::domain::catalog::{self, Endpoint, Method};

/// The operation a method and path belong to: a route template as registered (`/users/{id}`)
/// or a concrete path (`/users/auth0%7C1`), with or without `/api/v2`. HEAD is checked as the
/// GET it mirrors. None when no operation of the Management API has this method and path.
/// An empty segment (`/users/`, `/clients//rotate-secret`) is no operation: Auth0 answers 404.
pub fn operation(method: &HttpMethod, path: &str) -> Option<&'static Endpoint> {
    if path.split('/').skip(1).any(str::is_empty) {
        return None;
    }
    let method = if method == HttpMethod::HEAD { Method::Get } else { method.as_str().parse().ok()? };
    catalog::find(method, path)
}

/// Every scope some operation lists: what the admin client must be granted.
#[cfg(test)]
pub fn all_checked_scopes() -> Vec<&'static str> {
    let mut out: Vec<&'static str> =
        catalog::catalog().iter().flat_map(|e| e.scopes.iter().map(String::as_str)).collect();
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_take_the_catalogs_rules() {
        let all = all_checked_scopes();
        for s in
            ["read:users", "read:roles", "read:role_members", "update:client_keys", "delete:client_grants"]
        {
            assert!(all.contains(&s), "{s}");
        }
        assert!(all.len() > 200, "every operation's scopes: {}", all.len());
        let roles = operation(&HttpMethod::GET, "/users/{id}/roles").expect("operation");
        assert!(roles.requirement.is_all_of());
        assert_eq!(roles.path, "/api/v2/users/{id}/roles");
        assert_eq!(operation(&HttpMethod::HEAD, "/users").map(|e| e.path.as_str()), Some("/api/v2/users"));
        assert_eq!(
            operation(&HttpMethod::POST, "/users").map(|e| e.id()).as_deref(),
            Some("POST /api/v2/users")
        );
        // Concrete ids, encoded or not, and a literal segment beating a placeholder.
        assert_eq!(
            operation(&HttpMethod::DELETE, "/users/auth0%7C1/roles").map(|e| e.id()).as_deref(),
            Some("DELETE /api/v2/users/{id}/roles")
        );
        assert_eq!(
            operation(&HttpMethod::GET, "/keys/signing/{id}").map(|e| e.path.as_str()),
            Some("/api/v2/keys/signing/{kid}")
        );
        assert!(operation(&HttpMethod::GET, "/nothing/here").is_none());
        for empty_segment in ["/users/", "/clients//rotate-secret", "/api/v2/", "//users"] {
            assert!(operation(&HttpMethod::GET, empty_segment).is_none(), "{empty_segment}");
        }
        assert!(operation(&HttpMethod::OPTIONS, "/users").is_none());
    }
}
