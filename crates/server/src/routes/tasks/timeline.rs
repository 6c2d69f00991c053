//! `GET /tasks/{id}/timeline`: a task's events, oldest first.

use super::viewer;
use crate::{auth::Caller, error::ApiError, http, openapi::ReadProblems, state::AppState};
use actix_web::{get, web};
use danvan_domain::{permission::Action, task::TaskEvent};
use danvan_store::tasks;
use uuid::Uuid;

/// The task's timeline: creation, moves, progress reports, reassignments and edits,
/// oldest first.
#[utoipa::path(
    tag = "tasks",
    params(("id" = Uuid, Path, description = "Task id")),
    responses((status = 200, description = "Success", body = Vec<TaskEvent>), ReadProblems),
    security(("bearer" = []))
)]
#[get("/tasks/{id}/timeline")]
pub async fn timeline(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<web::Json<Vec<TaskEvent>>, ApiError> {
    caller.require(Action::TasksRead)?;
    let (id, viewer) = (id.into_inner(), viewer(&caller));
    let events = http::read(&state.db, move |conn| Ok(tasks::timeline(conn, &viewer, id)?)).await?;
    Ok(web::Json(events))
}
