//! One row of printable ASCII drawn a cell per byte. The idle Inspector redraws its body every
//! second for the countdown, and ratatui's `Line` splits every span into graphemes first, which
//! was most of that frame for text that is, once escaped, almost always plain ASCII.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Widget;

/// A left-aligned line drawn into the first row of an area: the same cells as rendering the
/// `Line` itself, faster when every span is printable ASCII (anything else goes to `Line`).
pub struct AsciiLine<'a>(pub Line<'a>);

impl Widget for AsciiLine<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let line = self.0;
        let printable = |text: &str| text.bytes().all(|b| (b' '..=b'~').contains(&b));
        if line.alignment.is_some() || !line.spans.iter().all(|span| printable(&span.content)) {
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
            for byte in span.content.bytes() {
                if x >= row.right() {
                    return;
                }
                buf[(x, row.y)].set_char(char::from(byte)).set_style(span.style);
                x += 1;
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
        AsciiLine(line).render(area, &mut fast);
        (expected, fast)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(600))]

        /// The same cells as ratatui's own `Line` rendering: text, styles, clipping at the area's
        /// right edge and the buffer's, and non-ASCII text handed over to `Line`.
        #[test]
        fn draws_the_cells_line_draws(
            spans in proptest::collection::vec(("[ -~]{0,12}|[a-z é✓\u{1b}]{0,6}", any::<u8>()), 0..5),
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

    #[test]
    fn an_aligned_line_is_left_to_ratatui() {
        let line = Line::from("right").right_aligned();
        let (expected, fast) = both(line, Rect::new(0, 0, 20, 1));
        assert_eq!(expected, fast);
    }
}
