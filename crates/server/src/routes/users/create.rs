//! `POST /users`: creates an account (administrators).

use crate::{
    auth::Caller,
    error::ApiError,
    http::{self, IdempotencyKey},
    openapi::CreateProblems,
    state::AppState,
};
use actix_web::{post, web, HttpResponse};
use danvan_domain::{
    permission::Action,
    user::{CreateUser, User},
};

/// Creates an account (administrators).
#[utoipa::path(
    tag = "users",
    request_body = CreateUser,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries of this create safe")),
    responses(
        (status = 201, description = "Created", body = User, headers(("ETag" = String), ("Location" = String))),
        CreateProblems
    ),
    security(("bearer" = []))
)]
#[post("/users")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    body: web::Json<CreateUser>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::UsersManage)?;
    let mut request = body.into_inner();
    http::validated(request.validate())?;
    let hash = state.passwords.hash(std::mem::take(&mut request.password)).await?;
    let fingerprint = (
        &request.username,
        &request.display_name,
        &request.email,
        request.role,
        request.org_unit_id,
        &request.scope_area_ids,
        &request.scope_area_group_ids,
    );
    let fingerprint = serde_json::to_value(fingerprint).unwrap_or_default();
    http::create_once(&state.db, caller.actor(), key, "/api/v1/users", &fingerprint, move |conn, actor| {
        Ok(danvan_store::users::create(conn, actor, &request, hash.clone())?)
    })
    .await
}
