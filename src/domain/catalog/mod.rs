//! The Management API endpoints tokex knows: data compiled in from `assets/endpoints.json`,
//! plus the pure questions asked of it — does a token's scope list pass an endpoint, does an
//! endpoint match a filter, what URL path does a filled-in form produce.

use serde::Deserialize;
use serde_json::Value;
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

mod capability;
mod endpoint;
mod least;
mod lookup;
mod merge;
mod table;
#[cfg(test)]
mod tests;

pub use crate::domain::scope_rule::{Requirement, ScopeCheck, ScopeRule, ScopeSet};
pub use capability::{Capability, GroupCount, ScopeIndex, UnusedScope};
pub use endpoint::{EntryError, FilterRank, RenderError, percent_encode};
pub use least::{
    ChosenScope, LeastScopes, ScopeCaution, TokenFit, least_scopes, privileged_scopes, token_fit,
};
pub use lookup::{find, find_in, nearest, template_params};
pub use merge::parse_catalog;
pub use table::{RenderedTable, TableRow, render_table, to_json};

/// Every Management API operation with the scopes Auth0's documentation lists (extracted from
/// Auth0's documentation source; see assets/README.md).
const OPERATIONS: &str = include_str!("../../../assets/management-api-operations.json");
/// tokex's hand-written entries: descriptions, parameter forms, notes, confirmations.
const CURATED: &str = include_str!("../../../assets/endpoints.json");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    pub const ALL: [Method; 5] = [Method::Get, Method::Post, Method::Put, Method::Patch, Method::Delete];

    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    /// Whether a call with this method normally sends a JSON body (the form shows an editor).
    pub fn has_body(self) -> bool {
        matches!(self, Method::Post | Method::Put | Method::Patch)
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A method name that is not one of the Management API's five.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown HTTP method `{}` (expected GET, POST, PUT, PATCH or DELETE)", crate::domain::sanitize::escape_control(.0))]
pub struct MethodError(pub String);

impl FromStr for Method {
    type Err = MethodError;

    /// Case-insensitive, so `tokex call get /users` works.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Method::ALL
            .into_iter()
            .find(|m| m.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| MethodError(s.to_owned()))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ParamLocation {
    Path,
    Query,
    Body,
}

impl ParamLocation {
    pub fn as_str(self) -> &'static str {
        match self {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Body => "body",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Param {
    pub name: String,
    #[serde(rename = "in")]
    pub location: ParamLocation,
    pub description: String,
    /// For body params this is JSON text (`"{\"plan\":\"pro\"}"`); otherwise the raw value.
    #[serde(default)]
    pub example: Option<String>,
    /// The value Auth0 documents as its default; the form is prefilled with it.
    #[serde(default)]
    pub default: Option<String>,
    #[serde(default)]
    pub required: bool,
    /// The field of items in a list response that can supply this value (e.g. `user_id`), so
    /// the form can offer a picker over the last response.
    #[serde(default)]
    pub pick_from: Option<String>,
}

/// What a destructive call will do, and — the point of asking — what it will not.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Confirm {
    pub will: String,
    #[serde(default)]
    pub will_not: Option<String>,
}

/// Where an operation's scope rule comes from, so the UI can say how sure it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RuleSource {
    /// The documentation lists one scope: nothing to combine.
    Single,
    /// Auth0's own 403 text for the operation says how the scopes combine.
    Stated,
    /// Several scopes listed and Auth0 does not say how they combine: read as any-of, as
    /// Auth0's 403s usually are.
    AssumedAny,
    /// A 403 from the tenant in this session said so.
    Learned,
}

/// An operation's release stage, as Auth0's documentation marks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
pub enum Lifecycle {
    #[serde(rename = "GA")]
    GenerallyAvailable,
    #[serde(rename = "EA")]
    EarlyAccess,
    #[serde(rename = "beta")]
    Beta,
}

impl Lifecycle {
    /// The badge shown next to an operation; None for generally available ones.
    pub fn badge(self) -> Option<&'static str> {
        match self {
            Lifecycle::GenerallyAvailable => None,
            Lifecycle::EarlyAccess => Some("EA"),
            Lifecycle::Beta => Some("beta"),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Lifecycle::GenerallyAvailable => "GA",
            Lifecycle::EarlyAccess => "EA",
            Lifecycle::Beta => "beta",
        }
    }
}

/// One Management API operation: the facts from Auth0's documentation, plus — for the curated
/// ones — tokex's descriptions, parameter forms, notes and confirmations.
#[derive(Debug, Clone, PartialEq)]
pub struct Endpoint {
    pub method: Method,
    /// Template with `{name}` placeholders, always starting with `/api/v2/`.
    pub path: String,
    /// The documentation section (`users`, `client-grants`); the catalog is ordered so that
    /// equal groups are adjacent.
    pub group: String,
    /// The scopes Auth0's documentation page lists, in its order.
    pub scopes: Vec<String>,
    /// How those scopes combine.
    pub requirement: Requirement,
    pub rule_source: RuleSource,
    /// Auth0's own "Insufficient scope" text for the operation, where known.
    pub auth0_403: Option<String>,
    /// Whether that text names other scopes than the documentation page: Auth0's sources
    /// disagree, and a real 403 settles it.
    pub sources_disagree: bool,
    pub lifecycle: Option<Lifecycle>,
    /// The operation's documentation page.
    pub doc: String,
    /// Whether tokex has a hand-written entry (description, form, notes) for it.
    pub curated: bool,
    pub destructive: bool,
    pub description: String,
    pub params: Vec<Param>,
    /// The key holding the items when a list answers with an object (`include_totals=true`
    /// or checkpoint paging); `users` for `GET /users`.
    pub items_key: Option<String>,
    /// Longer explanations for the details view (limits, query syntax examples).
    pub notes: Vec<String>,
    /// What the JSON body editor starts with.
    pub body_example: Option<Value>,
    pub confirm: Option<Confirm>,
    /// Lowercased method, path, group and description, built once for the filter.
    pub(crate) search_text: String,
}

/// Which paging styles an endpoint supports, derived from its query parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Paging {
    /// `page` + `per_page`.
    pub offset: bool,
    /// `from` + `take`.
    pub checkpoint: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error("endpoint catalog is not valid JSON for its schema: {0}")]
    Json(#[from] serde_json::Error),
    #[error("endpoint catalog entry {index} ({id}): {reason}")]
    Invalid { index: usize, id: String, reason: EntryError },
}

/// The compiled-in catalog — every operation, curated ones first — built on first use.
pub fn catalog() -> &'static [Endpoint] {
    static CATALOG: OnceLock<Vec<Endpoint>> = OnceLock::new();
    // A broken asset is a programming error caught by the tests; an empty catalog keeps the
    // rest of the program usable instead of panicking.
    CATALOG.get_or_init(|| parse_catalog(OPERATIONS, CURATED).unwrap_or_default())
}
