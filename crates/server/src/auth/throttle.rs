//! Login throttling per account and per client address. Failures are counted in a
//! sliding window in this server's memory; behind a load balancer each server counts
//! its own, which still bounds guessing to a small multiple of the limit.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct LoginThrottle {
    window: Duration,
    per_account: u32,
    per_ip: u32,
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl LoginThrottle {
    pub fn new(window: Duration, per_account: u32, per_ip: u32) -> LoginThrottle {
        LoginThrottle { window, per_account, per_ip, failures: Mutex::new(HashMap::new()) }
    }

    fn keys(username: &str, ip: &str) -> [(String, bool); 2] {
        [(format!("user:{}", username.to_lowercase()), true), (format!("ip:{ip}"), false)]
    }

    /// Seconds to wait before another attempt, if this one must be refused.
    pub fn retry_after(&self, username: &str, ip: &str) -> Option<u64> {
        let now = Instant::now();
        let mut failures = self.failures.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        Self::keys(username, ip)
            .into_iter()
            .filter_map(|(key, is_account)| {
                let limit = if is_account { self.per_account } else { self.per_ip } as usize;
                let times = failures.get_mut(&key)?;
                while times.front().is_some_and(|t| now.duration_since(*t) >= self.window) {
                    times.pop_front();
                }
                (times.len() >= limit).then(|| {
                    let oldest = times.front().copied().unwrap_or(now);
                    (self.window.saturating_sub(now.duration_since(oldest))).as_secs().max(1)
                })
            })
            .max()
    }

    pub fn record_failure(&self, username: &str, ip: &str) {
        let now = Instant::now();
        let mut failures = self.failures.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if failures.len() > 100_000 {
            failures.retain(|_, times| times.back().is_some_and(|t| now.duration_since(*t) < self.window));
        }
        for (key, _) in Self::keys(username, ip) {
            failures.entry(key).or_default().push_back(now);
        }
    }

    /// A successful login clears the account's failures (not the address's).
    pub fn record_success(&self, username: &str) {
        let mut failures = self.failures.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        failures.remove(&format!("user:{}", username.to_lowercase()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_is_throttled_after_its_limit_and_freed_by_success() {
        let throttle = LoginThrottle::new(Duration::from_secs(60), 3, 100);
        for _ in 0..3 {
            assert_eq!(throttle.retry_after("an", "1.2.3.4"), None);
            throttle.record_failure("an", "1.2.3.4");
        }
        let wait = throttle.retry_after("an", "1.2.3.4");
        assert!(wait.is_some_and(|s| (1..=60).contains(&s)), "{wait:?}");
        assert_eq!(throttle.retry_after("binh", "1.2.3.4"), None);
        throttle.record_success("an");
        assert_eq!(throttle.retry_after("an", "1.2.3.4"), None);
    }

    #[test]
    fn an_address_is_throttled_across_accounts() {
        let throttle = LoginThrottle::new(Duration::from_secs(60), 100, 2);
        throttle.record_failure("a", "9.9.9.9");
        throttle.record_failure("b", "9.9.9.9");
        assert!(throttle.retry_after("c", "9.9.9.9").is_some());
        assert_eq!(throttle.retry_after("c", "8.8.8.8"), None);
    }
}
