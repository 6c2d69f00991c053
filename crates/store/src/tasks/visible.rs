//! Who sees which task: the one place the scope rule of tasks lives ([`visible_keys`], the
//! list keys a visible task has; [`visible`] applies it to a query of tasks), and
//! the subquery of tasks assigned to a person or their units that the reminders share.

use super::{keys, rows::TaskRow};
use crate::limit::LimitInText;
use crate::{
    db::MultiBackend,
    schema::{task_list_keys, tasks},
    DbConnection, OptionalRow, StoreError,
};
use danvan_domain::{
    policy::{self, Reach},
    task::{TaskRelation, TaskStatus},
};
use diesel::prelude::*;
use uuid::Uuid;

/// Who is looking at tasks; the store's one [`Viewer`](crate::scope::Viewer) under the
/// name the task functions have always used.
pub use crate::scope::Viewer as TaskViewer;

impl TaskViewer {
    /// The org units through which the viewer sees tasks assigned to a unit.
    fn visible_units(&self) -> Vec<String> {
        self.own_units().iter().map(Uuid::to_string).collect()
    }

    /// How the viewer stands to a task created by `created_by` and assigned to `users`
    /// and `units`.
    pub fn relations(&self, created_by: Uuid, users: &[Uuid], units: &[Uuid]) -> Vec<TaskRelation> {
        policy::task_relations(self.role, self.user_id, self.org_unit_id, created_by, users, units)
    }
}

pub(super) type TaskQuery = tasks::BoxedQuery<'static, MultiBackend>;

/// Statuses in which work is still expected, as stored.
pub(crate) fn open_statuses() -> Vec<&'static str> {
    TaskStatus::ALL.iter().filter(|status| status.is_open()).map(|status| status.as_str()).collect()
}

/// The subquery of ids of tasks assigned to `user` (a `String`) directly or to one of
/// `units` (a `Vec<String>`). A macro, not a function: both backends need the subquery
/// unboxed, and its type is not worth spelling out.
macro_rules! assigned_to {
    ($user:expr, $units:expr) => {
        crate::schema::task_assignees::table
            .filter(
                crate::schema::task_assignees::kind.eq("user").and(crate::schema::task_assignees::ref_id.eq($user)).or(
                    crate::schema::task_assignees::kind
                        .eq("org_unit")
                        .and(crate::schema::task_assignees::ref_id.eq_any($units)),
                ),
            )
            .select(crate::schema::task_assignees::task_id)
    };
}
pub(crate) use assigned_to;

/// The list keys of the tasks `viewer` may see, by their reach
/// (`danvan_domain::policy::work_reach`): `None` for everything; else the keys of their
/// own tasks (assigned to them, incl. through their units, or created by them) and, for
/// a reach over provinces, of the tasks with an area in them. A task is visible when it
/// has one of the keys.
pub(super) fn visible_keys(viewer: &TaskViewer) -> Option<Vec<String>> {
    let reach = viewer.reach();
    if reach == Reach::Everything {
        return None;
    }
    let mut keys = vec![keys::user(viewer.user_id), keys::creator(viewer.user_id)];
    keys.extend(viewer.visible_units().iter().map(keys::unit));
    if reach == Reach::ProvincesAndOwn {
        keys.extend(viewer.scope.province_ids.iter().map(keys::area));
    }
    Some(keys)
}

/// The tasks `viewer` may see (see [`visible_keys`]).
pub(super) fn visible(viewer: &TaskViewer) -> TaskQuery {
    let query = tasks::table.into_boxed();
    match visible_keys(viewer) {
        None => query,
        Some(keys) => query
            .filter(tasks::id.eq_any(
                task_list_keys::table.filter(task_list_keys::key.eq_any(keys)).select(task_list_keys::task_id),
            )),
    }
}

/// The task's row if `viewer` may see it, else not found.
pub(super) fn find_visible(conn: &mut DbConnection, viewer: &TaskViewer, id: Uuid) -> Result<TaskRow, StoreError> {
    visible(viewer).filter(tasks::id.eq(id.to_string())).first_row(conn).found()
}
