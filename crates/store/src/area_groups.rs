//! Area groups: named sets of provinces of one layout (regions, a standing office's coverage).

use crate::{
    areas, audit, new_id, now, paging, parse_id,
    schema::{area_group_members, area_groups, user_scope_area_groups},
    utc, Actor, DbConnection, OptionalRow, StoreError,
};
use chrono::{DateTime, NaiveDateTime, Utc};
use danvan_domain::audit::{AuditAction, AuditEntity};
use danvan_domain::{
    area::{AreaGroup, AreaGroupKind, CreateAreaGroup, Layout, UpdateAreaGroup},
    validation::FieldError,
};
use diesel::prelude::*;
use std::collections::HashMap;
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = area_groups, treat_none_as_null = true)]
struct GroupRow {
    id: String,
    code: String,
    name: String,
    kind: String,
    layout: String,
    version: i64,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    deleted_at: Option<NaiveDateTime>,
}

impl GroupRow {
    fn into_domain(self, province_ids: Vec<Uuid>) -> Result<AreaGroup, StoreError> {
        Ok(AreaGroup {
            id: parse_id(&self.id)?,
            kind: AreaGroupKind::parse(&self.kind)
                .ok_or_else(|| StoreError::Corrupt(format!("group kind {:?}", self.kind)))?,
            layout: Layout::parse(&self.layout)
                .ok_or_else(|| StoreError::Corrupt(format!("group layout {:?}", self.layout)))?,
            code: self.code,
            name: self.name,
            province_ids,
            version: self.version,
            created_at: utc(self.created_at),
            updated_at: utc(self.updated_at),
            deleted_at: self.deleted_at.map(utc),
        })
    }
}

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

fn find(conn: &mut DbConnection, id: Uuid) -> Result<GroupRow, StoreError> {
    area_groups::table.find(id.to_string()).filter(area_groups::deleted_at.is_null()).first(conn).found()
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
