//! Logging in, refreshing and logging out.

use crate::{error::ApiError, http, openapi::CreateProblems, state::AppState};
use actix_web::{post, web, HttpRequest, HttpResponse};
use chrono::Duration;
use danvan_domain::{
    auth::{LoginRequest, RefreshRequest, TokenPair},
    problem::Problem,
};
use danvan_store::{tokens::Rotation, Actor};

const BAD_CREDENTIALS: &str = "wrong username or password, or the account is deactivated";
const BAD_REFRESH: &str = "the refresh token is invalid, expired or already used";

fn token_pair(state: &AppState, access_token: String, refresh_token: String) -> TokenPair {
    TokenPair {
        access_token,
        token_type: "Bearer".into(),
        expires_in: state.tokens.access_ttl,
        refresh_token,
        refresh_expires_in: state.config.refresh_token_ttl,
    }
}

/// Exchanges a username and password for tokens. Repeated failures for one account or
/// from one address are throttled with 429 and `Retry-After`.
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Success", body = TokenPair),
        (status = 400, description = "Malformed request", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Wrong credentials", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed attempts", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        (status = 500, description = "Server error", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/login")]
pub async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Json<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let LoginRequest { username, password } = body.into_inner();
    let mut errors = danvan_domain::validation::Errors::default();
    errors.check(
        "username",
        (1..=64).contains(&username.chars().count()),
        "invalid_length",
        "must have 1–64 characters",
    );
    errors.check(
        "password",
        (1..=256).contains(&password.chars().count()),
        "invalid_length",
        "must have 1–256 characters",
    );
    http::validated(errors.finish())?;
    let ip = req.peer_addr().map(|a| a.ip().to_string()).unwrap_or_default();
    if let Some(retry_after) = state.throttle.retry_after(&username, &ip) {
        return Err(ApiError::TooManyRequests { retry_after });
    }
    let name = username.clone();
    let credentials = http::read(&state.pool, move |conn| Ok(danvan_store::users::credentials(conn, &name)?)).await?;
    let hash = credentials.as_ref().map(|c| c.password_hash.clone());
    let matches = state.passwords.verify(password, hash).await?;
    let Some(credentials) = credentials.filter(|c| matches && c.active) else {
        state.throttle.record_failure(&username, &ip);
        tracing::warn!(%username, %ip, "failed login");
        return Err(ApiError::Unauthorized(BAD_CREDENTIALS));
    };
    state.throttle.record_success(&username);
    let refresh_token = crate::auth::tokens::new_refresh_token();
    let (token, user_id, lifetime) =
        (refresh_token.clone(), credentials.user_id, Duration::seconds(state.config.refresh_token_ttl));
    let actor = Actor { user_id: Some(user_id), username: Some(username), request_id: req.extensions_request_id() };
    http::write(&state.pool, move |conn| {
        danvan_store::tokens::issue(conn, user_id, None, &token, lifetime)?;
        danvan_store::audit::record(
            conn,
            &actor,
            "login",
            "session",
            Some(&user_id.to_string()),
            None::<&()>,
            None::<&()>,
        )?;
        Ok(())
    })
    .await?;
    let access =
        state.tokens.issue(user_id, credentials.session_epoch).map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(HttpResponse::Ok().json(token_pair(&state, access, refresh_token)))
}

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
    let next = crate::auth::tokens::new_refresh_token();
    let (issued, lifetime) = (next.clone(), Duration::seconds(state.config.refresh_token_ttl));
    let outcome =
        http::write(&state.pool, move |conn| Ok(danvan_store::tokens::rotate(conn, &presented, &issued, lifetime)?))
            .await?;
    let Rotation::Rotated { user_id } = outcome else {
        return Err(ApiError::Unauthorized(BAD_REFRESH));
    };
    let session = http::read(&state.pool, move |conn| Ok(danvan_store::users::session_user(conn, user_id)?)).await?;
    let Some((user, epoch)) = session.filter(|(user, _)| user.active) else {
        return Err(ApiError::Unauthorized(BAD_REFRESH));
    };
    let access = state.tokens.issue(user.id, epoch).map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(HttpResponse::Ok().json(token_pair(&state, access, next)))
}

fn check_refresh_token(token: &str) -> Result<(), ApiError> {
    http::validated({
        let mut errors = danvan_domain::validation::Errors::default();
        errors.check(
            "refresh_token",
            (1..=512).contains(&token.chars().count()),
            "invalid_length",
            "must have 1–512 characters",
        );
        errors.finish()
    })
}

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
    let request_id = req.extensions_request_id();
    http::write(&state.pool, move |conn| {
        if let Some((user_id, family)) = danvan_store::tokens::logout(conn, &presented)? {
            let username = danvan_store::users::get(conn, user_id).ok().map(|user| user.username);
            let actor = Actor { user_id: Some(user_id), username, request_id };
            danvan_store::audit::record(conn, &actor, "logout", "session", Some(&family), None::<&()>, None::<&()>)?;
        }
        Ok(())
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The request id of a request, for audit rows written without a [`crate::auth::Caller`].
pub trait RequestIdExt {
    fn extensions_request_id(&self) -> Option<String>;
}

impl RequestIdExt for HttpRequest {
    fn extensions_request_id(&self) -> Option<String> {
        use actix_web::HttpMessage;
        self.extensions().get::<crate::middleware::RequestId>().map(|id| id.0.clone())
    }
}
