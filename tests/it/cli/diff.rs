//! `tokex diff`: the real binary on token pairs, as arguments, stdin and @FILE; exit codes
//! 0 (equal), 9 (different), 3 (bad input), and hostile claim text escaped.

use crate::cli_support;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use cli_support::{args, text, tokex};
use serde_json::{Value, json};

fn token(kid: &str, claims: Value) -> String {
    let part = |v: &Value| URL_SAFE_NO_PAD.encode(v.to_string());
    format!("{}.{}.c2lnbmF0dXJl", part(&json!({"alg": "RS256", "typ": "JWT", "kid": kid})), part(&claims))
}

fn mgmt(kid: &str, scope: &str, exp: i64) -> String {
    token(
        kid,
        json!({"iss": "https://acme.eu.auth0.com/", "aud": "https://acme.eu.auth0.com/api/v2/",
               "sub": "client1@clients", "azp": "client1", "iat": exp - 86_400, "exp": exp,
               "gty": "client-credentials", "scope": scope}),
    )
}

#[tokio::test]
async fn same_grant_fetched_twice_is_equal() {
    let a = mgmt("k1", "read:users read:roles", 4_000_000_000);
    let b = mgmt("k2", "read:roles read:users", 4_000_003_600);
    let out = tokex(args(&["diff", &a, &b]), "", vec![]).await;
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    assert!(stdout.starts_with("equal"), "{stdout}");
    assert!(stdout.contains("kid") && stdout.contains("k1") && stdout.contains("k2"), "{stdout}");
    assert!(stdout.contains("scopes: 0 gained, 0 lost") && stdout.contains("0 gained, 0 lost"), "{stdout}");
}

#[tokio::test]
async fn scopes_and_operations_gained_and_lost() {
    let a = mgmt("k", "read:users delete:users", 4_000_000_000);
    let b = mgmt("k", "read:users read:roles create:roles", 4_000_000_000);
    let out = tokex(args(&["diff", &a, &b]), "", vec![]).await;
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(9), "{stdout}");
    assert!(stdout.starts_with("different"), "{stdout}");
    // Scopes by resource, one line each, as the Inspector groups them.
    assert!(stdout.contains("scopes: 2 gained, 1 lost"), "{stdout}");
    assert!(stdout.lines().any(|l| l.trim() == "roles +create +read"), "{stdout}");
    assert!(stdout.lines().any(|l| l.trim() == "users −delete"), "{stdout}");
    assert!(stdout.contains("    − DELETE /api/v2/users/{id}"), "{stdout}");
    assert!(stdout.contains("    + POST /api/v2/roles"), "{stdout}");

    let out = tokex(args(&["diff", &a, "--json", "-"]), b.as_bytes(), vec![]).await;
    assert_eq!(out.status.code(), Some(9));
    let json: Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    assert_eq!(json["equal"], false);
    assert_eq!(json["scopes"]["lost"], json!(["delete:users"]));
    let groups = json["operations"]["groups"].as_array().cloned().unwrap_or_default();
    let roles = groups.iter().find(|g| g["group"] == "roles").expect("roles group");
    assert!(roles["gained"].as_array().is_some_and(|g| g.contains(&json!("GET /api/v2/roles"))));
    assert!(json["operations"]["lost"].as_u64().is_some_and(|n| n >= 1));
}

#[tokio::test]
async fn another_tenant_differs_and_files_work() {
    let dir = std::env::temp_dir().join(format!("tokex-diff-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let file = dir.join("a.jwt");
    std::fs::write(&file, format!("Bearer {}\n", mgmt("k", "read:users", 4_000_000_000))).expect("write");
    let other = token(
        "k",
        json!({"iss": "https://evil.example/", "aud": "https://evil.example/api/v2/", "sub": "client1@clients",
               "azp": "client1", "exp": 4_000_000_000i64, "scope": "read:users"}),
    );
    let out = tokex(args(&["diff", &format!("@{}", file.display()), &other]), "", vec![]).await;
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(9), "{stdout}{}", text(&out.stderr));
    assert!(stdout.contains("https://evil.example/"), "{stdout}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn bad_input_is_exit_3_and_names_the_side() {
    let good = mgmt("k", "read:users", 4_000_000_000);
    for (left, right, stdin, expected) in [
        (good.as_str(), "not-a-token", "", "second token"),
        ("@/nonexistent/tokex/token", good.as_str(), "", "first token: cannot read"),
        ("@/dev/null", good.as_str(), "", "first token"),
        ("-", "-", "x", "only one input can read stdin"),
        ("-", good.as_str(), "\u{1b}]0;pwned\u{7}", "first token"),
    ] {
        let out = tokex(args(&["diff", left, right]), stdin, vec![]).await;
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(3), "{left} {right}: {stderr}");
        assert!(stderr.contains(expected), "{left} {right}: {stderr}");
        assert!(!stderr.contains('\u{1b}') && out.stdout.is_empty(), "{stderr}");
    }
}

#[tokio::test]
async fn a_fifo_is_refused_not_waited_on() {
    let dir = std::env::temp_dir().join(format!("tokex-diff-fifo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let fifo = dir.join("token.fifo");
    let _ = std::fs::remove_file(&fifo);
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo").success());
    let good = mgmt("k", "read:users", 4_000_000_000);
    let run = tokex(args(&["diff", &format!("@{}", fifo.display()), &good]), "", vec![]);
    // Opening a FIFO for reading waits for a writer; a broken implementation never returns.
    let out = tokio::time::timeout(std::time::Duration::from_secs(20), run).await.expect("tokex returned");
    assert_eq!(out.status.code(), Some(3));
    assert!(text(&out.stderr).contains("is not a regular file"), "{}", text(&out.stderr));
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn hostile_claims_are_escaped() {
    let a = mgmt("k", "read:users", 4_000_000_000);
    let b = token(
        "\u{1b}[2J",
        json!({"iss": "https://acme.eu.auth0.com/\u{1b}]52;c;cHduZWQ=\u{7}", "sub": "x\u{202e}y",
               "exp": 4_000_000_000i64, "scope": "read:users \u{1b}[31mevil"}),
    );
    let out = tokex(args(&["diff", &a, &b]), "", vec![]).await;
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(9));
    assert!(
        !stdout.contains('\u{1b}') && !stdout.contains('\u{202e}') && !stdout.contains('\u{7}'),
        "{stdout}"
    );
    let out = tokex(args(&["diff", "--json", &a, &b]), "", vec![]).await;
    assert!(!out.stdout.contains(&0x1b), "{}", text(&out.stdout));
}

/// 280 scopes gained are a line per resource, not one line of 280 scopes.
#[tokio::test]
async fn many_scopes_are_grouped_by_resource() {
    let many: Vec<String> = (0..70)
        .flat_map(|i| {
            ["read", "create", "update", "delete"].map(|action| format!("{action}:resource_{i:02}"))
        })
        .collect();
    let a = mgmt("k", "read:users", 4_000_000_000);
    let b = mgmt("k", &many.join(" "), 4_000_000_000);
    let out = tokex(args(&["diff", &a, &b]), "", vec![]).await;
    let stdout = text(&out.stdout);
    assert!(stdout.contains("scopes: 280 gained, 1 lost"), "{stdout}");
    assert!(stdout.lines().all(|line| line.chars().count() < 120), "no wall of scopes:\n{stdout}");
    assert!(stdout.lines().any(|l| l.trim() == "resource_07 +create +delete +read +update"), "{stdout}");
}
