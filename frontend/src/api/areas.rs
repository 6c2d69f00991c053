//! Administrative areas: `/areas`.

use super::{get, query, ApiError};
use danvan_domain::{
    area::{Area, AreaCount, AreaLevel, Layout},
    page::Page,
};
use uuid::Uuid;

/// Areas of `layout`, optionally of one level and matching `q` (diacritics ignored).
pub async fn list(layout: Layout, level: Option<AreaLevel>, q: &str, limit: u32) -> Result<Page<Area>, ApiError> {
    let limit = limit.to_string();
    let level = level.map(AreaLevel::as_str).unwrap_or_default();
    get(format!(
        "/areas{}",
        query(&[("layout", layout.as_str()), ("level", level), ("q", q.trim()), ("limit", &limit)])
    ))
    .await
}

/// Every province of `layout`.
pub async fn provinces(layout: Layout) -> Result<Vec<Area>, ApiError> {
    super::all(&format!("/areas{}", query(&[("layout", layout.as_str()), ("level", "province")]))).await
}

/// The areas directly below `id`.
pub async fn children(id: Uuid) -> Result<Vec<Area>, ApiError> {
    get(format!("/areas/{id}/children")).await
}

/// How many areas each layout has at each level.
pub async fn counts() -> Result<Vec<AreaCount>, ApiError> {
    get("/areas/counts").await
}
