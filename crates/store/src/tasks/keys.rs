//! The keys each task is listed under (`task_list_keys`): one row per task and thing a
//! list filters on, carrying the task's status and sort columns. A filtered, sorted page
//! is then one walk of one index (`key`, sort column, id) that stops after the page,
//! whatever the size of the table. The rows are derived, in the transaction that changes
//! the task: [`index_created`] from what a create holds, [`restamp`] after a move or a
//! progress report, [`reindex`] anew from the stored row, assignees and areas.

use super::rows::TaskRow;
use crate::{
    schema::{task_areas, task_assignees, task_list_keys, tasks},
    DbConnection, StoreError,
};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use std::collections::{BTreeSet, HashMap};
use std::fmt::Display;
use uuid::Uuid;

/// Every task.
pub(super) const ALL: &str = "all";

/// Tasks with this area, or with an area inside this province.
pub(super) fn area(id: impl Display) -> String {
    format!("area:{id}")
}

/// Tasks assigned to this person.
pub(super) fn user(id: impl Display) -> String {
    format!("user:{id}")
}

/// Tasks assigned to this org unit.
pub(super) fn unit(id: impl Display) -> String {
    format!("unit:{id}")
}

/// Tasks created by this person.
pub(super) fn creator(id: impl Display) -> String {
    format!("creator:{id}")
}

/// Tasks of this plan item.
pub(super) fn item(id: impl Display) -> String {
    format!("item:{id}")
}

/// Tasks of this working group.
pub(super) fn group(id: impl Display) -> String {
    format!("group:{id}")
}

#[derive(Insertable)]
#[diesel(table_name = task_list_keys)]
struct KeyRow {
    task_id: String,
    key: String,
    status: String,
    due_on: NaiveDate,
    priority_rank: i32,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

type Listed = (String, String, NaiveDate, i32, NaiveDateTime, NaiveDateTime, String, Option<String>, Option<String>);

/// The columns of a [`KeyRow`].
const KEY_COLUMNS: usize = 7;

/// Tasks reindexed per statement, well below both backends' bind parameter limits.
const CHUNK: usize = 1000;

/// Writes the list keys of a task just created from what the create holds in hand:
/// inserts only, so that concurrent creates read nothing of each other (on PostgreSQL,
/// reading back the rows of a new id would conflict with every create beside it).
pub(super) fn index_created(
    conn: &mut DbConnection,
    row: &TaskRow,
    users: &[Uuid],
    units: &[Uuid],
    areas: &[(String, String)],
) -> Result<(), StoreError> {
    let mut set: BTreeSet<String> = users.iter().map(user).chain(units.iter().map(unit)).collect();
    for (area_id, province_id) in areas {
        insert_area(&mut set, area_id, province_id);
    }
    let listed = (
        row.id.clone(),
        row.status.clone(),
        row.due_on,
        row.priority_rank,
        row.created_at,
        row.updated_at,
        row.created_by.clone(),
        row.plan_item_id.clone(),
        row.working_group_id.clone(),
    );
    crate::insert_many!(conn, task_list_keys::table, &key_rows(listed, set), KEY_COLUMNS)?;
    Ok(())
}

/// Copies the task's status and `updated_at` to its list keys: what a move or a progress
/// report changes, which leaves the keys themselves as they are.
pub(super) fn restamp(conn: &mut DbConnection, row: &TaskRow) -> Result<(), StoreError> {
    diesel::update(task_list_keys::table.filter(task_list_keys::task_id.eq(&row.id)))
        .set((task_list_keys::status.eq(&row.status), task_list_keys::updated_at.eq(row.updated_at)))
        .execute(conn)?;
    Ok(())
}

/// Writes the list keys of the tasks `ids` anew from what is stored of them; called by
/// every edit of a task, after its row, assignees and areas are saved.
pub(crate) fn reindex(conn: &mut DbConnection, ids: &[String]) -> Result<(), StoreError> {
    for ids in ids.chunks(CHUNK) {
        reindex_chunk(conn, ids)?;
    }
    Ok(())
}

fn reindex_chunk(conn: &mut DbConnection, ids: &[String]) -> Result<(), StoreError> {
    let listed: Vec<Listed> = tasks::table
        .filter(tasks::id.eq_any(ids))
        .select((
            tasks::id,
            tasks::status,
            tasks::due_on,
            tasks::priority_rank,
            tasks::created_at,
            tasks::updated_at,
            tasks::created_by,
            tasks::plan_item_id,
            tasks::working_group_id,
        ))
        .load(conn)?;
    let mut keys: HashMap<String, BTreeSet<String>> = HashMap::new();
    for (task, kind, id) in task_assignees::table
        .filter(task_assignees::task_id.eq_any(ids))
        .select((task_assignees::task_id, task_assignees::kind, task_assignees::ref_id))
        .load::<(String, String, String)>(conn)?
    {
        keys.entry(task).or_default().insert(if kind == "user" { user(id) } else { unit(id) });
    }
    for (task, area_id, province_id) in task_areas::table
        .filter(task_areas::task_id.eq_any(ids))
        .select((task_areas::task_id, task_areas::area_id, task_areas::province_id))
        .load::<(String, String, String)>(conn)?
    {
        insert_area(keys.entry(task).or_default(), &area_id, &province_id);
    }
    let rows: Vec<KeyRow> = listed
        .into_iter()
        .flat_map(|listed| {
            let set = keys.remove(&listed.0).unwrap_or_default();
            key_rows(listed, set)
        })
        .collect();
    diesel::delete(task_list_keys::table.filter(task_list_keys::task_id.eq_any(ids))).execute(conn)?;
    crate::insert_many!(conn, task_list_keys::table, &rows, KEY_COLUMNS)?;
    Ok(())
}

/// A task with an area is listed under the area and under its province.
fn insert_area(set: &mut BTreeSet<String>, area_id: &str, province_id: &str) {
    set.insert(area(area_id));
    set.insert(area(province_id));
}

/// The key rows of one task: its assignee and area keys `set`, and the keys of its row.
fn key_rows(listed: Listed, mut set: BTreeSet<String>) -> Vec<KeyRow> {
    let (id, status, due_on, priority_rank, created_at, updated_at, created_by, plan_item, working_group) = listed;
    set.insert(ALL.to_owned());
    set.insert(creator(created_by));
    set.extend(plan_item.map(item));
    set.extend(working_group.map(group));
    set.into_iter()
        .map(|key| KeyRow {
            task_id: id.clone(),
            key,
            status: status.clone(),
            due_on,
            priority_rank,
            created_at,
            updated_at,
        })
        .collect()
}
