//! The Management API endpoints tokex knows: data compiled in from `assets/endpoints.json`,
//! plus the pure questions asked of it — does a token's scope list pass an endpoint, does an
//! endpoint match a filter, what URL path does a filled-in form produce.

use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

const ASSET: &str = include_str!("../../assets/endpoints.json");

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

impl FromStr for Method {
    type Err = String;

    /// Case-insensitive, so `tokex call get /users` works.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Method::ALL
            .into_iter()
            .find(|m| m.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| format!("unknown HTTP method {s:?} (expected GET, POST, PUT, PATCH or DELETE)"))
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
    Invalid { index: usize, id: String, reason: String },
}

/// Parses and checks a catalog. The compiled-in asset is checked by a unit test, so at runtime
/// this cannot fail for it.
pub fn parse_catalog(text: &str) -> Result<Vec<Endpoint>, CatalogError> {
    let endpoints: Vec<Endpoint> = serde_json::from_str(text)?;
    for (index, endpoint) in endpoints.iter().enumerate() {
        endpoint.validate().map_err(|reason| CatalogError::Invalid { index, id: endpoint.id(), reason })?;
        if endpoints[..index].iter().any(|e| e.method == endpoint.method && e.path == endpoint.path) {
            return Err(CatalogError::Invalid { index, id: endpoint.id(), reason: "duplicate entry".into() });
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

/// The catalog entry a concrete call (`GET /api/v2/users/auth0%7C1?fields=email`) hits.
pub fn find(method: Method, path: &str) -> Option<&'static Endpoint> {
    find_in(catalog(), method, path)
}

/// Like [`find`] over any list. Accepts a full URL, a path with or without the `/api/v2`
/// prefix, and ignores the query string and a trailing slash. Literal segments beat
/// placeholders when two templates match.
pub fn find_in<'a>(endpoints: &'a [Endpoint], method: Method, path: &str) -> Option<&'a Endpoint> {
    let wanted = normalize_call_path(path);
    endpoints
        .iter()
        .filter(|e| e.method == method)
        .filter_map(|e| template_match(&e.path, &wanted).map(|literals| (literals, e)))
        .max_by_key(|(literals, _)| *literals)
        .map(|(_, e)| e)
}

fn normalize_call_path(path: &str) -> Vec<&str> {
    let mut rest = path.trim();
    if let Some(scheme_end) = rest.find("://") {
        let after = &rest[scheme_end + 3..];
        rest = after.find('/').map_or("", |slash| &after[slash..]);
    }
    let rest = rest.split(['?', '#']).next().unwrap_or("");
    let mut segments: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
    if segments.starts_with(&["api", "v2"]) {
        segments.drain(..2);
    }
    segments
}

/// Number of literal segments matched, or None when the template does not match.
fn template_match(template: &str, wanted: &[&str]) -> Option<usize> {
    let template = normalize_call_path(template);
    if template.len() != wanted.len() {
        return None;
    }
    let mut literals = 0;
    for (t, w) in template.iter().zip(wanted) {
        if placeholder_name(t).is_some() {
            continue;
        }
        if !t.eq_ignore_ascii_case(w) {
            return None;
        }
        literals += 1;
    }
    Some(literals)
}

fn placeholder_name(segment: &str) -> Option<&str> {
    segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')).filter(|name| !name.is_empty())
}

/// The `{name}` placeholders of a path template, in order.
pub fn template_params(template: &str) -> Vec<&str> {
    template.split('/').filter_map(placeholder_name).collect()
}

impl Endpoint {
    /// `GET /api/v2/users` — unique within the catalog.
    pub fn id(&self) -> String {
        format!("{} {}", self.method, self.path)
    }

    pub fn params_in(&self, location: ParamLocation) -> impl Iterator<Item = &Param> {
        self.params.iter().filter(move |p| p.location == location)
    }

    pub fn param(&self, name: &str) -> Option<&Param> {
        self.params.iter().find(|p| p.name == name)
    }

    pub fn check(&self, token_scopes: &[String]) -> ScopeCheck {
        let has = |scope: &String| token_scopes.iter().any(|t| t == scope);
        match self.scope_rule {
            ScopeRule::Any if self.scopes.is_empty() || self.scopes.iter().any(has) => ScopeCheck::Allowed,
            ScopeRule::Any => ScopeCheck::Missing(self.scopes.clone()),
            ScopeRule::All => {
                let missing: Vec<String> = self.scopes.iter().filter(|s| !has(s)).cloned().collect();
                if missing.is_empty() { ScopeCheck::Allowed } else { ScopeCheck::Missing(missing) }
            }
        }
    }

    /// One line saying what the token lacks, or None when it passes: `needs read:clients`,
    /// `needs one of: a, b`, `missing b (needs all of: a, b)`.
    pub fn scope_hint(&self, token_scopes: &[String]) -> Option<String> {
        match (self.check(token_scopes), self.scope_rule) {
            (ScopeCheck::Allowed, _) => None,
            (ScopeCheck::Missing(scopes), ScopeRule::Any) if scopes.len() == 1 => {
                Some(format!("needs {}", scopes.join(", ")))
            }
            (ScopeCheck::Missing(scopes), ScopeRule::Any) => {
                Some(format!("needs one of: {}", scopes.join(", ")))
            }
            (ScopeCheck::Missing(missing), ScopeRule::All) => {
                Some(format!("missing {} (needs all of: {})", missing.join(", "), self.scopes.join(", ")))
            }
        }
    }

    /// Case-insensitive; every whitespace-separated word of `text` must occur in the method,
    /// path, description or resource, so `get users` finds `GET /api/v2/users`.
    pub fn matches_filter(&self, text: &str) -> bool {
        let haystack =
            format!("{} {} {} {}", self.method, self.path, self.description, self.resource).to_lowercase();
        text.split_whitespace().all(|word| haystack.contains(&word.to_lowercase()))
    }

    /// Fills the path template (values percent-encoded, so `auth0|abc` becomes `auth0%7Cabc`)
    /// and appends the query parameters that have a non-empty value, in catalog order. Values
    /// for names the endpoint does not list as path or query parameters are ignored.
    pub fn render_path(&self, values: &HashMap<String, String>) -> Result<String, String> {
        let value_of = |name: &str| values.get(name).map(|v| v.trim()).filter(|v| !v.is_empty());
        let mut out = String::with_capacity(self.path.len() + 32);
        for (i, segment) in self.path.split('/').enumerate() {
            if i > 0 {
                out.push('/');
            }
            match placeholder_name(segment) {
                Some(name) => match value_of(name) {
                    Some(value) => out.push_str(&percent_encode(value)),
                    None => return Err(format!("missing path parameter `{name}`")),
                },
                None => out.push_str(segment),
            }
        }
        let mut separator = '?';
        for param in self.params_in(ParamLocation::Query) {
            match value_of(&param.name) {
                Some(value) => {
                    out.push(separator);
                    separator = '&';
                    out.push_str(&percent_encode(&param.name));
                    out.push('=');
                    out.push_str(&percent_encode(value));
                }
                None if param.required => {
                    return Err(format!("missing required query parameter `{}`", param.name));
                }
                None => {}
            }
        }
        Ok(out)
    }

    /// The form's starting values: every parameter with a documented default.
    pub fn default_values(&self) -> HashMap<String, String> {
        self.params.iter().filter_map(|p| p.default.as_ref().map(|d| (p.name.clone(), d.clone()))).collect()
    }

    /// The confirmation text with `{name}` placeholders filled from the form (unencoded, as
    /// the user typed them): what will happen, then what will not. None for safe endpoints.
    pub fn confirm_text(&self, values: &HashMap<String, String>) -> Option<String> {
        let confirm = self.confirm.as_ref()?;
        let fill = |text: &str| {
            values.iter().fold(text.to_string(), |acc, (name, value)| {
                acc.replace(&format!("{{{name}}}"), value.trim())
            })
        };
        Some(match &confirm.will_not {
            Some(will_not) => format!("{}\n{}", fill(&confirm.will), fill(will_not)),
            None => fill(&confirm.will),
        })
    }

    pub fn paging(&self) -> Paging {
        let has = |name: &str| self.params_in(ParamLocation::Query).any(|p| p.name == name);
        Paging { offset: has("page") && has("per_page"), checkpoint: has("from") && has("take") }
    }

    fn validate(&self) -> Result<(), String> {
        if !self.path.starts_with("/api/v2/") {
            return Err("path must start with /api/v2/".into());
        }
        let in_template = template_params(&self.path);
        for name in &in_template {
            if !self.params_in(ParamLocation::Path).any(|p| p.name == *name) {
                return Err(format!("path placeholder {{{name}}} has no path parameter"));
            }
        }
        for param in self.params_in(ParamLocation::Path) {
            if !in_template.contains(&param.name.as_str()) {
                return Err(format!("path parameter `{}` is not in the template", param.name));
            }
            if !param.required {
                return Err(format!("path parameter `{}` must be required", param.name));
            }
        }
        for (i, param) in self.params.iter().enumerate() {
            if self.params[..i].iter().any(|p| p.name == param.name && p.location == param.location) {
                return Err(format!("parameter `{}` listed twice", param.name));
            }
        }
        if self.scopes.is_empty() {
            return Err("no scopes".into());
        }
        if self.description.trim().is_empty() || self.resource.trim().is_empty() {
            return Err("empty description or resource".into());
        }
        if self.destructive != self.confirm.is_some() {
            return Err("destructive endpoints, and only they, carry a confirm text".into());
        }
        Ok(())
    }

    /// The object `tokex endpoints --json` prints for this endpoint.
    pub fn to_json(&self) -> Value {
        let params: Vec<Value> = self
            .params
            .iter()
            .map(|p| {
                json!({
                    "name": p.name,
                    "in": p.location.as_str(),
                    "description": p.description,
                    "example": p.example,
                    "default": p.default,
                    "required": p.required,
                })
            })
            .collect();
        json!({
            "method": self.method.as_str(),
            "path": self.path,
            "resource": self.resource,
            "scopes": self.scopes,
            "scope_rule": self.scope_rule.as_str(),
            "destructive": self.destructive,
            "description": self.description,
            "params": params,
            "confirm": self.confirm.as_ref().map(|c| json!({ "will": c.will, "will_not": c.will_not })),
        })
    }

    fn scopes_cell(&self) -> String {
        let joiner = match self.scope_rule {
            ScopeRule::Any => " | ",
            ScopeRule::All => " + ",
        };
        self.scopes.join(joiner)
    }
}

/// `tokex endpoints --json`: an array with one object per endpoint, in catalog order.
pub fn to_json(endpoints: &[Endpoint]) -> Value {
    Value::Array(endpoints.iter().map(Endpoint::to_json).collect())
}

/// `tokex endpoints`: a plain-text table (no colour), one endpoint per line, then a legend.
pub fn render_table(endpoints: &[Endpoint]) -> String {
    const HEADERS: [&str; 4] = ["METHOD", "PATH", "SCOPES", "DESCRIPTION"];
    let rows: Vec<[String; 4]> = endpoints
        .iter()
        .map(|e| {
            let method = if e.destructive { format!("{}!", e.method) } else { e.method.to_string() };
            [method, e.path.clone(), e.scopes_cell(), e.description.clone()]
        })
        .collect();
    let width = |col: usize| {
        rows.iter().map(|r| r[col].chars().count()).chain([HEADERS[col].len()]).max().unwrap_or(0)
    };
    let widths = [width(0), width(1), width(2)];
    let mut out = String::new();
    let mut line = |cells: [&str; 4]| {
        for (cell, w) in cells.iter().zip(widths) {
            out.push_str(cell);
            out.push_str(&" ".repeat(w.saturating_sub(cell.chars().count()) + 2));
        }
        out.push_str(cells[3]);
        out.push('\n');
    };
    line(HEADERS);
    for row in &rows {
        line([&row[0], &row[1], &row[2], &row[3]]);
    }
    out.push_str("\nMETHOD! = destructive (asks for confirmation); a | b = any one of the scopes; a + b = all of them\n");
    out
}

/// Percent-encodes everything outside RFC 3986's unreserved set, so ids with `|`, `@` or a
/// whole URL (resource-server identifiers) survive as one path segment or query value.
pub fn percent_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn scopes(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    fn values(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    fn endpoint(method: Method, path: &str) -> &'static Endpoint {
        match catalog().iter().find(|e| e.method == method && e.path == path) {
            Some(e) => e,
            None => panic!("{method} {path} is not in the catalog"),
        }
    }

    #[test]
    fn asset_parses_and_validates() {
        let parsed = parse_catalog(ASSET);
        assert!(parsed.is_ok(), "{:?}", parsed.err());
        assert_eq!(catalog().len(), parsed.map(|v| v.len()).unwrap_or(0));
    }

    #[test]
    fn has_at_least_22_endpoints_users_first() {
        let all = catalog();
        assert!(all.len() >= 22, "only {} endpoints", all.len());
        assert_eq!(all[0].id(), "GET /api/v2/users");
    }

    #[test]
    fn resources_in_issue_order_and_contiguous() {
        let expected = [
            "Users",
            "Users by email",
            "Clients",
            "Client grants",
            "Resource servers",
            "Connections",
            "Roles",
            "Logs",
            "Stats",
            "Tenant settings",
            "Signing keys",
            "Organizations",
        ];
        let mut seen: Vec<&str> = Vec::new();
        for e in catalog() {
            if seen.last() != Some(&e.resource.as_str()) {
                seen.push(&e.resource);
            }
        }
        assert_eq!(seen, expected);
    }

    #[rstest]
    #[case(Method::Get, "/api/v2/users")]
    #[case(Method::Get, "/api/v2/users/{id}")]
    #[case(Method::Get, "/api/v2/users/{id}/roles")]
    #[case(Method::Get, "/api/v2/users/{id}/logs")]
    #[case(Method::Patch, "/api/v2/users/{id}")]
    #[case(Method::Get, "/api/v2/users-by-email")]
    #[case(Method::Get, "/api/v2/clients")]
    #[case(Method::Get, "/api/v2/clients/{id}")]
    #[case(Method::Post, "/api/v2/clients/{id}/rotate-secret")]
    #[case(Method::Get, "/api/v2/client-grants")]
    #[case(Method::Delete, "/api/v2/client-grants/{id}")]
    #[case(Method::Get, "/api/v2/resource-servers")]
    #[case(Method::Get, "/api/v2/resource-servers/{id}")]
    #[case(Method::Get, "/api/v2/connections")]
    #[case(Method::Get, "/api/v2/roles")]
    #[case(Method::Get, "/api/v2/logs")]
    #[case(Method::Get, "/api/v2/logs/{id}")]
    #[case(Method::Get, "/api/v2/stats/active-users")]
    #[case(Method::Get, "/api/v2/stats/daily")]
    #[case(Method::Get, "/api/v2/tenants/settings")]
    #[case(Method::Get, "/api/v2/keys/signing")]
    #[case(Method::Get, "/api/v2/keys/signing/{kid}")]
    #[case(Method::Get, "/api/v2/organizations")]
    fn required_endpoint_present(#[case] method: Method, #[case] path: &str) {
        let e = endpoint(method, path);
        assert_eq!(
            e.destructive,
            matches!(method, Method::Delete | Method::Patch) || path.ends_with("rotate-secret")
        );
    }

    #[test]
    fn path_placeholders_and_path_params_agree() {
        for e in catalog() {
            let mut from_template: Vec<&str> = template_params(&e.path);
            let mut from_params: Vec<&str> =
                e.params_in(ParamLocation::Path).map(|p| p.name.as_str()).collect();
            from_template.sort_unstable();
            from_params.sort_unstable();
            assert_eq!(from_template, from_params, "{}", e.id());
        }
    }

    #[test]
    fn destructive_endpoints_say_what_will_and_will_not_happen() {
        for e in catalog().iter().filter(|e| e.destructive) {
            let confirm = e.confirm.as_ref();
            assert!(confirm.is_some_and(|c| !c.will.is_empty() && c.will_not.is_some()), "{}", e.id());
        }
        let grant = endpoint(Method::Delete, "/api/v2/client-grants/{id}");
        assert!(grant.description.contains("cannot revoke tokens already issued"));
        let text = grant.confirm_text(&values(&[("id", "cgr_1")])).unwrap_or_default();
        assert!(text.contains("client grant cgr_1") && text.contains("Does NOT revoke"), "{text}");
        let rotate = endpoint(Method::Post, "/api/v2/clients/{id}/rotate-secret");
        assert!(rotate.description.contains("tokens already issued stay valid until they expire"));
        assert!(
            rotate.confirm.as_ref().and_then(|c| c.will_not.as_deref()).is_some_and(|t| t.contains("NOT"))
        );
        assert_eq!(endpoint(Method::Get, "/api/v2/users").confirm_text(&HashMap::new()), None);
    }

    #[test]
    fn users_search_params_and_limit() {
        let users = endpoint(Method::Get, "/api/v2/users");
        let defaults = users.default_values();
        assert_eq!(defaults.get("search_engine").map(String::as_str), Some("v3"));
        assert_eq!(defaults.get("page").map(String::as_str), Some("0"));
        assert_eq!(defaults.get("per_page").map(String::as_str), Some("50"));
        assert_eq!(defaults.get("include_totals").map(String::as_str), Some("true"));
        assert!(users.param("q").is_some_and(|p| p.location == ParamLocation::Query));
        assert!(users.description.contains("1000"));
        assert!(users.notes.iter().any(|n| n.contains("1000")));
        assert_eq!(users.items_key.as_deref(), Some("users"));
        assert_eq!(users.paging(), Paging { offset: true, checkpoint: false });
        assert_eq!(endpoint(Method::Get, "/api/v2/logs").paging(), Paging { offset: true, checkpoint: true });
        assert_eq!(endpoint(Method::Get, "/api/v2/stats/daily").paging(), Paging::default());
    }

    #[test]
    fn scope_rules_follow_the_fact_sheet() {
        for e in catalog() {
            let expected = if e.path == "/api/v2/users/{id}/roles" { ScopeRule::All } else { ScopeRule::Any };
            assert_eq!(e.scope_rule, expected, "{}", e.id());
        }
    }

    #[rstest]
    // any-of: one matching scope is enough; none reports every candidate
    #[case(Method::Get, "/api/v2/users", &["read:users"], ScopeCheck::Allowed)]
    #[case(Method::Get, "/api/v2/users", &["read:user_idp_tokens", "read:clients"], ScopeCheck::Allowed)]
    #[case(Method::Get, "/api/v2/users", &[], ScopeCheck::Missing(scopes(&["read:users", "read:user_idp_tokens"])))]
    #[case(Method::Get, "/api/v2/clients", &["read:client_summary"], ScopeCheck::Allowed)]
    #[case(Method::Delete, "/api/v2/client-grants/{id}", &["read:client_grants"],
        ScopeCheck::Missing(scopes(&["delete:client_grants"])))]
    // all-of: only the missing ones are reported
    #[case(Method::Get, "/api/v2/users/{id}/roles", &["read:users", "read:roles", "read:role_members"],
        ScopeCheck::Allowed)]
    #[case(Method::Get, "/api/v2/users/{id}/roles", &["read:users"],
        ScopeCheck::Missing(scopes(&["read:roles", "read:role_members"])))]
    #[case(Method::Get, "/api/v2/users/{id}/roles", &["read:roles", "read:role_members"],
        ScopeCheck::Missing(scopes(&["read:users"])))]
    fn scope_checks(
        #[case] method: Method,
        #[case] path: &str,
        #[case] token: &[&str],
        #[case] expected: ScopeCheck,
    ) {
        assert_eq!(endpoint(method, path).check(&scopes(token)), expected);
    }

    #[rstest]
    #[case(Method::Get, "/api/v2/users", &["read:users"], None)]
    #[case(Method::Get, "/api/v2/users", &[], Some("needs one of: read:users, read:user_idp_tokens"))]
    #[case(Method::Get, "/api/v2/roles", &[], Some("needs read:roles"))]
    #[case(Method::Get, "/api/v2/users/{id}/roles", &["read:users", "read:roles"],
        Some("missing read:role_members (needs all of: read:users, read:roles, read:role_members)"))]
    fn scope_hints(
        #[case] method: Method,
        #[case] path: &str,
        #[case] token: &[&str],
        #[case] expected: Option<&str>,
    ) {
        assert_eq!(endpoint(method, path).scope_hint(&scopes(token)).as_deref(), expected);
    }

    #[test]
    fn empty_scope_list_is_allowed_for_either_rule() {
        let mut e = endpoint(Method::Get, "/api/v2/roles").clone();
        e.scopes.clear();
        assert_eq!(e.check(&[]), ScopeCheck::Allowed);
        e.scope_rule = ScopeRule::All;
        assert_eq!(e.check(&[]), ScopeCheck::Allowed);
    }

    #[rstest]
    #[case("", true)]
    #[case("   ", true)]
    #[case("get", true)]
    #[case("GET /API/V2/USERS", true)]
    #[case("get users", true)]
    #[case("Lucene", true)] // description
    #[case("users by EMAIL", false)] // resource of another entry
    #[case("post", false)]
    #[case("clients", false)]
    fn filter_over_get_users(#[case] text: &str, #[case] expected: bool) {
        assert_eq!(endpoint(Method::Get, "/api/v2/users").matches_filter(text), expected, "{text:?}");
    }

    #[test]
    fn filter_matches_resource_and_selects_subsets() {
        assert!(endpoint(Method::Get, "/api/v2/users-by-email").matches_filter("users by email"));
        let deletes: Vec<String> =
            catalog().iter().filter(|e| e.matches_filter("delete")).map(Endpoint::id).collect();
        assert_eq!(deletes, ["DELETE /api/v2/client-grants/{id}"]);
        let grants = catalog().iter().filter(|e| e.matches_filter("client grant")).count();
        assert_eq!(grants, 2);
    }

    #[rstest]
    #[case(Method::Get, "/api/v2/users/{id}", &[("id", "auth0|abc")], Ok("/api/v2/users/auth0%7Cabc"))]
    #[case(Method::Get, "/api/v2/users/{id}/roles", &[("id", " auth0|abc "), ("page", "1"), ("per_page", "")],
        Ok("/api/v2/users/auth0%7Cabc/roles?page=1"))]
    #[case(Method::Get, "/api/v2/users", &[("q", "email:\"j@x.io\""), ("search_engine", "v3"), ("bogus", "1")],
        Ok("/api/v2/users?q=email%3A%22j%40x.io%22&search_engine=v3"))]
    #[case(Method::Get, "/api/v2/users", &[], Ok("/api/v2/users"))]
    #[case(Method::Get, "/api/v2/resource-servers/{id}", &[("id", "https://api.example.com/")],
        Ok("/api/v2/resource-servers/https%3A%2F%2Fapi.example.com%2F"))]
    #[case(Method::Get, "/api/v2/clients", &[("q", "a b"), ("app_type", "spa,native")],
        Ok("/api/v2/clients?app_type=spa%2Cnative&q=a%20b"))]
    #[case(Method::Get, "/api/v2/users/{id}", &[], Err("missing path parameter `id`"))]
    #[case(Method::Get, "/api/v2/users/{id}", &[("id", "  ")], Err("missing path parameter `id`"))]
    #[case(Method::Get, "/api/v2/users-by-email", &[("fields", "email")],
        Err("missing required query parameter `email`"))]
    #[case(Method::Get, "/api/v2/users-by-email", &[("email", "Jane+1@example.com")],
        Ok("/api/v2/users-by-email?email=Jane%2B1%40example.com"))]
    fn render_paths(
        #[case] method: Method,
        #[case] path: &str,
        #[case] given: &[(&str, &str)],
        #[case] expected: Result<&str, &str>,
    ) {
        let rendered = endpoint(method, path).render_path(&values(given));
        assert_eq!(rendered.as_deref().map_err(String::as_str), expected);
    }

    #[test]
    fn default_values_render_for_every_endpoint_without_path_params() {
        for e in catalog().iter().filter(|e| template_params(&e.path).is_empty()) {
            let rendered = e.render_path(&e.default_values());
            // users-by-email requires an email; every other list call works straight from defaults
            assert_eq!(rendered.is_ok(), e.path != "/api/v2/users-by-email", "{}: {rendered:?}", e.id());
        }
    }

    #[rstest]
    #[case(Method::Get, "/api/v2/users", Some("GET /api/v2/users"))]
    #[case(Method::Get, "/users", Some("GET /api/v2/users"))]
    #[case(Method::Get, "users/", Some("GET /api/v2/users"))]
    #[case(Method::Get, "/api/v2/users/auth0%7C1?fields=email", Some("GET /api/v2/users/{id}"))]
    #[case(Method::Patch, "/api/v2/users/auth0|1", Some("PATCH /api/v2/users/{id}"))]
    #[case(Method::Get, "/api/v2/users-by-email?email=a@b.c", Some("GET /api/v2/users-by-email"))]
    #[case(Method::Get, "https://t.eu.auth0.com/api/v2/keys/signing", Some("GET /api/v2/keys/signing"))]
    #[case(Method::Get, "/api/v2/keys/signing/abc", Some("GET /api/v2/keys/signing/{kid}"))]
    #[case(Method::Get, "/api/v2/stats/daily", Some("GET /api/v2/stats/daily"))]
    #[case(Method::Post, "/api/v2/clients/c1/rotate-secret", Some("POST /api/v2/clients/{id}/rotate-secret"))]
    #[case(Method::Delete, "/api/v2/users/auth0|1", None)]
    #[case(Method::Get, "/api/v2/nope", None)]
    fn find_matches_concrete_calls(
        #[case] method: Method,
        #[case] path: &str,
        #[case] expected: Option<&str>,
    ) {
        assert_eq!(find(method, path).map(Endpoint::id).as_deref(), expected);
    }

    #[test]
    fn literal_segments_beat_placeholders() {
        let text = r#"[
          {"method":"GET","path":"/api/v2/things/{id}","resource":"T","scopes":["a"],"scope_rule":"any",
           "destructive":false,"description":"one","params":[{"name":"id","in":"path","description":"x","required":true}]},
          {"method":"GET","path":"/api/v2/things/special","resource":"T","scopes":["a"],"scope_rule":"any",
           "destructive":false,"description":"special"}
        ]"#;
        let parsed = parse_catalog(text).unwrap_or_default();
        assert_eq!(
            find_in(&parsed, Method::Get, "/things/special").map(|e| e.description.as_str()),
            Some("special")
        );
        assert_eq!(find_in(&parsed, Method::Get, "/things/x").map(|e| e.description.as_str()), Some("one"));
    }

    #[rstest]
    #[case::bad_json("[", "not valid JSON")]
    #[case::unknown_field(
        r#"[{"method":"GET","path":"/api/v2/x","resource":"X","scopes":["a"],"scope_rule":"any","destructive":false,"description":"d","oops":1}]"#,
        "unknown field"
    )]
    #[case::placeholder_without_param(
        r#"[{"method":"GET","path":"/api/v2/x/{id}","resource":"X","scopes":["a"],"scope_rule":"any","destructive":false,"description":"d"}]"#,
        "has no path parameter"
    )]
    #[case::param_without_placeholder(
        r#"[{"method":"GET","path":"/api/v2/x","resource":"X","scopes":["a"],"scope_rule":"any","destructive":false,"description":"d","params":[{"name":"id","in":"path","description":"x","required":true}]}]"#,
        "not in the template"
    )]
    #[case::destructive_without_confirm(
        r#"[{"method":"DELETE","path":"/api/v2/x","resource":"X","scopes":["a"],"scope_rule":"any","destructive":true,"description":"d"}]"#,
        "confirm"
    )]
    #[case::duplicate(
        r#"[{"method":"GET","path":"/api/v2/x","resource":"X","scopes":["a"],"scope_rule":"any","destructive":false,"description":"d"},
            {"method":"GET","path":"/api/v2/x","resource":"X","scopes":["a"],"scope_rule":"any","destructive":false,"description":"d"}]"#,
        "duplicate"
    )]
    fn invalid_catalogs_are_rejected(#[case] text: &str, #[case] reason: &str) {
        let err = parse_catalog(text).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains(reason), "{err}");
    }

    #[test]
    fn json_form_has_the_cli_fields() {
        let json = to_json(catalog());
        let items = json.as_array().map(Vec::as_slice).unwrap_or_default();
        assert_eq!(items.len(), catalog().len());
        for item in items {
            for key in ["method", "path", "scopes", "scope_rule", "destructive", "description", "params"] {
                assert!(item.get(key).is_some(), "{key} missing in {item}");
            }
        }
        let first = &items[0];
        assert_eq!(first["method"], "GET");
        assert_eq!(first["path"], "/api/v2/users");
        assert_eq!(first["scopes"], json!(["read:users", "read:user_idp_tokens"]));
        assert_eq!(first["scope_rule"], "any");
        assert_eq!(first["destructive"], false);
        let search_engine =
            first["params"].as_array().and_then(|ps| ps.iter().find(|p| p["name"] == "search_engine"));
        assert_eq!(
            search_engine,
            Some(
                &json!({"name":"search_engine","in":"query","description":"Search engine version; only v3 is accepted now, and q needs it","example":"v3","default":"v3","required":false})
            )
        );
        let roles = items.iter().find(|i| i["path"] == "/api/v2/users/{id}/roles");
        assert_eq!(roles.map(|r| &r["scope_rule"]), Some(&json!("all")));
        let delete = items.iter().find(|i| i["method"] == "DELETE");
        assert_eq!(delete.map(|d| &d["destructive"]), Some(&json!(true)));
        assert!(delete.is_some_and(|d| d["confirm"]["will_not"].is_string()));
    }

    #[test]
    fn table_lists_every_endpoint_aligned() {
        let table = render_table(catalog());
        let lines: Vec<&str> = table.lines().collect();
        assert!(lines[0].starts_with("METHOD   PATH"), "{}", lines[0]);
        assert!(lines[1].starts_with("GET      /api/v2/users  "), "{}", lines[1]);
        assert!(lines[1].contains("read:users | read:user_idp_tokens"));
        assert!(table.contains("read:users + read:roles + read:role_members"));
        assert!(table.lines().any(|l| l.starts_with("DELETE!  /api/v2/client-grants/{id}")));
        assert!(table.lines().any(|l| l.starts_with("PATCH!   /api/v2/users/{id}")));
        // every row's path starts in the same column
        let column = lines[0].find("PATH");
        for line in &lines[1..=catalog().len()] {
            assert_eq!(line.find("/api/v2/"), column, "{line}");
        }
        assert!(table.trim_end().ends_with("a + b = all of them"));
    }

    #[rstest]
    #[case("get", Ok(Method::Get))]
    #[case(" DELETE ", Ok(Method::Delete))]
    #[case("Patch", Ok(Method::Patch))]
    #[case("TRACE", Err(()))]
    fn methods_parse(#[case] text: &str, #[case] expected: Result<Method, ()>) {
        assert_eq!(text.parse::<Method>().map_err(|_| ()), expected);
    }

    #[rstest]
    #[case("auth0|abc", "auth0%7Cabc")]
    #[case("AZaz09-._~", "AZaz09-._~")]
    #[case("a b/c?d&e=f", "a%20b%2Fc%3Fd%26e%3Df")]
    #[case("é", "%C3%A9")]
    fn percent_encoding(#[case] raw: &str, #[case] encoded: &str) {
        assert_eq!(percent_encode(raw), encoded);
    }
}
