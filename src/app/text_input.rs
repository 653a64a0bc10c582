//! A single-line text editor: enough for typing a token or a filter.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    text: String,
    /// Cursor position in characters.
    cursor: usize,
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
        Self { text: text.to_owned(), cursor: text.chars().count() }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// Inserts pasted or typed text at the cursor.
    pub fn insert(&mut self, text: &str) {
        let at = self.byte_index(self.cursor);
        self.text.insert_str(at, text);
        self.cursor += text.chars().count();
    }

    pub fn handle_key(&mut self, key: &KeyEvent) -> InputOutcome {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
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
