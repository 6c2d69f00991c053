//! A team's roster: listed with every team, changed by those who manage teams; a
//! member's phone is revealed in full only with a reason, and the reveal audited.

use super::viewer;
use crate::{
    auth::Caller,
    error::ApiError,
    http::{self, IdempotencyKey, IfMatch},
    openapi::{CreateProblems, ReadProblems, UpdateProblems},
    state::AppState,
};
use actix_web::{get, patch, post, web, HttpResponse};
use danvan_domain::{
    community_team::{CreateTeamMember, RevealedPhone, TeamMember, UpdateTeamMember},
    permission::Action,
    personal::RevealRequest,
    policy,
};
use danvan_store::community_teams as store;
use uuid::Uuid;

/// The roster of a team: leaders first, then by joining date. Phones are masked, and
/// shown only to the roles that may contact members.
#[utoipa::path(
    tag = "community-teams",
    params(("id" = Uuid, Path, description = "Team id")),
    responses((status = 200, description = "Success", body = Vec<TeamMember>), ReadProblems),
    security(("bearer" = []))
)]
#[get("/community-teams/{id}/members")]
pub async fn list_team_members(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<web::Json<Vec<TeamMember>>, ApiError> {
    caller.require(Action::CommunityTeamsRead)?;
    let (id, viewer, keyring) = (id.into_inner(), viewer(&caller), state.keyring.clone());
    Ok(web::Json(http::read(&state.db, move |conn| Ok(store::list_members(conn, &viewer, &keyring, id)?)).await?))
}

/// Adds a member to a team's roster.
#[utoipa::path(
    tag = "community-teams",
    request_body = CreateTeamMember,
    params(("id" = Uuid, Path, description = "Team id"), ("Idempotency-Key" = Option<String>, Header, description = "Makes retries of this create safe")),
    responses((status = 201, description = "Created", body = TeamMember, headers(("ETag" = String), ("Location" = String))), CreateProblems),
    security(("bearer" = []))
)]
#[post("/community-teams/{id}/members")]
pub async fn create_team_member(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    key: IdempotencyKey,
    body: web::Json<CreateTeamMember>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::CommunityTeamsManage)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let fingerprint = state.keyring.fingerprint(&request, &["phone"]);
    let (team, viewer, keyring) = (id.into_inner(), viewer(&caller), state.keyring.clone());
    http::create_once(&state.db, caller.actor(), key, "/api/v1/team-members", &fingerprint, move |conn, actor| {
        Ok(store::create_member(conn, actor, &viewer, &keyring, team, &request)?)
    })
    .await
}

/// Changes a member: role, affiliation, dates, phone. Needs `If-Match`.
#[utoipa::path(
    tag = "community-teams",
    request_body = UpdateTeamMember,
    params(("id" = Uuid, Path, description = "Member id"), ("If-Match" = String, Header, description = "The ETag last read")),
    responses((status = 200, description = "Success", body = TeamMember, headers(("ETag" = String))), UpdateProblems),
    security(("bearer" = []))
)]
#[patch("/team-members/{id}")]
pub async fn update_team_member(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: web::Json<UpdateTeamMember>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::CommunityTeamsManage)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let (id, actor, viewer, keyring) = (id.into_inner(), caller.actor(), viewer(&caller), state.keyring.clone());
    let member = http::write(&state.db, move |conn| {
        Ok(store::update_member(conn, &actor, &viewer, &keyring, id, if_match.0, &request)?)
    })
    .await?;
    Ok(http::ok_with_etag(member.version, &member))
}

/// A member's phone in full, for the roles that may contact members, with the reason
/// the caller needs it; the reveal is audited with its reason (never the number).
#[utoipa::path(
    tag = "community-teams",
    request_body = RevealRequest,
    params(("id" = Uuid, Path, description = "Member id")),
    responses((status = 200, description = "Success", body = RevealedPhone), CreateProblems),
    security(("bearer" = []))
)]
#[post("/team-members/{id}/reveal-phone")]
pub async fn reveal_team_member_phone(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: web::Json<RevealRequest>,
) -> Result<web::Json<RevealedPhone>, ApiError> {
    caller.require(Action::CommunityTeamsRead)?;
    if !policy::may_contact_team_members(caller.user.role) {
        return Err(ApiError::Forbidden);
    }
    let request = body.into_inner();
    http::validated(request.validate())?;
    let (id, actor, viewer, keyring) = (id.into_inner(), caller.actor(), viewer(&caller), state.keyring.clone());
    let revealed = http::write(&state.db, move |conn| {
        Ok(store::reveal_phone(conn, &actor, &viewer, &keyring, id, &request.reason)?)
    })
    .await?;
    Ok(web::Json(revealed))
}
