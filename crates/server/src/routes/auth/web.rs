//! `/auth/web/…`: the web app's session. The refresh token is set as a cookie that the
//! page's scripts cannot read (`HttpOnly`), sent only over HTTPS (`Secure`), only to these
//! endpoints (`Path=/api/v1/auth`) and never with a request another site starts
//! (`SameSite=Strict`); only the short-lived access token reaches the page. API clients and
//! mobile apps keep the body tokens of `/auth/login`, `/auth/refresh` and `/auth/logout`.
//!
//! A cookie is sent by the browser whoever asks, so each of these endpoints also wants
//! the header [`WEB_HEADER`], which a page of another origin cannot add without a CORS
//! preflight that this server refuses, and an `Origin`, when the browser sends one, of
//! this host.

use super::{
    check_refresh_token, first_refresh_secs, login::sign_in, login::SignedIn, logout::end_session, refresh::renew,
    BAD_REFRESH,
};
use crate::{error::ApiError, openapi::LoginProblems, state::AppState};
use actix_web::{http::header, post, web, HttpRequest, HttpResponse};
use danvan_domain::{
    auth::{LoginRequest, WebSession, WEB_HEADER},
    problem::Problem,
};

/// The cookie that holds the web app's refresh token.
const REFRESH_COOKIE: &str = "danvan_refresh";
/// Where the browser sends it: the session endpoints, no others.
const COOKIE_PATH: &str = "/api/v1/auth";

/// Refuses a request that a page of another origin could have made.
fn from_the_web_app(req: &HttpRequest) -> Result<(), ApiError> {
    let marked = req.headers().get(WEB_HEADER.0).is_some_and(|value| value.as_bytes() == WEB_HEADER.1.as_bytes());
    let host = req.headers().get(header::HOST).and_then(|v| v.to_str().ok());
    let origin_host = req
        .headers()
        .get(header::ORIGIN)
        .map(|origin| origin.to_str().ok().and_then(|o| o.split_once("://")).map(|(_, host)| host));
    let same_origin = match origin_host {
        None => true,
        Some(origin_host) => origin_host.is_some() && origin_host == host,
    };
    if marked && same_origin {
        Ok(())
    } else {
        Err(ApiError::BadRequest(format!(
            "the web session is for the web app's own pages: send {}: {} from this origin",
            WEB_HEADER.0, WEB_HEADER.1
        )))
    }
}

/// The refresh token from the request's cookie.
fn presented(req: &HttpRequest) -> Result<String, ApiError> {
    let token = req
        .headers()
        .get_all(header::COOKIE)
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .find_map(|pair| pair.trim().strip_prefix(REFRESH_COOKIE)?.strip_prefix('='))
        .ok_or(ApiError::Unauthorized(BAD_REFRESH))?;
    check_refresh_token(token).map_err(|_| ApiError::Unauthorized(BAD_REFRESH))?;
    Ok(token.to_owned())
}

fn cookie(state: &AppState, value: &str, max_age: i64) -> String {
    let secure = if state.config.cookie_secure { "; Secure" } else { "" };
    format!("{REFRESH_COOKIE}={value}; Path={COOKIE_PATH}; Max-Age={max_age}; HttpOnly; SameSite=Strict{secure}")
}

fn session(state: &AppState, signed_in: SignedIn) -> HttpResponse {
    let lifetime = first_refresh_secs(state);
    HttpResponse::Ok().insert_header((header::SET_COOKIE, cookie(state, &signed_in.refresh_token, lifetime))).json(
        WebSession {
            access_token: signed_in.access_token,
            token_type: "Bearer".into(),
            expires_in: state.tokens.access_ttl,
            refresh_expires_in: lifetime,
        },
    )
}

/// Signs the web app in: the access token in the body, the refresh token in a cookie.
/// Throttled like `/auth/login`.
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    params(("X-Requested-With" = String, Header, description = "Always `danvan-web`", pattern = "^danvan-web$")),
    responses(
        (status = 200, description = "Signed in; the refresh token is in the `danvan_refresh` cookie", body = WebSession,
            headers(("Set-Cookie" = String, description = "danvan_refresh=…; Path=/api/v1/auth; HttpOnly; Secure; SameSite=Strict"))),
        LoginProblems,
    )
)]
#[post("/auth/web/login")]
pub async fn web_login(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Json<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    from_the_web_app(&req)?;
    let signed_in = sign_in(&state, &req, body.into_inner()).await?;
    Ok(session(&state, signed_in))
}

/// Renews the web app's session from its cookie: a new access token, and a new refresh
/// token in the cookie (each works once, as with `/auth/refresh`).
#[utoipa::path(
    tag = "auth",
    params(("X-Requested-With" = String, Header, description = "Always `danvan-web`", pattern = "^danvan-web$")),
    responses(
        (status = 200, description = "Renewed", body = WebSession,
            headers(("Set-Cookie" = String, description = "The next refresh token"))),
        (status = 400, description = "Not from the web app's origin", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No cookie, or its refresh token is invalid, expired or reused", body = Problem, content_type = "application/problem+json"),
        (status = 500, description = "Server error", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Busy; try again later", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/web/refresh")]
pub async fn web_refresh(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    from_the_web_app(&req)?;
    let renewed = renew(&state, presented(&req)?).await?;
    Ok(session(&state, renewed))
}

/// Ends the web app's session and clears its cookie; 204 whether or not it was live.
#[utoipa::path(
    tag = "auth",
    params(("X-Requested-With" = String, Header, description = "Always `danvan-web`", pattern = "^danvan-web$")),
    responses(
        (status = 204, description = "Signed out; the cookie is cleared",
            headers(("Set-Cookie" = String, description = "danvan_refresh=; Max-Age=0"))),
        (status = 400, description = "Not from the web app's origin", body = Problem, content_type = "application/problem+json"),
        (status = 500, description = "Server error", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Busy; try again later", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/web/logout")]
pub async fn web_logout(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    from_the_web_app(&req)?;
    if let Ok(token) = presented(&req) {
        end_session(&state, &req, token).await?;
    }
    Ok(HttpResponse::NoContent().insert_header((header::SET_COOKIE, cookie(&state, "", 0))).finish())
}
