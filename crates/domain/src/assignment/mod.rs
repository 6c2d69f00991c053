//! The assignment matrix (phân công): which member covers which target groups and fields
//! in which areas, over which dates. A change never edits the past: the changed row is
//! closed the day before the change takes effect (or, for a correction made before it
//! took effect, marked superseded) and a successor row carries the new values, so the
//! matrix can be read as of any date and each assignment's history followed.

mod assignments;
mod coverage;

pub use assignments::{Assignment, ChangeAssignment, CreateAssignment, EndAssignment, LIST_MAX, NOTE_MAX};
pub use coverage::{Coverage, Overlap};
