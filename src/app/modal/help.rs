//! The help overlay: sections of keys (built from the key tables by `app::global_keys`, so it
//! cannot fall behind them), then how to scroll and close it. `update` keeps the scroll within
//! the rows that exist at the screen's height; `ui::modal` draws it.

use super::ModalEvent;
use crossterm::event::{KeyCode, KeyEvent};

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

    /// Rows of the overlay's text: headings, keys, a blank line and the closing lines.
    pub fn line_count(&self) -> usize {
        self.sections.iter().map(|s| s.rows.len() + 1).sum::<usize>() + 1 + CLOSING_LINES.len()
    }

    /// Keeps the scroll where the last page still fills a box `visible` rows high.
    pub fn clamp(&mut self, visible: usize) {
        self.scroll = self.scroll.min(self.line_count().saturating_sub(visible.max(1)));
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
        help.on_key(&KeyEvent::from(KeyCode::End));
        help.clamp(10);
        assert_eq!(help.scroll, help.line_count() - 10);
        help.on_key(&KeyEvent::from(KeyCode::Up));
        assert_eq!(help.scroll, help.line_count() - 11, "one key up moves at once");
    }
}
