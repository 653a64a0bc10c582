//! Splits a search query into tokens.

use super::SearchError;

#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    Word(String),
    Phrase(String),
    Colon,
    LParen,
    RParen,
    LRange(bool),
    RRange(bool),
    And,
    Or,
    Not,
}

pub fn tokenize(q: &str) -> Result<Vec<Tok>, SearchError> {
    let chars: Vec<char> = q.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    // Inside `[…]`/`{…}` a bound runs to the next space or closing bracket, colons included,
    // as in Lucene's range syntax: `date:[2026-12-01T10:00:00Z TO *]`.
    let mut in_range = false;
    while i < chars.len() {
        let c = chars[i];
        match c {
            c if c.is_whitespace() => i += 1,
            '(' => {
                out.push(Tok::LParen);
                i += 1;
            }
            ')' => {
                out.push(Tok::RParen);
                i += 1;
            }
            '[' | '{' => {
                out.push(Tok::LRange(c == '['));
                in_range = true;
                i += 1;
            }
            ']' | '}' => {
                out.push(Tok::RRange(c == ']'));
                in_range = false;
                i += 1;
            }
            c if in_range && c != '"' => {
                let mut s = String::new();
                while let Some(&ch) = chars.get(i).filter(|ch| !ch.is_whitespace() && !"]}".contains(**ch)) {
                    s.push(ch);
                    i += 1;
                }
                out.push(Tok::Word(s));
            }
            ':' => {
                out.push(Tok::Colon);
                i += 1;
            }
            '&' if chars.get(i + 1) == Some(&'&') => {
                out.push(Tok::And);
                i += 2;
            }
            '|' if chars.get(i + 1) == Some(&'|') => {
                out.push(Tok::Or);
                i += 2;
            }
            '!' => {
                out.push(Tok::Not);
                i += 1;
            }
            '-' if out.last().is_none_or(|t| !matches!(t, Tok::Colon)) && !prev_is_word_glued(&chars, i) => {
                out.push(Tok::Not);
                i += 1;
            }
            '+' => i += 1,
            '"' => {
                let mut s = String::new();
                i += 1;
                loop {
                    match chars.get(i) {
                        None => return Err(SearchError::UnterminatedPhrase),
                        Some('"') => {
                            i += 1;
                            break;
                        }
                        Some('\\') => {
                            if let Some(n) = chars.get(i + 1) {
                                s.push(*n);
                            }
                            i += 2;
                        }
                        Some(ch) => {
                            s.push(*ch);
                            i += 1;
                        }
                    }
                }
                out.push(Tok::Phrase(s));
            }
            _ => {
                let mut s = String::new();
                while let Some(&ch) = chars.get(i) {
                    if ch.is_whitespace() || "()[]{}:\"".contains(ch) {
                        break;
                    }
                    if ch == '\\' {
                        if let Some(n) = chars.get(i + 1) {
                            s.push(*n);
                        }
                        i += 2;
                        continue;
                    }
                    s.push(ch);
                    i += 1;
                }
                out.push(match s.as_str() {
                    "AND" => Tok::And,
                    "OR" => Tok::Or,
                    "NOT" => Tok::Not,
                    _ => Tok::Word(s),
                });
            }
        }
    }
    Ok(out)
}

/// A `-` directly after a word character belongs to that word (e.g. dates), not negation.
fn prev_is_word_glued(chars: &[char], i: usize) -> bool {
    i > 0 && !chars[i - 1].is_whitespace() && !"()".contains(chars[i - 1])
}
