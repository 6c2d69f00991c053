//! The append-only audit log. [`record`] is called inside each mutation's transaction;
//! the table's triggers refuse updates and deletes. Entity and action are typed
//! ([`AuditEntity`], [`AuditAction`]) and stored as their text; [`list`] adds to each entry
//! what the record is and where to see it ([`labels`]).

mod labels;

use crate::{new_id, now, paging, parse_id, schema::audit_log, utc, Actor, DbConnection, StoreError};
use chrono::{DateTime, NaiveDateTime, Utc};
use danvan_domain::audit::{AuditAction, AuditEntity, AuditEntry};
use diesel::prelude::*;
use serde::Serialize;

#[derive(Insertable, Queryable)]
#[diesel(table_name = audit_log)]
struct AuditRow {
    id: String,
    at: NaiveDateTime,
    actor_id: Option<String>,
    actor_username: Option<String>,
    action: String,
    entity: String,
    entity_id: Option<String>,
    before_json: Option<String>,
    after_json: Option<String>,
    request_id: Option<String>,
}

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

/// Filters of the audit viewer; all optional.
#[derive(Debug, Default, Clone)]
pub struct AuditFilter {
    pub actor_id: Option<uuid::Uuid>,
    pub entity: Option<AuditEntity>,
    pub entity_id: Option<String>,
    pub action: Option<AuditAction>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

/// Newest first, `limit` at a time, each entry with its record's label and link (looked
/// up in one query per kind of record on the page).
pub fn list(
    conn: &mut DbConnection,
    filter: &AuditFilter,
    limit: usize,
    after: Option<&str>,
) -> Result<paging::Page<AuditEntry>, StoreError> {
    let mut query = audit_log::table.into_boxed();
    if let Some(actor) = filter.actor_id {
        query = query.filter(audit_log::actor_id.eq(actor.to_string()));
    }
    if let Some(entity) = filter.entity {
        query = query.filter(audit_log::entity.eq(entity.as_str()));
    }
    if let Some(entity_id) = &filter.entity_id {
        query = query.filter(audit_log::entity_id.eq(entity_id.clone()));
    }
    if let Some(action) = filter.action {
        query = query.filter(audit_log::action.eq_any(action.stored_texts()));
    }
    if let Some(from) = filter.from {
        query = query.filter(audit_log::at.ge(from.naive_utc()));
    }
    if let Some(to) = filter.to {
        query = query.filter(audit_log::at.lt(to.naive_utc()));
    }
    if let Some(cursor) = after {
        let [id] = paging::decode(cursor)?;
        query = query.filter(audit_log::id.lt(id));
    }
    let rows: Vec<AuditRow> = query.order(audit_log::id.desc()).limit(paging::fetch(limit)).load(conn)?;
    let mut page =
        paging::paginate(rows, limit, |row| vec![row.id.clone()], |rows| rows.into_iter().map(entry).collect())?;
    labels::fill(conn, &mut page.items)?;
    Ok(page)
}

fn entry(row: AuditRow) -> Result<AuditEntry, StoreError> {
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
