//! Creating and changing accounts and passwords; deactivating an account or setting its
//! password ends its sessions.

use super::{
    read::{find, get},
    rows::UserRow,
};
use crate::{
    area_groups, areas, audit, new_id, now, org_units, parse_id,
    schema::{refresh_tokens, user_scope_area_groups, user_scope_areas, users},
    Actor, DbConnection, StoreError,
};
use danvan_domain::audit::{AuditAction, AuditEntity};
use danvan_domain::{
    text::fold,
    user::{CreateUser, UpdateUser, User},
    validation::FieldError,
};
use diesel::prelude::*;
use uuid::Uuid;

/// Checks references of a new or changed user; returns the normalised scope ids.
fn check_references(
    conn: &mut DbConnection,
    org_unit_id: Option<Uuid>,
    area_ids: Option<&[Uuid]>,
    group_ids: Option<&[Uuid]>,
) -> Result<(Vec<String>, Vec<String>), StoreError> {
    let mut errors = Vec::new();
    if let Some(unit) = org_unit_id {
        if !org_units::exists(conn, unit)? {
            errors.push(FieldError::new("org_unit_id", "not_found", "no such org unit"));
        }
    }
    let mut unknown = |field: &str, ids: &[Uuid], found: &[String]| {
        for (index, id) in ids.iter().enumerate() {
            if !found.contains(&id.to_string()) {
                errors.push(FieldError::new(format!("{field}[{index}]"), "not_found", "no such id"));
            }
        }
    };
    let area_ids: Vec<String> = area_ids.unwrap_or_default().iter().map(Uuid::to_string).collect();
    let found_areas: Vec<String> = areas::describe(conn, &area_ids)?.into_iter().map(|(id, _, _)| id).collect();
    let group_ids: Vec<String> = group_ids.unwrap_or_default().iter().map(Uuid::to_string).collect();
    let found_groups = area_groups::existing(conn, &group_ids)?;
    unknown(
        "scope_area_ids",
        &area_ids.iter().filter_map(|s| Uuid::parse_str(s).ok()).collect::<Vec<_>>(),
        &found_areas,
    );
    unknown(
        "scope_area_group_ids",
        &group_ids.iter().filter_map(|s| Uuid::parse_str(s).ok()).collect::<Vec<_>>(),
        &found_groups,
    );
    if errors.is_empty() {
        let mut a = found_areas;
        a.sort();
        let mut g = found_groups;
        g.sort();
        Ok((a, g))
    } else {
        Err(StoreError::Invalid(errors))
    }
}

fn set_scope(
    conn: &mut DbConnection,
    user: &str,
    areas: Option<&[String]>,
    groups: Option<&[String]>,
) -> Result<(), StoreError> {
    if let Some(areas) = areas {
        diesel::delete(user_scope_areas::table.filter(user_scope_areas::user_id.eq(user))).execute(conn)?;
        for area in areas {
            diesel::insert_into(user_scope_areas::table)
                .values((user_scope_areas::user_id.eq(user), user_scope_areas::area_id.eq(area)))
                .execute(conn)?;
        }
    }
    if let Some(groups) = groups {
        diesel::delete(user_scope_area_groups::table.filter(user_scope_area_groups::user_id.eq(user))).execute(conn)?;
        for group in groups {
            diesel::insert_into(user_scope_area_groups::table)
                .values((user_scope_area_groups::user_id.eq(user), user_scope_area_groups::area_group_id.eq(group)))
                .execute(conn)?;
        }
    }
    Ok(())
}

/// Creates an account; `password_hash` is the argon2id PHC string of the first password.
pub fn create(
    conn: &mut DbConnection,
    actor: &Actor,
    request: &CreateUser,
    password_hash: String,
) -> Result<User, StoreError> {
    let taken: i64 = users::table.filter(users::username.eq(&request.username)).count().get_result(conn)?;
    if taken > 0 {
        return Err(StoreError::invalid("username", "taken", "another account has this username"));
    }
    let (areas, groups) = check_references(
        conn,
        request.org_unit_id,
        Some(&request.scope_area_ids),
        Some(&request.scope_area_group_ids),
    )?;
    let at = now();
    let display_name = request.display_name.trim().to_owned();
    let row = UserRow {
        id: new_id(),
        username: request.username.clone(),
        display_name_folded: fold(&display_name),
        display_name,
        email: request.email.as_ref().map(|e| e.trim().to_owned()),
        role: request.role.as_str().to_owned(),
        org_unit_id: request.org_unit_id.map(|id| id.to_string()),
        password_hash,
        active: true,
        session_epoch: 1,
        version: 1,
        created_at: at,
        updated_at: at,
    };
    diesel::insert_into(users::table)
        .values(&row)
        .execute(conn)
        .map_err(crate::taken("username", "another account has this username"))?;
    set_scope(conn, &row.id, Some(&areas), Some(&groups))?;
    let user = get(conn, parse_id(&row.id)?)?;
    audit::record(conn, actor, AuditAction::Create, AuditEntity::User, Some(&row.id), None::<&()>, Some(&user))?;
    Ok(user)
}

/// Ends every session of a user: their refresh tokens are revoked and their access
/// tokens carry an old epoch.
fn end_sessions(conn: &mut DbConnection, row: &mut UserRow) -> Result<(), StoreError> {
    row.session_epoch += 1;
    diesel::update(
        refresh_tokens::table.filter(refresh_tokens::user_id.eq(&row.id)).filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(Some(now())))
    .execute(conn)?;
    Ok(())
}

pub fn update(
    conn: &mut DbConnection,
    actor: &Actor,
    id: Uuid,
    expected_version: i64,
    request: &UpdateUser,
) -> Result<User, StoreError> {
    let mut row = find(conn, id)?;
    crate::expect_version(expected_version, crate::Found::Version(row.version))?;
    if actor.user_id == Some(id)
        && (request.active == Some(false) || request.role.is_some_and(|r| r.as_str() != row.role))
    {
        return Err(StoreError::conflict(
            "own_account",
            "you cannot deactivate your own account or change your own role",
        ));
    }
    let before = get(conn, id)?;
    let new_unit = request.org_unit_id.flatten();
    let (areas, groups) =
        check_references(conn, new_unit, request.scope_area_ids.as_deref(), request.scope_area_group_ids.as_deref())?;
    set_scope(
        conn,
        &row.id,
        request.scope_area_ids.as_ref().map(|_| areas.as_slice()),
        request.scope_area_group_ids.as_ref().map(|_| groups.as_slice()),
    )?;
    if let Some(name) = &request.display_name {
        row.display_name = name.trim().to_owned();
        row.display_name_folded = fold(&row.display_name);
    }
    if let Some(email) = &request.email {
        row.email = email.as_ref().map(|e| e.trim().to_owned());
    }
    if let Some(role) = request.role {
        row.role = role.as_str().to_owned();
    }
    if let Some(unit) = request.org_unit_id {
        row.org_unit_id = unit.map(|u| u.to_string());
    }
    let mut action = AuditAction::Update;
    if let Some(active) = request.active {
        if row.active && !active {
            end_sessions(conn, &mut row)?;
            action = AuditAction::Deactivate;
        } else if !row.active && active {
            action = AuditAction::Activate;
        }
        row.active = active;
    }
    row.version += 1;
    row.updated_at = now();
    crate::save_versioned!(conn, users, &row, expected_version)?;
    let after = get(conn, id)?;
    audit::record(conn, actor, action, AuditEntity::User, Some(&row.id), Some(&before), Some(&after))?;
    Ok(after)
}

/// Sets a new password hash and ends the user's sessions. `action` names it in the audit
/// log ([`AuditAction::ResetPassword`] by an administrator, [`AuditAction::ChangePassword`]
/// by the user).
pub fn set_password(
    conn: &mut DbConnection,
    actor: &Actor,
    id: Uuid,
    password_hash: String,
    action: AuditAction,
) -> Result<User, StoreError> {
    let mut row = find(conn, id)?;
    let expected = row.version;
    let before = get(conn, id)?;
    end_sessions(conn, &mut row)?;
    row.password_hash = password_hash;
    row.version += 1;
    row.updated_at = now();
    crate::save_versioned!(conn, users, &row, expected)?;
    let after = get(conn, id)?;
    audit::record(conn, actor, action, AuditEntity::User, Some(&row.id), Some(&before), Some(&after))?;
    Ok(after)
}
