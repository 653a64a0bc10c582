//! The questions asked of one endpoint: does a token's scope list pass it, does it match a
//! filter, what path does a filled-in form produce, and is the entry itself well-formed.

use super::lookup::{placeholder_name, template_params};
use super::{Endpoint, Lifecycle, Paging, Param, ParamLocation, RuleSource};
use crate::domain::scope_rule::{Requirement, ScopeCheck, ScopeSet};
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

    pub fn check(&self, token: &ScopeSet) -> ScopeCheck {
        self.requirement.check(token)
    }

    /// One line saying what the token lacks, or None when it passes (see [`Requirement::hint`]).
    pub fn scope_hint(&self, token: &ScopeSet) -> Option<String> {
        self.requirement.hint(token)
    }

    /// How sure tokex is of the rule, in words: `all of (Auth0's 403 text)`,
    /// `any of, per Auth0's docs`. Empty for a single scope.
    pub fn rule_label(&self) -> String {
        let how = if self.requirement.is_all_of() {
            "all of"
        } else if self.requirement.is_any_of() {
            "any of"
        } else if self.requirement.clauses().len() > 1 {
            "all clauses of"
        } else {
            return String::new();
        };
        match self.rule_source {
            RuleSource::Single => String::new(),
            RuleSource::Stated => format!("{how} (Auth0's 403 text)"),
            RuleSource::AssumedAny => format!("{how}, per Auth0's docs"),
            RuleSource::Learned => format!("{how} (learned from a 403 this session)"),
        }
    }

    /// The same operation with the rule a real 403 stated ("expected all of: …").
    pub fn with_learned_rule(&self, requirement: Requirement) -> Endpoint {
        Endpoint { requirement, rule_source: RuleSource::Learned, ..self.clone() }
    }

    /// Case-insensitive; every whitespace-separated word of `text` must occur in the method,
    /// path, description or group, so `get users` finds `GET /api/v2/users`.
    pub fn matches_filter(&self, text: &str) -> bool {
        self.filter_rank(text).is_some()
    }

    /// How well `text` finds this operation, best first, or `None` when it does not:
    /// `Resource` when it names the resource (`roles` for `/roles/{id}`, its group), `PathPrefix`
    /// when the path (without `/api/v2`) starts with it, `WholeWords` when each of its words is a
    /// whole word of the method, path, description or group (`roles` in `/users/{id}/roles`),
    /// `Anywhere` otherwise.
    pub fn filter_rank(&self, text: &str) -> Option<FilterRank> {
        let text = text.trim().to_lowercase();
        let words: Vec<&str> = text.split_whitespace().collect();
        if !words.iter().all(|word| self.search_text.contains(word)) {
            return None;
        }
        let short_path = self.path.strip_prefix("/api/v2").unwrap_or(&self.path).to_lowercase();
        let resource = short_path.trim_start_matches('/').split('/').next().unwrap_or("");
        let named = text.trim_start_matches('/');
        if !named.is_empty() && (named == resource || named == self.group.to_lowercase()) {
            return Some(FilterRank::Resource);
        }
        if !text.is_empty() && (short_path.starts_with(&text) || short_path.starts_with(&format!("/{text}")))
        {
            return Some(FilterRank::PathPrefix);
        }
        let whole = |word: &str| {
            self.search_text
                .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
                .any(|w| w == word)
        };
        if words.iter().all(|word| whole(word)) {
            return Some(FilterRank::WholeWords);
        }
        Some(FilterRank::Anywhere)
    }

    /// Fills the path template (values percent-encoded, so `auth0|abc` becomes `auth0%7Cabc`)
    /// and appends the query parameters that have a non-empty value, in catalog order. Values
    /// for names the endpoint does not list as path or query parameters are ignored.
    /// A path value of `.` or `..` is refused: it would turn into a dot segment and the call
    /// would reach another endpoint than the one on screen.
    pub fn render_path(&self, values: &HashMap<String, String>) -> Result<String, RenderError> {
        self.render_path_with(values, &[])
    }

    /// Like [`Endpoint::render_path`], then appends `extra` query parameters (names the
    /// catalog does not list, in the order given), keys and values percent-encoded. Rows with
    /// an empty key are skipped; an empty value is sent as `key=`.
    pub fn render_path_with(
        &self,
        values: &HashMap<String, String>,
        extra: &[(String, String)],
    ) -> Result<String, RenderError> {
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
        for (key, value) in extra {
            let key = key.trim();
            if key.is_empty() {
                continue;
            }
            out.push(separator);
            separator = '&';
            out.push_str(&percent_encode(key));
            out.push('=');
            out.push_str(&percent_encode(value.trim()));
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
        if self.description.trim().is_empty() || self.group.trim().is_empty() {
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
            "group": self.group,
            "scopes": self.scopes,
            "scope_rule": self.scope_rule_name(),
            "requirement": self.requirement.clauses(),
            "rule_source": self.rule_source_name(),
            "auth0_403": self.auth0_403,
            "sources_disagree": self.sources_disagree,
            "lifecycle": self.lifecycle.map(Lifecycle::as_str),
            "doc": self.doc,
            "curated": self.curated,
            "destructive": self.destructive,
            "description": self.description,
            "params": params,
            "confirm": self.confirm.as_ref().map(|c| json!({ "will": c.will, "will_not": c.will_not })),
        })
    }

    pub(super) fn scopes_cell(&self) -> String {
        self.requirement.to_string()
    }

    /// `any`, `all` or `mixed`: the shape of the rule, for `--json`.
    pub fn scope_rule_name(&self) -> &'static str {
        if self.requirement.is_all_of() {
            "all"
        } else if self.requirement.clauses().len() > 1 {
            "mixed"
        } else {
            "any"
        }
    }

    fn rule_source_name(&self) -> &'static str {
        match self.rule_source {
            RuleSource::Single => "single",
            RuleSource::Stated => "auth0_403",
            RuleSource::AssumedAny => "assumed_any",
            RuleSource::Learned => "learned",
        }
    }
}

/// Why a form does not make a path.
/// How well a filter finds an operation, best first (see [`Endpoint::filter_rank`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FilterRank {
    Resource,
    PathPrefix,
    WholeWords,
    Anywhere,
}

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
    #[error("empty description or group")]
    EmptyText,
    #[error("no operation of the Management API has this method and path")]
    NotAnOperation,
    #[error("rule `mixed` needs Auth0's 403 text (auth0_403) naming its clauses")]
    MixedRuleWithoutText,
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

#[cfg(test)]
mod tests {
    use super::super::{Method, find};
    use std::collections::HashMap;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn extra_query_rows_follow_the_catalog_parameters_encoded() {
        let Some(versions) = find(Method::Get, "/api/v2/actions/actions/a1/versions") else {
            panic!("generic operation missing")
        };
        assert!(!versions.curated);
        let values = HashMap::from([("actionId".to_owned(), "a|1".to_owned())]);
        let extra =
            pairs(&[("page", "2"), ("", "skipped"), ("q", "a b&c=d"), ("with space", ""), ("ü", "ß")]);
        assert_eq!(
            versions.render_path_with(&values, &extra).as_deref(),
            Ok("/api/v2/actions/actions/a%7C1/versions?page=2&q=a%20b%26c%3Dd&with%20space=&%C3%BC=%C3%9F")
        );
        // Curated query parameters come first, then the extra rows after `&`.
        let Some(users) = find(Method::Get, "/api/v2/users") else { panic!("users missing") };
        let values = HashMap::from([("per_page".to_owned(), "5".to_owned())]);
        assert_eq!(
            users.render_path_with(&values, &pairs(&[("connection", "db")])).as_deref(),
            Ok("/api/v2/users?per_page=5&connection=db")
        );
        assert_eq!(users.render_path_with(&values, &[]), users.render_path(&values));
    }
}
