//! Indicator values of a team, and the scorecard with its export. A month whose values
//! changed is scored again (one write) before it is read.

use super::viewer;
use crate::export::ExportQuery;
use crate::{
    auth::Caller,
    error::ApiError,
    export::{self as files, Cell, Sheet},
    http::{self, PageParams},
    openapi::{CreateProblems, ReadProblems},
    state::AppState,
};
use actix_web::{get, post, web, HttpResponse};
use danvan_domain::{
    calendar,
    community_team::{parse_period, period_of, shift_period, IndicatorValue, RecordIndicatorValues, ScorecardLine},
    page::Page,
    permission::Action,
    task::ExportFormat,
};
use danvan_store::community_teams::{self as store, scorecard, ScorecardFilter};
use serde::Deserialize;
use uuid::Uuid;

/// The months of a team's values.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ValuesQuery {
    /// First month, `YYYY-MM`; twelve months before `to` by default.
    #[param(pattern = "^[0-9]{4}-(0[1-9]|1[0-2])$")]
    pub from: Option<String>,
    /// Last month, `YYYY-MM`; the current month by default.
    #[param(pattern = "^[0-9]{4}-(0[1-9]|1[0-2])$")]
    pub to: Option<String>,
}

fn month(field: &str, text: &str) -> Result<String, ApiError> {
    parse_period(text)
        .map(|_| text.to_owned())
        .ok_or_else(|| ApiError::invalid(field, "invalid_format", "must be a month, YYYY-MM"))
}

/// A team's indicator values over a span of months, oldest first.
#[utoipa::path(
    tag = "community-teams",
    params(("id" = Uuid, Path, description = "Team id"), ValuesQuery),
    responses((status = 200, description = "Success", body = Vec<IndicatorValue>), ReadProblems),
    security(("bearer" = []))
)]
#[get("/community-teams/{id}/indicator-values")]
pub async fn list_indicator_values(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    query: web::Query<ValuesQuery>,
) -> Result<web::Json<Vec<IndicatorValue>>, ApiError> {
    caller.require(Action::CommunityTeamsRead)?;
    let this_month = period_of(calendar::today(chrono::Utc::now()));
    let to = match &query.to {
        Some(to) => month("to", to)?,
        None => this_month,
    };
    let from = match &query.from {
        Some(from) => month("from", from)?,
        None => parse_period(&to).map(|to| period_of(shift_period(to, -11))).unwrap_or_default(),
    };
    let (id, viewer) = (id.into_inner(), viewer(&caller));
    Ok(web::Json(http::read(&state.db, move |conn| Ok(store::list_values(conn, &viewer, id, &from, &to)?)).await?))
}

/// Records a team's values for one month (`null` removes one); answers the month's values.
#[utoipa::path(
    tag = "community-teams",
    request_body = RecordIndicatorValues,
    params(("id" = Uuid, Path, description = "Team id")),
    responses((status = 200, description = "Success", body = Vec<IndicatorValue>), CreateProblems),
    security(("bearer" = []))
)]
#[post("/community-teams/{id}/indicator-values")]
pub async fn record_indicator_values(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: web::Json<RecordIndicatorValues>,
) -> Result<web::Json<Vec<IndicatorValue>>, ApiError> {
    caller.require(Action::CommunityTeamsManage)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let (id, actor, viewer) = (id.into_inner(), caller.actor(), viewer(&caller));
    let values =
        http::write(&state.db, move |conn| Ok(store::record_values(conn, &actor, &viewer, id, &request)?)).await?;
    Ok(web::Json(values))
}

/// Filters of the scorecard.
#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ScorecardQuery {
    /// The month, `YYYY-MM`; the latest month with values when absent.
    #[param(pattern = "^[0-9]{4}-(0[1-9]|1[0-2])$")]
    pub period: Option<String>,
    /// Rank within this province.
    pub province_id: Option<Uuid>,
    /// Rank within this area group.
    pub area_group_id: Option<Uuid>,
}

impl ScorecardQuery {
    /// The filter, with the latest month that has values when none is asked for.
    async fn filter(&self, state: &AppState) -> Result<ScorecardFilter, ApiError> {
        let period = match &self.period {
            Some(period) => month("period", period)?,
            None => http::read(&state.db, |conn| Ok(scorecard::latest_period(conn)?))
                .await?
                .unwrap_or_else(|| period_of(calendar::today(chrono::Utc::now()))),
        };
        Ok(ScorecardFilter { period, province_id: self.province_id, area_group_id: self.area_group_id })
    }
}

/// Scores the month again if its values changed since it was last scored.
async fn fresh(state: &AppState, period: &str) -> Result<(), ApiError> {
    let stale = {
        let period = period.to_owned();
        http::read(&state.db, move |conn| Ok(scorecard::is_stale(conn, &period)?)).await?
    };
    if stale {
        let period = period.to_owned();
        http::write(&state.db, move |conn| Ok(scorecard::refresh(conn, &period)?)).await?;
    }
    Ok(())
}

/// The scorecard of a month: each team's score (0–100) from its normalised, weighted
/// indicators, ranked nationally, within its province and its area groups, with its trend
/// over the last six months; best first by the rank of the filter's reach.
#[utoipa::path(
    tag = "community-teams",
    params(ScorecardQuery, PageParams),
    responses((status = 200, description = "Success", body = Page<ScorecardLine>), ReadProblems),
    security(("bearer" = []))
)]
#[get("/team-scorecard")]
pub async fn team_scorecard(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<ScorecardQuery>,
    paging: web::Query<PageParams>,
) -> Result<web::Json<Page<ScorecardLine>>, ApiError> {
    caller.require(Action::CommunityTeamsRead)?;
    let (filter, limit, cursor, viewer) =
        (query.filter(&state).await?, paging.limit()?, paging.cursor()?, viewer(&caller));
    fresh(&state, &filter.period).await?;
    let page =
        http::read(&state.db, move |conn| Ok(scorecard::list(conn, &viewer, &filter, limit, cursor.as_deref())?))
            .await?;
    Ok(web::Json(page))
}

/// The month of a team's scorecard line.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeriodQuery {
    /// The month, `YYYY-MM`; the latest month with values when absent.
    #[param(pattern = "^[0-9]{4}-(0[1-9]|1[0-2])$")]
    pub period: Option<String>,
}

/// One team's line of a month's scorecard (score, ranks, trend); `null` when the team
/// recorded nothing that month.
#[utoipa::path(
    tag = "community-teams",
    params(("id" = Uuid, Path, description = "Team id"), PeriodQuery),
    responses((status = 200, description = "Success", body = Option<ScorecardLine>), ReadProblems),
    security(("bearer" = []))
)]
#[get("/community-teams/{id}/scorecard")]
pub async fn team_scorecard_line(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    query: web::Query<PeriodQuery>,
) -> Result<web::Json<Option<ScorecardLine>>, ApiError> {
    caller.require(Action::CommunityTeamsRead)?;
    let query = ScorecardQuery { period: query.into_inner().period, province_id: None, area_group_id: None };
    let filter = query.filter(&state).await?;
    fresh(&state, &filter.period).await?;
    let (id, viewer) = (id.into_inner(), viewer(&caller));
    Ok(web::Json(
        http::read(&state.db, move |conn| Ok(scorecard::team_line(conn, &viewer, id, &filter.period)?)).await?,
    ))
}

const COLUMNS: &[(&str, &str, f64)] = &[
    ("Tổ", "Team", 36.0),
    ("Tỉnh, thành phố", "Province", 24.0),
    ("Tháng", "Month", 10.0),
    ("Điểm", "Score", 10.0),
    ("Hạng toàn quốc", "National rank", 12.0),
    ("Hạng trong tỉnh", "Rank in province", 12.0),
    ("Hạng trong vùng", "Rank in area groups", 30.0),
    ("Xu hướng", "Trend", 40.0),
];

/// The filtered scorecard as a file, in the list's order; at most 10 000 rows.
#[utoipa::path(
    tag = "community-teams",
    params(ExportQuery, ScorecardQuery),
    responses(
        (
            status = 200,
            description = "A header row and one row per team",
            content((String = "text/csv"), (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")),
            headers(("Content-Disposition" = String, description = "attachment; filename=\"team-scorecard-YYYY-MM.csv\""))
        ),
        ReadProblems
    ),
    security(("bearer" = []))
)]
#[get("/team-scorecard/export")]
pub async fn export_team_scorecard(
    state: web::Data<AppState>,
    caller: Caller,
    options: web::Query<ExportQuery>,
    query: web::Query<ScorecardQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::CommunityTeamsRead)?;
    let (filter, viewer) = (query.filter(&state).await?, viewer(&caller));
    fresh(&state, &filter.period).await?;
    let period = filter.period.clone();
    let lines = http::read(&state.db, move |conn| {
        scorecard::export(conn, &viewer, &filter, files::MAX_ROWS)?.ok_or_else(|| {
            ApiError::invalid("filters", "too_many_rows", "more than 10000 teams match; narrow the filters")
        })
    })
    .await?;
    let rows = lines
        .into_iter()
        .map(|line| {
            let groups: Vec<String> =
                line.group_ranks.iter().map(|rank| format!("{}: {}", rank.area_group.name, rank.rank)).collect();
            let trend: Vec<String> =
                line.trend.iter().map(|point| format!("{} {}", point.period, point.score)).collect();
            vec![
                Cell::Text(line.team.name),
                Cell::Text(line.province.name),
                Cell::Text(line.period),
                Cell::Number(line.score),
                Cell::Number(line.rank_national as f64),
                Cell::Number(line.rank_province as f64),
                Cell::Text(groups.join("; ")),
                Cell::Text(trend.join("; ")),
            ]
        })
        .collect();
    let sheet = Sheet { name: ("Bảng điểm", "Scorecard"), columns: COLUMNS, rows };
    let lang = options.lang.unwrap_or_default();
    sheet.respond(options.format.unwrap_or(ExportFormat::Csv), lang, &format!("team-scorecard-{period}"))
}
