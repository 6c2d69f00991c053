//! Tasks (nhiệm vụ) and their lifecycle. [`TRANSITIONS`] is the one table of which status
//! may follow which and who may make the move; the server refuses any other move with a
//! 409 and the web app shows only the moves it allows.

mod transitions;
mod types;

pub use transitions::{may_transition, transitions_from, TaskRelation, Transition, TRANSITIONS};
pub use types::{
    CreateTask, ExportFormat, PostProgress, Task, TaskEvent, TaskEventKind, TaskPriority, TaskSort, TaskStatus,
    TaskTransition, UpdateTask, COMMENT_MAX, TASK_LIST_MAX,
};
