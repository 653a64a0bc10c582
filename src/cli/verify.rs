//! `decode --verify`: which keys and which issuer and audience a pasted token is checked
//! against, and the verdict as data (printing is `decode`'s job).

use crate::config::Profile;
use crate::domain::Inspection;
use crate::domain::sanitize::escape_control;
use crate::domain::verify::{Expected, Verification};
use crate::net::{
    Http, JwksError, JwksSource, VerifyTarget, target_for_issuer, target_for_profile, verify_with_target,
};
use serde_json::Value;
use std::fmt;

/// Options of `decode --verify`.
#[derive(Debug, Clone, Default)]
pub struct VerifyOptions {
    /// `--jwks FILE|URL`; otherwise the issuer's published JWKS.
    pub jwks: Option<JwksSource>,
    /// Overrides the expected audience (profile's, else `<iss>api/v2/`).
    pub audience: Option<String>,
}

#[derive(Debug, Clone)]
pub struct VerifiedReport {
    pub inspection: Inspection,
    pub verification: Verification,
    pub expected: Expected,
    /// The profile that matched the issuer, if any.
    pub profile: Option<String>,
}

impl VerifiedReport {
    /// `decode --json` with `signature` = `{"state":"verified","kid":…}` and the findings.
    pub fn to_json(&self, now: i64) -> Value {
        let mut summary = self.inspection.summary_json(now, Value::Null);
        crate::domain::verify::annotate_summary(&mut summary, &self.verification);
        summary
    }
}

/// Why `decode --verify` exits non-zero. `Display` is the one-line reason.
#[derive(Debug, Clone)]
pub struct VerifyFailure {
    pub reason: String,
    /// Present when the token decoded and verification ran.
    pub verification: Option<Verification>,
    /// Present when the token decoded, so `--json` can still describe it.
    pub inspection: Option<Box<Inspection>>,
    /// The keys could not be fetched (refused, DNS, TLS, timeout), as opposed to a token that
    /// is not valid.
    pub network: bool,
}

impl fmt::Display for VerifyFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&escape_control(&self.reason))
    }
}

impl std::error::Error for VerifyFailure {}

fn failure(reason: impl Into<String>) -> VerifyFailure {
    VerifyFailure { reason: reason.into(), verification: None, inspection: None, network: false }
}

/// A failure to find the keys of a token that did decode.
fn keys_failure(error: &JwksError, inspection: &Inspection) -> VerifyFailure {
    VerifyFailure {
        reason: error.to_string(),
        verification: None,
        inspection: Some(Box::new(inspection.clone())),
        network: matches!(error, JwksError::Transport(_)),
    }
}

/// `decode --verify`: succeeds only when the signature verifies and the token is valid at
/// `now` for its issuer and audience. Explicit, so the issuer is contacted even when no
/// profile names it (https, or http on loopback only).
pub async fn verify_for_cli(
    http: &Http,
    pasted: &str,
    profiles: &[Profile],
    options: &VerifyOptions,
    now: i64,
) -> Result<VerifiedReport, VerifyFailure> {
    let inspection = Inspection::from_pasted(pasted).map_err(|e| failure(format!("not a token: {e}")))?;
    let Some(iss) = inspection.claims.iss.clone() else {
        let mut failure = failure("the token has no iss claim: nothing to verify against");
        failure.inspection = Some(Box::new(inspection));
        return Err(failure);
    };
    let profile = profiles.iter().find(|p| p.matches_issuer(&iss));
    let target = match (profile, &options.jwks) {
        (Some(profile), Some(jwks)) => VerifyTarget {
            expected: Expected { issuer: profile.issuer(), audience: profile.audience.clone() },
            jwks: jwks.clone(),
        },
        (Some(profile), None) => {
            target_for_profile(http, profile).await.map_err(|e| keys_failure(&e, &inspection))?
        }
        (None, Some(jwks)) => VerifyTarget {
            expected: Expected { issuer: iss.clone(), audience: default_audience(&iss) },
            jwks: jwks.clone(),
        },
        (None, None) => {
            target_for_issuer(http, &iss, None).await.map_err(|e| keys_failure(&e, &inspection))?
        }
    };
    let mut target = target;
    if let Some(audience) = &options.audience {
        target.expected.audience = audience.clone();
    }
    let verification = verify_with_target(http, &inspection.jwt, &target, now).await;
    if let Some(problem) = verification.first_problem() {
        return Err(VerifyFailure {
            reason: problem,
            verification: Some(verification),
            inspection: Some(Box::new(inspection)),
            network: false,
        });
    }
    Ok(VerifiedReport {
        inspection,
        verification,
        expected: target.expected,
        profile: profile.map(|p| p.name.clone()),
    })
}

/// `decode --verify --key/--secret`: offline, against the given key. Issuer and audience are
/// checked as with `--jwks` (the profile's, else the token's `iss` and `<iss>api/v2/`); a token
/// without `iss` has only its signature and times checked.
pub fn verify_with_key(
    pasted: &str,
    profiles: &[Profile],
    verifier: &super::keys::verifying::Verifier,
    now: i64,
) -> Result<VerifiedReport, VerifyFailure> {
    use crate::domain::verify::{Finding, check_claims};
    let inspection = Inspection::from_pasted(pasted).map_err(|e| failure(format!("not a token: {e}")))?;
    let iss = inspection.claims.iss.clone();
    let profile = iss.as_deref().and_then(|iss| profiles.iter().find(|p| p.matches_issuer(iss)));
    let expected = match (profile, &iss) {
        (Some(profile), _) => Expected { issuer: profile.issuer(), audience: profile.audience.clone() },
        (None, Some(iss)) => Expected { issuer: iss.clone(), audience: default_audience(iss) },
        (None, None) => Expected { issuer: String::new(), audience: String::new() },
    };
    let mut findings = check_claims(&inspection.jwt, &expected, now);
    if iss.is_none() {
        findings.retain(|f| !matches!(f, Finding::IssuerMismatch { .. } | Finding::AudienceMismatch { .. }));
    }
    let verification = Verification { signature: verifier.verify(&inspection.jwt), findings };
    if let Some(problem) = verification.first_problem() {
        return Err(VerifyFailure {
            reason: problem,
            verification: Some(verification),
            inspection: Some(Box::new(inspection)),
            network: false,
        });
    }
    let expected = if iss.is_none() {
        Expected { issuer: "(none: the token has no iss)".into(), audience: "(not checked)".into() }
    } else {
        expected
    };
    Ok(VerifiedReport { inspection, verification, expected, profile: profile.map(|p| p.name.clone()) })
}

fn default_audience(iss: &str) -> String {
    format!("{}/api/v2/", iss.trim_end_matches('/'))
}
