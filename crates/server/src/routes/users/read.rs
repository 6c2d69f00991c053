//! `GET /users/{id}`: one account, if the caller may see it.

use crate::{auth::Caller, error::ApiError, http, openapi::ReadProblems, state::AppState};
use actix_web::{get, web, HttpResponse};
use danvan_domain::{policy, user::User};
use uuid::Uuid;

/// Whether the caller may see this account (`danvan_domain::policy::sees_user`).
fn may_see(caller: &Caller, user: &User) -> bool {
    let units = caller.scope.org_units.as_deref();
    policy::sees_user(caller.user.role, caller.user.id, units, user.id, user.org_unit_id)
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
    let user = http::read(&state.db, move |conn| Ok(danvan_store::users::get(conn, id)?)).await?;
    if !may_see(&caller, &user) {
        return Err(ApiError::NotFound);
    }
    Ok(http::ok_with_etag(user.version, &user))
}
