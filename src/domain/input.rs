//! Finding the JWT inside whatever people paste: a bare token, a quoted one, `Bearer …`,
//! a whole `Authorization: Bearer …` header line, or a whole JSON token response.

use super::token::DecodeError;
use std::borrow::Cow;

/// Returns the compact JWT contained in `pasted`, or why none could be found.
pub fn extract_jwt(pasted: &str) -> Result<String, DecodeError> {
    compact_jwt(pasted).map(Cow::into_owned)
}

/// Like [`extract_jwt`], reusing `pasted`'s buffer when the token is a plain slice of it (the
/// usual case): a megabyte paste becomes the token without a second copy.
pub fn extract_jwt_owned(mut pasted: String) -> Result<String, DecodeError> {
    let range = match compact_jwt(&pasted)? {
        Cow::Owned(compact) => return Ok(compact),
        Cow::Borrowed(slice) => {
            let start = slice.as_ptr() as usize - pasted.as_ptr() as usize;
            start..start + slice.len()
        }
    };
    pasted.truncate(range.end);
    pasted.drain(..range.start);
    Ok(pasted)
}

/// The compact JWT in `pasted`: borrowed from it unless line breaks had to be taken out or it
/// came out of a JSON token response.
pub fn compact_jwt(pasted: &str) -> Result<Cow<'_, str>, DecodeError> {
    let text = pasted.trim();
    if text.is_empty() {
        return Err(DecodeError::Empty);
    }
    if text.starts_with('{') {
        return extract_from_json(text).map(Cow::Owned);
    }
    let text = strip_prefix_ignore_case(text, "authorization:").unwrap_or(text).trim_start();
    let text = strip_prefix_ignore_case(text, "bearer").map_or(text, |rest| {
        // "Bearer" must be a word of its own, not the start of a token.
        if rest.is_empty() || rest.starts_with(char::is_whitespace) { rest.trim_start() } else { text }
    });
    let unquoted = strip_quotes(text.trim());
    if unquoted.is_empty() {
        return Err(DecodeError::Empty);
    }
    if !has_whitespace(unquoted) {
        return Ok(Cow::Borrowed(unquoted));
    }
    // Tokens wrapped by terminals or mail clients arrive with line breaks inside them.
    let compact: String = unquoted.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.is_empty() {
        return Err(DecodeError::Empty);
    }
    Ok(Cow::Owned(compact))
}

/// `char::is_whitespace` anywhere in `text`, in whole chunks for ASCII text (every real token).
fn has_whitespace(text: &str) -> bool {
    if text.is_ascii() {
        // The ASCII whitespace `char::is_whitespace` knows: space, and \t \n \x0b \x0c \r. A
        // chunk at a time without stopping early inside it, so the test vectorises (a pasted
        // token can be megabytes).
        // (A byte-wide accumulator: LLVM vectorises that fold, not one over `bool`.)
        text.as_bytes().chunks(64).any(|chunk| {
            let found = chunk.iter().fold(0u8, |found, &b| {
                found | u8::from(b == b' ') | u8::from(b.wrapping_sub(b'\t') <= b'\r' - b'\t')
            });
            found != 0
        })
    } else {
        text.chars().any(char::is_whitespace)
    }
}

fn extract_from_json(text: &str) -> Result<String, DecodeError> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| DecodeError::NotATokenResponse(e.to_string()))?;
    match value.get("access_token") {
        Some(serde_json::Value::String(token)) => extract_jwt(token),
        Some(_) => Err(DecodeError::NotATokenResponse("`access_token` is not a string".into())),
        None => Err(DecodeError::NotATokenResponse("the JSON has no `access_token` member".into())),
    }
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &text[prefix.len()..])
}

fn strip_quotes(text: &str) -> &str {
    for quote in ['"', '\'', '`'] {
        if let Some(inner) = text.strip_prefix(quote).and_then(|t| t.strip_suffix(quote)) {
            return inner.trim();
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The chunked ASCII test answers as `char::is_whitespace` does, for every ASCII byte, at
    /// the start, the end and either side of a chunk boundary.
    #[test]
    fn whitespace_found_like_char_is_whitespace() {
        for byte in 0u8..128 {
            for at in [0, 1, 63, 64, 65, 127, 128, 199] {
                let mut text = vec![b'a'; 200];
                text[at] = byte;
                let text = String::from_utf8(text).expect("ascii");
                assert_eq!(
                    has_whitespace(&text),
                    char::from(byte).is_whitespace(),
                    "byte {byte:#04x} at {at}"
                );
            }
        }
        assert!(!has_whitespace(&"x".repeat(1000)));
        assert!(has_whitespace("é\u{2003}x"));
    }
}
