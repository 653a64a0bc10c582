//! `tokex exposure --all` as text: one row per client with a grant, riskiest first.

use super::output::{self, paint};
use crate::domain::exposure::{LineKind, Ranking, TimeFormat, unknown_lines};
use crate::domain::sanitize::escape_control;
use crate::palette::Role;

pub fn ranking(ranking: &Ranking, time: &TimeFormat) -> String {
    let colour = output::stdout_colour();
    let mut lines = vec![paint(
        Role::Section,
        &format!(
            "clients with a grant for {}, or tokens for it · tenant {} · tokens issued since {}",
            escape_control(&ranking.audience),
            escape_control(&ranking.tenant),
            time.short(ranking.window_start)
        ),
        colour,
    )];
    if !ranking.from_grants {
        lines.push(paint(
            Role::Warning,
            "the grants were not read: these are the clients that got tokens in the window",
            colour,
        ));
    }
    lines.push(paint(
        Role::Dim,
        &format!(
            "{:>5} {:>5}  {:<19} {:>4} {:>6}  {:<40} {}",
            "risk", "live", "last issued", "ips", "knocks", "client", "privileged scopes (of all granted)"
        ),
        colour,
    ));
    for client in &ranking.clients {
        let mut name = if client.client_name.is_empty() {
            escape_control(&client.client_id).into_owned()
        } else {
            format!("{} ({})", escape_control(&client.client_name), escape_control(&client.client_id))
        };
        if client.has_grant == Some(false) {
            name.push_str(" (grant deleted)");
        }
        let privileged = if client.privileged.is_empty() {
            format!("none of {}", client.scopes.len())
        } else {
            format!("{} of {}", escape_control(&client.privileged.join(", ")), client.scopes.len())
        };
        let row = format!(
            "{:>5} {:>5}  {:<19} {:>4} {:>6}  {:<40} {privileged}",
            client.risk,
            client.live,
            client.last_issue.map_or_else(|| "-".to_owned(), |at| time.short(at)),
            client.distinct_ips,
            client.knocks,
            name
        );
        let role = if client.risk > 0 {
            Role::Error
        } else if client.live > 0 {
            Role::Warning
        } else {
            Role::Plain
        };
        lines.push(paint(role, &row, colour));
    }
    if ranking.clients.is_empty() {
        lines.push(paint(Role::Dim, "no client has a grant for this API", colour));
    }
    for line in unknown_lines(&ranking.unknown, ranking.complete_from, ranking.window_start, time) {
        let role = if line.kind == LineKind::Warning { Role::Warning } else { Role::Dim };
        lines.push(paint(role, &line.text, colour));
    }
    lines.join("\n")
}
