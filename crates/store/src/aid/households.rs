//! Households: members in one commune at one address, one of them its head (a partial
//! unique index keeps it to one). Read and changed within the caller's provinces
//! (`policy::reaches_beneficiaries_in` / `manages_beneficiaries_in`); a household out of
//! reach is not found. Also the scope helpers the beneficiary module shares.

use super::vocabulary::commune;
use super::{contains, names};
use crate::limit::LimitInText;
use crate::{
    audit, new_id, now, paging, parse_id,
    schema::{beneficiaries, households},
    scope::Viewer,
    utc, Actor, DbConnection, OptionalRow, StoreError,
};
use chrono::NaiveDateTime;
use danvan_domain::{
    aid::{ConsentState, CreateHousehold, Household, HouseholdMember, UpdateHousehold},
    audit::{AuditAction, AuditEntity},
    named::NamedRef,
    policy,
    text::fold,
};
use diesel::prelude::*;
use std::collections::HashMap;
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = households)]
#[diesel(treat_none_as_null = true)]
pub(super) struct HouseholdRow {
    pub id: String,
    pub name: String,
    pub name_folded: String,
    pub area_id: String,
    pub province_id: String,
    pub address: String,
    pub created_by: String,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

// --- scope, shared with beneficiaries ---

/// Whether the viewer reads beneficiaries and households of `province_id`.
pub(super) fn reaches(viewer: &Viewer, province_id: &str) -> Result<bool, StoreError> {
    Ok(policy::reaches_beneficiaries_in(
        viewer.role,
        viewer.scope.all_areas,
        &viewer.scope.province_ids,
        parse_id(province_id)?,
    ))
}

/// Whether the viewer enters and changes beneficiaries and households of `province_id`.
pub(super) fn manages(viewer: &Viewer, province_id: &str) -> Result<bool, StoreError> {
    Ok(policy::manages_beneficiaries_in(
        viewer.role,
        viewer.scope.all_areas,
        &viewer.scope.province_ids,
        parse_id(province_id)?,
    ))
}

/// The provinces a list is narrowed to; `None` for a viewer who sees every area.
pub(super) fn scope_provinces(viewer: &Viewer) -> Option<Vec<String>> {
    (!viewer.scope.all_areas).then(|| viewer.scope.province_ids.iter().map(Uuid::to_string).collect())
}

// --- households ---

/// A member as the household's page lists them.
#[derive(Debug, Clone, Queryable)]
struct MemberRow {
    household_id: Option<String>,
    id: String,
    full_name: String,
    is_head: bool,
    consent: String,
}

/// The households of `rows` with their heads, member counts and (`with_members`) members,
/// in a fixed number of queries.
fn assemble(
    conn: &mut DbConnection,
    viewer: &Viewer,
    rows: Vec<HouseholdRow>,
    with_members: bool,
) -> Result<Vec<Household>, StoreError> {
    let ids: Vec<String> = rows.iter().map(|row| row.id.clone()).collect();
    let mut area_ids: Vec<String> =
        rows.iter().flat_map(|row| [row.area_id.clone(), row.province_id.clone()]).collect();
    area_ids.sort();
    area_ids.dedup();
    let area_names: HashMap<String, String> = names!(conn, areas, name, &area_ids);
    let members: Vec<MemberRow> = beneficiaries::table
        .filter(beneficiaries::household_id.eq_any(&ids))
        .filter(beneficiaries::merged_into.is_null())
        .order((beneficiaries::name_folded, beneficiaries::id))
        .select((
            beneficiaries::household_id,
            beneficiaries::id,
            beneficiaries::full_name,
            beneficiaries::is_head,
            beneficiaries::consent,
        ))
        .load(conn)?;
    let mut by_household: HashMap<String, Vec<MemberRow>> = HashMap::new();
    for member in members {
        if let Some(household) = member.household_id.clone() {
            by_household.entry(household).or_default().push(member);
        }
    }
    rows.into_iter()
        .map(|row| {
            let members = by_household.remove(&row.id).unwrap_or_default();
            let head = members
                .iter()
                .find(|member| member.is_head)
                .map(|member| {
                    Ok::<_, StoreError>(NamedRef { id: parse_id(&member.id)?, name: member.full_name.clone() })
                })
                .transpose()?;
            let member_count = members.len() as i64;
            let members = if with_members {
                members
                    .into_iter()
                    .map(|member| {
                        Ok(HouseholdMember {
                            id: parse_id(&member.id)?,
                            full_name: member.full_name,
                            is_head: member.is_head,
                            consent: super::parse(&member.consent, ConsentState::parse)?,
                        })
                    })
                    .collect::<Result<Vec<_>, StoreError>>()?
            } else {
                Vec::new()
            };
            Ok(Household {
                id: parse_id(&row.id)?,
                area: crate::named(&row.area_id, &area_names)?,
                province: crate::named(&row.province_id, &area_names)?,
                can_manage: manages(viewer, &row.province_id)?,
                name: row.name,
                address: row.address,
                head,
                members,
                member_count,
                version: row.version,
                created_at: utc(row.created_at),
                updated_at: utc(row.updated_at),
            })
        })
        .collect()
}

/// Filters of the household list.
#[derive(Debug, Clone, Default)]
pub struct HouseholdFilter {
    /// Words of the name, without diacritics.
    pub q: Option<String>,
    pub area_id: Option<Uuid>,
    pub province_id: Option<Uuid>,
}

/// Households by name (without diacritics) within the caller's provinces, `limit` at a
/// time. Walks `households_area`, `households_province` or `households_name`.
pub fn list_households(
    conn: &mut DbConnection,
    viewer: &Viewer,
    filter: &HouseholdFilter,
    limit: usize,
    after: Option<&str>,
) -> Result<paging::Page<Household>, StoreError> {
    let after = after.map(paging::decode::<2>).transpose()?.map(|[name, id]| (name, id));
    let mut query = households::table.into_boxed();
    if let Some(provinces) = scope_provinces(viewer) {
        query = query.filter(households::province_id.eq_any(provinces));
    }
    if let Some(area) = filter.area_id {
        query = query.filter(households::area_id.eq(area.to_string()));
    }
    if let Some(province) = filter.province_id {
        query = query.filter(households::province_id.eq(province.to_string()));
    }
    if let Some(words) = filter.q.as_deref().map(fold).filter(|words| !words.is_empty()) {
        query = query.filter(households::name_folded.like(contains(&words)).escape('\\'));
    }
    let rows: Vec<HouseholdRow> = paging::seek!(query, households::name_folded, households::id, after, asc)
        .select(HouseholdRow::as_select())
        .limit_in_text(paging::fetch(limit))
        .load(conn)?;
    paging::paginate(
        rows,
        limit,
        |row| vec![row.name_folded.clone(), row.id.clone()],
        |rows| assemble(conn, viewer, rows, false),
    )
}

/// The household `id` when the viewer reaches it; not found otherwise.
pub(super) fn find_household(conn: &mut DbConnection, viewer: &Viewer, id: Uuid) -> Result<HouseholdRow, StoreError> {
    let row: HouseholdRow =
        households::table.find(id.to_string()).select(HouseholdRow::as_select()).first_row(conn).found()?;
    if !reaches(viewer, &row.province_id)? {
        return Err(StoreError::NotFound);
    }
    Ok(row)
}

/// One household with its members.
pub fn get_household(conn: &mut DbConnection, viewer: &Viewer, id: Uuid) -> Result<Household, StoreError> {
    let row = find_household(conn, viewer, id)?;
    Ok(assemble(conn, viewer, vec![row], true)?.remove(0))
}

fn audited(mut household: Household) -> Household {
    household.members.clear();
    household
}

pub fn create_household(
    conn: &mut DbConnection,
    actor: &Actor,
    viewer: &Viewer,
    request: &CreateHousehold,
) -> Result<Household, StoreError> {
    let (area_id, province_id) = commune(conn, request.area_id)?;
    if !manages(viewer, &province_id)? {
        return Err(StoreError::Forbidden);
    }
    let name = request.name.as_deref().map(str::trim).filter(|name| !name.is_empty()).unwrap_or(request.address.trim());
    let at = now();
    let row = HouseholdRow {
        id: new_id(),
        name: name.to_owned(),
        name_folded: fold(name),
        area_id,
        province_id,
        address: request.address.trim().to_owned(),
        created_by: crate::actor_id(actor)?,
        version: 1,
        created_at: at,
        updated_at: at,
    };
    diesel::insert_into(households::table).values(&row).execute(conn)?;
    let household = assemble(conn, viewer, vec![row], true)?.remove(0);
    let id = household.id.to_string();
    let snapshot = audited(household.clone());
    audit::record(conn, actor, AuditAction::Create, AuditEntity::Household, Some(&id), None::<&()>, Some(&snapshot))?;
    Ok(household)
}

/// Changes a household; a new commune moves its members with it.
pub fn update_household(
    conn: &mut DbConnection,
    actor: &Actor,
    viewer: &Viewer,
    id: Uuid,
    expected_version: i64,
    request: &UpdateHousehold,
) -> Result<Household, StoreError> {
    let current = find_household(conn, viewer, id)?;
    if !manages(viewer, &current.province_id)? {
        return Err(StoreError::Forbidden);
    }
    crate::expect_version(expected_version, crate::Found::Version(current.version))?;
    let before = audited(assemble(conn, viewer, vec![current.clone()], false)?.remove(0));
    let mut row = current;
    if let Some(name) = &request.name {
        row.name = name.trim().to_owned();
        row.name_folded = fold(name);
    }
    if let Some(address) = &request.address {
        row.address = address.trim().to_owned();
    }
    if let Some(area) = request.area_id {
        let (area_id, province_id) = commune(conn, area)?;
        if !manages(viewer, &province_id)? {
            return Err(StoreError::Forbidden);
        }
        if area_id != row.area_id {
            diesel::update(beneficiaries::table.filter(beneficiaries::household_id.eq(&row.id)))
                .set((
                    beneficiaries::area_id.eq(&area_id),
                    beneficiaries::province_id.eq(&province_id),
                    beneficiaries::updated_at.eq(now()),
                ))
                .execute(conn)?;
        }
        row.area_id = area_id;
        row.province_id = province_id;
    }
    row.version += 1;
    row.updated_at = now();
    crate::save_versioned!(conn, households, &row, expected_version)?;
    let after = assemble(conn, viewer, vec![row], true)?.remove(0);
    let id = id.to_string();
    let snapshot = audited(after.clone());
    audit::record(conn, actor, AuditAction::Update, AuditEntity::Household, Some(&id), Some(&before), Some(&snapshot))?;
    Ok(after)
}
