//! The registry: reading, listing, registering and changing teams, and the map's counts
//! per province.

use super::rows::{parse, TeamRow};
use super::visible::{area_names, sees_province, visible_provinces};
use crate::limit::LimitInText;
use crate::{
    audit, new_id, now, paging,
    schema::{areas, community_teams, model_adoptions, org_units, team_kinds, team_models},
    scope::Viewer,
    utc, Actor, DbConnection, OptionalRow, StoreError,
};
use crate::{lookup, named};
use danvan_domain::{
    area::Layout,
    audit::{AuditAction, AuditEntity},
    community_team::{CreateTeam, ModelStatus, ProvinceTeams, Team, TeamStatus, UpdateTeam},
    policy,
    text::fold,
};
use diesel::prelude::*;
use std::collections::HashMap;
use uuid::Uuid;

/// Filters of the registry list.
#[derive(Debug, Clone, Default)]
pub struct TeamFilter {
    /// A province: teams in it.
    pub province_id: Option<Uuid>,
    /// A commune or ward: teams in it.
    pub area_id: Option<Uuid>,
    /// Teams of these provinces (an area group's), when given.
    pub province_ids: Option<Vec<Uuid>>,
    pub kind_id: Option<Uuid>,
    pub status: Option<TeamStatus>,
    /// Words of the name, without diacritics.
    pub q: Option<String>,
}

type TeamQuery = community_teams::BoxedQuery<'static, crate::db::MultiBackend>;

/// The teams the viewer sees among those `filter` picks, as a boxed query.
fn filtered(viewer: &Viewer, filter: &TeamFilter) -> TeamQuery {
    let mut query = community_teams::table.into_boxed();
    if let Some(provinces) = visible_provinces(viewer) {
        query = query.filter(community_teams::province_id.eq_any(provinces));
    }
    if let Some(province) = filter.province_id {
        query = query.filter(community_teams::province_id.eq(province.to_string()));
    }
    if let Some(provinces) = &filter.province_ids {
        query = query
            .filter(community_teams::province_id.eq_any(provinces.iter().map(Uuid::to_string).collect::<Vec<_>>()));
    }
    if let Some(area) = filter.area_id {
        query = query.filter(community_teams::area_id.eq(area.to_string()));
    }
    if let Some(kind) = filter.kind_id {
        query = query.filter(community_teams::kind_id.eq(kind.to_string()));
    }
    if let Some(status) = filter.status {
        query = query.filter(community_teams::status.eq(status.as_str()));
    }
    if let Some(words) = filter.q.as_deref().map(fold).filter(|words| !words.is_empty()) {
        let pattern = format!("%{}%", words.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
        query = query.filter(community_teams::name_folded.like(pattern).escape('\\'));
    }
    query
}

/// The registry list: teams by name (without diacritics), then id, `limit` at a time.
pub fn list(
    conn: &mut DbConnection,
    viewer: &Viewer,
    filter: &TeamFilter,
    limit: usize,
    after: Option<&str>,
) -> Result<paging::Page<Team>, StoreError> {
    let after = after.map(paging::decode::<2>).transpose()?.map(|[name, id]| (name, id));
    let rows: Vec<TeamRow> =
        paging::seek!(filtered(viewer, filter), community_teams::name_folded, community_teams::id, after, asc)
            .select(TeamRow::as_select())
            .limit_in_text(paging::fetch(limit))
            .load(conn)?;
    paging::paginate(
        rows,
        limit,
        |row| vec![row.name_folded.clone(), row.id.clone()],
        |rows| assemble(conn, viewer, rows),
    )
}

/// The query `list` runs for its first page, for the query-plan test.
pub fn explain_list(conn: &mut DbConnection, viewer: &Viewer, filter: &TeamFilter) -> Result<Vec<String>, StoreError> {
    let query = paging::seek!(
        filtered(viewer, filter),
        community_teams::name_folded,
        community_teams::id,
        None::<(String, String)>,
        asc
    )
    .select(community_teams::id)
    .limit_in_text(paging::fetch(danvan_domain::page::DEFAULT_LIMIT as usize));
    crate::explain::plan(conn, query)
}

/// Every team the list would show for `filter`, up to `max` (`None` beyond it), for exports.
pub fn export(
    conn: &mut DbConnection,
    viewer: &Viewer,
    filter: &TeamFilter,
    max: usize,
) -> Result<Option<Vec<Team>>, StoreError> {
    let rows: Vec<TeamRow> = filtered(viewer, filter)
        .order((community_teams::name_folded, community_teams::id))
        .select(TeamRow::as_select())
        .limit_in_text(max + 1)
        .load(conn)?;
    if rows.len() > max {
        return Ok(None);
    }
    assemble(conn, viewer, rows).map(Some)
}

/// The stored row of a team the viewer sees.
pub(crate) fn find(conn: &mut DbConnection, viewer: &Viewer, id: Uuid) -> Result<TeamRow, StoreError> {
    let row: TeamRow =
        community_teams::table.find(id.to_string()).select(TeamRow::as_select()).first_row(conn).found()?;
    if sees_province(viewer, &row.province_id) {
        Ok(row)
    } else {
        Err(StoreError::NotFound)
    }
}

pub fn get(conn: &mut DbConnection, viewer: &Viewer, id: Uuid) -> Result<Team, StoreError> {
    let row = find(conn, viewer, id)?;
    Ok(assemble(conn, viewer, vec![row])?.remove(0))
}

/// Turns rows into teams as the viewer sees them: one name query per kind of reference.
pub(super) fn assemble(conn: &mut DbConnection, viewer: &Viewer, rows: Vec<TeamRow>) -> Result<Vec<Team>, StoreError> {
    let area_ids: Vec<String> = rows.iter().flat_map(|row| [row.area_id.clone(), row.province_id.clone()]).collect();
    let areas = area_names(conn, &area_ids)?;
    let kind_ids: Vec<String> = rows.iter().map(|row| row.kind_id.clone()).collect();
    let kinds = lookup(
        team_kinds::table
            .filter(team_kinds::id.eq_any(&kind_ids))
            .select((team_kinds::id, team_kinds::name_vi))
            .load(conn)?,
    );
    let unit_ids: Vec<String> = rows.iter().filter_map(|row| row.org_unit_id.clone()).collect();
    let units = lookup(
        org_units::table.filter(org_units::id.eq_any(&unit_ids)).select((org_units::id, org_units::name)).load(conn)?,
    );
    let can_manage = policy::manages_community_teams(viewer.role);
    let can_nominate = policy::may_nominate_team(viewer.role);
    rows.into_iter()
        .map(|row| {
            Ok(Team {
                id: crate::parse_id(&row.id)?,
                kind: named(&row.kind_id, &kinds)?,
                area: named(&row.area_id, &areas)?,
                province: named(&row.province_id, &areas)?,
                status: parse(&row.status, TeamStatus::parse)?,
                org_unit: row.org_unit_id.as_deref().map(|id| named(id, &units)).transpose()?,
                name: row.name,
                founded_on: row.founded_on,
                partner_body: row.partner_body,
                description: row.description,
                households_covered: row.households_covered,
                can_manage,
                can_nominate,
                version: row.version,
                created_at: utc(row.created_at),
                updated_at: utc(row.updated_at),
            })
        })
        .collect()
}

/// The province of a commune or ward; other areas are refused on `field`.
fn commune_province(conn: &mut DbConnection, field: &str, area: Uuid) -> Result<String, StoreError> {
    let found: Option<(String, String)> =
        areas::table.find(area.to_string()).select((areas::level, areas::province_id)).first_row(conn).optional()?;
    match found {
        Some((level, province)) if level == "commune" => Ok(province),
        Some(_) => Err(StoreError::invalid(field, "not_a_commune", "must be a commune or ward")),
        None => Err(StoreError::invalid(field, "unknown", "is not an area")),
    }
}

fn check_kind(conn: &mut DbConnection, field: &str, kind: Uuid) -> Result<(), StoreError> {
    if super::vocabulary::live_kind(conn, kind)? {
        Ok(())
    } else {
        Err(StoreError::invalid(field, "unknown", "is not a team kind in use"))
    }
}

fn check_unit(conn: &mut DbConnection, field: &str, unit: Uuid) -> Result<(), StoreError> {
    let live: i64 =
        org_units::table.find(unit.to_string()).filter(org_units::deleted_at.is_null()).count().get_result(conn)?;
    if live == 0 {
        return Err(StoreError::invalid(field, "unknown", "is not an org unit"));
    }
    Ok(())
}

/// Registers a team in a commune or ward the caller sees. `field_prefix` names the body's
/// fields in errors (`new_team.` when an adoption registers the team).
pub(crate) fn insert(
    conn: &mut DbConnection,
    actor: &Actor,
    viewer: &Viewer,
    request: &CreateTeam,
    field_prefix: &str,
) -> Result<Team, StoreError> {
    let field = |name: &str| format!("{field_prefix}{name}");
    check_kind(conn, &field("kind_id"), request.kind_id)?;
    let province_id = commune_province(conn, &field("area_id"), request.area_id)?;
    if !sees_province(viewer, &province_id) {
        return Err(StoreError::invalid(&field("area_id"), "out_of_scope", "is outside your provinces"));
    }
    if let Some(unit) = request.org_unit_id {
        check_unit(conn, &field("org_unit_id"), unit)?;
    }
    let at = now();
    let name = request.name.trim().to_owned();
    let row = TeamRow {
        id: new_id(),
        name_folded: fold(&name),
        name,
        kind_id: request.kind_id.to_string(),
        area_id: request.area_id.to_string(),
        province_id,
        founded_on: request.founded_on,
        status: request.status.unwrap_or(TeamStatus::Active).as_str().to_owned(),
        org_unit_id: request.org_unit_id.map(|id| id.to_string()),
        partner_body: request.partner_body.trim().to_owned(),
        description: request.description.clone(),
        households_covered: request.households_covered,
        created_by: actor_id(actor)?,
        version: 1,
        created_at: at,
        updated_at: at,
    };
    diesel::insert_into(community_teams::table).values(&row).execute(conn)?;
    let team = assemble(conn, viewer, vec![row])?.remove(0);
    audit::record(
        conn,
        actor,
        AuditAction::Create,
        AuditEntity::CommunityTeam,
        Some(&team.id.to_string()),
        None::<&()>,
        Some(&team),
    )?;
    Ok(team)
}

pub fn create(
    conn: &mut DbConnection,
    actor: &Actor,
    viewer: &Viewer,
    request: &CreateTeam,
) -> Result<Team, StoreError> {
    insert(conn, actor, viewer, request, "")
}

/// The acting user's id, which every record of this module keeps.
pub(super) use crate::actor_id;

pub fn update(
    conn: &mut DbConnection,
    actor: &Actor,
    viewer: &Viewer,
    id: Uuid,
    expected_version: i64,
    request: &UpdateTeam,
) -> Result<Team, StoreError> {
    let current = find(conn, viewer, id)?;
    crate::expect_version(expected_version, crate::Found::Version(current.version))?;
    let before = assemble(conn, viewer, vec![current.clone()])?.remove(0);
    let mut row = current;
    if let Some(name) = &request.name {
        row.name = name.trim().to_owned();
        row.name_folded = fold(&row.name);
    }
    if let Some(kind) = request.kind_id {
        if kind.to_string() != row.kind_id {
            check_kind(conn, "kind_id", kind)?;
            row.kind_id = kind.to_string();
        }
    }
    if let Some(area) = request.area_id {
        let province = commune_province(conn, "area_id", area)?;
        if !sees_province(viewer, &province) {
            return Err(StoreError::invalid("area_id", "out_of_scope", "is outside your provinces"));
        }
        row.area_id = area.to_string();
        row.province_id = province;
    }
    row.founded_on = request.founded_on.unwrap_or(row.founded_on);
    if let Some(status) = request.status {
        row.status = status.as_str().to_owned();
    }
    if let Some(unit) = request.org_unit_id {
        if let Some(unit) = unit {
            check_unit(conn, "org_unit_id", unit)?;
        }
        row.org_unit_id = unit.map(|id| id.to_string());
    }
    if let Some(body) = &request.partner_body {
        row.partner_body = body.trim().to_owned();
    }
    if let Some(description) = &request.description {
        row.description = description.clone();
    }
    row.households_covered = request.households_covered.unwrap_or(row.households_covered);
    row.version += 1;
    row.updated_at = now();
    crate::save_versioned!(conn, community_teams, &row, expected_version)?;
    if row.province_id != before.province.id.to_string() {
        // Models and scores follow the team to its new province.
        diesel::update(team_models::table.filter(team_models::team_id.eq(&row.id)))
            .set(team_models::province_id.eq(&row.province_id))
            .execute(conn)?;
        super::scorecard::mark_all_stale(conn)?;
    }
    let after = assemble(conn, viewer, vec![row])?.remove(0);
    audit::record(
        conn,
        actor,
        AuditAction::Update,
        AuditEntity::CommunityTeam,
        Some(&id.to_string()),
        Some(&before),
        Some(&after),
    )?;
    Ok(after)
}

/// A province on the map: id, name, code, layout, latitude, longitude.
type ProvinceRow = (String, String, String, String, Option<f64>, Option<f64>);

/// Teams, models and adoptions per province the viewer sees, for the map: provinces
/// without any are left out.
pub fn map(conn: &mut DbConnection, viewer: &Viewer) -> Result<Vec<ProvinceTeams>, StoreError> {
    let visible = visible_provinces(viewer);
    let live: Vec<&str> = ModelStatus::ALL
        .iter()
        .filter(|status| !matches!(status, ModelStatus::NotRecommended | ModelStatus::Withdrawn))
        .map(|status| status.as_str())
        .collect();
    // Grouped queries cannot be boxed, so each is written for both reaches.
    macro_rules! per_province {
        ($query:expr, $province:expr) => {
            match &visible {
                Some(provinces) => $query
                    .filter($province.eq_any(provinces.clone()))
                    .group_by($province)
                    .select(($province, diesel::dsl::count_star()))
                    .load::<(String, i64)>(conn)?,
                None => $query.group_by($province).select(($province, diesel::dsl::count_star())).load(conn)?,
            }
        };
    }
    let team_counts = per_province!(community_teams::table, community_teams::province_id);
    let model_counts =
        per_province!(team_models::table.filter(team_models::status.eq_any(live)), team_models::province_id);
    let adoption_counts = per_province!(model_adoptions::table, model_adoptions::province_id);
    let mut counts: HashMap<String, [i64; 3]> = HashMap::new();
    for (slot, rows) in [team_counts, model_counts, adoption_counts].into_iter().enumerate() {
        for (province, count) in rows {
            counts.entry(province).or_default()[slot] = count;
        }
    }
    let ids: Vec<String> = counts.keys().cloned().collect();
    let provinces: Vec<ProvinceRow> = areas::table
        .filter(areas::id.eq_any(&ids))
        .select((areas::id, areas::name, areas::code, areas::layout, areas::latitude, areas::longitude))
        .order((areas::layout, areas::code))
        .load(conn)?;
    provinces
        .into_iter()
        .map(|(id, name, code, layout, latitude, longitude)| {
            let [teams, models, adoptions] = counts.get(&id).copied().unwrap_or_default();
            Ok(ProvinceTeams {
                province_id: crate::parse_id(&id)?,
                name,
                code,
                layout: parse(&layout, Layout::parse)?,
                latitude,
                longitude,
                teams,
                models,
                adoptions,
            })
        })
        .collect()
}
