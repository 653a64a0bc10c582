//! Every spelling a client secret can come back in from a server that echoes the request:
//! as sent in a form body, percent-encoded, JSON-escaped, inside the Basic `Authorization`
//! value, or as it was. Redaction replaces each of them, longest first.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// RFC 3986 unreserved characters stay as they are; everything else is `%XX`.
const PERCENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');
/// Python's `quote()`: `/` stays too.
const PERCENT_KEEP_SLASH: &AsciiSet = &PERCENT.remove(b'/');
/// JavaScript's `encodeURIComponent`: also keeps `!'()*`.
const URI_COMPONENT: &AsciiSet = &PERCENT.remove(b'!').remove(b'\'').remove(b'(').remove(b')').remove(b'*');
/// JavaScript's `encodeURI`: also keeps the reserved characters.
const URI: &AsciiSet = &URI_COMPONENT
    .remove(b';')
    .remove(b',')
    .remove(b'/')
    .remove(b'?')
    .remove(b':')
    .remove(b'@')
    .remove(b'&')
    .remove(b'=')
    .remove(b'+')
    .remove(b'$')
    .remove(b'#');

/// The spellings of `secret` worth looking for (and, with `client_id`, the Basic credential).
pub(super) fn spellings(secret: &str, client_id: Option<&str>) -> Vec<String> {
    let form = form_urlencoded(secret);
    let mut found = vec![secret.to_owned(), crate::domain::sanitize::escape_control(secret).into_owned()];
    // Every percent-encoding a server or library may write: each common character set, every
    // byte encoded, upper- or lower-case hex, and encoded twice (`%2B` → `%252B`).
    let every_byte: String = secret.bytes().map(|b| format!("%{b:02X}")).collect();
    for encoded in [
        form.clone(),
        utf8_percent_encode(secret, PERCENT).to_string(),
        utf8_percent_encode(secret, PERCENT_KEEP_SLASH).to_string(),
        utf8_percent_encode(secret, URI_COMPONENT).to_string(),
        utf8_percent_encode(secret, URI).to_string(),
        every_byte,
    ] {
        for spelling in [lower_hex(&encoded), encoded] {
            found.push(spelling.replace('%', "%25"));
            found.push(spelling);
        }
    }
    let json = json_escaped(secret);
    found.push(json.replace('/', "\\/"));
    found.push(ascii_json(&json));
    let every_char: String = secret.encode_utf16().map(|unit| format!("\\u{unit:04x}")).collect();
    found.push(every_char.to_ascii_uppercase().replace("\\U", "\\u"));
    found.push(every_char);
    found.push(json);
    // The secret's bytes as base64 or hex (a server that logs what it received, encoded).
    for engine in [&STANDARD, &STANDARD_NO_PAD, &URL_SAFE, &URL_SAFE_NO_PAD] {
        found.push(engine.encode(secret.as_bytes()));
    }
    let hex: String = secret.bytes().map(|b| format!("{b:02x}")).collect();
    found.push(hex.to_ascii_uppercase());
    found.push(hex);
    if let Some(client_id) = client_id {
        // RFC 6749 §2.3.1 form-encodes both halves before Basic encoding; some clients do not.
        for credential in [format!("{}:{form}", form_urlencoded(client_id)), format!("{client_id}:{secret}")]
        {
            for engine in [&STANDARD, &STANDARD_NO_PAD, &URL_SAFE, &URL_SAFE_NO_PAD] {
                found.push(engine.encode(credential.as_bytes()));
            }
        }
    }
    // Short spellings would redact ordinary text; the raw secret's own length rule applies.
    found.retain(|spelling| spelling.len() >= 4);
    found.sort_by_key(|spelling| std::cmp::Reverse(spelling.len()));
    found.dedup();
    found
}

/// The shortest run of a secret's text that is redacted wherever it appears.
pub(super) const RUN: usize = 8;

/// `text` with every run of at least [`RUN`] bytes that also occurs, ignoring ASCII case, in
/// one of `spellings` replaced by `mask` (one mask per stretch). A prefix, a suffix, a half or
/// an upper-cased copy of the secret is a series of such runs, so an echo cut anywhere, or
/// changed in case, leaves no 8 characters of it; runs shorter than 8 bytes stay (a secret's
/// last four characters are in its mask anyway).
pub(super) fn redact_runs(text: &str, spellings: &[String], mask: &str) -> String {
    let bytes = text.as_bytes();
    if bytes.len() < RUN {
        return text.to_owned();
    }
    let window = |slice: &[u8]| -> [u8; RUN] {
        let mut gram = [0u8; RUN];
        for (to, from) in gram.iter_mut().zip(slice) {
            *to = from.to_ascii_lowercase();
        }
        gram
    };
    let grams: foldhash::HashSet<[u8; RUN]> = spellings
        .iter()
        .flat_map(|spelling| spelling.as_bytes().windows(RUN).map(window).collect::<Vec<_>>())
        .collect();
    // Covered byte ranges, merged where they overlap or touch, widened to whole characters.
    let mut covered: Vec<(usize, usize)> = Vec::new();
    for (start, slice) in bytes.windows(RUN).enumerate() {
        if !grams.contains(&window(slice)) {
            continue;
        }
        let end = start + RUN;
        match covered.last_mut() {
            Some(last) if start <= last.1 => last.1 = end,
            _ => covered.push((start, end)),
        }
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (start, end) in covered {
        let start = (0..=start).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0).max(at);
        let end = (end..=text.len()).find(|&i| text.is_char_boundary(i)).unwrap_or(text.len());
        out.push_str(&text[at..start]);
        out.push_str(mask);
        at = end.max(at);
    }
    out.push_str(&text[at..]);
    out
}

/// application/x-www-form-urlencoded for one value, as reqwest writes a form body (space as
/// `+`). The Basic credential is built with it too, so redaction matches what is sent.
pub fn form_urlencoded(value: &str) -> String {
    serde_urlencoded::to_string([("", value)])
        .map(|pair| pair.trim_start_matches('=').to_owned())
        .unwrap_or_else(|_| value.to_owned())
}

/// `%2B` → `%2b`: percent-encoding is case-insensitive in its hex digits.
fn lower_hex(encoded: &str) -> String {
    let mut out = String::with_capacity(encoded.len());
    let mut rest = encoded;
    while let Some(at) = rest.find('%') {
        out.push_str(&rest[..at]);
        let escape = rest.get(at..at + 3).unwrap_or(&rest[at..]);
        out.push_str(&escape.to_ascii_lowercase());
        rest = &rest[at + escape.len()..];
    }
    out.push_str(rest);
    out
}

/// The secret as it sits inside a JSON string (serde_json's escaping, quotes dropped).
fn json_escaped(value: &str) -> String {
    let quoted = serde_json::to_string(value).unwrap_or_default();
    quoted.trim_start_matches('"').trim_end_matches('"').to_owned()
}

/// JSON with every non-ASCII character as `\uXXXX` (what ASCII-only encoders write).
fn ascii_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn redact(text: &str, secret: &str) -> String {
        redact_runs(text, &spellings(secret, None), "••••")
    }

    #[test]
    fn any_run_of_eight_in_any_case_is_redacted() {
        let secret = "Zr9Qm2Lx7Vt4Kp1Ns6Wd3Hb8Jc5Fg0Y";
        assert_eq!(redact(&format!("a {secret} b"), secret), "a •••• b");
        // A prefix, the second half, an upper-cased copy, two halves apart, a run inside text.
        assert_eq!(redact("prefix Zr9Qm2Lx7Vt4 end", secret), "prefix •••• end");
        assert_eq!(redact("tail Ns6Wd3Hb8Jc5Fg0Y.", secret), "tail ••••.");
        assert_eq!(redact("up ZR9QM2LX7VT4KP1NS6WD3HB8JC5FG0Y", secret), "up ••••");
        assert_eq!(redact("Zr9Qm2Lx7Vt4Kp1N | s6Wd3Hb8Jc5Fg0Y", secret), "•••• | ••••");
        assert_eq!(redact("x=Lx7Vt4Kp&y", secret), "x=••••&y");
        // Seven characters are not a run; ordinary text is left alone.
        assert_eq!(redact("Zr9Qm2L and plain words", secret), "Zr9Qm2L and plain words");
        // Percent-encoded runs too, and non-ASCII never splits a character.
        let awkward = "é+/ 0123456789";
        assert_eq!(redact("got %C3%A9%2B%2F+0123", awkward), "got ••••");
        assert_eq!(redact("ü é+/ 012 ü", awkward), "ü •••• ü");
    }

    #[test]
    fn every_spelling_of_an_awkward_secret() {
        let all = spellings("S3cr+/ t\"é", Some("id 1"));
        for expected in [
            "S3cr+/ t\"é",
            "S3cr%2B%2F+t%22%C3%A9",
            "S3cr%2b%2f+t%22%c3%a9",
            "S3cr%2B%2F%20t%22%C3%A9",
            "S3cr+/ t\\\"é",
            "S3cr+\\/ t\\\"é",
            "S3cr+/ t\\\"\\u00e9",
            &STANDARD.encode("id+1:S3cr%2B%2F+t%22%C3%A9"),
            &STANDARD.encode("id 1:S3cr+/ t\"é"),
            // Python quote(), encodeURIComponent, every byte, double encoding, all-\u JSON.
            "S3cr%2B/%20t%22%C3%A9",
            "S3cr%2B%2F%20t%22%C3%A9",
            "%53%33%63%72%2B%2F%20%74%22%C3%A9",
            "%53%33%63%72%2b%2f%20%74%22%c3%a9",
            "S3cr%252B%252F+t%2522%25C3%25A9",
            "\\u0053\\u0033\\u0063\\u0072\\u002b\\u002f\\u0020\\u0074\\u0022\\u00e9",
            "\\u0053\\u0033\\u0063\\u0072\\u002B\\u002F\\u0020\\u0074\\u0022\\u00E9",
            &STANDARD.encode("S3cr+/ t\"é"),
            "533363722b2f207422c3a9",
        ] {
            assert!(all.iter().any(|s| s == expected), "{expected} missing from {all:?}");
        }
        assert!(all.windows(2).all(|pair| pair[0].len() >= pair[1].len()), "longest first");
    }
}
