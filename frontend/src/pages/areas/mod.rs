//! Administrative areas and area groups: the tree of areas of both layouts in [`tree`],
//! and the area groups (regions, the standing offices' coverage) in [`groups`].

pub mod groups;
pub mod i18n;
pub mod tree;
