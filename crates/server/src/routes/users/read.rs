//! `GET /users/{id}`: one account, if the caller may see it.

use crate::{auth::Caller, error::ApiError, http, openapi::ReadProblems, state::AppState};
use actix_web::{get, web, HttpResponse};
use danvan_domain::{permission::Action, user::User};
use uuid::Uuid;

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
