//! The bottom line: the section that has the keyboard and its main keys. While a modal is open
//! it names the modal instead, since it takes every key. With the `▶` mark on the focused
//! section's title, focus stays visible without colour.

use super::text::focus_style;
use super::theme;
use crate::app::Model;
use crate::app::modal::ModalKind;
use crate::app::panes::Footer;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

/// The section (or modal) that has the keyboard and its main keys.
fn focused(model: &Model) -> (String, &'static [(&'static str, &'static str)]) {
    let modal = model.modal.as_ref().map(|m| &m.kind).or_else(|| model.panes.get(model.focus).modal());
    match modal {
        Some(kind) => modal_footer(kind),
        None => {
            let Footer { section, keys } = model.panes.get(model.focus).footer(&model.context());
            (section.to_owned(), keys)
        }
    }
}

fn modal_footer(kind: &ModalKind) -> (String, &'static [(&'static str, &'static str)]) {
    match kind {
        ModalKind::Line(prompt) if prompt.input.is_selected() => (
            capitalised(&prompt.title),
            &[("type", "replaces"), ("← → End", "edit it"), ("Enter", "keeps"), ("Esc", "cancels")],
        ),
        ModalKind::Line(prompt) => {
            (capitalised(&prompt.title), &[("Enter", "keeps"), ("Esc", "cancels"), ("Ctrl-U", "clears")])
        }
        ModalKind::Text(prompt) => (
            capitalised(&prompt.title),
            &[("Enter", "new line"), ("Ctrl-S", "keeps"), ("Esc", "cancels"), ("↑↓←→", "move")],
        ),
        ModalKind::Pick(_) => (
            "Pick".to_owned(),
            &[("type", "filters"), ("↑↓", "move"), ("Enter", "takes"), ("Esc", "cancels")],
        ),
        ModalKind::Confirm(_) => (
            "Confirm".to_owned(),
            &[("type", "the answer"), ("Enter", "sends"), ("Esc", "cancels"), ("↑↓", "scroll")],
        ),
        ModalKind::Help(_) => ("Help".to_owned(), &[("↑↓", "scroll"), ("? Esc q", "close")]),
    }
}

/// A prompt's title before its keys, capitalised: `filter operations · Enter keeps` → `Filter operations`.
fn capitalised(title: &str) -> String {
    let title = title.split(" ·").next().unwrap_or(title);
    let mut chars = title.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// `List · ↑↓ move  Enter call  / filter …`: as many keys as fit `width`, whole ones only.
pub fn footer_line(model: &Model, width: u16) -> Line<'static> {
    let (name, keys) = focused(model);
    let mut used = name.width() + 2;
    let mut spans = vec![Span::styled(name, focus_style()), Span::raw(" ·")];
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
