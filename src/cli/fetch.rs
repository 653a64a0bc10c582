//! `tokex fetch [--json]`: a fresh token from the active profile, never the secret.

use super::exit;
use super::output::{json_text, safe};
use super::token_source::obtain_token;
use crate::config::Profile;
use crate::domain::Inspection;
use crate::domain::inspection::rfc3339;
use crate::domain::token::is_bearer_token_text;
use crate::net::{Http, verify_for_profile};
use serde_json::{Value, json};
use std::io::Write;

/// How `tokex fetch` was asked to run.
#[derive(Debug, Clone, Copy)]
pub struct FetchOptions {
    pub json: bool,
    /// Reuse a cached token and cache a new one (unless the profile says `cache = false`).
    pub use_cache: bool,
}

/// Why `tokex fetch` failed: one line for stderr, and the exit code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct FetchFailure {
    pub code: u8,
    pub message: String,
}

/// `tokex fetch`: the access token alone on one line, or with `json` the token response plus
/// the decoded summary (and its verification). Never the secret.
pub async fn fetch_command(
    http: &Http,
    profile: &Profile,
    options: FetchOptions,
    now: i64,
    out: &mut impl Write,
) -> Result<(), FetchFailure> {
    let FetchOptions { json, use_cache } = options;
    let fail = |code: u8, message: String| FetchFailure {
        code,
        message: format!("fetch (profile {}): {}", safe(&profile.name), safe(&message)),
    };
    let grant = obtain_token(http, profile, use_cache, now)
        .await
        .map_err(|e| fail(exit::for_fetch(&e), e.to_string()))?;
    if !is_bearer_token_text(&grant.response.access_token) {
        return Err(fail(
            exit::BAD_INPUT,
            "the token endpoint answered an access_token with characters no token has (only letters, digits \
             and -._~+/= are allowed); it was not printed"
                .to_owned(),
        ));
    }
    if json {
        let summary = match Inspection::from_compact(&grant.response.access_token) {
            Ok(inspection) => {
                let verification = verify_for_profile(http, &inspection.jwt, profile, now).await;
                let mut summary = inspection.summary_json(now, Value::Null);
                crate::domain::verify::annotate_summary(&mut summary, &verification);
                summary
            }
            // An opaque (non-JWT) token is still a token; there is just nothing to decode.
            Err(error) => json!({ "decode_error": error.to_string() }),
        };
        let document = json!({
            "profile": profile.name,
            "token_endpoint": grant.token_endpoint,
            "cached": grant.cached,
            "received_at": rfc3339(grant.received_at),
            "expires_at": grant.expires_at.and_then(rfc3339),
            "response": grant.response,
            "summary": summary,
        });
        writeln!(out, "{}", json_text(&document, true)).map_err(|e| fail(exit::FAILURE, e.to_string()))
    } else {
        writeln!(out, "{}", grant.response.access_token).map_err(|e| fail(exit::FAILURE, e.to_string()))
    }
}
