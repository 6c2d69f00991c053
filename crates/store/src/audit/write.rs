//! Writing one audit row, inside the transaction of the change it records.

use super::rows::AuditRow;
use crate::{new_id, now, schema::audit_log, Actor, DbConnection, StoreError};
use danvan_domain::audit::{AuditAction, AuditEntity};
use diesel::prelude::*;
use serde::Serialize;

/// Writes one audit row for a change of `entity` `entity_id` by `actor`.
pub fn record<B: Serialize, A: Serialize>(
    conn: &mut DbConnection,
    actor: &Actor,
    action: AuditAction,
    entity: AuditEntity,
    entity_id: Option<&str>,
    before: Option<&B>,
    after: Option<&A>,
) -> Result<(), StoreError> {
    let row = AuditRow {
        id: new_id(),
        at: now(),
        actor_id: actor.user_id.map(|id| id.to_string()),
        actor_username: actor.username.clone(),
        action: action.as_str().to_owned(),
        entity: entity.as_str().to_owned(),
        entity_id: entity_id.map(str::to_owned),
        before_json: before.and_then(|value| serde_json::to_string(value).ok()),
        after_json: after.and_then(|value| serde_json::to_string(value).ok()),
        request_id: actor.request_id.clone(),
    };
    diesel::insert_into(audit_log::table).values(&row).execute(conn)?;
    Ok(())
}
