//! The Management API endpoints tokex knows: data compiled in from `assets/endpoints.json`,
//! plus the pure questions asked of it — does a token's scope list pass an endpoint, does an
//! endpoint match a filter, what URL path does a filled-in form produce.

use serde::Deserialize;
use serde_json::Value;
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

mod endpoint;
mod lookup;
mod table;
#[cfg(test)]
mod tests;

pub use endpoint::{EntryError, RenderError, percent_encode};
pub use lookup::{find, find_in, template_params};
pub use table::{render_table, to_json};

const ASSET: &str = include_str!("../../../assets/endpoints.json");

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

/// How an endpoint's scope list is read: Auth0 accepts most calls with any one of the listed
/// scopes, but a few (e.g. `GET /users/{id}/roles`) need all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ScopeRule {
    Any,
    All,
}

impl ScopeRule {
    pub fn as_str(self) -> &'static str {
        match self {
            ScopeRule::Any => "any",
            ScopeRule::All => "all",
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

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Endpoint {
    pub method: Method,
    /// Template with `{name}` placeholders, always starting with `/api/v2/`.
    pub path: String,
    /// Group label; the catalog is ordered so that equal labels are adjacent.
    pub resource: String,
    pub scopes: Vec<String>,
    pub scope_rule: ScopeRule,
    pub destructive: bool,
    pub description: String,
    #[serde(default)]
    pub params: Vec<Param>,
    /// The key holding the items when a list answers with an object (`include_totals=true`
    /// or checkpoint paging); `users` for `GET /users`.
    #[serde(default)]
    pub items_key: Option<String>,
    /// Longer explanations for the details view (limits, query syntax examples).
    #[serde(default)]
    pub notes: Vec<String>,
    /// What the JSON body editor starts with.
    #[serde(default)]
    pub body_example: Option<Value>,
    #[serde(default)]
    pub confirm: Option<Confirm>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScopeCheck {
    Allowed,
    /// For [`ScopeRule::Any`] every listed scope (any one would do); for [`ScopeRule::All`]
    /// only the ones the token lacks.
    Missing(Vec<String>),
}

impl ScopeCheck {
    pub fn is_allowed(&self) -> bool {
        matches!(self, ScopeCheck::Allowed)
    }
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

/// Parses and checks a catalog. The compiled-in asset is checked by a unit test, so at runtime
/// this cannot fail for it.
pub fn parse_catalog(text: &str) -> Result<Vec<Endpoint>, CatalogError> {
    let endpoints: Vec<Endpoint> = serde_json::from_str(text)?;
    for (index, endpoint) in endpoints.iter().enumerate() {
        endpoint.validate().map_err(|reason| CatalogError::Invalid { index, id: endpoint.id(), reason })?;
        if endpoints[..index].iter().any(|e| e.method == endpoint.method && e.path == endpoint.path) {
            return Err(CatalogError::Invalid { index, id: endpoint.id(), reason: EntryError::Duplicate });
        }
    }
    Ok(endpoints)
}

/// The compiled-in catalog, parsed on first use.
pub fn catalog() -> &'static [Endpoint] {
    static CATALOG: OnceLock<Vec<Endpoint>> = OnceLock::new();
    // A broken asset is a programming error caught by the tests; an empty catalog keeps the
    // rest of the program usable instead of panicking.
    CATALOG.get_or_init(|| parse_catalog(ASSET).unwrap_or_default())
}
