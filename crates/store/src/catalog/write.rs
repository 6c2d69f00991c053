//! Adding and changing entries of one list; a code is unique within its list.

use super::{read::find, rows::EntryRow};
use crate::limit::LimitInText;
use crate::{audit, new_id, now, schema::catalog_entries, Actor, DbConnection, StoreError};
use danvan_domain::audit::{AuditAction, AuditEntity};
use danvan_domain::catalog::{CatalogEntry, CatalogKind, CreateCatalogEntry, UpdateCatalogEntry};
use diesel::prelude::*;
use uuid::Uuid;

const CODE_TAKEN: &str = "another entry of this list has this code";

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
                .first_row(conn)?;
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
