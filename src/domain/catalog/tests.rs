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

fn token(list: &[&str]) -> ScopeSet {
    ScopeSet::new(&scopes(list))
}

#[test]
fn assets_parse_and_validate() {
    let parsed = parse_catalog(OPERATIONS, CURATED);
    assert!(parsed.is_ok(), "{:?}", parsed.err());
    assert_eq!(catalog().len(), parsed.map(|v| v.len()).unwrap_or(0));
}

#[test]
fn every_operation_once_curated_first() {
    let all = catalog();
    assert_eq!(all.len(), 469);
    let unique: std::collections::HashSet<(Method, &str)> =
        all.iter().map(|e| (e.method, e.path.as_str())).collect();
    assert_eq!(unique.len(), 469);
    assert_eq!(all[0].id(), "GET /api/v2/users");
    assert_eq!(all.iter().filter(|e| e.curated).count(), 23);
    assert!(all.iter().all(|e| e.doc.starts_with("https://auth0.com/docs/api/management/v2/")));
}

#[test]
fn curated_entries_match_their_operations() {
    let operations: Vec<serde_json::Value> = serde_json::from_str(OPERATIONS).unwrap_or_default();
    let curated: Vec<serde_json::Value> = serde_json::from_str(CURATED).unwrap_or_default();
    for entry in &curated {
        let op = operations.iter().find(|o| o["method"] == entry["method"] && o["path"] == entry["path"]);
        let op = op.unwrap_or_else(|| panic!("curated {entry} has no operation"));
        let merged = catalog().iter().find(|e| e.method.as_str() == op["method"] && e.path == op["path"]);
        let merged = merged.expect("merged entry");
        assert!(merged.curated);
        assert_eq!(json!(merged.scopes), op["scopes"]);
        assert_eq!(json!(merged.group), op["group"]);
        assert_eq!(Some(merged.description.as_str()), entry["description"].as_str());
    }
}

#[test]
fn generic_entries_have_a_form_and_a_confirmation_for_deletes() {
    let role = endpoint(Method::Delete, "/api/v2/roles/{id}");
    assert!(!role.curated && role.destructive);
    assert!(role.confirm_text(&values(&[("id", "rol_1")])).is_some_and(|t| t.contains("/roles/rol_1")));
    assert_eq!(role.render_path(&values(&[("id", "rol 1")])).as_deref(), Ok("/api/v2/roles/rol%201"));
    let create = endpoint(Method::Post, "/api/v2/roles");
    assert_eq!(create.body_example, Some(json!({})));
    assert!(!create.destructive);
    assert!(!create.description.is_empty());
    let beta = catalog().iter().filter(|e| e.lifecycle == Some(Lifecycle::Beta)).count();
    assert_eq!(beta, 24);
}

#[test]
fn groups_curated_first_and_contiguous() {
    let curated_groups = [
        "users",
        "users-by-email",
        "clients",
        "client-grants",
        "resource-servers",
        "connections",
        "roles",
        "logs",
        "stats",
        "tenants",
        "keys",
        "organizations",
    ];
    let mut seen: Vec<&str> = Vec::new();
    for e in catalog() {
        if seen.last() != Some(&e.group.as_str()) {
            assert!(!seen.contains(&e.group.as_str()), "group {} is split", e.group);
            seen.push(&e.group);
        }
    }
    assert_eq!(&seen[..curated_groups.len()], curated_groups);
    assert_eq!(seen.len(), 50);
    // within a group, curated entries come first
    for pair in catalog().windows(2) {
        if pair[0].group == pair[1].group {
            assert!(pair[0].curated || !pair[1].curated, "{} before {}", pair[0].id(), pair[1].id());
        }
    }
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
    for e in catalog().iter().filter(|e| e.destructive && e.curated) {
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
fn scope_rules_follow_auth0s_texts() {
    let all_of: Vec<String> =
        catalog().iter().filter(|e| e.requirement.is_all_of()).map(Endpoint::id).collect();
    assert_eq!(all_of.len(), 6, "{all_of:?}");
    assert!(all_of.contains(&"GET /api/v2/users/{id}/roles".to_owned()));
    let mixed = endpoint(Method::Get, "/api/v2/clients/{id}/connections");
    assert_eq!(mixed.requirement.to_string(), "read:connections + (read:clients | read:client_summary)");
    assert_eq!(mixed.rule_source, RuleSource::Stated);
    let assumed = endpoint(Method::Get, "/api/v2/event-streams/{id}/deliveries");
    assert_eq!(assumed.rule_label(), "any of (Auth0's 403 text)");
    let unknown = endpoint(Method::Post, "/api/v2/roles/{id}/users");
    assert_eq!(unknown.rule_label(), "any of, per Auth0's docs");
    assert!(unknown.sources_disagree);
    assert_eq!(endpoint(Method::Get, "/api/v2/roles").rule_label(), "");
    // GET /jobs/{id}: the docs list two scopes, Auth0's 403 text one
    assert!(endpoint(Method::Get, "/api/v2/jobs/{id}").sources_disagree);
    assert!(!endpoint(Method::Get, "/api/v2/users/{id}/roles").sources_disagree);
    let disagreeing = catalog().iter().filter(|e| e.sources_disagree).count();
    assert!((8..=16).contains(&disagreeing), "{disagreeing}");
}

#[test]
fn learned_rule_replaces_the_assumed_one() {
    let e = endpoint(Method::Post, "/api/v2/roles/{id}/users");
    let (rule, _) =
        Requirement::from_auth0_text("expected all of: update:roles, create:role_members").expect("parses");
    let learned = e.with_learned_rule(rule);
    assert_eq!(learned.rule_label(), "all of (learned from a 403 this session)");
    assert!(!learned.check(&token(&["update:roles"])).is_allowed());
    assert!(e.check(&token(&["update:roles"])).is_allowed());
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
    assert_eq!(endpoint(method, path).check(&self::token(token)), expected);
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
    assert_eq!(endpoint(method, path).scope_hint(&self::token(token)).as_deref(), expected);
}

#[rstest]
#[case("", true)]
#[case("   ", true)]
#[case("get", true)]
#[case("GET /API/V2/USERS", true)]
#[case("get users", true)]
#[case("Lucene", true)] // description
#[case("users by EMAIL", false)] // description of another entry
#[case("users-by-email", false)] // group of another entry
#[case("post", false)]
#[case("clients", false)]
fn filter_over_get_users(#[case] text: &str, #[case] expected: bool) {
    assert_eq!(endpoint(Method::Get, "/api/v2/users").matches_filter(text), expected, "{text:?}");
}

#[rstest]
#[case(Method::Get, "/api/v2/roles", "roles", Some(FilterRank::Resource))]
#[case(Method::Get, "/api/v2/roles/{id}/users", "ROLES", Some(FilterRank::Resource))]
#[case(Method::Get, "/api/v2/users/{id}/roles", "roles", Some(FilterRank::WholeWords))]
#[case(Method::Get, "/api/v2/users/{id}/roles", "/users/{id}/ro", Some(FilterRank::PathPrefix))]
#[case(Method::Get, "/api/v2/users/{id}/roles", "users/{id}", Some(FilterRank::PathPrefix))]
#[case(Method::Get, "/api/v2/users/{id}/roles", "role", Some(FilterRank::Anywhere))]
#[case(Method::Get, "/api/v2/client-grants", "client-grants", Some(FilterRank::Resource))]
#[case(
    Method::Get,
    "/api/v2/organizations/{id}/client-grants",
    "client-grants",
    Some(FilterRank::WholeWords)
)]
#[case(Method::Get, "/api/v2/users", "get users", Some(FilterRank::WholeWords))]
#[case(Method::Get, "/api/v2/users", "roles", None)]
fn filter_ranks_the_resource_then_path_prefixes_then_whole_words(
    #[case] method: Method,
    #[case] path: &str,
    #[case] text: &str,
    #[case] expected: Option<FilterRank>,
) {
    assert_eq!(endpoint(method, path).filter_rank(text), expected, "{path} for {text:?}");
}

#[test]
fn filter_matches_resource_and_selects_subsets() {
    assert!(endpoint(Method::Get, "/api/v2/users-by-email").matches_filter("users by email"));
    let deletes: Vec<String> =
        catalog().iter().filter(|e| e.curated && e.matches_filter("delete")).map(Endpoint::id).collect();
    assert_eq!(deletes, ["DELETE /api/v2/client-grants/{id}"]);
    assert_eq!(catalog().iter().filter(|e| e.matches_filter("delete")).count(), 77);
    // the client-grants group, and organizations' client grants by path
    let grants = catalog().iter().filter(|e| e.matches_filter("client-grants")).count();
    assert_eq!(grants, 9);
    assert_eq!(catalog().iter().filter(|e| e.matches_filter("GUARDIAN")).count(), 36);
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
#[case(Method::Delete, "/api/v2/users/auth0|1", Some("DELETE /api/v2/users/{id}"))]
#[case(Method::Get, "/api/v2/users/auth0|1/roles", Some("GET /api/v2/users/{id}/roles"))]
#[case(Method::Put, "/api/v2/users/auth0|1", None)]
#[case(Method::Get, "/api/v2/nope", None)]
fn find_matches_concrete_calls(#[case] method: Method, #[case] path: &str, #[case] expected: Option<&str>) {
    assert_eq!(find(method, path).map(Endpoint::id).as_deref(), expected);
}

const OP: &str = r#"{"method":"GET","path":"/api/v2/x","scopes":["a"],"lifecycle":"GA","group":"x","doc":"https://auth0.com/docs/api/management/v2/x/get-x"}"#;

#[test]
fn literal_segments_beat_placeholders() {
    let ops = r#"[
      {"method":"GET","path":"/api/v2/things/{id}","scopes":["a"],"lifecycle":"GA","group":"t","doc":"https://d/one"},
      {"method":"GET","path":"/api/v2/things/special","scopes":["a"],"lifecycle":"GA","group":"t","doc":"https://d/special"}
    ]"#;
    let parsed = parse_catalog(ops, "[]").unwrap_or_default();
    assert_eq!(
        find_in(&parsed, Method::Get, "/things/special").map(|e| e.description.as_str()),
        Some("Special")
    );
    assert_eq!(find_in(&parsed, Method::Get, "/things/x").map(|e| e.description.as_str()), Some("One"));
}

#[rstest]
#[case::bad_json("[", "[]", "not valid JSON")]
#[case::unknown_field_in_curated(
    &format!("[{OP}]"),
    r#"[{"method":"GET","path":"/api/v2/x","destructive":false,"description":"d","oops":1}]"#,
    "unknown field"
)]
#[case::unknown_field_in_operation(
    r#"[{"method":"GET","path":"/api/v2/x","scopes":["a"],"lifecycle":"GA","group":"x","doc":"d","oops":1}]"#,
    "[]",
    "unknown field"
)]
#[case::param_without_placeholder(
    &format!("[{OP}]"),
    r#"[{"method":"GET","path":"/api/v2/x","destructive":false,"description":"d","params":[{"name":"id","in":"path","description":"x","required":true}]}]"#,
    "not in the template"
)]
#[case::destructive_without_confirm(
    &format!("[{OP}]"),
    r#"[{"method":"GET","path":"/api/v2/x","destructive":true,"description":"d"}]"#,
    "confirm"
)]
#[case::curated_without_operation(
    &format!("[{OP}]"),
    r#"[{"method":"GET","path":"/api/v2/y","destructive":false,"description":"d"}]"#,
    "no operation"
)]
#[case::duplicate_curated(
    &format!("[{OP}]"),
    r#"[{"method":"GET","path":"/api/v2/x","destructive":false,"description":"d"},
        {"method":"GET","path":"/api/v2/x","destructive":false,"description":"d"}]"#,
    "duplicate"
)]
#[case::duplicate_operation(&format!("[{OP},{OP}]"), "[]", "duplicate")]
#[case::no_scopes(
    r#"[{"method":"GET","path":"/api/v2/x","scopes":[],"lifecycle":"GA","group":"x","doc":"d"}]"#,
    "[]",
    "no scopes"
)]
#[case::typo_in_rule(
    r#"[{"method":"GET","path":"/api/v2/x","scopes":["a","b"],"rule":"al","lifecycle":"GA","group":"x","doc":"d"}]"#,
    "[]",
    "unknown variant"
)]
#[case::mixed_without_text(
    r#"[{"method":"GET","path":"/api/v2/x","scopes":["a","b"],"rule":"mixed","lifecycle":"GA","group":"x","doc":"d"}]"#,
    "[]",
    "needs Auth0's 403 text"
)]
#[case::bad_prefix(
    r#"[{"method":"GET","path":"/v2/x","scopes":["a"],"lifecycle":"GA","group":"x","doc":"d"}]"#,
    "[]",
    "/api/v2/"
)]
fn invalid_catalogs_are_rejected(#[case] operations: &str, #[case] curated: &str, #[case] reason: &str) {
    let err = parse_catalog(operations, curated).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(err.contains(reason), "{err}");
}

#[test]
fn json_form_has_the_cli_fields() {
    let rows: Vec<TableRow> = catalog().iter().map(|e| TableRow::new(e, None)).collect();
    let json = to_json(&rows);
    let items = json.as_array().map(Vec::as_slice).unwrap_or_default();
    assert_eq!(items.len(), catalog().len());
    for item in items {
        for key in [
            "method",
            "path",
            "group",
            "scopes",
            "scope_rule",
            "rule_source",
            "lifecycle",
            "doc",
            "curated",
            "destructive",
            "description",
            "params",
        ] {
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
    let mixed = items.iter().find(|i| i["path"] == "/api/v2/clients/{id}/connections");
    assert_eq!(mixed.map(|r| &r["scope_rule"]), Some(&json!("mixed")));
    assert_eq!(
        mixed.map(|r| &r["requirement"]),
        Some(&json!([["read:connections"], ["read:clients", "read:client_summary"]]))
    );
    let delete = items.iter().find(|i| i["method"] == "DELETE" && i["curated"] == true);
    assert_eq!(delete.map(|d| &d["destructive"]), Some(&json!(true)));
    assert!(delete.is_some_and(|d| d["confirm"]["will_not"].is_string()));
}

#[test]
fn table_lists_every_endpoint_aligned() {
    let rows: Vec<TableRow> = catalog().iter().map(|e| TableRow::new(e, None)).collect();
    let table = render_table(&rows, None).whole();
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
    assert!(table.lines().any(|l| l.ends_with("a + b = all of them")));
    assert!(table.trim_end().ends_with("(empty: generally available)"));
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
