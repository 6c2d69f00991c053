//! `POST /working-groups`: creates a working group (administrators).

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
    working_group::{CreateWorkingGroup, WorkingGroup},
};

/// Creates a working group for a plan (administrators).
#[utoipa::path(
    tag = "working-groups",
    request_body = CreateWorkingGroup,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries of this create safe")),
    responses((status = 201, description = "Created", body = WorkingGroup, headers(("ETag" = String), ("Location" = String))), CreateProblems),
    security(("bearer" = []))
)]
#[post("/working-groups")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    body: web::Json<CreateWorkingGroup>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::WorkingGroupsManage)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let fingerprint = serde_json::to_value(&request).unwrap_or_default();
    let viewer = caller.viewer();
    http::create_once(&state.db, caller.actor(), key, "/api/v1/working-groups", &fingerprint, move |conn, actor| {
        let group = danvan_store::working_groups::create(conn, actor, &request)?;
        Ok(danvan_store::working_groups::for_viewer(group, &viewer))
    })
    .await
}
