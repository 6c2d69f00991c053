//! Creating, changing and deleting area groups; a group names only provinces of its own
//! layout, and a group in a user's scope cannot be deleted.

use super::{
    read::{find, get},
    rows::GroupRow,
};
use crate::{
    areas, audit, new_id, now, parse_id,
    schema::{area_group_members, area_groups, user_scope_area_groups},
    Actor, DbConnection, StoreError,
};
use danvan_domain::audit::{AuditAction, AuditEntity};
use danvan_domain::{
    area::{AreaGroup, CreateAreaGroup, Layout, UpdateAreaGroup},
    validation::FieldError,
};
use diesel::prelude::*;
use uuid::Uuid;

/// Refuses ids that are not provinces of `layout`.
fn check_provinces(conn: &mut DbConnection, layout: Layout, ids: &[Uuid]) -> Result<Vec<String>, StoreError> {
    let mut wanted: Vec<String> = ids.iter().map(Uuid::to_string).collect();
    wanted.sort();
    wanted.dedup();
    let found = areas::describe(conn, &wanted)?;
    let errors: Vec<FieldError> = ids
        .iter()
        .enumerate()
        .filter_map(|(index, id)| {
            let id = id.to_string();
            let ok = found
                .iter()
                .any(|(fid, flayout, level)| *fid == id && flayout == layout.as_str() && level == "province");
            (!ok).then(|| {
                FieldError::new(
                    format!("province_ids[{index}]"),
                    "not_a_province",
                    format!("is not a province of the {} layout", layout.as_str()),
                )
            })
        })
        .collect();
    if errors.is_empty() {
        Ok(wanted)
    } else {
        Err(StoreError::Invalid(errors))
    }
}

const CODE_TAKEN: &str = "another area group has this code";

/// Refuses a code another live group has.
fn check_code(conn: &mut DbConnection, code: &str) -> Result<(), StoreError> {
    let holders = area_groups::table.filter(area_groups::code.eq(code)).filter(area_groups::deleted_at.is_null());
    crate::refuse_taken!(conn, holders.into_boxed(), area_groups::id, None::<&str>, "code", CODE_TAKEN)
}

fn set_members(conn: &mut DbConnection, group: &str, provinces: &[String]) -> Result<(), StoreError> {
    diesel::delete(area_group_members::table.filter(area_group_members::area_group_id.eq(group))).execute(conn)?;
    for province in provinces {
        diesel::insert_into(area_group_members::table)
            .values((area_group_members::area_group_id.eq(group), area_group_members::area_id.eq(province)))
            .execute(conn)?;
    }
    Ok(())
}

pub fn create(conn: &mut DbConnection, actor: &Actor, request: &CreateAreaGroup) -> Result<AreaGroup, StoreError> {
    let provinces = check_provinces(conn, request.layout, &request.province_ids)?;
    check_code(conn, &request.code)?;
    let at = now();
    let row = GroupRow {
        id: new_id(),
        code: request.code.clone(),
        name: request.name.trim().to_owned(),
        kind: request.kind.as_str().to_owned(),
        layout: request.layout.as_str().to_owned(),
        version: 1,
        created_at: at,
        updated_at: at,
        deleted_at: None,
    };
    diesel::insert_into(area_groups::table).values(&row).execute(conn).map_err(crate::taken("code", CODE_TAKEN))?;
    set_members(conn, &row.id, &provinces)?;
    let group = get(conn, parse_id(&row.id)?)?;
    audit::record(conn, actor, AuditAction::Create, AuditEntity::AreaGroup, Some(&row.id), None::<&()>, Some(&group))?;
    Ok(group)
}

pub fn update(
    conn: &mut DbConnection,
    actor: &Actor,
    id: Uuid,
    expected_version: i64,
    request: &UpdateAreaGroup,
) -> Result<AreaGroup, StoreError> {
    let mut row = find(conn, id)?;
    crate::expect_version(expected_version, crate::Found::Version(row.version))?;
    let before = get(conn, id)?;
    if let Some(ids) = &request.province_ids {
        let provinces = check_provinces(conn, before.layout, ids)?;
        set_members(conn, &row.id, &provinces)?;
    }
    if let Some(name) = &request.name {
        row.name = name.trim().to_owned();
    }
    if let Some(kind) = request.kind {
        row.kind = kind.as_str().to_owned();
    }
    row.version += 1;
    row.updated_at = now();
    crate::save_versioned!(conn, area_groups, &row, expected_version)?;
    let after = get(conn, id)?;
    audit::record(
        conn,
        actor,
        AuditAction::Update,
        AuditEntity::AreaGroup,
        Some(&row.id),
        Some(&before),
        Some(&after),
    )?;
    Ok(after)
}

/// Soft-deletes a group no user's scope refers to.
pub fn delete(conn: &mut DbConnection, actor: &Actor, id: Uuid, expected_version: i64) -> Result<(), StoreError> {
    let mut row = find(conn, id)?;
    crate::expect_version(expected_version, crate::Found::Version(row.version))?;
    let users: i64 = user_scope_area_groups::table
        .filter(user_scope_area_groups::area_group_id.eq(&row.id))
        .count()
        .get_result(conn)?;
    if users > 0 {
        return Err(StoreError::conflict(
            "in_use",
            format!("{users} users have this group in their scope; change their scope first"),
        ));
    }
    let before = get(conn, id)?;
    let at = now();
    row.version += 1;
    row.updated_at = at;
    row.deleted_at = Some(at);
    crate::save_versioned!(conn, area_groups, &row, expected_version)?;
    audit::record(conn, actor, AuditAction::Delete, AuditEntity::AreaGroup, Some(&row.id), Some(&before), None::<&()>)?;
    Ok(())
}
