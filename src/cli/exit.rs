//! Exit codes, the same for every command, so scripts can branch on them. The table in
//! `--help` (`AFTER_HELP`) and in README.md lists them; tests/it/cli/conventions.rs and
//! tests/it/cli/session_tenant.rs hold them.

use crate::net::{CallError, FetchError, TransportError};

/// Success: decoded, verified, fetched, a 2xx answer, or the TUI ended normally.
pub const OK: u8 = 0;
/// Anything not below: configuration, I/O, the terminal.
pub const FAILURE: u8 = 1;
/// Invalid command-line usage (clap's own code).
pub const USAGE: u8 = 2;
/// The input is not a usable token, verification failed, or the request was refused before
/// anything was sent (foreign tenant, path outside `/api/v2/`, a bad `-d` body).
pub const BAD_INPUT: u8 = 3;
/// No HTTP answer: connection refused, DNS, TLS, timeout, a proxy failing.
pub const NETWORK: u8 = 4;
/// The server answered 4xx (other than 429).
pub const HTTP_4XX: u8 = 5;
/// The server answered 429 Too Many Requests (rate limit).
pub const HTTP_429: u8 = 6;
/// The server answered 5xx.
pub const HTTP_5XX: u8 = 7;
/// A confirmation was declined (nothing was sent).
pub const DECLINED: u8 = 8;

/// The `--help` table; README.md's "Exit codes" section says the same.
pub const AFTER_HELP: &str = "\
Exit codes:
  0  success (2xx answer, token decoded/verified/fetched, TUI ended normally)
  1  other failure (configuration, I/O, terminal)
  2  invalid command-line usage
  3  bad input: not a token, verification failed, or refused before sending
  4  network failure: connection refused, DNS, TLS, timeout, proxy
  5  HTTP 4xx answer (other than 429)
  6  HTTP 429 Too Many Requests
  7  HTTP 5xx answer
  8  confirmation declined (nothing was sent)";

/// The exit code for an HTTP status that is not a success.
pub fn for_status(status: u16) -> u8 {
    match status {
        200..=299 => OK,
        429 => HTTP_429,
        400..=499 => HTTP_4XX,
        500..=599 => HTTP_5XX,
        // 1xx/3xx (tokex never follows a redirect): the call did not do what was asked.
        _ => FAILURE,
    }
}

pub fn for_transport(_: &TransportError) -> u8 {
    NETWORK
}

pub fn for_fetch(error: &FetchError) -> u8 {
    match error {
        FetchError::Transport(error) => for_transport(error),
        FetchError::Rejected { status, .. } | FetchError::Status { status, .. } => for_status(*status),
        FetchError::NotJson { status, .. } => for_status(*status).max(FAILURE),
        FetchError::Secret(_) | FetchError::PrivateKey { .. } | FetchError::Discovery(_) => FAILURE,
        FetchError::TruncatedJson { .. } | FetchError::BadResponse { .. } => FAILURE,
    }
}

pub fn for_call(error: &CallError) -> u8 {
    match error {
        CallError::Transport(error) => for_transport(error),
        CallError::BadMethod(_) | CallError::BadDomain(_) | CallError::BadPath(_) => BAD_INPUT,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_map_to_their_class() {
        assert_eq!(for_status(204), OK);
        assert_eq!(for_status(404), HTTP_4XX);
        assert_eq!(for_status(429), HTTP_429);
        assert_eq!(for_status(503), HTTP_5XX);
        assert_eq!(for_status(302), FAILURE);
        let codes = [FAILURE, USAGE, BAD_INPUT, NETWORK, HTTP_4XX, HTTP_429, HTTP_5XX, DECLINED];
        for (code, line) in codes.iter().zip(AFTER_HELP.lines().skip(2)) {
            assert!(line.trim_start().starts_with(&code.to_string()), "{line}");
        }
    }
}
