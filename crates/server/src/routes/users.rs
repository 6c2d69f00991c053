//! User accounts: listed within the caller's visibility, managed by administrators.

use crate::{
    auth::Caller,
    error::ApiError,
    http::{self, IdempotencyKey, IfMatch, PageParams, SyncParams},
    openapi::{CreateProblems, ReadProblems, UpdateProblems},
    state::AppState,
};
use actix_web::{get, patch, post, web, HttpResponse};
use danvan_domain::{
    page::Page,
    permission::Action,
    role::Role,
    user::{CreateUser, ResetPassword, UpdateUser, User},
};
use danvan_store::users::UserFilter;
use serde::Deserialize;
use uuid::Uuid;

/// Filters of the user list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UserQuery {
    /// Part of the username or display name; diacritics and case are ignored.
    #[param(max_length = 200)]
    pub q: Option<String>,
    pub role: Option<Role>,
    pub org_unit_id: Option<Uuid>,
    pub active: Option<bool>,
}

/// Lists accounts, by username. Unit officers and regional office staff see the people
/// of their own org unit and the units below it.
#[utoipa::path(
    tag = "users",
    params(UserQuery, PageParams, SyncParams),
    responses((status = 200, description = "Success", body = Page<User>), ReadProblems),
    security(("bearer" = []))
)]
#[get("/users")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<UserQuery>,
    paging: web::Query<PageParams>,
    sync: web::Query<SyncParams>,
) -> Result<web::Json<Page<User>>, ApiError> {
    caller.require(Action::UsersRead)?;
    let query = query.into_inner();
    if query.q.as_ref().is_some_and(|q| q.chars().count() > 200) {
        return Err(ApiError::invalid("q", "too_long", "must have at most 200 characters"));
    }
    let filter = UserFilter {
        q: query.q,
        role: query.role,
        org_unit_id: query.org_unit_id,
        active: query.active,
        visible_org_units: caller.scope.org_units.clone(),
        self_id: Some(caller.user.id),
        updated_since: sync.updated_since,
    };
    let (limit, cursor) = (paging.limit()?, paging.cursor()?);
    let page =
        http::read(&state.pool, move |conn| Ok(danvan_store::users::list(conn, &filter, limit, cursor.as_deref())?))
            .await?;
    Ok(web::Json(http::page(page)))
}

/// Whether the caller may see this account: their own, or one within their visibility.
fn may_see(caller: &Caller, user: &User) -> bool {
    user.id == caller.user.id
        || (caller.require(Action::UsersRead).is_ok()
            && match &caller.scope.org_units {
                None => true,
                Some(units) => user.org_unit_id.is_some_and(|unit| units.contains(&unit)),
            })
}

/// One account, with its `ETag`.
#[utoipa::path(
    tag = "users",
    params(("id" = Uuid, Path, description = "User id")),
    responses((status = 200, description = "Success", body = User, headers(("ETag" = String, description = "The version, for If-Match"))), ReadProblems),
    security(("bearer" = []))
)]
#[get("/users/{id}")]
pub async fn get(state: web::Data<AppState>, caller: Caller, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let user = http::read(&state.pool, move |conn| Ok(danvan_store::users::get(conn, id)?)).await?;
    if !may_see(&caller, &user) {
        return Err(ApiError::NotFound);
    }
    Ok(http::ok_with_etag(user.version, &user))
}

/// Creates an account (administrators).
#[utoipa::path(
    tag = "users",
    request_body = CreateUser,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries of this create safe")),
    responses(
        (status = 201, description = "Created", body = User, headers(("ETag" = String), ("Location" = String))),
        CreateProblems
    ),
    security(("bearer" = []))
)]
#[post("/users")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    body: web::Json<CreateUser>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::UsersManage)?;
    let mut request = body.into_inner();
    http::validated(request.validate())?;
    let hash = state.passwords.hash(std::mem::take(&mut request.password)).await?;
    let fingerprint = (
        &request.username,
        &request.display_name,
        &request.email,
        request.role,
        request.org_unit_id,
        &request.scope_area_ids,
        &request.scope_area_group_ids,
    );
    let fingerprint = serde_json::to_value(fingerprint).unwrap_or_default();
    http::create_once(&state.pool, caller.actor(), key, "/api/v1/users", &fingerprint, move |conn, actor| {
        Ok(danvan_store::users::create(conn, actor, &request, hash.clone())?)
    })
    .await
}

/// Changes an account: name, e-mail, role, org unit, scope, or `active` (deactivating
/// ends the account's sessions at once). Needs `If-Match`.
#[utoipa::path(
    tag = "users",
    request_body = UpdateUser,
    params(
        ("id" = Uuid, Path, description = "User id"),
        ("If-Match" = String, Header, description = "The ETag last read")
    ),
    responses((status = 200, description = "Success", body = User, headers(("ETag" = String))), UpdateProblems),
    security(("bearer" = []))
)]
#[patch("/users/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: web::Json<UpdateUser>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::UsersManage)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let (id, actor) = (id.into_inner(), caller.actor());
    let user =
        http::write(&state.pool, move |conn| Ok(danvan_store::users::update(conn, &actor, id, if_match.0, &request)?))
            .await?;
    Ok(http::ok_with_etag(user.version, &user))
}

/// Sets a new password for another account and ends its sessions (administrators).
#[utoipa::path(
    tag = "users",
    request_body = ResetPassword,
    params(("id" = Uuid, Path, description = "User id")),
    responses((status = 204, description = "Password set"), UpdateProblems),
    security(("bearer" = []))
)]
#[post("/users/{id}/password")]
pub async fn reset_password(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: web::Json<ResetPassword>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::UsersManage)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let id = id.into_inner();
    if id == caller.user.id {
        return Err(ApiError::Conflict {
            code: "own_account",
            detail: "change your own password with POST /api/v1/me/password, which asks for the current one".into(),
        });
    }
    http::read(&state.pool, move |conn| Ok(danvan_store::users::get(conn, id)?)).await?;
    let hash = state.passwords.hash(request.new_password).await?;
    let actor = caller.actor();
    http::write(&state.pool, move |conn| {
        Ok(danvan_store::users::set_password(conn, &actor, id, hash, "reset_password")?)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
