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

    /// Admits a login attempt and counts it as a failure at once, before the slow password
    /// check, so that concurrent guesses cannot all pass a limit that only the finished ones
    /// would reach; a success then takes it back ([`LoginThrottle::succeeded`]). `Err` holds
    /// the seconds to wait when the account or the address has used up its window.
    pub fn admit(&self, username: &str, ip: &str) -> Result<Attempt, u64> {
        let now = Instant::now();
        let mut failures = self.failures.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if failures.len() > 100_000 {
            failures.retain(|_, times| times.back().is_some_and(|t| now.duration_since(*t) < self.window));
        }
        let keys = Self::keys(username, ip);
        let wait = keys
            .iter()
            .filter_map(|(key, is_account)| {
                let limit = if *is_account { self.per_account } else { self.per_ip } as usize;
                let times = failures.get_mut(key)?;
                while times.front().is_some_and(|t| now.duration_since(*t) >= self.window) {
                    times.pop_front();
                }
                (times.len() >= limit).then(|| {
                    let oldest = times.front().copied().unwrap_or(now);
                    (self.window.saturating_sub(now.duration_since(oldest))).as_secs().max(1)
                })
            })
            .max();
        if let Some(wait) = wait {
            return Err(wait);
        }
        for (key, _) in &keys {
            failures.entry(key.clone()).or_default().push_back(now);
        }
        let [(account, _), (address, _)] = keys;
        Ok(Attempt { at: now, account, address })
    }

    /// The attempt succeeded: the account's failures are forgiven, and the address no
    /// longer counts this attempt (its other failures stay).
    pub fn succeeded(&self, attempt: Attempt) {
        let mut failures = self.failures.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        failures.remove(&attempt.account);
        if let Some(times) = failures.get_mut(&attempt.address) {
            if let Some(index) = times.iter().rposition(|t| *t == attempt.at) {
                times.remove(index);
            }
        }
    }
}

/// An admitted login attempt, counted as failed until [`LoginThrottle::succeeded`] says otherwise.
#[derive(Debug)]
pub struct Attempt {
    at: Instant,
    account: String,
    address: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_is_throttled_after_its_limit_and_forgiven_by_a_success() {
        let throttle = LoginThrottle::new(Duration::from_secs(60), 3, 100);
        for _ in 0..2 {
            assert!(throttle.admit("an", "1.2.3.4").is_ok());
        }
        let success = throttle.admit("an", "1.2.3.4");
        assert!(success.is_ok());
        if let Ok(attempt) = success {
            throttle.succeeded(attempt);
        }
        for _ in 0..3 {
            assert!(throttle.admit("an", "1.2.3.4").is_ok(), "the failures before the success are forgiven");
        }
        let wait = throttle.admit("An", "1.2.3.4").err();
        assert!(wait.is_some_and(|s| (1..=60).contains(&s)), "{wait:?}");
        assert!(throttle.admit("binh", "1.2.3.4").is_ok());
    }

    #[test]
    fn attempts_count_before_they_finish() {
        let throttle = LoginThrottle::new(Duration::from_secs(60), 5, 1_000);
        let admitted = (0..200).filter_map(|_| throttle.admit("an", "1.2.3.4").ok()).count();
        assert_eq!(admitted, 5, "attempts still being checked count against the limit");
    }

    #[test]
    fn a_success_is_not_held_against_the_address() {
        let throttle = LoginThrottle::new(Duration::from_secs(60), 100, 2);
        for _ in 0..5 {
            let attempt = throttle.admit("owner", "9.9.9.9");
            assert!(attempt.is_ok());
            if let Ok(attempt) = attempt {
                throttle.succeeded(attempt);
            }
        }
        assert!(throttle.admit("a", "9.9.9.9").is_ok());
        assert!(throttle.admit("b", "9.9.9.9").is_ok());
        assert!(throttle.admit("c", "9.9.9.9").is_err(), "two failures use up the address");
        assert!(throttle.admit("c", "8.8.8.8").is_ok());
    }
}
