//! The managed lists (target groups and fields) in one table, told apart by kind. Every
//! function takes the kind, so an id of one list is never found through the other.

use crate::{audit, new_id, now, parse_id, schema::catalog_entries, utc, Actor, DbConnection, OptionalRow, StoreError};
use chrono::NaiveDateTime;
use danvan_domain::audit::{AuditAction, AuditEntity};
use danvan_domain::catalog::{CatalogEntry, CatalogKind, CreateCatalogEntry, UpdateCatalogEntry};
use diesel::prelude::*;
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = catalog_entries, treat_none_as_null = true)]
struct EntryRow {
    id: String,
    kind: String,
    code: String,
    name_vi: String,
    name_en: String,
    active: bool,
    position: i64,
    version: i64,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

impl EntryRow {
    fn into_domain(self) -> Result<CatalogEntry, StoreError> {
        Ok(CatalogEntry {
            id: parse_id(&self.id)?,
            kind: CatalogKind::parse(&self.kind)
                .ok_or_else(|| StoreError::Corrupt(format!("catalog kind {:?}", self.kind)))?,
            code: self.code,
            name_vi: self.name_vi,
            name_en: self.name_en,
            active: self.active,
            position: self.position,
            version: self.version,
            created_at: utc(self.created_at),
            updated_at: utc(self.updated_at),
        })
    }
}

const CODE_TAKEN: &str = "another entry of this list has this code";

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

fn find(conn: &mut DbConnection, kind: CatalogKind, id: Uuid) -> Result<EntryRow, StoreError> {
    catalog_entries::table.find(id.to_string()).filter(catalog_entries::kind.eq(kind.as_str())).first(conn).found()
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
        .first::<EntryRow>(conn)
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

/// Refuses a code another entry of the `kind` list has.
fn check_code(conn: &mut DbConnection, kind: CatalogKind, code: &str, except: Option<&str>) -> Result<(), StoreError> {
    let holders =
        catalog_entries::table.filter(catalog_entries::kind.eq(kind.as_str())).filter(catalog_entries::code.eq(code));
    crate::refuse_taken!(conn, holders.into_boxed(), catalog_entries::id, except, "code", CODE_TAKEN)
}

/// Adds an entry to the `kind` list, after the last one unless a position is given.
pub fn create(
    conn: &mut DbConnection,
    actor: &Actor,
    kind: CatalogKind,
    request: &CreateCatalogEntry,
) -> Result<CatalogEntry, StoreError> {
    check_code(conn, kind, &request.code, None)?;
    let position = match request.position {
        Some(position) => position,
        None => {
            let last: Option<i64> = catalog_entries::table
                .filter(catalog_entries::kind.eq(kind.as_str()))
                .select(diesel::dsl::max(catalog_entries::position))
                .first(conn)?;
            last.map_or(1, |last| last + 1)
        }
    };
    let at = now();
    let row = EntryRow {
        id: new_id(),
        kind: kind.as_str().to_owned(),
        code: request.code.clone(),
        name_vi: request.name_vi.trim().to_owned(),
        name_en: request.name_en.trim().to_owned(),
        active: true,
        position,
        version: 1,
        created_at: at,
        updated_at: at,
    };
    diesel::insert_into(catalog_entries::table).values(&row).execute(conn).map_err(crate::taken("code", CODE_TAKEN))?;
    let entry = row.into_domain()?;
    audit::record(
        conn,
        actor,
        AuditAction::Create,
        AuditEntity::CatalogEntry,
        Some(&entry.id.to_string()),
        None::<&()>,
        Some(&entry),
    )?;
    Ok(entry)
}

/// Renames, recodes, moves, retires (`active = false`) or revives an entry of the `kind` list.
pub fn update(
    conn: &mut DbConnection,
    actor: &Actor,
    kind: CatalogKind,
    id: Uuid,
    expected_version: i64,
    request: &UpdateCatalogEntry,
) -> Result<CatalogEntry, StoreError> {
    let current = find(conn, kind, id)?;
    crate::expect_version(expected_version, crate::Found::Version(current.version))?;
    let before = current.clone().into_domain()?;
    let mut row = current;
    if let Some(code) = &request.code {
        check_code(conn, kind, code, Some(&row.id))?;
        row.code = code.clone();
    }
    if let Some(name) = &request.name_vi {
        row.name_vi = name.trim().to_owned();
    }
    if let Some(name) = &request.name_en {
        row.name_en = name.trim().to_owned();
    }
    if let Some(active) = request.active {
        row.active = active;
    }
    if let Some(position) = request.position {
        row.position = position;
    }
    row.version += 1;
    row.updated_at = now();
    crate::save_versioned!(conn, catalog_entries, &row, expected_version, crate::taken("code", CODE_TAKEN))?;
    let after = row.into_domain()?;
    audit::record(
        conn,
        actor,
        AuditAction::Update,
        AuditEntity::CatalogEntry,
        Some(&id.to_string()),
        Some(&before),
        Some(&after),
    )?;
    Ok(after)
}
