//! The query parameters each implemented operation takes, from Auth0's reference. Auth0 validates
//! query strings against a schema that allows nothing else, so anything else (`search=` on
//! `/logs`, a misspelt `per_pag=`) answers 400 `invalid_query_string` before the handler runs;
//! operations that change something take none.

use axum::http::Method;

use crate::tenant::errors::ApiError;

const PAGING: [&str; 3] = ["page", "per_page", "include_totals"];
const FIELDS: [&str; 2] = ["fields", "include_fields"];

/// The parameters `method` on the route `template` (without `/api/v2`) takes, besides none.
fn allowed(method: &Method, template: &str) -> Vec<&'static str> {
    if *method != Method::GET && *method != Method::HEAD {
        return Vec::new();
    }
    let extra: &[&str] = match template {
        "/users" => {
            &["sort", "connection", "q", "search_engine", "primary_order", "fields", "include_fields"]
        }
        "/users/{id}" | "/clients/{id}" | "/connections/{id}" | "/tenants/settings" => &FIELDS,
        "/users-by-email" => &["email", "fields", "include_fields"],
        "/users/{id}/logs" => &["sort"],
        "/clients" => {
            &["fields", "include_fields", "is_global", "is_first_party", "app_type", "q", "from", "take"]
        }
        "/client-grants" => {
            &["audience", "client_id", "allow_any_organization", "subject_type", "from", "take"]
        }
        "/resource-servers" => &["identifiers", "include_fields"],
        "/resource-servers/{id}" => &["include_fields"],
        "/connections" => &["strategy", "name", "fields", "include_fields", "from", "take"],
        "/roles" => &["name_filter"],
        "/logs" => &["q", "sort", "fields", "include_fields", "from", "take"],
        "/stats/daily" => &["from", "to"],
        "/organizations" => &["from", "take", "sort"],
        _ => &[],
    };
    let paged = matches!(
        template,
        "/users"
            | "/users/{id}/roles"
            | "/users/{id}/logs"
            | "/users/{id}/permissions"
            | "/clients"
            | "/client-grants"
            | "/resource-servers"
            | "/connections"
            | "/roles"
            | "/roles/{id}/permissions"
            | "/logs"
            | "/organizations"
    );
    let mut names: Vec<&str> = extra.to_vec();
    if paged {
        names.extend(PAGING);
    }
    names
}

/// Refuses a query parameter the operation does not take, in Auth0's words.
pub fn check(method: &Method, template: &str, query: &[(String, String)]) -> Result<(), ApiError> {
    let allowed = allowed(method, template);
    match query.iter().find(|(name, _)| !allowed.contains(&name.as_str())) {
        None => Ok(()),
        Some((unknown, _)) => Err(ApiError::query(format!(
            "Query validation error: 'Additional properties not allowed: {}'.",
            unknown.chars().take(100).collect::<String>()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn only_the_operations_own_parameters_pass() {
        assert!(
            check(&Method::GET, "/logs", &q(&[("q", "type:s"), ("per_page", "5"), ("take", "1")])).is_ok()
        );
        let refused = check(&Method::GET, "/logs", &q(&[("search", "x")])).expect_err("search");
        assert!(refused.message.contains("search") && refused.error_code == Some("invalid_query_string"));
        assert!(
            check(&Method::GET, "/users/{id}", &q(&[("page", "1")])).is_err(),
            "a single user has no pages"
        );
        assert!(check(&Method::PATCH, "/users/{id}", &q(&[("fields", "x")])).is_err(), "writes take none");
        assert!(check(&Method::DELETE, "/client-grants/{id}", &[]).is_ok());
    }
}
