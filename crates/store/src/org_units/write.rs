//! Creating, moving, changing and deleting org units; the tree never gets a cycle, and a
//! unit with sub-units or users cannot be deleted.

use super::{
    read::{find, MAX_DEPTH},
    rows::OrgUnitRow,
};
use crate::limit::LimitInText;
use crate::{
    audit, new_id, now,
    schema::{org_units, users},
    Actor, DbConnection, StoreError,
};
use danvan_domain::audit::{AuditAction, AuditEntity};
use danvan_domain::org_unit::{CreateOrgUnit, OrgUnit, UpdateOrgUnit};
use diesel::prelude::*;
use uuid::Uuid;

const CODE_TAKEN: &str = "another org unit has this code";

/// Refuses a code another live unit has.
fn check_code(conn: &mut DbConnection, code: &str, except: Option<&str>) -> Result<(), StoreError> {
    let holders = org_units::table.filter(org_units::code.eq(code)).filter(org_units::deleted_at.is_null());
    crate::refuse_taken!(conn, holders.into_boxed(), org_units::id, except, "code", CODE_TAKEN)
}

pub fn create(conn: &mut DbConnection, actor: &Actor, request: &CreateOrgUnit) -> Result<OrgUnit, StoreError> {
    if let Some(parent) = request.parent_id {
        check_new_parent(conn, None, parent)?;
    }
    check_code(conn, &request.code, None)?;
    let at = now();
    let row = OrgUnitRow {
        id: new_id(),
        parent_id: request.parent_id.map(|id| id.to_string()),
        code: request.code.clone(),
        name: request.name.trim().to_owned(),
        kind: request.kind.as_str().to_owned(),
        version: 1,
        created_at: at,
        updated_at: at,
        deleted_at: None,
    };
    diesel::insert_into(org_units::table).values(&row).execute(conn).map_err(crate::taken("code", CODE_TAKEN))?;
    let unit = row.into_domain()?;
    audit::record(
        conn,
        actor,
        AuditAction::Create,
        AuditEntity::OrgUnit,
        Some(&unit.id.to_string()),
        None::<&()>,
        Some(&unit),
    )?;
    Ok(unit)
}

pub fn update(
    conn: &mut DbConnection,
    actor: &Actor,
    id: Uuid,
    expected_version: i64,
    request: &UpdateOrgUnit,
) -> Result<OrgUnit, StoreError> {
    let current = find(conn, id)?;
    crate::expect_version(expected_version, crate::Found::Version(current.version))?;
    let before = current.clone().into_domain()?;
    let mut row = current;
    if let Some(parent) = request.parent_id {
        if let Some(parent) = parent {
            check_new_parent(conn, Some(id), parent)?;
        }
        row.parent_id = parent.map(|p| p.to_string());
    }
    if let Some(code) = &request.code {
        check_code(conn, code, Some(&row.id))?;
        row.code = code.clone();
    }
    if let Some(name) = &request.name {
        row.name = name.trim().to_owned();
    }
    if let Some(kind) = request.kind {
        row.kind = kind.as_str().to_owned();
    }
    row.version += 1;
    row.updated_at = now();
    crate::save_versioned!(conn, org_units, &row, expected_version, crate::taken("code", CODE_TAKEN))?;
    let after = row.into_domain()?;
    audit::record(
        conn,
        actor,
        AuditAction::Update,
        AuditEntity::OrgUnit,
        Some(&id.to_string()),
        Some(&before),
        Some(&after),
    )?;
    Ok(after)
}

/// Refuses a parent that does not exist, that would put the `moved` unit (`None` for a new
/// one) under itself, or under which the tree is already broken (a cycle written around
/// the rules, or deeper than [`MAX_DEPTH`]): the walk up from the parent always ends.
fn check_new_parent(conn: &mut DbConnection, moved: Option<Uuid>, parent: Uuid) -> Result<(), StoreError> {
    let id = moved.map(|id| id.to_string()).unwrap_or_default();
    let mut cursor = Some(parent.to_string());
    let mut seen = std::collections::HashSet::new();
    while let Some(current) = cursor {
        if current == id || !seen.insert(current.clone()) {
            return Err(StoreError::invalid("parent_id", "cycle", "a unit cannot be moved under itself"));
        }
        if seen.len() > MAX_DEPTH {
            return Err(StoreError::invalid("parent_id", "too_deep", "the tree would be too deep"));
        }
        let row = org_units::table
            .find(&current)
            .filter(org_units::deleted_at.is_null())
            .select(org_units::parent_id)
            .first_row::<Option<String>>(conn)
            .optional()?;
        match row {
            Some(next) => cursor = next,
            None if seen.len() == 1 => return Err(StoreError::invalid("parent_id", "not_found", "no such org unit")),
            None => return Err(StoreError::Corrupt(format!("org unit {current} has a missing parent"))),
        }
    }
    Ok(())
}

/// Soft-deletes a unit that has no live children and no users.
pub fn delete(conn: &mut DbConnection, actor: &Actor, id: Uuid, expected_version: i64) -> Result<(), StoreError> {
    let current = find(conn, id)?;
    crate::expect_version(expected_version, crate::Found::Version(current.version))?;
    let children: i64 = org_units::table
        .filter(org_units::parent_id.eq(&current.id))
        .filter(org_units::deleted_at.is_null())
        .count()
        .get_result(conn)?;
    let members: i64 = users::table.filter(users::org_unit_id.eq(&current.id)).count().get_result(conn)?;
    if children > 0 || members > 0 {
        return Err(StoreError::conflict(
            "in_use",
            format!("the unit still has {children} sub-units and {members} users; move them first"),
        ));
    }
    let before = current.clone().into_domain()?;
    let mut row = current;
    let at = now();
    row.version += 1;
    row.updated_at = at;
    row.deleted_at = Some(at);
    crate::save_versioned!(conn, org_units, &row, expected_version, crate::taken("code", CODE_TAKEN))?;
    audit::record(
        conn,
        actor,
        AuditAction::Delete,
        AuditEntity::OrgUnit,
        Some(&id.to_string()),
        Some(&before),
        None::<&()>,
    )?;
    Ok(())
}
