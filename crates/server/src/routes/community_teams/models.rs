//! The model pipeline: nominating a team, the list (the board's columns), a model, adding
//! evidence, moving it along the transition table, and its timeline.

use super::viewer;
use crate::{
    auth::Caller,
    error::ApiError,
    http::{self, IdempotencyKey, IfMatch, PageParams},
    openapi::{CreateProblems, ReadProblems, UpdateProblems},
    state::AppState,
};
use actix_web::{get, patch, post, web, HttpResponse};
use danvan_domain::{
    community_team::{ModelEvent, ModelStatus, ModelTransition, NominateTeam, TeamModel, UpdateTeamModel},
    page::Page,
    permission::Action,
};
use danvan_store::community_teams::{self as store, ModelFilter};
use serde::Deserialize;
use uuid::Uuid;

/// Filters of the model list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ModelQuery {
    #[param(inline)]
    pub status: Option<ModelStatus>,
    pub team_id: Option<Uuid>,
    pub province_id: Option<Uuid>,
}

/// Models the caller sees, most recently changed first.
#[utoipa::path(
    tag = "community-teams",
    params(ModelQuery, PageParams),
    responses((status = 200, description = "Success", body = Page<TeamModel>), ReadProblems),
    security(("bearer" = []))
)]
#[get("/team-models")]
pub async fn list_team_models(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<ModelQuery>,
    paging: web::Query<PageParams>,
) -> Result<web::Json<Page<TeamModel>>, ApiError> {
    caller.require(Action::CommunityTeamsRead)?;
    let filter = ModelFilter { status: query.status, team_id: query.team_id, province_id: query.province_id };
    let (limit, cursor, viewer) = (paging.limit()?, paging.cursor()?, viewer(&caller));
    Ok(web::Json(
        http::read(&state.db, move |conn| Ok(store::list_models(conn, &viewer, &filter, limit, cursor.as_deref())?))
            .await?,
    ))
}

/// Nominates a team the caller sees as an effective model; the Office is told. A team is
/// in the pipeline once at a time (409 `already_nominated`).
#[utoipa::path(
    tag = "community-teams",
    request_body = NominateTeam,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries of this create safe")),
    responses((status = 201, description = "Created", body = TeamModel, headers(("ETag" = String), ("Location" = String))), CreateProblems),
    security(("bearer" = []))
)]
#[post("/team-models")]
pub async fn nominate_team(
    state: web::Data<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    body: web::Json<NominateTeam>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::TeamModelsNominate)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let fingerprint = serde_json::to_value(&request).unwrap_or_default();
    let viewer = viewer(&caller);
    http::create_once(&state.db, caller.actor(), key, "/api/v1/team-models", &fingerprint, move |conn, actor| {
        Ok(store::nominate(conn, actor, &viewer, &request)?)
    })
    .await
}

/// One model, with the moves the caller may make now and its `ETag`.
#[utoipa::path(
    tag = "community-teams",
    params(("id" = Uuid, Path, description = "Model id")),
    responses((status = 200, description = "Success", body = TeamModel, headers(("ETag" = String))), ReadProblems),
    security(("bearer" = []))
)]
#[get("/team-models/{id}")]
pub async fn get_team_model(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::CommunityTeamsRead)?;
    let (id, viewer) = (id.into_inner(), viewer(&caller));
    let model = http::read(&state.db, move |conn| Ok(store::get_model(conn, &viewer, id)?)).await?;
    Ok(http::ok_with_etag(model.version, &model))
}

/// Adds rationale or evidence before the model goes to the leadership; by its nominator
/// or the Office. Needs `If-Match`.
#[utoipa::path(
    tag = "community-teams",
    request_body = UpdateTeamModel,
    params(("id" = Uuid, Path, description = "Model id"), ("If-Match" = String, Header, description = "The ETag last read")),
    responses((status = 200, description = "Success", body = TeamModel, headers(("ETag" = String))), UpdateProblems),
    security(("bearer" = []))
)]
#[patch("/team-models/{id}")]
pub async fn update_team_model(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: web::Json<UpdateTeamModel>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::CommunityTeamsRead)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let (id, actor, viewer) = (id.into_inner(), caller.actor(), viewer(&caller));
    let model =
        http::write(&state.db, move |conn| Ok(store::update_model(conn, &actor, &viewer, id, if_match.0, &request)?))
            .await?;
    Ok(http::ok_with_etag(model.version, &model))
}

/// Moves a model along the transition table: the Office evaluates, the leadership
/// decides, the nominator resubmits or withdraws. Any other move is a 409
/// `transition_not_allowed`. Whoever the model then waits for is notified. Needs `If-Match`.
#[utoipa::path(
    tag = "community-teams",
    request_body = ModelTransition,
    params(("id" = Uuid, Path, description = "Model id"), ("If-Match" = String, Header, description = "The ETag last read")),
    responses((status = 200, description = "Success", body = TeamModel, headers(("ETag" = String))), UpdateProblems),
    security(("bearer" = []))
)]
#[post("/team-models/{id}/transitions")]
pub async fn transition_team_model(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: web::Json<ModelTransition>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::CommunityTeamsRead)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let (id, actor, viewer) = (id.into_inner(), caller.actor(), viewer(&caller));
    let model = http::write(&state.db, move |conn| {
        Ok(store::transition_model(conn, &actor, &viewer, id, if_match.0, &request)?)
    })
    .await?;
    Ok(http::ok_with_etag(model.version, &model))
}

/// Every step of a model's timeline, oldest first.
#[utoipa::path(
    tag = "community-teams",
    params(("id" = Uuid, Path, description = "Model id")),
    responses((status = 200, description = "Success", body = Vec<ModelEvent>), ReadProblems),
    security(("bearer" = []))
)]
#[get("/team-models/{id}/timeline")]
pub async fn team_model_timeline(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<web::Json<Vec<ModelEvent>>, ApiError> {
    caller.require(Action::CommunityTeamsRead)?;
    let (id, viewer) = (id.into_inner(), viewer(&caller));
    Ok(web::Json(http::read(&state.db, move |conn| Ok(store::model_timeline(conn, &viewer, id)?)).await?))
}
