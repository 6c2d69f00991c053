//! Working groups and their rosters: `/working-groups`, `/working-groups/{id}/members`,
//! `/memberships/{id}`.

use super::{get, query, request, ApiError, Fetched, Req};
use chrono::NaiveDate;
use danvan_domain::working_group::{AddMember, CreateWorkingGroup, Membership, UpdateMembership, WorkingGroup};
use uuid::Uuid;

/// Every working group, by name, read page by page.
pub async fn all() -> Result<Vec<WorkingGroup>, ApiError> {
    super::all("/working-groups").await
}

pub async fn get_one(id: Uuid) -> Result<Fetched<WorkingGroup>, ApiError> {
    request(Req::get(format!("/working-groups/{id}"))).await
}

pub async fn create(body: &CreateWorkingGroup, idempotency_key: &str) -> Result<WorkingGroup, ApiError> {
    request(Req::post("/working-groups", body).header("Idempotency-Key", idempotency_key)).await.map(|f| f.value)
}

/// Which memberships to read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Roster {
    /// The members on that day.
    AsOf(NaiveDate),
    /// Every membership the group ever had, former members included.
    All,
}

pub async fn list_members(id: Uuid, roster: Roster) -> Result<Vec<Membership>, ApiError> {
    let suffix = match roster {
        Roster::AsOf(date) => query(&[("as_of", &date.to_string())]),
        Roster::All => query(&[("all", "true")]),
    };
    get(format!("/working-groups/{id}/members{suffix}")).await
}

pub async fn add_member(id: Uuid, body: &AddMember, idempotency_key: &str) -> Result<Membership, ApiError> {
    request(Req::post(format!("/working-groups/{id}/members"), body).header("Idempotency-Key", idempotency_key))
        .await
        .map(|f| f.value)
}

pub async fn update_membership(id: Uuid, body: &UpdateMembership, etag: &str) -> Result<Fetched<Membership>, ApiError> {
    request(Req::patch(format!("/memberships/{id}"), body, etag)).await
}
