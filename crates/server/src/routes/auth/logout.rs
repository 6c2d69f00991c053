//! `POST /auth/logout`: ends the session of a refresh token.

use super::check_refresh_token;
use super::RequestIdExt;
use crate::{error::ApiError, http, openapi::CreateProblems, state::AppState};
use actix_web::{post, web, HttpRequest, HttpResponse};
use danvan_domain::audit::{AuditAction, AuditEntity};
use danvan_domain::auth::RefreshRequest;
use danvan_store::Actor;

/// Ends the session of a refresh token (its access tokens expire on their own soon).
/// Answers 204 whether or not the token was still live.
#[utoipa::path(tag = "auth", request_body = RefreshRequest, responses((status = 204, description = "Logged out"), CreateProblems))]
#[post("/auth/logout")]
pub async fn logout(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Json<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    let presented = body.into_inner().refresh_token;
    check_refresh_token(&presented)?;
    end_session(&state, &req, presented).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Revokes the session of a refresh token, audited when it was still live.
pub(super) async fn end_session(state: &AppState, req: &HttpRequest, presented: String) -> Result<(), ApiError> {
    let request_id = req.extensions_request_id();
    http::write(&state.db, move |conn| {
        if let Some((user_id, family)) = danvan_store::tokens::logout(conn, &presented)? {
            let username = danvan_store::users::get(conn, user_id).ok().map(|user| user.username);
            let actor = Actor { user_id: Some(user_id), username, request_id: request_id.clone() };
            danvan_store::audit::record(
                conn,
                &actor,
                AuditAction::Logout,
                AuditEntity::Session,
                Some(&family),
                None::<&()>,
                None::<&()>,
            )?;
        }
        Ok(())
    })
    .await
}
