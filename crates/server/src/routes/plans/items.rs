//! A plan's items: listed in tree order, added, read, changed and deleted.

use crate::{
    auth::Caller,
    error::ApiError,
    http::{self, IdempotencyKey, IfMatch},
    openapi::{CreateProblems, ReadProblems, UpdateProblems},
    state::AppState,
};
use actix_web::{delete, get, patch, post, web, HttpResponse};
use danvan_domain::{
    permission::Action,
    plan::{CreatePlanItem, PlanItem, UpdatePlanItem},
};
use uuid::Uuid;

/// Every item of a plan in tree order (each item followed by its sub-items, siblings by
/// position then number); build the tree from `parent_id`.
#[utoipa::path(
    tag = "plans",
    params(("id" = Uuid, Path, description = "Plan id")),
    responses((status = 200, description = "Success", body = Vec<PlanItem>), ReadProblems),
    security(("bearer" = []))
)]
#[get("/plans/{id}/items")]
pub async fn list_items(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<web::Json<Vec<PlanItem>>, ApiError> {
    caller.require(Action::PlansRead)?;
    let id = id.into_inner();
    let items = http::read(&state.db, move |conn| Ok(danvan_store::plans::list_items(conn, id)?)).await?;
    Ok(web::Json(items))
}

/// Adds an item to a plan, under a parent item of the same plan if given; the number must
/// be unused in the plan.
#[utoipa::path(
    tag = "plans",
    request_body = CreatePlanItem,
    params(
        ("id" = Uuid, Path, description = "Plan id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes retries of this create safe")
    ),
    responses((status = 201, description = "Created", body = PlanItem, headers(("ETag" = String), ("Location" = String))), CreateProblems),
    security(("bearer" = []))
)]
#[post("/plans/{id}/items")]
pub async fn create_item(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    key: IdempotencyKey,
    body: web::Json<CreatePlanItem>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::PlansManage)?;
    let (plan, request) = (id.into_inner(), body.into_inner());
    http::validated(request.validate())?;
    let fingerprint = serde_json::json!({ "plan_id": plan, "item": request });
    http::create_once(&state.db, caller.actor(), key, "/api/v1/plan-items", &fingerprint, move |conn, actor| {
        Ok(danvan_store::plans::create_item(conn, actor, plan, &request)?)
    })
    .await
}

/// One plan item, with its `ETag`.
#[utoipa::path(
    tag = "plans",
    params(("id" = Uuid, Path, description = "Plan item id")),
    responses((status = 200, description = "Success", body = PlanItem, headers(("ETag" = String))), ReadProblems),
    security(("bearer" = []))
)]
#[get("/plan-items/{id}")]
pub async fn get_item(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::PlansRead)?;
    let id = id.into_inner();
    let item = http::read(&state.db, move |conn| Ok(danvan_store::plans::get_item(conn, id)?)).await?;
    Ok(http::ok_with_etag(item.version, &item))
}

/// Renumbers, retitles, rewrites or reorders a plan item. Needs `If-Match`.
#[utoipa::path(
    tag = "plans",
    request_body = UpdatePlanItem,
    params(("id" = Uuid, Path, description = "Plan item id"), ("If-Match" = String, Header, description = "The ETag last read")),
    responses((status = 200, description = "Success", body = PlanItem, headers(("ETag" = String))), UpdateProblems),
    security(("bearer" = []))
)]
#[patch("/plan-items/{id}")]
pub async fn update_item(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: web::Json<UpdatePlanItem>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::PlansManage)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let (id, actor) = (id.into_inner(), caller.actor());
    let item = http::write(&state.db, move |conn| {
        Ok(danvan_store::plans::update_item(conn, &actor, id, if_match.0, &request)?)
    })
    .await?;
    Ok(http::ok_with_etag(item.version, &item))
}

/// Deletes a plan item without sub-items or linked tasks (else 409 `in_use`). Needs `If-Match`.
#[utoipa::path(
    tag = "plans",
    params(("id" = Uuid, Path, description = "Plan item id"), ("If-Match" = String, Header, description = "The ETag last read")),
    responses((status = 204, description = "Deleted"), UpdateProblems),
    security(("bearer" = []))
)]
#[delete("/plan-items/{id}")]
pub async fn delete_item(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::PlansManage)?;
    let (id, actor) = (id.into_inner(), caller.actor());
    http::write(&state.db, move |conn| Ok(danvan_store::plans::delete_item(conn, &actor, id, if_match.0)?)).await?;
    Ok(HttpResponse::NoContent().finish())
}
