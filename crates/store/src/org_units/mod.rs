//! Org units: a tree, soft-deleted so that sync clients receive tombstones.

mod read;
mod rows;
mod write;

pub use read::{by_code, exists, get, list, subtree, OrgUnitFilter};
pub use write::{create, delete, update};
