//! Rows of plain text drawn a cell per character. The idle Inspector redraws every second for
//! the countdown, and ratatui's `Line` and `Paragraph` split every span into graphemes first,
//! which was most of that frame for text that is, once escaped, almost always plain ASCII plus
//! a few symbols of tokex's own.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget};

/// The symbols tokex's own lines use besides ASCII: each is one column wide, and none joins the
/// characters around it into one grapheme.
const SYMBOLS: &str = "·…↓↑→←✓✗−–—▶▸▾◆•×⚠○│";

/// A character that is a grapheme of its own, one column wide, whatever surrounds it (text of
/// nothing but these draws one cell per character).
fn is_plain(c: char) -> bool {
    (' '..='~').contains(&c) || (!c.is_ascii() && SYMBOLS.contains(c))
}

fn is_plain_line(line: &Line) -> bool {
    line.spans.iter().all(|span| span.content.chars().all(is_plain))
}

/// Writes `text` (plain characters only) from column `x` of row `y`, stopping at column `right`
/// (both inside `buf`); the column after the last character written.
fn put(buf: &mut Buffer, (x, y): (u16, u16), right: u16, text: &str, style: Style) -> u16 {
    let room = usize::from(right.saturating_sub(x));
    if room == 0 || text.is_empty() {
        // `x` may be the column just past the buffer, which has no index.
        return x;
    }
    let start = buf.index_of(x, y);
    let mut count = 0;
    for (cell, character) in buf.content[start..start + room].iter_mut().zip(text.chars()) {
        cell.set_char(character).set_style(style);
        count += 1;
    }
    x + u16::try_from(count).unwrap_or(u16::MAX)
}

/// A left-aligned line drawn into the first row of an area: the same cells as rendering the
/// `Line` itself, faster when every character is plain (anything else goes to `Line`).
pub struct PlainLine<'a>(pub Line<'a>);

impl Widget for PlainLine<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let line = self.0;
        if line.alignment.is_some() || !is_plain_line(&line) {
            line.render(area, buf);
            return;
        }
        let area = area.intersection(buf.area);
        // As `Line` does: an empty line leaves even the style of its row alone.
        if area.is_empty() || line.spans.iter().all(|span| span.content.is_empty()) {
            return;
        }
        let row = Rect { height: 1, ..area };
        buf.set_style(row, line.style);
        let mut x = row.x;
        for span in &line.spans {
            x = put(buf, (x, row.y), row.right(), &span.content, span.style);
        }
    }
}

/// Left-aligned lines, one a row, cut at the area's width: the same cells as an unwrapped
/// `Paragraph` of them, faster when every character is plain (else it is that paragraph).
pub struct PlainRows<'a>(pub Vec<Line<'a>>);

impl Widget for PlainRows<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let lines = self.0;
        if lines.iter().any(|line| line.alignment.is_some() || !is_plain_line(line)) {
            Paragraph::new(lines).render(area, buf);
            return;
        }
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return;
        }
        // As `Paragraph` does with its default style (it patches nothing, but resets no cell).
        for (line, y) in lines.iter().zip(area.top()..area.bottom()) {
            let mut x = area.x;
            for span in &line.spans {
                let style = line.style.patch(span.style);
                x = put(buf, (x, y), area.right(), &span.content, style);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use ratatui::style::{Color, Modifier, Style};
    use ratatui::text::Span;

    /// Plain text (ASCII and tokex's symbols), and now and then what is not: a combining accent,
    /// an emoji variation selector, a wide character, an escape, a zero-width joiner.
    const TEXT: &str = "[ -~·…↓↑→←✓✗−–—▶▸▾◆•×⚠○│]{0,12}|[a-z ✓⚠é\u{301}\u{fe0f}本\u{1b}\u{200d}]{0,6}";

    fn style(pick: u8) -> Style {
        match pick % 4 {
            0 => Style::default(),
            1 => Style::default().fg(Color::Cyan),
            2 => Style::default().add_modifier(Modifier::BOLD).bg(Color::Blue),
            _ => Style::default().fg(Color::Red).remove_modifier(Modifier::DIM),
        }
    }

    /// Both ways of drawing, onto a buffer that already holds something (as a frame does).
    fn both(line: Line<'static>, area: Rect) -> (Buffer, Buffer) {
        let background = Rect::new(0, 0, 24, 3);
        let mut expected = Buffer::filled(background, ratatui::buffer::Cell::new("#"));
        expected.set_style(background, Style::default().fg(Color::Green).add_modifier(Modifier::ITALIC));
        let mut fast = expected.clone();
        line.clone().render(area, &mut expected);
        PlainLine(line).render(area, &mut fast);
        (expected, fast)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(600))]

        /// The same cells as ratatui's own `Line` rendering: text, styles, clipping at the area's
        /// right edge and the buffer's, and text that is not plain handed over to `Line`.
        #[test]
        fn draws_the_cells_line_draws(
            spans in proptest::collection::vec((TEXT, any::<u8>()), 0..5),
            line_style in any::<u8>(),
            x in 0u16..30,
            y in 0u16..4,
            width in 0u16..30,
        ) {
            let spans: Vec<Span<'static>> = spans.into_iter().map(|(text, pick)| Span::styled(text, style(pick))).collect();
            let line = Line::from(spans).style(style(line_style));
            let (expected, fast) = both(line, Rect::new(x, y, width, 2));
            prop_assert_eq!(expected, fast);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        /// The same cells as an unwrapped `Paragraph` of the same lines, line styles included.
        #[test]
        fn rows_draw_the_cells_a_paragraph_draws(
            lines in proptest::collection::vec(
                (proptest::collection::vec((TEXT, any::<u8>()), 0..4), any::<u8>()),
                0..5,
            ),
            x in 0u16..30,
            y in 0u16..4,
            width in 0u16..30,
            height in 0u16..5,
        ) {
            let lines: Vec<Line<'static>> = lines
                .into_iter()
                .map(|(spans, pick)| {
                    let spans: Vec<Span<'static>> =
                        spans.into_iter().map(|(text, pick)| Span::styled(text, style(pick))).collect();
                    Line::from(spans).style(style(pick))
                })
                .collect();
            let area = Rect::new(x, y, width, height);
            let background = Rect::new(0, 0, 24, 3);
            let mut expected = Buffer::filled(background, ratatui::buffer::Cell::new("#"));
            expected.set_style(background, Style::default().fg(Color::Green).add_modifier(Modifier::ITALIC));
            let mut fast = expected.clone();
            Paragraph::new(lines.clone()).render(area, &mut expected);
            PlainRows(lines).render(area, &mut fast);
            prop_assert_eq!(expected, fast);
        }
    }

    #[test]
    fn an_aligned_line_is_left_to_ratatui() {
        let line = Line::from("right").right_aligned();
        let (expected, fast) = both(line, Rect::new(0, 0, 20, 1));
        assert_eq!(expected, fast);
    }
}
