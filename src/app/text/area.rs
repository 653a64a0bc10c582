//! A multi-line text editor for the JSON body: Enter inserts a line break, Ctrl-S keeps the
//! text, Esc cancels. The cursor moves by character and by line; what is shown is worked out
//! by the UI from `lines` and `cursor_position`.

use super::input::InputOutcome;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextArea {
    text: String,
    /// Cursor position in characters into `text`.
    cursor: usize,
}

/// Spaces a Tab inserts (JSON is indented by two here, as `to_string_pretty` does).
const TAB: &str = "  ";

impl TextArea {
    /// `text` with the cursor at its start, where a JSON body's first key is.
    pub fn with_text(text: &str) -> Self {
        Self { text: text.replace("\r\n", "\n"), cursor: 0 }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text's lines (an empty text is one empty line).
    pub fn lines(&self) -> Vec<&str> {
        self.text.split('\n').collect()
    }

    /// The cursor as `(line, column)`, both from 0, the column in characters.
    pub fn cursor_position(&self) -> (usize, usize) {
        let before: String = self.text.chars().take(self.cursor).collect();
        let line = before.matches('\n').count();
        let column = before.rsplit('\n').next().map_or(0, |tail| tail.chars().count());
        (line, column)
    }

    /// Inserts pasted or typed text at the cursor (line breaks included).
    pub fn insert(&mut self, text: &str) {
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        let at = self.byte_index(self.cursor);
        self.text.insert_str(at, &text);
        self.cursor += text.chars().count();
    }

    pub fn handle_key(&mut self, key: &KeyEvent) -> InputOutcome {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Char('s') if ctrl => return InputOutcome::Submitted(self.text.clone()),
            KeyCode::Esc => return InputOutcome::Cancelled,
            KeyCode::Enter => self.insert("\n"),
            KeyCode::Tab => self.insert(TAB),
            KeyCode::Char('u') if ctrl => {
                self.text.clear();
                self.cursor = 0;
            }
            KeyCode::Char('a') if ctrl => self.cursor = self.line_start(),
            KeyCode::Char('e') if ctrl => self.cursor = self.line_end(),
            KeyCode::Char(c) if !ctrl => {
                let mut buffer = [0u8; 4];
                self.insert(c.encode_utf8(&mut buffer));
            }
            KeyCode::Backspace if self.cursor > 0 => {
                self.cursor -= 1;
                let at = self.byte_index(self.cursor);
                self.text.remove(at);
            }
            KeyCode::Delete if self.cursor < self.text.chars().count() => {
                let at = self.byte_index(self.cursor);
                self.text.remove(at);
            }
            KeyCode::Left => self.cursor = self.cursor.saturating_sub(1),
            KeyCode::Right => self.cursor = (self.cursor + 1).min(self.text.chars().count()),
            KeyCode::Home => self.cursor = self.line_start(),
            KeyCode::End => self.cursor = self.line_end(),
            KeyCode::Up => self.move_lines(-1),
            KeyCode::Down => self.move_lines(1),
            KeyCode::PageUp => self.move_lines(-10),
            KeyCode::PageDown => self.move_lines(10),
            _ => return InputOutcome::Ignored,
        }
        InputOutcome::Edited
    }

    /// Moves the cursor `delta` lines, keeping its column where the line is long enough.
    fn move_lines(&mut self, delta: isize) {
        let (line, column) = self.cursor_position();
        let lines = self.lines();
        let target = line.saturating_add_signed(delta).min(lines.len().saturating_sub(1));
        let before: usize = lines.iter().take(target).map(|l| l.chars().count() + 1).sum();
        let length = lines.get(target).map_or(0, |l| l.chars().count());
        self.cursor = before + column.min(length);
    }

    fn line_start(&self) -> usize {
        let (_, column) = self.cursor_position();
        self.cursor - column
    }

    fn line_end(&self) -> usize {
        let (line, _) = self.cursor_position();
        let length = self.lines().get(line).map_or(0, |l| l.chars().count());
        self.line_start() + length
    }

    fn byte_index(&self, chars: usize) -> usize {
        self.text.char_indices().nth(chars).map_or(self.text.len(), |(index, _)| index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(area: &mut TextArea, code: KeyCode) -> InputOutcome {
        area.handle_key(&KeyEvent::from(code))
    }

    #[test]
    fn enter_breaks_the_line_and_ctrl_s_keeps_the_text() {
        let mut area = TextArea::with_text("{}");
        press(&mut area, KeyCode::Right);
        press(&mut area, KeyCode::Enter);
        for c in "\"a\": 1".chars() {
            press(&mut area, KeyCode::Char(c));
        }
        press(&mut area, KeyCode::Enter);
        assert_eq!(area.text(), "{\n\"a\": 1\n}");
        assert_eq!(area.cursor_position(), (2, 0));
        press(&mut area, KeyCode::Up);
        press(&mut area, KeyCode::End);
        assert_eq!(area.cursor_position(), (1, 6));
        let keep = area.handle_key(&KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
        assert_eq!(keep, InputOutcome::Submitted("{\n\"a\": 1\n}".to_owned()));
    }

    #[test]
    fn up_and_down_keep_the_column_where_they_can() {
        let mut area = TextArea::with_text("abcdef\nab\nabcdef");
        press(&mut area, KeyCode::End);
        press(&mut area, KeyCode::Down);
        assert_eq!(area.cursor_position(), (1, 2));
        press(&mut area, KeyCode::Down);
        assert_eq!(area.cursor_position(), (2, 2));
        press(&mut area, KeyCode::Down);
        assert_eq!(area.cursor_position(), (2, 2), "the last line stays");
    }
}
