//! The selected endpoint: what it does, whether the token passes it, its notes (the user
//! search help among them) and the parameter form, with the field editor when open.

use crate::app::panes::api::form::{RowRef, is_user_search};
use crate::app::panes::api::{ApiPane, Focus, groups};
use crate::domain::catalog::{Lifecycle, RuleSource};
use crate::domain::issuing_tenant::TenantVerdict;
use crate::domain::sanitize::escape_control;
use crate::ui::theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

pub fn render(frame: &mut Frame, area: Rect, pane: &ApiPane, tenant: Option<&TenantVerdict>) {
    let focused = pane.focus == Focus::Form;
    let block = super::section_block(" Endpoint · parameters ", focused);
    let (Some(index), Some(form)) = (pane.list.selected_index(), pane.selected_form()) else {
        frame.render_widget(Paragraph::new(group_lines(pane)).block(block).wrap(Wrap { trim: false }), area);
        return;
    };
    // The operation with the rule in force (a 403 may have stated it this session).
    let Some(endpoint) = pane.list.endpoint(index) else { return };

    let mut lines = Vec::new();
    let mut headline = vec![
        Span::styled(format!("{} ", endpoint.method), theme::label().add_modifier(Modifier::BOLD)),
        Span::styled(endpoint.path.clone(), Style::new().add_modifier(Modifier::BOLD)),
        Span::raw("  "),
    ];
    match endpoint.scope_hint(&pane.list.scope_set) {
        None => headline.push(Span::styled("✓ the token's scopes allow it", theme::info())),
        Some(hint) => headline.push(Span::styled(format!("✗ the token {hint}"), theme::error())),
    }
    if endpoint.destructive {
        headline.push(Span::styled("  · changes data (asks first)", theme::warning()));
    }
    if let Some(lifecycle) = endpoint.lifecycle.filter(|l| l.badge().is_some()) {
        let words = match lifecycle {
            Lifecycle::Beta => "beta: may change",
            _ => "EA: early access, may need enabling",
        };
        headline.push(Span::styled(format!("  · {words}"), theme::warning().add_modifier(Modifier::BOLD)));
    }
    lines.push(Line::from(headline));
    match tenant {
        Some(TenantVerdict::Foreign { token_tenant, target }) => lines.push(Line::from(Span::styled(
            format!(
                "⚠ the token was issued for {}, but calls go to {} (the active profile): asks before sending",
                escape_control(token_tenant),
                escape_control(target)
            ),
            theme::error(),
        ))),
        Some(TenantVerdict::Unknown) => lines.push(Line::from(Span::styled(
            "⚠ the token names no tenant (no Management API audience, no issuer): asks before sending",
            theme::error(),
        ))),
        _ => {}
    }
    let rule = endpoint.rule_label();
    let rule = if rule.is_empty() { String::new() } else { format!(", {rule}") };
    let rule_style =
        if endpoint.rule_source == RuleSource::Learned { theme::warning() } else { theme::dim() };
    lines.push(Line::from(vec![
        Span::raw(endpoint.description.clone()),
        Span::styled(
            format!("  · scopes{rule}: {}", escape_control(&endpoint.requirement.to_string())),
            rule_style,
        ),
    ]));
    if endpoint.sources_disagree
        && let Some(text) = endpoint.auth0_403.as_ref()
    {
        lines.push(Line::from(vec![
            Span::styled("  docs list: ", theme::dim()),
            Span::raw(endpoint.scopes.join(", ")),
            Span::styled("  · Auth0's 403 says: ", theme::dim()),
            Span::raw(text.clone()),
        ]));
    }
    lines.push(Line::from(vec![
        Span::styled("  docs ", theme::dim()),
        Span::raw(endpoint.doc.clone()),
        Span::styled("  (o opens · O copies)", theme::dim()),
    ]));
    if let Some(message) = pane.message.as_ref() {
        let style = if message.error { theme::error() } else { theme::warning() };
        lines.push(Line::from(Span::styled(escape_control(&message.text).into_owned(), style)));
    }
    if is_user_search(endpoint) {
        lines.push(Line::from(Span::styled(
            "User search (v3): search_engine=v3 is set; x on q cycles query examples",
            theme::section(),
        )));
    }
    lines.extend(note_lines(&endpoint.notes, pane.notes_open, usize::from(area.width.saturating_sub(2))));
    lines.push(Line::from(Span::styled(
        "Parameters  (→ to edit: Enter edits · p picks · x example · + query row · - removes · s calls)",
        theme::section(),
    )));
    let name_width = form.fields.iter().map(|f| f.name.chars().count()).max().unwrap_or(4).max(4);
    for (i, field) in form.fields.iter().enumerate() {
        let here = pane.focus == Focus::Form && form.cursor == i;
        let required = if field.required { "*" } else { " " };
        let value = if field.value.is_empty() {
            Span::styled("—", theme::dim())
        } else {
            Span::raw(escape_control(&field.value).into_owned())
        };
        let mut spans = vec![
            Span::raw(if here { "▸ " } else { "  " }),
            Span::styled(format!("{:<name_width$}{required} ", field.name), theme::label()),
            value,
            Span::styled(format!("  ({})", field.location.as_str()), theme::dim()),
        ];
        if endpoint.param(&field.name).is_some_and(|p| p.pick_from.is_some()) {
            spans.push(Span::styled("  p picks", theme::dim()));
        }
        if here {
            spans =
                spans.into_iter().map(|s| s.patch_style(Style::new().add_modifier(Modifier::BOLD))).collect();
        }
        lines.push(Line::from(spans));
    }
    for (i, (key, value)) in form.extra.iter().enumerate() {
        let here = pane.focus == Focus::Form && form.row() == Some(RowRef::Extra(i));
        let key = if key.is_empty() { "—".to_owned() } else { escape_control(key).into_owned() };
        let mut spans = vec![
            Span::raw(if here { "▸ " } else { "  " }),
            Span::styled(format!("{key:<name_width$}  "), theme::label()),
            Span::raw(format!("= {}", escape_control(value))),
            Span::styled("  (query, added)", theme::dim()),
        ];
        if here {
            spans =
                spans.into_iter().map(|s| s.patch_style(Style::new().add_modifier(Modifier::BOLD))).collect();
        }
        lines.push(Line::from(spans));
    }
    if let Some(body) = form.body.as_ref() {
        let here = pane.focus == Focus::Form && form.row() == Some(RowRef::Body);
        lines.push(Line::from(vec![
            Span::raw(if here { "▸ " } else { "  " }),
            Span::styled(format!("{:<name_width$}  ", "body"), theme::label()),
            Span::raw(escape_control(body).into_owned()),
            Span::styled("  (JSON)", theme::dim()),
        ]));
    }
    if pane.focus == Focus::Form
        && let Some(RowRef::Field(i)) = form.row()
        && let Some(param) = form.fields.get(i).and_then(|f| endpoint.param(&f.name))
    {
        let mut help = param.description.clone();
        if let Some(example) = param.example.as_ref() {
            help.push_str(&format!("  e.g. {example}"));
        }
        lines.push(Line::from(Span::styled(help, theme::dim())));
    }
    frame.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: false }), area);
}

/// What the details show on a group header: the group's reach and how to unfold it.
fn group_lines(pane: &ApiPane) -> Vec<Line<'static>> {
    let Some((group, info)) = pane.list.selected_group().and_then(|g| groups().get(g).map(|info| (g, info)))
    else {
        return vec![Line::from("No operation selected.")];
    };
    let (allowed, total) =
        pane.list.capability.groups.get(group).map_or((0, info.range.len()), |g| (g.allowed, g.total));
    let action = if pane.list.is_collapsed(group) { "unfolds" } else { "folds" };
    let mut lines = vec![
        Line::from(Span::styled(info.name.to_owned(), theme::section())),
        Line::from(format!("{total} operations; the token's scopes allow {allowed}.")),
        Line::from(Span::styled(
            format!("Enter or z {action} the group · Z every group · F all / allowed / denied"),
            theme::dim(),
        )),
    ];
    if let Some(message) = pane.message.as_ref() {
        let style = if message.error { theme::error() } else { theme::warning() };
        lines.push(Line::from(Span::styled(escape_control(&message.text).into_owned(), style)));
    }
    lines
}

/// Every note, or (folded) the first one cut to one line of `width` with how to see the rest.
fn note_lines(notes: &[String], open: bool, width: usize) -> Vec<Line<'static>> {
    let Some(first) = notes.first() else { return Vec::new() };
    if open {
        let mut lines: Vec<Line> =
            notes.iter().map(|note| Line::from(Span::styled(format!("• {note}"), theme::dim()))).collect();
        lines.push(Line::from(Span::styled("  (i folds the notes)", theme::dim())));
        return lines;
    }
    let hint = match notes.len() {
        1 if first.chars().count() + 2 <= width => String::new(),
        1 => " (i: all)".to_owned(),
        n => format!(" (+{} · i: all)", n - 1),
    };
    let room = width.saturating_sub(2 + hint.chars().count());
    let text: String = if first.chars().count() > room {
        first.chars().take(room.saturating_sub(1)).chain(['…']).collect()
    } else {
        first.clone()
    };
    vec![Line::from(vec![Span::styled(format!("• {text}"), theme::dim()), Span::styled(hint, theme::key())])]
}
