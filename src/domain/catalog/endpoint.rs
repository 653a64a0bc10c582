//! The questions asked of one endpoint: does a token's scope list pass it, does it match a
//! filter, what path does a filled-in form produce, and is the entry itself well-formed.

use super::lookup::{placeholder_name, template_params};
use super::{Endpoint, Paging, Param, ParamLocation, ScopeCheck, ScopeRule};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::{Value, json};
use std::collections::HashMap;

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
    /// A path value of `.` or `..` is refused: it would turn into a dot segment and the call
    /// would reach another endpoint than the one on screen.
    pub fn render_path(&self, values: &HashMap<String, String>) -> Result<String, RenderError> {
        let value_of = |name: &str| values.get(name).map(|v| v.trim()).filter(|v| !v.is_empty());
        let mut out = String::with_capacity(self.path.len() + 32);
        for (i, segment) in self.path.split('/').enumerate() {
            if i > 0 {
                out.push('/');
            }
            match placeholder_name(segment) {
                Some(name) => match value_of(name) {
                    Some("." | "..") => return Err(RenderError::DotSegment(name.to_owned())),
                    Some(value) => out.push_str(&percent_encode(value)),
                    None => return Err(RenderError::MissingPath(name.to_owned())),
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
                None if param.required => return Err(RenderError::MissingQuery(param.name.clone())),
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

    pub(super) fn validate(&self) -> Result<(), EntryError> {
        if !self.path.starts_with("/api/v2/") {
            return Err(EntryError::PathPrefix);
        }
        let in_template = template_params(&self.path);
        for name in &in_template {
            if !self.params_in(ParamLocation::Path).any(|p| p.name == *name) {
                return Err(EntryError::PlaceholderWithoutParam((*name).to_owned()));
            }
        }
        for param in self.params_in(ParamLocation::Path) {
            if !in_template.contains(&param.name.as_str()) {
                return Err(EntryError::ParamNotInTemplate(param.name.clone()));
            }
            if !param.required {
                return Err(EntryError::OptionalPathParam(param.name.clone()));
            }
        }
        for (i, param) in self.params.iter().enumerate() {
            if self.params[..i].iter().any(|p| p.name == param.name && p.location == param.location) {
                return Err(EntryError::DuplicateParam(param.name.clone()));
            }
        }
        if self.scopes.is_empty() {
            return Err(EntryError::NoScopes);
        }
        if self.description.trim().is_empty() || self.resource.trim().is_empty() {
            return Err(EntryError::EmptyText);
        }
        if self.destructive != self.confirm.is_some() {
            return Err(EntryError::ConfirmMismatch);
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

    pub(super) fn scopes_cell(&self) -> String {
        let joiner = match self.scope_rule {
            ScopeRule::Any => " | ",
            ScopeRule::All => " + ",
        };
        self.scopes.join(joiner)
    }
}

/// Why a form does not make a path.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RenderError {
    #[error("missing path parameter `{0}`")]
    MissingPath(String),
    #[error("missing required query parameter `{0}`")]
    MissingQuery(String),
    #[error("path parameter `{0}` cannot be `.` or `..` (it would call another endpoint)")]
    DotSegment(String),
}

/// What is wrong with a catalog entry (caught by the asset test).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EntryError {
    #[error("path must start with /api/v2/")]
    PathPrefix,
    #[error("path placeholder {{{0}}} has no path parameter")]
    PlaceholderWithoutParam(String),
    #[error("path parameter `{0}` is not in the template")]
    ParamNotInTemplate(String),
    #[error("path parameter `{0}` must be required")]
    OptionalPathParam(String),
    #[error("parameter `{0}` listed twice")]
    DuplicateParam(String),
    #[error("no scopes")]
    NoScopes,
    #[error("empty description or resource")]
    EmptyText,
    #[error("destructive endpoints, and only they, carry a confirm text")]
    ConfirmMismatch,
    #[error("duplicate entry")]
    Duplicate,
}

/// RFC 3986's unreserved characters stay; everything else is encoded.
const NOT_UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Percent-encodes everything outside RFC 3986's unreserved set, so ids with `|`, `@` or a
/// whole URL (resource-server identifiers) survive as one path segment or query value.
pub fn percent_encode(value: &str) -> String {
    utf8_percent_encode(value, NOT_UNRESERVED).to_string()
}
