//! Reading accounts: one user with their scope, what a login and a session check need,
//! and the user list.

use super::rows::UserRow;
use crate::limit::LimitInText;
use crate::{
    paging, parse_id,
    schema::{user_scope_area_groups, user_scope_areas, users},
    DbConnection, OptionalRow, StoreError,
};
use chrono::{DateTime, Utc};
use danvan_domain::{role::Role, text::fold, user::User};
use diesel::prelude::*;
use std::collections::HashMap;
use uuid::Uuid;

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

pub(super) fn find(conn: &mut DbConnection, id: Uuid) -> Result<UserRow, StoreError> {
    users::table.find(id.to_string()).first_row(conn).found()
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
    let row: Option<UserRow> = users::table.filter(users::username.eq(username)).first_row(conn).optional()?;
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
    let Some(row) = users::table.find(id.to_string()).first_row::<UserRow>(conn).optional()? else {
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

/// Every account's username, for tools that must know whose database this is.
pub fn usernames(conn: &mut DbConnection) -> Result<Vec<String>, StoreError> {
    Ok(users::table.select(users::username).order(users::username).load(conn)?)
}

/// How many accounts exist, for start-up and dashboards.
pub fn count(conn: &mut DbConnection) -> Result<i64, StoreError> {
    Ok(users::table.count().get_result(conn)?)
}

/// The password hash of a user, to verify their current password.
pub fn password_hash(conn: &mut DbConnection, id: Uuid) -> Result<String, StoreError> {
    Ok(find(conn, id)?.password_hash)
}
