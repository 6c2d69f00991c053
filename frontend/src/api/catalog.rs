//! The managed lists: target groups (`/target-groups`) and fields (`/fields`).

use super::{get, ApiError};
use danvan_domain::catalog::{CatalogEntry, CatalogKind};

fn path(kind: CatalogKind) -> &'static str {
    match kind {
        CatalogKind::TargetGroup => "/target-groups",
        CatalogKind::Field => "/fields",
    }
}

/// The entries of one list in their order; only the active ones with `active_only`.
pub async fn list(kind: CatalogKind, active_only: bool) -> Result<Vec<CatalogEntry>, ApiError> {
    let suffix = if active_only { "?active=true" } else { "" };
    get(format!("{}{suffix}", path(kind))).await
}
