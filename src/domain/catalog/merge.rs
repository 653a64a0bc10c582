//! Builds the catalog from its two assets: every operation of the Management API (method, path,
//! scopes, rule, lifecycle, group, documentation page) and tokex's curated entries, which add
//! descriptions, parameter forms, notes and confirmations to the operations people use most.
//! Curated groups come first, curated entries first within their group.

use super::endpoint::EntryError;
use super::lookup::template_params;
use super::{CatalogError, Confirm, Endpoint, Lifecycle, Method, Param, ParamLocation, RuleSource};
use crate::domain::scope_rule::{Requirement, ScopeRule};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::{HashMap, HashSet};

/// One operation as Auth0's documentation describes it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Operation {
    method: Method,
    path: String,
    scopes: Vec<String>,
    /// Where Auth0's 403 text states how the scopes combine; absent otherwise.
    #[serde(default)]
    rule: Option<StatedRule>,
    #[serde(default)]
    auth0_403: Option<String>,
    lifecycle: Option<Lifecycle>,
    group: String,
    doc: String,
}

/// The asset's `rule`: a typo is a parse error, never a silent any-of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum StatedRule {
    Any,
    All,
    /// Neither: Auth0's 403 text (`auth0_403`) gives the clauses.
    Mixed,
}

/// A hand-written entry; its scopes come from the operation it names.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct CuratedEntry {
    method: Method,
    path: String,
    destructive: bool,
    description: String,
    #[serde(default)]
    params: Vec<Param>,
    #[serde(default)]
    items_key: Option<String>,
    #[serde(default)]
    notes: Vec<String>,
    #[serde(default)]
    body_example: Option<Value>,
    #[serde(default)]
    confirm: Option<Confirm>,
}

/// Parses both assets, checks every entry, and merges them. The compiled-in assets are checked
/// by a unit test, so at runtime this cannot fail for them.
pub fn parse_catalog(operations: &str, curated: &str) -> Result<Vec<Endpoint>, CatalogError> {
    let operations: Vec<Operation> = serde_json::from_str(operations)?;
    let curated: Vec<CuratedEntry> = serde_json::from_str(curated)?;
    let mut by_key: HashMap<(Method, &str), &CuratedEntry> = HashMap::new();
    for (index, entry) in curated.iter().enumerate() {
        let id = format!("{} {}", entry.method, entry.path);
        if by_key.insert((entry.method, entry.path.as_str()), entry).is_some() {
            return Err(CatalogError::Invalid { index, id, reason: EntryError::Duplicate });
        }
        if !operations.iter().any(|op| op.method == entry.method && op.path == entry.path) {
            return Err(CatalogError::Invalid { index, id, reason: EntryError::NotAnOperation });
        }
    }

    let mut seen = HashSet::new();
    let mut endpoints = Vec::with_capacity(operations.len());
    for (index, op) in operations.iter().enumerate() {
        if !seen.insert((op.method, op.path.as_str())) {
            let id = format!("{} {}", op.method, op.path);
            return Err(CatalogError::Invalid { index, id, reason: EntryError::Duplicate });
        }
        let id = || format!("{} {}", op.method, op.path);
        let endpoint = match by_key.get(&(op.method, op.path.as_str())) {
            Some(entry) => curated_endpoint(op, entry),
            None => generic_endpoint(op),
        }
        .map_err(|reason| CatalogError::Invalid { index, id: id(), reason })?;
        endpoint.validate().map_err(|reason| CatalogError::Invalid { index, id: endpoint.id(), reason })?;
        endpoints.push(endpoint);
    }
    Ok(order(endpoints, &curated))
}

/// Curated groups first (in the order their first entry appears), each with its curated
/// entries first (in curated order); then every other group in the operations' order.
fn order(endpoints: Vec<Endpoint>, curated: &[CuratedEntry]) -> Vec<Endpoint> {
    let curated_rank: HashMap<(Method, &str), usize> =
        curated.iter().enumerate().map(|(i, e)| ((e.method, e.path.as_str()), i)).collect();
    let mut group_rank: HashMap<String, usize> = HashMap::new();
    let mut next_rank = 0;
    for entry in curated {
        if let Some(e) = endpoints.iter().find(|e| e.method == entry.method && e.path == entry.path) {
            group_rank.entry(e.group.clone()).or_insert_with(|| {
                next_rank += 1;
                next_rank - 1
            });
        }
    }
    for e in &endpoints {
        group_rank.entry(e.group.clone()).or_insert_with(|| {
            next_rank += 1;
            next_rank - 1
        });
    }
    let mut keyed: Vec<(usize, usize, usize, Endpoint)> = endpoints
        .into_iter()
        .enumerate()
        .map(|(position, e)| {
            let group = group_rank.get(&e.group).copied().unwrap_or(usize::MAX);
            let within = curated_rank.get(&(e.method, e.path.as_str())).copied().unwrap_or(usize::MAX);
            (group, within, position, e)
        })
        .collect();
    keyed.sort_by_key(|(group, within, position, _)| (*group, *within, *position));
    keyed.into_iter().map(|(.., e)| e).collect()
}

/// The rule an operation's scopes follow, where it comes from, and whether Auth0's 403 text
/// names other scopes than its documentation page.
fn requirement_of(op: &Operation) -> Result<(Requirement, RuleSource, bool), EntryError> {
    let stated = op.auth0_403.as_deref().and_then(Requirement::from_auth0_text);
    let disagree = stated.as_ref().is_some_and(|(r, _)| {
        let named: HashSet<String> = r.scopes().into_iter().collect();
        named != op.scopes.iter().cloned().collect()
    });
    let (requirement, source) = match (op.rule, &stated) {
        (Some(StatedRule::Mixed), Some((from_text, _))) => (from_text.clone(), RuleSource::Stated),
        (Some(StatedRule::Mixed), None) => return Err(EntryError::MixedRuleWithoutText),
        (Some(StatedRule::All), _) => {
            (Requirement::from_rule(ScopeRule::All, &op.scopes), RuleSource::Stated)
        }
        (Some(StatedRule::Any), _) => {
            (Requirement::from_rule(ScopeRule::Any, &op.scopes), RuleSource::Stated)
        }
        (None, _) if op.scopes.len() <= 1 => (Requirement::any_of(&op.scopes), RuleSource::Single),
        (None, _) => (Requirement::any_of(&op.scopes), RuleSource::AssumedAny),
    };
    Ok((requirement, source, disagree))
}

fn base_endpoint(op: &Operation) -> Result<Endpoint, EntryError> {
    let (requirement, rule_source, sources_disagree) = requirement_of(op)?;
    Ok(Endpoint {
        method: op.method,
        path: op.path.clone(),
        group: op.group.clone(),
        scopes: op.scopes.clone(),
        requirement,
        rule_source,
        auth0_403: op.auth0_403.clone(),
        sources_disagree,
        lifecycle: op.lifecycle,
        doc: op.doc.clone(),
        curated: false,
        destructive: false,
        description: String::new(),
        params: Vec::new(),
        items_key: None,
        notes: Vec::new(),
        body_example: None,
        confirm: None,
        search_text: String::new(),
    }
    .with_search_text())
}

fn curated_endpoint(op: &Operation, entry: &CuratedEntry) -> Result<Endpoint, EntryError> {
    Ok(Endpoint {
        curated: true,
        destructive: entry.destructive,
        description: entry.description.clone(),
        params: entry.params.clone(),
        items_key: entry.items_key.clone(),
        notes: entry.notes.clone(),
        body_example: entry.body_example.clone(),
        confirm: entry.confirm.clone(),
        ..base_endpoint(op)?
    }
    .with_search_text())
}

/// An operation without a hand-written entry: its description comes from the documentation
/// page's name, its form from the path template; every DELETE asks for confirmation.
fn generic_endpoint(op: &Operation) -> Result<Endpoint, EntryError> {
    let params = template_params(&op.path)
        .into_iter()
        .map(|name| Param {
            name: name.to_owned(),
            location: ParamLocation::Path,
            description: format!("path parameter `{name}` (see the documentation page)"),
            example: None,
            default: None,
            required: true,
            pick_from: None,
        })
        .collect();
    let destructive = op.method == Method::Delete;
    let confirm = destructive.then(|| Confirm {
        will: format!(
            "This sends DELETE {} to the tenant; Auth0 applies it at once and nothing in tokex can undo it.",
            op.path.trim_start_matches("/api/v2")
        ),
        will_not: None,
    });
    Ok(Endpoint {
        destructive,
        confirm,
        description: description_from_doc(&op.doc),
        params,
        body_example: op.method.has_body().then(|| json!({})),
        ..base_endpoint(op)?
    }
    .with_search_text())
}

/// `…/v2/actions/get-action-versions` → `Get action versions`.
fn description_from_doc(doc: &str) -> String {
    let slug = doc.trim_end_matches('/').rsplit('/').next().unwrap_or_default();
    let words: Vec<&str> = slug.split('-').filter(|w| !w.is_empty()).collect();
    let mut text = words.join(" ");
    if let Some(first) = text.get(..1) {
        text = first.to_uppercase() + &text[1..];
    }
    if text.is_empty() { "Management API operation".to_owned() } else { text }
}

impl Endpoint {
    fn with_search_text(mut self) -> Self {
        self.search_text =
            format!("{} {} {} {}", self.method, self.path, self.description, self.group).to_lowercase();
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_come_from_the_page_name() {
        assert_eq!(
            description_from_doc("https://auth0.com/docs/api/management/v2/actions/get-action-versions"),
            "Get action versions"
        );
        assert_eq!(description_from_doc(""), "Management API operation");
    }
}
