//! Reading org units: the list (by code, or in sync order with tombstones), one unit,
//! and the subtree below a unit that scopes are made of.

use super::rows::OrgUnitRow;
use crate::limit::LimitInText;
use crate::{paging, parse_id, schema::org_units, DbConnection, OptionalRow, StoreError};
use chrono::{DateTime, Utc};
use danvan_domain::org_unit::OrgUnit;
use diesel::prelude::*;
use uuid::Uuid;

/// Filters of the org unit list.
#[derive(Debug, Default, Clone)]
pub struct OrgUnitFilter {
    pub parent_id: Option<Uuid>,
    /// Returns units changed after this time, tombstones included, oldest change first.
    pub updated_since: Option<DateTime<Utc>>,
}

pub fn list(
    conn: &mut DbConnection,
    filter: &OrgUnitFilter,
    limit: usize,
    after: Option<&str>,
) -> Result<paging::Page<OrgUnit>, StoreError> {
    let mut query = org_units::table.into_boxed();
    if let Some(parent) = filter.parent_id {
        query = query.filter(org_units::parent_id.eq(parent.to_string()));
    }
    let items = |rows: Vec<OrgUnitRow>| rows.into_iter().map(OrgUnitRow::into_domain).collect();
    if let Some(since) = filter.updated_since {
        return paging::sync_page!(conn, query, org_units, OrgUnitRow, since, after, limit, items);
    }
    query = query.filter(org_units::deleted_at.is_null());
    paging::key_page!(conn, query, org_units::code, OrgUnitRow, after, limit, items)
}

pub(super) fn find(conn: &mut DbConnection, id: Uuid) -> Result<OrgUnitRow, StoreError> {
    org_units::table.find(id.to_string()).filter(org_units::deleted_at.is_null()).first_row(conn).found()
}

pub fn get(conn: &mut DbConnection, id: Uuid) -> Result<OrgUnit, StoreError> {
    find(conn, id)?.into_domain()
}

/// Whether a live org unit with this id exists.
pub fn exists(conn: &mut DbConnection, id: Uuid) -> Result<bool, StoreError> {
    match find(conn, id) {
        Ok(_) => Ok(true),
        Err(StoreError::NotFound) => Ok(false),
        Err(error) => Err(error),
    }
}

/// How many levels the org unit tree may have; walks over it stop there.
pub const MAX_DEPTH: usize = 32;

/// The unit and every live unit below it, at most [`MAX_DEPTH`] levels down; each unit
/// once, even where a cycle was written around the rules.
pub fn subtree(conn: &mut DbConnection, root: Uuid) -> Result<Vec<Uuid>, StoreError> {
    let all: Vec<(String, Option<String>)> = org_units::table
        .filter(org_units::deleted_at.is_null())
        .select((org_units::id, org_units::parent_id))
        .load(conn)?;
    let mut children: std::collections::HashMap<&str, Vec<&str>> = std::collections::HashMap::new();
    for (id, parent) in &all {
        if let Some(parent) = parent {
            children.entry(parent.as_str()).or_default().push(id.as_str());
        }
    }
    let root = root.to_string();
    let mut found = vec![root.as_str()];
    let mut seen: std::collections::HashSet<&str> = found.iter().copied().collect();
    let mut level = found.clone();
    for _ in 1..MAX_DEPTH {
        let next: Vec<&str> = level
            .iter()
            .flat_map(|parent| children.get(parent).into_iter().flatten().copied())
            .filter(|child| seen.insert(child))
            .collect();
        if next.is_empty() {
            break;
        }
        found.extend(&next);
        level = next;
    }
    found.iter().map(|id| parse_id(id)).collect()
}

/// Finds a live unit by its code.
pub fn by_code(conn: &mut DbConnection, code: &str) -> Result<Option<OrgUnit>, StoreError> {
    org_units::table
        .filter(org_units::code.eq(code))
        .filter(org_units::deleted_at.is_null())
        .first_row::<OrgUnitRow>(conn)
        .optional()?
        .map(OrgUnitRow::into_domain)
        .transpose()
}
