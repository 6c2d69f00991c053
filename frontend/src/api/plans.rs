//! Plans and their items: `/plans`, `/plans/{id}/items`, `/plan-items/{id}`, and the
//! progress of the tasks under each item, `/plans/{id}/progress`.

use super::{get, query, request, ApiError, Fetched, Req};
use danvan_domain::{
    page::Page,
    plan::{CreatePlan, CreatePlanItem, Plan, PlanItem, PlanItemProgress, UpdatePlan, UpdatePlanItem},
};
use uuid::Uuid;

/// One page of plans, newest first.
pub async fn list(cursor: Option<&str>, limit: u32) -> Result<Page<Plan>, ApiError> {
    let limit = limit.to_string();
    get(format!("/plans{}", query(&[("limit", &limit), ("cursor", cursor.unwrap_or_default())]))).await
}

/// Every plan (bounded by the API's paging).
pub async fn all() -> Result<Vec<Plan>, ApiError> {
    super::all("/plans").await
}

pub async fn get_one(id: Uuid) -> Result<Fetched<Plan>, ApiError> {
    request(Req::get(format!("/plans/{id}"))).await
}

pub async fn create(body: &CreatePlan, idempotency_key: &str) -> Result<Plan, ApiError> {
    request(Req::post("/plans", body).header("Idempotency-Key", idempotency_key)).await.map(|f| f.value)
}

pub async fn update(id: Uuid, body: &UpdatePlan, etag: &str) -> Result<Fetched<Plan>, ApiError> {
    request(Req::patch(format!("/plans/{id}"), body, etag)).await
}

/// The plan's whole item tree, as a flat list (each item names its parent).
pub async fn list_items(plan_id: Uuid) -> Result<Vec<PlanItem>, ApiError> {
    get(format!("/plans/{plan_id}/items")).await
}

pub async fn create_item(plan_id: Uuid, body: &CreatePlanItem, idempotency_key: &str) -> Result<PlanItem, ApiError> {
    request(Req::post(format!("/plans/{plan_id}/items"), body).header("Idempotency-Key", idempotency_key))
        .await
        .map(|f| f.value)
}

pub async fn update_item(id: Uuid, body: &UpdatePlanItem, etag: &str) -> Result<Fetched<PlanItem>, ApiError> {
    request(Req::patch(format!("/plan-items/{id}"), body, etag)).await
}

/// How far the tasks the caller may see have got, per item that has any.
pub async fn plan_progress(plan_id: Uuid) -> Result<Vec<PlanItemProgress>, ApiError> {
    get(format!("/plans/{plan_id}/progress")).await
}
