//! A list to choose from (ids from the last response), filtered by typing: every typed word
//! must appear in the value or its label. ↑ ↓ PgUp PgDn Home End move, Enter picks, Esc
//! cancels.

use super::{Answer, ModalEvent};
use crate::app::text::{InputOutcome, TextInput};
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;

/// Where the picker goes on a screen: the box, the filter row inside it, and the options shown
/// under it (from `first`, `visible` of them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PickerLayout {
    pub area: Rect,
    pub inner: Rect,
    pub first: usize,
    pub visible: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picker {
    pub title: String,
    /// `(value, label)` in the order given.
    pub options: Vec<(String, String)>,
    pub filter: TextInput,
    /// Indices into `options` that pass the filter.
    pub shown: Vec<usize>,
    /// Index into `shown`.
    pub selected: usize,
}

/// Rows a PgUp/PgDn moves.
const PAGE: usize = 10;

impl Picker {
    pub fn new(title: impl Into<String>, options: Vec<(String, String)>) -> Self {
        let shown = (0..options.len()).collect();
        Self { title: title.into(), options, filter: TextInput::default(), shown, selected: 0 }
    }

    pub fn layout(&self, screen: Rect) -> PickerLayout {
        let height = u16::try_from(self.shown.len() + 3)
            .unwrap_or(u16::MAX)
            .clamp(5, screen.height.saturating_sub(2).max(5))
            .min(screen.height);
        let width = screen.width.saturating_sub(10).min(90);
        let (area, inner) = super::centred_box(screen, width, height);
        // The first row inside is the filter.
        let visible = usize::from(inner.height).saturating_sub(1).max(1);
        let first = (self.selected + 1).saturating_sub(visible);
        PickerLayout { area, inner, first, visible }
    }

    /// The option shown at screen row `y`, as an index into `shown`.
    pub fn option_at(&self, screen: Rect, y: u16) -> Option<usize> {
        let layout = self.layout(screen);
        let top = layout.inner.y + 1;
        if y < top || y >= layout.inner.bottom() {
            return None;
        }
        let index = layout.first + usize::from(y - top);
        (index < self.shown.len()).then_some(index)
    }

    /// Puts the cursor on `index` (into `shown`).
    pub fn select(&mut self, index: usize) {
        self.selected = index.min(self.shown.len().saturating_sub(1));
    }

    /// The option under the cursor.
    pub fn current(&self) -> Option<&(String, String)> {
        self.shown.get(self.selected).and_then(|&index| self.options.get(index))
    }

    pub(super) fn type_text(&mut self, text: &str) {
        self.filter.insert(text);
        self.refilter();
    }

    fn refilter(&mut self) {
        let words: Vec<String> = self.filter.text().split_whitespace().map(str::to_lowercase).collect();
        let kept = self.current().map(|(value, _)| value.clone());
        self.shown = self
            .options
            .iter()
            .enumerate()
            .filter(|(_, (value, label))| {
                let haystack = format!("{value} {label}").to_lowercase();
                words.iter().all(|word| haystack.contains(word.as_str()))
            })
            .map(|(index, _)| index)
            .collect();
        self.selected =
            kept.and_then(|value| self.shown.iter().position(|&i| self.options[i].0 == value)).unwrap_or(0);
    }

    pub(super) fn on_key(&mut self, key: &KeyEvent) -> ModalEvent {
        let last = self.shown.len().saturating_sub(1);
        match key.code {
            KeyCode::Up => self.selected = self.selected.saturating_sub(1),
            KeyCode::Down => self.selected = (self.selected + 1).min(last),
            KeyCode::PageUp => self.selected = self.selected.saturating_sub(PAGE),
            KeyCode::PageDown => self.selected = (self.selected + PAGE).min(last),
            KeyCode::Home => self.selected = 0,
            KeyCode::End => self.selected = last,
            KeyCode::Enter => {
                return match self.current() {
                    Some((value, _)) => ModalEvent::Submitted(Answer::Picked(value.clone())),
                    None => ModalEvent::Stay,
                };
            }
            _ => match self.filter.handle_key(key) {
                InputOutcome::Cancelled => return ModalEvent::Cancelled,
                InputOutcome::Edited => self.refilter(),
                InputOutcome::Submitted(_) | InputOutcome::Ignored => {}
            },
        }
        ModalEvent::Stay
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn picker() -> Picker {
        Picker::new(
            "pick",
            vec![
                ("auth0|1".into(), "jane@example.com".into()),
                ("auth0|2".into(), "john@example.com".into()),
                ("auth0|3".into(), "queen@example.org".into()),
            ],
        )
    }

    #[test]
    fn typing_filters_and_enter_picks_what_is_shown() {
        let mut picker = picker();
        for c in "ORG".chars() {
            assert_eq!(picker.on_key(&KeyEvent::from(KeyCode::Char(c))), ModalEvent::Stay);
        }
        assert_eq!(picker.shown, vec![2]);
        assert_eq!(
            picker.on_key(&KeyEvent::from(KeyCode::Enter)),
            ModalEvent::Submitted(Answer::Picked("auth0|3".into()))
        );
    }

    #[test]
    fn letters_filter_instead_of_moving_and_nothing_shown_picks_nothing() {
        let mut picker = picker();
        picker.on_key(&KeyEvent::from(KeyCode::Down));
        assert_eq!(picker.current().map(|(v, _)| v.as_str()), Some("auth0|2"));
        picker.type_text("j");
        // The selection stays on the same option while it still shows.
        assert_eq!(picker.current().map(|(v, _)| v.as_str()), Some("auth0|2"));
        picker.type_text("zzz");
        assert!(picker.shown.is_empty());
        assert_eq!(picker.on_key(&KeyEvent::from(KeyCode::Enter)), ModalEvent::Stay);
        assert_eq!(picker.on_key(&KeyEvent::from(KeyCode::Esc)), ModalEvent::Cancelled);
    }
}
