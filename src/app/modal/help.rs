//! The help overlay: sections of keys (built from the key tables by `app::global_keys`, so it
//! cannot fall behind them), then how to scroll and close it. `update` keeps the scroll within
//! the rows that exist at the screen's height; `ui::modal` draws it.

use super::ModalEvent;
use crate::app::text::fit::{fit_words, words};
use crate::app::text::{Segment, owned};
use crate::palette::Role;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

/// One section of the overlay: a heading and its (keys, what they do) rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpSection {
    pub heading: String,
    pub rows: Vec<(&'static str, &'static str)>,
}

/// The lines under the sections: what paste does and how to leave.
pub const CLOSING_LINES: [&str; 2] = [
    "Paste (bracketed) replaces the token, or goes into the prompt or editor that is open; pasted text never acts as keys.",
    "↑/↓ PgUp/PgDn g/G scroll · ? Esc q close",
];

/// The overlay laid out on a screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpLayout {
    pub area: Rect,
    pub rows: Vec<Vec<Segment<'static>>>,
    /// The first row shown, within the rows.
    pub scroll: usize,
    /// Rows inside the box.
    pub visible: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Help {
    pub sections: Vec<HelpSection>,
    /// The first visible row.
    pub scroll: usize,
}

/// Rows a PgUp/PgDn moves.
const PAGE: usize = 10;

impl Help {
    pub fn new(sections: Vec<HelpSection>) -> Self {
        Self { sections, scroll: 0 }
    }

    /// Where the overlay goes on `screen` and its rows, descriptions wrapped under themselves
    /// so nothing is cut at any width. The renderer draws it and the wheel scrolls it.
    pub fn layout(&self, screen: Rect) -> HelpLayout {
        let label_width =
            self.sections.iter().flat_map(|s| &s.rows).map(|(label, _)| label.width()).max().unwrap_or(4);
        let natural = self
            .sections
            .iter()
            .flat_map(|s| &s.rows)
            .map(|(_, description)| label_width + 2 + description.width())
            .chain(CLOSING_LINES.iter().map(|line| 1 + line.width()))
            .max()
            .unwrap_or(40);
        let width = u16::try_from(natural + 3).unwrap_or(u16::MAX).min(screen.width);
        let inner = usize::from(width.saturating_sub(2));
        let room = inner.saturating_sub(label_width + 2).max(10);
        let mut rows: Vec<Vec<Segment<'static>>> = Vec::new();
        for section in &self.sections {
            rows.push(vec![owned(format!(" {}", section.heading), Role::Section)]);
            for (label, description) in &section.rows {
                for (index, wrapped) in
                    fit_words(&words(description, Role::Plain), room, usize::MAX).into_iter().enumerate()
                {
                    let keys = if index == 0 {
                        format!(" {label:<label_width$} ")
                    } else {
                        " ".repeat(label_width + 2)
                    };
                    let mut row = vec![owned(keys, Role::Label)];
                    row.extend(wrapped);
                    rows.push(row);
                }
            }
        }
        rows.push(Vec::new());
        for line in CLOSING_LINES {
            for wrapped in fit_words(&words(line, Role::Dim), inner.saturating_sub(1), usize::MAX) {
                let mut row = vec![owned(" ", Role::Dim)];
                row.extend(wrapped);
                rows.push(row);
            }
        }
        let height = u16::try_from(rows.len() + 2).unwrap_or(u16::MAX).min(screen.height);
        let (area, _) = super::centred_box(screen, width, height);
        let visible = usize::from(height.saturating_sub(2));
        let scroll = self.scroll.min(rows.len().saturating_sub(visible));
        HelpLayout { area, rows, scroll, visible }
    }

    /// Keeps the scroll where the last page still fills the box on `screen`.
    pub fn clamp(&mut self, screen: Rect) {
        self.scroll = self.layout(screen).scroll;
    }

    /// Scrolls by `delta` rows (the wheel); `clamp` then keeps it on the rows.
    pub fn scroll_by(&mut self, delta: isize) {
        self.scroll = self.scroll.saturating_add_signed(delta);
    }

    pub(super) fn on_key(&mut self, key: &KeyEvent) -> ModalEvent {
        match key.code {
            KeyCode::Char('?') | KeyCode::Esc | KeyCode::Char('q') => return ModalEvent::Cancelled,
            KeyCode::Down | KeyCode::Char('j') => self.scroll = self.scroll.saturating_add(1),
            KeyCode::Up | KeyCode::Char('k') => self.scroll = self.scroll.saturating_sub(1),
            KeyCode::PageDown | KeyCode::Char(' ') => self.scroll = self.scroll.saturating_add(PAGE),
            KeyCode::PageUp => self.scroll = self.scroll.saturating_sub(PAGE),
            KeyCode::Home | KeyCode::Char('g') => self.scroll = 0,
            KeyCode::End | KeyCode::Char('G') => self.scroll = usize::MAX,
            _ => {}
        }
        ModalEvent::Stay
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn help() -> Help {
        let rows = vec![("k", "a key"); 30];
        Help::new(vec![HelpSection { heading: "Keys".to_owned(), rows }])
    }

    #[test]
    fn the_scroll_stops_where_the_last_page_is_full() {
        let mut help = help();
        let screen = Rect::new(0, 0, 80, 12);
        help.on_key(&KeyEvent::from(KeyCode::End));
        help.clamp(screen);
        let rows = help.layout(screen).rows.len();
        assert_eq!(help.scroll, rows - 10);
        help.on_key(&KeyEvent::from(KeyCode::Up));
        assert_eq!(help.scroll, rows - 11, "one key up moves at once");
    }

    #[test]
    fn a_long_description_wraps_under_itself_instead_of_being_cut() {
        let long = "Open every group of operations in the difference, or close them all, one by one";
        let help =
            Help::new(vec![HelpSection { heading: "Keys".to_owned(), rows: vec![("PgDn/Space", long)] }]);
        let layout = help.layout(Rect::new(0, 0, 50, 20));
        assert!(layout.area.width <= 50);
        let text: Vec<String> =
            layout.rows.iter().map(|row| row.iter().map(|(t, _)| t.as_ref()).collect()).collect();
        assert!(text.iter().all(|row| row.width() <= 48), "{text:#?}");
        assert!(text[1].starts_with(" PgDn/Space Open every"), "{text:#?}");
        assert!(text[2].starts_with("            "), "continued under the description: {text:#?}");
        let joined: String = text.iter().map(|r| r.trim()).collect::<Vec<_>>().join(" ");
        assert!(joined.contains("one by one"), "nothing is cut: {joined}");
    }
}
