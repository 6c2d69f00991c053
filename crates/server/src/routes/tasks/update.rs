//! `PATCH /tasks/{id}`: changes a task's fields or assignees (its managers).

use super::viewer;
use crate::{
    auth::Caller,
    error::ApiError,
    http::{self, IfMatch},
    openapi::UpdateProblems,
    state::AppState,
};
use actix_web::{patch, web, HttpResponse};
use danvan_domain::{
    permission::Action,
    task::{Task, UpdateTask},
};
use danvan_store::tasks;
use uuid::Uuid;

/// Changes a task's fields or assignees (its managers: the creator, administrators,
/// group heads). New assignees appear on the timeline and are told. Needs `If-Match`.
#[utoipa::path(
    tag = "tasks",
    request_body = UpdateTask,
    params(("id" = Uuid, Path, description = "Task id"), ("If-Match" = String, Header, description = "The ETag last read")),
    responses((status = 200, description = "Success", body = Task, headers(("ETag" = String))), UpdateProblems),
    security(("bearer" = []))
)]
#[patch("/tasks/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: web::Json<UpdateTask>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::TasksWork)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let (id, actor, viewer) = (id.into_inner(), caller.actor(), viewer(&caller));
    let task =
        http::write(&state.db, move |conn| Ok(tasks::update(conn, &actor, &viewer, id, if_match.0, &request)?)).await?;
    Ok(http::ok_with_etag(task.version, &task))
}
