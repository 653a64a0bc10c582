//! `tokex drift [TOKEN|-] [--json]`: compares a token with its client's grant as the tenant has
//! it now. Asks the token's own tenant, with a token of a configured profile of that tenant
//! (which needs `read:client_grants`; `read:clients` adds whether the client still exists).
//! Exit 0: no drift; 9: drift; not checked: the common table's code for the cause.

use super::exit;
use super::output::{self, json_text, paint, safe};
use super::token_input::read_token;
use super::token_source::obtain_token;
use super::{ProfileArgs, profiles};
use crate::config::DriftQuestion;
use crate::config::Profile;
use crate::domain::Inspection;
use crate::domain::grant_drift::{DriftReport, DriftUnknown, TenantAnswer};
use crate::net::Http;
use crate::net::grant_drift;
use crate::palette::Role;
use clap::Args;
use serde_json::{Value, json};
use std::ffi::OsString;
use std::io::{self, Write};

#[derive(Debug, Args)]
pub struct DriftArgs {
    /// The token, `-` or nothing for stdin, or `@FILE`.
    pub token: Option<OsString>,
    /// Print one JSON object (`drift`, `still_usable`, `fetch_to_get`, `grant_deleted`, …).
    #[arg(long)]
    pub json: bool,
}

pub async fn drift_command(http: &Http, profile_args: &ProfileArgs, args: &DriftArgs, now: i64) -> u8 {
    let input = match read_token(args.token.as_deref(), &mut io::stdin()) {
        Ok(input) => input,
        Err(error) => {
            output::error_line(&error.to_string());
            return exit::BAD_INPUT;
        }
    };
    let inspection = match Inspection::from_pasted(&input) {
        Ok(inspection) => inspection,
        Err(error) => {
            output::error_line(&format!("not a token: {error}"));
            return exit::BAD_INPUT;
        }
    };
    let config = profiles::load_config(profile_args, false);
    let active = config.active.as_ref().and_then(|name| config.profiles.iter().find(|p| &p.name == name));
    let outcome = ask_tenant(http, &config.profiles, active, &inspection, now).await;
    let mut out = io::stdout().lock();
    let (text, code) = match outcome {
        Ok(answer) => {
            let report = DriftReport::assess(&inspection.claims.scopes, &answer, inspection.claims.exp, now);
            let code = if report.has_drift() { exit::DIFFERENT } else { exit::OK };
            let text = if args.json {
                json_text(&report.to_json(), false)
            } else {
                let colour = output::stdout_colour();
                let style = if report.has_drift() { Role::Warning } else { Role::Info };
                let mut lines: Vec<String> =
                    report.lines().iter().map(|l| paint(style, &safe(l), colour)).collect();
                let named = report.still_usable.iter().chain(&report.fetch_to_get).map(String::as_str);
                lines.extend(super::scope_words::unused_lines(named, "  "));
                lines.join("\n")
            };
            (text, code)
        }
        Err(unknown) => {
            // An error line on stderr; with --json also the object on stdout.
            output::error_line(&format!("drift not checked: {unknown}"));
            let code = exit::for_drift_unknown(&unknown);
            if !args.json {
                return code;
            }
            (json_text(&json!({ "drift": Value::Null, "unknown": unknown.to_string() }), false), code)
        }
    };
    if writeln!(out, "{text}").is_err() {
        return exit::FAILURE;
    }
    code
}

/// The grant of the token's client for the token's audience, and whether the client exists,
/// asked with a token of the issuing tenant's profile (from the token cache when it has one).
async fn ask_tenant(
    http: &Http,
    profiles: &[Profile],
    active: Option<&Profile>,
    inspection: &Inspection,
    now: i64,
) -> Result<TenantAnswer, DriftUnknown> {
    let question = DriftQuestion::for_token(inspection, profiles, active)?;
    let obtain = |profile: Profile| async move {
        obtain_token(http, &profile, true, now).await.map(|obtained| Some(obtained.response.access_token))
    };
    grant_drift::ask_tenant(http, &question, None, obtain).await
}
