//! Working groups and their rosters: everyone reads them, administrators create and
//! rename groups, and administrators or the group's head today change its roster.

use crate::{
    auth::Caller,
    error::ApiError,
    http::{self, IdempotencyKey, IfMatch, Versioned},
    openapi::{CreateProblems, ReadProblems, UpdateProblems},
    state::AppState,
};
use actix_web::{get, patch, post, web, HttpResponse};
use chrono::{NaiveDate, Utc};
use danvan_domain::{
    calendar,
    permission::Action,
    role::Role,
    working_group::{AddMember, CreateWorkingGroup, Membership, UpdateMembership, UpdateWorkingGroup, WorkingGroup},
};
use danvan_store::{working_groups::RosterView, DbConnection};
use serde::Deserialize;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

impl Versioned for WorkingGroup {
    fn id(&self) -> Uuid {
        self.id
    }
    fn version(&self) -> i64 {
        self.version
    }
}

impl Versioned for Membership {
    fn id(&self) -> Uuid {
        self.id
    }
    fn version(&self) -> i64 {
        self.version
    }
}

/// Mounts this module's endpoints.
pub fn mount(config: &mut ServiceConfig) {
    config
        .service(list)
        .service(create)
        .service(get)
        .service(update)
        .service(list_members)
        .service(add_member)
        .service(update_membership);
}

/// Who may change a group's roster or matrix: an administrator, or a caller whose role
/// allows the action and who is the group's head today.
#[derive(Debug, Clone, Copy)]
pub(crate) struct GroupManager {
    admin: bool,
    user: Uuid,
}

impl GroupManager {
    /// Refuses with 403 a caller whose role does not allow `action` at all.
    pub(crate) fn of(caller: &Caller, action: Action) -> Result<GroupManager, ApiError> {
        caller.require(action)?;
        Ok(GroupManager { admin: caller.user.role == Role::Admin, user: caller.user.id })
    }

    /// Refuses with 403 unless the caller is an administrator or heads `group` today.
    pub(crate) fn check(self, conn: &mut DbConnection, group: Uuid) -> Result<(), ApiError> {
        if self.admin || danvan_store::working_groups::is_current_head(conn, group, self.user, today())? {
            Ok(())
        } else {
            Err(ApiError::Forbidden)
        }
    }
}

/// Today in Vietnam.
pub(crate) fn today() -> NaiveDate {
    calendar::today(Utc::now())
}

/// Lists working groups by name, with today's head and member count.
#[utoipa::path(
    tag = "working-groups",
    responses((status = 200, description = "Success", body = Vec<WorkingGroup>), ReadProblems),
    security(("bearer" = []))
)]
#[get("/working-groups")]
pub async fn list(state: web::Data<AppState>, caller: Caller) -> Result<web::Json<Vec<WorkingGroup>>, ApiError> {
    caller.require(Action::PlansRead)?;
    let groups = http::read(&state.pool, move |conn| Ok(danvan_store::working_groups::list(conn)?)).await?;
    Ok(web::Json(groups))
}

/// Creates a working group for a plan (administrators).
#[utoipa::path(
    tag = "working-groups",
    request_body = CreateWorkingGroup,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries of this create safe")),
    responses((status = 201, description = "Created", body = WorkingGroup, headers(("ETag" = String), ("Location" = String))), CreateProblems),
    security(("bearer" = []))
)]
#[post("/working-groups")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    body: web::Json<CreateWorkingGroup>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::WorkingGroupsManage)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let fingerprint = serde_json::to_value(&request).unwrap_or_default();
    http::create_once(&state.pool, caller.actor(), key, "/api/v1/working-groups", &fingerprint, move |conn, actor| {
        Ok(danvan_store::working_groups::create(conn, actor, &request)?)
    })
    .await
}

/// One working group, with its `ETag`.
#[utoipa::path(
    tag = "working-groups",
    params(("id" = Uuid, Path, description = "Working group id")),
    responses((status = 200, description = "Success", body = WorkingGroup, headers(("ETag" = String))), ReadProblems),
    security(("bearer" = []))
)]
#[get("/working-groups/{id}")]
pub async fn get(state: web::Data<AppState>, caller: Caller, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    caller.require(Action::PlansRead)?;
    let id = id.into_inner();
    let group = http::read(&state.pool, move |conn| Ok(danvan_store::working_groups::get(conn, id)?)).await?;
    Ok(http::ok_with_etag(group.version, &group))
}

/// Renames a working group or changes its standing unit (administrators). Needs `If-Match`.
#[utoipa::path(
    tag = "working-groups",
    request_body = UpdateWorkingGroup,
    params(("id" = Uuid, Path, description = "Working group id"), ("If-Match" = String, Header, description = "The ETag last read")),
    responses((status = 200, description = "Success", body = WorkingGroup, headers(("ETag" = String))), UpdateProblems),
    security(("bearer" = []))
)]
#[patch("/working-groups/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: web::Json<UpdateWorkingGroup>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::WorkingGroupsManage)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let (id, actor) = (id.into_inner(), caller.actor());
    let group = http::write(&state.pool, move |conn| {
        Ok(danvan_store::working_groups::update(conn, &actor, id, if_match.0, &request)?)
    })
    .await?;
    Ok(http::ok_with_etag(group.version, &group))
}

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
    let members =
        http::read(&state.pool, move |conn| Ok(danvan_store::working_groups::members(conn, id, view)?)).await?;
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
    let manager = GroupManager::of(&caller, Action::RosterManage)?;
    let (group, request) = (id.into_inner(), body.into_inner());
    let fingerprint = serde_json::json!({ "working_group_id": group, "member": request });
    http::create_once(&state.pool, caller.actor(), key, "/api/v1/memberships", &fingerprint, move |conn, actor| {
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
    let manager = GroupManager::of(&caller, Action::RosterManage)?;
    let (id, request, actor) = (id.into_inner(), body.into_inner(), caller.actor());
    let member = http::write(&state.pool, move |conn| {
        let group = danvan_store::working_groups::membership(conn, id)?.working_group_id;
        manager.check(conn, group)?;
        Ok(danvan_store::working_groups::update_membership(conn, &actor, id, if_match.0, &request)?)
    })
    .await?;
    Ok(http::ok_with_etag(member.version, &member))
}
