//! Prompts drawn over the pane: the typed confirmation of a destructive call and the value
//! picker.

use crate::app::api_pane::{CONFIRM_SUFFIX, ConfirmPurpose, Confirmation};
use crate::domain::sanitize::escape_control;
use crate::ui::theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [vertical] =
        Layout::vertical([Constraint::Length(height.min(area.height))]).flex(Flex::Center).areas(area);
    let [popup] =
        Layout::horizontal([Constraint::Length(width.min(area.width))]).flex(Flex::Center).areas(vertical);
    popup
}

pub fn confirm(frame: &mut Frame, area: Rect, confirm: &Confirmation) {
    let mut lines = vec![
        Line::from(Span::styled(
            escape_control(&format!("{} {}", confirm.call.method, confirm.call.path_and_query)).into_owned(),
            Style::new().add_modifier(Modifier::BOLD),
        )),
        Line::from(""),
    ];
    let foreign = match &confirm.purpose {
        ConfirmPurpose::ForeignTenant { token_tenant, .. } => Some(token_tenant.as_deref()),
        ConfirmPurpose::Destructive => None,
    };
    for (i, part) in confirm.text.lines().enumerate() {
        let (label, style) = match (foreign.is_some(), i) {
            (true, 0) => ("Where:    ", theme::error()),
            (true, _) => ("Why:      ", theme::warning()),
            (false, 0) => ("Will:     ", theme::warning()),
            (false, _) => ("Will NOT: ", theme::info()),
        };
        lines.push(Line::from(vec![
            Span::styled(label, style.add_modifier(Modifier::BOLD)),
            Span::raw(part.to_owned()),
        ]));
    }
    lines.push(Line::from(""));
    let mut prompt =
        vec![Span::raw("Type "), Span::styled(escape_control(&confirm.expected).into_owned(), theme::key())];
    if let Some(suffix) = confirm.accepted_suffix() {
        prompt.push(Span::raw(format!(" (or its last {CONFIRM_SUFFIX} characters, ")));
        prompt.push(Span::styled(escape_control(suffix).into_owned(), theme::key()));
        prompt.push(Span::raw(")"));
    }
    prompt.push(Span::raw(" and press Enter to send it"));
    if let Some(Some(own)) = foreign {
        prompt.push(Span::raw("; Tab calls "));
        prompt.push(Span::styled(escape_control(own).into_owned(), theme::key()));
        prompt.push(Span::raw(" instead"));
    }
    prompt.push(Span::raw("; Esc cancels."));
    lines.push(Line::from(prompt));
    lines.push(Line::from(vec![
        Span::styled("> ", theme::section()),
        Span::raw(escape_control(confirm.input.text()).into_owned()),
    ]));
    let width = area.width.saturating_sub(8).min(100);
    let popup = centered(area, width, 12);
    frame.render_widget(Clear, popup);
    let block = Block::new()
        .borders(Borders::ALL)
        .title(if foreign.is_some() {
            " Send the token to a tenant that did not issue it? "
        } else {
            " Confirm a call that changes the tenant "
        })
        .border_style(theme::warning());
    frame.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: false }), popup);
}

pub fn picker(frame: &mut Frame, area: Rect, options: &[(String, String)], selected: usize) {
    let height = u16::try_from(options.len())
        .unwrap_or(u16::MAX)
        .saturating_add(2)
        .min(area.height.saturating_sub(2))
        .max(3);
    let visible = usize::from(height.saturating_sub(2));
    let skip = (selected + 1).saturating_sub(visible);
    let lines: Vec<Line> = options
        .iter()
        .enumerate()
        .skip(skip)
        .take(visible)
        .map(|(i, (value, label))| {
            let style =
                if i == selected { Style::new().add_modifier(Modifier::REVERSED) } else { Style::new() };
            Line::from(vec![
                Span::styled(escape_control(value).into_owned(), style),
                Span::styled(format!("  {}", escape_control(label)), theme::dim()),
            ])
        })
        .collect();
    let popup = centered(area, area.width.saturating_sub(10).min(80), height);
    frame.render_widget(Clear, popup);
    let block = Block::new()
        .borders(Borders::ALL)
        .title(" Pick from the last response: Enter · Esc ")
        .border_style(theme::section());
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}
