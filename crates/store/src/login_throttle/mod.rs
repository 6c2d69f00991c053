//! Failed logins counted in the database, so that every server behind a load balancer
//! sees the same counts. Each counter is a row under a key the caller derives (a keyed
//! hash, never what was typed); it is changed by compare-and-set on its `version`, one
//! statement at a time, so concurrent attempts are counted one by one on both databases
//! without a long transaction that they would all wait for.
//!
//! The policy — which counters an attempt touches, how long a counter's failures block —
//! is the caller's: see [`Policy`].

use crate::limit::LimitInText;
use crate::{schema::login_failures, schema::login_known_addresses, DbConnection, StoreError};
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// How a counter turns failures into waiting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// Failures allowed before any wait.
    pub free: u32,
    /// The first wait, in seconds; each further failure doubles it.
    pub base_secs: i64,
    /// The longest wait.
    pub max_secs: i64,
    /// Failures are forgotten after this long without one.
    pub forget_after_secs: i64,
}

impl Policy {
    /// How long to block after the `failures`-th failure in a row: nothing while they are
    /// free, then `base`, `2 × base`, … up to `max`.
    pub fn wait_after(&self, failures: u32) -> i64 {
        if failures < self.free {
            return 0;
        }
        let doublings = (failures - self.free).min(40);
        self.base_secs.saturating_mul(1_i64 << doublings).min(self.max_secs)
    }
}

/// A counter's stored state.
#[derive(Debug, Clone, Queryable)]
struct Counter {
    failures: i32,
    version: i32,
    last_failure_at: NaiveDateTime,
    blocked_until: Option<NaiveDateTime>,
}

/// Counts one failure on every counter in `keys` at `now`, unless one of them blocks:
/// then nothing is counted and `Err` holds the seconds until the longest block ends.
/// The failure is counted before the password is checked, so that attempts that are
/// still being checked count against the limit too.
pub fn admit(
    conn: &mut DbConnection,
    keys: &[(&str, Policy)],
    now: NaiveDateTime,
) -> Result<Result<(), i64>, StoreError> {
    let mut counters = Vec::with_capacity(keys.len());
    for (key, policy) in keys {
        let counter = current(conn, key, policy, now)?;
        counters.push(counter);
    }
    if let Some(wait) = longest_block(counters.iter().flatten(), now) {
        return Ok(Err(wait));
    }
    for ((key, policy), mut counter) in keys.iter().zip(counters) {
        // Another server may count on the same row at the same moment: read it again and
        // retry until this attempt's increment is the one that lands.
        loop {
            match count_one(conn, key, policy, counter.as_ref(), now)? {
                true => break,
                false => {
                    counter = current(conn, key, policy, now)?;
                    if let Some(wait) = longest_block(counter.iter(), now) {
                        return Ok(Err(wait));
                    }
                }
            }
        }
    }
    Ok(Ok(()))
}

/// The counter under `key`, with failures older than the policy forgets left out.
fn current(
    conn: &mut DbConnection,
    key: &str,
    policy: &Policy,
    now: NaiveDateTime,
) -> Result<Option<Counter>, StoreError> {
    let counter: Option<Counter> = login_failures::table
        .find(key)
        .select((
            login_failures::failures,
            login_failures::version,
            login_failures::last_failure_at,
            login_failures::blocked_until,
        ))
        .first_row(conn)
        .optional()?;
    Ok(counter.map(|mut counter| {
        if (now - counter.last_failure_at).num_seconds() >= policy.forget_after_secs {
            counter.failures = 0;
            counter.blocked_until = None;
        }
        counter
    }))
}

fn longest_block<'a>(counters: impl Iterator<Item = &'a Counter>, now: NaiveDateTime) -> Option<i64> {
    counters
        .filter_map(|counter| counter.blocked_until.filter(|until| *until > now))
        .map(|until| (until - now).num_milliseconds().div_euclid(1000) + 1)
        .max()
}

/// Adds one failure to the counter last read as `seen`; `false` when another attempt
/// changed it in between.
fn count_one(
    conn: &mut DbConnection,
    key: &str,
    policy: &Policy,
    seen: Option<&Counter>,
    now: NaiveDateTime,
) -> Result<bool, StoreError> {
    let failures = seen.map_or(0, |counter| counter.failures).saturating_add(1);
    let wait = policy.wait_after(u32::try_from(failures).unwrap_or(u32::MAX));
    let blocked_until = (wait > 0).then(|| now + chrono::Duration::seconds(wait));
    let written = match seen {
        None => diesel::insert_into(login_failures::table)
            .values((
                login_failures::key.eq(key),
                login_failures::failures.eq(failures),
                login_failures::version.eq(1),
                login_failures::last_failure_at.eq(now),
                login_failures::blocked_until.eq(blocked_until),
            ))
            .execute(conn)
            .or_else(inserted_by_another)?,
        Some(counter) => {
            diesel::update(login_failures::table.find(key).filter(login_failures::version.eq(counter.version)))
                .set((
                    login_failures::failures.eq(failures),
                    login_failures::version.eq(counter.version.wrapping_add(1)),
                    login_failures::last_failure_at.eq(now),
                    login_failures::blocked_until.eq(blocked_until),
                ))
                .execute(conn)?
        }
    };
    Ok(written == 1)
}

/// A login succeeded: the counters in `forgiven` start again from nothing, and the one
/// failure counted for this attempt is taken back from those in `taken_back`.
pub fn succeeded(conn: &mut DbConnection, forgiven: &[&str], taken_back: &[&str]) -> Result<(), StoreError> {
    diesel::delete(login_failures::table.filter(login_failures::key.eq_any(forgiven))).execute(conn)?;
    diesel::update(
        login_failures::table.filter(login_failures::key.eq_any(taken_back)).filter(login_failures::failures.gt(0)),
    )
    .set((
        login_failures::failures.eq(login_failures::failures - 1),
        login_failures::version.eq(login_failures::version + 1),
    ))
    .execute(conn)?;
    Ok(())
}

/// Remembers that an account signed in from an address (both in the caller's `key`).
pub fn remember_address(conn: &mut DbConnection, key: &str, now: NaiveDateTime) -> Result<(), StoreError> {
    let changed = diesel::update(login_known_addresses::table.find(key))
        .set(login_known_addresses::last_success_at.eq(now))
        .execute(conn)?;
    if changed == 0 {
        diesel::insert_into(login_known_addresses::table)
            .values((login_known_addresses::key.eq(key), login_known_addresses::last_success_at.eq(now)))
            .execute(conn)
            .or_else(inserted_by_another)?;
    }
    Ok(())
}

/// Another server inserted the same key first: no row of this insert was written.
fn inserted_by_another(error: diesel::result::Error) -> Result<usize, diesel::result::Error> {
    match error {
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _) => Ok(0),
        other => Err(other),
    }
}

/// Whether an account signed in from an address since `since`.
pub fn is_known_address(conn: &mut DbConnection, key: &str, since: NaiveDateTime) -> Result<bool, StoreError> {
    let found: i64 = login_known_addresses::table
        .find(key)
        .filter(login_known_addresses::last_success_at.ge(since))
        .count()
        .get_result(conn)?;
    Ok(found > 0)
}

/// Deletes counters without a failure since `failures_before` and addresses not used
/// since `addresses_before`; returns how many rows went.
pub fn purge(
    conn: &mut DbConnection,
    failures_before: NaiveDateTime,
    addresses_before: NaiveDateTime,
) -> Result<usize, StoreError> {
    let counters = diesel::delete(login_failures::table.filter(login_failures::last_failure_at.lt(failures_before)))
        .execute(conn)?;
    let addresses = diesel::delete(
        login_known_addresses::table.filter(login_known_addresses::last_success_at.lt(addresses_before)),
    )
    .execute(conn)?;
    Ok(counters + addresses)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_start_after_the_free_failures_and_double_up_to_the_cap() {
        let policy = Policy { free: 3, base_secs: 2, max_secs: 60, forget_after_secs: 3600 };
        let waits: Vec<i64> = (1..=10).map(|n| policy.wait_after(n)).collect();
        assert_eq!(waits, [0, 0, 2, 4, 8, 16, 32, 60, 60, 60]);
        assert_eq!(policy.wait_after(u32::MAX), 60);
    }
}
