//! Creating and changing tasks (managers), and what every change of a task shares: its
//! timeline event, the people its assignees reach, and the task as its viewer loads it.

use super::{
    check::{check, strings, References},
    keys,
    read::{assemble_created, assignee_ids, one, relations_to, unit_names, user_names},
    rows::{EventRow, TaskRow},
    visible::{find_visible, TaskViewer},
};
use crate::{
    audit, new_id,
    notifications::{self, Notice},
    now,
    schema::{task_areas, task_assignees, task_events, tasks, users},
    Actor, DbConnection, StoreError,
};
use danvan_domain::audit::{AuditAction, AuditEntity};
use danvan_domain::{
    named::NamedRef,
    notification::NotificationKind,
    task::{CreateTask, Task, TaskEventKind, TaskPriority, TaskRelation, TaskStatus, UpdateTask},
    text::fold,
};
use diesel::prelude::*;
use uuid::Uuid;

/// Why a task change was refused, beyond what [`StoreError`] says.
#[derive(Debug, thiserror::Error)]
pub enum TaskError {
    /// The caller stands in no relation to the task that allows the change.
    #[error("you may not change this task")]
    Forbidden,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<diesel::result::Error> for TaskError {
    fn from(error: diesel::result::Error) -> Self {
        TaskError::Store(error.into())
    }
}

fn set_assignees(conn: &mut DbConnection, task_id: &str, users: &[Uuid], units: &[Uuid]) -> Result<(), StoreError> {
    diesel::delete(task_assignees::table.filter(task_assignees::task_id.eq(task_id))).execute(conn)?;
    add_assignees(conn, task_id, users, units)
}

/// Inserts only: a create reads nothing of the rows beside its own (see `keys::index_created`).
fn add_assignees(conn: &mut DbConnection, task_id: &str, users: &[Uuid], units: &[Uuid]) -> Result<(), StoreError> {
    for (kind, id) in users.iter().map(|id| ("user", id)).chain(units.iter().map(|id| ("org_unit", id))) {
        diesel::insert_into(task_assignees::table)
            .values((
                task_assignees::task_id.eq(task_id),
                task_assignees::kind.eq(kind),
                task_assignees::ref_id.eq(id.to_string()),
            ))
            .execute(conn)?;
    }
    Ok(())
}

fn set_areas(conn: &mut DbConnection, task_id: &str, areas: &[(String, String)]) -> Result<(), StoreError> {
    diesel::delete(task_areas::table.filter(task_areas::task_id.eq(task_id))).execute(conn)?;
    add_areas(conn, task_id, areas)
}

fn add_areas(conn: &mut DbConnection, task_id: &str, areas: &[(String, String)]) -> Result<(), StoreError> {
    for (area, province) in areas {
        diesel::insert_into(task_areas::table)
            .values((
                task_areas::task_id.eq(task_id),
                task_areas::area_id.eq(area),
                task_areas::province_id.eq(province),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The people and org units assigned, with their names, people first.
fn named_assignees(conn: &mut DbConnection, users: &[Uuid], units: &[Uuid]) -> Result<Vec<NamedRef>, StoreError> {
    let user_names = user_names(conn, &strings(users))?;
    let unit_names = unit_names(conn, &strings(units))?;
    Ok(users
        .iter()
        .map(|id| NamedRef { id: *id, name: user_names.get(&id.to_string()).cloned().unwrap_or_default() })
        .chain(
            units
                .iter()
                .map(|id| NamedRef { id: *id, name: unit_names.get(&id.to_string()).cloned().unwrap_or_default() }),
        )
        .collect())
}

/// Everyone an assignment reaches: the people named and the active people of the units
/// named, without the one who made it.
fn reached(conn: &mut DbConnection, users: &[Uuid], units: &[Uuid], actor: Uuid) -> Result<Vec<String>, StoreError> {
    let mut people = strings(users);
    if !units.is_empty() {
        let in_units: Vec<String> = users::table
            .filter(users::org_unit_id.eq_any(strings(units)))
            .filter(users::active.eq(true))
            .select(users::id)
            .load(conn)?;
        people.extend(in_units);
    }
    let actor = actor.to_string();
    people.retain(|person| *person != actor);
    people.sort();
    people.dedup();
    Ok(people)
}

pub(super) struct NewEvent<'a> {
    pub(super) kind: TaskEventKind,
    pub(super) from: Option<TaskStatus>,
    pub(super) to: Option<TaskStatus>,
    pub(super) percent: Option<i32>,
    pub(super) comment: &'a str,
    pub(super) assignees: &'a [NamedRef],
}

pub(super) fn add_event(
    conn: &mut DbConnection,
    task_id: &str,
    actor: Uuid,
    event: NewEvent,
) -> Result<EventRow, StoreError> {
    let row = EventRow {
        id: new_id(),
        task_id: task_id.to_owned(),
        kind: event.kind.as_str().to_owned(),
        at: now(),
        actor_id: actor.to_string(),
        from_status: event.from.map(|status| status.as_str().to_owned()),
        to_status: event.to.map(|status| status.as_str().to_owned()),
        percent: event.percent,
        comment: event.comment.to_owned(),
        assignees_json: serde_json::to_string(event.assignees).unwrap_or_else(|_| "[]".into()),
    };
    diesel::insert_into(task_events::table).values(&row).execute(conn)?;
    Ok(row)
}

fn assigned_notice<'a>(task_id: &'a str, actor: &'a str) -> Notice<'a> {
    Notice { kind: NotificationKind::Assigned, task_id, actor_id: Some(actor), status: None, due_on: None }
}

/// Creates a task in status `new`, created by `viewer`, and tells its assignees.
pub fn create(
    conn: &mut DbConnection,
    actor: &Actor,
    viewer: &TaskViewer,
    request: &CreateTask,
) -> Result<Task, TaskError> {
    let area_rows = check(
        conn,
        &References {
            plan_item_id: request.plan_item_id,
            working_group_id: request.working_group_id,
            target_group_id: request.target_group_id,
            users: Some(&request.assignee_user_ids),
            units: Some(&request.assignee_org_unit_ids),
            areas: Some(&request.area_ids),
        },
    )?;
    let at = now();
    let priority = request.priority.unwrap_or(TaskPriority::Normal);
    let title = request.title.trim().to_owned();
    let row = TaskRow {
        id: new_id(),
        title_folded: fold(&title),
        title,
        description: request.description.clone(),
        plan_item_id: request.plan_item_id.map(|id| id.to_string()),
        working_group_id: request.working_group_id.map(|id| id.to_string()),
        target_group_id: request.target_group_id.map(|id| id.to_string()),
        due_on: request.due_on,
        priority: priority.as_str().to_owned(),
        priority_rank: priority.rank(),
        status: TaskStatus::New.as_str().to_owned(),
        percent: 0,
        created_by: viewer.user_id.to_string(),
        version: 1,
        created_at: at,
        updated_at: at,
    };
    diesel::insert_into(tasks::table).values(&row).execute(conn)?;
    add_assignees(conn, &row.id, &request.assignee_user_ids, &request.assignee_org_unit_ids)?;
    add_areas(conn, &row.id, &area_rows)?;
    keys::index_created(conn, &row, &request.assignee_user_ids, &request.assignee_org_unit_ids, &area_rows)?;
    let assignees = named_assignees(conn, &request.assignee_user_ids, &request.assignee_org_unit_ids)?;
    let event = NewEvent {
        kind: TaskEventKind::Created,
        from: None,
        to: Some(TaskStatus::New),
        percent: None,
        comment: "",
        assignees: &assignees,
    };
    add_event(conn, &row.id, viewer.user_id, event)?;
    let people = reached(conn, &request.assignee_user_ids, &request.assignee_org_unit_ids, viewer.user_id)?;
    let me = viewer.user_id.to_string();
    notifications::notify(conn, &people, &assigned_notice(&row.id, &me))?;
    let task =
        assemble_created(conn, viewer, row, &request.assignee_user_ids, &request.assignee_org_unit_ids, &area_rows)?;
    audit::record(
        conn,
        actor,
        AuditAction::Create,
        AuditEntity::Task,
        Some(&task.id.to_string()),
        None::<&()>,
        Some(&task),
    )?;
    Ok(task)
}

/// The task's row if `viewer` sees it, with how they stand to it.
pub(super) fn load(
    conn: &mut DbConnection,
    viewer: &TaskViewer,
    id: Uuid,
) -> Result<(TaskRow, Vec<TaskRelation>), StoreError> {
    let row = find_visible(conn, viewer, id)?;
    let relations = relations_to(conn, viewer, &row)?;
    Ok((row, relations))
}

fn same_set(a: &[Uuid], b: &[Uuid]) -> bool {
    let (mut a, mut b) = (a.to_vec(), b.to_vec());
    a.sort();
    b.sort();
    a == b
}

/// Changes a task's fields and assignees (managers). New assignees are a `reassigned`
/// event and notify the people they reach; other changes an `edited` event.
pub fn update(
    conn: &mut DbConnection,
    actor: &Actor,
    viewer: &TaskViewer,
    id: Uuid,
    expected_version: i64,
    request: &UpdateTask,
) -> Result<Task, TaskError> {
    let (current, relations) = load(conn, viewer, id)?;
    if !relations.contains(&TaskRelation::Manager) {
        return Err(TaskError::Forbidden);
    }
    crate::expect_version(expected_version, crate::Found::Version(current.version))?;
    let area_rows = check(
        conn,
        &References {
            plan_item_id: request.plan_item_id.flatten(),
            // A target group the task already has may since have been retired; only a new one is checked.
            target_group_id: request
                .target_group_id
                .flatten()
                .filter(|id| current.target_group_id.as_deref() != Some(id.to_string().as_str())),
            users: request.assignee_user_ids.as_deref(),
            units: request.assignee_org_unit_ids.as_deref(),
            areas: request.area_ids.as_deref(),
            ..Default::default()
        },
    )?;
    let (old_users, old_units) = assignee_ids(conn, &current.id)?;
    let new_users = request.assignee_user_ids.clone().unwrap_or_else(|| old_users.clone());
    let new_units = request.assignee_org_unit_ids.clone().unwrap_or_else(|| old_units.clone());
    if new_users.is_empty() && new_units.is_empty() {
        return Err(StoreError::invalid(
            "assignee_user_ids",
            "required",
            "assign the task to at least one person or org unit",
        )
        .into());
    }
    let reassigned = !same_set(&new_users, &old_users) || !same_set(&new_units, &old_units);

    let before = one(conn, viewer, current.clone())?;
    let mut row = current;
    let mut edited = false;
    if let Some(title) = &request.title {
        let title = title.trim().to_owned();
        if title != row.title {
            row.title_folded = fold(&title);
            row.title = title;
            edited = true;
        }
    }
    if let Some(description) = &request.description {
        if *description != row.description {
            row.description = description.clone();
            edited = true;
        }
    }
    if let Some(item) = request.plan_item_id {
        let item = item.map(|id| id.to_string());
        if item != row.plan_item_id {
            row.plan_item_id = item;
            edited = true;
        }
    }
    if let Some(group) = request.target_group_id {
        let group = group.map(|id| id.to_string());
        if group != row.target_group_id {
            row.target_group_id = group;
            edited = true;
        }
    }
    if let Some(due_on) = request.due_on {
        if due_on != row.due_on {
            row.due_on = due_on;
            edited = true;
        }
    }
    if let Some(priority) = request.priority {
        if priority.as_str() != row.priority {
            row.priority = priority.as_str().to_owned();
            row.priority_rank = priority.rank();
            edited = true;
        }
    }
    if let Some(new_areas) = &request.area_ids {
        let old_areas: Vec<Uuid> = before.areas.iter().map(|area| area.id).collect();
        if !same_set(new_areas, &old_areas) {
            set_areas(conn, &row.id, &area_rows)?;
            edited = true;
        }
    }
    if !edited && !reassigned {
        return Ok(before);
    }
    row.version += 1;
    row.updated_at = now();
    crate::save_versioned!(conn, tasks, &row, expected_version)?;
    if reassigned {
        set_assignees(conn, &row.id, &new_users, &new_units)?;
        let assignees = named_assignees(conn, &new_users, &new_units)?;
        let event = NewEvent {
            kind: TaskEventKind::Reassigned,
            from: None,
            to: None,
            percent: None,
            comment: "",
            assignees: &assignees,
        };
        add_event(conn, &row.id, viewer.user_id, event)?;
        let added_users: Vec<Uuid> = new_users.iter().filter(|id| !old_users.contains(id)).copied().collect();
        let added_units: Vec<Uuid> = new_units.iter().filter(|id| !old_units.contains(id)).copied().collect();
        let people = reached(conn, &added_users, &added_units, viewer.user_id)?;
        let me = viewer.user_id.to_string();
        notifications::notify(conn, &people, &assigned_notice(&row.id, &me))?;
    }
    keys::reindex(conn, std::slice::from_ref(&row.id))?;
    if edited {
        let event =
            NewEvent { kind: TaskEventKind::Edited, from: None, to: None, percent: None, comment: "", assignees: &[] };
        add_event(conn, &row.id, viewer.user_id, event)?;
    }
    let after = one(conn, viewer, row)?;
    audit::record(
        conn,
        actor,
        AuditAction::Update,
        AuditEntity::Task,
        Some(&id.to_string()),
        Some(&before),
        Some(&after),
    )?;
    Ok(after)
}
