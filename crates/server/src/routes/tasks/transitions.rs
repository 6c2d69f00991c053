//! `POST /tasks/{id}/transitions`: moves a task along the transition table.

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
    task::{MoveTask, Task},
};
use danvan_store::tasks;
use uuid::Uuid;

/// Moves a task to another status. The transition table decides which moves the
/// caller's relation to the task (assignee, manager) allows: any other is a 409
/// `transition_not_allowed`; a caller in no relation gets 403. Needs `If-Match`.
#[utoipa::path(
    tag = "tasks",
    request_body = MoveTask,
    params(("id" = Uuid, Path, description = "Task id"), ("If-Match" = String, Header, description = "The ETag last read")),
    responses((status = 200, description = "Success", body = Task, headers(("ETag" = String))), UpdateProblems),
    security(("bearer" = []))
)]
#[post("/tasks/{id}/transitions")]
pub async fn move_task(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: web::Json<MoveTask>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::TasksWork)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let (id, actor, viewer) = (id.into_inner(), caller.actor(), viewer(&caller));
    let task =
        http::write(&state.pool, move |conn| Ok(tasks::move_task(conn, &actor, &viewer, id, if_match.0, &request)?))
            .await?;
    Ok(http::ok_with_etag(task.version, &task))
}
