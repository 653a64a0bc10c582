//! Failures below HTTP semantics — refused, DNS, TLS, timeout, a body cut short — each said
//! plainly, with the URL (which never carries a secret) and no raw library jargon first.

use crate::domain::sanitize::escape_control;
use std::error::Error as _;
use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransportError {
    #[error("connection refused by {url} (is the server running?)")]
    Refused { url: String },
    #[error("cannot resolve the host of {url} (DNS): check the domain")]
    Dns { url: String },
    #[error("TLS handshake with {url} failed: {detail}")]
    Tls { url: String, detail: String },
    #[error("no answer from {url} within {} s (timeout)", after.as_secs())]
    Timeout { url: String, after: Duration },
    #[error("cannot connect to {url}: {detail}")]
    Connect { url: String, detail: String },
    /// The request went to a proxy (HTTPS_PROXY, HTTP_PROXY, ALL_PROXY; NO_PROXY exempts
    /// hosts), and reaching the proxy is what failed: the tenant was never contacted.
    #[error("cannot reach {url} through the proxy {proxy} (from {variable}): {detail}")]
    Proxy { url: String, proxy: String, variable: String, detail: String },
    #[error("the response from {url} was cut short: {detail}")]
    Truncated { url: String, detail: String },
    #[error("request to {url} failed: {detail}")]
    Other { url: String, detail: String },
    /// The body passed its cap while streaming; reading stopped and nothing was kept.
    #[error("response larger than {} from {url}: stopped reading", super::size::format_size(*limit))]
    TooLarge { url: String, limit: u64 },
}

impl TransportError {
    /// Classifies a reqwest error. `timeout` is the client's total timeout, for the message.
    pub fn from_reqwest(error: &reqwest::Error, url: &str, timeout: Duration) -> Self {
        let url = url.to_owned();
        let detail = chain(error);
        if (error.is_connect() || error.is_dns())
            && let Some((proxy, variable)) = super::proxy::proxy_for(&url)
        {
            let detail = if has_io_kind(error, std::io::ErrorKind::ConnectionRefused) {
                "connection refused by the proxy".to_owned()
            } else {
                detail
            };
            return TransportError::Proxy { url, proxy, variable, detail };
        }
        if error.is_timeout() {
            return TransportError::Timeout { url, after: timeout };
        }
        if error.is_dns() {
            return TransportError::Dns { url };
        }
        if error.is_connect() {
            if has_io_kind(error, std::io::ErrorKind::ConnectionRefused) {
                return TransportError::Refused { url };
            }
            // rustls reports through io::Error(InvalidData); the words catch other wrappings.
            let lower = detail.to_ascii_lowercase();
            let tls_words = ["certificate", "tls", "handshake", "corrupt message", "alert"];
            if has_io_kind(error, std::io::ErrorKind::InvalidData)
                || tls_words.iter().any(|w| lower.contains(w))
            {
                return TransportError::Tls { url, detail };
            }
            return TransportError::Connect { url, detail };
        }
        if error.is_body() || error.is_decode() {
            return TransportError::Truncated { url, detail };
        }
        TransportError::Other { url, detail }
    }

    /// The same failure with `redact` applied to every text it holds (URL and detail).
    pub fn map_text(self, redact: impl Fn(String) -> String) -> Self {
        match self {
            TransportError::Refused { url } => TransportError::Refused { url: redact(url) },
            TransportError::Dns { url } => TransportError::Dns { url: redact(url) },
            TransportError::Tls { url, detail } => {
                TransportError::Tls { url: redact(url), detail: redact(detail) }
            }
            TransportError::Timeout { url, after } => TransportError::Timeout { url: redact(url), after },
            TransportError::Connect { url, detail } => {
                TransportError::Connect { url: redact(url), detail: redact(detail) }
            }
            TransportError::Proxy { url, proxy, variable, detail } => TransportError::Proxy {
                url: redact(url),
                proxy: redact(proxy),
                variable,
                detail: redact(detail),
            },
            TransportError::Truncated { url, detail } => {
                TransportError::Truncated { url: redact(url), detail: redact(detail) }
            }
            TransportError::Other { url, detail } => {
                TransportError::Other { url: redact(url), detail: redact(detail) }
            }
            TransportError::TooLarge { url, limit } => TransportError::TooLarge { url: redact(url), limit },
        }
    }

    /// The URL the failure is about.
    pub fn url(&self) -> &str {
        match self {
            TransportError::Refused { url }
            | TransportError::Dns { url }
            | TransportError::Tls { url, .. }
            | TransportError::Timeout { url, .. }
            | TransportError::Connect { url, .. }
            | TransportError::Proxy { url, .. }
            | TransportError::Truncated { url, .. }
            | TransportError::Other { url, .. }
            | TransportError::TooLarge { url, .. } => url,
        }
    }
}

fn has_io_kind(error: &reqwest::Error, kind: std::io::ErrorKind) -> bool {
    let mut source = error.source();
    while let Some(err) = source {
        if err.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == kind) {
            return true;
        }
        source = err.source();
    }
    false
}

/// The innermost causes joined, without reqwest's own "error sending request for url (…)".
fn chain(error: &reqwest::Error) -> String {
    let mut parts = Vec::new();
    let mut source = error.source();
    while let Some(err) = source {
        let text = err.to_string();
        // hyper-util's wrappers add no information for a person.
        let noise = text
            .strip_prefix("client error (")
            .and_then(|rest| rest.strip_suffix(')'))
            .is_some_and(|word| !word.contains(' '));
        if !text.is_empty() && !noise && !parts.iter().any(|p: &String| p.contains(&text)) {
            parts.push(text);
        }
        source = err.source();
    }
    if parts.is_empty() {
        parts.push(error.to_string());
    }
    escape_control(&parts.join(": ")).into_owned()
}

/// The start of a body for an error message: one line, control characters escaped.
pub fn excerpt(body: &[u8]) -> String {
    const MAX: usize = 200;
    let text = String::from_utf8_lossy(body);
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut cut: String = one_line.chars().take(MAX).collect();
    if one_line.chars().count() > MAX {
        cut.push('…');
    }
    if cut.is_empty() {
        return "(empty body)".to_owned();
    }
    escape_control(&cut).into_owned()
}
