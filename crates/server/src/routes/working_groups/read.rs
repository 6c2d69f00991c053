//! `GET /working-groups/{id}`: one working group.

use crate::{auth::Caller, error::ApiError, http, openapi::ReadProblems, state::AppState};
use actix_web::{get, web, HttpResponse};
use danvan_domain::{permission::Action, working_group::WorkingGroup};
use uuid::Uuid;

/// One working group, with its `ETag`.
#[utoipa::path(
    tag = "working-groups",
    params(("id" = Uuid, Path, description = "Working group id")),
    responses((status = 200, description = "Success", body = WorkingGroup, headers(("ETag" = String))), ReadProblems),
    security(("bearer" = []))
)]
#[get("/working-groups/{id}")]
pub async fn get(state: web::Data<AppState>, caller: Caller, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    caller.require(Action::PlansRead)?;
    let id = id.into_inner();
    let viewer = caller.viewer();
    let group = http::read(&state.db, move |conn| Ok(danvan_store::working_groups::get(conn, &viewer, id)?)).await?;
    Ok(http::ok_with_etag(group.version, &group))
}
