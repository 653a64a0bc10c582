//! A client secret (or private key) that cannot be printed by accident: `Debug` and `Display`
//! mask it, and it implements no `Serialize`. The only way to the text is [`Secret::expose`].

use std::fmt;

#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

/// Below this length even the last 4 characters give too much away, so nothing is shown.
const MIN_LEN_TO_SHOW_TAIL: usize = 16;

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret itself, for the request body and nothing else.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `••••abcd`: the last 4 characters of a long secret, nothing of a short one.
    pub fn masked(&self) -> String {
        let count = self.0.chars().count();
        if count < MIN_LEN_TO_SHOW_TAIL {
            return "••••".to_owned();
        }
        let tail: String = self.0.chars().skip(count - 4).collect();
        format!("••••{tail}")
    }

    /// Replaces the secret in `text` by its mask, in every spelling a server may echo it in
    /// (raw, form-urlencoded, percent-encoded, JSON-escaped), and any run of 8 characters of
    /// one in any case (a prefix, a half, an upper-cased copy): a last guard for strings that
    /// come back from servers or commands.
    pub fn redact(&self, text: &str) -> String {
        self.redact_spellings(text, None)
    }

    /// [`Self::redact`], plus the Basic `Authorization` value built from `client_id` and the
    /// secret (base64 of `id:secret`).
    pub fn redact_with_client(&self, text: &str, client_id: &str) -> String {
        self.redact_spellings(text, Some(client_id))
    }

    /// A secret of 8 bytes or more: every run of 8 of any spelling, in any case
    /// (`redact::redact_runs`). A shorter one: each whole spelling.
    fn redact_spellings(&self, text: &str, client_id: Option<&str>) -> String {
        if self.0.len() < 4 {
            return text.to_owned();
        }
        let mask = self.masked();
        let spellings = super::redact::spellings(&self.0, client_id);
        if self.0.len() >= super::redact::RUN {
            return super::redact::redact_runs(text, &spellings, &mask);
        }
        let mut out = text.to_owned();
        for spelling in spellings {
            if out.contains(&spelling) {
                out = out.replace(&spelling, &mask);
            }
        }
        out
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({})", self.masked())
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_to_last_four() {
        let secret = Secret::new("s3cr3t-0123456789-abcd");
        assert_eq!(secret.to_string(), "••••abcd");
        assert_eq!(format!("{secret:?}"), "Secret(••••abcd)");
        assert!(!format!("{secret:?} {secret} {secret:#?}").contains("0123456789"));
    }

    #[test]
    fn short_secret_shows_nothing() {
        assert_eq!(Secret::new("abcdef").masked(), "••••");
    }

    #[test]
    fn redacts_in_text() {
        let secret = Secret::new("s3cr3t-0123456789-abcd");
        assert_eq!(secret.redact("got s3cr3t-0123456789-abcd back"), "got ••••abcd back");
        let awkward = Secret::new("S3cr+/ t\"é-0123456789");
        let echoed =
            "client_secret=S3cr%2B%2F+t%22%C3%A9-0123456789&x {\"s\":\"S3cr+\\/ t\\\"é-0123456789\"}";
        let redacted = awkward.redact(echoed);
        assert!(!redacted.contains("S3cr"), "{redacted}");
        assert_eq!(redacted.matches("••••6789").count(), 2, "{redacted}");
    }
}
