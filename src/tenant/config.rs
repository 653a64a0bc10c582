//! How a tenant run is configured: `tokex dev-tenant`'s flags, their parsers and their limits.

use super::public_url::PublicUrl;

/// How a tenant run is configured (`tokex dev-tenant` flags).
#[derive(Clone, Debug, PartialEq)]
pub struct TenantConfig {
    /// 0 picks a free port.
    pub port: u16,
    pub token_lifetime_secs: i64,
    pub rate_limit: RateLimit,
    /// Log events older than this many days are dropped (`None`: only the newest 10,000 are kept).
    pub log_retention_days: Option<u32>,
    /// The name the tenant gives itself (`None`: `http(s)://127.0.0.1:PORT`).
    pub public_url: Option<PublicUrl>,
    /// Serve HTTPS with a certificate generated at start.
    pub tls: bool,
    /// How an operation without a handler is answered.
    pub unimplemented: Unimplemented,
    /// Honour `scope` on a client-credentials request as a subset of the grant.
    pub allow_scope_request: bool,
}

/// How the tenant answers an operation of the Management API it does not implement.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Unimplemented {
    /// 501 Not Implemented (what tokex's own clients explain); Auth0's SDKs retry a 5xx twice,
    /// waiting about 1 and 2 s.
    #[default]
    NotImplemented,
    /// 404 Not Found with `errorCode: not_implemented`: no SDK retries a 404.
    NotFound,
}

/// A `--unimplemented` other than 501 or 404.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("invalid status {0:?} for unimplemented operations: expected 501 or 404")]
pub struct UnimplementedError(String);

impl std::str::FromStr for Unimplemented {
    type Err = UnimplementedError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "501" => Ok(Unimplemented::NotImplemented),
            "404" => Ok(Unimplemented::NotFound),
            other => Err(UnimplementedError(other.to_string())),
        }
    }
}

impl Default for TenantConfig {
    fn default() -> Self {
        TenantConfig {
            port: 0,
            token_lifetime_secs: 86_400,
            rate_limit: RateLimit { burst: 1000, per_second: 1000.0 },
            log_retention_days: None,
            public_url: None,
            tls: false,
            unimplemented: Unimplemented::NotImplemented,
            allow_scope_request: false,
        }
    }
}

/// How `tokex dev-tenant` runs: the tenant's config plus `/oauth/token`'s limit per client.
/// The token endpoint has its own flag, `--token-rate-limit`, beside `--rate-limit` (the
/// Management API's): Auth0 limits the two APIs separately, and scripts that fetch a token per
/// call need to tune them apart.
#[derive(Clone, Debug, PartialEq)]
pub struct DevTenantConfig {
    pub tenant: TenantConfig,
    pub token_rate_limit: RateLimit,
}

/// `/oauth/token`'s default limit per client: generous, so nothing hits it unless asked to.
pub const DEFAULT_TOKEN_RATE_LIMIT: RateLimit = RateLimit { burst: 1000, per_second: 1000.0 };

/// The Management API's token bucket: `burst` requests at once, refilled at `per_second`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RateLimit {
    pub burst: u32,
    pub per_second: f64,
}

impl RateLimit {
    /// Auth0's free tier: 2 burst, 2 per second (docs/auth0.md#rate-limits).
    pub const FREE_TIER: RateLimit = RateLimit { burst: 2, per_second: 2.0 };
}

/// Why a `--rate-limit` value was refused.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum RateLimitError {
    #[error("invalid rate limit {0:?}: expected BURST/PER_SECOND, e.g. 2/2 (Auth0's free tier) or 50/10")]
    Shape(String),
    #[error("invalid burst {burst:?} in rate limit {input:?}: expected a whole number, e.g. 2/2")]
    Burst { burst: String, input: String },
    #[error("invalid rate {rate:?} in rate limit {input:?}: expected a number, e.g. 2/2")]
    Rate { rate: String, input: String },
    #[error("invalid rate limit {0:?}: the burst must be at least 1")]
    ZeroBurst(String),
    #[error("invalid rate limit {0:?}: the rate must be a positive number of requests per second")]
    NonPositiveRate(String),
}

impl std::str::FromStr for RateLimit {
    type Err = RateLimitError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let input = || s.to_string();
        let (burst, rate) = s.trim().split_once('/').ok_or_else(|| RateLimitError::Shape(input()))?;
        let burst: u32 = burst
            .trim()
            .parse()
            .map_err(|_| RateLimitError::Burst { burst: burst.to_string(), input: input() })?;
        let per_second: f64 = rate
            .trim()
            .parse()
            .map_err(|_| RateLimitError::Rate { rate: rate.to_string(), input: input() })?;
        if burst == 0 {
            return Err(RateLimitError::ZeroBurst(input()));
        }
        if !per_second.is_finite() || per_second <= 0.0 {
            return Err(RateLimitError::NonPositiveRate(input()));
        }
        Ok(RateLimit { burst, per_second })
    }
}

/// The longest `--log-retention-days`: a year (Auth0's plans keep logs from 1 to 30 days).
pub const MAX_LOG_RETENTION_DAYS: u32 = 365;

/// A `--log-retention-days` outside 1 … [`MAX_LOG_RETENTION_DAYS`].
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("invalid log retention {0:?}: expected whole days from 1 to {MAX_LOG_RETENTION_DAYS}")]
pub struct LogRetentionError(String);

/// clap's value parser for `--log-retention-days`.
pub fn parse_log_retention(s: &str) -> Result<u32, LogRetentionError> {
    s.trim()
        .parse::<u32>()
        .ok()
        .filter(|days| (1..=MAX_LOG_RETENTION_DAYS).contains(days))
        .ok_or_else(|| LogRetentionError(s.to_string()))
}

/// Auth0's longest access-token lifetime, 30 days (docs/auth0.md#access-tokens).
pub const MAX_TOKEN_LIFETIME_SECS: i64 = 30 * 24 * 3600;

/// A `--token-lifetime` outside 1 s … 30 days.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("invalid token lifetime {0:?}: expected whole seconds from 1 to {MAX_TOKEN_LIFETIME_SECS} (30 days)")]
pub struct TokenLifetimeError(String);

/// clap's value parser for `--token-lifetime`: whole seconds, 1 … [`MAX_TOKEN_LIFETIME_SECS`].
pub fn parse_token_lifetime(s: &str) -> Result<i64, TokenLifetimeError> {
    s.trim()
        .parse::<i64>()
        .ok()
        .filter(|secs| (1..=MAX_TOKEN_LIFETIME_SECS).contains(secs))
        .ok_or_else(|| TokenLifetimeError(s.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_lifetime_is_one_second_to_thirty_days() {
        assert_eq!(parse_token_lifetime("1"), Ok(1));
        assert_eq!(parse_token_lifetime("2592000"), Ok(2_592_000));
        for bad in ["0", "-1", "2592001", "9223372036854775807", "1.5", "", "day"] {
            assert!(parse_token_lifetime(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn log_retention_is_one_day_to_a_year() {
        assert_eq!(parse_log_retention("1"), Ok(1));
        assert_eq!(parse_log_retention("365"), Ok(365));
        for bad in ["0", "-1", "366", "1.5", "", "week"] {
            assert!(parse_log_retention(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn rate_limit_parses_burst_and_rate() {
        assert_eq!("2/2".parse::<RateLimit>(), Ok(RateLimit::FREE_TIER));
        assert_eq!("50/0.5".parse::<RateLimit>(), Ok(RateLimit { burst: 50, per_second: 0.5 }));
        for bad in ["", "2", "0/2", "2/0", "x/2", "2/-1", "2/inf", "2/2/2"] {
            let err = bad.parse::<RateLimit>().unwrap_err().to_string();
            assert!(err.contains("rate limit") || err.contains("rate"), "{bad}: {err}");
        }
    }
}
