//! The one question asked before any call that changes the tenant (every POST, PUT, PATCH and
//! DELETE), built once as data so the TUI's confirmation modal and `tokex call` on a terminal
//! show the same facts and accept the same answer.
//!
//! **What is shown**: the tenant (host), the identity (profile, and the token's client name or
//! its `azp`), method and full path, the body as pretty JSON, what will happen and what will not
//! (the catalog's `confirm` texts: Auth0 tokens cannot be revoked, rotating a secret leaves
//! tokens valid, deleting a grant stops only new tokens; see docs/auth0.md).
//!
//! **What must be typed** (one rule for both front ends): when the operation's path names a
//! target (its last `{placeholder}`, e.g. the user id of `PATCH /users/{id}`), that value, or
//! its last [`SUFFIX_CHARS`] characters when it is longer; otherwise the method in lower case
//! (`post`, `patch`, …): a word typed on purpose, never a single `y`.
//!
//! Every text field is already escaped for a terminal ([`escape_control`]; the body with
//! [`escape_json_output`], so it stays valid JSON): a front end draws them as they are.

use crate::domain::catalog::{self, Endpoint, Method};
use crate::domain::issuing_tenant::host_of;
use crate::domain::sanitize::{escape_control, escape_json_output};
use serde_json::Value;
use std::collections::HashMap;

/// How many trailing characters of a long target id also confirm (`…a1b2c3`).
pub const SUFFIX_CHARS: usize = 6;

/// Whether a call with `method` changes the tenant and so needs the confirmation.
pub fn changes_tenant(method: Method) -> bool {
    !matches!(method, Method::Get)
}

/// Who is about to act: what the confirmation's identity line is built from.
#[derive(Debug, Clone, Copy, Default)]
pub struct Identity<'a> {
    /// The profile whose token is used; None for a token given by hand (`--token`, a paste).
    pub profile: Option<&'a str>,
    /// The client's name when the front end knows it (a profile's client, a looked-up client).
    pub client_name: Option<&'a str>,
    /// The token's `azp` claim (the client id), shown when no name is known.
    pub azp: Option<&'a str>,
}

/// The call a confirmation is for.
#[derive(Debug, Clone, Copy)]
pub struct ChangeRequest<'a> {
    /// The tenant the call goes to, as configured (`https://acme.eu.auth0.com`).
    pub tenant: &'a str,
    pub identity: Identity<'a>,
    pub method: Method,
    /// The path as sent, `/api/v2/…` with its query (percent-encoded).
    pub path_and_query: &'a str,
    /// The JSON body, when the call sends one.
    pub body: Option<&'a Value>,
}

/// The confirmation of one change, ready to show. Fields are escaped texts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeConfirmation {
    /// `acme.eu.auth0.com` (with `:port` when there is one).
    pub tenant: String,
    /// `profile demo-admin · client tokex-admin` / `token given by hand · azp abc123`.
    pub identity: String,
    pub method: Method,
    /// The full path with its query, as sent.
    pub path: String,
    /// The body as pretty JSON, or None when nothing is sent.
    pub body: Option<String>,
    /// What will happen, one sentence a line.
    pub will: Vec<String>,
    /// What will not happen (what the user might expect but Auth0 does not do).
    pub will_not: Vec<String>,
    /// The catalog operation (`PATCH /api/v2/users/{id}`), None for a path tokex does not know.
    pub operation: Option<String>,
    /// What confirms, unescaped (compared with what is typed).
    answer: String,
    /// What the answer is: the target's id, or the method.
    pub answer_kind: AnswerKind,
}

/// What the user is asked to type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerKind {
    /// The id in the path (or its last [`SUFFIX_CHARS`] characters).
    TargetId,
    /// The method, in lower case: the call names no single target.
    Method,
}

impl ChangeConfirmation {
    /// The confirmation for `request`, with the catalog's facts when it knows the operation.
    pub fn new(request: &ChangeRequest<'_>) -> Self {
        let endpoint = catalog::find(request.method, request.path_and_query);
        Self::for_endpoint(request, endpoint)
    }

    /// Like [`ChangeConfirmation::new`] with the operation already looked up (or None).
    pub fn for_endpoint(request: &ChangeRequest<'_>, endpoint: Option<&Endpoint>) -> Self {
        let method = request.method;
        let values = endpoint.map(|e| path_values(&e.path, request.path_and_query)).unwrap_or_default();
        let (mut will, mut will_not) = (Vec::new(), Vec::new());
        if let Some(confirm) = endpoint.and_then(|e| e.confirm.as_ref()) {
            will.push(escape_control(&fill(&confirm.will, &values)).into_owned());
            will_not.extend(confirm.will_not.iter().map(|t| escape_control(&fill(t, &values)).into_owned()));
        } else {
            let what = endpoint.map_or_else(
                || "a path tokex does not know; it is sent as is".to_owned(),
                |e| e.description.trim_end_matches('.').to_owned(),
            );
            will.push(format!("Changes the tenant at once: {}.", escape_control(&what)));
        }
        // A target id: the value of the template's last placeholder.
        let target = endpoint
            .and_then(|e| catalog::template_params(&e.path).last().and_then(|name| values.get(*name)))
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty());
        let (answer, answer_kind) = match target {
            Some(id) => (id, AnswerKind::TargetId),
            None => (method.as_str().to_lowercase(), AnswerKind::Method),
        };
        Self {
            tenant: escape_control(&host_of(request.tenant).unwrap_or_else(|| request.tenant.to_owned()))
                .into_owned(),
            identity: identity_line(&request.identity),
            method,
            path: escape_control(request.path_and_query).into_owned(),
            body: request.body.map(pretty_body),
            will,
            will_not,
            operation: endpoint.map(Endpoint::id),
            answer,
            answer_kind,
        }
    }

    /// What confirms in full (escaped for display).
    pub fn expected(&self) -> String {
        escape_control(&self.answer).into_owned()
    }

    /// The tail that also confirms, when the target id is longer than [`SUFFIX_CHARS`].
    pub fn accepted_suffix(&self) -> Option<&str> {
        if self.answer_kind != AnswerKind::TargetId {
            return None;
        }
        let count = self.answer.chars().count();
        if count <= SUFFIX_CHARS {
            return None;
        }
        self.answer.char_indices().nth(count - SUFFIX_CHARS).map(|(at, _)| &self.answer[at..])
    }

    /// Whether `typed` confirms: the whole answer, or its accepted tail (surrounding spaces
    /// ignored; case matters for ids, not for the method).
    pub fn accepts(&self, typed: &str) -> bool {
        let typed = typed.trim();
        if typed.is_empty() {
            return false;
        }
        match self.answer_kind {
            AnswerKind::Method => typed.eq_ignore_ascii_case(&self.answer),
            AnswerKind::TargetId => {
                typed == self.answer || self.accepted_suffix().is_some_and(|suffix| typed == suffix)
            }
        }
    }

    /// The instruction under the question: `Type the id (auth0|abc123) or its last 6 characters
    /// (abc123) to send, anything else to cancel.`
    pub fn instruction(&self) -> String {
        let expected = self.expected();
        match (self.answer_kind, self.accepted_suffix()) {
            (AnswerKind::TargetId, Some(suffix)) => format!(
                "Type the id ({expected}) or its last {SUFFIX_CHARS} characters ({}) to send it.",
                escape_control(suffix)
            ),
            (AnswerKind::TargetId, None) => format!("Type the id ({expected}) to send it."),
            (AnswerKind::Method, _) => format!("Type {expected} to send it."),
        }
    }

    /// Why a typed answer did not confirm, for a box that stays open.
    pub fn mismatch(&self) -> String {
        format!("Does not match: {}", self.instruction())
    }

    /// The whole question as labelled rows, in the order both front ends show them. A row's
    /// value may span lines (the body).
    pub fn rows(&self) -> Vec<(&'static str, String)> {
        let mut rows = vec![
            ("tenant", self.tenant.clone()),
            ("as", self.identity.clone()),
            ("call", format!("{} {}", self.method, self.path)),
        ];
        if let Some(body) = &self.body {
            rows.push(("body", body.clone()));
        }
        rows.extend(self.will.iter().map(|line| ("will", line.clone())));
        rows.extend(self.will_not.iter().map(|line| ("will not", line.clone())));
        rows
    }
}

fn identity_line(identity: &Identity<'_>) -> String {
    let who = match identity.profile {
        Some(profile) => format!("profile {}", escape_control(profile)),
        None => "a token given by hand".to_owned(),
    };
    match (identity.client_name, identity.azp) {
        (Some(name), _) => format!("{who} · client {}", escape_control(name)),
        (None, Some(azp)) => format!("{who} · client id (azp) {}", escape_control(azp)),
        (None, None) => format!("{who} · client unknown (the token has no azp)"),
    }
}

fn pretty_body(body: &Value) -> String {
    // Serialising a `Value` cannot fail (its keys are strings).
    let text = serde_json::to_string_pretty(body).unwrap_or_default();
    escape_json_output(&text).into_owned()
}

fn fill(text: &str, values: &HashMap<String, String>) -> String {
    values
        .iter()
        .fold(text.to_owned(), |acc, (name, value)| acc.replace(&format!("{{{name}}}"), value.trim()))
}

/// `{name}` → the decoded segment of `path` in its place (`/users/{id}` and
/// `/api/v2/users/auth0%7C1` give `id` = `auth0|1`).
pub fn path_values(template: &str, path: &str) -> HashMap<String, String> {
    let path = path.split(['?', '#']).next().unwrap_or("");
    let segments = |text: &str| -> Vec<String> {
        let text = text.strip_prefix("/api/v2").unwrap_or(text);
        text.split('/').filter(|s| !s.is_empty()).map(str::to_owned).collect()
    };
    let (template, path) = (segments(template), segments(path));
    template
        .iter()
        .zip(&path)
        .filter_map(|(t, value)| {
            let name = t.strip_prefix('{')?.strip_suffix('}')?;
            let decoded = percent_encoding::percent_decode_str(value).decode_utf8_lossy().into_owned();
            Some((name.to_owned(), decoded))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn request<'a>(method: Method, path: &'a str, body: Option<&'a Value>) -> ChangeRequest<'a> {
        ChangeRequest {
            tenant: "https://acme.eu.auth0.com",
            identity: Identity { profile: Some("prod"), client_name: None, azp: Some("abc") },
            method,
            path_and_query: path,
            body,
        }
    }

    #[test]
    fn every_method_but_get_changes_the_tenant() {
        let changing: Vec<Method> = Method::ALL.into_iter().filter(|m| changes_tenant(*m)).collect();
        assert_eq!(changing, [Method::Post, Method::Put, Method::Patch, Method::Delete]);
    }

    #[test]
    fn a_grant_deletion_shows_who_where_and_the_auth0_facts() {
        let confirmation =
            ChangeConfirmation::new(&request(Method::Delete, "/api/v2/client-grants/cgr%5F12345678", None));
        assert_eq!(confirmation.tenant, "acme.eu.auth0.com");
        assert_eq!(confirmation.identity, "profile prod · client id (azp) abc");
        assert_eq!(confirmation.path, "/api/v2/client-grants/cgr%5F12345678");
        assert_eq!(confirmation.operation.as_deref(), Some("DELETE /api/v2/client-grants/{id}"));
        assert!(confirmation.will[0].contains("cgr_12345678") && !confirmation.will[0].contains("{id}"));
        assert!(confirmation.will_not.iter().any(|l| l.contains("cannot be revoked")), "{confirmation:?}");
        assert_eq!(confirmation.body, None);
        // The id, or its last six characters; nothing shorter, no `y`.
        assert_eq!(confirmation.answer_kind, AnswerKind::TargetId);
        assert!(confirmation.accepts("cgr_12345678") && confirmation.accepts(" 345678 "));
        for wrong in ["", "y", "yes", "45678", "CGR_12345678", "delete"] {
            assert!(!confirmation.accepts(wrong), "{wrong}");
        }
        assert!(confirmation.instruction().contains("(345678)"), "{}", confirmation.instruction());
    }

    #[test]
    fn a_secret_rotation_says_tokens_stay_valid() {
        let confirmation =
            ChangeConfirmation::new(&request(Method::Post, "/api/v2/clients/cli_1/rotate-secret", None));
        assert!(confirmation.will_not.iter().any(|l| l.contains("stay valid")), "{confirmation:?}");
        assert!(confirmation.accepts("cli_1") && !confirmation.accepts("post"));
        assert_eq!(confirmation.accepted_suffix(), None, "an id of 6 characters or fewer is typed whole");
    }

    #[test]
    fn a_call_without_an_id_asks_for_the_method_and_shows_the_body() {
        let body = json!({"email": "a@b.c", "note": "x\u{1b}[2J"});
        let confirmation = ChangeConfirmation::new(&request(Method::Post, "/api/v2/users", Some(&body)));
        assert_eq!(confirmation.answer_kind, AnswerKind::Method);
        assert!(confirmation.accepts("post") && confirmation.accepts("POST") && !confirmation.accepts("p"));
        let shown = confirmation.body.clone().unwrap_or_default();
        assert!(shown.contains("\n  \"email\": \"a@b.c\"") && !shown.contains('\u{1b}'), "{shown}");
        assert!(confirmation.will[0].starts_with("Changes the tenant at once: "), "{:?}", confirmation.will);
        let labels: Vec<&str> = confirmation.rows().iter().map(|(label, _)| *label).collect();
        assert_eq!(labels, ["tenant", "as", "call", "body", "will"]);
    }

    #[test]
    fn unknown_paths_and_hostile_values_are_still_confirmed_safely() {
        let mut hostile = request(Method::Patch, "/api/v2/nothing/\u{1b}]0;x\u{7}", None);
        hostile.identity = Identity { profile: None, client_name: Some("evil\u{9b}2J"), azp: None };
        let confirmation = ChangeConfirmation::new(&hostile);
        assert_eq!(confirmation.operation, None);
        assert_eq!(confirmation.answer_kind, AnswerKind::Method);
        let all = format!("{:?}", confirmation.rows());
        assert!(!all.contains('\u{1b}') && !all.contains('\u{9b}') && !all.contains('\u{7}'), "{all}");
        assert!(confirmation.identity.starts_with("a token given by hand · client evil"));
    }

    #[test]
    fn path_values_decode_the_id() {
        let values = path_values("/api/v2/users/{id}", "/api/v2/users/auth0%7C1?fields=x");
        assert_eq!(values.get("id").map(String::as_str), Some("auth0|1"));
        let values = path_values("/api/v2/roles/{id}/users", "/api/v2/roles/v2/users");
        assert_eq!(values.get("id").map(String::as_str), Some("v2"));
    }
}
