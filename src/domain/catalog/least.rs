//! The least set of scopes that lets a list of calls pass (`tokex scopes-for`). Every call's rule
//! is a set of clauses (any one scope of each); the answer satisfies them all with as few scopes
//! as possible, never picks a scope that exposes more than the call needs when a plainer one
//! does (docs/auth0.md#scope-cautions), and among equals picks the narrowest: the scope that
//! unlocks the fewest operations.

use super::Endpoint;
use super::capability::ScopeIndex;
use crate::domain::scope_rule::ScopeSet;
use std::collections::HashSet;

/// Why a scope is chosen only when nothing plainer does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScopeCaution {
    /// `read:user_idp_tokens`: user reads return the identity providers' access tokens.
    ExposesIdpTokens,
    /// `*current_user*`: meant for a user's token about themselves, not for a client grant.
    UserTokenOnly,
    /// `read:client_keys`, `read:client_credentials`: client reads include secrets.
    ExposesClientSecrets,
    /// `update:client_token_vault_privileged_access`.
    Privileged,
    /// `create:client_grants`, `update:client_grants`: the client can grant itself (or any
    /// client) more scopes.
    EditsGrants,
}

impl ScopeCaution {
    pub fn of(scope: &str) -> Option<ScopeCaution> {
        match scope {
            "read:user_idp_tokens" => Some(ScopeCaution::ExposesIdpTokens),
            "read:client_keys" | "read:client_credentials" => Some(ScopeCaution::ExposesClientSecrets),
            "update:client_token_vault_privileged_access" => Some(ScopeCaution::Privileged),
            "create:client_grants" | "update:client_grants" => Some(ScopeCaution::EditsGrants),
            _ if scope.contains("current_user") => Some(ScopeCaution::UserTokenOnly),
            _ => None,
        }
    }

    pub fn explain(self) -> &'static str {
        match self {
            ScopeCaution::ExposesIdpTokens => {
                "returns the identity providers' access tokens inside users' identities"
            }
            ScopeCaution::UserTokenOnly => {
                "belongs to a user's token for their own profile, not to a machine-to-machine grant"
            }
            ScopeCaution::ExposesClientSecrets => "makes client secrets and credentials visible",
            ScopeCaution::Privileged => "a privileged scope; update:clients covers ordinary client changes",
            ScopeCaution::EditsGrants => "lets the client grant itself, or any client, more scopes",
        }
    }

    /// Whether the scope gives a token's holder more than its operations suggest (secrets,
    /// other services' tokens, more scopes, privileged access); a user-token scope does not.
    pub fn is_privileged(self) -> bool {
        !matches!(self, ScopeCaution::UserTokenOnly)
    }

    /// A few words for a summary: what holding the scope exposes.
    pub fn short(self) -> &'static str {
        match self {
            ScopeCaution::ExposesIdpTokens => "IdP tokens",
            ScopeCaution::ExposesClientSecrets => "client secrets",
            ScopeCaution::Privileged => "privileged vault access",
            ScopeCaution::EditsGrants => "grants itself scopes",
            ScopeCaution::UserTokenOnly => "user-token scope",
        }
    }
}

/// The privileged scopes among `scopes` (sorted, once each), with why.
pub fn privileged_scopes<'a>(scopes: impl IntoIterator<Item = &'a str>) -> Vec<(&'a str, ScopeCaution)> {
    let mut found: Vec<(&str, ScopeCaution)> = scopes
        .into_iter()
        .filter_map(|scope| ScopeCaution::of(scope).filter(|c| c.is_privileged()).map(|c| (scope, c)))
        .collect();
    found.sort_unstable_by(|a, b| a.0.cmp(b.0));
    found.dedup_by(|a, b| a.0 == b.0);
    found
}

/// One scope of the answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChosenScope {
    pub scope: String,
    /// How many operations of the whole API it unlocks.
    pub unlocks: usize,
    /// Set when no plainer scope could serve some call.
    pub caution: Option<ScopeCaution>,
}

/// The answer for a list of calls.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LeastScopes {
    /// In the order the calls first need them.
    pub scopes: Vec<ChosenScope>,
}

impl LeastScopes {
    pub fn names(&self) -> Vec<&str> {
        self.scopes.iter().map(|c| c.scope.as_str()).collect()
    }
}

/// The least-privilege comparison of a token with what the calls need.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TokenFit {
    /// Chosen scopes the token does not carry.
    pub lacking: Vec<String>,
    /// The token's scopes that no listed call accepts at all.
    pub unneeded: Vec<String>,
    /// Whether the token, as it is, passes every call.
    pub passes_all: bool,
}

/// Above this many search steps the greedy answer stands (it is already a valid answer).
const SEARCH_BUDGET: usize = 200_000;

pub fn least_scopes(calls: &[&Endpoint], index: &ScopeIndex) -> LeastScopes {
    let clauses = essential_clauses(calls);
    let cost = |scopes: &[String]| -> (usize, usize, usize) {
        let cautious = scopes.iter().filter(|s| ScopeCaution::of(s).is_some()).count();
        (cautious, scopes.len(), scopes.iter().map(|s| index.unlocks(s)).sum())
    };
    let preference =
        |scope: &String| (ScopeCaution::of(scope).is_some(), index.unlocks(scope), scope.clone());

    // Greedy first: satisfy each clause in turn with its most preferred scope.
    let mut best: Vec<String> = Vec::new();
    for clause in &clauses {
        if !clause.iter().any(|s| best.contains(s))
            && let Some(pick) = clause.iter().min_by_key(|s| preference(s))
        {
            best.push(pick.clone());
        }
    }
    let mut best_cost = cost(&best);

    // Then an exact search that can only improve on it.
    let mut steps = 0;
    let mut chosen = Vec::new();
    search(&clauses, &mut chosen, &mut best, &mut best_cost, &mut steps, &cost, &preference);

    // Present them in the order the calls first need them.
    let mut ordered: Vec<String> = Vec::new();
    for clause in calls.iter().flat_map(|e| e.requirement.clauses()) {
        for scope in clause {
            if best.contains(scope) && !ordered.contains(scope) {
                ordered.push(scope.clone());
            }
        }
    }
    LeastScopes {
        scopes: ordered
            .into_iter()
            .map(|scope| ChosenScope {
                unlocks: index.unlocks(&scope),
                caution: ScopeCaution::of(&scope),
                scope,
            })
            .collect(),
    }
}

type Cost = (usize, usize, usize);

fn search(
    clauses: &[Vec<String>],
    chosen: &mut Vec<String>,
    best: &mut Vec<String>,
    best_cost: &mut Cost,
    steps: &mut usize,
    cost: &impl Fn(&[String]) -> Cost,
    preference: &impl Fn(&String) -> (bool, usize, String),
) {
    *steps += 1;
    if *steps > SEARCH_BUDGET || cost(chosen) >= *best_cost {
        return;
    }
    let Some(open) = clauses.iter().find(|clause| !clause.iter().any(|s| chosen.contains(s))) else {
        *best = chosen.clone();
        *best_cost = cost(chosen);
        return;
    };
    let mut candidates: Vec<&String> = open.iter().collect();
    candidates.sort_by_key(|s| preference(s));
    for candidate in candidates {
        chosen.push(candidate.clone());
        search(clauses, chosen, best, best_cost, steps, cost, preference);
        chosen.pop();
    }
}

/// Every clause of every call, without repeats and without a clause that a smaller one
/// already implies (satisfying `a` satisfies `a | b`).
fn essential_clauses(calls: &[&Endpoint]) -> Vec<Vec<String>> {
    let mut clauses: Vec<Vec<String>> = Vec::new();
    for clause in calls.iter().flat_map(|e| e.requirement.clauses()) {
        let mut sorted = clause.clone();
        sorted.sort();
        if !clauses.contains(&sorted) {
            clauses.push(sorted);
        }
    }
    clauses.sort_by_key(Vec::len);
    let mut kept: Vec<Vec<String>> = Vec::new();
    for clause in clauses {
        let implied = kept.iter().any(|k| k.iter().all(|s| clause.contains(s)));
        if !implied {
            kept.push(clause);
        }
    }
    kept
}

/// How a token compares with what the calls need.
pub fn token_fit(calls: &[&Endpoint], least: &LeastScopes, token: &ScopeSet) -> TokenFit {
    let accepted: HashSet<&str> =
        calls.iter().flat_map(|e| e.requirement.clauses()).flatten().map(String::as_str).collect();
    let lacking =
        least.scopes.iter().filter(|c| !token.contains(&c.scope)).map(|c| c.scope.clone()).collect();
    let mut unneeded: Vec<String> =
        token.iter().filter(|s| !accepted.contains(s)).map(str::to_owned).collect();
    unneeded.sort();
    let passes_all = calls.iter().all(|e| e.check(token).is_allowed());
    TokenFit { lacking, unneeded, passes_all }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::catalog::{Method, catalog, find};

    fn calls(list: &[(Method, &str)]) -> Vec<&'static Endpoint> {
        list.iter().map(|(m, p)| find(*m, p).expect("known operation")).collect()
    }

    fn least(list: &[(Method, &str)]) -> Vec<String> {
        least_scopes(&calls(list), ScopeIndex::global()).names().into_iter().map(str::to_owned).collect()
    }

    #[test]
    fn users_and_roles() {
        assert_eq!(
            least(&[(Method::Get, "/users"), (Method::Post, "/roles")]),
            ["read:users", "create:roles"]
        );
    }

    #[test]
    fn all_of_rule_takes_every_scope() {
        assert_eq!(
            least(&[(Method::Get, "/users/x/roles")]),
            ["read:users", "read:roles", "read:role_members"]
        );
    }

    #[test]
    fn one_scope_serving_several_calls_wins() {
        // GET /users/{id}/roles needs read:users anyway, so GET /users adds nothing.
        assert_eq!(
            least(&[(Method::Get, "/users"), (Method::Get, "/users/x/roles")]),
            ["read:users", "read:roles", "read:role_members"]
        );
    }

    #[test]
    fn cautious_scopes_lose_to_plain_ones() {
        // read:user_idp_tokens unlocks fewer operations, but exposes provider tokens.
        assert_eq!(least(&[(Method::Get, "/users/x")]), ["read:users"]);
        // read:client_summary: clients without secrets.
        assert_eq!(least(&[(Method::Get, "/clients")]), ["read:client_summary"]);
        assert_eq!(least(&[(Method::Patch, "/clients/x")]).len(), 1);
        assert_ne!(least(&[(Method::Patch, "/clients/x")]), ["update:client_token_vault_privileged_access"]);
    }

    #[test]
    fn mixed_rule() {
        assert_eq!(
            least(&[(Method::Get, "/clients/x/connections")]),
            ["read:connections", "read:client_summary"]
        );
    }

    #[test]
    fn every_answer_passes_its_calls() {
        // Pairs of neighbouring operations over the whole catalog.
        let all = catalog();
        for pair in all.windows(2) {
            let refs: Vec<&Endpoint> = pair.iter().collect();
            let answer = least_scopes(&refs, ScopeIndex::global());
            let scopes: Vec<String> = answer.names().into_iter().map(str::to_owned).collect();
            let set = ScopeSet::new(&scopes);
            for e in &refs {
                assert!(e.check(&set).is_allowed(), "{} with {scopes:?}", e.id());
            }
        }
    }

    #[test]
    fn token_fit_names_lacking_and_unneeded() {
        let list = calls(&[(Method::Get, "/users"), (Method::Post, "/roles")]);
        let answer = least_scopes(&list, ScopeIndex::global());
        let token = ScopeSet::new(&["read:users".to_owned(), "delete:users".to_owned()]);
        let fit = token_fit(&list, &answer, &token);
        assert_eq!(fit.lacking, ["create:roles"]);
        assert_eq!(fit.unneeded, ["delete:users"]);
        assert!(!fit.passes_all);
    }
}
