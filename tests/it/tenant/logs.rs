//! The local tenant's log tells a client's token story in Auth0's shapes (docs/auth0.md#log-events):
//! `seccft`/`feccft` for exchanges, `sapi`/`fapi` for every changing call, `mgmt_api_read` for a
//! read that returned a secret, `api_limit` on 429s; `q` filters by type, client and date with
//! AND/OR; searches page through at most 1,000 results; checkpoints page without that cap;
//! `--log-retention-days` drops older events; `tokex demo`'s history tells a whole story.
#![cfg(feature = "tenant")]

use chrono::{Duration, Utc};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tokex::tenant::{RateLimit, RunningTenant, TenantConfig};

use crate::tenant_support::*;

/// Every event of the tenant's log, newest first (at most 100).
async fn events(t: &RunningTenant, token: &str, q: &str) -> Vec<Value> {
    let r =
        get(t, token, &format!("logs?per_page=100&q={}", q.replace(' ', "%20").replace('"', "%22"))).await;
    assert_eq!(r.status, StatusCode::OK, "{q}: {}", r.text);
    r.body.as_array().cloned().expect("an array")
}

const HEAD: [&str; 10] = [
    "date",
    "type",
    "description",
    "client_id",
    "client_name",
    "ip",
    "user_agent",
    "hostname",
    "user_id",
    "user_name",
];
const TAIL: [&str; 6] = ["details", "isMobile", "tenant_name", "environment_name", "log_id", "_id"];

fn fields(head_extra: &[&str]) -> Vec<String> {
    HEAD.iter().chain(head_extra).chain(TAIL.iter()).map(|s| s.to_string()).collect()
}

#[tokio::test]
async fn every_step_of_a_token_story_is_logged_in_auth0s_shape() {
    let t = start().await;
    let admin = t.client("tokex-admin").expect("admin");
    let with_agent = [
        ("grant_type", "client_credentials"),
        ("client_id", admin.client_id.as_str()),
        ("client_secret", "a wrong secret"),
        ("audience", "https://api.tokex.example/"),
        ("scope", "read:things"),
    ];
    post(&t, "/oauth/token", |r| r.header("user-agent", "story/1.0").form(&with_agent)).await;
    let token = token_for(&t, "tokex-admin").await;
    let ro = t.client("tokex-readonly").expect("readonly");

    let feccft = &events(&t, &token, "type:feccft AND user_agent:\"story/1.0\"").await[0];
    assert_eq!(keys(feccft), fields(&["audience", "scope"]));
    assert_eq!(feccft["description"], "Unauthorized");
    assert_eq!(
        (feccft["audience"].as_str(), feccft["scope"].as_str()),
        (Some("https://api.tokex.example/"), Some("read:things"))
    );
    assert_eq!(
        feccft["details"]["error"],
        json!({"message": "Unauthorized", "oauthError": "access_denied", "type": "oauth-authorization"})
    );
    let seccft = &events(&t, &token, &format!("type:seccft AND client_id:\"{}\"", admin.client_id)).await[0];
    assert_eq!(keys(seccft), fields(&["audience", "scope"]));
    assert_eq!(
        (seccft["client_name"].as_str(), seccft["ip"].as_str(), seccft["hostname"].as_str()),
        (Some("tokex-admin"), Some("127.0.0.1"), Some("127.0.0.1"))
    );
    assert_eq!(seccft["audience"], t.audience());
    let claims = b64url_json(token.split('.').nth(1).expect("payload"));
    assert_eq!(seccft["scope"], claims["scope"], "exactly the token's scope");
    assert_eq!(
        (seccft["tenant_name"].as_str(), seccft["environment_name"].as_str()),
        (Some("tokex-dev"), Some("local"))
    );
    assert_eq!(seccft["details"], json!({"actions": {"executions": []}}));

    // Writes: a rotation (its answer holds the new secret), a refused grant change, a deletion.
    let rotated = post(&t, &format!("/api/v2/clients/{}/rotate-secret", ro.client_id), |r| {
        r.bearer_auth(&token).header("user-agent", "story/1.0")
    })
    .await;
    assert_eq!(rotated.status, StatusCode::OK);
    let new_secret = rotated.body["client_secret"].as_str().expect("secret").to_string();
    let grants = get(&t, &token, &format!("client-grants?client_id={}", ro.client_id)).await;
    let grant = grants.body[0]["id"].as_str().expect("grant").to_string();
    let bad = json!({"scope": ["no:such-scope"]});
    let path = format!("/api/v2/client-grants/{grant}");
    let refused = request(&t, Method::PATCH, &path, |r| r.bearer_auth(&token).json(&bad)).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    let deleted =
        request(&t, Method::DELETE, &format!("/api/v2/client-grants/{grant}"), |r| r.bearer_auth(&token))
            .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    // Reads: one that shows secrets, one that does not.
    let secret_read =
        get(&t, &token, &format!("clients/{}?fields=client_id%2Cclient_secret", ro.client_id)).await;
    assert_eq!(secret_read.status, StatusCode::OK);
    assert_eq!(get(&t, &token, "users?per_page=1").await.status, StatusCode::OK);

    let calls = events(&t, &token, "type:(sapi OR fapi OR mgmt_api_read) AND ip:\"127.0.0.1\"").await;
    let kinds: Vec<&str> = calls.iter().filter_map(|e| e["type"].as_str()).collect();
    assert_eq!(kinds, ["mgmt_api_read", "sapi", "fapi", "sapi"], "newest first; plain GETs leave no event");
    for event in &calls {
        assert_eq!(keys(event), fields(&[]), "{event}");
        assert_eq!(event["client_id"], admin.client_id.as_str());
        assert_eq!(event["details"]["request"]["auth"]["user"], format!("{}@clients", admin.client_id));
    }
    let (read, delete, fapi, rotate) = (&calls[0], &calls[1], &calls[2], &calls[3]);
    assert_eq!(rotate["description"], "Rotate client secret");
    assert_eq!(rotate["user_agent"], "story/1.0");
    assert_eq!(rotate["details"]["request"]["method"], "post");
    assert_eq!(
        rotate["details"]["request"]["path"],
        format!("/api/v2/clients/{}/rotate-secret", ro.client_id)
    );
    assert_eq!(rotate["details"]["response"]["statusCode"], 200);
    assert_eq!(rotate["details"]["response"]["body"]["client_secret"], "[REDACTED]");
    assert_eq!(rotate["details"]["accessedSecrets"], json!(["client_secret"]));
    assert_eq!(fapi["description"], "Update client grant");
    assert_eq!(fapi["details"]["request"]["method"], "patch");
    assert_eq!(fapi["details"]["request"]["path"], format!("/api/v2/client-grants/{grant}"));
    assert_eq!(fapi["details"]["request"]["body"], bad);
    assert_eq!(fapi["details"]["response"]["statusCode"], 400);
    assert_eq!(fapi["details"]["response"]["body"]["errorCode"], "invalid_scope");
    assert_eq!(delete["details"]["response"], json!({"statusCode": 204, "body": {}}));
    assert_eq!(read["description"], "Get client");
    assert_eq!(read["details"]["request"]["method"], "get");
    let path = format!("/api/v2/clients/{}", ro.client_id);
    assert_eq!(read["details"]["request"]["path"], path, "path without query");
    assert_eq!(read["details"]["request"]["query"], json!({"fields": "client_id,client_secret"}));
    let redacted = json!({"client_id": ro.client_id, "client_secret": "[REDACTED]"});
    assert_eq!(read["details"]["response"]["body"], redacted);
    assert_eq!(read["details"]["accessedSecrets"], json!(["client_secret"]));

    // No secret of any client, old or new, is anywhere in the log.
    let everything = get(&t, &token, "logs?per_page=100").await.text;
    for secret in [admin.client_secret.as_str(), ro.client_secret.as_str(), new_secret.as_str()] {
        assert!(!everything.contains(secret), "a secret is in the log");
    }
}

#[tokio::test]
async fn refusals_by_a_rate_limit_are_logged_as_api_limit_once_a_second() {
    let config =
        TenantConfig { rate_limit: RateLimit { burst: 2, per_second: 0.001 }, ..TenantConfig::default() };
    let t = RunningTenant::start_with_token_limit(config, RateLimit { burst: 1, per_second: 0.001 })
        .await
        .expect("tenant");
    let admin = t.client("tokex-admin").expect("admin");
    let token = token_for(&t, "tokex-admin").await;
    let refused = token_request(&t, &admin.client_id, &admin.client_secret, &t.audience()).await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    let first = get(&t, &token, "logs?per_page=100&q=type:api_limit").await;
    assert_eq!(first.status, StatusCode::OK);
    let limits = first.body.as_array().cloned().expect("array");
    assert_eq!(limits.len(), 1, "{}", first.text);
    let oauth = &limits[0];
    assert_eq!(keys(oauth), fields(&[]));
    assert_eq!(oauth["client_id"], admin.client_id.as_str());
    assert_eq!(
        oauth["details"],
        json!({"limit": {"bucket": "oauth-token", "global": false, "size": 1},
               "request": {"method": "post", "path": "/oauth/token"}, "response": "Global rate limit exceeded"})
    );
    // The Management API's refusals, on a tenant whose bucket refills within the test.
    let t2 = RunningTenant::start(TenantConfig {
        rate_limit: RateLimit { burst: 3, per_second: 0.5 },
        ..TenantConfig::default()
    })
    .await
    .expect("tenant");
    let token2 = token_for(&t2, "tokex-admin").await;
    for _ in 0..6 {
        get(&t2, &token2, "users?per_page=1").await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(2_100)).await;
    let logged = get(&t2, &token2, "logs?per_page=100&q=type:api_limit").await;
    assert_eq!(logged.status, StatusCode::OK, "{}", logged.text);
    let events = logged.body.as_array().cloned().expect("array");
    assert_eq!(events.len(), 1, "four refusals within a second write one event: {}", logged.text);
    assert_eq!(events[0]["client_id"], t2.client("tokex-admin").expect("admin").client_id.as_str());
    assert_eq!(events[0]["details"]["limit"], json!({"bucket": "management-api", "global": true, "size": 3}));
    assert_eq!(events[0]["details"]["request"], json!({"method": "get", "path": "/api/v2/users"}));
}

#[tokio::test]
async fn log_search_filters_by_type_client_and_date_and_pages_like_auth0() {
    let t = start().await;
    let token = token_for(&t, "tokex-admin").await;
    let admin = t.client("tokex-admin").expect("admin").client_id;
    let ro = t.client("tokex-readonly").expect("readonly");
    token_request(&t, &ro.client_id, &ro.client_secret, &t.audience()).await;

    let mine = events(&t, &token, &format!("type:seccft AND client_id:\"{admin}\"")).await;
    assert!(
        !mine.is_empty() && mine.iter().all(|e| e["type"] == "seccft" && e["client_id"] == admin.as_str())
    );
    let either =
        events(&t, &token, &format!("client_id:\"{admin}\" OR client_id:\"{}\"", ro.client_id)).await;
    assert!(either.iter().any(|e| e["client_id"] == ro.client_id.as_str()) && either.len() > mine.len());
    let today = Utc::now().format("%Y-%m-%d").to_string();
    let since_today = events(&t, &token, &format!("type:seccft AND date:[{today} TO *]")).await;
    assert!(since_today.len() >= 2, "today's exchanges");
    let hour_ago = (Utc::now() - Duration::hours(1)).format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let recent = events(&t, &token, &format!("date:[{hour_ago} TO *]")).await;
    assert!(recent.iter().all(|e| e["date"].as_str().is_some_and(|d| d >= hour_ago.as_str())));
    let tomorrow = (Utc::now() + Duration::days(1)).format("%Y-%m-%d").to_string();
    assert!(events(&t, &token, &format!("date:[{tomorrow} TO *]")).await.is_empty());

    // Offset paging stops at 1,000 results; checkpoints go on.
    assert_eq!(get(&t, &token, "logs?page=9&per_page=100").await.status, StatusCode::OK);
    let capped = get(&t, &token, "logs?page=10&per_page=100").await;
    assert_eq!(capped.status, StatusCode::BAD_REQUEST);
    assert!(capped.body["message"].as_str().is_some_and(|m| m.contains("first 1000")), "{}", capped.text);
    let first = get(&t, &token, "logs?take=3&from=").await;
    let ids: Vec<&str> =
        first.body.as_array().expect("array").iter().filter_map(|e| e["log_id"].as_str()).collect();
    assert_eq!(ids.len(), 3);
    let link = first.headers["link"].to_str().expect("link").to_string();
    assert!(link.contains(&format!("from={}&take=3", ids[2])) && link.ends_with("rel=\"next\""), "{link}");
    let next = get(&t, &token, &format!("logs?from={}&take=3", ids[2])).await;
    assert!(next.body[0]["log_id"].as_str().is_some_and(|id| id > ids[2]), "after the checkpoint");

    // What Auth0's SDKs send for a search is not a parameter of GET /logs.
    let search = get(&t, &token, "logs?search=type:seccft").await;
    assert_eq!(search.status, StatusCode::BAD_REQUEST);
    assert_eq!(search.body["errorCode"], "invalid_query_string");
    assert!(search.body["message"].as_str().is_some_and(|m| m.contains("search")), "{}", search.text);
}

#[tokio::test]
async fn retention_drops_events_older_than_its_days() {
    let t = RunningTenant::start(TenantConfig { log_retention_days: Some(2), ..TenantConfig::default() })
        .await
        .expect("tenant");
    let token = token_for(&t, "tokex-admin").await;
    let oldest = get(&t, &token, "logs?per_page=1&sort=date:1").await;
    let date = oldest.body[0]["date"].as_str().expect("date").to_string();
    let limit = (Utc::now() - Duration::days(2)).format("%Y-%m-%dT%H:%M:%S").to_string();
    assert!(date.as_str() >= limit.as_str(), "the oldest kept event ({date}) is within 2 days ({limit})");
    let all = start().await;
    let all_token = token_for(&all, "tokex-admin").await;
    let unbounded = get(&all, &all_token, "logs?per_page=1&sort=date:1").await;
    assert!(
        unbounded.body[0]["date"].as_str() < Some(limit.as_str()),
        "without the flag the seed's month is kept"
    );
}

#[tokio::test]
async fn the_demo_history_tells_a_day_of_one_clients_story() {
    let t = start().await;
    t.seed_demo_history();
    let token = token_for(&t, "tokex-admin").await;
    let admin = t.client("tokex-admin").expect("admin").client_id;
    let day_ago = (Utc::now() - Duration::days(1)).format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let story = events(
        &t,
        &token,
        &format!("client_id:\"{admin}\" AND date:[{day_ago} TO *] AND NOT ip:\"127.0.0.1\""),
    )
    .await;
    let count = |kind: &str| story.iter().filter(|e| e["type"] == kind).count();
    let issued: Vec<&Value> = story.iter().filter(|e| e["type"] == "seccft").collect();
    let mut addresses: Vec<&str> = issued.iter().filter_map(|e| e["ip"].as_str()).collect();
    addresses.sort_unstable();
    addresses.dedup();
    assert_eq!(addresses, ["192.0.2.44", "198.51.100.23", "203.0.113.10"], "tokens went to three addresses");
    assert!(issued.len() >= 10, "{} tokens", issued.len());
    let rotations: Vec<&Value> = story
        .iter()
        .filter(|e| e["details"]["request"]["path"].as_str().is_some_and(|p| p.ends_with("/rotate-secret")))
        .collect();
    assert_eq!(rotations.len(), 1);
    let rotated_at = rotations[0]["date"].as_str().expect("date");
    let knocks: Vec<&Value> = story.iter().filter(|e| e["type"] == "feccft").collect();
    assert_eq!(knocks.len(), 2);
    assert!(
        knocks.iter().all(|k| k["date"].as_str() > Some(rotated_at) && k["ip"] == "192.0.2.44"),
        "knocks with the old secret"
    );
    assert_eq!((count("mgmt_api_read"), count("fapi"), count("api_limit")), (1, 1, 1));
    assert!(count("sapi") >= 3, "a grant change, a user update, the rotation");
    let ids: Vec<&str> = story.iter().filter_map(|e| e["log_id"].as_str()).collect();
    assert!(ids.windows(2).all(|w| w[0] > w[1]), "newest first, ids in date order");
}
