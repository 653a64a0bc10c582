//! The token under inspection: where it came from, its decoded view, and its signature check.

use super::view::TokenView;
use crate::domain::Inspection;
use crate::domain::verify::{SignatureState, Verification};
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenOrigin {
    Argument,
    Pasted,
    Typed,
    Fetched,
    /// The active profile's token from the CLI's token cache, shown at start.
    Cached,
    /// Signed in the encoder (5) from another token's claims.
    Encoded,
}

impl TokenOrigin {
    pub fn label(self) -> &'static str {
        match self {
            TokenOrigin::Argument => "from the command line",
            TokenOrigin::Pasted => "pasted",
            TokenOrigin::Typed => "typed",
            TokenOrigin::Fetched => "fetched",
            TokenOrigin::Cached => "cached",
            TokenOrigin::Encoded => "made in the encoder",
        }
    }
}

/// Verification as the UI tracks it: the latest result, and whether a check is running.
#[derive(Debug, Clone, PartialEq)]
pub struct SignatureStatus {
    pub verification: Verification,
    pub pending: bool,
}

impl SignatureStatus {
    fn not_verified() -> Self {
        Self {
            verification: Verification { signature: SignatureState::NotVerified, findings: Vec::new() },
            pending: false,
        }
    }
}

/// Cheap to clone: the history keeps a copy of every token it lists, and a token can be
/// megabytes, so the decoded parts are shared, never duplicated.
#[derive(Debug, Clone, PartialEq)]
pub struct InspectedToken {
    pub inspection: Arc<Inspection>,
    pub view: Arc<TokenView>,
    pub origin: TokenOrigin,
    pub signature: SignatureStatus,
}

impl InspectedToken {
    pub fn new(inspection: Inspection, origin: TokenOrigin) -> Self {
        let view = Arc::new(TokenView::new(&inspection));
        Self { inspection: Arc::new(inspection), view, origin, signature: SignatureStatus::not_verified() }
    }

    pub fn raw(&self) -> &str {
        &self.inspection.jwt.raw
    }
}
