//! The text of the API pane's right column, built where it is laid out: the selected
//! operation's details (what it does, where a call goes and as whom, whether the token passes,
//! the scope rule, notes) and its parameter form. Escaped here; the renderer only draws rows.

use super::form::{Form, RowRef, is_user_search};
use super::{ApiPane, Focus, groups};
use crate::app::context::PaneContext;
use crate::app::text::fit::shorten;
use crate::app::text::{Segment, fixed, owned};
use crate::domain::catalog::{Endpoint, Lifecycle, RuleSource};
use crate::domain::issuing_tenant::{TenantVerdict, host_of};
use crate::domain::sanitize::escape_control;
use crate::domain::scope_catalog::classify;
use crate::palette::Role;

type Lines = Vec<Vec<Segment<'static>>>;

/// The details of the selected row, most important first (a short box cuts the end): all of
/// them when `open`, else the headline alone (a group's header shows its reach either way). The notes show in full with `notes_all`, else
/// the first one cut to a row of `width` with how many more there are.
pub fn details(pane: &ApiPane, ctx: &PaneContext, open: bool, notes_all: bool, width: usize) -> Lines {
    let Some(index) = pane.list.selected_index() else { return group_lines(pane) };
    let Some(endpoint) = pane.list.endpoint(index) else { return Vec::new() };
    let mut lines = vec![headline(pane, endpoint)];
    if !open {
        if let Some(message) = message_line(pane) {
            lines.push(message);
        }
        return lines;
    }
    if let Some(profile) = ctx.active_profile() {
        let host = host_of(&profile.domain).unwrap_or_else(|| profile.domain.clone());
        let owner = ctx.token_owner().unwrap_or_else(|| "no token".to_owned());
        lines.push(vec![owned(
            format!("calls go to {} as the token of {owner}", escape_control(&host)),
            Role::Dim,
        )]);
    }
    match ctx.tenant_verdict() {
        Some(TenantVerdict::Foreign { token_tenant, target }) => lines.push(vec![owned(
            format!(
                "⚠ the token was issued for {}, but calls go to {} (the active profile): asks before sending",
                escape_control(&token_tenant),
                escape_control(&target)
            ),
            Role::Error,
        )]),
        Some(TenantVerdict::Unknown) => lines.push(vec![fixed(
            "⚠ the token names no tenant (no Management API audience, no issuer): asks before sending",
            Role::Error,
        )]),
        _ => {}
    }
    let rule = endpoint.rule_label();
    let rule = if rule.is_empty() { String::new() } else { format!(", {rule}") };
    let rule_role = if endpoint.rule_source == RuleSource::Learned { Role::Warning } else { Role::Dim };
    lines.push(vec![
        owned(escape_control(&endpoint.description), Role::Plain),
        owned(format!("  · scopes{rule}: {}", escape_control(&endpoint.requirement.to_string())), rule_role),
    ]);
    if let Some(message) = message_line(pane) {
        lines.push(message);
    }
    if is_user_search(endpoint) {
        lines.push(vec![fixed(
            "User search (v3): search_engine=v3 is set; x on q cycles query examples",
            Role::Section,
        )]);
    }
    lines.extend(note_lines(&endpoint.notes, notes_all, width));
    if let Some(words) = scope_words(endpoint) {
        lines.push(words);
    }
    // Last, what a box too small may cut: where Auth0's sources disagree, and the page.
    if endpoint.sources_disagree
        && let Some(text) = endpoint.auth0_403.as_ref()
    {
        lines.push(vec![
            fixed("  docs list: ", Role::Dim),
            owned(escape_control(&endpoint.scopes.join(", ")), Role::Plain),
            fixed("  · Auth0's 403 says: ", Role::Dim),
            owned(escape_control(text), Role::Plain),
        ]);
    }
    lines.push(vec![
        fixed("  docs ", Role::Dim),
        owned(escape_control(&endpoint.doc), Role::Plain),
        fixed("  (o opens · O copies)", Role::Dim),
    ]);
    lines
}

/// Auth0's words for each scope the operation lists, and how many operations each opens (a
/// scope that opens many grants more than this call needs): `read:users (Read Users, used by
/// 23 operations)`. A legacy or unknown scope says so.
fn scope_words(endpoint: &Endpoint) -> Option<Vec<Segment<'static>>> {
    let mut line = vec![fixed("  scopes: ", Role::Dim)];
    for (index, scope) in endpoint.scopes.iter().enumerate() {
        if index > 0 {
            line.push(fixed(" · ", Role::Dim));
        }
        let info = classify(scope);
        let words = match info.description {
            Some(description) => format!(" ({description}, {})", info.class_text()),
            None => format!(" ({})", info.class_text()),
        };
        line.push(owned(escape_control(scope).into_owned(), Role::Plain));
        line.push(owned(words, Role::Dim));
    }
    (line.len() > 1).then_some(line)
}

/// Every note, or the first one cut to a row of `width` with how to see the rest.
fn note_lines(notes: &[String], all: bool, width: usize) -> Lines {
    let Some(first) = notes.first() else { return Vec::new() };
    if all {
        return notes
            .iter()
            .map(|note| vec![owned(format!("• {}", escape_control(note)), Role::Dim)])
            .collect();
    }
    let hint = match notes.len() {
        1 => " (i: all)".to_owned(),
        n => format!(" (+{} · i: all)", n - 1),
    };
    let first = format!("• {}", escape_control(first));
    if notes.len() == 1 && first.chars().count() <= width {
        return vec![vec![owned(first, Role::Dim)]];
    }
    let room = width.saturating_sub(hint.chars().count());
    vec![vec![owned(shorten(&first, room).into_owned(), Role::Dim), owned(hint, Role::Key)]]
}

/// `GET /api/v2/users  ✓ the token's scopes allow it  · changes data (asks first)`, and `i`'s
/// hint while the rest is folded.
fn headline(pane: &ApiPane, endpoint: &Endpoint) -> Vec<Segment<'static>> {
    let mut line = vec![
        owned(format!("{} ", endpoint.method), Role::StrongLabel),
        owned(escape_control(&endpoint.path), Role::Strong),
        fixed("  ", Role::Plain),
    ];
    match endpoint.scope_hint(&pane.list.scope_set) {
        None => line.push(fixed("✓ the token's scopes allow it", Role::Info)),
        Some(hint) => line.push(owned(format!("✗ the token {}", escape_control(&hint)), Role::Error)),
    }
    if endpoint.destructive {
        line.push(fixed("  · changes data (asks first)", Role::Warning));
    }
    if let Some(lifecycle) = endpoint.lifecycle.filter(|l| l.badge().is_some()) {
        let words = match lifecycle {
            Lifecycle::Beta => "beta: may change",
            _ => "EA: early access, may need enabling",
        };
        line.push(owned(format!("  · {words}"), Role::Warning));
    }
    line
}

fn message_line(pane: &ApiPane) -> Option<Vec<Segment<'static>>> {
    let message = pane.message.as_ref()?;
    let role = if message.error { Role::Error } else { Role::Warning };
    Some(vec![owned(escape_control(&message.text), role)])
}

/// What the details show on a group header: the group's reach and how to unfold it.
fn group_lines(pane: &ApiPane) -> Lines {
    let Some((group, info)) = pane.list.selected_group().and_then(|g| groups().get(g).map(|info| (g, info)))
    else {
        return vec![vec![fixed("No operation selected.", Role::Plain)]];
    };
    let (allowed, total) =
        pane.list.capability.groups.get(group).map_or((0, info.range.len()), |g| (g.allowed, g.total));
    let action = if pane.list.is_collapsed(group) { "unfolds" } else { "folds" };
    let mut lines = vec![
        vec![owned(info.name, Role::Section)],
        vec![owned(format!("{total} operations; the token's scopes allow {allowed}."), Role::Plain)],
        vec![owned(
            format!("Enter or z {action} the group · Z every group · F all / allowed / denied"),
            Role::Dim,
        )],
    ];
    lines.extend(message_line(pane));
    lines
}

/// The parameter form, a row each (cut at `width` with `…`), then the help of the field under
/// the cursor. `None` on a group header.
pub fn form(pane: &ApiPane, width: usize) -> Option<Lines> {
    let index = pane.list.selected_index()?;
    let endpoint = pane.list.endpoint(index)?;
    let form = pane.forms.get(index)?;
    let focused = pane.focus == Focus::Form;
    let mut lines = Vec::new();
    if form.rows() == 0 {
        lines.push(vec![fixed("No parameters: + adds a query row (key = value).", Role::Dim)]);
        return Some(lines);
    }
    let name_width = form.fields.iter().map(|f| f.name.chars().count()).max().unwrap_or(4).max(4);
    for row in 0..form.rows() {
        let here = focused && form.cursor == row;
        lines.push(form_row(form, endpoint, row, here, name_width, width));
    }
    if focused
        && let Some(RowRef::Field(i)) = form.row()
        && let Some(param) = form.fields.get(i).and_then(|f| endpoint.param(&f.name))
    {
        let mut help = param.description.clone();
        if let Some(example) = param.example.as_ref() {
            help.push_str(&format!("  e.g. {example}"));
        }
        lines.push(vec![owned(escape_control(&help), Role::Dim)]);
    }
    Some(lines)
}

/// One row of the form: `▸ name*  value  (path)  p picks`, the value shortened to fit.
fn form_row(
    form: &Form,
    endpoint: &Endpoint,
    row: usize,
    here: bool,
    name_width: usize,
    width: usize,
) -> Vec<Segment<'static>> {
    let mark = fixed(if here { "▸ " } else { "  " }, Role::Plain);
    let name_role = if here { Role::StrongLabel } else { Role::Label };
    let value_role = if here { Role::Strong } else { Role::Plain };
    let fitted = |value: &str, room: usize| -> Segment<'static> {
        if value.is_empty() {
            return fixed("—", Role::Dim);
        }
        owned(shorten(&escape_control(value), room).into_owned(), value_role)
    };
    let (name, value, suffix) = match form.row_at(row) {
        Some(RowRef::Field(i)) => {
            let field = &form.fields[i];
            let required = if field.required { "*" } else { " " };
            let mut suffix = format!("  ({})", field.location.as_str());
            if endpoint.param(&field.name).is_some_and(|p| p.pick_from.is_some()) {
                suffix.push_str("  p picks");
            }
            (format!("{:<name_width$}{required} ", escape_control(&field.name)), field.value.clone(), suffix)
        }
        Some(RowRef::Extra(i)) => {
            let (key, value) = &form.extra[i];
            let key = if key.is_empty() { "—".to_owned() } else { escape_control(key).into_owned() };
            (format!("{key:<name_width$}  "), format!("= {value}"), "  (query, added)".to_owned())
        }
        Some(RowRef::Body) => (
            format!("{:<name_width$}  ", "body"),
            form.body.clone().unwrap_or_default(),
            "  (JSON)".to_owned(),
        ),
        None => return Vec::new(),
    };
    let room = width.saturating_sub(2 + name.chars().count() + suffix.chars().count()).max(8);
    vec![mark, owned(name, name_role), fitted(&value, room), owned(suffix, Role::Dim)]
}
