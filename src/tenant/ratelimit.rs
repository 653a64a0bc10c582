//! Token bucket behind the `x-ratelimit-*` headers (docs/auth0.md#rate-limits).

use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
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

/// A bucket's level: `tokens` as of `last`.
#[derive(Debug, Clone, Copy)]
struct Level {
    tokens: f64,
    last: Instant,
}

impl Level {
    fn full(config: RateLimit) -> Self {
        Level { tokens: f64::from(config.burst), last: Instant::now() }
    }

    /// Refills up to now, then takes one token when `consume` and one is there.
    fn decide(&mut self, config: RateLimit, consume: bool) -> Decision {
        let now = Instant::now();
        let burst = f64::from(config.burst);
        let refilled =
            (self.tokens + now.duration_since(self.last).as_secs_f64() * config.per_second).min(burst);
        let allowed = refilled >= 1.0;
        let left = if allowed && consume { refilled - 1.0 } else { refilled };
        *self = Level { tokens: left, last: now };
        let epoch = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs_f64()).unwrap_or(0.0);
        let reset = if left >= burst {
            epoch.floor()
        } else {
            let wait = (1.0 - left.fract()) / config.per_second;
            (epoch + wait).ceil()
        };
        Decision { allowed, limit: config.burst, remaining: left.floor() as u32, reset: reset as u64 }
    }

    fn is_full(&self, config: RateLimit) -> bool {
        self.tokens + self.last.elapsed().as_secs_f64() * config.per_second >= f64::from(config.burst)
    }
}

/// Auth0's default `max_attempts` of brute-force protection.
pub const MAX_FAILED_ATTEMPTS: u32 = 10;
/// A blocked client id and address may try again once every this many seconds.
pub const ATTEMPT_REFILL_SECS: u32 = 10;
/// The failed-attempt buckets: [`MAX_FAILED_ATTEMPTS`] at once, one more per [`ATTEMPT_REFILL_SECS`].
pub const FAILED_ATTEMPTS: RateLimit =
    RateLimit { burst: MAX_FAILED_ATTEMPTS, per_second: 1.0 / ATTEMPT_REFILL_SECS as f64 };

/// Whose failed attempts a request counts against: the client it names when that client exists
/// (otherwise one key for every unknown id, so made-up ids mint no buckets), and its address.
pub type AttemptKey = (String, IpAddr);

#[derive(Debug)]
pub struct TokenBucket {
    config: RateLimit,
    // A poisoned lock only means another request panicked mid-update; the numbers are still usable.
    level: Mutex<Level>,
}

impl TokenBucket {
    pub fn new(config: RateLimit) -> Self {
        TokenBucket { config, level: Mutex::new(Level::full(config)) }
    }

    pub fn config(&self) -> RateLimit {
        self.config
    }

    pub fn take(&self) -> Decision {
        self.level.lock().unwrap_or_else(|e| e.into_inner()).decide(self.config, true)
    }
}

/// One bucket per key, each with the same limit, at most `cap` of them. A full bucket carries
/// no state (a new one would be full too), so when the cap is reached full buckets go first;
/// should that not free a quarter of the cap (keys from very many addresses), arbitrary ones
/// go too. Either way the memory stays bounded and the cost per request stays constant on
/// average.
#[derive(Debug)]
pub struct BucketPerKey<K> {
    config: RateLimit,
    cap: usize,
    buckets: Mutex<HashMap<K, Level>>,
}

impl<K: Eq + Hash + Clone> BucketPerKey<K> {
    pub fn new(config: RateLimit, cap: usize) -> Self {
        BucketPerKey { config, cap: cap.max(4), buckets: Mutex::new(HashMap::new()) }
    }

    pub fn config(&self) -> RateLimit {
        self.config
    }

    /// Takes one token from `key`'s bucket.
    pub fn take(&self, key: &K) -> Decision {
        self.decide(key, true)
    }

    /// `key`'s bucket as it stands, without taking a token.
    pub fn peek(&self, key: &K) -> Decision {
        self.decide(key, false)
    }

    fn decide(&self, key: &K, consume: bool) -> Decision {
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if !buckets.contains_key(key) && buckets.len() >= self.cap {
            let config = self.config;
            buckets.retain(|_, level| !level.is_full(config));
            let keep = self.cap * 3 / 4;
            if buckets.len() > keep {
                let extra: Vec<K> = buckets.keys().take(buckets.len() - keep).cloned().collect();
                for k in extra {
                    buckets.remove(&k);
                }
            }
        }
        buckets.entry(key.clone()).or_insert_with(|| Level::full(self.config)).decide(self.config, consume)
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.buckets.lock().map(|b| b.len()).unwrap_or(0)
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

    #[test]
    fn keyed_buckets_are_separate_and_capped() {
        let per_key = BucketPerKey::new(RateLimit { burst: 1, per_second: 0.001 }, 8);
        let (a, b) = ("a".to_string(), "b".to_string());
        assert!(per_key.peek(&a).allowed, "peeking takes nothing");
        assert!(per_key.take(&a).allowed);
        assert!(!per_key.take(&a).allowed);
        assert!(!per_key.peek(&a).allowed);
        assert!(per_key.take(&b).allowed, "another key has its own bucket");
        for i in 0..1000 {
            per_key.take(&format!("k{i}"));
        }
        assert!(per_key.len() <= 8, "{} buckets", per_key.len());
    }
}
