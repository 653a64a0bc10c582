//! Fitting one line of text into a width: cut at a word boundary with `…` rather than in
//! the middle of a word (ratatui would clip at the edge without a sign).

use std::borrow::Cow;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// `text` shortened to at most `width` columns, ending in `…` when cut. The cut goes to the
/// last space when one is in the last third of the kept text, so a word is not split.
pub fn ellipsize(text: &str, width: usize) -> Cow<'_, str> {
    if text.width() <= width {
        return Cow::Borrowed(text);
    }
    if width == 0 {
        return Cow::Borrowed("");
    }
    let room = width - 1;
    let mut end = 0;
    let mut used = 0;
    for (index, c) in text.char_indices() {
        let w = c.width().unwrap_or(0);
        if used + w > room {
            break;
        }
        used += w;
        end = index + c.len_utf8();
    }
    let kept = &text[..end];
    let kept = match kept.rfind(' ') {
        Some(space) if space >= kept.len() * 2 / 3 => kept[..space].trim_end_matches([' ', ',', ':', '·']),
        _ => kept,
    };
    Cow::Owned(format!("{kept}…"))
}

/// `text` broken at spaces into rows of at most `width` columns, at most `max_rows` of them;
/// the last row ends in `…` when text is left over. A word wider than `width` is cut.
pub fn wrap_words(text: &str, width: usize, max_rows: usize) -> Vec<String> {
    let mut rows: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let needed = if current.is_empty() { word.width() } else { current.width() + 1 + word.width() };
        if needed <= width {
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(word);
            continue;
        }
        if !current.is_empty() {
            rows.push(std::mem::take(&mut current));
        }
        current = ellipsize(word, width).into_owned();
    }
    if !current.is_empty() {
        rows.push(current);
    }
    if rows.len() > max_rows {
        let rest = rows.split_off(max_rows - 1).join(" ");
        rows.push(ellipsize(&format!("{rest} …"), width).into_owned());
        if let Some(last) = rows.last_mut()
            && !last.ends_with('…')
        {
            last.push('…');
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_untouched() {
        assert_eq!(ellipsize("read:users", 10), "read:users");
    }

    #[test]
    fn cuts_at_a_word_and_marks_the_cut() {
        let cut = ellipsize("no longer granted: read:users read:roles", 30);
        assert_eq!(cut, "no longer granted: read:users…");
        assert!(cut.width() <= 30);
    }

    #[test]
    fn wide_characters_count_as_two_columns() {
        let cut = ellipsize("日本語のテキスト", 7);
        assert_eq!(cut, "日本語…");
        assert!(cut.width() <= 7);
    }

    #[test]
    fn wraps_at_spaces_and_marks_what_is_left_over() {
        assert_eq!(wrap_words("one two three four", 9, 3), ["one two", "three", "four"]);
        let rows = wrap_words("one two three four five six", 9, 2);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0], "one two");
        assert!(rows[1].ends_with('…') && rows[1].width() <= 9, "{rows:?}");
        assert!(wrap_words("", 10, 3).is_empty());
    }

    #[test]
    fn a_word_longer_than_the_width_is_cut_inside() {
        assert_eq!(ellipsize("abcdefghij", 5), "abcd…");
        assert_eq!(ellipsize("abc", 0), "");
    }
}
