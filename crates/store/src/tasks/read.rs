//! Reading tasks as one viewer sees them: a task with its names and the viewer's
//! transitions, a page of them in a few batched queries, the timeline, and plan progress.

use super::{
    list::today,
    rows::{EventRow, TaskRow},
    visible::{find_visible, visible, TaskViewer},
};
use crate::{
    parse_id,
    schema::{
        areas, catalog_entries, org_units, plan_items, plans, task_areas, task_assignees, task_events, tasks, users,
    },
    utc, DbConnection, StoreError,
};
use chrono::NaiveDate;
use danvan_domain::{
    named::NamedRef,
    plan::PlanItemProgress,
    task::{transitions_from, Task, TaskEvent, TaskEventKind, TaskPriority, TaskRelation, TaskStatus},
};
use diesel::prelude::*;
use std::collections::HashMap;
use uuid::Uuid;

/// One task as `viewer` sees it.
pub fn get(conn: &mut DbConnection, viewer: &TaskViewer, id: Uuid) -> Result<Task, StoreError> {
    let row = find_visible(conn, viewer, id)?;
    one(conn, viewer, row)
}

pub(super) fn one(conn: &mut DbConnection, viewer: &TaskViewer, row: TaskRow) -> Result<Task, StoreError> {
    assemble(conn, viewer, &[row])?.pop().ok_or(StoreError::NotFound)
}

/// The user and org unit ids a task is assigned to.
pub(super) fn assignee_ids(conn: &mut DbConnection, task_id: &str) -> Result<(Vec<Uuid>, Vec<Uuid>), StoreError> {
    let rows: Vec<(String, String)> = task_assignees::table
        .filter(task_assignees::task_id.eq(task_id))
        .select((task_assignees::kind, task_assignees::ref_id))
        .load(conn)?;
    let (mut users, mut units) = (Vec::new(), Vec::new());
    for (kind, id) in rows {
        if kind == "user" {
            users.push(parse_id(&id)?);
        } else {
            units.push(parse_id(&id)?);
        }
    }
    users.sort();
    units.sort();
    Ok((users, units))
}

/// How `viewer` stands to the stored task.
pub(super) fn relations_to(
    conn: &mut DbConnection,
    viewer: &TaskViewer,
    row: &TaskRow,
) -> Result<Vec<TaskRelation>, StoreError> {
    let (users, units) = assignee_ids(conn, &row.id)?;
    Ok(viewer.relations(parse_id(&row.created_by)?, &users, &units))
}

/// Ids with their names, from (id, name) rows.
use crate::{lookup, named};

/// Display names of users.
pub(crate) fn user_names(conn: &mut DbConnection, ids: &[String]) -> Result<HashMap<String, String>, StoreError> {
    Ok(lookup(users::table.filter(users::id.eq_any(ids)).select((users::id, users::display_name)).load(conn)?))
}

/// Names of org units, deleted ones included so that old tasks still read.
pub(super) fn unit_names(conn: &mut DbConnection, ids: &[String]) -> Result<HashMap<String, String>, StoreError> {
    Ok(lookup(org_units::table.filter(org_units::id.eq_any(ids)).select((org_units::id, org_units::name)).load(conn)?))
}

/// Rows per batch of name look-ups, well below both backends' bind parameter limits.
const CHUNK: usize = 500;

/// Turns rows into tasks as `viewer` sees them.
pub(super) fn assemble(
    conn: &mut DbConnection,
    viewer: &TaskViewer,
    rows: &[TaskRow],
) -> Result<Vec<Task>, StoreError> {
    let mut tasks = Vec::with_capacity(rows.len());
    for chunk in rows.chunks(CHUNK) {
        tasks.extend(assemble_chunk(conn, viewer, chunk)?);
    }
    Ok(tasks)
}

fn assemble_chunk(conn: &mut DbConnection, viewer: &TaskViewer, rows: &[TaskRow]) -> Result<Vec<Task>, StoreError> {
    let ids: Vec<String> = rows.iter().map(|row| row.id.clone()).collect();
    let assignees: Vec<(String, String, String)> = task_assignees::table
        .filter(task_assignees::task_id.eq_any(&ids))
        .select((task_assignees::task_id, task_assignees::kind, task_assignees::ref_id))
        .load(conn)?;
    let area_links: Vec<(String, String)> = task_areas::table
        .filter(task_areas::task_id.eq_any(&ids))
        .select((task_areas::task_id, task_areas::area_id))
        .load(conn)?;
    assemble_with(conn, viewer, rows, assignees, area_links)
}

/// A task just created as `viewer` sees it, from the assignees and areas the create
/// holds rather than read back (see `keys::index_created` for why).
pub(super) fn assemble_created(
    conn: &mut DbConnection,
    viewer: &TaskViewer,
    row: TaskRow,
    users: &[Uuid],
    units: &[Uuid],
    areas: &[(String, String)],
) -> Result<Task, StoreError> {
    let assignees = users
        .iter()
        .map(|id| (row.id.clone(), "user".to_owned(), id.to_string()))
        .chain(units.iter().map(|id| (row.id.clone(), "org_unit".to_owned(), id.to_string())))
        .collect();
    let area_links = areas.iter().map(|(area, _)| (row.id.clone(), area.clone())).collect();
    assemble_with(conn, viewer, std::slice::from_ref(&row), assignees, area_links)?.pop().ok_or(StoreError::NotFound)
}

/// Turns rows into tasks, given their (task, kind, id) assignees and (task, area) links.
fn assemble_with(
    conn: &mut DbConnection,
    viewer: &TaskViewer,
    rows: &[TaskRow],
    assignees: Vec<(String, String, String)>,
    area_links: Vec<(String, String)>,
) -> Result<Vec<Task>, StoreError> {
    let mut user_ids: Vec<String> = rows.iter().map(|row| row.created_by.clone()).collect();
    user_ids.extend(assignees.iter().filter(|(_, kind, _)| kind == "user").map(|(_, _, id)| id.clone()));
    let unit_ids: Vec<String> =
        assignees.iter().filter(|(_, kind, _)| kind == "org_unit").map(|(_, _, id)| id.clone()).collect();
    let area_ids: Vec<String> = area_links.iter().map(|(_, area)| area.clone()).collect();
    let item_ids: Vec<String> = rows.iter().filter_map(|row| row.plan_item_id.clone()).collect();
    let group_ids: Vec<String> = rows.iter().filter_map(|row| row.target_group_id.clone()).collect();

    let users = user_names(conn, &user_ids)?;
    let units = unit_names(conn, &unit_ids)?;
    let area_names =
        lookup(areas::table.filter(areas::id.eq_any(&area_ids)).select((areas::id, areas::name)).load(conn)?);
    let items: HashMap<String, String> = plan_items::table
        .filter(plan_items::id.eq_any(&item_ids))
        .select((plan_items::id, plan_items::number, plan_items::title))
        .load::<(String, String, String)>(conn)?
        .into_iter()
        .map(|(id, number, title)| (id, format!("{number}. {title}")))
        .collect();
    let groups = lookup(
        catalog_entries::table
            .filter(catalog_entries::id.eq_any(&group_ids))
            .select((catalog_entries::id, catalog_entries::name_vi))
            .load(conn)?,
    );

    let mut users_of: HashMap<&str, Vec<NamedRef>> = HashMap::new();
    let mut units_of: HashMap<&str, Vec<NamedRef>> = HashMap::new();
    for (task, kind, id) in &assignees {
        if kind == "user" {
            users_of.entry(task).or_default().push(named(id, &users)?);
        } else {
            units_of.entry(task).or_default().push(named(id, &units)?);
        }
    }
    let mut areas_of: HashMap<&str, Vec<NamedRef>> = HashMap::new();
    for (task, area) in &area_links {
        areas_of.entry(task).or_default().push(named(area, &area_names)?);
    }

    rows.iter()
        .map(|row| {
            let by_name = |refs: &mut Vec<NamedRef>| refs.sort_by(|a, b| (&a.name, a.id).cmp(&(&b.name, b.id)));
            let mut assignee_users = users_of.remove(row.id.as_str()).unwrap_or_default();
            let mut assignee_org_units = units_of.remove(row.id.as_str()).unwrap_or_default();
            let mut task_areas = areas_of.remove(row.id.as_str()).unwrap_or_default();
            by_name(&mut assignee_users);
            by_name(&mut assignee_org_units);
            by_name(&mut task_areas);
            let status = row.status()?;
            let created_by = named(&row.created_by, &users)?;
            let user_refs: Vec<Uuid> = assignee_users.iter().map(|user| user.id).collect();
            let unit_refs: Vec<Uuid> = assignee_org_units.iter().map(|unit| unit.id).collect();
            let relations = viewer.relations(created_by.id, &user_refs, &unit_refs);
            Ok(Task {
                id: parse_id(&row.id)?,
                title: row.title.clone(),
                description: row.description.clone(),
                plan_item: row.plan_item_id.as_deref().map(|id| named(id, &items)).transpose()?,
                working_group_id: row.working_group_id.as_deref().map(parse_id).transpose()?,
                assignee_users,
                assignee_org_units,
                areas: task_areas,
                target_group: row.target_group_id.as_deref().map(|id| named(id, &groups)).transpose()?,
                due_on: row.due_on,
                priority: TaskPriority::parse(&row.priority)
                    .ok_or_else(|| StoreError::Corrupt(format!("task priority {:?}", row.priority)))?,
                status,
                percent: row.percent,
                created_by,
                allowed_transitions: transitions_from(status, &relations),
                can_edit: relations.contains(&TaskRelation::Manager),
                can_report: !relations.is_empty() && status.takes_progress(),
                version: row.version,
                created_at: utc(row.created_at),
                updated_at: utc(row.updated_at),
            })
        })
        .collect()
}

/// The task's timeline, oldest first.
pub fn timeline(conn: &mut DbConnection, viewer: &TaskViewer, id: Uuid) -> Result<Vec<TaskEvent>, StoreError> {
    let row = find_visible(conn, viewer, id)?;
    let rows: Vec<EventRow> = task_events::table
        .filter(task_events::task_id.eq(&row.id))
        .order((task_events::at.asc(), task_events::id.asc()))
        .load(conn)?;
    events(conn, rows)
}

/// Turns event rows into events, with the actors' names.
pub(super) fn events(conn: &mut DbConnection, rows: Vec<EventRow>) -> Result<Vec<TaskEvent>, StoreError> {
    let actor_ids: Vec<String> = rows.iter().map(|row| row.actor_id.clone()).collect();
    let actors = user_names(conn, &actor_ids)?;
    let status = |value: Option<String>| -> Result<Option<TaskStatus>, StoreError> {
        value
            .map(|text| TaskStatus::parse(&text).ok_or_else(|| StoreError::Corrupt(format!("event status {text:?}"))))
            .transpose()
    };
    rows.into_iter()
        .map(|row| {
            Ok(TaskEvent {
                id: parse_id(&row.id)?,
                task_id: parse_id(&row.task_id)?,
                kind: TaskEventKind::parse(&row.kind)
                    .ok_or_else(|| StoreError::Corrupt(format!("event kind {:?}", row.kind)))?,
                at: utc(row.at),
                actor: named(&row.actor_id, &actors)?,
                from_status: status(row.from_status)?,
                to_status: status(row.to_status)?,
                percent: row.percent,
                comment: row.comment,
                assignees: serde_json::from_str(&row.assignees_json)
                    .map_err(|e| StoreError::Corrupt(format!("event assignees: {e}")))?,
            })
        })
        .collect()
}

/// How far the tasks of each item of the plan have got, counting the tasks `viewer`
/// sees and leaving cancelled ones out; items without such tasks are left out.
pub fn plan_progress(
    conn: &mut DbConnection,
    viewer: &TaskViewer,
    plan_id: Uuid,
) -> Result<Vec<PlanItemProgress>, StoreError> {
    let plan = plan_id.to_string();
    let found: i64 = plans::table.filter(plans::id.eq(&plan)).count().get_result(conn)?;
    if found == 0 {
        return Err(StoreError::NotFound);
    }
    let items: Vec<String> = plan_items::table
        .filter(plan_items::plan_id.eq(&plan))
        .order((plan_items::position.asc(), plan_items::number.asc()))
        .select(plan_items::id)
        .load(conn)?;
    let rows: Vec<(Option<String>, String, NaiveDate, i32)> = visible(viewer)
        .filter(tasks::plan_item_id.eq_any(items.clone()))
        .filter(tasks::status.ne(TaskStatus::Cancelled.as_str()))
        .select((tasks::plan_item_id, tasks::status, tasks::due_on, tasks::percent))
        .load(conn)?;
    let today = today();
    let mut tallies: HashMap<String, (PlanItemProgress, i64)> = HashMap::new();
    for (item, status, due_on, percent) in rows {
        let Some(item) = item else { continue };
        let status =
            TaskStatus::parse(&status).ok_or_else(|| StoreError::Corrupt(format!("task status {status:?}")))?;
        let plan_item_id = parse_id(&item)?;
        let (tally, percent_sum) =
            tallies.entry(item).or_insert_with(|| (PlanItemProgress { plan_item_id, ..Default::default() }, 0));
        tally.total += 1;
        if matches!(status, TaskStatus::Done | TaskStatus::Verified) {
            tally.done += 1;
        }
        if status == TaskStatus::Verified {
            tally.verified += 1;
        }
        if status.is_open() && due_on < today {
            tally.overdue += 1;
        }
        *percent_sum += i64::from(percent);
    }
    Ok(items
        .iter()
        .filter_map(|item| tallies.remove(item))
        .map(|(mut tally, percent_sum)| {
            tally.percent = (percent_sum as f64 / tally.total as f64).round() as i64;
            tally
        })
        .collect())
}
