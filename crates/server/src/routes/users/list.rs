//! `GET /users`: the accounts within the caller's visibility, with filters and paging.

use crate::{
    auth::Caller,
    error::ApiError,
    http::{self, PageParams, SyncParams},
    openapi::ReadProblems,
    state::AppState,
};
use actix_web::{get, web};
use danvan_domain::{page::Page, permission::Action, role::Role, user::User};
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
        http::read(&state.db, move |conn| Ok(danvan_store::users::list(conn, &filter, limit, cursor.as_deref())?))
            .await?;
    Ok(web::Json(page))
}
