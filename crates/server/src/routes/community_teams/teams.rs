//! The registry: `GET /community-teams` with its filters and export, the map's counts per
//! province, registering, reading and changing a team.

use super::viewer;
use crate::{
    auth::Caller,
    error::ApiError,
    export::{self as files, Cell, ExportQuery, Sheet},
    http::{self, IdempotencyKey, IfMatch, PageParams},
    openapi::{CreateProblems, ReadProblems, UpdateProblems},
    state::AppState,
};
use actix_web::{get, patch, post, web, HttpResponse};
use danvan_domain::{
    community_team::{CreateTeam, ProvinceTeams, Team, TeamStatus, UpdateTeam},
    lang::Lang,
    page::Page,
    permission::Action,
    task::ExportFormat,
};
use danvan_store::community_teams::{self as store, TeamFilter};
use serde::Deserialize;
use uuid::Uuid;

/// Filters of the registry list and its export.
#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TeamQuery {
    /// Teams of this province.
    pub province_id: Option<Uuid>,
    /// Teams of this commune or ward.
    pub area_id: Option<Uuid>,
    /// Teams of the provinces of this area group.
    pub area_group_id: Option<Uuid>,
    pub kind_id: Option<Uuid>,
    #[param(inline)]
    pub status: Option<TeamStatus>,
    /// Part of the name; diacritics and case are ignored.
    #[param(max_length = 200)]
    pub q: Option<String>,
}

impl TeamQuery {
    fn filter(&self, conn: &mut danvan_store::DbConnection) -> Result<TeamFilter, ApiError> {
        if self.q.as_ref().is_some_and(|q| q.chars().count() > 200) {
            return Err(ApiError::invalid("q", "too_long", "must have at most 200 characters"));
        }
        let province_ids = match self.area_group_id {
            Some(group) => Some(
                danvan_store::areas::provinces_of_groups(conn, &[group.to_string()])?
                    .iter()
                    .filter_map(|id| Uuid::parse_str(id).ok())
                    .collect(),
            ),
            None => None,
        };
        Ok(TeamFilter {
            province_id: self.province_id,
            area_id: self.area_id,
            province_ids,
            kind_id: self.kind_id,
            status: self.status,
            q: self.q.clone(),
        })
    }
}

/// Lists the teams the caller sees, by name (without diacritics).
#[utoipa::path(
    tag = "community-teams",
    params(TeamQuery, PageParams),
    responses((status = 200, description = "Success", body = Page<Team>), ReadProblems),
    security(("bearer" = []))
)]
#[get("/community-teams")]
pub async fn list_teams(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<TeamQuery>,
    paging: web::Query<PageParams>,
) -> Result<web::Json<Page<Team>>, ApiError> {
    caller.require(Action::CommunityTeamsRead)?;
    let (limit, cursor, viewer, query) = (paging.limit()?, paging.cursor()?, viewer(&caller), query.into_inner());
    let page = http::read(&state.db, move |conn| {
        let filter = query.filter(conn)?;
        Ok(store::list(conn, &viewer, &filter, limit, cursor.as_deref())?)
    })
    .await?;
    Ok(web::Json(page))
}

const COLUMNS: &[(&str, &str, f64)] = &[
    ("Tên tổ", "Team", 36.0),
    ("Loại tổ", "Kind", 24.0),
    ("Trạng thái", "Status", 14.0),
    ("Xã, phường", "Commune or ward", 26.0),
    ("Tỉnh, thành phố", "Province", 24.0),
    ("Ngày thành lập", "Founded on", 14.0),
    ("Số hộ phụ trách", "Households covered", 14.0),
    ("Đơn vị phối hợp", "Works with", 30.0),
];

fn status_label(status: TeamStatus, lang: Lang) -> &'static str {
    match status {
        TeamStatus::Active => lang.pick("Đang hoạt động", "Active"),
        TeamStatus::Paused => lang.pick("Tạm dừng", "Paused"),
        TeamStatus::Dissolved => lang.pick("Đã giải thể", "Dissolved"),
    }
}

/// The filtered registry as a file: the rows `GET /community-teams` returns for the same
/// filters, without paging; at most 10 000 rows.
#[utoipa::path(
    tag = "community-teams",
    params(ExportQuery, TeamQuery),
    responses(
        (
            status = 200,
            description = "A header row and one row per team",
            content((String = "text/csv"), (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")),
            headers(("Content-Disposition" = String, description = "attachment; filename=\"community-teams.csv\""))
        ),
        ReadProblems
    ),
    security(("bearer" = []))
)]
#[get("/community-teams/export")]
pub async fn export_teams(
    state: web::Data<AppState>,
    caller: Caller,
    options: web::Query<ExportQuery>,
    query: web::Query<TeamQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::CommunityTeamsRead)?;
    let (viewer, query) = (viewer(&caller), query.into_inner());
    let teams = http::read(&state.db, move |conn| {
        let filter = query.filter(conn)?;
        store::export(conn, &viewer, &filter, files::MAX_ROWS)?.ok_or_else(|| {
            ApiError::invalid("filters", "too_many_rows", "more than 10000 teams match; narrow the filters")
        })
    })
    .await?;
    let lang = options.lang.unwrap_or_default();
    let rows = teams
        .iter()
        .map(|team| {
            vec![
                Cell::Text(team.name.clone()),
                Cell::Text(team.kind.name.clone()),
                Cell::Text(status_label(team.status, lang).to_owned()),
                Cell::Text(team.area.name.clone()),
                Cell::Text(team.province.name.clone()),
                Cell::Text(team.founded_on.to_string()),
                Cell::Number(team.households_covered as f64),
                Cell::Text(team.org_unit.as_ref().map_or(team.partner_body.clone(), |unit| unit.name.clone())),
            ]
        })
        .collect();
    let sheet = Sheet { name: ("Tổ COVID cộng đồng", "Community teams"), columns: COLUMNS, rows };
    sheet.respond(options.format.unwrap_or(ExportFormat::Csv), lang, "community-teams")
}

/// Teams, models and adoptions per province the caller sees, with the provinces'
/// coordinates, for the map; provinces without any are left out.
#[utoipa::path(
    tag = "community-teams",
    responses((status = 200, description = "Success", body = Vec<ProvinceTeams>), ReadProblems),
    security(("bearer" = []))
)]
#[get("/community-teams/map")]
pub async fn team_map(state: web::Data<AppState>, caller: Caller) -> Result<web::Json<Vec<ProvinceTeams>>, ApiError> {
    caller.require(Action::CommunityTeamsRead)?;
    let viewer = viewer(&caller);
    Ok(web::Json(http::read(&state.db, move |conn| Ok(store::map(conn, &viewer)?)).await?))
}

/// Registers a team in a commune or ward of the caller's scope.
#[utoipa::path(
    tag = "community-teams",
    request_body = CreateTeam,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries of this create safe")),
    responses((status = 201, description = "Created", body = Team, headers(("ETag" = String), ("Location" = String))), CreateProblems),
    security(("bearer" = []))
)]
#[post("/community-teams")]
pub async fn create_team(
    state: web::Data<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    body: web::Json<CreateTeam>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::CommunityTeamsManage)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let fingerprint = serde_json::to_value(&request).unwrap_or_default();
    let viewer = viewer(&caller);
    http::create_once(&state.db, caller.actor(), key, "/api/v1/community-teams", &fingerprint, move |conn, actor| {
        Ok(store::create(conn, actor, &viewer, &request)?)
    })
    .await
}

/// One team, with its `ETag`.
#[utoipa::path(
    tag = "community-teams",
    params(("id" = Uuid, Path, description = "Team id")),
    responses((status = 200, description = "Success", body = Team, headers(("ETag" = String))), ReadProblems),
    security(("bearer" = []))
)]
#[get("/community-teams/{id}")]
pub async fn get_team(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::CommunityTeamsRead)?;
    let (id, viewer) = (id.into_inner(), viewer(&caller));
    let team = http::read(&state.db, move |conn| Ok(store::get(conn, &viewer, id)?)).await?;
    Ok(http::ok_with_etag(team.version, &team))
}

/// Changes a team's fields. Needs `If-Match`.
#[utoipa::path(
    tag = "community-teams",
    request_body = UpdateTeam,
    params(("id" = Uuid, Path, description = "Team id"), ("If-Match" = String, Header, description = "The ETag last read")),
    responses((status = 200, description = "Success", body = Team, headers(("ETag" = String))), UpdateProblems),
    security(("bearer" = []))
)]
#[patch("/community-teams/{id}")]
pub async fn update_team(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: web::Json<UpdateTeam>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::CommunityTeamsManage)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let (id, actor, viewer) = (id.into_inner(), caller.actor(), viewer(&caller));
    let team =
        http::write(&state.db, move |conn| Ok(store::update(conn, &actor, &viewer, id, if_match.0, &request)?)).await?;
    Ok(http::ok_with_etag(team.version, &team))
}
