//! The assignment matrix: `/working-groups/{id}/assignments`, `/assignments/{id}` (change,
//! end, history) and `/working-groups/{id}/coverage`.

use super::{get, query, request, ApiError, Fetched, Req};
use chrono::NaiveDate;
use danvan_domain::{
    area::Layout,
    assignment::{Assignment, ChangeAssignment, Coverage, CreateAssignment, EndAssignment},
};
use uuid::Uuid;

/// The assignments of a group in force on `as_of`.
pub async fn list(group_id: Uuid, as_of: NaiveDate) -> Result<Vec<Assignment>, ApiError> {
    get(format!("/working-groups/{group_id}/assignments{}", query(&[("as_of", &as_of.to_string())]))).await
}

pub async fn create(group_id: Uuid, body: &CreateAssignment, idempotency_key: &str) -> Result<Assignment, ApiError> {
    request(
        Req::post(format!("/working-groups/{group_id}/assignments"), body).header("Idempotency-Key", idempotency_key),
    )
    .await
    .map(|f| f.value)
}

/// Changes an assignment from a day on; the answer is the successor row.
pub async fn change(id: Uuid, body: &ChangeAssignment, etag: &str) -> Result<Fetched<Assignment>, ApiError> {
    request(Req::patch(format!("/assignments/{id}"), body, etag)).await
}

pub async fn end(id: Uuid, body: &EndAssignment, etag: &str) -> Result<Fetched<Assignment>, ApiError> {
    request(Req::post(format!("/assignments/{id}/end"), body).header("If-Match", etag)).await
}

/// The whole chain of rows the assignment belongs to, oldest first.
pub async fn history(id: Uuid) -> Result<Vec<Assignment>, ApiError> {
    get(format!("/assignments/{id}/history")).await
}

/// Gaps and overlaps of the group's matrix on `as_of`, in `layout`.
pub async fn coverage(group_id: Uuid, as_of: NaiveDate, layout: Layout) -> Result<Coverage, ApiError> {
    get(format!(
        "/working-groups/{group_id}/coverage{}",
        query(&[("as_of", &as_of.to_string()), ("layout", layout.as_str())])
    ))
    .await
}
