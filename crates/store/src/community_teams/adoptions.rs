//! Adoptions of a recommended model elsewhere, and the adopting team's indicators over
//! the months before and after.

use super::models::{find_model, log_event};
use super::rows::{parse, AdoptionRow, IndicatorRow};
use super::teams::{actor_id, find, insert};
use super::visible::{area_names, sees_province, team_names};
use crate::limit::LimitInText;
use crate::named;
use crate::{
    audit, new_id, now,
    schema::{community_teams, model_adoptions, team_indicator_values, team_indicators},
    scope::Viewer,
    tasks::user_names,
    utc, Actor, DbConnection, OptionalRow, StoreError,
};
use danvan_domain::{
    audit::{AuditAction, AuditEntity},
    community_team::{
        parse_period, period_of, shift_period, AdoptionComparison, IndicatorComparison, ModelAdoption, ModelEventKind,
        ModelStatus, PeriodScore, RecordAdoption, COMPARISON_MONTHS,
    },
    named::NamedRef,
};
use diesel::prelude::*;
use uuid::Uuid;

fn assemble(conn: &mut DbConnection, rows: Vec<AdoptionRow>) -> Result<Vec<ModelAdoption>, StoreError> {
    let team_ids: Vec<String> = rows.iter().map(|row| row.team_id.clone()).collect();
    let teams = team_names(conn, &team_ids)?;
    let team_areas: Vec<(String, String)> = community_teams::table
        .filter(community_teams::id.eq_any(&team_ids))
        .select((community_teams::id, community_teams::area_id))
        .load(conn)?;
    let area_ids: Vec<String> =
        team_areas.iter().map(|(_, area)| area.clone()).chain(rows.iter().map(|row| row.province_id.clone())).collect();
    let areas = area_names(conn, &area_ids)?;
    let user_ids: Vec<String> = rows.iter().map(|row| row.recorded_by.clone()).collect();
    let users = user_names(conn, &user_ids)?;
    rows.into_iter()
        .map(|row| {
            let area = team_areas
                .iter()
                .find(|(team, _)| *team == row.team_id)
                .map(|(_, area)| area.as_str())
                .unwrap_or_default();
            Ok(ModelAdoption {
                id: crate::parse_id(&row.id)?,
                model_id: crate::parse_id(&row.model_id)?,
                team: named(&row.team_id, &teams)?,
                area: named(area, &areas)?,
                province: named(&row.province_id, &areas)?,
                adopted_on: row.adopted_on,
                adaptations: row.adaptations,
                recorded_by: named(&row.recorded_by, &users)?,
                version: row.version,
                created_at: utc(row.created_at),
            })
        })
        .collect()
}

/// The adoptions of a model the viewer sees, by date; those in provinces outside the
/// viewer's scope are left out.
pub fn list_adoptions(
    conn: &mut DbConnection,
    viewer: &Viewer,
    model_id: Uuid,
) -> Result<Vec<ModelAdoption>, StoreError> {
    find_model(conn, viewer, model_id)?;
    let rows: Vec<AdoptionRow> = model_adoptions::table
        .filter(model_adoptions::model_id.eq(model_id.to_string()))
        .order((model_adoptions::adopted_on, model_adoptions::id))
        .select(AdoptionRow::as_select())
        .load(conn)?;
    let rows = rows.into_iter().filter(|row| sees_province(viewer, &row.province_id)).collect();
    assemble(conn, rows)
}

/// Records that another locality adopted a recommended model, with an existing team or
/// one registered here.
pub fn record_adoption(
    conn: &mut DbConnection,
    actor: &Actor,
    viewer: &Viewer,
    model_id: Uuid,
    request: &RecordAdoption,
) -> Result<ModelAdoption, StoreError> {
    let model = find_model(conn, viewer, model_id)?;
    if parse(&model.status, ModelStatus::parse)? != ModelStatus::Recommended {
        return Err(StoreError::conflict("not_recommended", "only a model recommended for replication is adopted"));
    }
    let team_id = match (&request.team_id, &request.new_team) {
        (Some(team), _) => {
            find(conn, viewer, *team).map_err(|error| match error {
                StoreError::NotFound => StoreError::invalid("team_id", "unknown", "is not a team you see"),
                other => other,
            })?;
            team.to_string()
        }
        (None, Some(new_team)) => insert(conn, actor, viewer, new_team, "new_team.")?.id.to_string(),
        (None, None) => return Err(StoreError::invalid("team_id", "one_of", "give either team_id or new_team")),
    };
    if team_id == model.team_id {
        return Err(StoreError::invalid("team_id", "same_team", "is the model's own team"));
    }
    let province_id: String =
        community_teams::table.find(&team_id).select(community_teams::province_id).first_row(conn).found()?;
    let taken: i64 = model_adoptions::table
        .filter(model_adoptions::model_id.eq(&model.id))
        .filter(model_adoptions::team_id.eq(&team_id))
        .count()
        .get_result(conn)?;
    if taken > 0 {
        return Err(StoreError::conflict("already_adopted", "this team has already adopted the model"));
    }
    let (at, me) = (now(), actor_id(actor)?);
    let row = AdoptionRow {
        id: new_id(),
        model_id: model.id.clone(),
        team_id,
        province_id,
        adopted_on: request.adopted_on,
        adaptations: request.adaptations.clone(),
        recorded_by: me.clone(),
        version: 1,
        created_at: at,
        updated_at: at,
    };
    diesel::insert_into(model_adoptions::table).values(&row).execute(conn).map_err(|error| match error {
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _) => {
            StoreError::conflict("already_adopted", "this team has already adopted the model")
        }
        other => other.into(),
    })?;
    let adoption = assemble(conn, vec![row])?.remove(0);
    log_event(conn, &model.id, &me, ModelEventKind::Adopted, None, &adoption.team.name)?;
    let id = adoption.id.to_string();
    audit::record(
        conn,
        actor,
        AuditAction::Create,
        AuditEntity::ModelAdoption,
        Some(&id),
        None::<&()>,
        Some(&adoption),
    )?;
    Ok(adoption)
}

/// An adoption the viewer sees: its model's team and its own team both in scope.
pub(crate) fn find_adoption(conn: &mut DbConnection, viewer: &Viewer, id: Uuid) -> Result<AdoptionRow, StoreError> {
    let row: AdoptionRow =
        model_adoptions::table.find(id.to_string()).select(AdoptionRow::as_select()).first_row(conn).found()?;
    if !sees_province(viewer, &row.province_id) {
        return Err(StoreError::NotFound);
    }
    Ok(row)
}

/// The adopting team's indicators over the months before the adoption month and from it
/// on ([`COMPARISON_MONTHS`] each way).
pub fn adoption_comparison(
    conn: &mut DbConnection,
    viewer: &Viewer,
    id: Uuid,
) -> Result<AdoptionComparison, StoreError> {
    let row = find_adoption(conn, viewer, id)?;
    let adopted = period_of(row.adopted_on);
    let month = parse_period(&adopted).unwrap_or(row.adopted_on);
    let from = period_of(shift_period(month, -COMPARISON_MONTHS));
    let to = period_of(shift_period(month, COMPARISON_MONTHS - 1));
    let values: Vec<(String, String, f64)> = team_indicator_values::table
        .filter(team_indicator_values::team_id.eq(&row.team_id))
        .filter(team_indicator_values::period.between(&from, &to))
        .order(team_indicator_values::period)
        .select((team_indicator_values::indicator_id, team_indicator_values::period, team_indicator_values::value))
        .load(conn)?;
    let indicators: Vec<IndicatorRow> = team_indicators::table
        .order((team_indicators::position, team_indicators::code))
        .select(IndicatorRow::as_select())
        .load(conn)?;
    let mut compared = Vec::new();
    for indicator in indicators {
        let series: Vec<PeriodScore> = values
            .iter()
            .filter(|(of, _, _)| *of == indicator.id)
            .map(|(_, period, value)| PeriodScore { period: period.clone(), score: *value })
            .collect();
        if series.is_empty() {
            continue;
        }
        let (before, after, improved) = IndicatorComparison::split(&series, &adopted, indicator.higher_is_better);
        compared.push(IndicatorComparison {
            indicator: NamedRef { id: crate::parse_id(&indicator.id)?, name: indicator.name_vi.clone() },
            unit: indicator.unit,
            higher_is_better: indicator.higher_is_better,
            before,
            after,
            improved,
            series,
        });
    }
    let adoption = assemble(conn, vec![row])?.remove(0);
    Ok(AdoptionComparison { adoption, from_period: from, to_period: to, indicators: compared })
}
