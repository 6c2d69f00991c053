//! Tasks. Reading: who sees which task ([`visible`], the one place the scope rule lives),
//! the list's filters and orders with cursor paging along the list keys ([`keys`]), the export, the timeline and plan
//! progress; names are resolved in a few batched queries per page, never per row.
//! Changing: create, edit and reassign (managers), move along the transition table and
//! report progress (assignees and managers); each change writes its timeline event, its
//! notifications and its audit row in the caller's transaction.

mod bulk;
mod check;
mod keys;
mod list;
mod read;
mod rows;
mod transition;
mod visible;
mod write;

pub(crate) use bulk::Rng;
pub use bulk::{load_synthetic, Progress, SyntheticTasks};
pub use list::{explain_list, export, list, today, TaskFilter};
pub(crate) use read::user_names;
pub use read::{get, plan_progress, timeline};
pub use transition::{post_progress, transition_task};
pub use visible::TaskViewer;
pub(crate) use visible::{assigned_to, open_statuses};
pub use write::{create, update, TaskError};
