//! User accounts and their scope. Password hashes are made by the caller and never leave
//! this module except for verification.

use crate::{
    area_groups, areas, audit, new_id, now, org_units, paging, parse_id,
    schema::{refresh_tokens, user_scope_area_groups, user_scope_areas, users},
    utc, Actor, DbConnection, OptionalRow, StoreError,
};
use chrono::{DateTime, NaiveDateTime, Utc};
use danvan_domain::audit::{AuditAction, AuditEntity};
use danvan_domain::{
    role::Role,
    text::fold,
    user::{CreateUser, UpdateUser, User},
    validation::FieldError,
};
use diesel::prelude::*;
use std::collections::HashMap;
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = users, treat_none_as_null = true)]
struct UserRow {
    id: String,
    username: String,
    display_name: String,
    display_name_folded: String,
    email: Option<String>,
    role: String,
    org_unit_id: Option<String>,
    password_hash: String,
    active: bool,
    session_epoch: i64,
    version: i64,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

impl UserRow {
    fn into_domain(self, scope_area_ids: Vec<Uuid>, scope_area_group_ids: Vec<Uuid>) -> Result<User, StoreError> {
        Ok(User {
            id: parse_id(&self.id)?,
            role: Role::parse(&self.role).ok_or_else(|| StoreError::Corrupt(format!("role {:?}", self.role)))?,
            org_unit_id: self.org_unit_id.as_deref().map(parse_id).transpose()?,
            username: self.username,
            display_name: self.display_name,
            email: self.email,
            scope_area_ids,
            scope_area_group_ids,
            active: self.active,
            version: self.version,
            created_at: utc(self.created_at),
            updated_at: utc(self.updated_at),
        })
    }
}

fn with_scopes(conn: &mut DbConnection, rows: Vec<UserRow>) -> Result<Vec<User>, StoreError> {
    let ids: Vec<String> = rows.iter().map(|row| row.id.clone()).collect();
    let mut areas_of: HashMap<String, Vec<Uuid>> = HashMap::new();
    for (user, area) in user_scope_areas::table
        .filter(user_scope_areas::user_id.eq_any(&ids))
        .order(user_scope_areas::area_id)
        .load::<(String, String)>(conn)?
    {
        areas_of.entry(user).or_default().push(parse_id(&area)?);
    }
    let mut groups_of: HashMap<String, Vec<Uuid>> = HashMap::new();
    for (user, group) in user_scope_area_groups::table
        .filter(user_scope_area_groups::user_id.eq_any(&ids))
        .order(user_scope_area_groups::area_group_id)
        .load::<(String, String)>(conn)?
    {
        groups_of.entry(user).or_default().push(parse_id(&group)?);
    }
    rows.into_iter()
        .map(|row| {
            let areas = areas_of.remove(&row.id).unwrap_or_default();
            let groups = groups_of.remove(&row.id).unwrap_or_default();
            row.into_domain(areas, groups)
        })
        .collect()
}

fn find(conn: &mut DbConnection, id: Uuid) -> Result<UserRow, StoreError> {
    users::table.find(id.to_string()).first(conn).found()
}

pub fn get(conn: &mut DbConnection, id: Uuid) -> Result<User, StoreError> {
    let row = find(conn, id)?;
    Ok(with_scopes(conn, vec![row])?.remove(0))
}

/// What a login needs to check a password.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub user_id: Uuid,
    pub password_hash: String,
    pub active: bool,
    pub session_epoch: i64,
}

pub fn credentials(conn: &mut DbConnection, username: &str) -> Result<Option<Credentials>, StoreError> {
    let row: Option<UserRow> = users::table.filter(users::username.eq(username)).first(conn).optional()?;
    row.map(|row| {
        Ok(Credentials {
            user_id: parse_id(&row.id)?,
            password_hash: row.password_hash,
            active: row.active,
            session_epoch: row.session_epoch,
        })
    })
    .transpose()
}

/// The user behind a token, with the epoch their tokens must carry; `None` if gone.
pub fn session_user(conn: &mut DbConnection, id: Uuid) -> Result<Option<(User, i64)>, StoreError> {
    let Some(row) = users::table.find(id.to_string()).first::<UserRow>(conn).optional()? else {
        return Ok(None);
    };
    let epoch = row.session_epoch;
    Ok(Some((with_scopes(conn, vec![row])?.remove(0), epoch)))
}

/// Filters of the user list; all optional.
#[derive(Debug, Default, Clone)]
pub struct UserFilter {
    /// Part of the username or display name, without diacritics or case.
    pub q: Option<String>,
    pub role: Option<Role>,
    pub org_unit_id: Option<Uuid>,
    pub active: Option<bool>,
    /// Only users of these org units (the caller's visibility), or only `self_id` when empty.
    pub visible_org_units: Option<Vec<Uuid>>,
    pub self_id: Option<Uuid>,
    /// Returns users changed after this time, oldest change first.
    pub updated_since: Option<DateTime<Utc>>,
}

pub fn list(
    conn: &mut DbConnection,
    filter: &UserFilter,
    limit: usize,
    after: Option<&str>,
) -> Result<paging::Page<User>, StoreError> {
    let mut query = users::table.into_boxed();
    if let Some(q) = &filter.q {
        let needle: String = fold(q).chars().filter(|c| !matches!(c, '%' | '_' | '\\')).collect();
        let pattern = format!("%{needle}%");
        query = query.filter(users::display_name_folded.like(pattern.clone()).or(users::username.like(pattern)));
    }
    if let Some(role) = filter.role {
        query = query.filter(users::role.eq(role.as_str()));
    }
    if let Some(unit) = filter.org_unit_id {
        query = query.filter(users::org_unit_id.eq(unit.to_string()));
    }
    if let Some(active) = filter.active {
        query = query.filter(users::active.eq(active));
    }
    if let Some(units) = &filter.visible_org_units {
        let units: Vec<String> = units.iter().map(Uuid::to_string).collect();
        let me = filter.self_id.map(|id| id.to_string()).unwrap_or_default();
        query = query.filter(users::org_unit_id.eq_any(units).or(users::id.eq(me)));
    }
    if let Some(since) = filter.updated_since {
        return paging::sync_page!(conn, query, users, UserRow, since, after, limit, |rows| with_scopes(conn, rows));
    }
    paging::key_page!(conn, query, users::username, UserRow, after, limit, |rows| with_scopes(conn, rows))
}

/// How many accounts exist, for start-up and dashboards.
pub fn count(conn: &mut DbConnection) -> Result<i64, StoreError> {
    Ok(users::table.count().get_result(conn)?)
}

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

/// The password hash of a user, to verify their current password.
pub fn password_hash(conn: &mut DbConnection, id: Uuid) -> Result<String, StoreError> {
    Ok(find(conn, id)?.password_hash)
}
