//! `POST /tasks/{id}/progress`: a progress report on a task.

use super::viewer;
use crate::{
    auth::Caller,
    error::ApiError,
    http::{self, IdempotencyKey, IfMatch},
    openapi::UpdateProblems,
    state::AppState,
};
use actix_web::{http::header, post, web, HttpResponse};
use danvan_domain::{
    permission::Action,
    task::{PostProgress, TaskEvent},
};
use danvan_store::tasks;
use uuid::Uuid;

/// Reports progress on a task (assignees and managers) and sets its percent. The task
/// must be accepted, in progress, blocked or reopened, else 409 `not_in_progress`. Needs
/// `If-Match` with the task's ETag, as every change of the task does: a report made on a
/// task that changed meanwhile is refused with 412 rather than reporting on what it was.
#[utoipa::path(
    tag = "tasks",
    request_body = PostProgress,
    params(
        ("id" = Uuid, Path, description = "Task id"),
        ("If-Match" = String, Header, description = "The task's ETag last read"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes retries of this report safe")
    ),
    responses((status = 201, description = "Created", body = TaskEvent, headers(("Location" = String))), UpdateProblems),
    security(("bearer" = []))
)]
#[post("/tasks/{id}/progress")]
pub async fn post_progress(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    key: IdempotencyKey,
    body: web::Json<PostProgress>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::TasksWork)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let (id, viewer) = (id.into_inner(), viewer(&caller));
    let fingerprint = serde_json::json!({ "task_id": id, "progress": request });
    let mut response =
        http::create_once(&state.db, caller.actor(), key, "/api/v1/task-events", &fingerprint, move |conn, actor| {
            Ok(tasks::post_progress(conn, actor, &viewer, id, if_match.0, &request)?)
        })
        .await?;
    // Events are read through the task's timeline.
    if let Ok(location) = header::HeaderValue::from_str(&format!("/api/v1/tasks/{id}/timeline")) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}
