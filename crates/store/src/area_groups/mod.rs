//! Area groups: named sets of provinces of one layout (regions, a standing office's coverage).

mod read;
mod rows;
mod write;

pub use read::{existing, get, list, AreaGroupFilter};
pub use write::{create, delete, update};
