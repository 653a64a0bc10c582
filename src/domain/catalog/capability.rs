//! What a token can do across the whole Management API: how many operations it can call, per
//! group, and which of its scopes unlock nothing (a real Management API scope no documented
//! operation uses, a typo such as `read:userz`, or a scope of another API: `domain::scope_catalog`
//! tells them apart). Also how many operations each scope unlocks, which `scopes-for` uses to
//! pick the narrowest scope.

use super::{Endpoint, catalog};
use crate::domain::scope_catalog::{ScopeClass, ScopeInfo, classify};
use crate::domain::scope_rule::ScopeSet;
use std::collections::HashMap;
use std::sync::OnceLock;

/// Allowed and total operations of one group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupCount {
    pub group: String,
    pub allowed: usize,
    pub total: usize,
}

/// A token's reach over a catalog.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Capability {
    pub allowed: usize,
    pub total: usize,
    /// In catalog order (curated groups first).
    pub groups: Vec<GroupCount>,
    /// The token's scopes that no operation lists, sorted.
    pub unused_scopes: Vec<String>,
}

/// One scope that unlocks nothing, with what it is and the words for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnusedScope {
    pub scope: String,
    pub info: ScopeInfo,
}

impl UnusedScope {
    /// `read:userz unlocks no operation: unknown to the Management API (typo, or another API's
    /// scope?)`, unescaped.
    pub fn sentence(&self) -> String {
        format!("{} unlocks no operation: {}", self.scope, self.info.summary())
    }
}

impl Capability {
    /// Over the compiled-in catalog.
    pub fn of(token: &ScopeSet) -> Self {
        Capability::over(catalog(), ScopeIndex::global(), token)
    }

    pub fn over(endpoints: &[Endpoint], index: &ScopeIndex, token: &ScopeSet) -> Self {
        let mut groups: Vec<GroupCount> = Vec::new();
        let mut allowed = 0;
        for endpoint in endpoints {
            let pass = endpoint.check(token).is_allowed();
            allowed += usize::from(pass);
            match groups.last_mut() {
                Some(last) if last.group == endpoint.group => {
                    last.total += 1;
                    last.allowed += usize::from(pass);
                }
                _ => groups.push(GroupCount {
                    group: endpoint.group.clone(),
                    allowed: usize::from(pass),
                    total: 1,
                }),
            }
        }
        let mut unused_scopes: Vec<String> =
            token.iter().filter(|s| index.unlocks(s) == 0).map(str::to_owned).collect();
        unused_scopes.sort();
        Capability { allowed, total: endpoints.len(), groups, unused_scopes }
    }

    /// [`Capability::unused_scopes`] classified: real Management API scopes no documented
    /// operation uses first, then the unknown ones (typos, other APIs' scopes), each sorted.
    pub fn unused_scope_notes(&self) -> Vec<UnusedScope> {
        let mut notes: Vec<UnusedScope> = self
            .unused_scopes
            .iter()
            .map(|scope| UnusedScope { scope: scope.clone(), info: classify(scope) })
            .collect();
        notes.sort_by_key(|note| matches!(note.info.class, ScopeClass::Unknown));
        notes
    }
}

/// How many operations list each scope.
#[derive(Debug, Clone, Default)]
pub struct ScopeIndex {
    unlocks: HashMap<String, usize>,
}

impl ScopeIndex {
    pub fn new(endpoints: &[Endpoint]) -> Self {
        let mut unlocks: HashMap<String, usize> = HashMap::new();
        for endpoint in endpoints {
            for scope in endpoint.requirement.scopes() {
                *unlocks.entry(scope).or_default() += 1;
            }
        }
        ScopeIndex { unlocks }
    }

    /// The index of the compiled-in catalog, built on first use.
    pub fn global() -> &'static ScopeIndex {
        static INDEX: OnceLock<ScopeIndex> = OnceLock::new();
        INDEX.get_or_init(|| ScopeIndex::new(catalog()))
    }

    /// The number of operations that list `scope`; 0 for a scope no operation knows.
    pub fn unlocks(&self, scope: &str) -> usize {
        self.unlocks.get(scope).copied().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(scopes: &[&str]) -> ScopeSet {
        ScopeSet::new(&scopes.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn counts_per_group_and_flags_unknown_scopes() {
        let capability = Capability::of(&token(&["read:users", "read:userz", "read:roles", "openid"]));
        assert_eq!(capability.total, 469);
        let users = capability.groups.iter().find(|g| g.group == "users").expect("users group");
        assert_eq!(users.total, 39);
        // GET /users, GET /users/{id}, GET /users/{id}/enrollments, … but not the all-of roles call
        assert!(users.allowed >= 3 && users.allowed < users.total, "{users:?}");
        assert_eq!(capability.unused_scopes, ["openid", "read:userz"]);
        let known = Capability::of(&token(&["read:userz", "read:users_app_metadata"]));
        let notes: Vec<String> = known.unused_scope_notes().iter().map(UnusedScope::sentence).collect();
        assert_eq!(notes.len(), 2);
        assert!(
            notes[0].starts_with("read:users_app_metadata unlocks no operation: ")
                && notes[0].contains("a real Management API scope"),
            "{notes:?}"
        );
        assert!(
            notes[1].starts_with("read:userz unlocks no operation: unknown to the Management API"),
            "{notes:?}"
        );
        assert_eq!(capability.allowed, capability.groups.iter().map(|g| g.allowed).sum::<usize>());
        assert_eq!(capability.groups.iter().map(|g| g.total).sum::<usize>(), 469);
    }

    #[test]
    fn no_scopes_no_operations() {
        let capability = Capability::of(&ScopeSet::default());
        assert_eq!(capability.allowed, 0);
        assert!(capability.unused_scopes.is_empty());
    }

    #[test]
    fn unlock_counts() {
        let index = ScopeIndex::global();
        assert_eq!(index.unlocks("read:userz"), 0);
        assert_eq!(index.unlocks("read:user_idp_tokens"), 2);
        assert!(index.unlocks("read:users") > index.unlocks("read:user_idp_tokens"));
    }
}
