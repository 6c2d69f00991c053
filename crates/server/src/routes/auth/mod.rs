//! Logging in, refreshing and logging out, and the caller's own account. One file per
//! endpoint group; the token pair, the refresh token check and the request id of
//! requests without a caller live here, shared by the session endpoints.

mod login;
mod logout;
mod me;
mod refresh;
pub mod web;

use crate::{error::ApiError, http, state::AppState};
use actix_web::HttpRequest;
use danvan_domain::auth::TokenPair;
use utoipa_actix_web::service_config::ServiceConfig;

/// Mounts this module's endpoints.
pub fn mount(config: &mut ServiceConfig) {
    config
        .service(login::login)
        .service(refresh::refresh)
        .service(logout::logout)
        .service(web::web_login)
        .service(web::web_refresh)
        .service(web::web_logout)
        .service(me::me)
        .service(me::change_password);
}

const BAD_CREDENTIALS: &str = "wrong username or password, or the account is deactivated";
const BAD_REFRESH: &str = "the refresh token is invalid, expired or already used";

/// Seconds a new session's first refresh token lives: its own lifetime, cut to the
/// session's absolute one.
fn first_refresh_secs(state: &AppState) -> i64 {
    state.config.refresh_token_ttl.min(state.config.session_max_secs)
}

fn token_pair(state: &AppState, access_token: String, refresh_token: String) -> TokenPair {
    TokenPair {
        access_token,
        token_type: "Bearer".into(),
        expires_in: state.tokens.access_ttl,
        refresh_token,
        refresh_expires_in: state.config.refresh_token_ttl,
    }
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
