//! `POST /users/{id}/password`: sets another account's password (administrators).

use crate::{auth::Caller, error::ApiError, http, openapi::UpdateProblems, state::AppState};
use actix_web::{post, web, HttpResponse};
use danvan_domain::audit::AuditAction;
use danvan_domain::{permission::Action, user::ResetPassword};
use uuid::Uuid;

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
        return Err(ApiError::conflict(
            "own_account",
            "change your own password with POST /api/v1/me/password, which asks for the current one",
        ));
    }
    http::read(&state.db, move |conn| Ok(danvan_store::users::get(conn, id)?)).await?;
    let hash = state.passwords.hash(request.new_password).await?;
    let actor = caller.actor();
    http::write(&state.db, move |conn| {
        Ok(danvan_store::users::set_password(conn, &actor, id, hash.clone(), AuditAction::ResetPassword)?)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
