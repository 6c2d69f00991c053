//! The caller's own account: who they are, and changing their password.

use crate::{
    auth::Caller,
    error::ApiError,
    http,
    openapi::{ReadProblems, UpdateProblems},
    state::AppState,
};
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use danvan_domain::audit::AuditAction;
use danvan_domain::{
    auth::{ChangePassword, Me},
    permission,
    problem::Problem,
};

/// Who the caller is: their account, permissions and scope.
#[utoipa::path(tag = "auth", responses((status = 200, description = "Success", body = Me), ReadProblems), security(("bearer" = [])))]
#[get("/me")]
pub async fn me(caller: Caller) -> Result<HttpResponse, ApiError> {
    let me =
        Me { permissions: permission::actions_of(caller.user.role), scope: caller.scope.summary(), user: caller.user };
    Ok(HttpResponse::Ok().json(me))
}

/// Changes the caller's password. Every session of the account ends, this one too:
/// log in again with the new password. Wrong current passwords are throttled as failed
/// logins are (429 with `Retry-After`), so a stolen session cannot guess the password.
#[utoipa::path(
    tag = "auth",
    request_body = ChangePassword,
    responses(
        (status = 204, description = "Password changed"),
        (status = 429, description = "Too many wrong current passwords", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        UpdateProblems
    ),
    security(("bearer" = []))
)]
#[post("/me/password")]
pub async fn change_password(
    state: web::Data<AppState>,
    caller: Caller,
    req: HttpRequest,
    body: web::Json<ChangePassword>,
) -> Result<HttpResponse, ApiError> {
    let request = body.into_inner();
    http::validated(request.validate())?;
    let id = caller.user.id;
    let ip = crate::auth::address::client_address(&req, &state.trusted_proxies);
    let attempt = state.throttle.admit(&state.db, &caller.user.username, &ip).await?;
    let current = http::read(&state.db, move |conn| Ok(danvan_store::users::password_hash(conn, id)?)).await?;
    if !state.passwords.verify(request.current_password, Some(current)).await? {
        return Err(ApiError::invalid("current_password", "wrong", "is not your current password"));
    }
    state.throttle.succeeded(&state.db, attempt).await?;
    let hash = state.passwords.hash(request.new_password).await?;
    let actor = caller.actor();
    http::write(&state.db, move |conn| {
        Ok(danvan_store::users::set_password(conn, &actor, id, hash.clone(), AuditAction::ChangePassword)?)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
