//! The open modal, drawn one way wherever it was opened: a one-line prompt in the prompt box
//! at the bottom, everything else (the body editor, a picker, a confirmation, the help) in a
//! box over the middle of the screen.

use super::text::{line, section_title};
use super::theme;
use crate::app::Model;
use crate::app::layout::ScreenLayout;
use crate::app::modal::{Confirm, Help, LinePrompt, ModalKind, Picker, TextPrompt};
use crate::domain::sanitize::escape_control;
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
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
    let layout = picker.layout(area);
    let popup = layout.area;
    frame.render_widget(Clear, popup);
    let title = format!("{} · type to filter · Enter takes · Esc", picker.title);
    let block = Block::new()
        .borders(Borders::ALL)
        .title(section_title(&title, true, popup.width))
        .border_style(theme::section());
    let inner = layout.inner;
    frame.render_widget(block, popup);
    let mut lines = vec![Line::from(vec![
        Span::styled("filter: ", theme::dim()),
        Span::raw(escape_control(picker.filter.text()).into_owned()),
        Span::styled(format!("  {} of {}", picker.shown.len(), picker.options.len()), theme::dim()),
    ])];
    for (position, &index) in picker.shown.iter().enumerate().skip(layout.first).take(layout.visible) {
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

fn confirm(frame: &mut Frame, area: Rect, confirm: &Confirm) {
    let layout = confirm.layout(area);
    frame.render_widget(Clear, layout.area);
    let block = Block::new()
        .borders(Borders::ALL)
        .title(section_title(&layout.title, false, layout.area.width))
        .border_style(theme::warning());
    frame.render_widget(block, layout.area);
    let rows =
        |rows: &[Vec<crate::app::text::Segment<'static>>], skip: usize, take: u16| -> Vec<Line<'static>> {
            rows.iter().skip(skip).take(usize::from(take)).map(|row| line(row.iter().cloned())).collect()
        };
    frame.render_widget(
        Paragraph::new(rows(&layout.body_rows, layout.scroll, layout.body.height)),
        layout.body,
    );
    frame.render_widget(Paragraph::new(rows(&layout.tail_rows, 0, layout.tail.height)), layout.tail);
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
