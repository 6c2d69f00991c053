//! `POST /auth/refresh`: a refresh token for a new pair; each works once.

use super::{check_refresh_token, login::SignedIn, token_pair, BAD_REFRESH};
use crate::{error::ApiError, http, state::AppState};
use actix_web::{post, web, HttpResponse};
use chrono::Duration;
use danvan_domain::{
    auth::{RefreshRequest, TokenPair},
    problem::Problem,
};
use danvan_store::tokens::Rotation;

/// Exchanges a refresh token for a new pair. Each refresh token works once: presenting
/// a used one again ends the whole session it belongs to.
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "Success", body = TokenPair),
        (status = 400, description = "Malformed request", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Invalid, expired or reused refresh token", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
        (status = 500, description = "Server error", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/refresh")]
pub async fn refresh(state: web::Data<AppState>, body: web::Json<RefreshRequest>) -> Result<HttpResponse, ApiError> {
    let presented = body.into_inner().refresh_token;
    check_refresh_token(&presented)?;
    let renewed = renew(&state, presented).await?;
    Ok(HttpResponse::Ok().json(token_pair(&state, renewed.access_token, renewed.refresh_token)))
}

/// Rotates the presented refresh token: the new access and refresh tokens of its session.
pub(super) async fn renew(state: &AppState, presented: String) -> Result<SignedIn, ApiError> {
    let next = crate::auth::tokens::new_refresh_token();
    let config = &state.config;
    let lifetimes = danvan_store::tokens::Lifetimes {
        token: Duration::seconds(config.refresh_token_ttl),
        session: Duration::seconds(config.session_max_secs),
        reuse_grace: Duration::seconds(config.refresh_reuse_grace_secs),
    };
    let issued = next.clone();
    let outcome =
        http::write(&state.db, move |conn| Ok(danvan_store::tokens::rotate(conn, &presented, &issued, lifetimes)?))
            .await?;
    let Rotation::Rotated { user_id } = outcome else {
        return Err(ApiError::Unauthorized(BAD_REFRESH));
    };
    let session = http::read(&state.db, move |conn| Ok(danvan_store::users::session_user(conn, user_id)?)).await?;
    let Some((user, epoch)) = session.filter(|(user, _)| user.active) else {
        return Err(ApiError::Unauthorized(BAD_REFRESH));
    };
    let access_token = state.tokens.issue(user.id, epoch).map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(SignedIn { access_token, refresh_token: next })
}
