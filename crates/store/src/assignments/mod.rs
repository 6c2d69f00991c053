//! The assignment matrix and its history (see `danvan_domain::assignment`). A change
//! never edits a row's values: it closes the row the day before the change takes effect
//! (or, for a correction that takes effect on or before the row's first day, marks it
//! superseded) and inserts a successor linked both ways. The lists an assignment names
//! live in `assignment_links`, one row per (kind, id).

mod coverage;
mod read;
mod rows;
mod write;

pub use coverage::coverage;
pub use read::{get, group_of, history, in_force, list};
pub use write::{change, create, end};
