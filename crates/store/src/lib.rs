//! Storage of Dân vận over SQLite and PostgreSQL with one set of queries.
//!
//! Conventions: ids are UUIDs stored as text, times UTC `Timestamp`s with microsecond
//! precision, enums text with a CHECK. Every mutation takes an [`Actor`] and writes its
//! audit row inside the same transaction ([`db::write`]). Lists answer one
//! [`paging::Page`]; version-guarded changes make the one [`expect_version`] check.
//! Functions here are synchronous; the server calls them on its blocking pool.
//!
//! A module that holds a resource is a folder of the same parts: `rows.rs` (its diesel
//! rows and their reading into domain types), `read.rs` (queries), `write.rs`
//! (mutations), and a `mod.rs` that re-exports them, so callers name `tasks::list`,
//! never the part it lives in.

pub mod aid;
pub mod area_groups;
pub mod areas;
pub mod assignments;
pub mod attachments;
pub mod audit;
pub mod catalog;
pub mod community_teams;
pub mod db;
mod error;
pub mod explain;
pub mod idempotency;
pub mod limit;
mod load_indexes;
pub mod login_throttle;
pub mod notifications;
pub mod org_units;
pub mod paging;
pub mod personal;
pub mod plans;
pub mod reports;
pub mod schema;
pub mod scope;
pub mod tasks;
pub mod tokens;
pub mod users;
pub mod working_groups;

pub use db::{DbConnection, Pool, PooledConnection};
pub use diesel;
pub(crate) use error::{expect_version, refuse_taken, save_versioned, taken, Found};
pub use error::{OptionalRow, StoreError};

use chrono::{DateTime, NaiveDateTime, Utc};
use uuid::Uuid;

/// Who makes a change, for the audit log.
#[derive(Debug, Clone, Default)]
pub struct Actor {
    pub user_id: Option<Uuid>,
    pub username: Option<String>,
    pub request_id: Option<String>,
}

impl Actor {
    /// The system itself (start-up, imports, command-line tools).
    pub fn system(label: &str) -> Actor {
        Actor { user_id: None, username: Some(label.to_owned()), request_id: None }
    }
}

/// Now, at the precision both backends store.
pub fn now() -> NaiveDateTime {
    let now = Utc::now().naive_utc();
    now.with_nanosecond_micros()
}

trait MicrosPrecision {
    fn with_nanosecond_micros(self) -> Self;
}

impl MicrosPrecision for NaiveDateTime {
    fn with_nanosecond_micros(self) -> Self {
        use chrono::Timelike;
        self.with_nanosecond(self.nanosecond() / 1_000 * 1_000).unwrap_or(self)
    }
}

pub(crate) fn utc(value: NaiveDateTime) -> DateTime<Utc> {
    value.and_utc()
}

pub(crate) fn parse_id(value: &str) -> Result<Uuid, StoreError> {
    Uuid::parse_str(value).map_err(|_| StoreError::Corrupt(format!("bad id {value:?}")))
}

/// Names by id, from `(id, name)` rows.
pub(crate) fn lookup(rows: Vec<(String, String)>) -> std::collections::HashMap<String, String> {
    rows.into_iter().collect()
}

/// An id with its name from `names` (empty when the name is unknown).
pub(crate) fn named(
    id: &str,
    names: &std::collections::HashMap<String, String>,
) -> Result<danvan_domain::named::NamedRef, StoreError> {
    Ok(danvan_domain::named::NamedRef { id: parse_id(id)?, name: names.get(id).cloned().unwrap_or_default() })
}

/// The id of the signed-in user making a change that records its author.
pub(crate) fn actor_id(actor: &Actor) -> Result<String, StoreError> {
    actor.user_id.map(|id| id.to_string()).ok_or_else(|| StoreError::Config("a change needs a signed-in user".into()))
}

pub(crate) fn new_id() -> String {
    Uuid::now_v7().to_string()
}
