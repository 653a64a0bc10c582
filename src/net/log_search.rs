//! Reading a window of the tenant's log with as few requests as the answer needs
//! (docs/auth0.md#searching-and-paging): the search filters on the server (`q`), newest first,
//! 100 events a page. A search pages through at most 1,000 results, so a longer window is read
//! as several searches, each ending where the last one stopped (its oldest event's `date`,
//! inclusive; the repeated event is dropped by its `log_id`). Checkpoint paging (`from`/`take`)
//! is not used: it ignores `q`, so it would read every event of the tenant.
//!
//! One clause more tells whether the log reaches back over the whole window at no extra cost:
//! `… OR date:[* TO start}` matches every event older than the window, and sorted newest first
//! the first of them comes right after the window's events; the search stops there. When none
//! comes, one request for the tenant's oldest event says how far back its log reaches.
//!
//! A 429 is waited out (until `x-ratelimit-reset`, at most [`MAX_WAIT_SECS`]) and retried up to
//! [`MAX_RETRIES`] times; every request, retries included, is counted.

use super::token::now_epoch;
use super::{Http, call_api};
use crate::domain::api_response::ApiResponse;
use crate::domain::catalog::percent_encode;
use crate::domain::exposure::{Coverage, ExposureUnknown, PAGE_SIZE, SearchCost};
use serde_json::Value;
use std::collections::HashSet;

/// Results one search can page through.
pub const SEARCH_LIMIT: u32 = 1000;
/// A rate-limited request is retried this many times.
pub const MAX_RETRIES: u32 = 3;
/// Longer waits for a rate limit are not made: the caller is told when to come back.
pub const MAX_WAIT_SECS: i64 = 60;
/// Waited when a 429 carries no reset time (auth0-cli does the same).
const DEFAULT_WAIT_SECS: i64 = 5;

/// The tenant's answer to `GET path`, a 429 waited out and retried; a transport failure is
/// `Unreachable`, a rate limit that outlasts the retries `RateLimited`.
pub async fn get_with_retries(
    http: &Http,
    domain: &str,
    path: &str,
    token: &str,
    cost: &mut SearchCost,
) -> Result<ApiResponse, ExposureUnknown> {
    let mut attempt = 0;
    loop {
        cost.requests += 1;
        let response = call_api(http, domain, "GET", path, token, None)
            .await
            .map_err(|error| ExposureUnknown::Unreachable { reason: error.to_string() })?;
        if response.status != 429 {
            return Ok(response);
        }
        cost.rate_limited += 1;
        let wait = response
            .rate_limit
            .map_or(DEFAULT_WAIT_SECS, |limit| limit.seconds_until_reset(now_epoch()))
            .max(1);
        if attempt == MAX_RETRIES || wait > MAX_WAIT_SECS {
            return Err(ExposureUnknown::RateLimited { wait });
        }
        attempt += 1;
        tracing::info!(wait, path, "rate limited; waiting for the bucket to refill");
        tokio::time::sleep(std::time::Duration::from_secs(wait.unsigned_abs())).await;
    }
}

/// A non-2xx answer as the reason a search failed.
pub fn refused(response: &ApiResponse) -> ExposureUnknown {
    let body = response.json().unwrap_or(Value::Null);
    let message = body["message"].as_str().or(body["error"].as_str()).unwrap_or(&response.reason);
    let message: String = message.chars().take(300).collect();
    ExposureUnknown::Refused { status: response.status, message }
}

/// The events of a search answer: a bare array, or `{logs: […]}` with totals.
fn events_of(response: &ApiResponse) -> Result<Vec<Value>, ExposureUnknown> {
    match response.json() {
        Some(Value::Array(items)) => Ok(items),
        Some(Value::Object(mut map)) => match map.remove("logs") {
            Some(Value::Array(items)) => Ok(items),
            _ => Err(ExposureUnknown::Unreachable { reason: "the log search answered no list".into() }),
        },
        _ => Err(ExposureUnknown::Unreachable { reason: "the log search answered no JSON list".into() }),
    }
}

/// `2026-12-01T10:00:00.000Z`: a full instant in a range bound (Auth0's log search takes
/// `date:[2019-01-01T01:00:00 TO …}`).
pub fn iso_ms(at_ms: i64) -> String {
    chrono::DateTime::<chrono::Utc>::from_timestamp_millis(at_ms)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
        .unwrap_or_default()
}

fn date_ms(event: &Value) -> Option<i64> {
    chrono::DateTime::parse_from_rfc3339(event["date"].as_str()?).ok().map(|d| d.timestamp_millis())
}

/// What a search read.
#[derive(Debug, Default)]
pub struct Found {
    /// Events from the window's start on, each once, newest first.
    pub events: Vec<Value>,
    pub coverage: Coverage,
}

/// The events matching `filter` from `window_start` (epoch seconds) on, at most `max_pages`
/// pages; `cost` counts the requests.
pub async fn search_window(
    http: &Http,
    domain: &str,
    token: &str,
    filter: &str,
    window_start: i64,
    max_pages: u32,
    cost: &mut SearchCost,
) -> Result<Found, ExposureUnknown> {
    let start_ms = window_start.saturating_mul(1000);
    let start = iso_ms(start_ms);
    let base = format!("(({filter}) AND date:[{start} TO *]) OR date:[* TO {start}}}");
    let mut found = Found::default();
    let mut seen: HashSet<String> = HashSet::new();
    let mut upper: Option<String> = None;
    let mut pages = 0;
    'searches: loop {
        let q = match &upper {
            None => base.clone(),
            Some(upper) => format!("({base}) AND date:[* TO {upper}]"),
        };
        let mut oldest_date: Option<String> = None;
        for page in 0..SEARCH_LIMIT / PAGE_SIZE {
            if pages == max_pages {
                found.coverage.stopped_after_pages = Some(pages);
                break 'searches;
            }
            pages += 1;
            let path =
                format!("/logs?q={}&sort=date%3A-1&per_page={PAGE_SIZE}&page={page}", percent_encode(&q));
            let response = get_with_retries(http, domain, &path, token, cost).await?;
            if !response.is_success() {
                return Err(refused(&response));
            }
            let items = events_of(&response)?;
            cost.events_read += u32::try_from(items.len()).unwrap_or(u32::MAX);
            for item in &items {
                let (Some(at_ms), Some(id)) = (date_ms(item), item["log_id"].as_str()) else {
                    found.coverage.unreadable += 1;
                    continue;
                };
                if at_ms < start_ms {
                    found.coverage.reaches_window = true;
                    continue;
                }
                let oldest = found.coverage.oldest_read_ms.get_or_insert(at_ms);
                *oldest = (*oldest).min(at_ms);
                if seen.insert(id.to_owned()) {
                    found.events.push(item.clone());
                }
            }
            if found.coverage.reaches_window || items.len() < PAGE_SIZE as usize {
                break 'searches;
            }
            oldest_date = items.last().and_then(|e| e["date"].as_str()).map(str::to_owned);
        }
        // The search's 1,000 results are read: the next one ends where this one did.
        match oldest_date {
            Some(date) if upper.as_ref() != Some(&date) => upper = Some(date),
            // 1,000 events within one millisecond: no way to move on.
            _ => {
                found.coverage.stopped_after_pages = Some(pages);
                break;
            }
        }
    }
    if !found.coverage.reaches_window && found.coverage.stopped_after_pages.is_none() {
        found.coverage.oldest_kept_ms = oldest_kept(http, domain, token, cost).await?;
    }
    Ok(found)
}

/// The date of the oldest event the tenant keeps (ms), None when its log is empty.
async fn oldest_kept(
    http: &Http,
    domain: &str,
    token: &str,
    cost: &mut SearchCost,
) -> Result<Option<i64>, ExposureUnknown> {
    let response =
        get_with_retries(http, domain, "/logs?sort=date%3A1&per_page=1&page=0", token, cost).await?;
    if !response.is_success() {
        return Err(refused(&response));
    }
    let items = events_of(&response)?;
    cost.events_read += u32::try_from(items.len()).unwrap_or(u32::MAX);
    Ok(items.first().and_then(date_ms))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_bounds_are_full_instants() {
        assert_eq!(iso_ms(1_796_120_102_123), "2026-12-01T10:15:02.123Z");
        assert_eq!(
            date_ms(&serde_json::json!({"date": "2026-12-01T10:15:02.123Z"})),
            Some(1_796_120_102_123)
        );
        assert_eq!(date_ms(&serde_json::json!({"date": 5})), None);
    }
}
