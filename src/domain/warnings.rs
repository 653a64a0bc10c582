//! Warnings that carry the facts of Auth0's "Management APIv2 Token" page to the person
//! holding a token: what it can do, for how long, and what cannot be undone.

use super::claims::Claims;
use super::expiry::{DEFAULT_LIFETIME_SECS, format_duration, is_plausible_time};
use super::token::DecodedJwt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WarningKind {
    LongLifetime,
    NoExpiry,
    WeakAlgorithm,
    NotManagementAudience,
    /// Not a defect: the exposure window every Management API token has.
    CannotRevoke,
    /// `exp`, `iat` or `nbf` outside the years 0001–9999: shown as a number, never as a date.
    ImplausibleTime,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub kind: WarningKind,
    pub text: String,
}

/// True when an audience is the Management API's (`https://{domain}/api/v2/`).
pub fn is_management_audience(aud: &str) -> bool {
    aud.trim_end_matches('/').ends_with("/api/v2")
}

pub fn warnings_for(jwt: &DecodedJwt, claims: &Claims) -> Vec<Warning> {
    let mut warnings = Vec::new();
    // In i128: `exp − iat` of two extreme i64 values does not fit in an i64.
    if let (Some(iat), Some(exp)) = (claims.iat, claims.exp)
        && i128::from(exp) - i128::from(iat) > i128::from(DEFAULT_LIFETIME_SECS)
    {
        let lifetime =
            exp.checked_sub(iat).map_or_else(|| "of more than 292 billion years".to_owned(), format_duration);
        warnings.push(Warning {
            kind: WarningKind::LongLifetime,
            text: format!(
                "Lifetime {lifetime} is above Auth0's 24h default: longer-lived tokens are less secure."
            ),
        });
    }
    for (name, time) in [("exp", claims.exp), ("iat", claims.iat), ("nbf", claims.nbf)] {
        if time.is_some_and(|t| !is_plausible_time(t)) {
            warnings.push(Warning {
                kind: WarningKind::ImplausibleTime,
                text: format!("`{name}` is not a plausible time (outside the years 0001–9999)."),
            });
        }
    }
    if claims.exp.is_none() {
        warnings.push(Warning {
            kind: WarningKind::NoExpiry,
            text: "No exp claim: this token never expires (the old Management API token style). \
                   Auth0 now issues tokens that expire after 24h by default."
                .to_owned(),
        });
    }
    match jwt.alg() {
        Some(alg) if alg.eq_ignore_ascii_case("none") => warnings.push(Warning {
            kind: WarningKind::WeakAlgorithm,
            text: "alg is \"none\": the token is unsigned and proves nothing.".to_owned(),
        }),
        Some(alg) if alg.to_ascii_uppercase().starts_with("HS") => warnings.push(Warning {
            kind: WarningKind::WeakAlgorithm,
            text: format!(
                "alg is {alg}: a shared-secret signature (the old Management API token style, \
                 signed with the global client secret). Auth0 now signs with RS256."
            ),
        }),
        None => warnings
            .push(Warning { kind: WarningKind::WeakAlgorithm, text: "The header has no alg.".to_owned() }),
        Some(_) => {}
    }
    let management = claims.aud.iter().any(|aud| is_management_audience(aud));
    if !management {
        let shown = if claims.aud.is_empty() { "none".to_owned() } else { claims.aud.join(", ") };
        warnings.push(Warning {
            kind: WarningKind::NotManagementAudience,
            text: format!(
                "Audience ({shown}) is not a Management API audience (https://{{domain}}/api/v2/): \
                 the Management API will reject this token."
            ),
        });
    } else {
        let until = match claims.exp {
            Some(_) => "until it expires",
            None => "forever",
        };
        warnings.push(Warning {
            kind: WarningKind::CannotRevoke,
            text: format!(
                "Cannot be revoked: this token stays usable {until}, even if the client secret is \
                 rotated. Deleting the client grant only stops new tokens."
            ),
        });
    }
    warnings
}
