//! Idempotency keys of creates: the first answer is kept with a hash of its request and
//! the id and version of what it created, so a retry with the same key replays it (same
//! body, `Location` and `ETag`) and a different request under the key is refused. A key
//! holds for a while (24 hours by default); after that a request under it is a new one.

use crate::limit::LimitInText;
use crate::{now, schema::idempotency_keys, DbConnection, StoreError};
use diesel::prelude::*;

/// A kept answer.
#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct StoredResponse {
    /// The collection the create was sent to, e.g. `/api/v1/org-units`.
    pub operation: String,
    pub request_hash: String,
    pub status: i32,
    pub body: String,
    /// The id of the created resource.
    pub resource_id: String,
    /// Its version, for the `ETag`; `None` for records that are never changed.
    pub resource_version: Option<i64>,
}

/// The answer kept under `key` since `valid_after`; an older one is forgotten here, inside
/// the create's transaction, so that the key can be used again.
pub fn find(
    conn: &mut DbConnection,
    actor: &str,
    key: &str,
    valid_after: chrono::NaiveDateTime,
) -> Result<Option<StoredResponse>, StoreError> {
    diesel::delete(idempotency_keys::table.find((actor, key)).filter(idempotency_keys::created_at.lt(valid_after)))
        .execute(conn)?;
    Ok(idempotency_keys::table
        .find((actor, key))
        .select((
            idempotency_keys::operation,
            idempotency_keys::request_hash,
            idempotency_keys::response_status,
            idempotency_keys::response_body,
            idempotency_keys::resource_id,
            idempotency_keys::resource_version,
        ))
        .first_row(conn)
        .optional()?)
}

/// Keeps the answer; call inside the create's transaction so both land or neither.
pub fn save(conn: &mut DbConnection, actor: &str, key: &str, response: &StoredResponse) -> Result<(), StoreError> {
    diesel::insert_into(idempotency_keys::table)
        .values((
            idempotency_keys::actor_id.eq(actor),
            idempotency_keys::idempotency_key.eq(key),
            idempotency_keys::operation.eq(&response.operation),
            idempotency_keys::request_hash.eq(&response.request_hash),
            idempotency_keys::response_status.eq(response.status),
            idempotency_keys::response_body.eq(&response.body),
            idempotency_keys::resource_id.eq(&response.resource_id),
            idempotency_keys::resource_version.eq(response.resource_version),
            idempotency_keys::created_at.eq(now()),
        ))
        .execute(conn)
        .map_err(crate::taken("Idempotency-Key", "a request with this key is being answered"))?;
    Ok(())
}

/// Deletes the answers kept before `before`, which no retry may claim any more.
pub fn purge(conn: &mut DbConnection, before: chrono::NaiveDateTime) -> Result<usize, StoreError> {
    Ok(diesel::delete(idempotency_keys::table.filter(idempotency_keys::created_at.lt(before))).execute(conn)?)
}
