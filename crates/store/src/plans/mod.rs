//! Plans and their numbered items. A plan's basis documents are kept as a JSON list; its
//! items form a tree inside the plan, with numbers unique per plan.

mod read;
mod rows;
mod write;

pub use read::{by_number, exists, get, get_item, item_by_number, list, list_items};
pub use write::{create, create_item, delete_item, update, update_item};
