//! `GET /working-groups`: the working groups by name.

use crate::{auth::Caller, error::ApiError, http, openapi::ReadProblems, state::AppState};
use actix_web::{get, web};
use danvan_domain::{permission::Action, working_group::WorkingGroup};

/// Lists working groups by name, with today's head and member count.
#[utoipa::path(
    tag = "working-groups",
    responses((status = 200, description = "Success", body = Vec<WorkingGroup>), ReadProblems),
    security(("bearer" = []))
)]
#[get("/working-groups")]
pub async fn list(state: web::Data<AppState>, caller: Caller) -> Result<web::Json<Vec<WorkingGroup>>, ApiError> {
    caller.require(Action::PlansRead)?;
    let groups = http::read(&state.pool, move |conn| Ok(danvan_store::working_groups::list(conn)?)).await?;
    Ok(web::Json(groups))
}
