//! Getting a JWKS (URL with a 10-minute cache, or a file) and verifying a token with it.
//! tokex contacts a token's issuer only when it is a configured profile or when asked
//! explicitly; otherwise the state is the neutral `not_verified`.

use super::discovery::{DiscoveryError, ExplicitEndpoints, endpoints, endpoints_with};
use super::http::Http;
use super::size::JWKS_BODY_LIMIT;
use super::transport::{TransportError, excerpt};
use crate::config::{DomainError, Profile, check_url, has_scheme, normalize_domain};
use crate::domain::DecodedJwt;
use crate::domain::verify::{Expected, SignatureState, Verification, check_claims, verify_signature};
use jsonwebtoken::jwk::JwkSet;
use std::path::PathBuf;
use std::sync::Arc;

/// Where keys come from: `--jwks FILE|URL`, or the issuer's `jwks_uri`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JwksSource {
    Url(String),
    File(PathBuf),
}

impl JwksSource {
    /// Anything that names a scheme (`https://…`, also `HTTP://…` or `http:/…`) is a URL, checked
    /// when it is fetched; anything else a file path.
    pub fn parse(argument: &str) -> Self {
        if has_scheme(argument) && !is_windows_drive(argument) {
            JwksSource::Url(argument.to_owned())
        } else {
            JwksSource::File(PathBuf::from(argument))
        }
    }
}

/// `C:\\keys.json` is a path, not a URL with scheme `c`.
fn is_windows_drive(argument: &str) -> bool {
    let bytes = argument.trim().as_bytes();
    bytes.len() >= 3 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' && bytes[2] == b'\\'
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JwksError {
    #[error(transparent)]
    Transport(#[from] TransportError),
    #[error(transparent)]
    Discovery(DiscoveryError),
    #[error("the issuer publishes no JWKS at {url} (HTTP {status})")]
    Status { url: String, status: u16 },
    #[error("{source_name} is not a JWKS: {detail}")]
    NotJwks { source_name: String, detail: String },
    #[error("{source_name} holds no keys")]
    Empty { source_name: String },
    #[error("cannot read {path}: {detail}")]
    Read { path: String, detail: String },
    #[error("JWKS URL refused: {0}")]
    InsecureUrl(#[from] DomainError),
    #[error("the issuer's discovery document names no jwks_uri")]
    NotPublished,
}

impl From<DiscoveryError> for JwksError {
    fn from(error: DiscoveryError) -> Self {
        match error {
            DiscoveryError::Transport(error) => JwksError::Transport(error),
            other => JwksError::Discovery(other),
        }
    }
}

/// Fetches a JWKS by URL (checked first, and fetched in the spelling that was checked), or
/// returns the cached one (unless `refresh`).
pub async fn jwks_from_url(http: &Http, url: &str, refresh: bool) -> Result<Arc<JwkSet>, JwksError> {
    let checked = String::from(check_url(url)?);
    let url = checked.as_str();
    if !refresh && let Some(cached) = http.jwks.get(url) {
        return Ok(cached);
    }
    let (status, body) = http.get_json(url, JWKS_BODY_LIMIT).await?;
    let status = status.as_u16();
    if !(200..300).contains(&status) {
        return Err(JwksError::Status { url: url.to_owned(), status });
    }
    let set = Arc::new(parse_jwks(&body, url)?);
    http.jwks.put(url, set.clone());
    Ok(set)
}

/// Loads a JWKS from a file or URL (for `decode --verify --jwks`).
pub async fn load_jwks(http: &Http, source: &JwksSource, refresh: bool) -> Result<Arc<JwkSet>, JwksError> {
    match source {
        JwksSource::Url(url) => jwks_from_url(http, url, refresh).await,
        JwksSource::File(path) => {
            let name = path.display().to_string();
            // A small local file, read like any file the user names (a FIFO or a device is
            // refused, the size bounded like a fetched JWKS); synchronously, which costs less
            // than tokio's fs feature.
            let (bytes, _) = crate::safe_file::read_user_file(path, JWKS_BODY_LIMIT)
                .map_err(|e| JwksError::Read { path: name.clone(), detail: e.to_string() })?;
            Ok(Arc::new(parse_jwks(&bytes, &name)?))
        }
    }
}

fn parse_jwks(body: &[u8], source_name: &str) -> Result<JwkSet, JwksError> {
    let set: JwkSet = serde_json::from_slice(body).map_err(|e| JwksError::NotJwks {
        source_name: source_name.to_owned(),
        detail: format!("{e} — {}", excerpt(body)),
    })?;
    if set.keys.is_empty() {
        return Err(JwksError::Empty { source_name: source_name.to_owned() });
    }
    Ok(set)
}

/// What a token is checked against: issuer and audience, and where its keys are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyTarget {
    pub expected: Expected,
    pub jwks: JwksSource,
}

/// A profile's target: issuer and `jwks_uri` from discovery (or Auth0's fallback paths),
/// audience from the profile.
pub async fn target_for_profile(http: &Http, profile: &Profile) -> Result<VerifyTarget, JwksError> {
    let explicit = ExplicitEndpoints {
        token_endpoint: profile.token_endpoint.as_deref(),
        jwks_uri: profile.jwks_uri.as_deref(),
    };
    let found = endpoints_with(http, &profile.domain, explicit).await?;
    let jwks_uri = found.jwks_uri.ok_or(JwksError::NotPublished)?;
    Ok(VerifyTarget {
        expected: Expected { issuer: found.issuer, audience: profile.audience.clone() },
        jwks: JwksSource::Url(jwks_uri),
    })
}

/// Verifies against a target: JWKS from the cache, refetched once when the token's `kid` is
/// not in it (the tenant may have rotated its key).
pub async fn verify_with_target(
    http: &Http,
    jwt: &DecodedJwt,
    target: &VerifyTarget,
    now: i64,
) -> Verification {
    let findings = check_claims(jwt, &target.expected, now);
    let signature = match load_jwks(http, &target.jwks, false).await {
        Err(error) => SignatureState::NoJwks { reason: error.to_string() },
        Ok(set) => match verify_signature(jwt, &set) {
            SignatureState::UnknownKey { .. } if matches!(target.jwks, JwksSource::Url(_)) => {
                tracing::debug!(jwks = ?target.jwks, "unknown kid: refetching the JWKS once (retry)");
                match load_jwks(http, &target.jwks, true).await {
                    Ok(fresh) => verify_signature(jwt, &fresh),
                    Err(error) => SignatureState::NoJwks { reason: error.to_string() },
                }
            }
            state => state,
        },
    };
    Verification { signature, findings }
}

/// The TUI's verification: against the profile whose tenant issued the token, or the neutral
/// `not_verified` without contacting anything when no profile matches.
pub async fn verify_for_profiles(
    http: &Http,
    jwt: &DecodedJwt,
    profiles: &[Profile],
    now: i64,
) -> Verification {
    let iss = jwt.payload.get("iss").and_then(|v| v.as_str());
    let Some(profile) = iss.and_then(|iss| profiles.iter().find(|p| p.matches_issuer(iss))) else {
        return Verification { signature: SignatureState::NotVerified, findings: Vec::new() };
    };
    verify_for_profile(http, jwt, profile, now).await
}

pub async fn verify_for_profile(http: &Http, jwt: &DecodedJwt, profile: &Profile, now: i64) -> Verification {
    match target_for_profile(http, profile).await {
        Ok(target) => verify_with_target(http, jwt, &target, now).await,
        Err(error) => {
            // Without discovery the claims can still be checked against the profile.
            let expected = Expected { issuer: profile.issuer(), audience: profile.audience.clone() };
            Verification {
                signature: SignatureState::NoJwks { reason: error.to_string() },
                findings: check_claims(jwt, &expected, now),
            }
        }
    }
}

/// An explicit request (`v` on an unconfigured issuer, `decode --verify`): the token's own
/// `iss` is contacted (https, or http on loopback only), with the Management API audience.
pub async fn target_for_issuer(
    http: &Http,
    iss: &str,
    audience: Option<&str>,
) -> Result<VerifyTarget, JwksError> {
    let domain = normalize_domain(iss)?;
    let found = endpoints(http, &domain).await?;
    let jwks_uri = found.jwks_uri.ok_or(JwksError::NotPublished)?;
    Ok(VerifyTarget {
        expected: Expected {
            issuer: iss.to_owned(),
            audience: audience.map_or_else(|| crate::config::management_audience(&domain), str::to_owned),
        },
        jwks: JwksSource::Url(jwks_uri),
    })
}
