//! The open modal, drawn one way wherever it was opened: a one-line prompt in the prompt box
//! at the bottom, everything else (the body editor, a picker, a confirmation, the help) in a
//! box over the middle of the screen.

use super::text::{line, section_title};
use super::theme;
use crate::app::Model;
use crate::app::layout::ScreenLayout;
use crate::app::modal::{Confirm, Help, LinePrompt, ModalKind, Picker, Question, TextPrompt};
use crate::domain::sanitize::escape_control;
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

pub fn render(frame: &mut Frame, layout: &ScreenLayout, model: &Model) {
    let kind = model.modal.as_ref().map(|m| &m.kind).or_else(|| model.panes.get(model.focus).modal());
    let Some(kind) = kind else { return };
    let area = layout.screen;
    match kind {
        ModalKind::Line(prompt) => line_prompt(frame, layout.prompt, prompt),
        ModalKind::Text(prompt) => text_editor(frame, area, prompt),
        ModalKind::Pick(picker) => pick(frame, area, picker),
        ModalKind::Confirm(confirm) => self::confirm(frame, area, confirm),
        ModalKind::Help(help) => self::help(frame, area, help),
    }
}

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [vertical] =
        Layout::vertical([Constraint::Length(height.min(area.height))]).flex(Flex::Center).areas(area);
    let [popup] =
        Layout::horizontal([Constraint::Length(width.min(area.width))]).flex(Flex::Center).areas(vertical);
    popup
}

fn line_prompt(frame: &mut Frame, area: Rect, prompt: &LinePrompt) {
    if area.height == 0 {
        return;
    }
    let mut block = Block::new()
        .borders(Borders::ALL)
        .title(section_title(&format!("{} · Esc cancels · Ctrl-U clears", prompt.title), true, area.width))
        .border_style(theme::section());
    if let Some(error) = prompt.error.as_ref() {
        block = block
            .title_bottom(Line::from(Span::styled(format!(" {} ", escape_control(error)), theme::error())));
    }
    let inner = block.inner(area);
    // Keep the cursor visible in long text by showing the part that ends at it.
    let (visible, cursor_column) = prompt.input.window(usize::from(inner.width.saturating_sub(1)));
    let style =
        if prompt.input.is_selected() { Style::new().add_modifier(Modifier::REVERSED) } else { Style::new() };
    let shown = Span::styled(escape_control(&visible).into_owned(), style);
    frame.render_widget(Paragraph::new(Line::from(shown)).block(block), area);
    let x = inner.x + u16::try_from(cursor_column).unwrap_or(0);
    frame.set_cursor_position((x.min(inner.right().saturating_sub(1)), inner.y));
}

/// The first row or column shown so that `position` stays inside a window of `size`.
fn first_shown(position: usize, size: usize) -> usize {
    (position + 1).saturating_sub(size.max(1))
}

fn text_editor(frame: &mut Frame, area: Rect, prompt: &TextPrompt) {
    let body = &prompt.area;
    let lines = body.lines();
    let wanted = lines.len() + 3;
    let height = u16::try_from(wanted.clamp(7, usize::from(area.height) * 3 / 4)).unwrap_or(7);
    let popup = centered(area, area.width.saturating_sub(6).min(110), height);
    frame.render_widget(Clear, popup);
    let (line, column) = body.cursor_position();
    let title =
        format!("{} · line {}, col {} · Ctrl-S keeps · Esc cancels", prompt.title, line + 1, column + 1);
    let mut block = Block::new()
        .borders(Borders::ALL)
        .title(section_title(&title, true, popup.width))
        .border_style(theme::section());
    if let Some(error) = prompt.error.as_ref() {
        block = block
            .title_bottom(Line::from(Span::styled(format!(" {} ", escape_control(error)), theme::error())));
    }
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let rows = usize::from(inner.height);
    let width = usize::from(inner.width.saturating_sub(1));
    let top = first_shown(line, rows);
    let left = first_shown(column, width);
    let shown: Vec<Line> = lines
        .iter()
        .skip(top)
        .take(rows)
        .map(|text| {
            Line::from(escape_control(&text.chars().skip(left).take(width).collect::<String>()).into_owned())
        })
        .collect();
    frame.render_widget(Paragraph::new(shown), inner);
    // Columns before the cursor, measured as shown (escaped, wide characters count two).
    let before: String = lines
        .get(line)
        .map_or(String::new(), |text| text.chars().skip(left).take(column.saturating_sub(left)).collect());
    let x = inner.x + u16::try_from(escape_control(&before).width()).unwrap_or(0);
    let y = inner.y + u16::try_from(line.saturating_sub(top)).unwrap_or(0);
    frame.set_cursor_position((x.min(inner.right().saturating_sub(1)), y));
}

fn pick(frame: &mut Frame, area: Rect, picker: &Picker) {
    let height = u16::try_from(picker.shown.len() + 3)
        .unwrap_or(u16::MAX)
        .clamp(5, area.height.saturating_sub(2).max(5));
    let popup = centered(area, area.width.saturating_sub(10).min(90), height);
    frame.render_widget(Clear, popup);
    let title = format!("{} · type to filter · Enter takes · Esc", picker.title);
    let block = Block::new()
        .borders(Borders::ALL)
        .title(section_title(&title, true, popup.width))
        .border_style(theme::section());
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let mut lines = vec![Line::from(vec![
        Span::styled("filter: ", theme::dim()),
        Span::raw(escape_control(picker.filter.text()).into_owned()),
        Span::styled(format!("  {} of {}", picker.shown.len(), picker.options.len()), theme::dim()),
    ])];
    let visible = usize::from(inner.height).saturating_sub(1);
    let skip = (picker.selected + 1).saturating_sub(visible.max(1));
    for (position, &index) in picker.shown.iter().enumerate().skip(skip).take(visible) {
        let Some((value, label)) = picker.options.get(index) else { continue };
        let style = if position == picker.selected {
            Style::new().add_modifier(Modifier::REVERSED)
        } else {
            Style::new()
        };
        lines.push(Line::from(vec![
            Span::styled(escape_control(value).into_owned(), style),
            Span::styled(format!("  {}", escape_control(label)), theme::dim()),
        ]));
    }
    if picker.shown.is_empty() {
        lines.push(Line::from(Span::styled("Nothing matches: Backspace widens the filter.", theme::dim())));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The question's rows: `(label, value, style)`, a value possibly spanning lines.
fn question_rows(question: &Question) -> (String, Vec<(String, String, Style)>) {
    match question {
        Question::Change(change) => {
            let rows = change
                .rows()
                .into_iter()
                .map(|(label, value)| {
                    let style = match label {
                        "will" => theme::warning(),
                        "will not" => theme::info(),
                        _ => Style::new(),
                    };
                    (label.to_owned(), value, style)
                })
                .collect();
            (" Confirm a call that changes the tenant ".to_owned(), rows)
        }
        Question::ForeignTenant { token_tenant, target, .. } => {
            let why = "An Auth0 token cannot be revoked: a tenant that is not its own could keep and use it until it expires.";
            let issued = match token_tenant {
                Some(own) => format!("it was issued for {}", escape_control(own)),
                None => "it names no tenant (no https://DOMAIN/api/v2/ audience, no issuer)".to_owned(),
            };
            let rows = vec![
                (
                    "where".to_owned(),
                    format!("{} did not issue this token: {issued}", escape_control(target)),
                    theme::error(),
                ),
                ("why".to_owned(), why.to_owned(), theme::warning()),
            ];
            (" Send the token to a tenant that did not issue it? ".to_owned(), rows)
        }
    }
}

fn confirm(frame: &mut Frame, area: Rect, confirm: &Confirm) {
    let (title, rows) = question_rows(&confirm.question);
    let label_width = rows.iter().map(|(label, _, _)| label.width()).max().unwrap_or(4) + 2;
    let mut body: Vec<Line> = Vec::new();
    for (label, value, style) in &rows {
        for (index, part) in value.split('\n').enumerate() {
            let label = if index == 0 { format!("{label:<label_width$}") } else { " ".repeat(label_width) };
            body.push(Line::from(vec![
                Span::styled(label, style.add_modifier(Modifier::BOLD)),
                Span::styled(part.to_owned(), *style),
            ]));
        }
    }
    let width = area.width.saturating_sub(6).min(110);
    let mut tail = vec![
        Line::from(""),
        Line::from(Span::styled(confirm.question.instruction(), theme::key())),
        Line::from(vec![
            Span::styled("> ", theme::section()),
            Span::raw(escape_control(confirm.input.text()).into_owned()),
        ]),
    ];
    if let Some(mismatch) = confirm.mismatch.as_ref() {
        tail.push(Line::from(Span::styled(mismatch.clone(), theme::error())));
    }
    let wrapped = |lines: &[Line]| {
        Paragraph::new(lines.to_vec()).wrap(Wrap { trim: false }).line_count(width.saturating_sub(2))
    };
    let tail_rows = u16::try_from(wrapped(&tail)).unwrap_or(4);
    let body_rows = u16::try_from(wrapped(&body)).unwrap_or(u16::MAX);
    let height = (body_rows + tail_rows + 2).min(area.height.saturating_sub(2));
    let popup = centered(area, width, height);
    frame.render_widget(Clear, popup);
    let block = Block::new().borders(Borders::ALL).title(title).border_style(theme::warning());
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let [body_area, tail_area] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(tail_rows)]).areas(inner);
    let hidden = usize::from(body_rows.saturating_sub(body_area.height));
    let scroll = u16::try_from(confirm.scroll.min(hidden)).unwrap_or(0);
    frame.render_widget(Paragraph::new(body).wrap(Wrap { trim: false }).scroll((scroll, 0)), body_area);
    frame.render_widget(Paragraph::new(tail).wrap(Wrap { trim: false }), tail_area);
}

fn help(frame: &mut Frame, area: Rect, help: &Help) {
    let layout = help.layout(area);
    let total = layout.rows.len();
    let (offset, visible) = (layout.scroll, layout.visible);
    let title = match (offset > 0, offset + visible < total) {
        (false, false) => " Keys ".to_owned(),
        (up, down) => format!(
            " Keys {}{}{}/{} ",
            if up { "↑" } else { "" },
            if down { "↓" } else { "" },
            (offset + visible).min(total),
            total
        ),
    };
    let lines: Vec<Line> =
        layout.rows.iter().skip(offset).take(visible).map(|row| line(row.iter().cloned())).collect();
    frame.render_widget(Clear, layout.area);
    frame.render_widget(
        Paragraph::new(lines).block(Block::new().borders(Borders::ALL).title(title)),
        layout.area,
    );
}
