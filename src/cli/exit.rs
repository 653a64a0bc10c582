//! Exit codes, the same for every command, so scripts can branch on them: one condition, one
//! code, whichever command meets it. The table in `--help` (`AFTER_HELP`) and in README.md
//! lists them; tests/it/cli/bad_input.rs runs every command against every class of bad input.
//!
//! `diff` and `drift` fold into this table rather than keep diff(1)'s 0/1/2: with diff's
//! convention 2 would mean "bad input" there and "usage error" everywhere else, and 1 both
//! "different" and "configuration failure". They answer 0 (same / no drift) or
//! [`DIFFERENT`], so `if tokex diff A B` still reads as diff's.

use crate::net::{CallError, FetchError, TransportError};

/// Success: decoded, verified, fetched, a 2xx answer, or the TUI ended normally.
pub const OK: u8 = 0;
/// Anything not below: configuration, I/O (writing the output), the terminal.
pub const FAILURE: u8 = 1;
/// The command line is wrong: an unknown command or option, a value the option does not take
/// (an unknown method, group or operation). clap's own code.
pub const USAGE: u8 = 2;
/// The input is not usable: not a token, not UTF-8, an @FILE that cannot be read, is no
/// regular file or is too large; verification failed; or the request was refused before
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
/// A change was not confirmed: the prompt was declined, or there was no terminal to ask on
/// and no `--yes` (nothing was sent).
pub const DECLINED: u8 = 8;
/// `diff`: the tokens differ; `drift`: the grant changed since the token was issued.
pub const DIFFERENT: u8 = 9;
/// `exposure`: tokens of the client are still live, or the log cannot rule one out (it does
/// not reach back over the whole window). 0 means none is live: a script can wait for 0.
pub const LIVE_TOKENS: u8 = 10;

/// The `--help` table; README.md's "Exit codes" section says the same.
pub const AFTER_HELP: &str = "\
Exit codes:
  0  success (2xx answer, token decoded/verified/fetched, TUI ended normally)
  1  other failure (configuration, I/O, terminal)
  2  invalid command line: unknown command, option, method, group or operation
  3  bad input: not a token, unreadable @FILE, verification failed, refused before sending
  4  network failure: connection refused, DNS, TLS, timeout, proxy
  5  HTTP 4xx answer (other than 429)
  6  HTTP 429 Too Many Requests
  7  HTTP 5xx answer
  8  change not confirmed: declined, or no terminal and no --yes (nothing sent)
  9  diff: the tokens differ; drift: the grant changed (0: same, no drift)
 10  exposure: live tokens exist, or the log cannot rule them out (0: none)";

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

/// Why `drift` could not compare: the token names no client or its signature does not verify
/// (bad input), no profile of its
/// tenant (configuration), no scope to read the grant (as the tenant's 403), no answer.
pub fn for_drift_unknown(unknown: &crate::domain::grant_drift::DriftUnknown) -> u8 {
    use crate::domain::grant_drift::DriftUnknown;
    match unknown {
        DriftUnknown::NoClientOrAudience | DriftUnknown::NotVerified { .. } => BAD_INPUT,
        // The CLI fetches what it needs; only the TUI's grant line meets no held token.
        DriftUnknown::NoProfile { .. } | DriftUnknown::NoHeldToken { .. } => FAILURE,
        DriftUnknown::NoGrantScope { .. } => HTTP_4XX,
        DriftUnknown::Unreachable { .. } => NETWORK,
    }
}

/// Why `exposure` could not tell: the client or token is not usable (bad input), no profile
/// (configuration), no scope to read the log or a refusal (the answer's class), rate limited,
/// no answer.
pub fn for_exposure_unknown(unknown: &crate::domain::exposure::ExposureUnknown) -> u8 {
    use crate::domain::exposure::ExposureUnknown;
    match unknown {
        ExposureUnknown::NoClient | ExposureUnknown::BadClient(_) => BAD_INPUT,
        ExposureUnknown::NoProfile { .. } | ExposureUnknown::NoHeldToken { .. } => FAILURE,
        ExposureUnknown::NoLogScope { .. } => HTTP_4XX,
        ExposureUnknown::Refused { status, .. } => for_status(*status).max(FAILURE),
        ExposureUnknown::RateLimited { .. } => HTTP_429,
        ExposureUnknown::Unreachable { .. } => NETWORK,
        ExposureUnknown::TokenFetch { status: Some(status), .. } => for_status(*status).max(FAILURE),
        ExposureUnknown::TokenFetch { transport: true, .. } => NETWORK,
        ExposureUnknown::TokenFetch { .. } => FAILURE,
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
        let codes = [
            FAILURE,
            USAGE,
            BAD_INPUT,
            NETWORK,
            HTTP_4XX,
            HTTP_429,
            HTTP_5XX,
            DECLINED,
            DIFFERENT,
            LIVE_TOKENS,
        ];
        for (code, line) in codes.iter().zip(AFTER_HELP.lines().skip(2)) {
            assert!(line.trim_start().starts_with(&code.to_string()), "{line}");
        }
    }
}
