//! `tokex exposure` against the real local tenant (issue 23): a client's tokens fetched, its
//! grant changed, a write, its secret rotated, knocks with the old secret, its grant deleted;
//! the report says exactly those counts, addresses and times, and "all clear at" is the newest
//! token's own `exp`. A retention shorter than the window is reported; more than 1,000 events
//! are read within `ceil(events / 100) + 3` requests; the page limit says where it stopped.
// Needs the local tenant (the default `tenant` feature).
#![cfg(feature = "tenant")]

use crate::cli_support::{args, text, tokex_in};
use crate::tenant_support::{self, admin_get, b64url_json, get, request, token_for, token_request};
use reqwest::Method;
use serde_json::{Value, json};
use std::path::PathBuf;
use tokex::tenant::{RunningTenant, TenantConfig};

fn home(name: &str) -> PathBuf {
    let home = std::env::temp_dir().join(format!("tokex-exposure-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&home);
    std::fs::create_dir_all(&home).expect("home");
    home
}

/// The admin client as the environment profile, with a private token cache.
fn admin_env(tenant: &RunningTenant, home: &std::path::Path) -> Vec<(&'static str, String)> {
    let admin = tenant.client("tokex-admin").expect("admin");
    vec![
        ("AUTH0_DOMAIN", tenant.domain()),
        ("AUTH0_CLIENT_ID", admin.client_id),
        ("AUTH0_CLIENT_SECRET", admin.client_secret),
        ("XDG_CACHE_HOME", home.join("cache").display().to_string()),
    ]
}

fn claims(token: &str) -> Value {
    b64url_json(token.split('.').nth(1).expect("payload"))
}

fn epoch(token: &str, claim: &str) -> i64 {
    claims(token)[claim].as_i64().expect("a time claim")
}

fn iso(at: i64) -> String {
    chrono::DateTime::<chrono::Utc>::from_timestamp(at, 0)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

async fn start(token_lifetime_secs: i64, log_retention_days: Option<u32>) -> RunningTenant {
    let config = TenantConfig { token_lifetime_secs, log_retention_days, ..TenantConfig::default() };
    RunningTenant::start(config).await.expect("tenant starts")
}

async fn exposure(
    home: &std::path::Path,
    env: Vec<(&'static str, String)>,
    list: &[&str],
    stdin: &str,
) -> (i32, Value, String) {
    let out = tokex_in(home.to_path_buf(), args(list), stdin, env).await;
    let stderr = text(&out.stderr);
    let report = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out.status.code().unwrap_or(-1), report, stderr)
}

fn budget(report: &Value) {
    let (requests, events) =
        (report["requests"].as_u64().unwrap_or(u64::MAX), report["events"].as_u64().unwrap_or(0));
    assert!(requests <= events.div_ceil(100) + 3, "{requests} requests for {events} events");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_incident_is_reported_with_its_exact_numbers() {
    // An hour's lifetime: the seed's month of history is older than every live token.
    let tenant = start(3_600, None).await;
    let home = home("incident");
    let readonly = tenant.client("tokex-readonly").expect("readonly");
    let audience = tenant.audience();
    let grant =
        admin_get(&tenant, &format!("/client-grants?client_id={}", readonly.client_id)).await.body[0].clone();
    let grant_path = format!("/api/v2/client-grants/{}", grant["id"].as_str().expect("grant id"));
    let admin = token_for(&tenant, "tokex-admin").await;
    let old_secret = readonly.client_secret.clone();

    // Two clients' tokens: the admin's above, and the read-only client's first one.
    let first = token_for(&tenant, "tokex-readonly").await;
    // Its grant gains update:users; its second token writes with it.
    let widened = request(&tenant, Method::PATCH, &grant_path, |r| {
        r.bearer_auth(&admin).json(&json!({"scope": ["read:users", "read:stats", "update:users"]}))
    })
    .await;
    assert!(widened.status.is_success(), "{}", widened.text);
    let second = token_for(&tenant, "tokex-readonly").await;
    let user =
        get(&tenant, &admin, "/users?per_page=1").await.body[0]["user_id"].as_str().expect("user").to_owned();
    let user_path = format!("/api/v2/users/{}", user.replace('|', "%7C"));
    let wrote = request(&tenant, Method::PATCH, &user_path, |r| {
        r.bearer_auth(&second).json(&json!({"app_metadata": {"plan": "x"}}))
    })
    .await;
    assert!(wrote.status.is_success(), "{}", wrote.text);
    // The secret rotated by the admin; two knocks with the old one; a token with the new one.
    let rotated = request(
        &tenant,
        Method::POST,
        &format!("/api/v2/clients/{}/rotate-secret", readonly.client_id),
        |r| r.bearer_auth(&admin),
    )
    .await;
    let new_secret = rotated.body["client_secret"].as_str().expect("new secret").to_owned();
    for _ in 0..2 {
        let knock = token_request(&tenant, &readonly.client_id, &old_secret, &audience).await;
        assert_eq!(knock.status.as_u16(), 401, "{}", knock.text);
    }
    let third =
        token_request(&tenant, &readonly.client_id, &new_secret, &audience).await.body["access_token"]
            .as_str()
            .expect("third token")
            .to_owned();
    // The grant deleted: no new token, and the three stay valid.
    let deleted = request(&tenant, Method::DELETE, &grant_path, |r| r.bearer_auth(&admin)).await;
    assert_eq!(deleted.status.as_u16(), 204, "{}", deleted.text);

    let env = admin_env(&tenant, &home);
    let (code, report, stderr) =
        exposure(&home, env.clone(), &["exposure", "--json", &readonly.client_id], "").await;
    assert_eq!(code, 10, "live tokens: {stderr}");
    assert_eq!(report["client_name"], "tokex-readonly");
    assert_eq!(report["live_tokens"], 3, "{report}");
    assert_eq!(report["all_clear_epoch"], epoch(&third, "exp"), "the newest token's own exp");
    assert_eq!(report["all_clear_at"], iso(epoch(&third, "exp")));
    assert_eq!(report["first_issued"], iso(epoch(&first, "iat")));
    assert_eq!(report["last_issued"], iso(epoch(&third, "iat")));
    let expires: Vec<i64> = report["tokens"]
        .as_array()
        .expect("tokens")
        .iter()
        .filter_map(|t| t["expires_epoch"].as_i64())
        .collect();
    assert_eq!(expires, [epoch(&first, "exp"), epoch(&second, "exp"), epoch(&third, "exp")]);
    assert_eq!(
        report["ips"],
        json!([{"value": "127.0.0.1", "count": 3, "first": iso(epoch(&first, "iat")), "last": iso(epoch(&third, "iat"))}])
    );
    assert_eq!(report["rotation"]["kind"], "rotated");
    assert_eq!(report["rotation"]["by"], "tokex-admin");
    assert_eq!(report["rotation"]["live_tokens_after"], 1);
    assert_eq!(report["grant_change"]["kind"], "deleted");
    assert_eq!(report["grant_change"]["live_tokens_after"], 0);
    assert_eq!(report["grant"]["exists"], false);
    assert_eq!(report["knocking"]["count"], 2);
    assert_eq!(report["knocking"]["since_rotation"], true);
    assert_eq!(report["knocking"]["ips"][0]["value"], "127.0.0.1");
    let activity = report["activity"].as_array().expect("activity");
    assert_eq!(activity.len(), 1, "{activity:?}");
    assert_eq!((activity[0]["type"].as_str(), activity[0]["method"].as_str()), (Some("sapi"), Some("PATCH")));
    assert_eq!(activity[0]["path"], format!("/api/v2/users/{user}"));
    assert_eq!(report["lifetime"], json!({"seconds": 3600, "source": "tenant"}));
    assert_eq!(report["unknown"]["complete_from"], Value::Null, "{report}");
    assert_eq!(report["remedies"][0]["possible"], false, "the grant is already gone");
    budget(&report);

    // The same story from one of the client's tokens, on stdin and from a file; and as text.
    let (code, by_token, _) = exposure(&home, env.clone(), &["exposure", "--json", "-"], &first).await;
    assert_eq!((code, by_token["live_tokens"].as_u64()), (10, Some(3)));
    let file = home.join("token.jwt");
    std::fs::write(&file, &second).expect("token file");
    let (code, by_file, _) =
        exposure(&home, env.clone(), &["exposure", "--json", &format!("@{}", file.display())], "").await;
    assert_eq!((code, by_file["all_clear_epoch"].as_i64()), (10, Some(epoch(&third, "exp"))));
    let out = tokex_in(home.clone(), args(&["exposure", &readonly.client_id]), "", env.clone()).await;
    let words = text(&out.stdout);
    assert!(words.contains("3 live tokens · all clear at "), "{words}");
    assert!(words.contains("2 failed exchanges since the rotation"), "{words}");
    assert!(words.contains("the grant is deleted: no new token can be issued"), "{words}");
    assert!(words.contains("plain GETs leave no log event"), "{words}");

    // --all: the admin first (its live tokens carry privileged scopes); the read-only client
    // is listed though its grant is gone, with its three live tokens.
    let (code, all, stderr) = exposure(&home, env, &["exposure", "--all", "--json"], "").await;
    assert_eq!(code, 10, "{stderr}");
    let clients = all["clients"].as_array().expect("clients");
    assert_eq!(clients[0]["client_name"], "tokex-admin", "{all}");
    assert!(clients[0]["risk"].as_u64().unwrap_or(0) > 0);
    let listed = clients.iter().find(|c| c["client_id"] == readonly.client_id.as_str()).expect("listed");
    assert_eq!(
        (listed["live_tokens"].as_u64(), listed["grant"].as_bool()),
        (Some(3), Some(false)),
        "{listed}"
    );
    assert_eq!(listed["client_name"], "tokex-readonly");
    assert_eq!(listed["distinct_ips"], 1, "{listed}");
    assert_eq!(listed["last_issued"], iso(epoch(&third, "iat")), "{listed}");
    assert_eq!(listed["knocks_since_rotation"], 2, "{listed}");
    // As text: a table, riskiest first, one row per client with its numbers.
    let out = tokex_in(home.clone(), args(&["exposure", "--all"]), "", admin_env(&tenant, &home)).await;
    assert_eq!(out.status.code(), Some(10));
    let table = text(&out.stdout);
    let rows: Vec<&str> = table.lines().collect();
    let admin_row = rows.iter().position(|r| r.contains("tokex-admin (")).expect("admin row");
    let readonly_row =
        rows.iter().position(|r| r.contains(&format!("tokex-readonly ({})", readonly.client_id)));
    assert!(readonly_row.is_some_and(|row| row > admin_row), "riskiest first:\n{table}");
    let readonly_line = rows[readonly_row.unwrap_or(0)];
    assert!(
        readonly_line.contains("(grant deleted)") && readonly_line.split_whitespace().nth(1) == Some("3"),
        "{table}"
    );
    tenant.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_without_tokens_is_clear_and_a_short_retention_is_reported() {
    // Two days' lifetime, one day's log: the window is not covered.
    let tenant = start(2 * 86_400, Some(1)).await;
    let home = home("retention");
    let quiet = tenant.client("tokex-no-scope").expect("client");
    let (code, report, stderr) =
        exposure(&home, admin_env(&tenant, &home), &["exposure", "--json", &quiet.client_id], "").await;
    assert_eq!(code, 10, "no live token seen, but the log cannot rule one out: {stderr}");
    assert_eq!(report["live_tokens"], 0);
    assert_eq!(report["clear"], false);
    assert!(report["unknown"]["complete_from"].is_string(), "{report}");
    let notes = report["unknown"]["notes"].to_string();
    assert!(notes.contains("reaches back only to"), "{notes}");
    budget(&report);

    // With a day's lifetime the same log covers the window: clear, exit 0.
    let tenant_day = start(86_400, Some(2)).await;
    let quiet = tenant_day.client("tokex-no-scope").expect("client");
    let (code, report, stderr) =
        exposure(&home, admin_env(&tenant_day, &home), &["exposure", "--json", &quiet.client_id], "").await;
    assert_eq!((code, report["clear"].as_bool()), (0, Some(true)), "{stderr}{report}");
    tenant.shutdown().await;
    tenant_day.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn more_than_a_thousand_events_stay_within_the_request_budget() {
    let tenant = start(3_600, None).await;
    let home = home("paging");
    let readonly = tenant.client("tokex-readonly").expect("readonly");
    let token = token_for(&tenant, "tokex-readonly").await;
    // 1,050 failed writes: one fapi event each.
    let http = tenant_support::http();
    let url = format!("{}/api/v2/users/nobody", tenant.domain());
    for _ in 0..1_050 {
        let answer = http.delete(&url).bearer_auth(&token).send().await.expect("send");
        assert_eq!(answer.status().as_u16(), 403);
    }
    let env = admin_env(&tenant, &home);
    let (code, report, stderr) =
        exposure(&home, env.clone(), &["exposure", "--json", &readonly.client_id], "").await;
    assert_eq!(code, 10, "{stderr}");
    assert_eq!(report["activity"].as_array().map(Vec::len), Some(1_050));
    assert_eq!(report["live_tokens"], 1);
    assert!(report["events"].as_u64().unwrap_or(0) > 1_000, "{}", report["events"]);
    assert_eq!(report["unknown"]["complete_from"], Value::Null);
    budget(&report);

    // Three pages: the newest 300 events, and a note that says where the answer stops.
    let (code, capped, _) =
        exposure(&home, env, &["exposure", "--json", "--max-pages", "3", &readonly.client_id], "").await;
    assert_eq!(code, 10);
    assert_eq!(capped["requests"], 5, "the lifetime, the grant and three pages");
    assert!(capped["unknown"]["notes"].to_string().contains("incomplete after 300 events"), "{capped}");
    assert!(capped["unknown"]["complete_from"].is_string());
    tenant.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rate_limited_tenant_is_waited_for_and_the_retries_are_counted() {
    // Auth0's free tier: a burst of 2 and 2 a second; the story needs 3 requests or more.
    let config = TenantConfig {
        token_lifetime_secs: 3_600,
        rate_limit: tokex::tenant::RateLimit { burst: 2, per_second: 2.0 },
        ..TenantConfig::default()
    };
    let tenant = RunningTenant::start(config).await.expect("tenant starts");
    let home = home("limited");
    let readonly = tenant.client("tokex-readonly").expect("readonly");
    let _token = token_for(&tenant, "tokex-readonly").await;
    let env = admin_env(&tenant, &home);
    // Spend the bucket first, so the command meets a 429.
    let admin = token_for(&tenant, "tokex-admin").await;
    for _ in 0..3 {
        let _ = get(&tenant, &admin, "/users?per_page=1").await;
    }
    let (code, report, stderr) = exposure(&home, env, &["exposure", "--json", &readonly.client_id], "").await;
    assert_eq!(code, 10, "{stderr}");
    assert_eq!(report["live_tokens"], 1, "{report}");
    assert!(report["rate_limited_requests"].as_u64().unwrap_or(0) > 0, "{report}");
    tenant.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_the_log_holds_is_escaped_and_the_grant_line_reads_no_secret() {
    let tenant = start(3_600, None).await;
    let home = home("hostile");
    let readonly = tenant.client("tokex-readonly").expect("readonly");
    // A failed write whose path, decoded, retitles the terminal and reverses the line.
    let token = token_for(&tenant, "tokex-readonly").await;
    let hostile = "/api/v2/users/%1B%5D0%3Bpwned%07%E2%80%AEgnp.exe";
    let refused = request(&tenant, Method::DELETE, hostile, |r| r.bearer_auth(&token)).await;
    assert_eq!(refused.status.as_u16(), 403, "{}", refused.text);
    let env = admin_env(&tenant, &home);
    let out = tokex_in(home.clone(), args(&["exposure", &readonly.client_id]), "", env.clone()).await;
    let words = text(&out.stdout);
    assert!(words.contains("DELETE /api/v2/users/\\u{1b}]0;pwned\\u{7}\\u{202e}gnp.exe"), "{words}");
    for raw in ['\u{1b}', '\u{7}', '\u{202e}'] {
        assert!(!words.contains(raw), "{raw:?} reached the terminal: {words}");
    }
    let (_, report, _) = exposure(&home, env.clone(), &["exposure", "--json", &readonly.client_id], "").await;
    assert_eq!(
        report["activity"][0]["path"], "/api/v2/users/\u{1b}]0;pwned\u{7}\u{202e}gnp.exe",
        "JSON keeps it"
    );

    // `tokex drift` reads the client with the admin's token (which may read secrets): it asks
    // for the client's id only, so the admin's story shows no secret read.
    let drift = tokex_in(home.clone(), args(&["drift", &token]), "", env.clone()).await;
    assert_eq!(drift.status.code(), Some(0), "{}", text(&drift.stderr));
    let admin = tenant.client("tokex-admin").expect("admin");
    let (_, story, _) = exposure(&home, env, &["exposure", "--json", &admin.client_id], "").await;
    assert_eq!(story["secrets_read"], json!([]), "{story}");
    tenant.shutdown().await;
}

/// The profile's secret is refused at the token endpoint: exposure exits as `tokex fetch` does
/// with that secret (the tenant's 401), not as a network failure, and says which profile.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_secret_exits_as_fetch_does() {
    let tenant = start(3_600, None).await;
    let home = home("refused");
    let readonly = tenant.client("tokex-readonly").expect("readonly");
    let mut env = admin_env(&tenant, &home);
    for (name, value) in env.iter_mut() {
        if *name == "AUTH0_CLIENT_SECRET" {
            *value = "not-the-secret".to_owned();
        }
    }
    let fetched = tokex_in(home.clone(), args(&["fetch", "--no-cache"]), "", env.clone()).await;
    let (code, _, stderr) = exposure(&home, env, &["exposure", &readonly.client_id], "").await;
    assert_ne!(fetched.status.code(), Some(0));
    assert_eq!(Some(code), fetched.status.code(), "{stderr}");
    assert!(stderr.contains("no token of profile env to read the log with"), "{stderr}");
    tenant.shutdown().await;
}
