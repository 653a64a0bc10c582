//! Asking a tenant what the exposure story needs, with one token that may read its log: the
//! API's `token_lifetime` (when the token may read resource servers), the API's client grants
//! (when it may read them), and the log window (`log_search`). For one client that is
//! `ceil(events / 100) + 3` requests at most, without rate limits: the lifetime, the grant, the
//! pages, and either the page that reaches past the window or the one asking for the oldest
//! event the tenant keeps.

use super::Http;
use super::log_search::{get_with_retries, search_window};
use crate::domain::Inspection;
use crate::domain::catalog::percent_encode;
use crate::domain::exposure::{
    AskingToken, ExposureData, ExposureQuery, ExposureUnknown, GRANT_SCOPE, GrantInfo, GrantsAnswer,
    LifetimeAnswer, LogEvent, MAX_TOKEN_LIFETIME, RESOURCE_SERVER_SCOPE, SearchCost, Subject,
    check_client_id,
};
use serde_json::Value;
use std::collections::HashMap;

/// `--all` reads at most this many pages of client grants.
const MAX_GRANT_PAGES: u32 = 10;

/// The tenant's answers for `query`, asked with `token` at `now`.
pub async fn gather(
    http: &Http,
    query: &ExposureQuery,
    token: &str,
    now: i64,
) -> Result<ExposureData, ExposureUnknown> {
    if let Some(id) = query.client_id() {
        check_client_id(id)?;
    }
    let claims = Inspection::from_compact(token).ok().map(|i| i.claims);
    let may = |scope: &str| claims.as_ref().is_some_and(|c| c.has_scope(scope));
    let mut cost = SearchCost::default();
    let lifetime = if may(RESOURCE_SERVER_SCOPE) {
        read_lifetime(http, query, token, &mut cost).await?
    } else {
        LifetimeAnswer::Unknown(format!("the asking token lacks {RESOURCE_SERVER_SCOPE}"))
    };
    let grants = if may(GRANT_SCOPE) {
        read_grants(http, query, token, &mut cost).await?
    } else {
        GrantsAnswer::Unknown(format!("the asking token lacks {GRANT_SCOPE}"))
    };
    let client_names = if query.subject == Subject::All && (may("read:clients") || may("read:client_summary"))
    {
        read_names(http, query, token, &mut cost).await?
    } else {
        HashMap::new()
    };
    let window_start = query.window_start(&lifetime, now);
    let found =
        search_window(http, &query.tenant, token, &query.filter(), window_start, query.max_pages, &mut cost)
            .await?;
    let events = found.events.iter().filter_map(LogEvent::parse).collect();
    Ok(ExposureData {
        query: query.clone(),
        asked_at: now,
        window_start,
        lifetime,
        grants,
        events,
        coverage: found.coverage,
        cost,
        asked_with: AskingToken {
            azp: claims.as_ref().and_then(|c| c.azp.clone()),
            iat: claims.as_ref().and_then(|c| c.iat),
        },
        client_names,
    })
}

/// `GET /resource-servers/{identifier}`'s `token_lifetime`; a refusal makes it unknown, not
/// the whole answer.
async fn read_lifetime(
    http: &Http,
    query: &ExposureQuery,
    token: &str,
    cost: &mut SearchCost,
) -> Result<LifetimeAnswer, ExposureUnknown> {
    let path = format!("/resource-servers/{}", percent_encode(&query.audience));
    let response = get_with_retries(http, &query.tenant, &path, token, cost).await?;
    if !response.is_success() {
        return Ok(LifetimeAnswer::Unknown(format!("GET {path} answered {}", response.status)));
    }
    let seconds = response.json().and_then(|api| api["token_lifetime"].as_i64());
    Ok(match seconds.filter(|s| (1..=MAX_TOKEN_LIFETIME).contains(s)) {
        Some(seconds) => LifetimeAnswer::Read(seconds),
        None => LifetimeAnswer::Unknown("the API's answer has no usable token_lifetime".into()),
    })
}

/// The API's client grants (the subject's only, for one client).
async fn read_grants(
    http: &Http,
    query: &ExposureQuery,
    token: &str,
    cost: &mut SearchCost,
) -> Result<GrantsAnswer, ExposureUnknown> {
    let mut grants = Vec::new();
    let client = match &query.subject {
        Subject::Client(id) => format!("&client_id={}", percent_encode(id)),
        Subject::All => String::new(),
    };
    for page in 0..MAX_GRANT_PAGES {
        let path = format!(
            "/client-grants?audience={}{client}&per_page=100&page={page}",
            percent_encode(&query.audience)
        );
        let response = get_with_retries(http, &query.tenant, &path, token, cost).await?;
        if !response.is_success() {
            return Ok(GrantsAnswer::Unknown(format!("GET /client-grants answered {}", response.status)));
        }
        let body = response.json().unwrap_or(Value::Null);
        let items = body.as_array().or_else(|| body["client_grants"].as_array()).cloned().unwrap_or_default();
        let count = items.len();
        grants.extend(items.iter().filter(|g| g["audience"] == query.audience.as_str()).filter_map(|g| {
            Some(GrantInfo {
                id: g["id"].as_str()?.to_owned(),
                client_id: g["client_id"].as_str()?.to_owned(),
                scopes: g["scope"]
                    .as_array()
                    .map(|s| s.iter().filter_map(Value::as_str).map(str::to_owned).collect())
                    .unwrap_or_default(),
            })
        }));
        // One client has one grant per API: one page says it all.
        if count < 100 || query.client_id().is_some() {
            return Ok(GrantsAnswer::Read(grants));
        }
    }
    Ok(GrantsAnswer::Read(grants))
}

/// Client names by id (`--all`), at most [`MAX_GRANT_PAGES`] pages; a refusal leaves them out.
async fn read_names(
    http: &Http,
    query: &ExposureQuery,
    token: &str,
    cost: &mut SearchCost,
) -> Result<HashMap<String, String>, ExposureUnknown> {
    let mut names = HashMap::new();
    for page in 0..MAX_GRANT_PAGES {
        let path = format!("/clients?fields=client_id%2Cname&include_fields=true&per_page=100&page={page}");
        let response = get_with_retries(http, &query.tenant, &path, token, cost).await?;
        if !response.is_success() {
            break;
        }
        let body = response.json().unwrap_or(Value::Null);
        let items = body.as_array().or_else(|| body["clients"].as_array()).cloned().unwrap_or_default();
        for client in &items {
            if let (Some(id), Some(name)) = (client["client_id"].as_str(), client["name"].as_str()) {
                names.insert(id.to_owned(), name.chars().take(256).collect());
            }
        }
        if items.len() < 100 {
            break;
        }
    }
    Ok(names)
}
