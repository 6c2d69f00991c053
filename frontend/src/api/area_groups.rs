//! Area groups: `/area-groups`.

use super::{request, ApiError, Fetched, Req};
use danvan_domain::area::{AreaGroup, UpdateAreaGroup};
use uuid::Uuid;

pub async fn all() -> Result<Vec<AreaGroup>, ApiError> {
    super::all("/area-groups").await
}

pub async fn get_one(id: Uuid) -> Result<Fetched<AreaGroup>, ApiError> {
    request(Req::get(format!("/area-groups/{id}"))).await
}

pub async fn update(id: Uuid, body: &UpdateAreaGroup, etag: &str) -> Result<Fetched<AreaGroup>, ApiError> {
    request(Req::patch(format!("/area-groups/{id}"), body, etag)).await
}
