//! The authenticated caller of a request: their account (read fresh from the database,
//! so a deactivation or role change takes effect at once), their scope, and the request
//! id for the audit log.

use crate::{error::ApiError, http, middleware::RequestId, state::AppState};
use actix_web::{dev::Payload, http::header, web, FromRequest, HttpMessage, HttpRequest};
use chrono::Utc;
use danvan_domain::{
    calendar,
    permission::{self, Action},
    role::Role,
    user::User,
};
use danvan_store::{
    scope::{Scope, Viewer},
    Actor, DbConnection,
};
use std::future::Future;
use std::pin::Pin;
use uuid::Uuid;

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

    /// Refuses with 403 unless `allowed`, the answer of a `danvan_domain::policy`
    /// predicate about a record the caller may see but perhaps not change.
    pub fn allow(&self, allowed: bool) -> Result<(), ApiError> {
        if allowed {
            Ok(())
        } else {
            Err(ApiError::Forbidden)
        }
    }

    /// The check of the caller's right to change a working group by `may`, a predicate of
    /// `danvan_domain::policy` over the role and whether the caller heads the group today.
    pub fn group_manager(&self, may: fn(Role, bool) -> bool) -> GroupManager {
        GroupManager { role: self.user.role, user: self.user.id, may }
    }

    /// The caller as the store's visibility filters see them.
    pub fn viewer(&self) -> Viewer {
        Viewer::new(&self.user, &self.scope)
    }

    pub fn actor(&self) -> Actor {
        Actor {
            user_id: Some(self.user.id),
            username: Some(self.user.username.clone()),
            request_id: self.request_id.clone(),
        }
    }
}

/// The caller's right to change a working group, checked inside the transaction that
/// changes it, so that a change of head cannot slip between the check and the write.
#[derive(Debug, Clone, Copy)]
pub struct GroupManager {
    role: Role,
    user: Uuid,
    may: fn(Role, bool) -> bool,
}

impl GroupManager {
    /// Refuses with 403 unless the predicate allows the caller on `group`.
    pub fn check(self, conn: &mut DbConnection, group: Uuid) -> Result<(), ApiError> {
        let heads = danvan_store::working_groups::is_current_head(conn, group, self.user, calendar::today(Utc::now()))?;
        if (self.may)(self.role, heads) {
            Ok(())
        } else {
            Err(ApiError::Forbidden)
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
            let (user, scope) = http::read(&state.db, move |conn| {
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
