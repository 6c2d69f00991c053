//! Administrative areas of Vietnam in both layouts, and area groups (named sets of
//! provinces: regions, a standing office's coverage).

mod areas;
mod groups;

pub use areas::{Area, AreaCount, AreaLevel, AreaNode, Layout, Region};
pub use groups::{AreaGroup, AreaGroupKind, CreateAreaGroup, UpdateAreaGroup};
