//! `PATCH /users/{id}`: changes an account (administrators).

use crate::{
    auth::Caller,
    error::ApiError,
    http::{self, IfMatch},
    openapi::UpdateProblems,
    state::AppState,
};
use actix_web::{patch, web, HttpResponse};
use danvan_domain::{
    permission::Action,
    user::{UpdateUser, User},
};
use uuid::Uuid;

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
        http::write(&state.db, move |conn| Ok(danvan_store::users::update(conn, &actor, id, if_match.0, &request)?))
            .await?;
    Ok(http::ok_with_etag(user.version, &user))
}
