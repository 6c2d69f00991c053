//! A team's activity log: read with the team, written by those who manage teams.

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
    community_team::{CreateTeamActivity, TeamActivity, UpdateTeamActivity},
    page::Page,
    permission::Action,
};
use danvan_store::community_teams as store;
use uuid::Uuid;

/// A team's activity log, newest day first.
#[utoipa::path(
    tag = "community-teams",
    params(("id" = Uuid, Path, description = "Team id"), PageParams),
    responses((status = 200, description = "Success", body = Page<TeamActivity>), ReadProblems),
    security(("bearer" = []))
)]
#[get("/community-teams/{id}/activities")]
pub async fn list_team_activities(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    paging: web::Query<PageParams>,
) -> Result<web::Json<Page<TeamActivity>>, ApiError> {
    caller.require(Action::CommunityTeamsRead)?;
    let (id, viewer, limit, cursor) = (id.into_inner(), viewer(&caller), paging.limit()?, paging.cursor()?);
    Ok(web::Json(
        http::read(&state.db, move |conn| Ok(store::list_activities(conn, &viewer, id, limit, cursor.as_deref())?))
            .await?,
    ))
}

/// Logs what a team did on a day.
#[utoipa::path(
    tag = "community-teams",
    request_body = CreateTeamActivity,
    params(("id" = Uuid, Path, description = "Team id"), ("Idempotency-Key" = Option<String>, Header, description = "Makes retries of this create safe")),
    responses((status = 201, description = "Created", body = TeamActivity, headers(("ETag" = String), ("Location" = String))), CreateProblems),
    security(("bearer" = []))
)]
#[post("/community-teams/{id}/activities")]
pub async fn create_team_activity(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    key: IdempotencyKey,
    body: web::Json<CreateTeamActivity>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::CommunityTeamsManage)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let mut fingerprint = serde_json::to_value(&request).unwrap_or_default();
    let team = id.into_inner();
    fingerprint["team_id"] = serde_json::json!(team);
    let viewer = viewer(&caller);
    http::create_once(&state.db, caller.actor(), key, "/api/v1/team-activities", &fingerprint, move |conn, actor| {
        Ok(store::create_activity(conn, actor, &viewer, team, &request)?)
    })
    .await
}

/// Corrects an entry of the log. Needs `If-Match`.
#[utoipa::path(
    tag = "community-teams",
    request_body = UpdateTeamActivity,
    params(("id" = Uuid, Path, description = "Activity id"), ("If-Match" = String, Header, description = "The ETag last read")),
    responses((status = 200, description = "Success", body = TeamActivity, headers(("ETag" = String))), UpdateProblems),
    security(("bearer" = []))
)]
#[patch("/team-activities/{id}")]
pub async fn update_team_activity(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: web::Json<UpdateTeamActivity>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::CommunityTeamsManage)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let (id, actor, viewer) = (id.into_inner(), caller.actor(), viewer(&caller));
    let activity = http::write(&state.db, move |conn| {
        Ok(store::update_activity(conn, &actor, &viewer, id, if_match.0, &request)?)
    })
    .await?;
    Ok(http::ok_with_etag(activity.version, &activity))
}
