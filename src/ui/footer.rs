//! The bottom of the screen: the notice (shortened or wrapped at word boundaries, never cut in
//! the middle of a word) and the focus footer, which names the section that has the keyboard
//! and its main keys. With the `▶` mark on the focused section's title, focus stays visible
//! without colour.

use super::theme;
use crate::app::api_pane::Mode;
use crate::app::api_pane::keys::Focus;
use crate::app::tokens::Row;
use crate::app::{Model, NoticeLevel, Pane};
use crate::domain::sanitize::escape_control;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

/// The most lines a notice takes; longer ones are shortened with `…`.
pub const NOTICE_LINES: usize = 2;

/// The mark in front of the focused section's title.
pub const FOCUS_MARK: &str = "▶ ";

/// The style of the focused section's title and of the footer's section name: reverse video
/// and bold, so it shows with `NO_COLOR` too.
pub fn focus_style() -> Style {
    Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
}

/// A section title, marked (`▶`, reverse, bold) while the section has the keyboard.
pub fn section_title(title: &str, focused: bool) -> Line<'static> {
    let title = title.trim();
    if focused {
        Line::from(Span::styled(format!(" {FOCUS_MARK}{title} "), focus_style()))
    } else {
        Line::from(format!(" {title} "))
    }
}

/// The section that has the keyboard and its main keys, as `(name, [(key, action)])`.
pub fn focused_section(model: &Model) -> (&'static str, &'static [(&'static str, &'static str)]) {
    if model.show_help {
        return ("Help", &[("↑↓", "scroll"), ("? Esc q", "close")]);
    }
    if model.inspector.input.is_some() {
        return ("Token input", &[("Enter", "decodes"), ("Esc", "cancels"), ("Ctrl-U", "clears")]);
    }
    match model.pane {
        Pane::Inspector if model.token.is_none() => (
            "Inspector",
            &[("paste", "a token"), ("e", "type one"), ("f", "fetch"), ("?", "help"), ("q", "quit")],
        ),
        Pane::Inspector => (
            "Inspector",
            &[
                ("↑↓", "scroll"),
                ("e", "edit"),
                ("c", "copy"),
                ("f", "fetch"),
                ("v", "verify"),
                ("?", "help"),
                ("q", "quit"),
            ],
        ),
        Pane::Tokens => match model.tokens.row(model.session.profiles.len()) {
            Some(Row::History(_)) => (
                "Tokens",
                &[("↑↓", "move"), ("Enter", "inspect"), ("m", "mark"), ("o", "operations"), ("?", "help")],
            ),
            _ => ("Profiles", &[("↑↓", "move"), ("Enter", "make active"), ("f", "fetch"), ("?", "help")]),
        },
        Pane::Api => api_section(model),
    }
}

fn api_section(model: &Model) -> (&'static str, &'static [(&'static str, &'static str)]) {
    match model.api.mode() {
        Mode::Filter(input) if input.is_selected() => (
            "Filter operations",
            &[("type", "replaces"), ("← → End", "edit it"), ("Enter", "keeps"), ("Esc", "clears")],
        ),
        Mode::Filter(_) => {
            ("Filter operations", &[("type", "to filter"), ("Enter", "keeps"), ("Esc", "clears")])
        }
        Mode::Search(input) if input.is_selected() => (
            "Search response",
            &[("type", "replaces"), ("← → End", "edit it"), ("Enter", "finds"), ("Esc", "clears")],
        ),
        Mode::Search(_) => ("Search response", &[("type", "a word"), ("Enter", "finds"), ("Esc", "clears")]),
        Mode::Edit { .. } => ("Edit field", &[("Enter", "keeps"), ("Esc", "cancels"), ("Ctrl-U", "clears")]),
        Mode::EditBody { .. } => {
            ("Edit body", &[("Enter", "new line"), ("Ctrl-S", "keeps"), ("Esc", "cancels"), ("↑↓←→", "move")])
        }
        Mode::Pick { .. } => ("Pick", &[("↑↓", "move"), ("Enter", "takes"), ("Esc", "cancels")]),
        Mode::Confirm(_) => ("Confirm", &[("type", "the id"), ("Enter", "sends"), ("Esc", "cancels")]),
        Mode::None => match model.api.focus() {
            Focus::List => (
                "List",
                &[("↑↓", "move"), ("Enter", "call"), ("/", "filter"), ("→", "parameters"), ("?", "help")],
            ),
            Focus::Form => (
                "Parameters",
                &[
                    ("↑↓", "move"),
                    ("Enter", "edit"),
                    ("E", "$EDITOR"),
                    ("s", "call"),
                    ("/", "filter"),
                    ("?", "help"),
                ],
            ),
            Focus::Response => (
                "Response",
                &[("↑↓", "scroll"), ("/", "search"), ("n N", "matches"), ("←", "parameters"), ("?", "help")],
            ),
        },
    }
}

/// `List · ↑↓ move  Enter call  / filter …`: as many keys as fit `width`, whole ones only.
pub fn footer_line(model: &Model, width: u16) -> Line<'static> {
    let (name, keys) = focused_section(model);
    let mut spans = vec![Span::styled(name.to_owned(), focus_style()), Span::raw(" ·")];
    let mut used = name.width() + 2;
    for (key, action) in keys {
        let cost = 1 + key.width() + 1 + action.width() + 1;
        if used + cost > usize::from(width) {
            break;
        }
        used += cost;
        spans.push(Span::raw(" "));
        spans.push(Span::styled((*key).to_owned(), theme::key()));
        spans.push(Span::raw(format!(" {action} ")));
    }
    Line::from(spans)
}

/// The notice (and its hint) fitted to `width`: wrapped at spaces onto at most
/// `NOTICE_LINES` lines, the last shortened at a word boundary with `…` when still too long.
pub fn notice_lines(model: &Model, width: u16) -> Vec<Line<'static>> {
    let Some(notice) = model.notice.as_ref() else { return Vec::new() };
    let style = match notice.level {
        NoticeLevel::Info => theme::info(),
        NoticeLevel::Error => theme::error(),
    };
    let mut words: Vec<(String, Style)> =
        escape_control(&notice.text).split_whitespace().map(|w| (w.to_owned(), style)).collect();
    if let Some(hint) = notice.hint.as_ref() {
        words.push(("→".to_owned(), theme::warning()));
        words.extend(escape_control(hint).split_whitespace().map(|w| (w.to_owned(), theme::warning())));
    }
    super::fit::fit_words(&words, usize::from(width).saturating_sub(1), NOTICE_LINES)
        .into_iter()
        .map(|line| {
            let mut spans = vec![Span::raw(" ")];
            spans.extend(line);
            Line::from(spans)
        })
        .collect()
}
