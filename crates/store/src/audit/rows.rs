//! The stored audit row and its reading into an [`AuditEntry`] (label and link still
//! empty: [`super::labels`] fills them).

use crate::{parse_id, schema::audit_log, utc, StoreError};
use chrono::NaiveDateTime;
use danvan_domain::audit::{AuditAction, AuditEntity, AuditEntry};
use diesel::prelude::*;

#[derive(Insertable, Queryable)]
#[diesel(table_name = audit_log)]
pub(super) struct AuditRow {
    pub(super) id: String,
    pub(super) at: NaiveDateTime,
    pub(super) actor_id: Option<String>,
    pub(super) actor_username: Option<String>,
    pub(super) action: String,
    pub(super) entity: String,
    pub(super) entity_id: Option<String>,
    pub(super) before_json: Option<String>,
    pub(super) after_json: Option<String>,
    pub(super) request_id: Option<String>,
}

pub(super) fn entry(row: AuditRow) -> Result<AuditEntry, StoreError> {
    Ok(AuditEntry {
        id: parse_id(&row.id)?,
        at: utc(row.at),
        actor_id: row.actor_id.as_deref().map(parse_id).transpose()?,
        actor_username: row.actor_username,
        action: AuditAction::parse_stored(&row.action)
            .ok_or_else(|| StoreError::Corrupt(format!("audit action {:?}", row.action)))?,
        entity: AuditEntity::parse(&row.entity)
            .ok_or_else(|| StoreError::Corrupt(format!("audit entity {:?}", row.entity)))?,
        entity_id: row.entity_id,
        label: None,
        link: None,
        before: row.before_json.and_then(|json| serde_json::from_str(&json).ok()),
        after: row.after_json.and_then(|json| serde_json::from_str(&json).ok()),
        request_id: row.request_id,
    })
}
