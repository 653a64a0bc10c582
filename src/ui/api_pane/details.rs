//! The selected endpoint: what it does, whether the token passes it, its notes (the user
//! search help among them) and the parameter form, with the field editor when open.

use crate::app::api_pane::form::{RowRef, is_user_search};
use crate::app::api_pane::keys::Focus;
use crate::app::api_pane::{ApiPane, Mode};
use crate::domain::issuing_tenant::TenantVerdict;
use crate::domain::sanitize::escape_control;
use crate::ui::theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

pub fn render(frame: &mut Frame, area: Rect, pane: &ApiPane, tenant: Option<&TenantVerdict>) {
    let focused = pane.focus() == Focus::Form && *pane.mode() == Mode::None;
    let block = super::section_block(" Endpoint ", focused);
    let (Some(endpoint), Some(form)) = (pane.selected_endpoint(), pane.selected_form()) else {
        frame.render_widget(Paragraph::new("No endpoint selected.").block(block), area);
        return;
    };
    let editing = matches!(pane.mode(), Mode::Edit { .. });
    let [text_area, editor_area] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(if editing { 4 } else { 0 })]).areas(area);

    let mut lines = Vec::new();
    let mut headline = vec![
        Span::styled(format!("{} ", endpoint.method), theme::label().add_modifier(Modifier::BOLD)),
        Span::styled(endpoint.path.clone(), Style::new().add_modifier(Modifier::BOLD)),
        Span::raw("  "),
    ];
    match endpoint.scope_hint(pane.scope_set()) {
        None => headline.push(Span::styled("✓ the token's scopes allow it", theme::info())),
        Some(hint) => headline.push(Span::styled(format!("✗ the token {hint}"), theme::error())),
    }
    if endpoint.destructive {
        headline.push(Span::styled("  · changes data (asks first)", theme::warning()));
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
    lines.push(Line::from(vec![
        Span::raw(endpoint.description.clone()),
        Span::styled(format!("  · scopes{rule}: {}", endpoint.requirement), theme::dim()),
    ]));
    if let Some(message) = pane.message().as_ref() {
        let style = if message.error { theme::error() } else { theme::warning() };
        lines.push(Line::from(Span::styled(escape_control(&message.text).into_owned(), style)));
    }
    if is_user_search(endpoint) {
        lines.push(Line::from(Span::styled(
            "User search (v3): search_engine=v3 is set; x on q cycles query examples",
            theme::section(),
        )));
    }
    for note in &endpoint.notes {
        lines.push(Line::from(Span::styled(format!("• {note}"), theme::dim())));
    }
    if form.rows() > 0 {
        lines.push(Line::from(Span::styled(
            "Parameters  (→ to edit: Enter edits · p picks · x example · Del clears · s calls)",
            theme::section(),
        )));
    }
    let name_width = form.fields.iter().map(|f| f.name.chars().count()).max().unwrap_or(4).max(4);
    for (i, field) in form.fields.iter().enumerate() {
        let here = pane.focus() == Focus::Form && form.cursor == i;
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
    if let Some(body) = form.body.as_ref() {
        let here = pane.focus() == Focus::Form && form.row() == Some(RowRef::Body);
        lines.push(Line::from(vec![
            Span::raw(if here { "▸ " } else { "  " }),
            Span::styled(format!("{:<name_width$}  ", "body"), theme::label()),
            Span::raw(escape_control(body).into_owned()),
            Span::styled("  (JSON)", theme::dim()),
        ]));
    }
    if pane.focus() == Focus::Form
        && let Some(RowRef::Field(i)) = form.row()
        && let Some(param) = form.fields.get(i).and_then(|f| endpoint.param(&f.name))
    {
        let mut help = param.description.clone();
        if let Some(example) = param.example.as_ref() {
            help.push_str(&format!("  e.g. {example}"));
        }
        lines.push(Line::from(Span::styled(help, theme::dim())));
    }
    frame.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: false }), text_area);

    if let Mode::Edit { input, error } = &pane.mode() {
        let what = match form.row() {
            Some(RowRef::Field(i)) => form.fields.get(i).map_or("value", |f| f.name.as_str()).to_owned(),
            _ => "body (JSON)".to_owned(),
        };
        let title = format!(" Edit {what}: Enter keeps · Esc cancels · Ctrl-U clears ");
        let block = Block::new().borders(Borders::ALL).title(title).border_style(theme::section());
        let inner = block.inner(editor_area);
        let (visible, cursor_column) = input.window(usize::from(inner.width.saturating_sub(1)));
        let mut lines = vec![Line::from(escape_control(&visible).into_owned())];
        if let Some(error) = error {
            lines.push(Line::from(Span::styled(
                escape_control(&error.to_string()).into_owned(),
                theme::error(),
            )));
        }
        frame.render_widget(Paragraph::new(lines).block(block), editor_area);
        let x = inner.x + u16::try_from(cursor_column).unwrap_or(0);
        frame.set_cursor_position((x.min(inner.right().saturating_sub(1)), inner.y));
    }
}
