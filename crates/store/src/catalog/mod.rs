//! The managed lists (target groups and fields) in one table, told apart by kind. Every
//! function takes the kind, so an id of one list is never found through the other.

mod defaults;
mod read;
mod rows;
mod write;

pub use defaults::{default_id, ensure_loaded};
pub use read::{active_ids, by_code, existing, get, list};
pub use write::{create, update};
