//! Word wrapping of a styled line into rows of a width: after the last space that fits, else
//! (a base64url run, say) exactly at the width. `update` wraps once per text and width and
//! keeps the row starts; the renderer draws the rows it is given, so scrolling, page keys and
//! the mouse all agree with what is on screen.

use super::Segment;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Where a row of a wrapped line starts: a segment of that line and a byte offset in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowStart {
    pub segment: usize,
    pub byte: usize,
}

/// Columns of `line` (escaped text: ASCII segments are one column a byte).
pub fn line_width(line: &[Segment<'_>]) -> usize {
    line.iter().map(|(text, _)| if text.is_ascii() { text.len() } else { text.width() }).sum()
}

/// The row starts of `line` wrapped at `width` columns (one row, starting at 0, when it fits).
pub fn wrap(line: &[Segment<'_>], width: u16) -> Vec<RowStart> {
    let mut rows = RowSplitter::new(width);
    if line_width(line) <= rows.width {
        return rows.starts;
    }
    for (segment, text) in line.iter().map(|(text, _)| text.as_ref()).enumerate() {
        // Shown text is escaped, so ASCII text is printable: one column a byte, no lookups
        // (a megabyte token is almost all ASCII).
        if text.is_ascii() {
            rows.advance_ascii(segment, text.as_bytes());
        } else {
            for (byte, character) in text.char_indices() {
                rows.advance(RowStart { segment, byte }, character.width().unwrap_or(0), character == ' ');
            }
        }
    }
    rows.starts
}

/// Row `row` of `line` as `wrap` split it, borrowing from the line.
pub fn row_of<'a>(line: &'a [Segment<'a>], starts: &[RowStart], row: usize) -> Vec<Segment<'a>> {
    let Some(start) = starts.get(row).copied() else { return Vec::new() };
    let end = starts.get(row + 1).copied();
    let mut segments = Vec::new();
    for (index, (text, role)) in line.iter().enumerate().skip(start.segment) {
        let from = if index == start.segment { start.byte } else { 0 };
        let ends_here = end.is_some_and(|end| end.segment == index);
        let to = if ends_here { end.map_or(text.len(), |end| end.byte) } else { text.len() };
        if from < to {
            segments.push((std::borrow::Cow::Borrowed(&text[from..to]), *role));
        }
        if ends_here {
            break;
        }
    }
    segments
}

struct RowSplitter {
    width: usize,
    starts: Vec<RowStart>,
    /// Columns used in the current row.
    used: usize,
    /// Where a row could start after the last space in this row, and the columns before it.
    after_space: Option<(RowStart, usize)>,
}

impl RowSplitter {
    fn new(width: u16) -> Self {
        Self {
            width: usize::from(width.max(1)),
            starts: vec![RowStart { segment: 0, byte: 0 }],
            used: 0,
            after_space: None,
        }
    }

    /// Places the character at `at`, `columns` wide.
    fn advance(&mut self, at: RowStart, columns: usize, is_space: bool) {
        while self.used + columns > self.width && self.used > 0 {
            match self.after_space.take() {
                Some((start, before)) if before < self.used => {
                    self.starts.push(start);
                    self.used -= before;
                }
                _ => {
                    self.starts.push(at);
                    self.used = 0;
                }
            }
        }
        self.used += columns;
        if is_space {
            self.after_space = Some((RowStart { segment: at.segment, byte: at.byte + 1 }, self.used));
        }
    }

    /// Places the printable ASCII `text` of `segment`: the same rows as `advance` on each of its
    /// characters, found a row at a time (a megabyte claim is thousands of rows, not a million
    /// steps). Within a row nothing wraps, so only the row's last space matters.
    fn advance_ascii(&mut self, segment: usize, text: &[u8]) {
        let mut byte = 0;
        while byte < text.len() {
            if self.used >= self.width {
                // The row is full: the next character starts a row, as `advance` places it.
                self.advance(RowStart { segment, byte }, 1, text[byte] == b' ');
                byte += 1;
                continue;
            }
            let take = (self.width - self.used).min(text.len() - byte);
            if let Some(space) = memchr::memrchr(b' ', &text[byte..byte + take]) {
                let after = RowStart { segment, byte: byte + space + 1 };
                self.after_space = Some((after, self.used + space + 1));
            }
            self.used += take;
            byte += take;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::text::owned;
    use crate::palette::Role;

    /// `wrap` as one `advance` per character, the definition the ASCII path must match.
    fn rows_one_by_one(line: &[Segment<'_>], width: u16) -> Vec<RowStart> {
        let mut rows = RowSplitter::new(width);
        for (segment, text) in line.iter().map(|(text, _)| text.as_ref()).enumerate() {
            for (byte, character) in text.char_indices() {
                rows.advance(RowStart { segment, byte }, character.width().unwrap_or(0), character == ' ');
            }
        }
        rows.starts
    }

    #[test]
    fn runs_of_a_token_split_like_one_character_at_a_time() {
        let line: Vec<Segment> = [
            "  raw ".to_owned(),
            "eyJhbGciOiJSUzI1NiJ9".to_owned(),
            ".".to_owned(),
            "x".repeat(1_000),
            " words with spaces ".to_owned(),
            "lorem ipsum dolor sit amet ".repeat(40),
            "  two  spaces   three    four ".to_owned(),
            format!("{} {}", "w".repeat(150), "v".repeat(9)),
            "é".repeat(30),
            "y".repeat(77),
        ]
        .into_iter()
        .map(|text| owned(text, Role::Plain))
        .collect();
        for width in [1, 2, 3, 5, 6, 7, 10, 26, 27, 28, 37, 80, 119, 2_000] {
            let expected = if line_width(&line) <= usize::from(width) {
                vec![RowStart { segment: 0, byte: 0 }]
            } else {
                rows_one_by_one(&line, width)
            };
            assert_eq!(wrap(&line, width), expected, "width {width}");
        }
    }

    #[test]
    fn rows_join_back_into_the_line() {
        let line = vec![owned("alpha beta ", Role::Label), owned("gamma delta epsilon", Role::Plain)];
        let starts = wrap(&line, 12);
        assert_eq!(starts.len(), 3);
        let joined: String = (0..starts.len())
            .flat_map(|row| row_of(&line, &starts, row))
            .map(|(text, _)| text.into_owned())
            .collect();
        assert_eq!(joined, "alpha beta gamma delta epsilon");
        let first: Vec<_> = row_of(&line, &starts, 0);
        assert_eq!(first[0].1, Role::Label);
    }
}
