//! What scopes a Management API operation needs, as a rule that can be checked against a
//! token: all of several clauses, each satisfied by any one of its scopes. Auth0's documentation
//! lists the scopes of an operation without saying whether one suffices or all are needed; its
//! 403 text says so where it is known (docs/auth0.md#management-api-errors), so this module also
//! reads that text.

use std::collections::HashSet;
use std::fmt;

/// How Auth0's 403 text (or an asset entry) combines the scopes it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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

/// A token's scopes, hashed once so that checking hundreds of operations against a token with
/// thousands of scopes stays linear.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScopeSet(HashSet<String>);

impl ScopeSet {
    pub fn new(scopes: &[String]) -> Self {
        ScopeSet(scopes.iter().cloned().collect())
    }

    pub fn contains(&self, scope: &str) -> bool {
        self.0.contains(scope)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(String::as_str)
    }
}

/// All clauses must hold; a clause holds when the token has any one of its scopes. An operation
/// with no clauses needs no scope.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Requirement {
    clauses: Vec<Vec<String>>,
}

/// Whether a token passes a [`Requirement`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScopeCheck {
    Allowed,
    /// The scopes of every clause the token does not satisfy (for an any-of clause every
    /// candidate, for an all-of rule only the absent ones).
    Missing(Vec<String>),
}

impl ScopeCheck {
    pub fn is_allowed(&self) -> bool {
        matches!(self, ScopeCheck::Allowed)
    }
}

impl Requirement {
    /// One clause: any one of `scopes` suffices.
    pub fn any_of(scopes: &[String]) -> Self {
        let clause = dedup(scopes.iter().cloned());
        Requirement { clauses: if clause.is_empty() { Vec::new() } else { vec![clause] } }
    }

    /// Every one of `scopes` is needed.
    pub fn all_of(scopes: &[String]) -> Self {
        Requirement { clauses: dedup(scopes.iter().cloned()).into_iter().map(|s| vec![s]).collect() }
    }

    pub fn from_rule(rule: ScopeRule, scopes: &[String]) -> Self {
        match rule {
            ScopeRule::Any => Requirement::any_of(scopes),
            ScopeRule::All => Requirement::all_of(scopes),
        }
    }

    pub fn clauses(&self) -> &[Vec<String>] {
        &self.clauses
    }

    /// Every scope named, in order, without repeats.
    pub fn scopes(&self) -> Vec<String> {
        dedup(self.clauses.iter().flatten().cloned())
    }

    /// A single clause with several scopes: "any one of".
    pub fn is_any_of(&self) -> bool {
        self.clauses.len() == 1 && self.clauses[0].len() > 1
    }

    /// Several clauses of one scope each: "all of".
    pub fn is_all_of(&self) -> bool {
        self.clauses.len() > 1 && self.clauses.iter().all(|c| c.len() == 1)
    }

    pub fn check(&self, token: &ScopeSet) -> ScopeCheck {
        let missing = dedup(
            self.clauses
                .iter()
                .filter(|clause| !clause.iter().any(|s| token.contains(s)))
                .flatten()
                .filter(|s| !token.contains(s))
                .cloned(),
        );
        if missing.is_empty() { ScopeCheck::Allowed } else { ScopeCheck::Missing(missing) }
    }

    /// One line saying what a token lacks, or None when it passes: `needs read:clients`,
    /// `needs one of: a, b`, `missing b (needs all of: a, b)`,
    /// `missing read:connections and one of: read:clients, read:client_summary`.
    pub fn hint(&self, token: &ScopeSet) -> Option<String> {
        let unmet: Vec<&Vec<String>> =
            self.clauses.iter().filter(|clause| !clause.iter().any(|s| token.contains(s))).collect();
        match unmet.as_slice() {
            [] => None,
            [clause] if self.clauses.len() == 1 && clause.len() == 1 => Some(format!("needs {}", clause[0])),
            [clause] if self.clauses.len() == 1 => Some(format!("needs one of: {}", clause.join(", "))),
            _ if self.is_all_of() => {
                let missing: Vec<&str> = unmet.iter().map(|c| c[0].as_str()).collect();
                Some(format!("missing {} (needs all of: {})", missing.join(", "), self.scopes().join(", ")))
            }
            _ => {
                let parts: Vec<String> = unmet
                    .iter()
                    .map(|c| if c.len() == 1 { c[0].clone() } else { format!("one of: {}", c.join(", ")) })
                    .collect();
                Some(format!("missing {}", parts.join(" and ")))
            }
        }
    }

    /// Parses what follows "expected" in Auth0's "Insufficient scope" message:
    /// `expected any of: a, b`, `expected all of: a,b`, `expected: a and b`,
    /// `expected: a and any of: b or c`, `expected: a`. None when the text names no scope.
    /// A bare list without "any of"/"all of" (`expected: a, b`) does not say how the scopes
    /// combine; it is read as any-of, like Auth0's other multi-scope messages.
    pub fn from_auth0_text(message: &str) -> Option<(Requirement, Option<ScopeRule>)> {
        let start = find_ascii_case_insensitive(message, "expected")? + "expected".len();
        let rest = message[start..].trim_start();
        let (stated, rest) = if let Some(rest) = strip_prefix_ci(rest, "any of:") {
            (Some(ScopeRule::Any), rest)
        } else if let Some(rest) = strip_prefix_ci(rest, "all of:") {
            (Some(ScopeRule::All), rest)
        } else {
            (None, rest.strip_prefix(':').unwrap_or(rest))
        };
        let parts = split_ci(rest, " and ");
        let mut clauses = Vec::new();
        let conjunction = parts.len() > 1;
        for part in parts {
            let part = part.trim();
            if let Some(any) = strip_prefix_ci(part, "any of:") {
                clauses.push(scope_words(any));
            } else if let Some(all) = strip_prefix_ci(part, "all of:") {
                clauses.extend(scope_words(all).into_iter().map(|s| vec![s]));
            } else {
                let words = scope_words(part);
                match stated {
                    Some(ScopeRule::All) => clauses.extend(words.into_iter().map(|s| vec![s])),
                    _ => clauses.push(words),
                }
            }
        }
        clauses.retain(|c| !c.is_empty());
        if clauses.is_empty() {
            return None;
        }
        let stated = stated.or(conjunction.then_some(ScopeRule::All));
        Some((Requirement { clauses }, stated))
    }
}

impl fmt::Display for Requirement {
    /// `a | b` for any-of, `a + b` for all-of, `a + (b | c)` for a mix.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let single = self.clauses.len() == 1;
        let parts: Vec<String> = self
            .clauses
            .iter()
            .map(|c| if c.len() > 1 && !single { format!("({})", c.join(" | ")) } else { c.join(" | ") })
            .collect();
        f.write_str(&parts.join(" + "))
    }
}

/// Scope names as an owned, sorted list (set differences come out in hash order).
pub(crate) fn sorted<'a>(scopes: impl Iterator<Item = &'a &'a str>) -> Vec<String> {
    let mut list: Vec<String> = scopes.map(|s| (*s).to_owned()).collect();
    list.sort();
    list
}

fn dedup(scopes: impl Iterator<Item = String>) -> Vec<String> {
    let mut seen = HashSet::new();
    scopes.filter(|s| seen.insert(s.clone())).collect()
}

/// The scope names in a list such as `a, b or c.`: separators are commas, spaces and "or".
fn scope_words(text: &str) -> Vec<String> {
    dedup(
        text.split(|c: char| c == ',' || c.is_whitespace() || c.is_control())
            .map(|w| w.trim().trim_end_matches('.'))
            .filter(|w| !w.is_empty() && !w.eq_ignore_ascii_case("or"))
            // Scope names are printable ASCII; anything else is prose, not a scope.
            .filter(|w| w.bytes().all(|b| b.is_ascii_graphic()))
            .map(str::to_owned),
    )
}

fn strip_prefix_ci<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    text.get(..prefix.len()).filter(|head| head.eq_ignore_ascii_case(prefix)).map(|_| &text[prefix.len()..])
}

fn split_ci<'a>(text: &'a str, separator: &str) -> Vec<&'a str> {
    let mut parts = Vec::new();
    let mut rest = text;
    while let Some(i) = find_ascii_case_insensitive(rest, separator) {
        parts.push(&rest[..i]);
        rest = &rest[i + separator.len()..];
    }
    parts.push(rest);
    parts
}

/// Case-insensitive search without lowercasing, so byte offsets stay valid in `haystack`.
fn find_ascii_case_insensitive(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .char_indices()
        .map(|(i, _)| i)
        .find(|&i| haystack.get(i..i + needle.len()).is_some_and(|s| s.eq_ignore_ascii_case(needle)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn owned(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[rstest]
    #[case("Insufficient scope, expected any of: read:users", "read:users", Some(ScopeRule::Any))]
    #[case(
        "Insufficient scope; expected any of: read:clients,read:client_keys.",
        "read:clients | read:client_keys",
        Some(ScopeRule::Any)
    )]
    #[case(
        "Insufficient scope; expected all of: read:users, read:roles",
        "read:users + read:roles",
        Some(ScopeRule::All)
    )]
    #[case(
        "Insufficient scope; expected all of: create:encryption_keys update:encryption_keys",
        "create:encryption_keys + update:encryption_keys",
        Some(ScopeRule::All)
    )]
    #[case(
        "Insufficient scope; expected create:signing_keys and update:signing_keys",
        "create:signing_keys + update:signing_keys",
        Some(ScopeRule::All)
    )]
    #[case(
        "Insufficient scope; expected: read:connections and any of: read:clients or read:client_summary",
        "read:connections + (read:clients | read:client_summary)",
        Some(ScopeRule::All)
    )]
    #[case("Insufficient scope; expected: update:roles", "update:roles", None)]
    #[case(
        "Insufficient scope; expected: update:users, update:current_user_identities",
        "update:users | update:current_user_identities",
        None
    )]
    #[case("insufficient scope, EXPECTED ALL OF: a", "a", Some(ScopeRule::All))]
    fn parses_auth0_texts(#[case] text: &str, #[case] expected: &str, #[case] stated: Option<ScopeRule>) {
        let (requirement, rule) = Requirement::from_auth0_text(text).expect("parses");
        assert_eq!(requirement.to_string(), expected);
        assert_eq!(rule, stated);
    }

    #[rstest]
    #[case("Insufficient scope")]
    #[case("expected any of:")]
    #[case("expected   ")]
    #[case("")]
    #[case("é expected ∀ ,,, or or")]
    fn texts_without_scopes_are_none(#[case] text: &str) {
        assert_eq!(Requirement::from_auth0_text(text), None);
    }

    #[test]
    fn mixed_rule_checks_each_clause() {
        let (rule, _) = Requirement::from_auth0_text(
            "expected: read:connections and any of: read:clients or read:client_summary",
        )
        .expect("parses");
        let token = |s: &[&str]| ScopeSet::new(&owned(s));
        assert_eq!(rule.check(&token(&["read:connections", "read:client_summary"])), ScopeCheck::Allowed);
        assert_eq!(
            rule.check(&token(&["read:client_summary"])),
            ScopeCheck::Missing(owned(&["read:connections"]))
        );
        assert_eq!(
            rule.check(&token(&["read:connections"])),
            ScopeCheck::Missing(owned(&["read:clients", "read:client_summary"]))
        );
        assert_eq!(
            rule.hint(&token(&[])).as_deref(),
            Some("missing read:connections and one of: read:clients, read:client_summary")
        );
        assert_eq!(rule.to_string(), "read:connections + (read:clients | read:client_summary)");
    }

    #[test]
    fn empty_requirement_always_passes() {
        assert_eq!(Requirement::any_of(&[]).check(&ScopeSet::default()), ScopeCheck::Allowed);
        assert_eq!(Requirement::all_of(&[]).check(&ScopeSet::default()), ScopeCheck::Allowed);
    }
}
