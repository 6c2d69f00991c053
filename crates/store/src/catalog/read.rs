//! Reading one list of the catalogue: its entries, one entry, and the ids that other
//! modules check their references against.

use super::rows::EntryRow;
use crate::limit::LimitInText;
use crate::{schema::catalog_entries, DbConnection, OptionalRow, StoreError};
use danvan_domain::catalog::{CatalogEntry, CatalogKind};
use diesel::prelude::*;
use uuid::Uuid;

/// The entries of one list by position and code; `active` keeps only live or only retired ones.
pub fn list(conn: &mut DbConnection, kind: CatalogKind, active: Option<bool>) -> Result<Vec<CatalogEntry>, StoreError> {
    let mut query = catalog_entries::table.filter(catalog_entries::kind.eq(kind.as_str())).into_boxed();
    if let Some(active) = active {
        query = query.filter(catalog_entries::active.eq(active));
    }
    query
        .order((catalog_entries::position, catalog_entries::code))
        .load::<EntryRow>(conn)?
        .into_iter()
        .map(EntryRow::into_domain)
        .collect()
}

pub(super) fn find(conn: &mut DbConnection, kind: CatalogKind, id: Uuid) -> Result<EntryRow, StoreError> {
    catalog_entries::table.find(id.to_string()).filter(catalog_entries::kind.eq(kind.as_str())).first_row(conn).found()
}

/// One entry of the `kind` list; an entry of the other list is not found.
pub fn get(conn: &mut DbConnection, kind: CatalogKind, id: Uuid) -> Result<CatalogEntry, StoreError> {
    find(conn, kind, id)?.into_domain()
}

/// The entry of the `kind` list with this code, if any.
pub fn by_code(conn: &mut DbConnection, kind: CatalogKind, code: &str) -> Result<Option<CatalogEntry>, StoreError> {
    catalog_entries::table
        .filter(catalog_entries::kind.eq(kind.as_str()))
        .filter(catalog_entries::code.eq(code))
        .first_row::<EntryRow>(conn)
        .optional()?
        .map(EntryRow::into_domain)
        .transpose()
}

/// The ids among `ids` that are entries (live or retired) of the `kind` list.
pub fn existing(conn: &mut DbConnection, kind: CatalogKind, ids: &[String]) -> Result<Vec<String>, StoreError> {
    Ok(catalog_entries::table
        .filter(catalog_entries::kind.eq(kind.as_str()))
        .filter(catalog_entries::id.eq_any(ids))
        .select(catalog_entries::id)
        .load(conn)?)
}

/// The ids of the live entries of the `kind` list, by position and code.
pub fn active_ids(conn: &mut DbConnection, kind: CatalogKind) -> Result<Vec<String>, StoreError> {
    Ok(catalog_entries::table
        .filter(catalog_entries::kind.eq(kind.as_str()))
        .filter(catalog_entries::active.eq(true))
        .order((catalog_entries::position, catalog_entries::code))
        .select(catalog_entries::id)
        .load(conn)?)
}
