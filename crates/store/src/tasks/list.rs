//! The task list and its export: the filters, the orders and their cursors, walked along
//! the task list keys ([`super::keys`]).

use super::{
    keys,
    read::assemble,
    rows::TaskRow,
    visible::{open_statuses, visible_keys, TaskViewer},
};
use crate::{
    db::MultiBackend,
    limit::LimitInText,
    paging::{self, paginate},
    schema::{task_list_keys, tasks},
    DbConnection, StoreError,
};
use chrono::{DateTime, NaiveDate, Utc};
use danvan_domain::{
    calendar,
    task::{Task, TaskSort, TaskStatus},
    text::fold,
};
use diesel::dsl::{exists, InnerJoin, IntoBoxed, Select};
use diesel::prelude::*;
use uuid::Uuid;

/// Filters of the task list and export; all optional.
#[derive(Debug, Clone, Default)]
pub struct TaskFilter {
    /// Any of these statuses; all when empty.
    pub statuses: Vec<TaskStatus>,
    pub assignee_user_id: Option<Uuid>,
    pub assignee_org_unit_id: Option<Uuid>,
    /// Tasks with this area, or with an area inside this province.
    pub area_id: Option<Uuid>,
    pub plan_item_id: Option<Uuid>,
    pub working_group_id: Option<Uuid>,
    pub due_from: Option<NaiveDate>,
    pub due_to: Option<NaiveDate>,
    /// Only tasks the viewer is an assignee of, directly or through their org unit.
    pub mine: bool,
    pub created_by_me: bool,
    pub overdue: bool,
    pub due_soon: bool,
    /// Part of the title; diacritics and case are ignored.
    pub q: Option<String>,
    pub updated_since: Option<DateTime<Utc>>,
}

/// Today in Vietnam, the day due dates are compared with.
pub fn today() -> NaiveDate {
    calendar::today(Utc::now())
}

/// The task list's query: the keys table joined to the tasks, selecting the tasks.
type Listing = IntoBoxed<
    'static,
    Select<InnerJoin<task_list_keys::table, tasks::table>, <tasks::table as Table>::AllColumns>,
    MultiBackend,
>;

diesel::alias!(task_list_keys as other_keys: OtherKeys);

/// The sets of list keys a task must have one of to pass `filter` and be seen by
/// `viewer`, single keys first: the first set drives the walk, the others are checked
/// on each row.
fn key_sets(viewer: &TaskViewer, filter: &TaskFilter) -> Vec<Vec<String>> {
    let mut sets: Vec<Vec<String>> = [
        filter.assignee_user_id.map(keys::user),
        filter.assignee_org_unit_id.map(keys::unit),
        filter.area_id.map(keys::area),
        filter.plan_item_id.map(keys::item),
        filter.working_group_id.map(keys::group),
        filter.created_by_me.then(|| keys::creator(viewer.user_id)),
    ]
    .into_iter()
    .flatten()
    .map(|key| vec![key])
    .collect();
    if filter.mine {
        sets.push(std::iter::once(keys::user(viewer.user_id)).chain(viewer.org_unit_id.map(keys::unit)).collect());
    }
    sets.extend(visible_keys(viewer));
    sets.sort_by_key(Vec::len);
    sets
}

/// The visible tasks that pass `filter` on `today`, walked along the keys of the first
/// of [`key_sets`] (every task's `all` key when there is none). A walk along more than
/// one key meets a task once per key it has; [`rows`] keeps it once.
fn filtered(viewer: &TaskViewer, filter: &TaskFilter, today: NaiveDate) -> Listing {
    let mut sets = key_sets(viewer, filter).into_iter();
    let mut query = task_list_keys::table.inner_join(tasks::table).select(tasks::all_columns).into_boxed();
    query = match sets.next() {
        None => query.filter(task_list_keys::key.eq(keys::ALL)),
        Some(mut set) if set.len() == 1 => query.filter(task_list_keys::key.eq(set.remove(0))),
        Some(set) => query.filter(task_list_keys::key.eq_any(set)),
    };
    for set in sets {
        query = query.filter(exists(
            other_keys
                .filter(other_keys.field(task_list_keys::task_id).eq(task_list_keys::task_id))
                .filter(other_keys.field(task_list_keys::key).eq_any(set)),
        ));
    }
    match filter.statuses.as_slice() {
        [] => {}
        [status] => query = query.filter(task_list_keys::status.eq(status.as_str())),
        statuses => query = query.filter(task_list_keys::status.eq_any(statuses.iter().map(|status| status.as_str()))),
    }
    if let Some(from) = filter.due_from {
        query = query.filter(task_list_keys::due_on.ge(from));
    }
    if let Some(to) = filter.due_to {
        query = query.filter(task_list_keys::due_on.le(to));
    }
    if filter.overdue {
        query = query.filter(task_list_keys::status.eq_any(open_statuses())).filter(task_list_keys::due_on.lt(today));
    }
    if filter.due_soon {
        query = query
            .filter(task_list_keys::status.eq_any(open_statuses()))
            .filter(task_list_keys::due_on.ge(today))
            .filter(task_list_keys::due_on.le(calendar::due_soon_until(today)));
    }
    if let Some(q) = &filter.q {
        let needle: String = fold(q).chars().filter(|c| !matches!(c, '%' | '_' | '\\')).collect();
        query = query.filter(tasks::title_folded.like(format!("%{needle}%")));
    }
    if let Some(since) = filter.updated_since {
        query = query.filter(task_list_keys::updated_at.gt(since.naive_utc()));
    }
    query
}

/// Orders `query` by `sort` then id, starting after the sort key `after`.
fn sorted(query: Listing, sort: TaskSort, after: Option<[String; 2]>) -> Result<Listing, StoreError> {
    macro_rules! seek {
        ($column:expr, $parse:expr, $direction:tt) => {{
            let after = after.map(|[value, id]| Ok::<_, StoreError>(($parse(&value)?, id))).transpose()?;
            Ok(paging::seek!(query, $column, task_list_keys::task_id, after, $direction))
        }};
    }
    match sort {
        TaskSort::DueOn => seek!(task_list_keys::due_on, paging::parse_date, asc),
        TaskSort::DueOnDesc => seek!(task_list_keys::due_on, paging::parse_date, desc),
        TaskSort::Priority => seek!(task_list_keys::priority_rank, parse_rank, asc),
        TaskSort::PriorityDesc => seek!(task_list_keys::priority_rank, parse_rank, desc),
        TaskSort::CreatedAt => seek!(task_list_keys::created_at, paging::parse_stamp, asc),
        TaskSort::CreatedAtDesc => seek!(task_list_keys::created_at, paging::parse_stamp, desc),
        TaskSort::UpdatedAt => seek!(task_list_keys::updated_at, paging::parse_stamp, asc),
        TaskSort::UpdatedAtDesc => seek!(task_list_keys::updated_at, paging::parse_stamp, desc),
    }
}

fn parse_rank(text: &str) -> Result<i32, StoreError> {
    text.parse().map_err(|_| paging::bad_cursor())
}

fn sort_key(row: &TaskRow, sort: TaskSort) -> [String; 2] {
    let value = match sort {
        TaskSort::DueOn | TaskSort::DueOnDesc => row.due_on.format("%Y-%m-%d").to_string(),
        TaskSort::Priority | TaskSort::PriorityDesc => row.priority_rank.to_string(),
        TaskSort::CreatedAt | TaskSort::CreatedAtDesc => paging::stamp(row.created_at),
        TaskSort::UpdatedAt | TaskSort::UpdatedAtDesc => paging::stamp(row.updated_at),
    };
    [value, row.id.clone()]
}

/// Up to `count` rows of the tasks `viewer` sees that pass `filter`, in `sort` order
/// after the sort key `after`, each task once.
fn rows(
    conn: &mut DbConnection,
    viewer: &TaskViewer,
    filter: &TaskFilter,
    sort: TaskSort,
    mut after: Option<[String; 2]>,
    count: usize,
) -> Result<Vec<TaskRow>, StoreError> {
    let today = today();
    let mut rows: Vec<TaskRow> = Vec::with_capacity(count);
    loop {
        let batch: Vec<TaskRow> =
            sorted(filtered(viewer, filter, today), sort, after.take())?.limit_in_text(count).load(conn)?;
        let full = batch.len() == count;
        after = batch.last().map(|row| sort_key(row, sort));
        // A task met again is met at once: its keys share its sort key and id.
        for row in batch {
            if rows.last().is_none_or(|last| last.id != row.id) {
                rows.push(row);
            }
        }
        if rows.len() >= count || !full {
            rows.truncate(count);
            return Ok(rows);
        }
    }
}

/// One page of the tasks `viewer` sees that pass `filter`, in `sort` order.
pub fn list(
    conn: &mut DbConnection,
    viewer: &TaskViewer,
    filter: &TaskFilter,
    sort: TaskSort,
    limit: usize,
    after: Option<&str>,
) -> Result<paging::Page<Task>, StoreError> {
    let after = after.map(paging::decode).transpose()?;
    let rows = rows(conn, viewer, filter, sort, after, limit + 1)?;
    paginate(rows, limit, |row| sort_key(row, sort).to_vec(), |rows| assemble(conn, viewer, &rows))
}

/// Every task the list would return for the same filter and order, without paging;
/// `None` when there are more than `max`.
pub fn export(
    conn: &mut DbConnection,
    viewer: &TaskViewer,
    filter: &TaskFilter,
    sort: TaskSort,
    max: usize,
) -> Result<Option<Vec<Task>>, StoreError> {
    let rows = rows(conn, viewer, filter, sort, None, max + 1)?;
    if rows.len() > max {
        return Ok(None);
    }
    Ok(Some(assemble(conn, viewer, &rows)?))
}

/// The database's plan for the first page of the list, of the default size (see
/// [`crate::explain`]).
pub fn explain_list(
    conn: &mut DbConnection,
    viewer: &TaskViewer,
    filter: &TaskFilter,
    sort: TaskSort,
) -> Result<Vec<String>, StoreError> {
    let first_page = paging::fetch(danvan_domain::page::DEFAULT_LIMIT as usize);
    crate::explain::plan(conn, sorted(filtered(viewer, filter, today()), sort, None)?.limit_in_text(first_page))
}
