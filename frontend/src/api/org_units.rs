//! Org units: `/org-units`.

use super::{request, ApiError, Fetched, Req};
use danvan_domain::org_unit::{CreateOrgUnit, OrgUnit, UpdateOrgUnit};
use uuid::Uuid;

/// The whole tree, as a flat list (each unit names its parent).
pub async fn all() -> Result<Vec<OrgUnit>, ApiError> {
    super::all("/org-units").await
}

pub async fn get_one(id: Uuid) -> Result<Fetched<OrgUnit>, ApiError> {
    request(Req::get(format!("/org-units/{id}"))).await
}

pub async fn create(body: &CreateOrgUnit, idempotency_key: &str) -> Result<OrgUnit, ApiError> {
    request(Req::post("/org-units", body).header("Idempotency-Key", idempotency_key)).await.map(|f| f.value)
}

pub async fn update(id: Uuid, body: &UpdateOrgUnit, etag: &str) -> Result<Fetched<OrgUnit>, ApiError> {
    request(Req::patch(format!("/org-units/{id}"), body, etag)).await
}
