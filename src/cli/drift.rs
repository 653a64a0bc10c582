//! `tokex drift [TOKEN|-] [--json]`: compares a token with its client's grant as the tenant has
//! it now. Asks the token's own tenant, with a token of a configured profile of that tenant
//! (which needs `read:client_grants`; `read:clients` adds whether the client still exists).
//! Exit 0: no drift; 1: drift; 2: bad input; 3: drift could not be checked.

use super::decode::read_token_arg;
use super::output::{self, json_text, paint, safe};
use super::token_source::obtain_token;
use super::{ProfileArgs, profiles};
use crate::config::{Profile, profile_for_issuer};
use crate::domain::Inspection;
use crate::domain::catalog::percent_encode;
use crate::domain::grant_drift::{DriftReport, DriftUnknown, TenantAnswer};
use crate::net::{Http, call_api};
use crate::ui::theme;
use clap::Args;
use serde_json::{Value, json};
use std::ffi::OsString;
use std::io::{self, Write};

pub const NO_DRIFT: u8 = 0;
pub const DRIFT: u8 = 1;
pub const BAD_INPUT: u8 = 2;
pub const UNCHECKED: u8 = 3;

#[derive(Debug, Args)]
pub struct DriftArgs {
    /// The token; `-` or nothing reads stdin.
    pub token: Option<OsString>,
    /// Print one JSON object (`drift`, `still_usable`, `fetch_to_get`, `grant_deleted`, …).
    #[arg(long)]
    pub json: bool,
}

pub async fn drift_command(http: &Http, profile_args: &ProfileArgs, args: &DriftArgs, now: i64) -> u8 {
    let input = match read_token_arg(args.token.as_deref(), &mut io::stdin()) {
        Ok(input) => input,
        Err(error) => {
            output::error_line(&error.to_string());
            return BAD_INPUT;
        }
    };
    let inspection = match Inspection::from_pasted(&input) {
        Ok(inspection) => inspection,
        Err(error) => {
            output::error_line(&format!("not a token: {error}"));
            return BAD_INPUT;
        }
    };
    let config = profiles::load_config(profile_args, false);
    let active = config.active.as_ref().and_then(|name| config.profiles.iter().find(|p| &p.name == name));
    let outcome = ask_tenant(http, &config.profiles, active, &inspection, now).await;
    let mut out = io::stdout().lock();
    let (text, code) = match outcome {
        Ok(answer) => {
            let report = DriftReport::assess(&inspection.claims.scopes, &answer, inspection.claims.exp, now);
            let code = if report.has_drift() { DRIFT } else { NO_DRIFT };
            let text = if args.json {
                json_text(&report.to_json(), false)
            } else {
                let colour = output::stdout_colour();
                let style = if report.has_drift() { theme::warning() } else { theme::info() };
                report.lines().iter().map(|l| paint(style, &safe(l), colour)).collect::<Vec<_>>().join("\n")
            };
            (text, code)
        }
        Err(unknown) => {
            let text = if args.json {
                json_text(&json!({ "drift": Value::Null, "unknown": unknown.to_string() }), false)
            } else {
                format!("drift not checked: {}", safe(&unknown.to_string()))
            };
            (text, UNCHECKED)
        }
    };
    if writeln!(out, "{text}").is_err() {
        return UNCHECKED;
    }
    code
}

/// The grant of the token's client for the token's audience, and whether the client exists.
async fn ask_tenant(
    http: &Http,
    profiles: &[Profile],
    active: Option<&Profile>,
    inspection: &Inspection,
    now: i64,
) -> Result<TenantAnswer, DriftUnknown> {
    let claims = &inspection.claims;
    let (Some(client_id), Some(iss)) = (claims.azp.as_deref(), claims.iss.as_deref()) else {
        return Err(DriftUnknown::NoClientOrAudience);
    };
    let profile = profile_for_issuer(profiles, active, iss)
        .ok_or_else(|| DriftUnknown::NoProfile { tenant: iss.to_owned() })?;
    let audience = claims
        .aud
        .iter()
        .find(|aud| **aud == profile.audience)
        .or_else(|| claims.aud.first())
        .ok_or(DriftUnknown::NoClientOrAudience)?;
    let asking = obtain_token(http, profile, true, now)
        .await
        .map_err(|e| DriftUnknown::Unreachable { reason: e.to_string() })?;
    let token = asking.response.access_token;
    let has_scope = Inspection::from_compact(&token).is_ok_and(|i| i.claims.has_scope("read:client_grants"));
    if !has_scope {
        return Err(DriftUnknown::NoGrantScope { profile: profile.name.clone() });
    }
    let path = format!(
        "/client-grants?client_id={}&audience={}",
        percent_encode(client_id),
        percent_encode(audience)
    );
    let grants = call_api(http, &profile.domain, "GET", &path, &token, None)
        .await
        .map_err(|e| DriftUnknown::Unreachable { reason: e.to_string() })?;
    if !grants.is_success() {
        return Err(DriftUnknown::Unreachable {
            reason: format!("GET /client-grants answered {}", grants.status),
        });
    }
    let list = grants.json().unwrap_or(Value::Null);
    let items = list.as_array().or_else(|| list["client_grants"].as_array()).cloned().unwrap_or_default();
    let grant = items.iter().find(|g| g["client_id"] == client_id && g["audience"] == audience.as_str());

    let client = call_api(
        http,
        &profile.domain,
        "GET",
        &format!("/clients/{}", percent_encode(client_id)),
        &token,
        None,
    )
    .await
    .ok();
    let client_exists = match client.map(|c| c.status) {
        Some(200..=299) => Some(true),
        Some(404) => Some(false),
        _ => None,
    };
    Ok(match grant {
        Some(grant) => TenantAnswer::Grant {
            grant_id: grant["id"].as_str().unwrap_or_default().to_owned(),
            scopes: grant["scope"]
                .as_array()
                .map(|s| s.iter().filter_map(Value::as_str).map(str::to_owned).collect())
                .unwrap_or_default(),
            client_exists,
        },
        None => TenantAnswer::GrantDeleted { client_exists },
    })
}
