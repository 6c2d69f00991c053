//! The assignment matrix of a group: its rows on a day, created, read, changed, ended,
//! and each row's history.

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
    assignment::{Assignment, ChangeAssignment, CreateAssignment, EndAssignment},
    permission::Action,
    policy,
};
use serde::Deserialize;
use uuid::Uuid;

/// The day to read the matrix on.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AsOfQuery {
    /// Default: today in Vietnam.
    pub as_of: Option<NaiveDate>,
}

/// A group's assignments in force on a day (superseded rows never are), those within the
/// caller's reach: every row for national roles, else the rows covering the caller's
/// provinces and their own (see docs/authorization.md).
#[utoipa::path(
    tag = "assignments",
    params(("id" = Uuid, Path, description = "Working group id"), AsOfQuery),
    responses((status = 200, description = "Success", body = Vec<Assignment>), ReadProblems),
    security(("bearer" = []))
)]
#[get("/working-groups/{id}/assignments")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    query: web::Query<AsOfQuery>,
) -> Result<web::Json<Vec<Assignment>>, ApiError> {
    caller.require(Action::PlansRead)?;
    let (group, date) = (id.into_inner(), query.as_of.unwrap_or_else(today));
    let viewer = caller.viewer();
    let rows =
        http::read(&state.db, move |conn| Ok(danvan_store::assignments::list(conn, &viewer, group, date)?)).await?;
    Ok(web::Json(rows))
}

/// Assigns target groups or fields in areas or area groups to a member of the group
/// (administrators or the group's head). Every id must exist (422 `unknown`); the user
/// must be on the roster on the first day (422 `not_member`).
#[utoipa::path(
    tag = "assignments",
    request_body = CreateAssignment,
    params(
        ("id" = Uuid, Path, description = "Working group id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes retries of this create safe")
    ),
    responses((status = 201, description = "Created", body = Assignment, headers(("ETag" = String), ("Location" = String))), CreateProblems),
    security(("bearer" = []))
)]
#[post("/working-groups/{id}/assignments")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    key: IdempotencyKey,
    body: web::Json<CreateAssignment>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::AssignmentsManage)?;
    let manager = caller.group_manager(policy::may_manage_assignments);
    let (group, request, date) = (id.into_inner(), body.into_inner(), today());
    http::validated(request.validate(date))?;
    let fingerprint = serde_json::json!({ "working_group_id": group, "assignment": request });
    http::create_once(&state.db, caller.actor(), key, "/api/v1/assignments", &fingerprint, move |conn, actor| {
        manager.check(conn, group)?;
        Ok(danvan_store::assignments::create(conn, actor, group, &request, date)?)
    })
    .await
}

/// One assignment row, with its `ETag`; a row outside the caller's reach is not found.
#[utoipa::path(
    tag = "assignments",
    params(("id" = Uuid, Path, description = "Assignment id")),
    responses((status = 200, description = "Success", body = Assignment, headers(("ETag" = String))), ReadProblems),
    security(("bearer" = []))
)]
#[get("/assignments/{id}")]
pub async fn get(state: web::Data<AppState>, caller: Caller, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    caller.require(Action::PlansRead)?;
    let id = id.into_inner();
    let viewer = caller.viewer();
    let row = http::read(&state.db, move |conn| Ok(danvan_store::assignments::get(conn, &viewer, id)?)).await?;
    Ok(http::ok_with_etag(row.version, &row))
}

/// Changes an assignment from `effective_from` (default today): the row is closed the day
/// before (or superseded, for a correction on or before its first day) and the answer is
/// the successor row. Only the latest row of a history may change (else 409
/// `superseded`). Needs `If-Match` of the changed row.
#[utoipa::path(
    tag = "assignments",
    request_body = ChangeAssignment,
    params(("id" = Uuid, Path, description = "Assignment id"), ("If-Match" = String, Header, description = "The ETag last read")),
    responses((status = 200, description = "Success", body = Assignment, headers(("ETag" = String))), UpdateProblems),
    security(("bearer" = []))
)]
#[patch("/assignments/{id}")]
pub async fn change(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: web::Json<ChangeAssignment>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::AssignmentsManage)?;
    let manager = caller.group_manager(policy::may_manage_assignments);
    let request = body.into_inner();
    http::validated(request.validate())?;
    let (id, actor, date) = (id.into_inner(), caller.actor(), today());
    let row = http::write(&state.db, move |conn| {
        let group = danvan_store::assignments::group_of(conn, id)?;
        manager.check(conn, group)?;
        Ok(danvan_store::assignments::change(conn, &actor, id, if_match.0, &request, date)?)
    })
    .await?;
    Ok(http::ok_with_etag(row.version, &row))
}

/// Ends an assignment on a day (default today), which must not be before its first day.
/// Needs `If-Match`.
#[utoipa::path(
    tag = "assignments",
    request_body = EndAssignment,
    params(("id" = Uuid, Path, description = "Assignment id"), ("If-Match" = String, Header, description = "The ETag last read")),
    responses((status = 200, description = "Success", body = Assignment, headers(("ETag" = String))), UpdateProblems),
    security(("bearer" = []))
)]
#[post("/assignments/{id}/end")]
pub async fn end(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: web::Json<EndAssignment>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::AssignmentsManage)?;
    let manager = caller.group_manager(policy::may_manage_assignments);
    let (id, request, actor, date) = (id.into_inner(), body.into_inner(), caller.actor(), today());
    let row = http::write(&state.db, move |conn| {
        let group = danvan_store::assignments::group_of(conn, id)?;
        manager.check(conn, group)?;
        Ok(danvan_store::assignments::end(conn, &actor, id, if_match.0, &request, date)?)
    })
    .await?;
    Ok(http::ok_with_etag(row.version, &row))
}

/// The history an assignment row belongs to, oldest first, as far as the caller reaches it.
#[utoipa::path(
    tag = "assignments",
    params(("id" = Uuid, Path, description = "Assignment id")),
    responses((status = 200, description = "Success", body = Vec<Assignment>), ReadProblems),
    security(("bearer" = []))
)]
#[get("/assignments/{id}/history")]
pub async fn history(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<web::Json<Vec<Assignment>>, ApiError> {
    caller.require(Action::PlansRead)?;
    let id = id.into_inner();
    let viewer = caller.viewer();
    let rows = http::read(&state.db, move |conn| Ok(danvan_store::assignments::history(conn, &viewer, id)?)).await?;
    Ok(web::Json(rows))
}
