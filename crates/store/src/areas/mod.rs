//! Administrative areas: read-only reference data in two layouts, loaded from the
//! project's own extract (`data/areas/*.csv`) on first start-up.
//!
//! An area's id is a UUIDv5 of its layout and official code, so every installation
//! gives the same area the same id.

mod read;
mod rows;
mod write;

pub use read::{
    by_code, children, communes_of, counts, describe, get, list, provinces_of, provinces_of_groups, tree, AreaFilter,
};
pub use rows::{area_id, AREA_NAMESPACE};
pub use write::{ensure_loaded, ImportReport};
