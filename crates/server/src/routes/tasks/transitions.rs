//! `POST /tasks/{id}/transitions`: takes a task to another status along the transition table.

use super::viewer;
use crate::{
    auth::Caller,
    error::ApiError,
    http::{self, IfMatch},
    openapi::UpdateProblems,
    state::AppState,
};
use actix_web::{post, web, HttpResponse};
use danvan_domain::{
    permission::Action,
    task::{Task, TaskTransition},
};
use danvan_store::tasks;
use uuid::Uuid;

/// Takes a task to another status. The transition table decides which transitions the
/// caller's relation to the task (assignee, manager) allows: any other is a 409
/// `transition_not_allowed`; a caller in no relation gets 403. Needs `If-Match`.
#[utoipa::path(
    tag = "tasks",
    request_body = TaskTransition,
    params(("id" = Uuid, Path, description = "Task id"), ("If-Match" = String, Header, description = "The ETag last read")),
    responses((status = 200, description = "Success", body = Task, headers(("ETag" = String))), UpdateProblems),
    security(("bearer" = []))
)]
#[post("/tasks/{id}/transitions")]
pub async fn transition_task(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: web::Json<TaskTransition>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::TasksWork)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let (id, actor, viewer) = (id.into_inner(), caller.actor(), viewer(&caller));
    let task = http::write(&state.db, move |conn| {
        Ok(tasks::transition_task(conn, &actor, &viewer, id, if_match.0, &request)?)
    })
    .await?;
    Ok(http::ok_with_etag(task.version, &task))
}
