//! Logging in and out, and who the caller is.

use super::{get, request, ApiError, Req};
use crate::state::{SessionAction, Tokens};
use danvan_domain::auth::{LoginRequest, Me, RefreshRequest, TokenPair};
use gloo::net::http::Method;

/// `POST /auth/login`; on success the session starts with the new tokens.
pub async fn login(credentials: &LoginRequest) -> Result<(), ApiError> {
    let pair: TokenPair = request(Req::post("/auth/login", credentials).anonymous()).await?.value;
    let tokens = Tokens::from(pair);
    super::set_tokens(Some(tokens.clone()));
    super::notify(SessionAction::LoggedIn(tokens));
    Ok(())
}

/// `POST /auth/logout` (best effort), then the session ends here whatever the answer.
pub async fn logout() {
    if let Some(tokens) = super::tokens() {
        let body = RefreshRequest { refresh_token: tokens.refresh_token };
        let _ = request::<()>(Req::new(Method::POST, "/auth/logout").json(&body)).await;
    }
    super::set_tokens(None);
    super::notify(SessionAction::LoggedOut);
}

/// `GET /me`.
pub async fn me() -> Result<Me, ApiError> {
    get("/me").await
}
