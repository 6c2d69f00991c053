//! The authenticated caller of a request: their account (read fresh from the database,
//! so a deactivation or role change takes effect at once), their scope, and the request
//! id for the audit log.

use crate::{error::ApiError, http, middleware::RequestId, state::AppState};
use actix_web::{dev::Payload, http::header, web, FromRequest, HttpMessage, HttpRequest};
use danvan_domain::{
    permission::{self, Action},
    user::User,
};
use danvan_store::{scope::Scope, Actor};
use std::future::Future;
use std::pin::Pin;

#[derive(Debug, Clone)]
pub struct Caller {
    pub user: User,
    pub scope: Scope,
    pub request_id: Option<String>,
}

impl Caller {
    /// Refuses with 403 unless the caller's role allows `action`.
    pub fn require(&self, action: Action) -> Result<(), ApiError> {
        if permission::allows(self.user.role, action) {
            Ok(())
        } else {
            Err(ApiError::Forbidden)
        }
    }

    pub fn actor(&self) -> Actor {
        Actor {
            user_id: Some(self.user.id),
            username: Some(self.user.username.clone()),
            request_id: self.request_id.clone(),
        }
    }
}

const NO_TOKEN: &str = "send an access token as Authorization: Bearer …";
const BAD_TOKEN: &str = "the access token is invalid or expired";

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Caller, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let token = bearer(req);
        let request_id = req.extensions().get::<RequestId>().map(|id| id.0.clone());
        Box::pin(async move {
            let state = state.ok_or_else(|| ApiError::Internal("application state missing".into()))?;
            let token = token.ok_or(ApiError::Unauthorized(NO_TOKEN))?;
            let claims = state.tokens.verify(&token).ok_or(ApiError::Unauthorized(BAD_TOKEN))?;
            let (user, scope) = http::read(&state.pool, move |conn| {
                let Some((user, epoch)) = danvan_store::users::session_user(conn, claims.sub)? else {
                    return Err(ApiError::Unauthorized(BAD_TOKEN));
                };
                if !user.active || epoch != claims.epoch {
                    return Err(ApiError::Unauthorized(BAD_TOKEN));
                }
                let scope = danvan_store::scope::resolve(conn, &user)?;
                Ok((user, scope))
            })
            .await?;
            Ok(Caller { user, scope, request_id })
        })
    }
}

fn bearer(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    (scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty()).then(|| token.trim().to_owned())
}
