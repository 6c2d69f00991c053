//! One page of a list. Lists take `limit` (1–200) and the opaque `cursor` of the page
//! before; `next_cursor` is absent on the last page.

use serde::{Deserialize, Serialize};

/// Largest page a list returns.
pub const MAX_LIMIT: u32 = 200;
/// Page size when `limit` is not given.
pub const DEFAULT_LIMIT: u32 = 50;

/// A page of results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}
