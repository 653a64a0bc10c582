//! The Tokens pane: profiles (one active) and this session's tokens, with the Auth0 facts
//! that decide what to do with them.

mod diff;

use super::text::{fitted_line, section_title, signature_span, spinner_frame};
use super::theme;
use crate::app::Model;
use crate::app::panes::tokens::{Row, Section};
use crate::domain::expiry::Expiry;
use crate::domain::sanitize::escape_control;
use chrono::DateTime;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, List, ListItem, ListState, Paragraph, Wrap};

pub fn render(frame: &mut Frame, model: &Model) {
    let pane = &model.panes.tokens;
    let layout = &pane.layout;
    let selected = pane.row();
    render_profiles(frame, layout.profiles, model, selected);
    render_history(frame, layout.history, model, selected);
    if let Some(diff) = pane.diff.as_ref() {
        diff::render(frame, layout.diff, diff, pane);
    }
    let facts_area = layout.facts;
    let auto = if model.session.auto_renew { "on" } else { "off" };
    let facts = vec![
        Line::from(Span::styled(
            "Management API tokens cannot be refreshed (f fetches a new one) and cannot be revoked: deleting the \
             client grant only stops new tokens, and rotating the secret leaves issued tokens valid until exp.",
            theme::dim(),
        )),
        Line::from(vec![
            Span::styled("auto-renew ", theme::label()),
            Span::raw(format!("{auto} (a toggles: a new token is fetched in the last 5 % of the lifetime)")),
        ]),
    ];
    frame.render_widget(Paragraph::new(facts).wrap(Wrap { trim: true }), facts_area);
}

fn highlight() -> Style {
    Style::new().add_modifier(Modifier::REVERSED)
}

fn render_profiles(frame: &mut Frame, area: Rect, model: &Model, selected: Option<Row>) {
    let focused = !matches!(selected, Some(Row::History(_))) && model.panes.tokens.section == Section::List;
    let width = area.width.saturating_sub(2);
    let block = Block::new().borders(Borders::ALL).title(section_title(
        "Profiles (Enter makes active · f fetches)",
        focused,
        area.width,
    ));
    let mut items: Vec<ListItem> = model
        .session
        .profiles
        .iter()
        .enumerate()
        .map(|(index, profile)| {
            let active = model.session.active == Some(index);
            let marker = if active { "● " } else { "○ " };
            let fetching = model
                .session
                .fetch
                .as_ref()
                .filter(|f| f.profile == profile.name)
                .map(|_| spinner_frame(model.screen.spinner));
            ListItem::new(fitted_line(
                vec![
                    Span::styled(marker, if active { theme::info() } else { theme::dim() }),
                    Span::styled(format!("{:<10} ", escape_control(&profile.name)), theme::label()),
                    Span::raw(format!("{}  ", escape_control(&profile.domain))),
                    Span::styled(audience_note(profile), theme::dim()),
                    Span::styled("client ", theme::dim()),
                    Span::raw(format!("{}  ", short(&escape_control(&profile.client_id)))),
                    Span::styled("secret ", theme::dim()),
                    Span::raw(format!("{}  ", profile.secret_display())),
                    Span::styled(profile.auth_method.config_name(), theme::dim()),
                    Span::styled(
                        fetching.map(|s| format!("  {s} fetching")).unwrap_or_default(),
                        theme::info(),
                    ),
                ],
                width,
            ))
        })
        .collect();
    if items.is_empty() {
        items.push(ListItem::new(fitted_line(
            vec![Span::styled(
                "No profiles. Set AUTH0_DOMAIN, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, or add one to the config file.",
                theme::dim(),
            )],
            width,
        )));
    }
    for problem in &model.session.config_problems {
        // Errors lost something (a file, a profile); warnings did not.
        let (mark, style) =
            if problem.is_error() { ("✗", theme::error()) } else { ("!", theme::warning()) };
        let text = escape_control(&problem.to_string()).into_owned();
        items.push(ListItem::new(fitted_line(vec![Span::styled(format!("{mark} {text}"), style)], width)));
    }
    let mut state = ListState::default().with_offset(model.panes.tokens.layout.profiles_top);
    if let Some(Row::Profile(index)) = selected {
        state.select(Some(index));
    }
    frame.render_stateful_widget(
        List::new(items).block(block).highlight_style(highlight()),
        area,
        &mut state,
    );
}

fn render_history(frame: &mut Frame, area: Rect, model: &Model, selected: Option<Row>) {
    let focused = matches!(selected, Some(Row::History(_))) && model.panes.tokens.section == Section::List;
    let width = area.width.saturating_sub(2);
    let block = Block::new().borders(Borders::ALL).title(section_title(
        "Tokens this session, newest first (Enter inspects · m marks one to compare)",
        focused,
        area.width,
    ));
    let marked = model.panes.tokens.marked_index();
    let items: Vec<ListItem> = model
        .panes
        .tokens
        .history()
        .iter()
        .enumerate()
        .map(|(index, entry)| {
            let token = &entry.token;
            let expiry = Expiry::at(&token.inspection.claims, model.now);
            let seen = DateTime::from_timestamp(entry.seen_at, 0)
                .map(|t| t.with_timezone(&model.utc_offset).format("%H:%M:%S").to_string())
                .unwrap_or_default();
            let current = model.token.as_ref().is_some_and(|t| t.raw() == token.raw());
            let source = match &entry.profile {
                Some(profile) => format!("fetched from {}", escape_control(profile)),
                None => token.origin.label().to_owned(),
            };
            ListItem::new(fitted_line(
                vec![
                    Span::raw(if current { "▶" } else { " " }),
                    Span::styled(if marked == Some(index) { "◆ " } else { "  " }, theme::warning()),
                    Span::styled(format!("{seen}  "), theme::dim()),
                    Span::raw(format!("{source:<18} ")),
                    Span::styled(format!("{:<24} ", expiry.headline()), theme::urgency(expiry.urgency)),
                    signature_span(&token.signature, model.screen.spinner),
                    Span::styled(format!("  {} scopes", token.inspection.claims.scopes.len()), theme::dim()),
                ],
                width,
            ))
        })
        .collect();
    let items = if items.is_empty() {
        vec![ListItem::new(Span::styled("No tokens yet: paste one, or press f to fetch one.", theme::dim()))]
    } else {
        items
    };
    let mut state = ListState::default().with_offset(model.panes.tokens.layout.history_top);
    if let Some(Row::History(index)) = selected {
        state.select(Some(index));
    }
    frame.render_stateful_widget(
        List::new(items).block(block).highlight_style(highlight()),
        area,
        &mut state,
    );
}

/// The audience only when it is not the domain's Management API (the usual case says nothing).
fn audience_note(profile: &crate::config::Profile) -> String {
    if profile.audience == crate::config::management_audience(&profile.domain) {
        String::new()
    } else {
        format!("aud {}  ", escape_control(&profile.audience))
    }
}

/// Client ids are long and only their start tells them apart at a glance.
fn short(text: &str) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(10).collect();
    if chars.next().is_some() { format!("{head}…") } else { head }
}
