//! Exposure: the tokens you cannot revoke. A Management API token lives until its `exp`
//! whatever happens to its client afterwards (docs/auth0.md#lifecycle), so after a leak the
//! questions are how many of a client's tokens are still live, who got them from where, what
//! they did, and when the last one dies. The tenant's log answers them
//! (docs/auth0.md#log-events): this module turns log events into that story, purely. Gathering
//! the events is `net::exposure`'s; printing them the CLI's and the Exposure pane's.

mod changes;
pub mod event;
mod json;
mod ranking;
mod remedy;
mod report;
mod story;
#[cfg(test)]
mod tests;
mod unknown;

pub use changes::{Change, ChangeKind};
pub use event::{ApiCall, EventKind, LogEvent};
pub use ranking::{ClientRisk, Ranking};
pub use remedy::{PROPOSED_LIFETIME, Remedy, RemedyAction};
pub use report::{
    LineKind, RemedyText, StoryLine, TimeFormat, headline, live_until, remedy_text, story_lines,
    unknown_lines,
};
pub use story::{Activity, GrantNow, IssuedToken, Knocks, LifetimeSource, Source, Story};
pub use unknown::Unknown;

/// Auth0's largest token lifetime (30 days): what a token whose lifetime cannot be known is
/// counted as.
pub const MAX_TOKEN_LIFETIME: i64 = 2_592_000;
/// Events per page of a log search (Auth0's largest `per_page`).
pub const PAGE_SIZE: u32 = 100;
/// A search stops after this many pages unless told otherwise.
pub const DEFAULT_MAX_PAGES: u32 = 50;
/// The most pages anyone may ask for.
pub const MAX_PAGES: u32 = 1000;
/// The scope that reads the log.
pub const LOG_SCOPE: &str = "read:logs";
/// The scope that reads the Management API's `token_lifetime`.
pub const RESOURCE_SERVER_SCOPE: &str = "read:resource_servers";
/// The scope that reads client grants.
pub const GRANT_SCOPE: &str = "read:client_grants";

/// Whose tokens: one client, or every client with a grant for the API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    Client(String),
    All,
}

/// What to ask the tenant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExposureQuery {
    /// The tenant asked (a profile's domain, `https://acme.eu.auth0.com`).
    pub tenant: String,
    /// The API whose tokens are counted (the Management API's identifier).
    pub audience: String,
    pub subject: Subject,
    /// Read the log from here (epoch seconds) instead of from the oldest token that could
    /// still live.
    pub since: Option<i64>,
    /// Stop after this many pages of the log search.
    pub max_pages: u32,
}

/// Why a client id is refused before anything is sent: it goes into a log search query.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{shown}` is not a client id (1 to 128 letters, digits, `-`, `_` and `.`)")]
pub struct BadClientId {
    /// Escaped for a terminal.
    pub shown: String,
}

/// Whether `id` can be a client id: Auth0's are 32 letters and digits. Anything that could
/// change the meaning of a search query (quotes, spaces, operators) is refused.
pub fn check_client_id(id: &str) -> Result<(), BadClientId> {
    let ok = (1..=128).contains(&id.len())
        && id.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok {
        Ok(())
    } else {
        let shown: String = id.chars().take(64).collect();
        Err(BadClientId { shown: crate::domain::sanitize::escape_control(&shown).into_owned() })
    }
}

impl ExposureQuery {
    /// The search's filter without its dates: the client's own events and every successful
    /// change (another client may have rotated its secret or changed its grant), or every event
    /// type the story reads for all clients.
    pub fn filter(&self) -> String {
        let types = |skip: Option<EventKind>| -> String {
            let codes: Vec<&str> =
                EventKind::ALL.iter().filter(|k| Some(**k) != skip).map(|k| k.code()).collect();
            codes.join(" OR ")
        };
        match &self.subject {
            Subject::Client(id) => {
                format!("type:sapi OR (client_id:\"{id}\" AND type:({}))", types(Some(EventKind::Sapi)))
            }
            Subject::All => format!("type:({})", types(None)),
        }
    }

    /// Where the search starts: `--since`, or the issue time of the oldest token that could
    /// still live.
    pub fn window_start(&self, lifetime: &LifetimeAnswer, now: i64) -> i64 {
        self.since.unwrap_or_else(|| now - lifetime.bound())
    }

    pub fn client_id(&self) -> Option<&str> {
        match &self.subject {
            Subject::Client(id) => Some(id),
            Subject::All => None,
        }
    }
}

/// The Management API's `token_lifetime` as the tenant said it, or why it is unknown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LifetimeAnswer {
    Read(i64),
    Unknown(String),
}

impl LifetimeAnswer {
    /// The longest a token issued now lives.
    pub fn bound(&self) -> i64 {
        match self {
            LifetimeAnswer::Read(seconds) => *seconds,
            LifetimeAnswer::Unknown(_) => MAX_TOKEN_LIFETIME,
        }
    }
}

/// A client grant for the API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrantInfo {
    pub id: String,
    pub client_id: String,
    pub scopes: Vec<String>,
}

/// The API's client grants as the tenant has them now, or why they are unknown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GrantsAnswer {
    Read(Vec<GrantInfo>),
    Unknown(String),
}

/// How much of the window the events cover.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Coverage {
    /// An event older than the window's start was seen: the log reaches over the whole window.
    pub reaches_window: bool,
    /// When it does not: the oldest event the tenant keeps (ms), if it keeps any.
    pub oldest_kept_ms: Option<i64>,
    /// The search stopped at the page limit after this many pages.
    pub stopped_after_pages: Option<u32>,
    /// The oldest event read (ms).
    pub oldest_read_ms: Option<i64>,
    /// Events of the searched types that could not be read (no date, no id).
    pub unreadable: usize,
}

/// What the questions cost.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SearchCost {
    /// HTTP requests made, retries included.
    pub requests: u32,
    /// Events received, repeats included.
    pub events_read: u32,
    /// Answers that were 429 (each waited for and retried).
    pub rate_limited: u32,
}

/// The token tokex asked with, to find its own `seccft` among the client's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AskingToken {
    pub azp: Option<String>,
    pub iat: Option<i64>,
}

/// Everything the tenant said, ready for [`Story::tell`] and [`Ranking::rank`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExposureData {
    pub query: ExposureQuery,
    /// When the tenant was asked (epoch seconds).
    pub asked_at: i64,
    pub window_start: i64,
    pub lifetime: LifetimeAnswer,
    pub grants: GrantsAnswer,
    /// The events from the window's start on, each once, newest first.
    pub events: Vec<LogEvent>,
    pub coverage: Coverage,
    pub cost: SearchCost,
    pub asked_with: AskingToken,
    /// Client names by id, when the tenant was asked for them (`--all`).
    pub client_names: std::collections::HashMap<String, String>,
}

/// Why the story could not be told; shown as a neutral line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExposureUnknown {
    #[error("no profile for {tenant} is configured; reading its log needs one whose token has read:logs")]
    NoProfile { tenant: String },
    #[error("the token of profile {profiles} lacks read:logs, so the log cannot be read")]
    NoLogScope { profiles: String },
    /// No token that may read the log is at hand, and the asker does not fetch one by itself
    /// (the TUI: an exchange only happens on the user's `f`).
    #[error("no token of profile {profiles} that may read the log is at hand (none is fetched for it)")]
    NoHeldToken { profiles: String },
    #[error("the token names no client (azp) and no tenant, so there are no tokens to count")]
    NoClient,
    #[error(transparent)]
    BadClient(#[from] BadClientId),
    #[error("the tenant answered {status} to the log search: {message}")]
    Refused { status: u16, message: String },
    #[error("rate limited by the tenant (429); the log can be read again in {wait} s")]
    RateLimited { wait: i64 },
    #[error("the log could not be read: {reason}")]
    Unreachable { reason: String },
    /// The token to ask with could not be fetched: `status` when the token endpoint answered,
    /// `transport` when it could not be reached.
    #[error("no token of profile {profile} to read the log with: {reason}")]
    TokenFetch { profile: String, reason: String, status: Option<u16>, transport: bool },
}
