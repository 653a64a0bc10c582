//! The catalog against the local tenant over loopback, through the real client: the scope
//! prediction against the server's verdict for every one of the 469 operations (the
//! contract). The API pane's paging and 429 handling against the tenant are unit tests
//! (`src/app/tests/api_pane_tenant.rs`).
// Needs the local tenant (the default `tenant` feature): skipped in a client-only build.
#![cfg(feature = "tenant")]

use crate::api_support;

use api_support::*;
use serde_json::Value;
use std::collections::HashMap;
use tokex::domain::auth0::parse_insufficient_scope;
use tokex::domain::catalog::{ParamLocation, ScopeSet, catalog};
use tokex::net::{Http, call_api};

async fn list(http: &Http, domain: &str, token: &str, path: &str) -> Value {
    let response = call_api(http, domain, "GET", path, token, None).await.expect("call");
    assert_eq!(response.status, 200, "{path}: {}", response.body_text());
    response.json().expect("json")
}

fn first_field(list: &Value, field: &str, skip: &dyn Fn(&Value) -> bool) -> String {
    list.as_array()
        .and_then(|items| items.iter().find(|i| !skip(i)))
        .and_then(|i| i[field].as_str())
        .unwrap_or_else(|| panic!("no {field} in {list}"))
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_endpoint_prediction_matches_the_server() {
    let tenant = tenant(NO_LIMIT).await;
    let http = Http::with_defaults().expect("http");
    let domain = tenant.domain();
    let admin = token(&http, &tenant, "tokex-admin").await;
    let readonly = token(&http, &tenant, "tokex-readonly").await;
    let admin_id = tenant.client("tokex-admin").expect("admin").client_id;
    let spa_id = tenant.client("tokex-spa").expect("spa").client_id;

    // Real ids for every path parameter, from list calls.
    let users = list(&http, &domain, &admin, "/users").await;
    let grants = list(&http, &domain, &admin, "/client-grants").await;
    let servers = list(&http, &domain, &admin, "/resource-servers").await;
    let logs = list(&http, &domain, &admin, "/logs").await;
    let keys = list(&http, &domain, &admin, "/keys/signing").await;
    let connections = list(&http, &domain, &admin, "/connections").await;
    let roles = list(&http, &domain, &admin, "/roles").await;
    let organizations = list(&http, &domain, &admin, "/organizations").await;
    let user_id = first_field(&users, "user_id", &|_| false);
    let email = first_field(&users, "email", &|_| false);
    // Never delete the admin's own grant: later calls need it.
    let grant_id = first_field(&grants, "id", &|g| g["client_id"] == admin_id.as_str());
    let ids: HashMap<&str, String> = HashMap::from([
        ("/api/v2/users/{id}", user_id.clone()),
        ("/api/v2/users/{id}/roles", user_id.clone()),
        ("/api/v2/users/{id}/logs", user_id.clone()),
        ("/api/v2/clients/{id}", admin_id.clone()),
        // Rotating the admin's secret would not hurt the tokens in hand, but keep it clean.
        ("/api/v2/clients/{id}/rotate-secret", spa_id),
        ("/api/v2/client-grants/{id}", grant_id),
        ("/api/v2/resource-servers/{id}", first_field(&servers, "id", &|_| false)),
        ("/api/v2/logs/{id}", first_field(&logs, "log_id", &|_| false)),
        ("/api/v2/keys/signing/{kid}", first_field(&keys, "kid", &|_| false)),
        // Operations the local tenant implements beyond the curated ones.
        ("/api/v2/connections/{id}", first_field(&connections, "id", &|_| false)),
        ("/api/v2/roles/{id}", first_field(&roles, "id", &|_| false)),
        ("/api/v2/organizations/{id}", first_field(&organizations, "id", &|_| false)),
    ]);

    // Three tokens: everything, two read scopes, and a grant of no scopes at all.
    let no_scope = token(&http, &tenant, "tokex-no-scope").await;
    assert!(scopes_of(&no_scope).is_empty(), "the no-scope client's token carries no scope");
    let callers = [
        ("read-only", ScopeSet::new(&scopes_of(&readonly)), readonly.as_str()),
        ("no-scope", ScopeSet::default(), no_scope.as_str()),
        ("admin", ScopeSet::new(&scopes_of(&admin)), admin.as_str()),
    ];
    let mut checked = 0;
    let mut verdicts: HashMap<&str, (usize, usize)> = HashMap::new();
    // Every disagreement, so one run shows them all.
    let mut problems: Vec<String> = Vec::new();
    for endpoint in catalog() {
        let mut values = endpoint.default_values();
        for param in endpoint.params_in(ParamLocation::Path) {
            // The local tenant implements the curated operations and a few more: they need real
            // ids. Every other one is checked and answered 501 before any id matters (an encoded
            // `|` included).
            let id = match ids.get(endpoint.path.as_str()) {
                Some(id) => id.clone(),
                None if endpoint.curated => panic!("no id source for {}", endpoint.id()),
                None => "auth0|contract".to_owned(),
            };
            values.insert(param.name.clone(), id);
        }
        for param in endpoint.params_in(ParamLocation::Query).filter(|p| p.required) {
            assert_eq!(param.name, "email", "{}: no value for required {}", endpoint.id(), param.name);
            values.insert(param.name.clone(), email.clone());
        }
        let path = endpoint.render_path(&values).expect("path");
        let body = endpoint.method.has_body().then(|| endpoint.body_example.clone()).flatten();

        // Read-only and no-scope first, so they meet the same state the admin call will change.
        for (who, scopes, bearer) in &callers {
            let predicted = endpoint.check(scopes);
            let response = call_api(&http, &domain, endpoint.method.as_str(), &path, bearer, body.as_ref())
                .await
                .expect("call");
            let error = response.management_error();
            let code = error.as_ref().and_then(|e| e.error_code.clone());
            let tally = verdicts.entry(*who).or_default();
            let answered = if predicted.is_allowed() {
                tally.0 += 1;
                // Non-curated operations: 501, or — for those the tenant implements (client-grant
                // writes) — the handler's own validation or not-found answer, which shows the
                // guard let the call through (the generic form sends `{}` and a made-up id).
                let handled = matches!(response.status, 400 | 404)
                    && (code.as_deref().is_some_and(|c| c == "invalid_body" || c.starts_with("inexistent_"))
                        || response.body_text().contains("does not exist."));
                response.is_success()
                    || (!endpoint.curated
                        && ((response.status == 501 && code.as_deref() == Some("not_implemented"))
                            || handled))
            } else {
                tally.1 += 1;
                // The 403 states the catalog's very rule.
                let stated = error
                    .and_then(|e| e.message)
                    .and_then(|m| parse_insufficient_scope(&m))
                    .map(|parsed| parsed.requirement);
                response.status == 403
                    && code.as_deref() == Some("insufficient_scope")
                    && stated.as_ref() == Some(&endpoint.requirement)
            };
            if !answered {
                problems.push(format!(
                    "{} {who}: predicted {}, server {} {}",
                    endpoint.id(),
                    if predicted.is_allowed() { "allowed" } else { "403" },
                    response.status,
                    response.body_text()
                ));
            }
        }
        checked += 1;
    }
    assert_eq!(checked, 469);
    assert!(problems.is_empty(), "prediction and server disagree:\n{}", problems.join("\n"));
    assert_eq!(verdicts["admin"], (469, 0), "the admin is granted every scope any operation lists");
    assert_eq!(verdicts["no-scope"], (0, 469), "no operation passes without scopes");
    let (allowed, denied) = verdicts["read-only"];
    assert!(allowed >= 5 && denied >= 400, "the read-only client passes only reads: {allowed}/{denied}");
    tenant.shutdown().await;
}
