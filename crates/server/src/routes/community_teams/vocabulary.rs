//! The module's managed lists: team kinds and indicators. Everyone reads them; those who
//! manage community teams add and change them.

use crate::{
    auth::Caller,
    error::ApiError,
    http::{self, IdempotencyKey, IfMatch},
    openapi::{CreateProblems, ReadProblems, UpdateProblems},
    state::AppState,
};
use actix_web::{get, patch, post, web, HttpResponse};
use danvan_domain::{
    community_team::{
        CreateTeamIndicator, CreateTeamKind, TeamIndicator, TeamKind, UpdateTeamIndicator, UpdateTeamKind,
    },
    permission::Action,
};
use danvan_store::community_teams as store;
use serde::Deserialize;
use uuid::Uuid;

/// Filter of a managed list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ActiveQuery {
    /// Only live entries (`true`) or only retired ones (`false`); all when absent.
    pub active: Option<bool>,
}

/// Lists the kinds of community team by position and code.
#[utoipa::path(
    tag = "community-teams",
    params(ActiveQuery),
    responses((status = 200, description = "Success", body = Vec<TeamKind>), ReadProblems),
    security(("bearer" = []))
)]
#[get("/team-kinds")]
pub async fn list_team_kinds(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<ActiveQuery>,
) -> Result<web::Json<Vec<TeamKind>>, ApiError> {
    caller.require(Action::CommunityTeamsRead)?;
    let active = query.active;
    Ok(web::Json(http::read(&state.db, move |conn| Ok(store::list_team_kinds(conn, active)?)).await?))
}

/// Adds a kind of team; its code must be unused.
#[utoipa::path(
    tag = "community-teams",
    request_body = CreateTeamKind,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries of this create safe")),
    responses((status = 201, description = "Created", body = TeamKind, headers(("ETag" = String), ("Location" = String))), CreateProblems),
    security(("bearer" = []))
)]
#[post("/team-kinds")]
pub async fn create_team_kind(
    state: web::Data<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    body: web::Json<CreateTeamKind>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::CommunityTeamsManage)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let fingerprint = serde_json::to_value(&request).unwrap_or_default();
    http::create_once(&state.db, caller.actor(), key, "/api/v1/team-kinds", &fingerprint, move |conn, actor| {
        Ok(store::create_team_kind(conn, actor, &request)?)
    })
    .await
}

/// Renames, reorders or retires a kind of team. Needs `If-Match`.
#[utoipa::path(
    tag = "community-teams",
    request_body = UpdateTeamKind,
    params(("id" = Uuid, Path, description = "Team kind id"), ("If-Match" = String, Header, description = "The ETag last read")),
    responses((status = 200, description = "Success", body = TeamKind, headers(("ETag" = String))), UpdateProblems),
    security(("bearer" = []))
)]
#[patch("/team-kinds/{id}")]
pub async fn update_team_kind(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: web::Json<UpdateTeamKind>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::CommunityTeamsManage)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let (id, actor) = (id.into_inner(), caller.actor());
    let kind = http::write(&state.db, move |conn| Ok(store::update_team_kind(conn, &actor, id, if_match.0, &request)?))
        .await?;
    Ok(http::ok_with_etag(kind.version, &kind))
}

/// Lists the scorecard's indicators by position and code.
#[utoipa::path(
    tag = "community-teams",
    params(ActiveQuery),
    responses((status = 200, description = "Success", body = Vec<TeamIndicator>), ReadProblems),
    security(("bearer" = []))
)]
#[get("/team-indicators")]
pub async fn list_team_indicators(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<ActiveQuery>,
) -> Result<web::Json<Vec<TeamIndicator>>, ApiError> {
    caller.require(Action::CommunityTeamsRead)?;
    let active = query.active;
    Ok(web::Json(http::read(&state.db, move |conn| Ok(store::list_team_indicators(conn, active)?)).await?))
}

/// Adds an indicator; every month's scores are computed again when next read.
#[utoipa::path(
    tag = "community-teams",
    request_body = CreateTeamIndicator,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries of this create safe")),
    responses((status = 201, description = "Created", body = TeamIndicator, headers(("ETag" = String), ("Location" = String))), CreateProblems),
    security(("bearer" = []))
)]
#[post("/team-indicators")]
pub async fn create_team_indicator(
    state: web::Data<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    body: web::Json<CreateTeamIndicator>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::CommunityTeamsManage)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let fingerprint = serde_json::to_value(&request).unwrap_or_default();
    http::create_once(&state.db, caller.actor(), key, "/api/v1/team-indicators", &fingerprint, move |conn, actor| {
        Ok(store::create_team_indicator(conn, actor, &request)?)
    })
    .await
}

/// Changes an indicator: names, unit, direction, weight, order, or retires it. Needs `If-Match`.
#[utoipa::path(
    tag = "community-teams",
    request_body = UpdateTeamIndicator,
    params(("id" = Uuid, Path, description = "Indicator id"), ("If-Match" = String, Header, description = "The ETag last read")),
    responses((status = 200, description = "Success", body = TeamIndicator, headers(("ETag" = String))), UpdateProblems),
    security(("bearer" = []))
)]
#[patch("/team-indicators/{id}")]
pub async fn update_team_indicator(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: web::Json<UpdateTeamIndicator>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::CommunityTeamsManage)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let (id, actor) = (id.into_inner(), caller.actor());
    let indicator =
        http::write(&state.db, move |conn| Ok(store::update_team_indicator(conn, &actor, id, if_match.0, &request)?))
            .await?;
    Ok(http::ok_with_etag(indicator.version, &indicator))
}
