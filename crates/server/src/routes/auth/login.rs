//! `POST /auth/login`: a username and password for a token pair, throttled.

use super::RequestIdExt;
use super::{first_refresh_secs, token_pair, BAD_CREDENTIALS};
use crate::{error::ApiError, http, openapi::LoginProblems, state::AppState};
use actix_web::{post, web, HttpRequest, HttpResponse};
use chrono::Duration;
use danvan_domain::audit::{AuditAction, AuditEntity};
use danvan_domain::auth::{LoginRequest, TokenPair};
use danvan_store::Actor;

/// Exchanges a username and password for tokens. Repeated failures for one account or
/// from one address are throttled with 429 and `Retry-After`; an attempt counts before its
/// password is checked, so concurrent guesses cannot pass the limit together. When too
/// many logins already wait for a password check the answer is 503 with `Retry-After`.
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses((status = 200, description = "Success", body = TokenPair), LoginProblems)
)]
#[post("/auth/login")]
pub async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Json<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let signed_in = sign_in(&state, &req, body.into_inner()).await?;
    Ok(HttpResponse::Ok().json(token_pair(&state, signed_in.access_token, signed_in.refresh_token)))
}

/// The tokens of a new session.
pub(super) struct SignedIn {
    pub access_token: String,
    pub refresh_token: String,
}

/// Checks the credentials (throttled, audited) and opens a session.
pub(super) async fn sign_in(
    state: &AppState,
    req: &HttpRequest,
    credentials: LoginRequest,
) -> Result<SignedIn, ApiError> {
    let LoginRequest { username, password } = credentials;
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
    let ip = crate::auth::address::client_address(req, &state.trusted_proxies);
    let attempt = state.throttle.admit(&state.db, &username, &ip).await?;
    let name = username.clone();
    let credentials = http::read(&state.db, move |conn| Ok(danvan_store::users::credentials(conn, &name)?)).await?;
    let hash = credentials.as_ref().map(|c| c.password_hash.clone());
    let matches = state.passwords.verify(password, hash).await?;
    let request_id = req.extensions_request_id();
    let Some(credentials) = credentials.as_ref().filter(|c| matches && c.active).cloned() else {
        // The account, when there is one, and the address; never what was typed as the username.
        let account = credentials.map(|c| c.user_id.to_string());
        tracing::warn!(account = account.as_deref().unwrap_or("unknown"), %ip, "failed login");
        let actor = Actor { user_id: None, username: None, request_id };
        http::write(&state.db, move |conn| {
            let address = serde_json::json!({ "address": ip });
            let account = account.as_deref();
            Ok(danvan_store::audit::record(
                conn,
                &actor,
                AuditAction::LoginFailed,
                AuditEntity::Session,
                account,
                None::<&()>,
                Some(&address),
            )?)
        })
        .await?;
        return Err(ApiError::Unauthorized(BAD_CREDENTIALS));
    };
    state.throttle.succeeded(&state.db, attempt).await?;
    let refresh_token = crate::auth::tokens::new_refresh_token();
    let (token, user_id, lifetime) =
        (refresh_token.clone(), credentials.user_id, Duration::seconds(first_refresh_secs(state)));
    let actor = Actor { user_id: Some(user_id), username: Some(username), request_id };
    http::write(&state.db, move |conn| {
        danvan_store::tokens::issue(conn, user_id, None, &token, lifetime)?;
        danvan_store::audit::record(
            conn,
            &actor,
            AuditAction::Login,
            AuditEntity::Session,
            Some(&user_id.to_string()),
            None::<&()>,
            None::<&()>,
        )?;
        Ok(())
    })
    .await?;
    let access_token =
        state.tokens.issue(user_id, credentials.session_epoch).map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(SignedIn { access_token, refresh_token })
}
