//! Tasks: the filtered list and its export, creating and editing (managers), moving
//! along the transition table and reporting progress (those who stand in the task), and
//! the timeline. One file per endpoint group; the export is mounted before `/tasks/{id}`.

mod create;
mod export;
mod list;
mod progress;
mod read;
mod timeline;
mod transitions;
mod update;

use crate::{auth::Caller, error::ApiError};
use danvan_store::tasks::{TaskError, TaskViewer};
use utoipa_actix_web::service_config::ServiceConfig;

/// Mounts this module's endpoints.
pub fn mount(config: &mut ServiceConfig) {
    config
        .service(list::list)
        .service(export::export)
        .service(create::create)
        .service(read::get)
        .service(update::update)
        .service(transitions::transition_task)
        .service(progress::post_progress)
        .service(timeline::timeline);
}

impl From<TaskError> for ApiError {
    fn from(error: TaskError) -> Self {
        match error {
            TaskError::Forbidden => ApiError::Forbidden,
            TaskError::Store(error) => error.into(),
        }
    }
}

/// The task rules' view of the caller (also used by the plans' progress).
pub(crate) fn viewer(caller: &Caller) -> TaskViewer {
    TaskViewer::new(&caller.user, &caller.scope)
}
