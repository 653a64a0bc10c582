//! `tokex exposure CLIENT_ID|TOKEN|-|@FILE [--json] [--since DATE]` and `tokex exposure --all`:
//! how many of a client's Management API tokens are still live, where they went, what they
//! did, and when the last one dies, read from the tenant's log (docs/auth0.md#log-events).
//! Exit 0: no live token; 10: live tokens, or the log cannot rule them out; otherwise the
//! common table's code for why it could not tell.

use super::exit;
use super::output::{self, json_text, paint};
use super::token_input::read_token;
use super::token_source::obtain_token;
use super::{ProfileArgs, profiles};
use crate::config::{Config, ExposureQuestion};
use crate::domain::Inspection;
use crate::domain::exposure::{
    DEFAULT_MAX_PAGES, ExposureUnknown, LOG_SCOPE, MAX_PAGES, Ranking, Story, StoryLine, TimeFormat,
    check_client_id, story_lines,
};
use crate::domain::issuing_tenant::{TenantVerdict, TokenTenants};
use crate::net::{FetchError, Http};
use crate::palette::Role;
use clap::Args;
use std::ffi::OsString;
use std::io::{self, Write};

#[derive(Debug, Args)]
pub struct ExposureArgs {
    /// A client id, a token of the client (its `azp` and tenant), `-` for stdin or `@FILE`.
    #[arg(value_name = "CLIENT_ID|TOKEN|-|@FILE", required_unless_present = "all", conflicts_with = "all")]
    pub target: Option<OsString>,
    /// Every client with a grant for the Management API, riskiest first (live tokens ×
    /// privileged scopes).
    #[arg(long)]
    pub all: bool,
    /// Print one JSON object (`live_tokens`, `all_clear_at`, `ips`, `knocking`, `activity`,
    /// `remedies`, `unknown`, `requests`, …).
    #[arg(long)]
    pub json: bool,
    /// Read the log from DATE (`2026-12-01` or `2026-12-01T10:00:00Z`) instead of from the
    /// oldest token that could still live.
    #[arg(long, value_name = "DATE", value_parser = parse_since)]
    pub since: Option<i64>,
    /// Stop the log search after N pages of 100 events (1 to 1000); the answer then says from
    /// when on it is complete.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_PAGES,
          value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_PAGES)))]
    pub max_pages: u32,
}

/// `--since`: a day (its start, UTC) or an RFC 3339 instant, not in the future.
fn parse_since(text: &str) -> Result<i64, String> {
    let at = match chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        Ok(day) => day.and_hms_opt(0, 0, 0).map(|t| t.and_utc().timestamp()),
        Err(_) => chrono::DateTime::parse_from_rfc3339(text).ok().map(|t| t.timestamp()),
    }
    .ok_or_else(|| "expected a date (2026-12-01) or an instant (2026-12-01T10:00:00Z)".to_owned())?;
    if at > chrono::Utc::now().timestamp() {
        return Err("the date is in the future".to_owned());
    }
    Ok(at)
}

/// Shorter arguments are not taken for a client id.
const MIN_CLIENT_ID_CHARS: usize = 16;

/// What the argument names.
enum Target {
    Token(Box<Inspection>),
    Client(String),
}

fn target_of(args: &ExposureArgs) -> Result<Option<Target>, String> {
    let Some(arg) = args.target.as_deref() else { return Ok(None) };
    let text = read_token(Some(arg), &mut io::stdin()).map_err(|e| e.to_string())?;
    let text = text.trim();
    if let Ok(inspection) = Inspection::from_pasted(text) {
        return Ok(Some(Target::Token(Box::new(inspection))));
    }
    check_client_id(text).map_err(|e| format!("not a token: {e}"))?;
    // A short word is more likely a mistyped token than a client (Auth0's ids have 32 characters).
    if text.len() < MIN_CLIENT_ID_CHARS {
        return Err(format!(
            "not a token, and `{}` is too short for a client id (Auth0's have 32 characters)",
            crate::domain::sanitize::escape_control(text)
        ));
    }
    Ok(Some(Target::Client(text.to_owned())))
}

pub async fn exposure_command(http: &Http, profile_args: &ProfileArgs, args: &ExposureArgs, now: i64) -> u8 {
    let target = match target_of(args) {
        Ok(target) => target,
        Err(error) => return fail(args.json, &error, exit::BAD_INPUT),
    };
    let config = profiles::load_config(profile_args, false);
    let outcome = ask(http, &config, target.as_ref(), args, now).await;
    let (question, data) = match outcome {
        Ok(answer) => answer,
        Err(unknown) => {
            let code = exit::for_exposure_unknown(&unknown);
            return fail(args.json, &format!("exposure not read: {unknown}"), code);
        }
    };
    let time = TimeFormat { offset: *chrono::Local::now().offset(), now };
    let (text, live) = if args.all {
        let ranking = Ranking::rank(&data, now);
        let text = if args.json {
            json_text(&ranking.to_json(), false)
        } else {
            super::exposure_text::ranking(&ranking, &time)
        };
        (text, ranking.any_live())
    } else {
        let client = question.query.client_id().unwrap_or_default().to_owned();
        let story = Story::tell(&data, &client, now);
        let text =
            if args.json { json_text(&story.to_json(), false) } else { painted(&story_lines(&story, &time)) };
        (text, !story.is_clear())
    };
    if !args.json {
        output::note_line(&format!(
            "read {} events in {} requests{}",
            data.cost.events_read,
            data.cost.requests,
            if data.cost.rate_limited > 0 {
                format!(" ({} rate-limited and retried)", data.cost.rate_limited)
            } else {
                String::new()
            }
        ));
    }
    if writeln!(io::stdout().lock(), "{text}").is_err() {
        return exit::FAILURE;
    }
    if live { exit::LIVE_TOKENS } else { exit::OK }
}

/// The error line on stderr; with `--json` also `{"error": …}` on stdout, as scripts parse it.
fn fail(json: bool, message: &str, code: u8) -> u8 {
    output::error_line(message);
    if json {
        let object = serde_json::json!({ "error": message, "live_tokens": serde_json::Value::Null });
        let _ = writeln!(io::stdout().lock(), "{}", json_text(&object, false));
    }
    code
}

/// The question and the tenant's answer, asked with the given token when it may read the log,
/// else with a token of the tenant's profile (from the cache, or fetched).
async fn ask(
    http: &Http,
    config: &Config,
    target: Option<&Target>,
    args: &ExposureArgs,
    now: i64,
) -> Result<(ExposureQuestion, crate::domain::exposure::ExposureData), ExposureUnknown> {
    let active = config.active_profile();
    let no_profile = || ExposureUnknown::NoProfile { tenant: "the active tenant".to_owned() };
    let (mut question, given) = match target {
        Some(Target::Token(token)) => {
            let question = ExposureQuestion::for_token(token, &config.profiles, active)?;
            // The given token asks by itself when it may read the log of its own tenant.
            let may_ask = token.claims.has_scope(LOG_SCOPE)
                && token.claims.exp.is_some_and(|exp| exp > now)
                && TokenTenants::of(token).verdict(question.tenant()) == TenantVerdict::Same;
            (question, may_ask.then(|| token.jwt.raw.clone()))
        }
        Some(Target::Client(id)) => {
            (ExposureQuestion::for_client(id, active.ok_or_else(no_profile)?, &config.profiles)?, None)
        }
        None => (ExposureQuestion::all(active.ok_or_else(no_profile)?, &config.profiles), None),
    };
    question.query.since = args.since;
    question.query.max_pages = args.max_pages;
    let token = match given {
        Some(token) => token,
        None => asking_token(http, &question, now).await?,
    };
    let data = crate::net::exposure::gather(http, &question.query, &token, now).await?;
    Ok((question, data))
}

/// A token of the question's profiles that may read the log (cached, or fetched).
async fn asking_token(http: &Http, question: &ExposureQuestion, now: i64) -> Result<String, ExposureUnknown> {
    if question.profiles.is_empty() {
        return Err(ExposureUnknown::NoProfile { tenant: question.tenant().to_owned() });
    }
    let mut failure = None;
    for profile in &question.profiles {
        match obtain_token(http, profile, true, now).await {
            Ok(obtained) => {
                let token = obtained.response.access_token;
                if Inspection::from_compact(&token).is_ok_and(|i| i.claims.has_scope(LOG_SCOPE)) {
                    return Ok(token);
                }
            }
            Err(error) => {
                // As `tokex fetch` would exit: a refused secret is not a network failure.
                let (status, transport) = match &error {
                    FetchError::Rejected { status, .. } | FetchError::Status { status, .. } => {
                        (Some(*status), false)
                    }
                    FetchError::Transport(_) => (None, true),
                    _ => (None, false),
                };
                let reason = error.to_string();
                failure = Some(ExposureUnknown::TokenFetch {
                    profile: profile.name.clone(),
                    reason,
                    status,
                    transport,
                });
            }
        }
    }
    Err(failure.unwrap_or_else(|| ExposureUnknown::NoLogScope { profiles: question.profile_names() }))
}

/// The story's lines, coloured by what they are when stdout takes colour.
fn painted(lines: &[StoryLine]) -> String {
    let colour = output::stdout_colour();
    lines.iter().map(|line| paint(Role::from(line.kind), &line.text, colour)).collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
    use super::parse_since;

    #[test]
    fn since_takes_a_day_or_an_instant_in_the_past() {
        assert_eq!(parse_since("2025-06-30"), Ok(1_751_241_600));
        assert_eq!(parse_since("2025-06-30T10:00:00Z"), Ok(1_751_277_600));
        assert_eq!(parse_since("2025-06-30T12:00:00+02:00"), Ok(1_751_277_600));
        for bad in ["yesterday", "2025-13-01", "", "2999-01-01"] {
            assert!(parse_since(bad).is_err(), "{bad}");
        }
    }
}
