//! `PATCH /plans/{id}`: changes a plan (plan managers).

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
    plan::{Plan, UpdatePlan},
};
use uuid::Uuid;

/// Changes a plan's number, title, issuer, date, basis or status. Needs `If-Match`.
#[utoipa::path(
    tag = "plans",
    request_body = UpdatePlan,
    params(("id" = Uuid, Path, description = "Plan id"), ("If-Match" = String, Header, description = "The ETag last read")),
    responses((status = 200, description = "Success", body = Plan, headers(("ETag" = String))), UpdateProblems),
    security(("bearer" = []))
)]
#[patch("/plans/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: web::Json<UpdatePlan>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::PlansManage)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let (id, actor) = (id.into_inner(), caller.actor());
    let plan =
        http::write(&state.db, move |conn| Ok(danvan_store::plans::update(conn, &actor, id, if_match.0, &request)?))
            .await?
            .for_caller(caller.user.role);
    Ok(http::ok_with_etag(plan.version, &plan))
}
