//! The story, table by table: log events in Auth0's shape in, counts, times and sentences out.

use super::*;
use crate::domain::exposure::ChangeKind;
use rstest::rstest;
use serde_json::{Value, json};

/// 2026-12-01T12:00:00Z.
const NOW: i64 = 1_796_126_400;
const DAY: i64 = 86_400;
const ME: &str = "cli_me";
const OTHER: &str = "cli_admin";
const API: &str = "https://acme.eu.auth0.com/api/v2/";

fn date(at_ms: i64) -> String {
    chrono::DateTime::<chrono::Utc>::from_timestamp_millis(at_ms)
        .map(|d| d.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
        .unwrap_or_default()
}

/// An event `ago` seconds before NOW (plus `ms`), in the shape the tenant writes.
fn event(kind: &str, client: &str, ago: i64, ip: &str) -> Value {
    let at_ms = (NOW - ago) * 1000 + 250;
    json!({
        "date": date(at_ms), "type": kind, "description": "", "client_id": client,
        "client_name": if client == ME { "me-app" } else { "admin-app" }, "ip": ip,
        "user_agent": format!("agent-{ip}"), "audience": API, "scope": "read:users read:client_keys",
        "details": {}, "log_id": format!("9002{at_ms:020}{ago:08}{}", kind.len()),
    })
}

/// A Management API event: the request's method, path and body, and the answer's body.
#[allow(clippy::too_many_arguments)]
fn call(
    kind: &str,
    client: &str,
    ago: i64,
    ip: &str,
    method: &str,
    path: &str,
    body: Value,
    answer: Value,
) -> Value {
    let mut e = event(kind, client, ago, ip);
    e["details"] = json!({"request": {"method": method, "path": path, "body": body},
                          "response": {"statusCode": if kind == "fapi" { 404 } else { 200 }, "body": answer}});
    e
}

fn data(events: Vec<Value>, lifetime: LifetimeAnswer, grants: GrantsAnswer) -> ExposureData {
    let query = ExposureQuery {
        tenant: "https://acme.eu.auth0.com".into(),
        audience: API.into(),
        subject: Subject::Client(ME.into()),
        since: None,
        max_pages: DEFAULT_MAX_PAGES,
    };
    let window_start = query.window_start(&lifetime, NOW);
    let mut parsed: Vec<LogEvent> = events.iter().filter_map(LogEvent::parse).collect();
    parsed.sort_by_key(|e| std::cmp::Reverse(e.at_ms));
    ExposureData {
        query,
        asked_at: NOW,
        window_start,
        lifetime,
        grants,
        events: parsed,
        coverage: Coverage { reaches_window: true, ..Coverage::default() },
        cost: SearchCost { requests: 3, events_read: 10, rate_limited: 0 },
        asked_with: AskingToken::default(),
        client_names: std::collections::HashMap::new(),
    }
}

fn my_grant() -> GrantsAnswer {
    GrantsAnswer::Read(vec![GrantInfo {
        id: "cgr_me".into(),
        client_id: ME.into(),
        scopes: vec!["read:users".into(), "read:client_keys".into()],
    }])
}

/// The demo's shape: a CI runner all day, a laptop, an unknown address that reads the secret
/// and writes; the secret rotated 2 h ago; the unknown address knocks afterwards.
fn incident() -> Vec<Value> {
    let mut events = Vec::new();
    for hours in (1..=23).step_by(2) {
        events.push(event("seccft", ME, hours * 3600 + 300, "203.0.113.10"));
    }
    events.push(event("seccft", ME, 20 * 3600, "198.51.100.23"));
    events.push(event("seccft", ME, 3 * 3600, "192.0.2.44"));
    // Older than a day: expired.
    events.push(event("seccft", ME, DAY + 60, "192.0.2.44"));
    // Another client's token is not mine.
    events.push(event("seccft", OTHER, 600, "10.0.0.1"));
    events.push(call(
        "mgmt_api_read",
        ME,
        3 * 3600 - 60,
        "192.0.2.44",
        "get",
        &format!("/api/v2/clients/{ME}"),
        json!(null),
        json!({}),
    ));
    events.push(call(
        "sapi",
        ME,
        3 * 3600 - 120,
        "192.0.2.44",
        "patch",
        "/api/v2/users/auth0%7C1",
        json!({}),
        json!({}),
    ));
    events.push(call(
        "fapi",
        ME,
        3 * 3600 - 180,
        "192.0.2.44",
        "delete",
        "/api/v2/users/auth0%7C2",
        json!(null),
        json!({}),
    ));
    events.push(event("api_limit", ME, 3 * 3600 - 150, "192.0.2.44"));
    // The admin client rotates my secret; the unknown address knocks before and after.
    events.push(event("feccft", ME, 2 * 3600 + 60, "192.0.2.44"));
    events.push(call(
        "sapi",
        OTHER,
        2 * 3600,
        "198.51.100.23",
        "post",
        &format!("/api/v2/clients/{ME}/rotate-secret"),
        json!(null),
        json!({}),
    ));
    events.push(event("feccft", ME, 41 * 60, "192.0.2.44"));
    events.push(event("feccft", ME, 38 * 60, "192.0.2.44"));
    // The admin updates my grant 10 h ago.
    events.push(call(
        "sapi",
        OTHER,
        10 * 3600,
        "203.0.113.10",
        "patch",
        "/api/v2/client-grants/cgr_me",
        json!({"scope": []}),
        json!({}),
    ));
    events
}

#[test]
fn the_incident_is_told_with_its_numbers() {
    let story = Story::tell(&data(incident(), LifetimeAnswer::Read(DAY), my_grant()), ME, NOW);
    assert_eq!(story.client_name, "me-app");
    // 12 CI tokens, the laptop's and the unknown address's; the one older than a day is dead.
    assert_eq!(story.live.len(), 14);
    assert_eq!(story.tokens.len(), 15);
    let oldest = NOW - (23 * 3600 + 300);
    assert_eq!(story.live.first().map(|t| t.at), Some(oldest));
    assert_eq!(story.all_clear_at(), Some(NOW - 3600 - 300 + DAY), "the CI's newest plus a day");
    assert_eq!(story.next_expiry(), Some(oldest + DAY));
    let ips: Vec<(&str, usize)> = story.ips.iter().map(|s| (s.value.as_str(), s.count)).collect();
    // Most tokens first, then the most recently seen.
    assert_eq!(ips, [("203.0.113.10", 12), ("192.0.2.44", 1), ("198.51.100.23", 1)]);
    // The user agents the live tokens were asked with, counted the same way.
    let agents: Vec<(&str, usize)> = story.user_agents.iter().map(|s| (s.value.as_str(), s.count)).collect();
    assert_eq!(agents, [("agent-203.0.113.10", 12), ("agent-192.0.2.44", 1), ("agent-198.51.100.23", 1)]);
    // After the rotation only the CI runner got tokens (1 h 5 min ago).
    let rotation = story.rotation.clone().expect("rotation");
    assert_eq!(
        (rotation.kind, rotation.by.as_str(), rotation.at),
        (ChangeKind::Rotated, "admin-app", NOW - 7200)
    );
    assert_eq!(story.after_rotation.iter().map(|t| t.ip.as_str()).collect::<Vec<_>>(), ["203.0.113.10"]);
    let grant_change = story.grant_change.clone().expect("grant change");
    assert_eq!(grant_change.kind, ChangeKind::GrantUpdated);
    assert_eq!(story.after_grant_change.len(), 6, "tokens at 9h05, 7h05 … 1h05 and the unknown's at 3h");
    // Knocks after the rotation only.
    assert_eq!((story.knocks.count, story.knocks.since_rotation), (2, true));
    assert_eq!(story.knocks.ips[0].value, "192.0.2.44");
    // What they did since the oldest live token: newest first.
    let paths: Vec<&str> = story.activity.iter().map(|a| a.path.as_str()).collect();
    assert_eq!(paths, ["/api/v2/users/auth0|2", "/api/v2/users/auth0|1"]);
    assert_eq!(story.activity[0].kind, EventKind::Fapi);
    assert_eq!(story.secret_reads.len(), 1);
    assert_eq!(story.rate_limits.len(), 1);
    assert_eq!(story.complete_from, None);
    assert!(!story.is_clear());
    assert_eq!(story.live_scopes, ["read:users", "read:client_keys"]);
}

#[test]
fn the_words_carry_the_numbers_and_never_promise_revocation() {
    let story = Story::tell(&data(incident(), LifetimeAnswer::Read(DAY), my_grant()), ME, NOW);
    let time = TimeFormat { offset: chrono::FixedOffset::east_opt(0).expect("utc"), now: NOW };
    let text: Vec<String> = story_lines(&story, &time).into_iter().map(|l| l.text).collect();
    let all = text.join("\n");
    assert!(
        text[1].starts_with("14 live tokens · all clear at 2026-12-02 10:55:00 +00:00 (in 22h 55m 0s)"),
        "{all}"
    );
    assert!(all.contains("after the last secret rotation (rotated today 10:00:00 by admin-app from 198.51.100.23): 1 live token from 203.0.113.10"), "{all}");
    assert!(all.contains("2 failed exchanges since the rotation (today 10:00:00)"), "{all}");
    assert!(all.contains("privileged: read:client_keys"), "{all}");
    assert!(all.contains("plain GETs leave no log event"), "{all}");
    let grant = story.remedies.iter().find(|r| r.action == RemedyAction::DeleteGrant).expect("remedy");
    assert_eq!((grant.method.as_str(), grant.path.as_str()), ("DELETE", "/api/v2/client-grants/cgr_me"));
    let words = remedy_text(grant, &story, &time);
    assert_eq!(
        words.will_not[0],
        "the 14 live tokens stay valid until tomorrow 10:55:00 (in 22h 55m 0s): deleting the grant does not revoke them"
    );
    assert!(!all.to_lowercase().contains(" revokes them"), "{all}");
}

#[rstest]
#[case::read(LifetimeAnswer::Read(DAY), 14, true)]
#[case::unknown(LifetimeAnswer::Unknown("no read:resource_servers".into()), 15, false)]
fn an_unknown_lifetime_counts_the_maximum(
    #[case] lifetime: LifetimeAnswer,
    #[case] live: usize,
    #[case] known: bool,
) {
    let story = Story::tell(&data(incident(), lifetime, my_grant()), ME, NOW);
    assert_eq!(story.live.len(), live);
    assert!(story.live.iter().all(|t| t.lifetime_known == known));
    assert_eq!(story.unknown.iter().any(|u| matches!(u, Unknown::Lifetime { .. })), !known);
}

#[test]
fn a_lifetime_change_splits_the_tokens() {
    let mut events = vec![event("seccft", ME, 5 * 3600, "10.0.0.1"), event("seccft", ME, 600, "10.0.0.2")];
    events.push(call(
        "sapi",
        OTHER,
        3600,
        "10.0.0.9",
        "patch",
        &format!("/api/v2/resource-servers/{}", API.replace(':', "%3A").replace('/', "%2F")),
        json!({"token_lifetime": 900}),
        json!({"identifier": API}),
    ));
    let story = Story::tell(&data(events, LifetimeAnswer::Read(900), my_grant()), ME, NOW);
    // Before the change: unknown (30 days); after: 900 s, so the 10-minute-old one lives 5 more.
    assert!(!story.tokens[0].lifetime_known);
    assert_eq!(story.tokens[0].exp, NOW - 5 * 3600 + MAX_TOKEN_LIFETIME);
    assert_eq!(story.tokens[1].exp, NOW - 600 + 900);
    assert!(story.unknown.iter().any(|u| matches!(u, Unknown::LifetimeChanged { at } if *at == NOW - 3600)));
}

#[rstest]
#[case::rotate("post", "/api/v2/clients/cli_me/rotate-secret", json!(null), json!({}), Some(ChangeKind::Rotated))]
#[case::secret_set("patch", "/api/v2/clients/cli_me", json!({"client_secret": "[REDACTED]"}), json!({}), Some(ChangeKind::SecretSet))]
#[case::other_patch("patch", "/api/v2/clients/cli_me", json!({"name": "x"}), json!({}), None)]
#[case::other_client("post", "/api/v2/clients/cli_other/rotate-secret", json!(null), json!({}), None)]
fn rotations_are_recognised(
    #[case] method: &str,
    #[case] path: &str,
    #[case] body: Value,
    #[case] answer: Value,
    #[case] kind: Option<ChangeKind>,
) {
    let events = vec![call("sapi", OTHER, 600, "10.0.0.9", method, path, body, answer)];
    let story = Story::tell(&data(events, LifetimeAnswer::Read(DAY), my_grant()), ME, NOW);
    assert_eq!(story.rotation.map(|c| c.kind), kind);
}

#[rstest]
#[case::by_known_id("delete", "/api/v2/client-grants/cgr_me", json!(null), json!({}), Some(ChangeKind::GrantDeleted))]
#[case::created("post", "/api/v2/client-grants", json!({"client_id": ME, "audience": API}), json!({"id": "cgr_new"}), Some(ChangeKind::GrantCreated))]
#[case::other_api("post", "/api/v2/client-grants", json!({"client_id": ME, "audience": "https://orders/"}), json!({}), None)]
#[case::named_by_answer("patch", "/api/v2/client-grants/cgr_x", json!({}), json!({"client_id": ME, "audience": API}), Some(ChangeKind::GrantUpdated))]
#[case::someone_elses("delete", "/api/v2/client-grants/cgr_x", json!(null), json!({}), None)]
fn grant_changes_are_recognised(
    #[case] method: &str,
    #[case] path: &str,
    #[case] body: Value,
    #[case] answer: Value,
    #[case] kind: Option<ChangeKind>,
) {
    let events = vec![call("sapi", OTHER, 600, "10.0.0.9", method, path, body, answer)];
    let story = Story::tell(&data(events, LifetimeAnswer::Read(DAY), my_grant()), ME, NOW);
    assert_eq!(story.grant_change.map(|c| c.kind), kind);
}

#[test]
fn a_log_that_does_not_reach_back_is_said_and_never_called_clear() {
    let events = vec![event("seccft", ME, 2 * DAY, "10.0.0.1")];
    let mut retained = data(events, LifetimeAnswer::Read(DAY), my_grant());
    retained.coverage =
        Coverage { reaches_window: false, oldest_kept_ms: Some((NOW - 3600) * 1000), ..Coverage::default() };
    let story = Story::tell(&retained, ME, NOW);
    assert!(story.live.is_empty());
    assert_eq!(story.complete_from, Some(NOW - 3600));
    assert!(!story.is_clear(), "no live token seen, but an hour-old log cannot rule one out");
    let time = TimeFormat { offset: chrono::FixedOffset::east_opt(0).expect("utc"), now: NOW };
    assert_eq!(headline(&story, &time).kind, LineKind::Warning);

    let mut capped = data(Vec::new(), LifetimeAnswer::Read(DAY), my_grant());
    capped.coverage = Coverage {
        stopped_after_pages: Some(2),
        oldest_read_ms: Some((NOW - 60) * 1000),
        ..Coverage::default()
    };
    let story = Story::tell(&capped, ME, NOW);
    assert_eq!(story.complete_from, Some(NOW - 60));
    assert!(matches!(story.unknown[0], Unknown::PageCap { pages: 2, events: 10, .. }));
    let words = report::unknown_text(&story.unknown[0], &time);
    assert!(words.contains("incomplete after 10 events"), "{words}");
}

#[test]
fn a_clear_story_with_the_log_covering_the_window() {
    let story = Story::tell(
        &data(vec![event("seccft", ME, 2 * DAY, "10.0.0.1")], LifetimeAnswer::Read(DAY), my_grant()),
        ME,
        NOW,
    );
    assert!(story.is_clear());
    assert_eq!(story.all_clear_at(), None);
}

#[test]
fn the_token_tokex_asked_with_is_marked() {
    let mut asked = data(incident(), LifetimeAnswer::Read(DAY), my_grant());
    asked.asked_with = AskingToken { azp: Some(ME.into()), iat: Some(NOW - 3 * 3600) };
    let story = Story::tell(&asked, ME, NOW);
    let marked: Vec<&str> = story.live.iter().filter(|t| t.asked_with).map(|t| t.ip.as_str()).collect();
    assert_eq!(marked, ["192.0.2.44"]);
}

#[rstest]
#[case::deleted(GrantsAnswer::Read(Vec::new()), Some("already deleted"))]
#[case::unknown(GrantsAnswer::Unknown("no read:client_grants".into()), Some("not known"))]
#[case::exists(my_grant(), None)]
fn the_grant_remedy_says_when_it_cannot_be_made(#[case] grants: GrantsAnswer, #[case] blocked: Option<&str>) {
    let story = Story::tell(&data(incident(), LifetimeAnswer::Read(DAY), grants), ME, NOW);
    let remedy = &story.remedies[0];
    assert_eq!(
        remedy.blocked.as_deref().map(|b| blocked.is_some_and(|w| b.contains(w))),
        blocked.map(|_| true)
    );
}

#[test]
fn hostile_log_text_is_escaped_in_every_line() {
    let mut hostile = event("seccft", ME, 60, "1.2.3.4\u{1b}]0;pwned\u{7}");
    hostile["user_agent"] = json!("evil\u{9b}2J\u{202e}");
    hostile["client_name"] = json!("\u{1b}[31mred");
    let story = Story::tell(&data(vec![hostile], LifetimeAnswer::Read(DAY), my_grant()), ME, NOW);
    let time = TimeFormat { offset: chrono::FixedOffset::east_opt(0).expect("utc"), now: NOW };
    for line in story_lines(&story, &time) {
        assert!(!line.text.chars().any(crate::domain::sanitize::is_unsafe_char), "{:?}", line.text);
    }
}

#[test]
fn the_ranking_puts_live_privileged_tokens_first() {
    let grants = GrantsAnswer::Read(vec![
        GrantInfo { id: "g1".into(), client_id: "quiet".into(), scopes: vec!["read:client_keys".into()] },
        GrantInfo {
            id: "g2".into(),
            client_id: ME.into(),
            scopes: vec!["read:users".into(), "update:client_grants".into(), "read:client_keys".into()],
        },
        GrantInfo { id: "g3".into(), client_id: OTHER.into(), scopes: vec!["read:users".into()] },
    ]);
    // A client whose grant is gone still has a live token.
    let mut events = incident();
    events.push(event("seccft", "cli_gone", 300, "10.9.9.9"));
    let mut all = data(events, LifetimeAnswer::Read(DAY), grants);
    all.query.subject = Subject::All;
    let ranking = Ranking::rank(&all, NOW);
    let gone = ranking.clients.iter().find(|c| c.client_id == "cli_gone").expect("listed without a grant");
    assert_eq!(
        (gone.live, gone.has_grant, gone.risk),
        (1, Some(false), 1),
        "read:client_keys from its token"
    );
    let order: Vec<(&str, usize, usize)> =
        ranking.clients.iter().map(|c| (c.client_id.as_str(), c.live, c.risk)).collect();
    assert_eq!(order, [(ME, 14, 28), ("cli_gone", 1, 1), (OTHER, 1, 0), ("quiet", 0, 0)]);
    assert_eq!(ranking.clients[0].privileged, ["read:client_keys", "update:client_grants"]);
    assert_eq!(ranking.clients[0].knocks, 2);
    assert!(ranking.any_live());
}

#[test]
fn client_ids_that_could_change_the_query_are_refused() {
    assert!(check_client_id("Q0w2abcDEF_-.123").is_ok() && check_client_id("abc123").is_ok());
    for bad in
        ["", "a\" OR type:*abcdefghij", "abcdefghijklmnop q", "abcdefghijklmnopq\u{1b}", &"a".repeat(129)]
    {
        assert!(check_client_id(bad).is_err(), "{bad:?}");
    }
    let query = ExposureQuery {
        tenant: String::new(),
        audience: API.into(),
        subject: Subject::Client("abc".into()),
        since: None,
        max_pages: 1,
    };
    assert_eq!(
        query.filter(),
        "type:sapi OR (client_id:\"abc\" AND type:(seccft OR feccft OR fapi OR mgmt_api_read OR api_limit OR limit_wc))"
    );
}

#[test]
fn json_has_the_numbers_a_script_needs() {
    let story = Story::tell(&data(incident(), LifetimeAnswer::Read(DAY), my_grant()), ME, NOW);
    let json = story.to_json();
    assert_eq!(json["live_tokens"], 14);
    assert_eq!(json["all_clear_at"], "2026-12-02T10:55:00Z");
    assert_eq!(json["all_clear_epoch"], NOW - 3900 + DAY);
    assert_eq!(json["requests"], 3);
    assert_eq!(json["events"], 10);
    assert_eq!(json["rotation"]["live_tokens_after"], 1);
    assert_eq!(json["knocking"]["count"], 2);
    assert_eq!(json["clear"], false);
}

#[rstest]
#[case::later(Some(NOW - 3_600), true)]
#[case::earlier(Some(NOW - 3 * DAY), false)]
#[case::none(None, false)]
fn a_since_later_than_the_oldest_live_token_is_said(#[case] since: Option<i64>, #[case] cut: bool) {
    let mut asked = data(incident(), LifetimeAnswer::Read(DAY), my_grant());
    asked.query.since = since;
    asked.window_start = asked.query.window_start(&asked.lifetime, NOW);
    let story = Story::tell(&asked, ME, NOW);
    assert_eq!(story.unknown.iter().any(|u| matches!(u, Unknown::SinceLater { .. })), cut);
    assert_eq!(story.complete_from, cut.then_some(NOW - 3_600));
    assert_eq!(story.window_start, since.unwrap_or(NOW - DAY));
}
