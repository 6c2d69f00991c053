//! `GET /plans/{id}`: one plan.

use crate::{auth::Caller, error::ApiError, http, openapi::ReadProblems, state::AppState};
use actix_web::{get, web, HttpResponse};
use danvan_domain::{permission::Action, plan::Plan};
use uuid::Uuid;

/// One plan, with its `ETag`.
#[utoipa::path(
    tag = "plans",
    params(("id" = Uuid, Path, description = "Plan id")),
    responses((status = 200, description = "Success", body = Plan, headers(("ETag" = String))), ReadProblems),
    security(("bearer" = []))
)]
#[get("/plans/{id}")]
pub async fn get(state: web::Data<AppState>, caller: Caller, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    caller.require(Action::PlansRead)?;
    let id = id.into_inner();
    let plan =
        http::read(&state.db, move |conn| Ok(danvan_store::plans::get(conn, id)?)).await?.for_caller(caller.user.role);
    Ok(http::ok_with_etag(plan.version, &plan))
}
