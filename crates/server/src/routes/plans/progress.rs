//! `GET /plans/{id}/progress`: how far the tasks of each item of a plan have got.

use crate::routes::tasks::viewer;
use crate::{auth::Caller, error::ApiError, http, openapi::ReadProblems, state::AppState};
use actix_web::{get, web};
use danvan_domain::{permission::Action, plan::PlanItemProgress};
use danvan_store::tasks;
use uuid::Uuid;

/// How far the tasks of each item of the plan have got, counting the tasks the caller
/// may see (cancelled ones left out); items without such tasks are left out.
#[utoipa::path(
    tag = "plans",
    params(("id" = Uuid, Path, description = "Plan id")),
    responses((status = 200, description = "Success", body = Vec<PlanItemProgress>), ReadProblems),
    security(("bearer" = []))
)]
#[get("/plans/{id}/progress")]
pub async fn plan_progress(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<web::Json<Vec<PlanItemProgress>>, ApiError> {
    caller.require(Action::PlansRead)?;
    caller.require(Action::TasksRead)?;
    let (id, viewer) = (id.into_inner(), viewer(&caller));
    let progress = http::read(&state.db, move |conn| Ok(tasks::plan_progress(conn, &viewer, id)?)).await?;
    Ok(web::Json(progress))
}
