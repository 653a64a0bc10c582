//! The compiled-in catalog and the questions asked of it.

use super::*;
use rstest::rstest;
use serde_json::json;
use std::collections::HashMap;

fn scopes(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn values(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

fn endpoint(method: Method, path: &str) -> &'static Endpoint {
    match catalog().iter().find(|e| e.method == method && e.path == path) {
        Some(e) => e,
        None => panic!("{method} {path} is not in the catalog"),
    }
}

#[test]
fn asset_parses_and_validates() {
    let parsed = parse_catalog(ASSET);
    assert!(parsed.is_ok(), "{:?}", parsed.err());
    assert_eq!(catalog().len(), parsed.map(|v| v.len()).unwrap_or(0));
}

#[test]
fn has_at_least_22_endpoints_users_first() {
    let all = catalog();
    assert!(all.len() >= 22, "only {} endpoints", all.len());
    assert_eq!(all[0].id(), "GET /api/v2/users");
}

#[test]
fn resources_in_issue_order_and_contiguous() {
    let expected = [
        "Users",
        "Users by email",
        "Clients",
        "Client grants",
        "Resource servers",
        "Connections",
        "Roles",
        "Logs",
        "Stats",
        "Tenant settings",
        "Signing keys",
        "Organizations",
    ];
    let mut seen: Vec<&str> = Vec::new();
    for e in catalog() {
        if seen.last() != Some(&e.resource.as_str()) {
            seen.push(&e.resource);
        }
    }
    assert_eq!(seen, expected);
}

#[rstest]
#[case(Method::Get, "/api/v2/users")]
#[case(Method::Get, "/api/v2/users/{id}")]
#[case(Method::Get, "/api/v2/users/{id}/roles")]
#[case(Method::Get, "/api/v2/users/{id}/logs")]
#[case(Method::Patch, "/api/v2/users/{id}")]
#[case(Method::Get, "/api/v2/users-by-email")]
#[case(Method::Get, "/api/v2/clients")]
#[case(Method::Get, "/api/v2/clients/{id}")]
#[case(Method::Post, "/api/v2/clients/{id}/rotate-secret")]
#[case(Method::Get, "/api/v2/client-grants")]
#[case(Method::Delete, "/api/v2/client-grants/{id}")]
#[case(Method::Get, "/api/v2/resource-servers")]
#[case(Method::Get, "/api/v2/resource-servers/{id}")]
#[case(Method::Get, "/api/v2/connections")]
#[case(Method::Get, "/api/v2/roles")]
#[case(Method::Get, "/api/v2/logs")]
#[case(Method::Get, "/api/v2/logs/{id}")]
#[case(Method::Get, "/api/v2/stats/active-users")]
#[case(Method::Get, "/api/v2/stats/daily")]
#[case(Method::Get, "/api/v2/tenants/settings")]
#[case(Method::Get, "/api/v2/keys/signing")]
#[case(Method::Get, "/api/v2/keys/signing/{kid}")]
#[case(Method::Get, "/api/v2/organizations")]
fn required_endpoint_present(#[case] method: Method, #[case] path: &str) {
    let e = endpoint(method, path);
    assert_eq!(
        e.destructive,
        matches!(method, Method::Delete | Method::Patch) || path.ends_with("rotate-secret")
    );
}

#[test]
fn path_placeholders_and_path_params_agree() {
    for e in catalog() {
        let mut from_template: Vec<&str> = template_params(&e.path);
        let mut from_params: Vec<&str> = e.params_in(ParamLocation::Path).map(|p| p.name.as_str()).collect();
        from_template.sort_unstable();
        from_params.sort_unstable();
        assert_eq!(from_template, from_params, "{}", e.id());
    }
}

#[test]
fn destructive_endpoints_say_what_will_and_will_not_happen() {
    for e in catalog().iter().filter(|e| e.destructive) {
        let confirm = e.confirm.as_ref();
        assert!(confirm.is_some_and(|c| !c.will.is_empty() && c.will_not.is_some()), "{}", e.id());
    }
    let grant = endpoint(Method::Delete, "/api/v2/client-grants/{id}");
    assert!(grant.description.contains("cannot revoke tokens already issued"));
    let text = grant.confirm_text(&values(&[("id", "cgr_1")])).unwrap_or_default();
    assert!(text.contains("client grant cgr_1") && text.contains("Does NOT revoke"), "{text}");
    let rotate = endpoint(Method::Post, "/api/v2/clients/{id}/rotate-secret");
    assert!(rotate.description.contains("tokens already issued stay valid until they expire"));
    assert!(rotate.confirm.as_ref().and_then(|c| c.will_not.as_deref()).is_some_and(|t| t.contains("NOT")));
    assert_eq!(endpoint(Method::Get, "/api/v2/users").confirm_text(&HashMap::new()), None);
}

#[test]
fn users_search_params_and_limit() {
    let users = endpoint(Method::Get, "/api/v2/users");
    let defaults = users.default_values();
    assert_eq!(defaults.get("search_engine").map(String::as_str), Some("v3"));
    assert_eq!(defaults.get("page").map(String::as_str), Some("0"));
    assert_eq!(defaults.get("per_page").map(String::as_str), Some("50"));
    assert_eq!(defaults.get("include_totals").map(String::as_str), Some("true"));
    assert!(users.param("q").is_some_and(|p| p.location == ParamLocation::Query));
    assert!(users.description.contains("1000"));
    assert!(users.notes.iter().any(|n| n.contains("1000")));
    assert_eq!(users.items_key.as_deref(), Some("users"));
    assert_eq!(users.paging(), Paging { offset: true, checkpoint: false });
    assert_eq!(endpoint(Method::Get, "/api/v2/logs").paging(), Paging { offset: true, checkpoint: true });
    assert_eq!(endpoint(Method::Get, "/api/v2/stats/daily").paging(), Paging::default());
}

#[test]
fn scope_rules_follow_the_fact_sheet() {
    for e in catalog() {
        let expected = if e.path == "/api/v2/users/{id}/roles" { ScopeRule::All } else { ScopeRule::Any };
        assert_eq!(e.scope_rule, expected, "{}", e.id());
    }
}

#[rstest]
// any-of: one matching scope is enough; none reports every candidate
#[case(Method::Get, "/api/v2/users", &["read:users"], ScopeCheck::Allowed)]
#[case(Method::Get, "/api/v2/users", &["read:user_idp_tokens", "read:clients"], ScopeCheck::Allowed)]
#[case(Method::Get, "/api/v2/users", &[], ScopeCheck::Missing(scopes(&["read:users", "read:user_idp_tokens"])))]
#[case(Method::Get, "/api/v2/clients", &["read:client_summary"], ScopeCheck::Allowed)]
#[case(Method::Delete, "/api/v2/client-grants/{id}", &["read:client_grants"],
    ScopeCheck::Missing(scopes(&["delete:client_grants"])))]
// all-of: only the missing ones are reported
#[case(Method::Get, "/api/v2/users/{id}/roles", &["read:users", "read:roles", "read:role_members"],
    ScopeCheck::Allowed)]
#[case(Method::Get, "/api/v2/users/{id}/roles", &["read:users"],
    ScopeCheck::Missing(scopes(&["read:roles", "read:role_members"])))]
#[case(Method::Get, "/api/v2/users/{id}/roles", &["read:roles", "read:role_members"],
    ScopeCheck::Missing(scopes(&["read:users"])))]
fn scope_checks(
    #[case] method: Method,
    #[case] path: &str,
    #[case] token: &[&str],
    #[case] expected: ScopeCheck,
) {
    assert_eq!(endpoint(method, path).check(&scopes(token)), expected);
}

#[rstest]
#[case(Method::Get, "/api/v2/users", &["read:users"], None)]
#[case(Method::Get, "/api/v2/users", &[], Some("needs one of: read:users, read:user_idp_tokens"))]
#[case(Method::Get, "/api/v2/roles", &[], Some("needs read:roles"))]
#[case(Method::Get, "/api/v2/users/{id}/roles", &["read:users", "read:roles"],
    Some("missing read:role_members (needs all of: read:users, read:roles, read:role_members)"))]
fn scope_hints(
    #[case] method: Method,
    #[case] path: &str,
    #[case] token: &[&str],
    #[case] expected: Option<&str>,
) {
    assert_eq!(endpoint(method, path).scope_hint(&scopes(token)).as_deref(), expected);
}

#[test]
fn empty_scope_list_is_allowed_for_either_rule() {
    let mut e = endpoint(Method::Get, "/api/v2/roles").clone();
    e.scopes.clear();
    assert_eq!(e.check(&[]), ScopeCheck::Allowed);
    e.scope_rule = ScopeRule::All;
    assert_eq!(e.check(&[]), ScopeCheck::Allowed);
}

#[rstest]
#[case("", true)]
#[case("   ", true)]
#[case("get", true)]
#[case("GET /API/V2/USERS", true)]
#[case("get users", true)]
#[case("Lucene", true)] // description
#[case("users by EMAIL", false)] // resource of another entry
#[case("post", false)]
#[case("clients", false)]
fn filter_over_get_users(#[case] text: &str, #[case] expected: bool) {
    assert_eq!(endpoint(Method::Get, "/api/v2/users").matches_filter(text), expected, "{text:?}");
}

#[test]
fn filter_matches_resource_and_selects_subsets() {
    assert!(endpoint(Method::Get, "/api/v2/users-by-email").matches_filter("users by email"));
    let deletes: Vec<String> =
        catalog().iter().filter(|e| e.matches_filter("delete")).map(Endpoint::id).collect();
    assert_eq!(deletes, ["DELETE /api/v2/client-grants/{id}"]);
    let grants = catalog().iter().filter(|e| e.matches_filter("client grant")).count();
    assert_eq!(grants, 2);
}

#[rstest]
#[case(Method::Get, "/api/v2/users/{id}", &[("id", "auth0|abc")], Ok("/api/v2/users/auth0%7Cabc"))]
#[case(Method::Get, "/api/v2/users/{id}/roles", &[("id", " auth0|abc "), ("page", "1"), ("per_page", "")],
    Ok("/api/v2/users/auth0%7Cabc/roles?page=1"))]
#[case(Method::Get, "/api/v2/users", &[("q", "email:\"j@x.io\""), ("search_engine", "v3"), ("bogus", "1")],
    Ok("/api/v2/users?q=email%3A%22j%40x.io%22&search_engine=v3"))]
#[case(Method::Get, "/api/v2/users", &[], Ok("/api/v2/users"))]
#[case(Method::Get, "/api/v2/resource-servers/{id}", &[("id", "https://api.example.com/")],
    Ok("/api/v2/resource-servers/https%3A%2F%2Fapi.example.com%2F"))]
#[case(Method::Get, "/api/v2/clients", &[("q", "a b"), ("app_type", "spa,native")],
    Ok("/api/v2/clients?app_type=spa%2Cnative&q=a%20b"))]
#[case(Method::Get, "/api/v2/users/{id}", &[], Err("missing path parameter `id`"))]
#[case(Method::Get, "/api/v2/users/{id}", &[("id", "  ")], Err("missing path parameter `id`"))]
#[case(Method::Get, "/api/v2/users-by-email", &[("fields", "email")],
    Err("missing required query parameter `email`"))]
#[case(Method::Get, "/api/v2/users-by-email", &[("email", "Jane+1@example.com")],
    Ok("/api/v2/users-by-email?email=Jane%2B1%40example.com"))]
#[case(Method::Get, "/api/v2/users/{id}", &[("id", "..")],
    Err("path parameter `id` cannot be `.` or `..` (it would call another endpoint)"))]
#[case(Method::Get, "/api/v2/users/{id}", &[("id", " . ")],
    Err("path parameter `id` cannot be `.` or `..` (it would call another endpoint)"))]
#[case(Method::Get, "/api/v2/users/{id}", &[("id", "../../x")], Ok("/api/v2/users/..%2F..%2Fx"))]
fn render_paths(
    #[case] method: Method,
    #[case] path: &str,
    #[case] given: &[(&str, &str)],
    #[case] expected: Result<&str, &str>,
) {
    let rendered = endpoint(method, path).render_path(&values(given)).map_err(|e| e.to_string());
    assert_eq!(rendered.as_deref().map_err(String::as_str), expected);
}

#[test]
fn default_values_render_for_every_endpoint_without_path_params() {
    for e in catalog().iter().filter(|e| template_params(&e.path).is_empty()) {
        let rendered = e.render_path(&e.default_values());
        // users-by-email requires an email; every other list call works straight from defaults
        assert_eq!(rendered.is_ok(), e.path != "/api/v2/users-by-email", "{}: {rendered:?}", e.id());
    }
}

#[rstest]
#[case(Method::Get, "/api/v2/users", Some("GET /api/v2/users"))]
#[case(Method::Get, "/users", Some("GET /api/v2/users"))]
#[case(Method::Get, "users/", Some("GET /api/v2/users"))]
#[case(Method::Get, "/api/v2/users/auth0%7C1?fields=email", Some("GET /api/v2/users/{id}"))]
#[case(Method::Patch, "/api/v2/users/auth0|1", Some("PATCH /api/v2/users/{id}"))]
#[case(Method::Get, "/api/v2/users-by-email?email=a@b.c", Some("GET /api/v2/users-by-email"))]
#[case(Method::Get, "https://t.eu.auth0.com/api/v2/keys/signing", Some("GET /api/v2/keys/signing"))]
#[case(Method::Get, "/api/v2/keys/signing/abc", Some("GET /api/v2/keys/signing/{kid}"))]
#[case(Method::Get, "/api/v2/stats/daily", Some("GET /api/v2/stats/daily"))]
#[case(Method::Post, "/api/v2/clients/c1/rotate-secret", Some("POST /api/v2/clients/{id}/rotate-secret"))]
#[case(Method::Delete, "/api/v2/users/auth0|1", None)]
#[case(Method::Get, "/api/v2/nope", None)]
fn find_matches_concrete_calls(#[case] method: Method, #[case] path: &str, #[case] expected: Option<&str>) {
    assert_eq!(find(method, path).map(Endpoint::id).as_deref(), expected);
}

#[test]
fn literal_segments_beat_placeholders() {
    let text = r#"[
      {"method":"GET","path":"/api/v2/things/{id}","resource":"T","scopes":["a"],"scope_rule":"any",
       "destructive":false,"description":"one","params":[{"name":"id","in":"path","description":"x","required":true}]},
      {"method":"GET","path":"/api/v2/things/special","resource":"T","scopes":["a"],"scope_rule":"any",
       "destructive":false,"description":"special"}
    ]"#;
    let parsed = parse_catalog(text).unwrap_or_default();
    assert_eq!(
        find_in(&parsed, Method::Get, "/things/special").map(|e| e.description.as_str()),
        Some("special")
    );
    assert_eq!(find_in(&parsed, Method::Get, "/things/x").map(|e| e.description.as_str()), Some("one"));
}

#[rstest]
#[case::bad_json("[", "not valid JSON")]
#[case::unknown_field(
    r#"[{"method":"GET","path":"/api/v2/x","resource":"X","scopes":["a"],"scope_rule":"any","destructive":false,"description":"d","oops":1}]"#,
    "unknown field"
)]
#[case::placeholder_without_param(
    r#"[{"method":"GET","path":"/api/v2/x/{id}","resource":"X","scopes":["a"],"scope_rule":"any","destructive":false,"description":"d"}]"#,
    "has no path parameter"
)]
#[case::param_without_placeholder(
    r#"[{"method":"GET","path":"/api/v2/x","resource":"X","scopes":["a"],"scope_rule":"any","destructive":false,"description":"d","params":[{"name":"id","in":"path","description":"x","required":true}]}]"#,
    "not in the template"
)]
#[case::destructive_without_confirm(
    r#"[{"method":"DELETE","path":"/api/v2/x","resource":"X","scopes":["a"],"scope_rule":"any","destructive":true,"description":"d"}]"#,
    "confirm"
)]
#[case::duplicate(
    r#"[{"method":"GET","path":"/api/v2/x","resource":"X","scopes":["a"],"scope_rule":"any","destructive":false,"description":"d"},
        {"method":"GET","path":"/api/v2/x","resource":"X","scopes":["a"],"scope_rule":"any","destructive":false,"description":"d"}]"#,
    "duplicate"
)]
fn invalid_catalogs_are_rejected(#[case] text: &str, #[case] reason: &str) {
    let err = parse_catalog(text).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(err.contains(reason), "{err}");
}

#[test]
fn json_form_has_the_cli_fields() {
    let json = to_json(catalog());
    let items = json.as_array().map(Vec::as_slice).unwrap_or_default();
    assert_eq!(items.len(), catalog().len());
    for item in items {
        for key in ["method", "path", "scopes", "scope_rule", "destructive", "description", "params"] {
            assert!(item.get(key).is_some(), "{key} missing in {item}");
        }
    }
    let first = &items[0];
    assert_eq!(first["method"], "GET");
    assert_eq!(first["path"], "/api/v2/users");
    assert_eq!(first["scopes"], json!(["read:users", "read:user_idp_tokens"]));
    assert_eq!(first["scope_rule"], "any");
    assert_eq!(first["destructive"], false);
    let search_engine =
        first["params"].as_array().and_then(|ps| ps.iter().find(|p| p["name"] == "search_engine"));
    assert_eq!(
        search_engine,
        Some(
            &json!({"name":"search_engine","in":"query","description":"Search engine version; only v3 is accepted now, and q needs it","example":"v3","default":"v3","required":false})
        )
    );
    let roles = items.iter().find(|i| i["path"] == "/api/v2/users/{id}/roles");
    assert_eq!(roles.map(|r| &r["scope_rule"]), Some(&json!("all")));
    let delete = items.iter().find(|i| i["method"] == "DELETE");
    assert_eq!(delete.map(|d| &d["destructive"]), Some(&json!(true)));
    assert!(delete.is_some_and(|d| d["confirm"]["will_not"].is_string()));
}

#[test]
fn table_lists_every_endpoint_aligned() {
    let table = render_table(catalog());
    let lines: Vec<&str> = table.lines().collect();
    assert!(lines[0].starts_with("METHOD   PATH"), "{}", lines[0]);
    assert!(lines[1].starts_with("GET      /api/v2/users  "), "{}", lines[1]);
    assert!(lines[1].contains("read:users | read:user_idp_tokens"));
    assert!(table.contains("read:users + read:roles + read:role_members"));
    assert!(table.lines().any(|l| l.starts_with("DELETE!  /api/v2/client-grants/{id}")));
    assert!(table.lines().any(|l| l.starts_with("PATCH!   /api/v2/users/{id}")));
    // every row's path starts in the same column
    let column = lines[0].find("PATH");
    for line in &lines[1..=catalog().len()] {
        assert_eq!(line.find("/api/v2/"), column, "{line}");
    }
    assert!(table.trim_end().ends_with("a + b = all of them"));
}

#[rstest]
#[case("get", Ok(Method::Get))]
#[case(" DELETE ", Ok(Method::Delete))]
#[case("Patch", Ok(Method::Patch))]
#[case("TRACE", Err(()))]
fn methods_parse(#[case] text: &str, #[case] expected: Result<Method, ()>) {
    assert_eq!(text.parse::<Method>().map_err(|_| ()), expected);
}

#[rstest]
#[case("auth0|abc", "auth0%7Cabc")]
#[case("AZaz09-._~", "AZaz09-._~")]
#[case("a b/c?d&e=f", "a%20b%2Fc%3Fd%26e%3Df")]
#[case("é", "%C3%A9")]
fn percent_encoding(#[case] raw: &str, #[case] encoded: &str) {
    assert_eq!(percent_encode(raw), encoded);
}
