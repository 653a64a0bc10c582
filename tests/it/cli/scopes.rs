//! `tokex scopes-for` and `tokex endpoints --token/--allowed/--denied/--group` as a user runs
//! them: the real binary, its stdout, stderr and exit code.

use crate::cli_support;

use cli_support::{args, text, tokex};
use serde_json::Value;

fn unsigned_token(scope: &str) -> String {
    use base64::Engine;
    let part = |v: Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());
    let claims = serde_json::json!({
        "iss": "https://acme.eu.auth0.com/",
        "aud": "https://acme.eu.auth0.com/api/v2/",
        "scope": scope,
        "exp": 4_000_000_000i64,
    });
    format!("{}.{}.c2ln", part(serde_json::json!({"alg": "RS256", "typ": "JWT"})), part(claims))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scopes_for_prints_the_least_set_on_one_line() {
    let out = tokex(args(&["scopes-for", "GET", "/users", "POST", "/roles"]), "", vec![]).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "read:users create:roles\n");
    let err = text(&out.stderr);
    assert!(err.contains("GET /api/v2/users: read:users"), "{err}");
    assert!(err.contains("POST /api/v2/roles: create:roles"), "{err}");

    // The all-of rule needs every scope; concrete ids (raw or encoded), templates and the prefix.
    for path in ["/users/auth0|1/roles", "/api/v2/users/auth0%7C1/roles", "/users/{id}/roles"] {
        let out = tokex(args(&["scopes-for", "get", path]), "", vec![]).await;
        assert_eq!(text(&out.stdout), "read:users read:roles read:role_members\n", "{path}");
        assert!(text(&out.stderr).contains("all of (Auth0's 403 text)"), "{}", text(&out.stderr));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scopes_for_reads_lines_from_stdin_and_warns_about_cautious_scopes() {
    let stdin = "# what my script calls\nGET /users\n\n  POST /roles  \n";
    let out = tokex(args(&["scopes-for"]), stdin, vec![]).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "read:users create:roles\n");

    // Reading a client's credentials has no plainer scope: chosen, with a caution line.
    let out = tokex(args(&["scopes-for", "GET", "/clients/abc/credentials"]), "", vec![]).await;
    assert_eq!(text(&out.stdout), "read:client_credentials\n");
    let err = text(&out.stderr);
    assert!(err.contains("caution: read:client_credentials makes client secrets"), "{err}");
    // A plain read gets none.
    let out = tokex(args(&["scopes-for", "GET", "/clients"]), "", vec![]).await;
    assert!(!text(&out.stderr).contains("caution"), "{}", text(&out.stderr));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scopes_for_compares_with_a_token() {
    let token = unsigned_token("read:users delete:users");
    let out =
        tokex(args(&["scopes-for", "GET", "/users", "POST", "/roles", "--token", &token]), "", vec![]).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "read:users create:roles\n");
    let err = text(&out.stderr);
    assert!(err.contains("the token lacks: create:roles"), "{err}");
    assert!(err.contains("not needed by these calls: delete:users"), "{err}");

    // The token from stdin, as JSON.
    let out = tokex(args(&["scopes-for", "GET", "/users", "--token", "-", "--json"]), &token, vec![]).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let json: Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    assert_eq!(json["scopes"][0]["scope"], "read:users");
    assert!(json["scopes"][0]["unlocks"].as_u64().is_some_and(|n| n > 1));
    assert_eq!(json["calls"][0]["path"], "/api/v2/users");
    assert_eq!(json["calls"][0]["served_by"], serde_json::json!(["read:users"]));
    assert_eq!(json["token"]["lacking"], serde_json::json!([]));
    assert_eq!(json["token"]["unneeded"], serde_json::json!(["delete:users"]));
    assert_eq!(json["token"]["passes_all"], true);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scopes_for_refuses_unknown_operations_as_bad_input() {
    let out = tokex(args(&["scopes-for", "GET", "/users", "PUT", "/roles"]), "", vec![]).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = text(&out.stderr);
    assert!(err.contains("PUT /roles is no Management API operation"), "{err}");
    assert!(err.contains("GET /api/v2/roles") && err.contains("POST /api/v2/roles"), "{err}");

    for bad in [vec!["scopes-for", "GET"], vec!["scopes-for", "FETCH", "/users"]] {
        let out = tokex(args(&bad), "", vec![]).await;
        assert_eq!(out.status.code(), Some(2), "{bad:?}: {}", text(&out.stderr));
    }
    let out = tokex(args(&["scopes-for"]), "GET /users\nGET /users extra\n", vec![]).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("stdin line 2"), "{}", text(&out.stderr));
    let out = tokex(args(&["scopes-for"]), "# nothing\n\n", vec![]).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no calls"), "{}", text(&out.stderr));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn endpoints_with_a_token_carry_verdicts_and_filter() {
    let token = unsigned_token("read:users read:roles");
    let out = tokex(args(&["endpoints", "--token", &token, "--json"]), "", vec![]).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let all: Value = serde_json::from_slice(&out.stdout).expect("json");
    let all = all.as_array().expect("array");
    assert_eq!(all.len(), 469);
    let roles = all.iter().find(|e| e["method"] == "GET" && e["path"] == "/api/v2/users/{id}/roles");
    assert_eq!(
        roles.map(|r| (&r["allowed"], &r["missing"])),
        Some((&Value::Bool(false), &serde_json::json!(["read:role_members"])))
    );
    let allowed = all.iter().filter(|e| e["allowed"] == true).count();
    assert!(allowed > 5 && allowed < 100, "{allowed}");

    let out = tokex(args(&["endpoints", "--token", "-", "--allowed", "--json"]), &token, vec![]).await;
    let shown: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(shown.as_array().map(Vec::len), Some(allowed));
    assert!(shown.as_array().is_some_and(|a| a.iter().all(|e| e["allowed"] == true)));

    let out =
        tokex(args(&["endpoints", "--token", &token, "--denied", "--group", "users"]), "", vec![]).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let table = text(&out.stdout);
    let rows: Vec<&str> = table.lines().collect();
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|l| l.starts_with('✗') && l.contains("/api/v2/users")), "{table}");
    assert!(rows.iter().any(|l| l.contains("read:role_members")), "missing scopes shown: {table}");

    // Piped: full width, one line per operation.
    let out = tokex(args(&["endpoints"]), "", vec![]).await;
    let table = text(&out.stdout);
    assert_eq!(table.lines().count(), 469, "one row per operation; header and legend on stderr");
    assert!(!table.contains('…'));
    assert!(table.lines().any(|l| l.contains("  EA  ")), "lifecycle badges");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn endpoints_options_are_checked() {
    let out = tokex(args(&["endpoints", "--allowed"]), "", vec![]).await;
    assert_eq!(out.status.code(), Some(2), "--allowed needs --token");
    let token = unsigned_token("read:users");
    let out = tokex(args(&["endpoints", "--token", &token, "--allowed", "--denied"]), "", vec![]).await;
    assert_eq!(out.status.code(), Some(2));
    let out = tokex(args(&["endpoints", "--group", "userz"]), "", vec![]).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no group named `userz`") && text(&out.stderr).contains("users"));
    let out = tokex(args(&["endpoints", "--token", "not-a-token"]), "", vec![]).await;
    assert_eq!(out.status.code(), Some(3), "bad input, as in every command");
    assert!(out.stdout.is_empty());
}

/// Issue 20, point 5: the three classes of scope in the words of every command that names a
/// token's scopes. A used scope gets Auth0's description; a real Management API scope that no
/// documented operation uses is called that, never a typo; only a scope unknown to the
/// Management API is "typo, or another API's scope?".
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_command_words_the_three_classes_of_scope_alike() {
    const REAL: &str =
        "read:users_app_metadata: a real Management API scope that no documented operation uses";
    const UNKNOWN: &str = "read:userz: unknown to the Management API (typo, or another API's scope?)";
    let token = unsigned_token("read:users read:userz read:users_app_metadata");
    let plain = unsigned_token("read:users");
    let check = |what: &str, said: &str| {
        assert!(said.contains(REAL) && said.contains(UNKNOWN), "{what}: {said}");
        for wrong in ["read:users: a real", "read:users: unknown"] {
            assert!(!said.contains(wrong), "{what}: a used scope is neither: {said}");
        }
        assert_eq!(said.matches("typo").count(), 1, "{what}: only the unknown one is a typo: {said}");
    };

    let out = tokex(args(&["decode", &token]), "", vec![]).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    check("decode", &text(&out.stdout));

    let out = tokex(args(&["diff", &plain, &token]), "", vec![]).await;
    assert_eq!(out.status.code(), Some(9), "{}", text(&out.stderr));
    check("diff", &text(&out.stdout));

    // endpoints: piped, the notes go with the legend to stderr.
    let out = tokex(args(&["endpoints", "--token", &token]), "", vec![]).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    check("endpoints", &text(&out.stderr));
    assert!(!text(&out.stdout).contains("typo"), "stdout stays rows");

    let out = tokex(args(&["scopes-for", "GET", "/users", "--token", &token]), "", vec![]).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let said = text(&out.stderr);
    check("scopes-for", &said);
    assert!(said.contains("read:users: Read Users · used by "), "Auth0's description: {said}");
    assert_eq!(text(&out.stdout), "read:users\n");
}
