//! Fitting text into a width: wrapped at spaces into a few lines, and cut after a whole word
//! with `…` when words are left over, never in the middle of one (ratatui would clip at the
//! edge without a sign). The status line and the Inspector's grant line use it.

use ratatui::style::Style;
use ratatui::text::Span;
use unicode_width::UnicodeWidthStr;

/// `text`'s words, each with `style`, for `fit_words`.
pub fn words(text: &str, style: Style) -> Vec<(String, Style)> {
    text.split(' ').filter(|w| !w.is_empty()).map(|w| (w.to_owned(), style)).collect()
}

/// Greedy word wrap into at most `max_lines` lines of `width` columns. A word wider than a
/// line is cut (with `…`); when words are left over, the last line ends with `…` after the
/// last whole word that fits.
pub fn fit_words(words: &[(String, Style)], width: usize, max_lines: usize) -> Vec<Vec<Span<'static>>> {
    let width = width.max(2);
    let mut lines: Vec<Vec<Span<'static>>> = Vec::new();
    let mut current: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    let mut index = 0;
    while index < words.len() {
        let (word, style) = &words[index];
        let word_width = word.width();
        let gap = usize::from(used > 0);
        if used + gap + word_width <= width {
            if gap == 1 {
                current.push(Span::raw(" "));
            }
            current.push(Span::styled(word.clone(), *style));
            used += gap + word_width;
            index += 1;
            continue;
        }
        if used == 0 {
            // A single word wider than the line (a URL, an id): cut it, keeping the mark.
            current.push(Span::styled(cut_to(word, width - 1) + "…", *style));
            used = width;
            index += 1;
        }
        if lines.len() + 1 == max_lines {
            break;
        }
        lines.push(std::mem::take(&mut current));
        used = 0;
    }
    if index < words.len() {
        // Words are left: end the last line with `…`, dropping whole words until it fits.
        while used + 1 > width && current.len() > 1 {
            let dropped = current.pop().map_or(0, |s| s.content.width());
            used = used.saturating_sub(dropped);
            if current.last().is_some_and(|s| s.content == " ") {
                current.pop();
                used = used.saturating_sub(1);
            }
        }
        if !current.last().is_some_and(|s| s.content.ends_with('…')) {
            current.push(Span::raw("…"));
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

fn cut_to(word: &str, width: usize) -> String {
    let mut used = 0;
    word.chars()
        .take_while(|c| {
            used += unicode_width::UnicodeWidthChar::width(*c).unwrap_or(0);
            used <= width
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(text: &str) -> Vec<(String, Style)> {
        words(text, Style::new())
    }

    fn texts(lines: &[Vec<Span<'static>>]) -> Vec<String> {
        lines.iter().map(|l| l.iter().map(|s| s.content.as_ref()).collect()).collect()
    }

    #[test]
    fn wraps_at_spaces_and_shortens_with_an_ellipsis_after_a_whole_word() {
        let words = plain("one two three four five six seven eight");
        assert_eq!(texts(&fit_words(&words, 40, 2)), ["one two three four five six seven eight"]);
        assert_eq!(texts(&fit_words(&words, 14, 2)), ["one two three", "four five six…"]);
        assert_eq!(texts(&fit_words(&words, 14, 1)), ["one two three…"]);
        let long = plain("abcdefghijklmnopqrstuvwxyz tail");
        assert_eq!(texts(&fit_words(&long, 10, 2)), ["abcdefghi…", "tail"]);
    }
}
