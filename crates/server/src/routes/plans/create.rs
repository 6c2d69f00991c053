//! `POST /plans`: creates a plan (plan managers).

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
    plan::{CreatePlan, Plan},
};

/// Creates a plan; its number must be unused.
#[utoipa::path(
    tag = "plans",
    request_body = CreatePlan,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries of this create safe")),
    responses((status = 201, description = "Created", body = Plan, headers(("ETag" = String), ("Location" = String))), CreateProblems),
    security(("bearer" = []))
)]
#[post("/plans")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    body: web::Json<CreatePlan>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::PlansManage)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let fingerprint = serde_json::to_value(&request).unwrap_or_default();
    let role = caller.user.role;
    http::create_once(&state.db, caller.actor(), key, "/api/v1/plans", &fingerprint, move |conn, actor| {
        Ok(danvan_store::plans::create(conn, actor, &request)?.for_caller(role))
    })
    .await
}
