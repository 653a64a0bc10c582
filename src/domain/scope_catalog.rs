//! What a scope is to the Management API, in three classes (docs/auth0.md#scopes-that-unlock-nothing):
//! **used** by at least one documented operation; **a real Management API scope that no
//! documented operation uses** (Auth0's API definition names it, or real tenants still grant it:
//! `read:users_app_metadata`, `create:client_keys`); or **unknown to the Management API** (a
//! typo, or another API's scope). With Auth0's short description where it has one. From
//! `assets/management-api-scopes.json` (provenance in `assets/README.md`) and the operations,
//! through the generated `scope_table`.
//!
//! Every wording tokex produces about a single scope comes from here, so the TUI and the
//! command line say the same thing.

use super::scope_table::SCOPES;
#[cfg(test)]
use serde::Deserialize;

impl ScopeSource {
    /// From the scopes file's `source` (`api-definition`, `operations-only`, `legacy`).
    fn from_name(name: &str) -> Self {
        match name {
            "operations-only" => ScopeSource::OperationsOnly,
            "legacy" => ScopeSource::Legacy,
            _ => ScopeSource::ApiDefinition,
        }
    }
}

/// Where the scope list knows a scope from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(test, derive(Deserialize), serde(rename_all = "kebab-case"))]
pub enum ScopeSource {
    /// The scope list of Auth0's Management API definition.
    ApiDefinition,
    /// Named by an operation's documentation page but not by that list.
    OperationsOnly,
    /// In neither, yet granted on real tenants.
    Legacy,
}

/// The three classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeClass {
    /// At least one documented operation lists it.
    Used { operations: usize },
    /// A real Management API scope that no documented operation lists.
    NoOperation,
    /// Not a Management API scope: a typo, or a scope of another API.
    Unknown,
}

/// One scope, classified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScopeInfo {
    pub class: ScopeClass,
    /// Auth0's short description ("Read Users"), when the scope list has one.
    pub description: Option<&'static str>,
    pub source: Option<ScopeSource>,
}

/// The number of scopes the list knows (274 in November 2026).
pub fn known_count() -> usize {
    SCOPES.len()
}

/// Every scope the list knows, sorted: its name, Auth0's short description (empty without
/// one) and how many documented operations list it.
pub fn known_scopes() -> impl Iterator<Item = (&'static str, &'static str, u16)> {
    SCOPES.iter().map(|(name, description, _, operations)| (*name, *description, *operations))
}

/// What `scope` is to the Management API. A binary search in a table generated from the two
/// assets (`assets/generate_scope_table.py`), so it costs nothing to ask for every scope of a
/// token.
pub fn classify(scope: &str) -> ScopeInfo {
    match SCOPES.binary_search_by(|(name, ..)| (*name).cmp(scope)) {
        Ok(at) => {
            let (_, description, source, operations) = SCOPES[at];
            let class = if operations > 0 {
                ScopeClass::Used { operations: usize::from(operations) }
            } else {
                ScopeClass::NoOperation
            };
            ScopeInfo {
                class,
                description: Some(description).filter(|d| !d.is_empty()),
                source: Some(ScopeSource::from_name(source)),
            }
        }
        Err(_) => ScopeInfo { class: ScopeClass::Unknown, description: None, source: None },
    }
}

impl ScopeInfo {
    /// The class in words, the same everywhere: `used by 12 operations`, `a real Management API
    /// scope that no documented operation uses`, `unknown to the Management API (typo, or
    /// another API's scope?)`.
    pub fn class_text(&self) -> String {
        match self.class {
            ScopeClass::Used { operations: 1 } => "used by 1 operation".to_owned(),
            ScopeClass::Used { operations } => format!("used by {operations} operations"),
            ScopeClass::NoOperation => {
                "a real Management API scope that no documented operation uses".to_owned()
            }
            ScopeClass::Unknown => "unknown to the Management API (typo, or another API's scope?)".to_owned(),
        }
    }

    /// Auth0's description, then the class: `Read Users · used by 12 operations`. A legacy
    /// scope says so.
    pub fn summary(&self) -> String {
        let class = self.class_text();
        let class = match (self.class, self.source) {
            (ScopeClass::NoOperation, Some(ScopeSource::Legacy)) => {
                format!("{class} (legacy: absent from Auth0's API definition, still granted by tenants)")
            }
            _ => class,
        };
        match self.description {
            Some(description) => format!("{description} · {class}"),
            None => class,
        }
    }

    /// Whether this scope deserves a note next to a token's scopes (it unlocks nothing).
    pub fn unlocks_nothing(&self) -> bool {
        !matches!(self.class, ScopeClass::Used { .. })
    }
}

/// `scope: summary` lines for the scopes of `scopes` that unlock nothing, in order, each once.
/// Scopes are returned as given: a front end escapes them before they reach a terminal.
pub fn notes_for_unused<'a>(scopes: impl IntoIterator<Item = &'a str>) -> Vec<(&'a str, ScopeInfo)> {
    let mut seen: Vec<&str> = Vec::new();
    let mut notes = Vec::new();
    for scope in scopes {
        if seen.contains(&scope) {
            continue;
        }
        seen.push(scope);
        let info = classify(scope);
        if info.unlocks_nothing() {
            notes.push((scope, info));
        }
    }
    notes
}

/// Auth0's name for a scope group's resource when its words say more than the resource's own
/// name: `organization_clients` is "Organization Client Associations" in Auth0's list, while
/// `users` ("Read Users") adds nothing and gives `None`.
pub fn resource_words(resource: &str, actions: &[String]) -> Option<&'static str> {
    let letters = |text: &str| -> String {
        text.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
    };
    let singular = |text: String| text.trim_end_matches('s').to_owned();
    actions.iter().find_map(|action| {
        let description = classify(&format!("{action}:{resource}")).description?;
        // "Read Organization Client Associations": the words after the verb.
        let (_, words) = description.split_once(' ')?;
        (singular(letters(words)) != singular(letters(resource))).then_some(words)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::catalog::{ScopeIndex, catalog};

    #[derive(Deserialize)]
    struct Entry {
        scope: String,
        description: String,
        source: ScopeSource,
    }

    /// The generated table says what the two assets say: every scope, its description and
    /// source, and how many operations of the catalog list it.
    #[test]
    fn the_table_matches_the_assets_and_the_catalog() {
        let entries: Vec<Entry> =
            serde_json::from_str(include_str!("../../assets/management-api-scopes.json")).expect("asset");
        assert_eq!(known_count(), 274);
        assert_eq!(entries.len(), SCOPES.len(), "regenerate: python3 assets/generate_scope_table.py");
        assert!(SCOPES.windows(2).all(|w| w[0].0 < w[1].0), "sorted, without duplicates");
        let index = ScopeIndex::global();
        for entry in &entries {
            let at = SCOPES.binary_search_by(|(name, ..)| (*name).cmp(entry.scope.as_str()));
            let (_, description, source, operations) = SCOPES[at.expect("in the table")];
            assert_eq!(description, entry.description.as_str(), "{}", entry.scope);
            assert_eq!(ScopeSource::from_name(source), entry.source, "{}", entry.scope);
            assert_eq!(usize::from(operations), index.unlocks(&entry.scope), "{}", entry.scope);
        }
        let sources =
            |wanted: ScopeSource| SCOPES.iter().filter(|e| ScopeSource::from_name(e.2) == wanted).count();
        assert_eq!(sources(ScopeSource::ApiDefinition), 249);
        assert_eq!(sources(ScopeSource::OperationsOnly), 3);
        assert_eq!(sources(ScopeSource::Legacy), 22);
        for endpoint in catalog() {
            for scope in &endpoint.scopes {
                assert!(classify(scope).source.is_some(), "{scope} of {} is not in the list", endpoint.id());
            }
        }
    }

    #[test]
    fn a_scope_an_operation_uses() {
        let info = classify("read:users");
        assert!(matches!(info.class, ScopeClass::Used { operations } if operations > 5), "{info:?}");
        assert_eq!(info.description, Some("Read Users"));
        assert!(info.summary().starts_with("Read Users · used by "), "{}", info.summary());
        assert!(!info.unlocks_nothing());
    }

    #[test]
    fn a_real_scope_no_operation_uses_is_not_a_typo() {
        for scope in ["read:users_app_metadata", "create:client_keys", "update:device_credentials"] {
            let info = classify(scope);
            assert_eq!(info.class, ScopeClass::NoOperation, "{scope}");
            assert!(info.unlocks_nothing());
            let text = info.summary();
            assert!(text.contains("a real Management API scope that no documented operation uses"), "{text}");
            assert!(!text.contains("typo"), "{text}");
        }
        assert!(classify("read:users_app_metadata").summary().contains("legacy"));
    }

    #[test]
    fn an_unknown_scope_is_a_typo_or_another_apis() {
        for scope in ["read:userz", "openid", "read:orders", "\u{1b}[31m"] {
            let info = classify(scope);
            assert_eq!(info.class, ScopeClass::Unknown, "{scope}");
            assert_eq!(info.description, None);
            assert_eq!(info.summary(), "unknown to the Management API (typo, or another API's scope?)");
        }
    }

    #[test]
    fn notes_name_only_what_unlocks_nothing_once() {
        let notes = notes_for_unused(["read:users", "read:userz", "read:users_app_metadata", "read:userz"]);
        let names: Vec<&str> = notes.iter().map(|(scope, _)| *scope).collect();
        assert_eq!(names, ["read:userz", "read:users_app_metadata"]);
    }

    #[test]
    fn a_resource_gets_auth0s_words_only_when_they_say_more() {
        let actions = |list: &[&str]| list.iter().map(|a| (*a).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            resource_words("organization_clients", &actions(&["read", "create"])),
            Some("Organization Client Associations")
        );
        assert_eq!(resource_words("users", &actions(&["read", "update"])), None);
        assert_eq!(resource_words("user_idp_tokens", &actions(&["read"])), None);
        assert_eq!(resource_words("nonsense", &actions(&["read"])), None, "unknown: nothing to say");
    }
}
