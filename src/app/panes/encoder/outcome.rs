//! One signing of the edited claims: the new token, what it could call of the Management API
//! against what the original could, and the difference from the original (as the Tokens pane
//! shows it). Without a key the claims are still judged, from an unsigned copy that is never
//! shown or copied.

use super::source::ChosenKey;
use crate::app::token::{InspectedToken, TokenOrigin};
use crate::domain::DecodeError;
use crate::domain::Inspection;
use crate::domain::signing::claims::Object;
use crate::domain::signing::{KeyError, b64};
use crate::domain::token_diff::TokenDiff;
use serde_json::{Value, json};

#[derive(Debug, Clone)]
pub struct Outcome {
    /// The new token decoded (the unsigned copy when no key signed it).
    pub token: InspectedToken,
    /// Whether `token` is signed: only then is there a token to show, copy or inspect.
    pub signed: bool,
    /// Original → new.
    pub diff: TokenDiff,
    /// Operations the new token could call, and the original could.
    pub allowed: usize,
    pub original_allowed: usize,
    pub total: usize,
}

/// Why the claims could not become a token.
#[derive(Debug, Clone, thiserror::Error)]
pub enum SignError {
    #[error(transparent)]
    Key(#[from] KeyError),
    #[error("the signed token does not decode: {0}")]
    Decode(#[from] DecodeError),
}

impl Outcome {
    /// Signs `claims` with `key` (when there is one) under a header of `typ`, the key's `alg`
    /// and its `kid`, and judges the result against `original`.
    pub fn sign(
        original: &InspectedToken,
        claims: &Object,
        key: Option<&ChosenKey>,
        now: i64,
    ) -> Result<Self, SignError> {
        let mut header = serde_json::Map::new();
        header.insert("typ".into(), json!("JWT"));
        let payload = Value::Object(claims.clone());
        let (compact, signed) = match key {
            Some(key) => (key.signer.sign(&mut header, &payload)?, true),
            None => {
                header.insert("alg".into(), json!("none"));
                let header = Value::Object(header).to_string();
                (format!("{}.{}.", b64(header.as_bytes()), b64(payload.to_string().as_bytes())), false)
            }
        };
        let inspection = Inspection::from_compact(&compact)?;
        let token = InspectedToken::new(inspection, TokenOrigin::Encoded);
        // Each token's view worked out what its scopes pass once, when it was built.
        let (reach, original_reach) = (&token.view.api, &original.view.api);
        Ok(Outcome {
            diff: TokenDiff::between(&original.inspection, &token.inspection, now),
            allowed: reach.allowed,
            original_allowed: original_reach.allowed,
            total: reach.total,
            token,
            signed,
        })
    }

    /// The signed token's text; None for the unsigned copy.
    pub fn raw(&self) -> Option<&str> {
        self.signed.then(|| self.token.raw())
    }
}
