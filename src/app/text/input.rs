//! A single-line text editor: enough for typing a token or a filter. The cursor moves by
//! character; what is shown is measured in terminal columns (CJK and most emoji take two).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use unicode_width::UnicodeWidthChar;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    text: String,
    /// Cursor position in characters.
    cursor: usize,
    /// The whole text is selected (a reopened filter): typing or pasting replaces it,
    /// Backspace/Delete clear it, a movement key keeps it and starts editing it.
    selected: bool,
}

/// What a key did to the input line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputOutcome {
    Edited,
    Submitted(String),
    Cancelled,
    Ignored,
}

impl TextInput {
    pub fn with_text(text: &str) -> Self {
        Self { text: text.to_owned(), cursor: text.chars().count(), selected: false }
    }

    /// `text` with all of it selected (when there is any), cursor at its end.
    pub fn with_selected_text(text: &str) -> Self {
        Self { selected: !text.is_empty(), ..Self::with_text(text) }
    }

    /// Whether the whole text is selected.
    pub fn is_selected(&self) -> bool {
        self.selected
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The cursor position in characters.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// What to show in a field `width` columns wide so that the cursor stays visible: the
    /// visible part of the text and the cursor's column within it. When the text does not
    /// fit, the part that ends at the cursor is shown.
    pub fn window(&self, width: usize) -> (String, usize) {
        let chars: Vec<char> = self.text.chars().collect();
        let columns = |c: &char| c.width().unwrap_or(0);
        let mut start = self.cursor.min(chars.len());
        let mut cursor_column = 0;
        while start > 0 {
            let wider = cursor_column + columns(&chars[start - 1]);
            if wider > width {
                break;
            }
            cursor_column = wider;
            start -= 1;
        }
        let mut used = 0;
        let visible = chars[start..]
            .iter()
            .take_while(|c| {
                used += columns(c);
                used <= width
            })
            .collect();
        (visible, cursor_column)
    }

    /// Inserts pasted or typed text at the cursor (replacing a selected text).
    pub fn insert(&mut self, text: &str) {
        self.replace_selection();
        let at = self.byte_index(self.cursor);
        self.text.insert_str(at, text);
        self.cursor += text.chars().count();
    }

    /// Drops a selected text (typing over it, Backspace, Delete).
    fn replace_selection(&mut self) {
        if std::mem::take(&mut self.selected) {
            self.text.clear();
            self.cursor = 0;
        }
    }

    pub fn handle_key(&mut self, key: &KeyEvent) -> InputOutcome {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if self.selected {
            match key.code {
                KeyCode::Backspace | KeyCode::Delete => {
                    self.replace_selection();
                    return InputOutcome::Edited;
                }
                // Typing replaces (in `insert`); anything else keeps the text and edits it.
                KeyCode::Char(_) if !ctrl => {}
                _ => self.selected = false,
            }
        }
        match key.code {
            KeyCode::Enter => InputOutcome::Submitted(self.text.clone()),
            KeyCode::Esc => InputOutcome::Cancelled,
            KeyCode::Char('u') if ctrl => {
                self.text.clear();
                self.cursor = 0;
                InputOutcome::Edited
            }
            KeyCode::Char('a') if ctrl => {
                self.cursor = 0;
                InputOutcome::Edited
            }
            KeyCode::Char('e') if ctrl => {
                self.cursor = self.text.chars().count();
                InputOutcome::Edited
            }
            KeyCode::Char(c) if !ctrl => {
                let mut buffer = [0u8; 4];
                self.insert(c.encode_utf8(&mut buffer));
                InputOutcome::Edited
            }
            KeyCode::Backspace if self.cursor > 0 => {
                self.cursor -= 1;
                let at = self.byte_index(self.cursor);
                self.text.remove(at);
                InputOutcome::Edited
            }
            KeyCode::Delete if self.cursor < self.text.chars().count() => {
                let at = self.byte_index(self.cursor);
                self.text.remove(at);
                InputOutcome::Edited
            }
            KeyCode::Left => {
                self.cursor = self.cursor.saturating_sub(1);
                InputOutcome::Edited
            }
            KeyCode::Right => {
                self.cursor = (self.cursor + 1).min(self.text.chars().count());
                InputOutcome::Edited
            }
            KeyCode::Home => {
                self.cursor = 0;
                InputOutcome::Edited
            }
            KeyCode::End => {
                self.cursor = self.text.chars().count();
                InputOutcome::Edited
            }
            _ => InputOutcome::Ignored,
        }
    }

    fn byte_index(&self, chars: usize) -> usize {
        self.text.char_indices().nth(chars).map_or(self.text.len(), |(index, _)| index)
    }
}

#[cfg(test)]
mod tests {
    use super::TextInput;

    #[test]
    fn the_window_counts_columns_not_characters() {
        let input = TextInput::with_text("ab日本🎉");
        assert_eq!(input.window(20), ("ab日本🎉".to_owned(), 8));
        // Only the tail that ends at the cursor fits; a wide character is never cut in half.
        assert_eq!(input.window(5), ("本🎉".to_owned(), 4));
        let mut input = TextInput::with_text("日本語日本語");
        input.handle_key(&crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Home));
        assert_eq!(input.window(5), ("日本".to_owned(), 0));
    }

    #[test]
    fn a_selected_text_is_replaced_by_typing_and_kept_by_moving() {
        use crossterm::event::{KeyCode, KeyEvent};
        let mut typed = TextInput::with_selected_text("users");
        assert!(typed.is_selected());
        typed.handle_key(&KeyEvent::from(KeyCode::Char('r')));
        assert_eq!((typed.text(), typed.is_selected()), ("r", false));
        let mut kept = TextInput::with_selected_text("users");
        kept.handle_key(&KeyEvent::from(KeyCode::End));
        kept.handle_key(&KeyEvent::from(KeyCode::Char('!')));
        assert_eq!(kept.text(), "users!");
        let mut left = TextInput::with_selected_text("users");
        left.handle_key(&KeyEvent::from(KeyCode::Left));
        left.handle_key(&KeyEvent::from(KeyCode::Char('X')));
        assert_eq!(left.text(), "userXs");
        let mut erased = TextInput::with_selected_text("users");
        erased.handle_key(&KeyEvent::from(KeyCode::Backspace));
        assert_eq!(erased.text(), "");
        let mut pasted = TextInput::with_selected_text("users");
        pasted.insert("roles");
        assert_eq!(pasted.text(), "roles");
        assert!(!TextInput::with_selected_text("").is_selected());
    }
}
