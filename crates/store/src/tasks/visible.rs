//! Who sees which task: the one place the scope rule of tasks lives ([`visible`]), and
//! the subquery of tasks assigned to a person or their units that the reminders share.

use super::rows::TaskRow;
use crate::{
    db::MultiBackend,
    schema::{task_areas, tasks},
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

/// The tasks `viewer` may see, by their reach (`danvan_domain::policy::work_reach`):
/// everything; tasks with an area in their provinces and their own; or their own only.
/// Their own are those assigned to them (incl. through their units) or created by them.
pub(super) fn visible(viewer: &TaskViewer) -> TaskQuery {
    let query = tasks::table.into_boxed();
    let reach = viewer.reach();
    if reach == Reach::Everything {
        return query;
    }
    let me = viewer.user_id.to_string();
    let own = tasks::id.eq_any(assigned_to!(me.clone(), viewer.visible_units())).or(tasks::created_by.eq(me));
    if reach == Reach::ProvincesAndOwn {
        let provinces: Vec<String> = viewer.scope.province_ids.iter().map(Uuid::to_string).collect();
        let in_area = tasks::id
            .eq_any(task_areas::table.filter(task_areas::province_id.eq_any(provinces)).select(task_areas::task_id));
        return query.filter(in_area.or(own));
    }
    query.filter(own)
}

/// The task's row if `viewer` may see it, else not found.
pub(super) fn find_visible(conn: &mut DbConnection, viewer: &TaskViewer, id: Uuid) -> Result<TaskRow, StoreError> {
    visible(viewer).filter(tasks::id.eq(id.to_string())).first(conn).found()
}
