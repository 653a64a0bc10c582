//! Fitting text into a width: wrapped at spaces into a few lines, and cut after a whole word
//! with `…` when words are left over, never in the middle of one (a renderer would clip at the
//! edge without a sign). The notice, the footer, the grant line and the API pane use it.

use super::Segment;
use crate::palette::Role;
use std::borrow::Cow;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// `text`'s words, each with `role`, for `fit_words`.
pub fn words(text: &str, role: Role) -> Vec<(String, Role)> {
    text.split(' ').filter(|w| !w.is_empty()).map(|w| (w.to_owned(), role)).collect()
}

/// Greedy word wrap into at most `max_lines` lines of `width` columns. A word wider than a
/// line is cut (with `…`); when words are left over, the last line ends with `…` after the
/// last whole word that fits.
pub fn fit_words(words: &[(String, Role)], width: usize, max_lines: usize) -> Vec<Vec<Segment<'static>>> {
    let width = width.max(2);
    let max_lines = max_lines.max(1);
    let mut lines: Vec<Vec<Segment<'static>>> = Vec::new();
    let mut current: Vec<Segment<'static>> = Vec::new();
    let mut used = 0;
    let mut index = 0;
    while index < words.len() {
        let (word, role) = &words[index];
        let word_width = word.width();
        let gap = usize::from(used > 0);
        if used + gap + word_width <= width {
            if gap == 1 {
                current.push((Cow::Borrowed(" "), Role::Plain));
            }
            current.push((Cow::Owned(word.clone()), *role));
            used += gap + word_width;
            index += 1;
            continue;
        }
        if used == 0 {
            // A single word wider than the line (a URL, an id): cut it, keeping the mark.
            current.push((Cow::Owned(cut_to(word, width - 1) + "…"), *role));
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
            let dropped = current.pop().map_or(0, |(text, _)| text.width());
            used = used.saturating_sub(dropped);
            if current.last().is_some_and(|(text, _)| text == " ") {
                current.pop();
                used = used.saturating_sub(1);
            }
        }
        if !current.last().is_some_and(|(text, _)| text.ends_with('…')) {
            current.push((Cow::Borrowed("…"), Role::Plain));
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

/// `text` in at most `width` columns: itself when it fits, else cut after the last whole word
/// that fits, with `…` (a single word longer than the width is cut inside it, with `…`).
pub fn shorten(text: &str, width: usize) -> Cow<'_, str> {
    if text.width() <= width {
        return Cow::Borrowed(text);
    }
    if width == 0 {
        return Cow::Borrowed("");
    }
    let head = cut_to(text, width - 1);
    let at_word = match head.rfind(' ') {
        Some(space) if space > 0 && !text[head.len()..].starts_with(' ') => head[..space].trim_end(),
        _ => head.trim_end(),
    };
    let kept = if at_word.is_empty() { head.as_str() } else { at_word };
    Cow::Owned(format!("{kept}…"))
}

/// `row` in at most `width` columns: whole when it fits, else cut inside the segment that
/// overflows (after a whole word where it can) and ended with `…`; what follows is dropped.
pub fn fit_segments(row: Vec<Segment<'_>>, width: usize) -> Vec<Segment<'static>> {
    fit_parts(row, width)
}

/// [`fit_segments`] for runs of text tagged with anything (a role, or a style where the
/// renderer builds its own spans).
pub fn fit_parts<T>(row: Vec<(Cow<'_, str>, T)>, width: usize) -> Vec<(Cow<'static, str>, T)> {
    let mut used = 0;
    let mut fitted = Vec::with_capacity(row.len());
    let total: usize = row.iter().map(|(text, _)| text.width()).sum();
    if total <= width {
        return row.into_iter().map(|(text, tag)| (Cow::Owned(text.into_owned()), tag)).collect();
    }
    for (text, tag) in row {
        let columns = text.width();
        // Leave room for the ellipsis.
        if used + columns < width {
            used += columns;
            fitted.push((Cow::Owned(text.into_owned()), tag));
            continue;
        }
        let room = width.saturating_sub(used);
        let cut = shorten(&text, room);
        if !cut.is_empty() {
            let cut = if cut.ends_with('…') {
                cut.into_owned()
            } else {
                format!("{}…", cut_to(&cut, room.saturating_sub(1)))
            };
            fitted.push((Cow::Owned(cut), tag));
        }
        break;
    }
    fitted
}

fn cut_to(word: &str, width: usize) -> String {
    let mut used = 0;
    word.chars()
        .take_while(|c| {
            used += c.width().unwrap_or(0);
            used <= width
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(text: &str) -> Vec<(String, Role)> {
        words(text, Role::Plain)
    }

    fn texts(lines: &[Vec<Segment<'static>>]) -> Vec<String> {
        lines.iter().map(|l| l.iter().map(|(text, _)| text.as_ref()).collect()).collect()
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

    #[test]
    fn a_row_too_wide_ends_in_an_ellipsis() {
        let row = vec![
            (Cow::Borrowed("✗ GET    "), Role::Error),
            (Cow::Borrowed("/users/{id}/authentication-methods"), Role::Plain),
        ];
        let fitted = fit_segments(row.clone(), 30);
        let text: String = fitted.iter().map(|(t, _)| t.as_ref()).collect();
        assert_eq!(text, "✗ GET    /users/{id}/authenti…");
        assert_eq!(text.width(), 30);
        assert_eq!(fit_segments(row, 80).len(), 2, "a row that fits is left whole");
    }

    #[test]
    fn shorten_cuts_after_a_whole_word() {
        assert_eq!(shorten("fits", 10), "fits");
        assert_eq!(shorten("/users/{id}/authentication-methods", 20), "/users/{id}/authent…");
        assert_eq!(shorten("one two three four", 12), "one two…");
        assert_eq!(shorten("one two three", 13), "one two three");
        assert_eq!(shorten("日本語日本語", 5), "日本…");
        assert_eq!(shorten("abc", 0), "");
    }
}
