//! The audit viewer's list: its filters, newest first, each entry labelled.

use super::{
    labels,
    rows::{entry, AuditRow},
};
use crate::limit::LimitInText;
use crate::{paging, schema::audit_log, DbConnection, StoreError};
use chrono::{DateTime, Utc};
use danvan_domain::audit::{AuditAction, AuditEntity, AuditEntry};
use diesel::prelude::*;

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
    let rows: Vec<AuditRow> = query.order(audit_log::id.desc()).limit_in_text(paging::fetch(limit)).load(conn)?;
    let mut page =
        paging::paginate(rows, limit, |row| vec![row.id.clone()], |rows| rows.into_iter().map(entry).collect())?;
    labels::fill(conn, &mut page.items)?;
    Ok(page)
}
