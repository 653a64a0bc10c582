//! The story in words, the same for the command line and the Exposure pane: typed lines whose
//! text is already escaped for a terminal (everything from the log is someone's input).

use super::changes::ChangeKind;
use super::remedy::{Remedy, RemedyAction};
use super::story::{Activity, GrantNow, IssuedToken, LifetimeSource, Source, Story};
use super::unknown::Unknown;
use crate::domain::catalog::privileged_scopes;
use crate::domain::expiry::format_duration;
use crate::domain::sanitize::escape_control;
use chrono::{DateTime, FixedOffset, Utc};

/// What a line is, for its colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Heading,
    /// Something that needs acting on: live tokens, knocks, secrets read.
    Alert,
    Warning,
    /// All clear.
    Good,
    Plain,
    Dim,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryLine {
    pub kind: LineKind,
    /// Escaped.
    pub text: String,
}

fn line(kind: LineKind, text: impl Into<String>) -> StoryLine {
    StoryLine { kind, text: text.into() }
}

/// How times are written: in a zone, and relative to now where that reads better.
#[derive(Debug, Clone, Copy)]
pub struct TimeFormat {
    pub offset: FixedOffset,
    pub now: i64,
}

impl TimeFormat {
    fn local(&self, at: i64) -> Option<DateTime<FixedOffset>> {
        DateTime::<Utc>::from_timestamp(at, 0).map(|t| t.with_timezone(&self.offset))
    }

    /// `today 18:39:02`, `tomorrow 09:00:00`, `yesterday …`, else `2026-12-01 18:39:02`.
    pub fn short(&self, at: i64) -> String {
        let (Some(then), Some(now)) = (self.local(at), self.local(self.now)) else { return at.to_string() };
        let days = (then.date_naive() - now.date_naive()).num_days();
        let clock = then.format("%H:%M:%S");
        match days {
            0 => format!("today {clock}"),
            1 => format!("tomorrow {clock}"),
            -1 => format!("yesterday {clock}"),
            _ => then.format("%Y-%m-%d %H:%M:%S").to_string(),
        }
    }

    /// `2026-12-02 18:39:02 +01:00`.
    pub fn full(&self, at: i64) -> String {
        self.local(at).map_or_else(|| at.to_string(), |t| t.format("%Y-%m-%d %H:%M:%S %:z").to_string())
    }

    /// `in 23h 59m 12s`, `3m 2s ago`, `now`.
    pub fn relative(&self, at: i64) -> String {
        crate::domain::expiry::relative(at, self.now)
    }
}

fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

fn safe(text: &str) -> String {
    escape_control(text).into_owned()
}

/// `3 live tokens stay valid until tomorrow 18:39:02 (in 23h 5m 2s)`, or that none is live.
pub fn live_until(story: &Story, time: &TimeFormat) -> String {
    match story.all_clear_at() {
        Some(at) => format!(
            "the {} valid until {} ({})",
            plural(story.live.len(), "live token stays", "live tokens stay"),
            time.short(at),
            time.relative(at)
        ),
        None => "no token of the client is live now".to_owned(),
    }
}

/// The headline: how many are live and when the last dies.
pub fn headline(story: &Story, time: &TimeFormat) -> StoryLine {
    match story.all_clear_at() {
        Some(at) => line(
            LineKind::Alert,
            format!(
                "{} · all clear at {} ({})",
                plural(story.live.len(), "live token", "live tokens"),
                time.full(at),
                time.relative(at)
            ),
        ),
        None if story.complete_from.is_some() => line(
            LineKind::Warning,
            "no live token in the log read, but the log does not cover the whole window (see what is unknown)",
        ),
        None => {
            let last = story.tokens.iter().map(|t| t.exp).max();
            let since = last.map(|at| format!(" since {}", time.short(at))).unwrap_or_default();
            line(LineKind::Good, format!("no live token · all clear{since}"))
        }
    }
}

pub fn story_lines(story: &Story, time: &TimeFormat) -> Vec<StoryLine> {
    let mut lines = vec![
        line(
            LineKind::Heading,
            format!(
                "{} ({}) · tokens for {} · tenant {}",
                safe(story.client_label()),
                safe(&story.client_id),
                safe(&story.audience),
                safe(&story.tenant)
            ),
        ),
        headline(story, time),
    ];
    lines.extend(live_lines(story, time));
    lines.push(line(LineKind::Heading, "Where from"));
    lines.extend(where_lines(story, time));
    lines.push(line(LineKind::Heading, "Knocking (failed exchanges: someone holds an old or wrong secret)"));
    lines.extend(knock_lines(story, time));
    lines
        .push(line(LineKind::Heading, format!("What they did (since {})", time.short(story.activity_since))));
    lines.extend(activity_lines(story, time));
    lines.push(line(LineKind::Heading, "What each remedy does (none revokes a token)"));
    for remedy in &story.remedies {
        let text = remedy_text(remedy, story, time);
        let kind = if remedy.blocked.is_some() { LineKind::Dim } else { LineKind::Plain };
        lines.push(line(kind, format!("  {}: {} {}", text.title, remedy.method, safe(&remedy.path))));
        for will in text.will.iter().chain(&text.will_not) {
            lines.push(line(LineKind::Dim, format!("    {will}")));
        }
    }
    lines.push(line(LineKind::Heading, "What is unknown"));
    lines.extend(unknown_lines(&story.unknown, story.complete_from, story.window_start, time));
    lines
}

fn live_lines(story: &Story, time: &TimeFormat) -> Vec<StoryLine> {
    let mut lines = Vec::new();
    if let (Some(first), Some(last)) = (story.live.first(), story.live.last()) {
        lines.push(line(
            LineKind::Plain,
            format!("  issued from {} to {}", time.short(first.at), time.short(last.at)),
        ));
    }
    let lifetime = match &story.lifetime_source {
        LifetimeSource::Tenant => {
            format!(
                "  lifetime {} s ({}), the API's token_lifetime",
                story.lifetime,
                format_duration(story.lifetime)
            )
        }
        LifetimeSource::Maximum { reason } => format!(
            "  lifetime unknown ({}): each token counted as living Auth0's maximum, 30 days; real ones may die sooner",
            safe(reason)
        ),
    };
    lines.push(line(LineKind::Dim, lifetime));
    if story.live.iter().any(|t| t.asked_with) {
        lines.push(line(LineKind::Dim, "  one of them is the token tokex asked the log with"));
    }
    if !story.live_scopes.is_empty() {
        let privileged: Vec<&str> = privileged_scopes(story.live_scopes.iter().map(String::as_str))
            .into_iter()
            .map(|(s, _)| s)
            .collect();
        let mut text = format!("  they carry {}", plural(story.live_scopes.len(), "scope", "scopes"));
        if !privileged.is_empty() {
            text.push_str(&format!(", privileged: {}", safe(&privileged.join(", "))));
        }
        let kind = if privileged.is_empty() { LineKind::Plain } else { LineKind::Warning };
        lines.push(line(kind, text));
    }
    lines
}

fn source_line(source: &Source, what: (&str, &str), time: &TimeFormat) -> String {
    format!(
        "  {} · {} · first {}, last {}",
        safe(if source.value.is_empty() { "(none)" } else { &source.value }),
        plural(source.count, what.0, what.1),
        time.short(source.first),
        time.short(source.last)
    )
}

fn ips_of(tokens: &[IssuedToken]) -> String {
    let mut ips: Vec<&str> = Vec::new();
    for token in tokens {
        if !ips.contains(&token.ip.as_str()) {
            ips.push(&token.ip);
        }
    }
    safe(&ips.join(", "))
}

fn where_lines(story: &Story, time: &TimeFormat) -> Vec<StoryLine> {
    let mut lines: Vec<StoryLine> =
        story.ips.iter().map(|s| line(LineKind::Plain, source_line(s, ("token", "tokens"), time))).collect();
    for agent in &story.user_agents {
        lines.push(line(LineKind::Dim, source_line(agent, ("token", "tokens"), time)));
    }
    if story.live.is_empty() {
        lines.push(line(LineKind::Dim, "  no live token"));
    }
    let changes = [
        ("secret rotation", &story.rotation, &story.after_rotation),
        ("grant change", &story.grant_change, &story.after_grant_change),
    ];
    for (what, change, after) in changes {
        let text = match change {
            Some(change) => {
                let mut text = format!(
                    "  after the last {what} ({}{} by {} from {}): {}",
                    change_word(change.kind),
                    time.short(change.at),
                    safe(&change.by),
                    safe(&change.ip),
                    plural(after.len(), "live token", "live tokens")
                );
                if !after.is_empty() {
                    text.push_str(&format!(" from {}", ips_of(after)));
                }
                text
            }
            None => format!("  no {what} in the log since {}", time.short(story.window_start)),
        };
        let kind = if change.is_some() && !after.is_empty() { LineKind::Warning } else { LineKind::Plain };
        lines.push(line(kind, text));
    }
    lines.push(line(
        LineKind::Plain,
        match &story.grant_now {
            GrantNow::Exists { id, scopes } => {
                format!(
                    "  the grant {} exists ({}): new tokens can be issued",
                    safe(id),
                    plural(scopes.len(), "scope", "scopes")
                )
            }
            GrantNow::Deleted => "  the grant is deleted: no new token can be issued".to_owned(),
            GrantNow::Unknown(reason) => format!("  the grant was not read ({})", safe(reason)),
        },
    ));
    if let Some(deleted) = &story.client_deleted {
        lines.push(line(LineKind::Plain, format!("  the client was deleted {}", time.short(deleted.at))));
    }
    lines
}

fn change_word(kind: ChangeKind) -> &'static str {
    match kind {
        ChangeKind::Rotated => "rotated ",
        ChangeKind::SecretSet => "secret set ",
        ChangeKind::GrantCreated => "created ",
        ChangeKind::GrantUpdated => "updated ",
        ChangeKind::GrantDeleted => "deleted ",
        ChangeKind::ClientDeleted => "client deleted ",
        ChangeKind::LifetimeChanged(_) => "lifetime changed ",
    }
}

fn knock_lines(story: &Story, time: &TimeFormat) -> Vec<StoryLine> {
    let knocks = &story.knocks;
    let since = if knocks.since_rotation {
        format!("since the rotation ({})", time.short(knocks.since))
    } else {
        format!("since {} (no rotation in the log)", time.short(knocks.since))
    };
    let mut lines = vec![if knocks.count == 0 {
        line(LineKind::Plain, format!("  none {since}"))
    } else {
        line(
            LineKind::Alert,
            format!("  {} {since}", plural(knocks.count, "failed exchange", "failed exchanges")),
        )
    }];
    lines.extend(knocks.ips.iter().map(|s| line(LineKind::Plain, source_line(s, ("try", "tries"), time))));
    if knocks.blocked > 0 {
        lines.push(line(
            LineKind::Warning,
            format!(
                "  the client id was blocked {} after repeated failures",
                plural(knocks.blocked, "time", "times")
            ),
        ));
    }
    lines
}

fn activity_line(activity: &Activity, time: &TimeFormat) -> String {
    let status = activity.status.map(|s| format!(" → {s}")).unwrap_or_default();
    format!(
        "  {} · {} {} {}{status} · from {}",
        time.short(activity.at),
        activity.kind.code(),
        safe(&activity.method),
        safe(&activity.path),
        safe(&activity.ip)
    )
}

/// At most this many rows of each kind of activity in the text; `--json` has them all.
pub const SHOWN_ACTIVITY: usize = 20;

fn activity_lines(story: &Story, time: &TimeFormat) -> Vec<StoryLine> {
    let mut lines = Vec::new();
    let groups = [
        (
            ("change or failed change", "changes and failed changes"),
            "(sapi/fapi)",
            &story.activity,
            LineKind::Plain,
        ),
        (("secret read", "secrets read"), "(mgmt_api_read)", &story.secret_reads, LineKind::Alert),
        (("rate limit hit", "rate limit hits"), "(api_limit)", &story.rate_limits, LineKind::Warning),
    ];
    for ((one, many), code, list, kind) in groups {
        if list.is_empty() {
            lines.push(line(LineKind::Dim, format!("  no {many} {code}")));
            continue;
        }
        lines.push(line(LineKind::Plain, format!("  {} {code}:", plural(list.len(), one, many))));
        lines.extend(list.iter().take(SHOWN_ACTIVITY).map(|a| line(kind, activity_line(a, time))));
        if list.len() > SHOWN_ACTIVITY {
            lines.push(line(
                LineKind::Dim,
                format!("  … and {} more (--json lists all)", list.len() - SHOWN_ACTIVITY),
            ));
        }
    }
    lines.push(line(
        LineKind::Dim,
        "  plain GETs leave no log event: what the tokens read (users, clients…) cannot be known",
    ));
    lines
}

/// A remedy's name and what it will and will not do, with the story's numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemedyText {
    pub title: String,
    pub will: Vec<String>,
    pub will_not: Vec<String>,
}

pub fn remedy_text(remedy: &Remedy, story: &Story, time: &TimeFormat) -> RemedyText {
    let client = safe(story.client_label());
    let live = live_until(story, time);
    let (title, will, mut will_not) = match remedy.action {
        RemedyAction::DeleteGrant => (
            "delete the grant".to_owned(),
            vec![format!("{client} can get no new token for this API (exchanges fail from now on)")],
            vec![format!("{live}: deleting the grant does not revoke them")],
        ),
        RemedyAction::RotateSecret => (
            "rotate the secret".to_owned(),
            vec![format!("the old secret stops working at once; tries with it show up as knocks (feccft)")],
            vec![
                format!("{live}: rotating the secret does not revoke them"),
                "the new secret is returned to the caller only; every application that uses this client needs it".to_owned(),
            ],
        ),
        RemedyAction::LowerLifetime => {
            let to = remedy.lifetime.unwrap_or_default();
            (
                format!("lower the API's token lifetime to {to} s ({})", format_duration(to)),
                vec![format!("tokens issued from now on live {}, for every client of this API", format_duration(to))],
                vec![format!("{live}: tokens already issued keep their exp (new tokens only)")],
            )
        }
    };
    if let Some(blocked) = &remedy.blocked {
        will_not.insert(0, format!("not possible now: {}", safe(blocked)));
    }
    RemedyText { title, will, will_not }
}

/// What the answer cannot say, and from when on it is complete.
pub fn unknown_lines(
    unknown: &[Unknown],
    complete_from: Option<i64>,
    window_start: i64,
    time: &TimeFormat,
) -> Vec<StoryLine> {
    let mut lines: Vec<StoryLine> =
        unknown.iter().map(|u| line(LineKind::Warning, unknown_text(u, time))).collect();
    match complete_from {
        Some(from) => lines.push(line(
            LineKind::Warning,
            format!(
                "  the answer is complete from {} on; tokens issued between {} and then are not known",
                time.full(from),
                time.short(window_start)
            ),
        )),
        None => lines.push(line(
            LineKind::Dim,
            format!("  the log covers the whole window, from {} on", time.full(window_start)),
        )),
    }
    lines
}

pub fn unknown_text(unknown: &Unknown, time: &TimeFormat) -> String {
    let ms = |ms: i64| time.short(ms.div_euclid(1000));
    match unknown {
        Unknown::Retention { oldest_kept_ms } => format!(
            "  the tenant's log reaches back only to {} (its retention, or no earlier activity)",
            ms(*oldest_kept_ms)
        ),
        Unknown::EmptyLog => "  the tenant's log holds no event at all".to_owned(),
        Unknown::PageCap { pages, events, oldest_read_ms } => format!(
            "  incomplete after {events} events: the search stopped after {pages} pages (--max-pages){}",
            oldest_read_ms.map(|at| format!("; nothing older than {} was read", ms(at))).unwrap_or_default()
        ),
        Unknown::SinceLater { since, could_live_from } => format!(
            "  --since {} starts after {}, when the oldest token that could still live was issued",
            time.short(*since),
            time.short(*could_live_from)
        ),
        Unknown::Lifetime { reason } => format!("  the token lifetime was not read: {}", safe(reason)),
        Unknown::LifetimeChanged { at } => format!(
            "  the API's token lifetime changed {}: tokens issued before then are counted as living 30 days",
            time.short(*at)
        ),
        Unknown::Grants { reason } => format!(
            "  the grant was not read ({}): grant changes by other clients are not recognised",
            safe(reason)
        ),
        Unknown::Unreadable { count } => format!("  {} could not be read", plural(*count, "event", "events")),
    }
}
