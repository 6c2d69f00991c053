//! Reading area groups: the list (by code, or in sync order with tombstones) and one
//! group, each with its provinces.

use super::rows::GroupRow;
use crate::limit::LimitInText;
use crate::{
    paging, parse_id,
    schema::{area_group_members, area_groups},
    DbConnection, OptionalRow, StoreError,
};
use chrono::{DateTime, Utc};
use danvan_domain::area::{AreaGroup, AreaGroupKind, Layout};
use diesel::prelude::*;
use std::collections::HashMap;
use uuid::Uuid;

fn with_members(conn: &mut DbConnection, rows: Vec<GroupRow>) -> Result<Vec<AreaGroup>, StoreError> {
    let ids: Vec<String> = rows.iter().map(|row| row.id.clone()).collect();
    let members: Vec<(String, String)> = area_group_members::table
        .filter(area_group_members::area_group_id.eq_any(&ids))
        .order(area_group_members::area_id)
        .load(conn)?;
    let mut by_group: HashMap<String, Vec<Uuid>> = HashMap::new();
    for (group, area) in members {
        by_group.entry(group).or_default().push(parse_id(&area)?);
    }
    rows.into_iter()
        .map(|row| {
            let provinces = by_group.remove(&row.id).unwrap_or_default();
            row.into_domain(provinces)
        })
        .collect()
}

/// Filters of the area group list.
#[derive(Debug, Default, Clone)]
pub struct AreaGroupFilter {
    pub layout: Option<Layout>,
    pub kind: Option<AreaGroupKind>,
    /// Returns groups changed after this time, tombstones included, oldest change first.
    pub updated_since: Option<DateTime<Utc>>,
}

pub fn list(
    conn: &mut DbConnection,
    filter: &AreaGroupFilter,
    limit: usize,
    after: Option<&str>,
) -> Result<paging::Page<AreaGroup>, StoreError> {
    let mut query = area_groups::table.into_boxed();
    if let Some(layout) = filter.layout {
        query = query.filter(area_groups::layout.eq(layout.as_str()));
    }
    if let Some(kind) = filter.kind {
        query = query.filter(area_groups::kind.eq(kind.as_str()));
    }
    if let Some(since) = filter.updated_since {
        return paging::sync_page!(conn, query, area_groups, GroupRow, since, after, limit, |rows| {
            with_members(conn, rows)
        });
    }
    query = query.filter(area_groups::deleted_at.is_null());
    paging::key_page!(conn, query, area_groups::code, GroupRow, after, limit, |rows| with_members(conn, rows))
}

pub(super) fn find(conn: &mut DbConnection, id: Uuid) -> Result<GroupRow, StoreError> {
    area_groups::table.find(id.to_string()).filter(area_groups::deleted_at.is_null()).first_row(conn).found()
}

pub fn get(conn: &mut DbConnection, id: Uuid) -> Result<AreaGroup, StoreError> {
    let row = find(conn, id)?;
    Ok(with_members(conn, vec![row])?.remove(0))
}

/// The ids among `ids` that are live area groups.
pub fn existing(conn: &mut DbConnection, ids: &[String]) -> Result<Vec<String>, StoreError> {
    Ok(area_groups::table
        .filter(area_groups::id.eq_any(ids))
        .filter(area_groups::deleted_at.is_null())
        .select(area_groups::id)
        .load(conn)?)
}
