//! A short, believable history for `tokex demo`, written into the log as of the past day so that
//! an exposure view has a real story to tell offline: the admin client's tokens were issued to a
//! CI runner, a laptop and an unknown address; its secret was rotated two hours ago; the unknown
//! address then knocked with the old secret; a few writes and a secret read happened on the way.
//! Addresses are from the documentation ranges (RFC 5737). Every event has the shape the tenant
//! itself writes (docs/auth0.md#log-events).

use chrono::{DateTime, Duration, Utc};
use serde_json::{Value, json};

use super::events::{self, Origin, Subject};
use super::state::Tenant;
use super::store::iso;

const CI: (&str, &str) = ("203.0.113.10", "node-auth0/4.37.1 (node.js/20.19.0)");
const LAPTOP: (&str, &str) = ("198.51.100.23", "curl/8.5.0");
const UNKNOWN: (&str, &str) = ("192.0.2.44", "python-requests/2.32.3");

/// What happened, minutes before now.
enum Step {
    Token(u32, (&'static str, &'static str)),
    Knock(u32, (&'static str, &'static str)),
    Call {
        minutes: u32,
        from: (&'static str, &'static str),
        kind: &'static str,
        method: &'static str,
        path: String,
        status: u16,
        description: &'static str,
    },
    Limit(u32, (&'static str, &'static str)),
}

fn origin((ip, user_agent): (&str, &str)) -> Origin {
    Origin { ip: ip.to_string(), user_agent: user_agent.to_string() }
}

/// The steps for the admin client `client_id`, with a user id and its grant's id for the writes.
fn story(client_id: &str, user_id: &str, grant_id: &str) -> Vec<Step> {
    let mut steps = Vec::new();
    // The CI runner every two hours over the whole day, before and after the rotation.
    for hours in (1..=23).step_by(2) {
        steps.push(Step::Token(hours * 60 + 5, CI));
    }
    for minutes in [20 * 60 + 12, 9 * 60 + 40, 4 * 60 + 3] {
        steps.push(Step::Token(minutes, LAPTOP));
    }
    for minutes in [6 * 60 + 31, 3 * 60 + 17] {
        steps.push(Step::Token(minutes, UNKNOWN));
    }
    let user = format!("/api/v2/users/{}", user_id.replace('|', "%7C"));
    steps.push(Step::Call {
        minutes: 10 * 60 + 2,
        from: CI,
        kind: "sapi",
        method: "patch",
        path: format!("/api/v2/client-grants/{grant_id}"),
        status: 200,
        description: "Update client grant",
    });
    steps.push(Step::Call {
        minutes: 6 * 60 + 25,
        from: UNKNOWN,
        kind: "mgmt_api_read",
        method: "get",
        path: format!("/api/v2/clients/{client_id}"),
        status: 200,
        description: "Get client",
    });
    steps.push(Step::Call {
        minutes: 6 * 60 + 20,
        from: UNKNOWN,
        kind: "sapi",
        method: "patch",
        path: user.clone(),
        status: 200,
        description: "Update user",
    });
    steps.push(Step::Limit(6 * 60 + 19, UNKNOWN));
    steps.push(Step::Call {
        minutes: 3 * 60 + 10,
        from: UNKNOWN,
        kind: "fapi",
        method: "delete",
        path: user,
        status: 404,
        description: "Delete user",
    });
    steps.push(Step::Call {
        minutes: 2 * 60,
        from: LAPTOP,
        kind: "sapi",
        method: "post",
        path: format!("/api/v2/clients/{client_id}/rotate-secret"),
        status: 200,
        description: "Rotate client secret",
    });
    steps.push(Step::Knock(41, UNKNOWN));
    steps.push(Step::Knock(38, UNKNOWN));
    steps
}

/// Writes the story into the log of `t` as of `now`. Does nothing when the seed lacks the admin
/// client (it never does).
pub fn seed(t: &Tenant, now: DateTime<Utc>) {
    let mut store = t.lock();
    let Some(admin) = store.clients.iter().find(|c| c.name == "tokex-admin").map(|c| c.client_id.clone())
    else {
        return;
    };
    let grant_id = store.grant_for(&admin, &t.mgmt_audience).map(|g| g.id.clone()).unwrap_or_default();
    let scope = store.grant_for(&admin, &t.mgmt_audience).map(|g| g.scope.join(" ")).unwrap_or_default();
    let user_id = store.users.first().and_then(|u| u["user_id"].as_str()).unwrap_or("auth0|0").to_string();
    // The day belongs to the story: the seed's own events of the admin client in it make way.
    let day_ago = iso(now - Duration::days(1));
    store
        .logs
        .remove_where(|e| e["client_id"] == admin.as_str() && e["date"].as_str() >= Some(day_ago.as_str()));
    let name = store.client_name(&admin);
    let subject = Subject { client_id: &admin, client_name: &name };
    for step in story(&admin, &user_id, &grant_id) {
        let (minutes, event) = match step {
            Step::Token(minutes, from) => {
                let mut m = events::head(
                    "seccft",
                    "Client Credentials for Access Token",
                    &subject,
                    &origin(from),
                    &t.hostname,
                );
                m.insert("audience".into(), json!(t.mgmt_audience));
                m.insert("scope".into(), json!(scope));
                (minutes, events::tail(m, json!({"actions": {"executions": []}}), &t.tenant_name))
            }
            Step::Knock(minutes, from) => {
                let mut m = events::head("feccft", "Unauthorized", &subject, &origin(from), &t.hostname);
                m.insert("audience".into(), json!(t.mgmt_audience));
                m.insert("scope".into(), json!(""));
                let details = json!({"error": {"message": "Unauthorized", "oauthError": "access_denied", "type": "oauth-authorization"}});
                (minutes, events::tail(m, details, &t.tenant_name))
            }
            Step::Call { minutes, from, kind, method, path, status, description } => {
                let head = events::head(kind, description, &subject, &origin(from), &t.hostname);
                (
                    minutes,
                    events::tail(head, call_details(&admin, method, &path, status, from), &t.tenant_name),
                )
            }
            Step::Limit(minutes, from) => {
                let head =
                    events::head("api_limit", "Rate limit exceeded", &subject, &origin(from), &t.hostname);
                let details = json!({
                    "limit": {"bucket": "management-api", "global": true, "size": t.limiter.config().burst},
                    "request": {"method": "get", "path": "/api/v2/users"},
                    "response": "Global limit has been reached",
                });
                (minutes, events::tail(head, details, &t.tenant_name))
            }
        };
        store.push_log(now - Duration::minutes(i64::from(minutes)), event);
    }
}

fn call_details(
    client_id: &str,
    method: &str,
    path: &str,
    status: u16,
    (ip, user_agent): (&str, &str),
) -> Value {
    let secret_read = method == "get" || path.ends_with("/rotate-secret");
    let body = if status >= 400 {
        json!({"statusCode": status, "error": "Not Found", "message": "The user does not exist.", "errorCode": "inexistent_user"})
    } else if secret_read {
        json!({"client_id": client_id, "client_secret": events::REDACTED})
    } else {
        json!({})
    };
    let mut details = json!({
        "request": {
            "method": method, "path": path, "query": {}, "userAgent": user_agent, "channel": "api", "ip": ip,
            "auth": {"user": format!("{client_id}@clients"), "strategy": "jwt", "credentials": null},
        },
        "response": {"statusCode": status, "body": body},
    });
    if secret_read && status < 400 {
        details["accessedSecrets"] = json!(["client_secret"]);
    }
    details
}
