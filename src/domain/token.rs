//! Splitting and decoding a compact JWT without verifying it.

use base64::Engine;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use serde_json::{Map, Value};
use std::fmt;

/// base64url as found in the wild: padding optional, trailing bits tolerated.
const BASE64URL: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

/// Which of the three dot-separated parts of a JWT something refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Header,
    Payload,
    Signature,
}

impl fmt::Display for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Part::Header => "header",
            Part::Payload => "payload",
            Part::Signature => "signature",
        })
    }
}

/// Everything that can be wrong with pasted text, precise enough to act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("nothing to decode: the input is empty")]
    Empty,
    #[error("5 parts: this is an encrypted JWE, it cannot be read without the key")]
    Encrypted,
    #[error("{count} part(s) separated by '.': a JWT has exactly 3 (header.payload.signature)")]
    WrongPartCount { count: usize },
    #[error("the {part} part is empty")]
    EmptyPart { part: Part },
    #[error("the {part} part is not valid base64url: {detail} at character {position}")]
    Base64 { part: Part, position: usize, detail: String },
    #[error("the {part} part is not JSON: {detail}")]
    NotJson { part: Part, detail: String },
    #[error("the {part} part is JSON but not an object (found {found})")]
    NotObject { part: Part, found: &'static str },
    #[error("claim `{claim}` should be {expected} but is {found}")]
    ClaimType { claim: &'static str, expected: &'static str, found: &'static str },
    #[error("looks like JSON but not a token response: {0}")]
    NotATokenResponse(String),
}

/// A JWT split and decoded, signature untouched. `raw` holds only base64url characters, `=`
/// and the two dots: decoding checks every character of the three parts.
#[derive(Debug, Clone, PartialEq)]
pub struct DecodedJwt {
    /// The compact form, exactly as extracted.
    pub raw: String,
    pub header: Map<String, Value>,
    pub payload: Map<String, Value>,
    /// Byte lengths of header and payload segments, for colouring the raw token.
    pub header_len: usize,
    pub payload_len: usize,
}

impl DecodedJwt {
    /// Decodes a compact JWT (already extracted, no surrounding text).
    pub fn decode(compact: &str) -> Result<Self, DecodeError> {
        Self::decode_owned(compact.to_owned())
    }

    /// [`DecodedJwt::decode`] keeping `compact` itself as `raw` (no copy of a large token).
    pub fn decode_owned(compact: String) -> Result<Self, DecodeError> {
        if compact.is_empty() {
            return Err(DecodeError::Empty);
        }
        // The two dots, found in one pass over the text (memchr, not a character at a time).
        let mut dots = memchr::memchr_iter(b'.', compact.as_bytes());
        let (first, second) = match (dots.next(), dots.next(), dots.next()) {
            (Some(first), Some(second), None) => (first, second),
            _ => {
                return Err(match memchr::memchr_iter(b'.', compact.as_bytes()).count() + 1 {
                    5 => DecodeError::Encrypted,
                    count => DecodeError::WrongPartCount { count },
                });
            }
        };
        let (header_part, payload_part) = (&compact[..first], &compact[first + 1..second]);
        let signature_part = &compact[second + 1..];
        let header = decode_object(header_part, Part::Header)?;
        let payload = decode_object(payload_part, Part::Payload)?;
        // An unsecured JWT (alg none) legitimately has an empty signature; anything else
        // in the signature must at least be base64url.
        if !signature_part.is_empty() {
            decode_segment(signature_part, Part::Signature)?;
        }
        let (header_len, payload_len) = (header_part.len(), payload_part.len());
        Ok(Self { raw: compact, header, payload, header_len, payload_len })
    }

    /// The header, payload and signature segments of `raw`, which need no escaping (base64url
    /// and `=` only: decoding refused anything else).
    pub fn parts(&self) -> [&str; 3] {
        let payload_end = self.header_len + 1 + self.payload_len;
        [
            &self.raw[..self.header_len],
            &self.raw[self.header_len + 1..payload_end],
            &self.raw[payload_end + 1..],
        ]
    }

    /// The signing input and signature segments, in the order verifiers need them.
    pub fn signature_segment(&self) -> &str {
        &self.raw[self.header_len + self.payload_len + 2..]
    }

    pub fn alg(&self) -> Option<&str> {
        self.header.get("alg").and_then(Value::as_str)
    }

    pub fn kid(&self) -> Option<&str> {
        self.header.get("kid").and_then(Value::as_str)
    }
}

fn decode_segment(segment: &str, part: Part) -> Result<Vec<u8>, DecodeError> {
    if segment.is_empty() {
        return Err(DecodeError::EmptyPart { part });
    }
    // Every real token's parts are unpadded base64url, which the SIMD decoder takes; what it
    // refuses (padding, a stray byte) goes to `BASE64URL`, which accepts at least as much and
    // says where a part is broken.
    if let Ok(bytes) = base64_simd::URL_SAFE_NO_PAD.decode_to_vec(segment) {
        return Ok(bytes);
    }
    BASE64URL.decode(segment).map_err(|error| {
        let (position, detail) = match error {
            base64::DecodeError::InvalidByte(offset, byte) => {
                (offset, format!("unexpected {}", describe_byte(byte)))
            }
            base64::DecodeError::InvalidLength(length) => {
                (length, "the length is impossible for base64 (truncated?)".to_owned())
            }
            base64::DecodeError::InvalidLastSymbol { offset, symbol: byte, .. } => {
                (offset, format!("invalid last symbol {}", describe_byte(byte)))
            }
            base64::DecodeError::InvalidPadding => (segment.len(), "bad padding".to_owned()),
        };
        DecodeError::Base64 { part, position, detail }
    })
}

fn describe_byte(byte: u8) -> String {
    if byte.is_ascii_graphic() { format!("'{}'", byte as char) } else { format!("byte 0x{byte:02x}") }
}

fn decode_object(segment: &str, part: Part) -> Result<Map<String, Value>, DecodeError> {
    let bytes = decode_segment(segment, part)?;
    let value: Value =
        serde_json::from_slice(&bytes).map_err(|e| DecodeError::NotJson { part, detail: e.to_string() })?;
    match value {
        Value::Object(map) => Ok(map),
        other => Err(DecodeError::NotObject { part, found: json_type_name(&other) }),
    }
}

/// A JSON type's name with its article, for error messages.
pub fn json_type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Whether `text` has the shape of a bearer token (RFC 6750 §2.1 `b64token`: letters, digits,
/// `-._~+/`, then optional `=` padding). A JWT is three base64url parts and dots, so it fits;
/// anything with a control character, space or quote does not, and must never be printed or
/// sent as a token.
pub fn is_bearer_token_text(text: &str) -> bool {
    let body = text.trim_end_matches('=');
    !body.is_empty()
        && body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'+' | b'/'))
}

#[cfg(test)]
mod bearer_shape_tests {
    use super::is_bearer_token_text;

    #[test]
    fn only_b64token_text_is_a_bearer_token() {
        assert!(is_bearer_token_text("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln"));
        assert!(is_bearer_token_text("opaque~token+with/slash=="));
        for hostile in ["", "==", "a\u{1b}]0;x\u{7}b", "a b", "a\nb", "eyJ.\u{202e}x", "a\"b", "a\u{9b}b"] {
            assert!(!is_bearer_token_text(hostile), "{hostile:?}");
        }
    }
}

#[cfg(test)]
mod segment_tests {
    use super::{BASE64URL, Part, decode_segment};
    use base64::Engine;
    use proptest::prelude::*;

    /// The SIMD fast path never changes an answer: whatever `decode_segment` returns, the
    /// lenient `BASE64URL` engine alone returns too (the same bytes, or an error).
    fn agrees(segment: &str) -> Result<(), TestCaseError> {
        let fast = decode_segment(segment, Part::Payload).ok();
        let reference = if segment.is_empty() { None } else { BASE64URL.decode(segment).ok() };
        prop_assert_eq!(fast, reference, "segment {:?}", segment);
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        #[test]
        fn fast_path_agrees_on_base64ish_text(segment in "[A-Za-z0-9_=+/.-]{0,70}") {
            agrees(&segment)?;
        }

        #[test]
        fn fast_path_agrees_on_any_text(segment in "\\PC{0,24}") {
            agrees(&segment)?;
        }

        #[test]
        fn fast_path_agrees_on_encoded_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            let unpadded = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&bytes);
            let padded = base64::engine::general_purpose::URL_SAFE.encode(&bytes);
            agrees(&unpadded)?;
            agrees(&padded)?;
            prop_assert_eq!(decode_segment(&unpadded, Part::Payload).ok(), (!bytes.is_empty()).then_some(bytes));
        }
    }

    /// Non-canonical last characters (trailing bits set) were accepted before the fast path;
    /// they still are, with the same bytes.
    #[test]
    fn trailing_bits_and_padding_are_still_accepted() {
        for segment in ["eyJhIjoxfQ", "eyJhIjoxfR", "eyJhIjoxfQ==", "YQ", "YR", "YWI", "YWJ", "YQ=="] {
            agrees(segment).expect("agrees");
            assert!(decode_segment(segment, Part::Payload).is_ok(), "{segment}");
        }
    }
}
