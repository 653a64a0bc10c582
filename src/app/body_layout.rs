//! Where each line of the inspector's body falls once wrapped at one width. Built once per
//! token and width (the runtime asks `ui::inspector_body::lay_out` before a frame when the
//! cached one no longer fits), so a frame only turns the rows on screen into text: a 5 MB
//! token then costs a countdown tick what a 1 KB one does.

/// Where a row of a pre-split long line starts: a span of that line and a byte offset in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowStart {
    pub span: usize,
    pub byte: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyLayout {
    /// Inner width of the body the lines were wrapped for.
    pub width: u16,
    /// Length of the raw token laid out: a cheap check that the layout belongs to the token
    /// shown (the model also drops the layout whenever the token changes).
    pub token_len: usize,
    /// First row of each line, then the total number of rows.
    pub starts: Vec<usize>,
    /// Lines too long to wrap on every frame, split into rows once: (line, row starts),
    /// sorted by line.
    pub long_lines: Vec<(usize, Vec<RowStart>)>,
    /// Lines whose text follows the clock (time claims) and their height when laid out: a
    /// different height calls for a new layout.
    pub clock_lines: Vec<(usize, usize)>,
}

impl BodyLayout {
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

    /// The row starts of `line` when it was split into rows at layout time.
    pub fn long_rows(&self, line: usize) -> Option<&[RowStart]> {
        self.long_lines
            .binary_search_by_key(&line, |(index, _)| *index)
            .ok()
            .map(|found| self.long_lines[found].1.as_slice())
    }
}
