//! `POST /tasks`: creates a task and tells its assignees.

use super::viewer;
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
    task::{CreateTask, Task},
};
use danvan_store::tasks;

/// Creates a task in status `new` and tells its assignees (people, and the people of
/// the org units assigned).
#[utoipa::path(
    tag = "tasks",
    request_body = CreateTask,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries of this create safe")),
    responses((status = 201, description = "Created", body = Task, headers(("ETag" = String), ("Location" = String))), CreateProblems),
    security(("bearer" = []))
)]
#[post("/tasks")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    body: web::Json<CreateTask>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::TasksCreate)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let fingerprint = serde_json::to_value(&request).unwrap_or_default();
    let viewer = viewer(&caller);
    http::create_once(&state.db, caller.actor(), key, "/api/v1/tasks", &fingerprint, move |conn, actor| {
        Ok(tasks::create(conn, actor, &viewer, &request)?)
    })
    .await
}
