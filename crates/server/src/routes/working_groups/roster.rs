//! A group's roster: listed on a day or in full, members added, memberships changed.

use super::today;
use crate::{
    auth::Caller,
    error::ApiError,
    http::{self, IdempotencyKey, IfMatch},
    openapi::{CreateProblems, ReadProblems, UpdateProblems},
    state::AppState,
};
use actix_web::{get, patch, post, web, HttpResponse};
use chrono::NaiveDate;
use danvan_domain::{
    permission::Action,
    policy,
    working_group::{AddMember, Membership, UpdateMembership},
};
use danvan_store::working_groups::RosterView;
use serde::Deserialize;
use uuid::Uuid;

/// Which part of a roster to list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MembersQuery {
    /// The members on the roster that day (default: today in Vietnam).
    pub as_of: Option<NaiveDate>,
    /// `true` lists every membership the group ever had, whatever `as_of` says.
    pub all: Option<bool>,
}

/// A group's roster on a day (or its whole history with `all=true`), oldest membership first.
/// Usernames only for administrators and the group's head.
#[utoipa::path(
    tag = "working-groups",
    params(("id" = Uuid, Path, description = "Working group id"), MembersQuery),
    responses((status = 200, description = "Success", body = Vec<Membership>), ReadProblems),
    security(("bearer" = []))
)]
#[get("/working-groups/{id}/members")]
pub async fn list_members(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    query: web::Query<MembersQuery>,
) -> Result<web::Json<Vec<Membership>>, ApiError> {
    caller.require(Action::PlansRead)?;
    let id = id.into_inner();
    let view =
        if query.all == Some(true) { RosterView::All } else { RosterView::AsOf(query.as_of.unwrap_or_else(today)) };
    let viewer = caller.viewer();
    let members =
        http::read(&state.db, move |conn| Ok(danvan_store::working_groups::list_members(conn, &viewer, id, view)?))
            .await?;
    Ok(web::Json(members))
}

/// Puts a user on a group's roster (administrators or the group's head). A user already
/// on it is a 409 `already_member`; a second head a 409 `head_taken`.
#[utoipa::path(
    tag = "working-groups",
    request_body = AddMember,
    params(
        ("id" = Uuid, Path, description = "Working group id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes retries of this create safe")
    ),
    responses((status = 201, description = "Created", body = Membership, headers(("ETag" = String), ("Location" = String))), CreateProblems),
    security(("bearer" = []))
)]
#[post("/working-groups/{id}/members")]
pub async fn add_member(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    key: IdempotencyKey,
    body: web::Json<AddMember>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::RosterManage)?;
    let manager = caller.group_manager(policy::may_manage_roster);
    let (group, request) = (id.into_inner(), body.into_inner());
    let fingerprint = serde_json::json!({ "working_group_id": group, "member": request });
    http::create_once(&state.db, caller.actor(), key, "/api/v1/memberships", &fingerprint, move |conn, actor| {
        manager.check(conn, group)?;
        Ok(danvan_store::working_groups::add_member(conn, actor, group, &request)?)
    })
    .await
}

/// Changes a member's position or records the day they left (administrators or the
/// group's head). Needs `If-Match` (the ETag is the membership's `version` in quotes).
#[utoipa::path(
    tag = "working-groups",
    request_body = UpdateMembership,
    params(("id" = Uuid, Path, description = "Membership id"), ("If-Match" = String, Header, description = "The ETag last read")),
    responses((status = 200, description = "Success", body = Membership, headers(("ETag" = String))), UpdateProblems),
    security(("bearer" = []))
)]
#[patch("/memberships/{id}")]
pub async fn update_membership(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: web::Json<UpdateMembership>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::RosterManage)?;
    let manager = caller.group_manager(policy::may_manage_roster);
    let (id, request, actor) = (id.into_inner(), body.into_inner(), caller.actor());
    let member = http::write(&state.db, move |conn| {
        let group = danvan_store::working_groups::membership(conn, id)?.working_group_id;
        manager.check(conn, group)?;
        Ok(danvan_store::working_groups::update_membership(conn, &actor, id, if_match.0, &request)?)
    })
    .await?;
    Ok(http::ok_with_etag(member.version, &member))
}
