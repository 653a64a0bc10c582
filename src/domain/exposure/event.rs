//! One log event as the exposure story reads it: the fields Auth0's schemas promise for the
//! client-credentials and Management API events (docs/auth0.md#log-events), taken from the
//! JSON of `GET /api/v2/logs`. Everything else is dropped; every kept string is bounded, so a
//! hostile log cannot grow what the report holds per event.

use serde_json::Value;

/// Longest string kept from an event (Auth0 and the local tenant cut longer ones already).
pub const MAX_FIELD_CHARS: usize = 512;
/// Longest `scope` kept from a `seccft` (the whole Management API grant is about 7 KiB).
pub const MAX_SCOPE_CHARS: usize = 16 * 1024;

/// The event types the story reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventKind {
    /// A client-credentials exchange succeeded: one token issued.
    Seccft,
    /// A client-credentials exchange failed (a wrong secret, no grant…).
    Feccft,
    /// A Management API call that changes something succeeded.
    Sapi,
    /// Such a call failed.
    Fapi,
    /// A GET returned a secret.
    MgmtApiRead,
    /// A rate limit refused a request.
    ApiLimit,
    /// A client id was blocked after repeated failed attempts (the local tenant's brute-force
    /// protection on `/oauth/token`).
    LimitWc,
}

impl EventKind {
    pub fn of(code: &str) -> Option<EventKind> {
        Some(match code {
            "seccft" => EventKind::Seccft,
            "feccft" => EventKind::Feccft,
            "sapi" => EventKind::Sapi,
            "fapi" => EventKind::Fapi,
            "mgmt_api_read" => EventKind::MgmtApiRead,
            "api_limit" => EventKind::ApiLimit,
            "limit_wc" => EventKind::LimitWc,
            _ => return None,
        })
    }

    pub fn code(self) -> &'static str {
        match self {
            EventKind::Seccft => "seccft",
            EventKind::Feccft => "feccft",
            EventKind::Sapi => "sapi",
            EventKind::Fapi => "fapi",
            EventKind::MgmtApiRead => "mgmt_api_read",
            EventKind::ApiLimit => "api_limit",
            EventKind::LimitWc => "limit_wc",
        }
    }

    /// Every code, for the search filter.
    pub const ALL: [EventKind; 7] = [
        EventKind::Seccft,
        EventKind::Feccft,
        EventKind::Sapi,
        EventKind::Fapi,
        EventKind::MgmtApiRead,
        EventKind::ApiLimit,
        EventKind::LimitWc,
    ];
}

/// A Management API request recorded in `details.request` (and its answer).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ApiCall {
    /// Upper case (Auth0 records it in lower case).
    pub method: String,
    /// Percent-decoded, without the query, without a trailing slash.
    pub path: String,
    /// `details.response.statusCode`, when recorded.
    pub status: Option<u16>,
    /// The request body had a `client_secret` (a secret set by `PATCH /clients/{id}`).
    pub sets_secret: bool,
    /// `client_id` of the request body, and of the answer (a grant names its client).
    pub body_client_id: Option<String>,
    pub answer_client_id: Option<String>,
    /// `audience` of the request body or the answer (a grant names its API).
    pub audience: Option<String>,
    /// The answer's `id` (a created grant's id).
    pub answer_id: Option<String>,
    /// The answer's `identifier` (an updated resource server's).
    pub answer_identifier: Option<String>,
    /// `token_lifetime` of the request body (a resource server's lifetime changed).
    pub token_lifetime: Option<i64>,
}

/// One event, reduced to what the story needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEvent {
    pub log_id: String,
    /// Milliseconds since the epoch.
    pub at_ms: i64,
    pub kind: EventKind,
    pub client_id: String,
    pub client_name: String,
    pub ip: String,
    pub user_agent: String,
    /// `seccft`/`feccft`: the audience asked for.
    pub audience: String,
    /// `seccft`: the issued token's scopes, space-separated.
    pub scope: String,
    pub description: String,
    /// `sapi`, `fapi`, `mgmt_api_read`, `api_limit`: the request.
    pub call: Option<ApiCall>,
}

impl LogEvent {
    /// Seconds since the epoch (the issue second of a `seccft`'s token).
    pub fn at(&self) -> i64 {
        self.at_ms.div_euclid(1000)
    }

    /// The event, or None when it is not one the story reads or lacks a date or an id.
    pub fn parse(event: &Value) -> Option<LogEvent> {
        let kind = EventKind::of(event["type"].as_str()?)?;
        let at_ms = chrono::DateTime::parse_from_rfc3339(event["date"].as_str()?).ok()?.timestamp_millis();
        let log_id = text(&event["log_id"]).filter(|id| !id.is_empty())?;
        let scope_limit = if kind == EventKind::Seccft { MAX_SCOPE_CHARS } else { MAX_FIELD_CHARS };
        let details = &event["details"];
        let call = match kind {
            EventKind::Sapi | EventKind::Fapi | EventKind::MgmtApiRead | EventKind::ApiLimit => {
                Some(api_call(details))
            }
            _ => None,
        };
        Some(LogEvent {
            log_id,
            at_ms,
            kind,
            client_id: field(event, "client_id"),
            client_name: field(event, "client_name"),
            ip: field(event, "ip"),
            user_agent: field(event, "user_agent"),
            audience: field(event, "audience"),
            scope: cut(event["scope"].as_str().unwrap_or_default(), scope_limit),
            description: field(event, "description"),
            call,
        })
    }
}

fn api_call(details: &Value) -> ApiCall {
    let request = &details["request"];
    let response = &details["response"];
    let body = &request["body"];
    let answer = &response["body"];
    let raw_path = request["path"].as_str().unwrap_or_default();
    let path = raw_path.split(['?', '#']).next().unwrap_or_default();
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let trimmed = if decoded.len() > 1 { decoded.trim_end_matches('/') } else { &decoded };
    ApiCall {
        method: cut(request["method"].as_str().unwrap_or_default(), 16).to_ascii_uppercase(),
        path: cut(trimmed, MAX_FIELD_CHARS),
        status: response["statusCode"].as_u64().and_then(|s| u16::try_from(s).ok()),
        sets_secret: body.get("client_secret").is_some(),
        body_client_id: text(&body["client_id"]),
        answer_client_id: text(&answer["client_id"]),
        audience: text(&body["audience"]).or_else(|| text(&answer["audience"])),
        answer_id: text(&answer["id"]),
        answer_identifier: text(&answer["identifier"]),
        token_lifetime: body["token_lifetime"].as_i64(),
    }
}

fn field(event: &Value, key: &str) -> String {
    text(&event[key]).unwrap_or_default()
}

fn text(value: &Value) -> Option<String> {
    value.as_str().map(|s| cut(s, MAX_FIELD_CHARS))
}

/// At most `max` characters of `text`.
fn cut(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => text[..at].to_owned(),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_rotation_event_keeps_its_decoded_path_and_method() {
        let event = json!({
            "date": "2026-12-01T10:15:02.123Z", "type": "sapi", "client_id": "adm", "client_name": "admin",
            "ip": "198.51.100.23", "user_agent": "curl/8.5.0", "log_id": "900201",
            "details": {"request": {"method": "post", "path": "/api/v2/clients/c%7C1/rotate-secret/?x=1",
                                    "body": {"client_secret": "[REDACTED]"}},
                        "response": {"statusCode": 200, "body": {"client_id": "c|1"}}}
        });
        let parsed = LogEvent::parse(&event).expect("parsed");
        assert_eq!(parsed.kind, EventKind::Sapi);
        assert_eq!(parsed.at_ms, 1_796_120_102_123);
        assert_eq!(parsed.at(), 1_796_120_102);
        let call = parsed.call.expect("call");
        assert_eq!((call.method.as_str(), call.path.as_str()), ("POST", "/api/v2/clients/c|1/rotate-secret"));
        assert_eq!(call.status, Some(200));
        assert!(call.sets_secret);
        assert_eq!(call.answer_client_id.as_deref(), Some("c|1"));
    }

    #[test]
    fn events_the_story_cannot_use_are_dropped() {
        for event in [
            json!({"date": "2026-12-01T10:00:00Z", "type": "s", "log_id": "1"}),
            json!({"date": "yesterday", "type": "seccft", "log_id": "1"}),
            json!({"date": "2026-12-01T10:00:00Z", "type": "seccft"}),
            json!({"date": "2026-12-01T10:00:00Z", "type": "seccft", "log_id": ""}),
            json!("not an object"),
        ] {
            assert_eq!(LogEvent::parse(&event), None, "{event}");
        }
    }

    #[test]
    fn hostile_fields_are_bounded() {
        let long = "x".repeat(100_000);
        let event = json!({"date": "2026-12-01T10:00:00Z", "type": "seccft", "log_id": "1",
                           "ip": long, "scope": long, "client_id": 42});
        let parsed = LogEvent::parse(&event).expect("parsed");
        assert_eq!(parsed.ip.chars().count(), MAX_FIELD_CHARS);
        assert_eq!(parsed.scope.chars().count(), MAX_SCOPE_CHARS);
        assert_eq!(parsed.client_id, "", "a number is no client id");
    }
}
