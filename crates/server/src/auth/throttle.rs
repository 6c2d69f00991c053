//! Login throttling, with its counters in the database so that every server behind a
//! load balancer shares them ([`danvan_store::login_throttle`]).
//!
//! An attempt counts, before its password is checked, against
//! - the account at this address: the owner's own typing errors slow down only them;
//! - unless the account signed in from this address before: the account from anywhere
//!   (so that guesses spread over many addresses stay few), and the address across
//!   accounts (so that one address cannot try many accounts).
//!
//! Each counter allows some failures, then makes the next attempt wait, doubling the wait
//! with each failure up to a cap. So whoever knows a username can slow its owner down
//! only at addresses the owner never used; from their usual address the owner gets in.

use crate::{error::ApiError, http};
use danvan_store::{login_throttle, login_throttle::Policy, Pool};
use sha2::{Digest, Sha256};

/// How long an address stays an account's usual one after its last successful login.
pub const KNOWN_ADDRESS_DAYS: i64 = 90;

/// The first wait once a counter's free failures are used up; it doubles from there.
const FIRST_WAIT_SECS: i64 = 1;

pub struct LoginThrottle {
    /// Keys the counters' names, so that what they count cannot be read back from them.
    secret: Vec<u8>,
    account: Policy,
    address: Policy,
}

/// The limits, from the configuration.
pub struct Limits {
    pub per_account: u32,
    pub per_address: u32,
    pub max_wait_secs: i64,
    pub forget_after_secs: i64,
}

impl LoginThrottle {
    pub fn new(secret: &[u8], limits: Limits) -> LoginThrottle {
        let policy = |free| Policy {
            free,
            base_secs: FIRST_WAIT_SECS,
            max_secs: limits.max_wait_secs,
            forget_after_secs: limits.forget_after_secs,
        };
        LoginThrottle {
            secret: secret.to_vec(),
            account: policy(limits.per_account),
            address: policy(limits.per_address),
        }
    }

    fn key(&self, kind: &str, value: &str) -> String {
        let digest = Sha256::new()
            .chain_update(&self.secret)
            .chain_update([0])
            .chain_update(kind)
            .chain_update([0])
            .chain_update(value)
            .finalize();
        digest.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Admits a login attempt for `username` from `address` and counts it as a failure at
    /// once; a success then takes that back ([`LoginThrottle::succeeded`]). Refused with
    /// 429 and the seconds to wait while a counter blocks.
    pub async fn admit(&self, pool: &Pool, username: &str, address: &str) -> Result<Attempt, ApiError> {
        let account = username.to_lowercase();
        let attempt = Attempt {
            pair: self.key("account-address", &format!("{account}\0{address}")),
            account: self.key("account", &account),
            address: self.key("address", address),
            known: false,
        };
        let (account_policy, address_policy) = (self.account, self.address);
        let outcome = http::read(pool, move |conn| {
            let now = danvan_store::now();
            let since = now - chrono::Duration::days(KNOWN_ADDRESS_DAYS);
            let known = login_throttle::is_known_address(conn, &attempt.pair, since)?;
            let mut counters = vec![(attempt.pair.as_str(), account_policy)];
            if !known {
                counters.push((attempt.account.as_str(), account_policy));
                counters.push((attempt.address.as_str(), address_policy));
            }
            let admitted = login_throttle::admit(conn, &counters, now)?;
            Ok(admitted.map(|()| Attempt { known, ..attempt }))
        })
        .await?;
        outcome.map_err(|wait| ApiError::TooManyRequests { retry_after: u64::try_from(wait).unwrap_or(1).max(1) })
    }

    /// The attempt's password was right: the account's failures at this address are
    /// forgiven, the address no longer counts this attempt, and it becomes one of the
    /// account's usual addresses. Failures from elsewhere still count against the account.
    pub async fn succeeded(&self, pool: &Pool, attempt: Attempt) -> Result<(), ApiError> {
        http::read(pool, move |conn| {
            let taken_back: &[&str] =
                if attempt.known { &[] } else { &[attempt.address.as_str(), attempt.account.as_str()] };
            login_throttle::succeeded(conn, &[attempt.pair.as_str()], taken_back)?;
            login_throttle::remember_address(conn, &attempt.pair, danvan_store::now())?;
            Ok(())
        })
        .await
    }
}

/// An admitted login attempt, counted as failed until [`LoginThrottle::succeeded`] says otherwise.
#[derive(Debug)]
pub struct Attempt {
    pair: String,
    account: String,
    address: String,
    /// The account signed in from this address before.
    known: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counter_names_do_not_show_what_they_count() {
        let limits = Limits { per_account: 5, per_address: 50, max_wait_secs: 900, forget_after_secs: 3600 };
        let throttle = LoginThrottle::new(b"a secret of the server", limits);
        let key = throttle.key("account", "my-password-typed-as-username");
        assert_eq!(key.len(), 64);
        assert!(!key.contains("password"));
        assert_eq!(key, throttle.key("account", "my-password-typed-as-username"), "the same on every server");
        assert_ne!(key, throttle.key("address", "my-password-typed-as-username"));
        let other = LoginThrottle::new(
            b"another secret",
            Limits { per_account: 5, per_address: 50, max_wait_secs: 1, forget_after_secs: 1 },
        );
        assert_ne!(key, other.key("account", "my-password-typed-as-username"));
    }
}
