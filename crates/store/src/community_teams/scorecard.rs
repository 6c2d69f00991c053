//! Indicator values and the scorecard. Values are recorded per team and month; a month's
//! scores and ranks are computed from all its values at once (the formula is the domain's
//! `scores`) and kept in `team_scores`, so that reading the scorecard costs its page.
//! Recording a value marks its month stale; the next read of that month computes it anew
//! ([`refresh`]) before reading.

use super::rows::IndicatorRow;
use super::teams::{actor_id, find};
use super::visible::visible_provinces;
use crate::limit::LimitInText;
use crate::{
    audit, now, paging,
    schema::{
        area_group_members, area_groups, community_teams, scorecard_periods, team_indicator_values, team_indicators,
        team_score_group_ranks, team_scores,
    },
    scope::Viewer,
    utc, Actor, DbConnection, StoreError,
};
use crate::{lookup, named};
use danvan_domain::{
    audit::{AuditAction, AuditEntity},
    community_team::{
        parse_period, period_of, ranks, scores, shift_period, GroupRank, IndicatorValue, PeriodScore,
        RecordIndicatorValues, ScorecardLine, Weighting,
    },
};
use diesel::prelude::*;
use std::collections::HashMap;
use uuid::Uuid;

/// How many months a scorecard line's trend covers, the line's own included.
pub const TREND_MONTHS: i32 = 6;

/// Rows per `IN` list, well below both backends' bind limits.
const CHUNK: usize = 5_000;

/// Records a team's values for one month (a `null` value removes it) and marks the month
/// stale. Answers all the team's values of that month.
pub fn record_values(
    conn: &mut DbConnection,
    actor: &Actor,
    viewer: &Viewer,
    team_id: Uuid,
    request: &RecordIndicatorValues,
) -> Result<Vec<IndicatorValue>, StoreError> {
    find(conn, viewer, team_id)?;
    let (team, period) = (team_id.to_string(), request.period.clone());
    let ids: Vec<String> = request.values.iter().map(|input| input.indicator_id.to_string()).collect();
    let known: Vec<String> =
        team_indicators::table.filter(team_indicators::id.eq_any(&ids)).select(team_indicators::id).load(conn)?;
    if let Some(index) = ids.iter().position(|id| !known.contains(id)) {
        return Err(StoreError::invalid(&format!("values[{index}].indicator_id"), "unknown", "is not an indicator"));
    }
    let before = list_period(conn, &team, &period)?;
    let (at, recorder) = (now(), actor_id(actor)?);
    for input in &request.values {
        let indicator = input.indicator_id.to_string();
        let this = team_indicator_values::table
            .filter(team_indicator_values::team_id.eq(&team))
            .filter(team_indicator_values::period.eq(&period))
            .filter(team_indicator_values::indicator_id.eq(&indicator));
        match input.value {
            None => {
                diesel::delete(this).execute(conn)?;
            }
            Some(value) => {
                let changed = diesel::update(this)
                    .set((
                        team_indicator_values::value.eq(value),
                        team_indicator_values::recorded_by.eq(&recorder),
                        team_indicator_values::updated_at.eq(at),
                    ))
                    .execute(conn)?;
                if changed == 0 {
                    diesel::insert_into(team_indicator_values::table)
                        .values((
                            team_indicator_values::team_id.eq(&team),
                            team_indicator_values::period.eq(&period),
                            team_indicator_values::indicator_id.eq(&indicator),
                            team_indicator_values::value.eq(value),
                            team_indicator_values::recorded_by.eq(&recorder),
                            team_indicator_values::updated_at.eq(at),
                        ))
                        .execute(conn)?;
                }
            }
        }
    }
    mark_stale(conn, &period)?;
    let after = list_period(conn, &team, &period)?;
    let id = format!("{team}/{period}");
    audit::record(
        conn,
        actor,
        AuditAction::Change,
        AuditEntity::TeamIndicatorValues,
        Some(&id),
        Some(&before),
        Some(&after),
    )?;
    Ok(after)
}

type ValueRow = (String, String, f64, chrono::NaiveDateTime);

fn into_values(rows: Vec<ValueRow>) -> Result<Vec<IndicatorValue>, StoreError> {
    rows.into_iter()
        .map(|(indicator, period, value, updated_at)| {
            Ok(IndicatorValue {
                indicator_id: crate::parse_id(&indicator)?,
                period,
                value,
                updated_at: utc(updated_at),
            })
        })
        .collect()
}

fn list_period(conn: &mut DbConnection, team: &str, period: &str) -> Result<Vec<IndicatorValue>, StoreError> {
    into_values(
        team_indicator_values::table
            .filter(team_indicator_values::team_id.eq(team))
            .filter(team_indicator_values::period.eq(period))
            .order(team_indicator_values::indicator_id)
            .select((
                team_indicator_values::indicator_id,
                team_indicator_values::period,
                team_indicator_values::value,
                team_indicator_values::updated_at,
            ))
            .load(conn)?,
    )
}

/// A team's values from month `from` to month `to` (both `YYYY-MM`, inclusive), oldest first.
pub fn list_values(
    conn: &mut DbConnection,
    viewer: &Viewer,
    team_id: Uuid,
    from: &str,
    to: &str,
) -> Result<Vec<IndicatorValue>, StoreError> {
    find(conn, viewer, team_id)?;
    into_values(
        team_indicator_values::table
            .filter(team_indicator_values::team_id.eq(team_id.to_string()))
            .filter(team_indicator_values::period.between(from, to))
            .order((team_indicator_values::period, team_indicator_values::indicator_id))
            .select((
                team_indicator_values::indicator_id,
                team_indicator_values::period,
                team_indicator_values::value,
                team_indicator_values::updated_at,
            ))
            .load(conn)?,
    )
}

fn mark_stale(conn: &mut DbConnection, period: &str) -> Result<(), StoreError> {
    let changed =
        diesel::update(scorecard_periods::table.find(period)).set(scorecard_periods::stale.eq(true)).execute(conn)?;
    if changed == 0 {
        diesel::insert_into(scorecard_periods::table)
            .values((scorecard_periods::period.eq(period), scorecard_periods::stale.eq(true)))
            .execute(conn)?;
    }
    Ok(())
}

/// Marks every month stale: the indicators' weights or directions, or a team's province,
/// changed.
pub(crate) fn mark_all_stale(conn: &mut DbConnection) -> Result<(), StoreError> {
    diesel::update(scorecard_periods::table).set(scorecard_periods::stale.eq(true)).execute(conn)?;
    Ok(())
}

/// Whether `period`'s scores must be computed before they are read.
pub fn is_stale(conn: &mut DbConnection, period: &str) -> Result<bool, StoreError> {
    let stale: i64 =
        scorecard_periods::table.find(period).filter(scorecard_periods::stale.eq(true)).count().get_result(conn)?;
    Ok(stale > 0)
}

/// Computes `period`'s scores and ranks from its values, if it is stale; a write.
pub fn refresh(conn: &mut DbConnection, period: &str) -> Result<(), StoreError> {
    if !is_stale(conn, period)? {
        return Ok(());
    }
    let weightings: Vec<Weighting> = team_indicators::table
        .filter(team_indicators::active.eq(true))
        .filter(team_indicators::weight.gt(0.0))
        .select(IndicatorRow::as_select())
        .load(conn)?
        .into_iter()
        .map(|row| {
            Ok(Weighting {
                indicator: crate::parse_id(&row.id)?,
                higher_is_better: row.higher_is_better,
                weight: row.weight,
            })
        })
        .collect::<Result<_, StoreError>>()?;
    let rows: Vec<(String, String, f64)> = team_indicator_values::table
        .filter(team_indicator_values::period.eq(period))
        .select((team_indicator_values::team_id, team_indicator_values::indicator_id, team_indicator_values::value))
        .load(conn)?;
    let mut values: HashMap<Uuid, HashMap<Uuid, f64>> = HashMap::new();
    for (team, indicator, value) in rows {
        values.entry(crate::parse_id(&team)?).or_default().insert(crate::parse_id(&indicator)?, value);
    }
    let scored = scores(&weightings, &values);
    // In id order, and so are the rows written below: each index keyed by team then takes
    // them in its own order rather than at random places (on SQLite, inserting a month of
    // 10,000 teams' scores and group ranks took 40% less time).
    let mut teams: Vec<Uuid> = scored.keys().copied().collect();
    teams.sort_unstable();
    let mut province_of: HashMap<Uuid, String> = HashMap::new();
    for chunk in teams.chunks(CHUNK) {
        let ids: Vec<String> = chunk.iter().map(Uuid::to_string).collect();
        let found: Vec<(String, String)> = community_teams::table
            .filter(community_teams::id.eq_any(&ids))
            .select((community_teams::id, community_teams::province_id))
            .load(conn)?;
        for (team, province) in found {
            province_of.insert(crate::parse_id(&team)?, province);
        }
    }
    let national = ranks(&scored, &teams);
    let mut by_province: HashMap<&str, Vec<Uuid>> = HashMap::new();
    for (team, province) in &province_of {
        by_province.entry(province.as_str()).or_default().push(*team);
    }
    let mut in_province = HashMap::new();
    for members in by_province.values() {
        in_province.extend(ranks(&scored, members));
    }
    let groups: Vec<(String, String)> = area_group_members::table
        .inner_join(area_groups::table)
        .filter(area_groups::deleted_at.is_null())
        .select((area_group_members::area_group_id, area_group_members::area_id))
        .load(conn)?;
    let mut group_rows = Vec::new();
    let mut provinces_of_group: HashMap<&str, Vec<&str>> = HashMap::new();
    for (group, province) in &groups {
        provinces_of_group.entry(group.as_str()).or_default().push(province.as_str());
    }
    for (group, provinces) in provinces_of_group {
        let members: Vec<Uuid> =
            provinces.iter().flat_map(|province| by_province.get(province).into_iter().flatten().copied()).collect();
        let mut ranked: Vec<(Uuid, i64)> = ranks(&scored, &members).into_iter().collect();
        ranked.sort_unstable();
        for (team, rank) in ranked {
            group_rows.push((
                team_score_group_ranks::period.eq(period.to_owned()),
                team_score_group_ranks::area_group_id.eq(group.to_owned()),
                team_score_group_ranks::team_id.eq(team.to_string()),
                team_score_group_ranks::rank.eq(rank),
            ));
        }
    }
    let score_rows: Vec<_> = teams
        .iter()
        .filter_map(|team| {
            let (province, score) = (province_of.get(team)?, scored.get(team)?);
            Some((
                team_scores::period.eq(period.to_owned()),
                team_scores::team_id.eq(team.to_string()),
                team_scores::province_id.eq(province.clone()),
                team_scores::score.eq(*score),
                team_scores::rank_national.eq(national.get(team).copied().unwrap_or_default()),
                team_scores::rank_province.eq(in_province.get(team).copied().unwrap_or_default()),
            ))
        })
        .collect();
    diesel::delete(team_scores::table.filter(team_scores::period.eq(period))).execute(conn)?;
    diesel::delete(team_score_group_ranks::table.filter(team_score_group_ranks::period.eq(period))).execute(conn)?;
    crate::insert_many!(conn, team_scores::table, &score_rows, 6)?;
    crate::insert_many!(conn, team_score_group_ranks::table, &group_rows, 4)?;
    diesel::update(scorecard_periods::table.find(period))
        .set((scorecard_periods::stale.eq(false), scorecard_periods::computed_at.eq(Some(now()))))
        .execute(conn)?;
    Ok(())
}

/// Filters of the scorecard.
#[derive(Debug, Clone)]
pub struct ScorecardFilter {
    /// `YYYY-MM`.
    pub period: String,
    /// Ranks within this province.
    pub province_id: Option<Uuid>,
    /// Ranks within this area group.
    pub area_group_id: Option<Uuid>,
}

/// One stored score: team, province, score, national and province rank, and the rank the
/// page is ordered by.
type ScoreRow = (String, String, f64, i64, i64);

/// The scorecard of a month: best first, by the rank of the filter's reach (the area
/// group's, the province's, or the national one), `limit` at a time. The month must be
/// fresh ([`refresh`]).
pub fn list(
    conn: &mut DbConnection,
    viewer: &Viewer,
    filter: &ScorecardFilter,
    limit: usize,
    after: Option<&str>,
) -> Result<paging::Page<ScorecardLine>, StoreError> {
    let after = after
        .map(|cursor| {
            let [rank, team] = paging::decode(cursor)?;
            Ok::<_, StoreError>((rank.parse::<i64>().map_err(|_| paging::bad_cursor())?, team))
        })
        .transpose()?;
    let (rows, order_ranks) = page_rows(conn, viewer, filter, paging::fetch(limit), after)?;
    let keyed: Vec<(ScoreRow, i64)> = rows.into_iter().zip(order_ranks).collect();
    paging::paginate(
        keyed,
        limit,
        |(row, rank)| vec![rank.to_string(), row.0.clone()],
        |keyed| assemble(conn, &filter.period, keyed.into_iter().map(|(row, _)| row).collect()),
    )
}

/// Every line `list` would give for `filter`, up to `max` (`None` beyond it), for exports.
pub fn export(
    conn: &mut DbConnection,
    viewer: &Viewer,
    filter: &ScorecardFilter,
    max: usize,
) -> Result<Option<Vec<ScorecardLine>>, StoreError> {
    let (rows, _) = page_rows(conn, viewer, filter, max + 1, None)?;
    if rows.len() > max {
        return Ok(None);
    }
    assemble(conn, &filter.period, rows).map(Some)
}

/// The rows of one page and the rank each is ordered by.
fn page_rows(
    conn: &mut DbConnection,
    viewer: &Viewer,
    filter: &ScorecardFilter,
    fetch: usize,
    after: Option<(i64, String)>,
) -> Result<(Vec<ScoreRow>, Vec<i64>), StoreError> {
    let columns = (
        team_scores::team_id,
        team_scores::province_id,
        team_scores::score,
        team_scores::rank_national,
        team_scores::rank_province,
    );
    let mut scores_query = team_scores::table.filter(team_scores::period.eq(filter.period.clone())).into_boxed();
    if let Some(provinces) = visible_provinces(viewer) {
        scores_query = scores_query.filter(team_scores::province_id.eq_any(provinces));
    }
    if let Some(group) = filter.area_group_id {
        let mut ranked = team_score_group_ranks::table
            .filter(team_score_group_ranks::period.eq(filter.period.clone()))
            .filter(team_score_group_ranks::area_group_id.eq(group.to_string()))
            .into_boxed();
        if let Some(provinces) = visible_provinces(viewer) {
            let visible = team_scores::table
                .filter(team_scores::period.eq(filter.period.clone()))
                .filter(team_scores::province_id.eq_any(provinces))
                .select(team_scores::team_id);
            ranked = ranked.filter(team_score_group_ranks::team_id.eq_any(visible));
        }
        let ranked: Vec<(String, i64)> =
            paging::seek!(ranked, team_score_group_ranks::rank, team_score_group_ranks::team_id, after, asc)
                .select((team_score_group_ranks::team_id, team_score_group_ranks::rank))
                .limit_in_text(fetch)
                .load(conn)?;
        let ids: Vec<String> = ranked.iter().map(|(team, _)| team.clone()).collect();
        let mut found: HashMap<String, ScoreRow> = scores_query
            .filter(team_scores::team_id.eq_any(ids))
            .select(columns)
            .load::<ScoreRow>(conn)?
            .into_iter()
            .map(|row| (row.0.clone(), row))
            .collect();
        let (rows, order): (Vec<ScoreRow>, Vec<i64>) =
            ranked.into_iter().filter_map(|(team, rank)| found.remove(&team).map(|row| (row, rank))).unzip();
        return Ok((rows, order));
    }
    let rows: Vec<ScoreRow> = match filter.province_id {
        Some(province) => {
            let query = scores_query.filter(team_scores::province_id.eq(province.to_string()));
            paging::seek!(query, team_scores::rank_province, team_scores::team_id, after, asc)
                .select(columns)
                .limit_in_text(fetch)
                .load(conn)?
        }
        None => paging::seek!(scores_query, team_scores::rank_national, team_scores::team_id, after, asc)
            .select(columns)
            .limit_in_text(fetch)
            .load(conn)?,
    };
    let order = rows.iter().map(|row| if filter.province_id.is_some() { row.4 } else { row.3 }).collect();
    Ok((rows, order))
}

/// The query the scorecard's first page runs without a group, for the query-plan test.
pub fn explain_list(
    conn: &mut DbConnection,
    viewer: &Viewer,
    filter: &ScorecardFilter,
) -> Result<Vec<String>, StoreError> {
    let mut query = team_scores::table.filter(team_scores::period.eq(filter.period.clone())).into_boxed();
    if let Some(provinces) = visible_provinces(viewer) {
        query = query.filter(team_scores::province_id.eq_any(provinces));
    }
    let none = None::<(i64, String)>;
    let fetch = paging::fetch(danvan_domain::page::DEFAULT_LIMIT as usize);
    match filter.province_id {
        Some(province) => {
            let query = query.filter(team_scores::province_id.eq(province.to_string()));
            let query = paging::seek!(query, team_scores::rank_province, team_scores::team_id, none, asc);
            crate::explain::plan(conn, query.select(team_scores::team_id).limit_in_text(fetch))
        }
        None => {
            let query = paging::seek!(query, team_scores::rank_national, team_scores::team_id, none, asc);
            crate::explain::plan(conn, query.select(team_scores::team_id).limit_in_text(fetch))
        }
    }
}

/// Lines from stored scores: names, group ranks and trends in one query each.
fn assemble(conn: &mut DbConnection, period: &str, rows: Vec<ScoreRow>) -> Result<Vec<ScorecardLine>, StoreError> {
    let mut lines = Vec::with_capacity(rows.len());
    for chunk in rows.chunks(CHUNK) {
        let team_ids: Vec<String> = chunk.iter().map(|row| row.0.clone()).collect();
        let province_ids: Vec<String> = chunk.iter().map(|row| row.1.clone()).collect();
        let teams = super::visible::team_names(conn, &team_ids)?;
        let provinces = super::visible::area_names(conn, &province_ids)?;
        let group_ranks: Vec<(String, String, i64)> = team_score_group_ranks::table
            .filter(team_score_group_ranks::period.eq(period))
            .filter(team_score_group_ranks::team_id.eq_any(&team_ids))
            .select((
                team_score_group_ranks::team_id,
                team_score_group_ranks::area_group_id,
                team_score_group_ranks::rank,
            ))
            .load(conn)?;
        let group_ids: Vec<String> = group_ranks.iter().map(|(_, group, _)| group.clone()).collect();
        let group_names = lookup(
            area_groups::table
                .filter(area_groups::id.eq_any(&group_ids))
                .select((area_groups::id, area_groups::name))
                .load(conn)?,
        );
        let first =
            parse_period(period).map(|month| period_of(shift_period(month, 1 - TREND_MONTHS))).unwrap_or_default();
        let trend_rows: Vec<(String, String, f64)> = team_scores::table
            .filter(team_scores::team_id.eq_any(&team_ids))
            .filter(team_scores::period.between(first, period.to_owned()))
            .order((team_scores::team_id, team_scores::period))
            .select((team_scores::team_id, team_scores::period, team_scores::score))
            .load(conn)?;
        for (team, province, score, rank_national, rank_province) in chunk.iter().cloned() {
            let mut ranks_of_team = Vec::new();
            for (_, group, rank) in group_ranks.iter().filter(|(of, _, _)| *of == team) {
                ranks_of_team.push(GroupRank { area_group: named(group, &group_names)?, rank: *rank });
            }
            ranks_of_team.sort_by(|a, b| a.area_group.name.cmp(&b.area_group.name));
            lines.push(ScorecardLine {
                id: crate::parse_id(&team)?,
                team: named(&team, &teams)?,
                province: named(&province, &provinces)?,
                period: period.to_owned(),
                score,
                rank_national,
                rank_province,
                group_ranks: ranks_of_team,
                trend: trend_rows
                    .iter()
                    .filter(|(of, _, _)| *of == team)
                    .map(|(_, period, score)| PeriodScore { period: period.clone(), score: *score })
                    .collect(),
            });
        }
    }
    Ok(lines)
}

/// One team's line of a month's scorecard, if it was scored that month. The month must
/// be fresh ([`refresh`]).
pub fn team_line(
    conn: &mut DbConnection,
    viewer: &Viewer,
    team_id: Uuid,
    period: &str,
) -> Result<Option<ScorecardLine>, StoreError> {
    find(conn, viewer, team_id)?;
    let row: Option<ScoreRow> = team_scores::table
        .filter(team_scores::period.eq(period))
        .filter(team_scores::team_id.eq(team_id.to_string()))
        .select((
            team_scores::team_id,
            team_scores::province_id,
            team_scores::score,
            team_scores::rank_national,
            team_scores::rank_province,
        ))
        .first_row(conn)
        .optional()?;
    match row {
        Some(row) => Ok(assemble(conn, period, vec![row])?.pop()),
        None => Ok(None),
    }
}

/// The latest month anyone recorded values for.
pub fn latest_period(conn: &mut DbConnection) -> Result<Option<String>, StoreError> {
    Ok(scorecard_periods::table.select(diesel::dsl::max(scorecard_periods::period)).first_row(conn)?)
}
