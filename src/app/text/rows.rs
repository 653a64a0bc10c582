//! Where each of a list of lines falls once wrapped at one width: the first row of every line
//! and, for the lines taller than one row, where each of their rows starts. Built once per
//! text and width, so a frame turns only the rows on screen into text, and scrolling, page keys
//! and the mouse count the same rows the renderer draws.

use super::Segment;
use super::wrap::{RowStart, line_width, row_of, wrap};
use std::borrow::Cow;

/// Every row of `lines` wrapped at `width`, owned: for short texts laid out whole (the
/// details box, a confirmation).
pub fn wrap_all(lines: &[Vec<Segment<'_>>], width: u16) -> Vec<Vec<Segment<'static>>> {
    let wrapped = WrappedLines::new(lines.len(), width, |i| lines[i].clone());
    wrapped.rows(0, wrapped.total_rows(), |i| lines[i].clone())
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WrappedLines {
    pub width: u16,
    /// First row of each line, then the total number of rows.
    starts: Vec<usize>,
    /// The row starts of every line taller than one row, by line index (sorted).
    wrapped: Vec<(usize, Vec<RowStart>)>,
}

impl WrappedLines {
    /// Wraps `count` lines at `width`; `line(i)` gives line `i`'s text.
    pub fn new<'a>(count: usize, width: u16, mut line: impl FnMut(usize) -> Vec<Segment<'a>>) -> Self {
        let mut wrapped = Self { width, starts: Vec::with_capacity(count + 1), wrapped: Vec::new() };
        let mut row = 0;
        for index in 0..count {
            wrapped.starts.push(row);
            row += wrapped.place(index, &line(index));
        }
        wrapped.starts.push(row);
        wrapped
    }

    /// Every line one row high: for text scrolled sideways instead of wrapped.
    pub fn unwrapped(count: usize) -> Self {
        Self { width: 0, starts: (0..=count).collect(), wrapped: Vec::new() }
    }

    /// Wraps line `index` (keeping its row starts when it takes more than one row); its height.
    fn place(&mut self, index: usize, text: &[Segment<'_>]) -> usize {
        if line_width(text) <= usize::from(self.width.max(1)) {
            return 1;
        }
        let starts = wrap(text, self.width);
        let height = starts.len();
        self.wrapped.push((index, starts));
        height
    }

    /// How many rows `text` takes at this width (for a line whose text changed).
    pub fn height_of(&self, text: &[Segment<'_>]) -> usize {
        if line_width(text) <= usize::from(self.width.max(1)) { 1 } else { wrap(text, self.width).len() }
    }

    pub fn total_rows(&self) -> usize {
        self.starts.last().copied().unwrap_or(0)
    }

    pub fn line_count(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    pub fn start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or_else(|| self.total_rows())
    }

    pub fn height(&self, line: usize) -> usize {
        self.start(line + 1).saturating_sub(self.start(line))
    }

    /// The line that covers `row` (the last line when `row` is past the end).
    pub fn line_at_row(&self, row: usize) -> usize {
        self.starts
            .partition_point(|start| *start <= row)
            .saturating_sub(1)
            .min(self.line_count().saturating_sub(1))
    }

    /// The row starts of `line` when it takes more than one row.
    pub fn rows_of(&self, line: usize) -> Option<&[RowStart]> {
        self.wrapped
            .binary_search_by_key(&line, |(index, _)| *index)
            .ok()
            .map(|found| self.wrapped[found].1.as_slice())
    }

    /// Rows `first..first + count` of the text, owned, with `line(i)` giving line `i`'s text.
    pub fn rows<'a>(
        &self,
        first: usize,
        count: usize,
        mut line: impl FnMut(usize) -> Vec<Segment<'a>>,
    ) -> Vec<Vec<Segment<'static>>> {
        let mut rows = Vec::with_capacity(count);
        let mut index = self.line_at_row(first);
        let mut offset = first.saturating_sub(self.start(index));
        while rows.len() < count && index < self.line_count() {
            let text = line(index);
            match self.rows_of(index) {
                Some(starts) => {
                    for row in offset..starts.len() {
                        if rows.len() == count {
                            break;
                        }
                        rows.push(owned_row(row_of(&text, starts, row)));
                    }
                }
                None => rows.push(owned_row(text)),
            }
            offset = 0;
            index += 1;
        }
        rows
    }
}

fn owned_row(row: Vec<Segment<'_>>) -> Vec<Segment<'static>> {
    row.into_iter().map(|(text, role)| (Cow::Owned(text.into_owned()), role)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::text::owned;
    use crate::palette::Role;

    #[test]
    fn rows_are_counted_and_drawn_alike() {
        let lines = ["short".to_owned(), "a b c d e f g h i j k l".to_owned(), "tail".to_owned()];
        let text = |i: usize| vec![owned(lines[i].clone(), Role::Plain)];
        let wrapped = WrappedLines::new(3, 6, text);
        assert_eq!(wrapped.total_rows(), 1 + 4 + 1);
        assert_eq!(wrapped.line_at_row(3), 1);
        let rows = wrapped.rows(1, 10, text);
        let shown: Vec<String> = rows.iter().map(|r| r.iter().map(|(t, _)| t.as_ref()).collect()).collect();
        assert_eq!(shown, ["a b c ", "d e f ", "g h i ", "j k l", "tail"]);
        assert_eq!(WrappedLines::unwrapped(3).total_rows(), 3);
    }
}
