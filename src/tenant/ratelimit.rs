//! Token bucket behind the `x-ratelimit-*` headers (docs/auth0.md#rate-limits).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use axum::http::{HeaderMap, HeaderName, HeaderValue};

use super::config::RateLimit;

/// The outcome of taking one token, with the values the three headers report.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Decision {
    pub allowed: bool,
    pub limit: u32,
    pub remaining: u32,
    /// Epoch seconds at which the bucket next gains a token (Auth0: "when more requests are added").
    pub reset: u64,
}

impl Decision {
    /// `x-ratelimit-limit`, `-remaining` and `-reset`, as Auth0 sends them on every answer.
    pub fn insert_headers(&self, headers: &mut HeaderMap) {
        for (name, value) in [
            ("x-ratelimit-limit", u64::from(self.limit)),
            ("x-ratelimit-remaining", u64::from(self.remaining)),
            ("x-ratelimit-reset", self.reset),
        ] {
            headers.insert(HeaderName::from_static(name), HeaderValue::from(value));
        }
    }
}

#[derive(Debug)]
pub struct TokenBucket {
    config: RateLimit,
    state: Mutex<(f64, Instant)>,
}

impl TokenBucket {
    pub fn new(config: RateLimit) -> Self {
        TokenBucket { config, state: Mutex::new((f64::from(config.burst), Instant::now())) }
    }

    pub fn take(&self) -> Decision {
        let now = Instant::now();
        let burst = f64::from(self.config.burst);
        // A poisoned lock only means another request panicked mid-update; the numbers are still usable.
        let mut guard = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let (tokens, last) = *guard;
        let refilled = (tokens + now.duration_since(last).as_secs_f64() * self.config.per_second).min(burst);
        let allowed = refilled >= 1.0;
        let left = if allowed { refilled - 1.0 } else { refilled };
        *guard = (left, now);
        drop(guard);
        let epoch = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs_f64()).unwrap_or(0.0);
        let reset = if left >= burst {
            epoch.floor()
        } else {
            let wait = (1.0 - left.fract()) / self.config.per_second;
            (epoch + wait).ceil()
        };
        Decision { allowed, limit: self.config.burst, remaining: left.floor() as u32, reset: reset as u64 }
    }
}

/// One [`TokenBucket`] per key (the token endpoint's client ids), each with the same limit.
#[derive(Debug)]
pub struct BucketPerClient {
    config: RateLimit,
    buckets: Mutex<HashMap<String, TokenBucket>>,
}

impl BucketPerClient {
    pub fn new(config: RateLimit) -> Self {
        BucketPerClient { config, buckets: Mutex::new(HashMap::new()) }
    }

    /// Takes one token from `key`'s bucket; callers keep the set of keys bounded.
    pub fn take(&self, key: &str) -> Decision {
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        buckets.entry(key.to_string()).or_insert_with(|| TokenBucket::new(self.config)).take()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_empties_after_burst_and_reports_a_future_reset() {
        let b = TokenBucket::new(RateLimit { burst: 2, per_second: 0.001 });
        let first = b.take();
        assert!(first.allowed);
        assert_eq!((first.limit, first.remaining), (2, 1));
        assert!(b.take().allowed);
        let third = b.take();
        assert!(!third.allowed);
        assert_eq!(third.remaining, 0);
        let now = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
        assert!(third.reset > now + 100, "a token arrives only after ~1000 s");
    }
}
