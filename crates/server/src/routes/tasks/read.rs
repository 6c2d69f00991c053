//! `GET /tasks/{id}`: one task the caller may see.

use super::viewer;
use crate::{auth::Caller, error::ApiError, http, openapi::ReadProblems, state::AppState};
use actix_web::{get, web, HttpResponse};
use danvan_domain::{permission::Action, task::Task};
use danvan_store::tasks;
use uuid::Uuid;

/// One task, with its `ETag`; not found unless the caller may see it.
#[utoipa::path(
    tag = "tasks",
    params(("id" = Uuid, Path, description = "Task id")),
    responses((status = 200, description = "Success", body = Task, headers(("ETag" = String))), ReadProblems),
    security(("bearer" = []))
)]
#[get("/tasks/{id}")]
pub async fn get(state: web::Data<AppState>, caller: Caller, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    caller.require(Action::TasksRead)?;
    let (id, viewer) = (id.into_inner(), viewer(&caller));
    let task = http::read(&state.db, move |conn| Ok(tasks::get(conn, &viewer, id)?)).await?;
    Ok(http::ok_with_etag(task.version, &task))
}
