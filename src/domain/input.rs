//! Finding the JWT inside whatever people paste: a bare token, a quoted one, `Bearer …`,
//! a whole `Authorization: Bearer …` header line, or a whole JSON token response.

use super::token::DecodeError;

/// Returns the compact JWT contained in `pasted`, or why none could be found.
pub fn extract_jwt(pasted: &str) -> Result<String, DecodeError> {
    let text = pasted.trim();
    if text.is_empty() {
        return Err(DecodeError::Empty);
    }
    if text.starts_with('{') {
        return extract_from_json(text);
    }
    let text = strip_prefix_ignore_case(text, "authorization:").unwrap_or(text).trim_start();
    let text = strip_prefix_ignore_case(text, "bearer").map_or(text, |rest| {
        // "Bearer" must be a word of its own, not the start of a token.
        if rest.is_empty() || rest.starts_with(char::is_whitespace) { rest.trim_start() } else { text }
    });
    let unquoted = strip_quotes(text.trim());
    // Tokens wrapped by terminals or mail clients arrive with line breaks inside them.
    let compact: String = unquoted.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.is_empty() {
        return Err(DecodeError::Empty);
    }
    Ok(compact)
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
