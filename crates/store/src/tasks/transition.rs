//! Moving a task along the transition table, and reporting its progress (assignees and
//! managers).

use super::{
    keys,
    read::{events, one},
    visible::TaskViewer,
    write::{add_event, load, NewEvent, TaskError},
};
use crate::{
    audit,
    notifications::{self, Notice},
    now,
    schema::tasks,
    Actor, DbConnection, StoreError,
};
use danvan_domain::audit::{AuditAction, AuditEntity};
use danvan_domain::{
    notification::NotificationKind,
    task::{may_transition, PostProgress, Task, TaskEvent, TaskEventKind, TaskStatus, TaskTransition},
};
use diesel::prelude::*;
use uuid::Uuid;

/// Takes a task to another status if the transition table lets the caller make that
/// transition; done sets the percent to 100. The creator hears of it unless they moved it.
pub fn transition_task(
    conn: &mut DbConnection,
    actor: &Actor,
    viewer: &TaskViewer,
    id: Uuid,
    expected_version: i64,
    request: &TaskTransition,
) -> Result<Task, TaskError> {
    let (current, relations) = load(conn, viewer, id)?;
    if relations.is_empty() {
        return Err(TaskError::Forbidden);
    }
    crate::expect_version(expected_version, crate::Found::Version(current.version))?;
    let from = current.status()?;
    if !may_transition(from, request.to, &relations) {
        return Err(StoreError::conflict(
            "transition_not_allowed",
            format!("you may not move this task from {from} to {}", request.to),
        )
        .into());
    }
    let before = one(conn, viewer, current.clone())?;
    let mut row = current;
    row.status = request.to.as_str().to_owned();
    if request.to == TaskStatus::Done {
        row.percent = 100;
    }
    row.version += 1;
    row.updated_at = now();
    crate::save_versioned!(conn, tasks, &row, expected_version)?;
    keys::restamp(conn, &row)?;
    let event = NewEvent {
        kind: TaskEventKind::Moved,
        from: Some(from),
        to: Some(request.to),
        percent: None,
        comment: &request.comment,
        assignees: &[],
    };
    add_event(conn, &row.id, viewer.user_id, event)?;
    let me = viewer.user_id.to_string();
    if row.created_by != me {
        let notice = Notice {
            kind: NotificationKind::StatusChanged,
            task_id: &row.id,
            actor_id: Some(&me),
            status: Some(request.to),
            due_on: None,
        };
        notifications::notify(conn, std::slice::from_ref(&row.created_by), &notice)?;
    }
    let after = one(conn, viewer, row)?;
    audit::record(
        conn,
        actor,
        AuditAction::Transition,
        AuditEntity::Task,
        Some(&id.to_string()),
        Some(&before),
        Some(&after),
    )?;
    Ok(after)
}

/// Records a progress report and sets the task's percent; the task must be in a status
/// that takes progress.
pub fn post_progress(
    conn: &mut DbConnection,
    actor: &Actor,
    viewer: &TaskViewer,
    id: Uuid,
    expected_version: i64,
    request: &PostProgress,
) -> Result<TaskEvent, TaskError> {
    let (current, relations) = load(conn, viewer, id)?;
    if relations.is_empty() {
        return Err(TaskError::Forbidden);
    }
    crate::expect_version(expected_version, crate::Found::Version(current.version))?;
    let status = current.status()?;
    if !status.takes_progress() {
        return Err(StoreError::conflict(
            "not_in_progress",
            format!("a task in status {status} takes no progress reports; accept it first"),
        )
        .into());
    }
    let mut row = current;
    row.percent = request.percent;
    row.version += 1;
    row.updated_at = now();
    crate::save_versioned!(conn, tasks, &row, expected_version)?;
    keys::restamp(conn, &row)?;
    let event = NewEvent {
        kind: TaskEventKind::Progress,
        from: None,
        to: None,
        percent: Some(request.percent),
        comment: &request.comment,
        assignees: &[],
    };
    let event_row = add_event(conn, &row.id, viewer.user_id, event)?;
    let event = events(conn, vec![event_row])?.pop().ok_or(StoreError::NotFound)?;
    audit::record(
        conn,
        actor,
        AuditAction::Create,
        AuditEntity::TaskEvent,
        Some(&event.id.to_string()),
        None::<&()>,
        Some(&event),
    )?;
    Ok(event)
}
