//! The task list and its export: the filters, the orders and their cursors.

use super::{
    read::assemble,
    rows::TaskRow,
    visible::{assigned_to, open_statuses, visible, TaskQuery, TaskViewer},
};
use crate::{
    paging,
    schema::{task_areas, task_assignees, tasks},
    DbConnection, StoreError,
};
use chrono::{DateTime, NaiveDate, Utc};
use danvan_domain::{
    calendar,
    task::{Task, TaskSort, TaskStatus},
    text::fold,
};
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

/// The visible tasks that pass `filter` on `today`.
fn filtered(viewer: &TaskViewer, filter: &TaskFilter, today: NaiveDate) -> TaskQuery {
    let mut query = visible(viewer);
    if !filter.statuses.is_empty() {
        let statuses: Vec<&'static str> = filter.statuses.iter().map(|status| status.as_str()).collect();
        query = query.filter(tasks::status.eq_any(statuses));
    }
    if let Some(user) = filter.assignee_user_id {
        query = query.filter(tasks::id.eq_any(assigned_to!(user.to_string(), Vec::<String>::new())));
    }
    if let Some(unit) = filter.assignee_org_unit_id {
        let assigned = task_assignees::table
            .filter(task_assignees::kind.eq("org_unit"))
            .filter(task_assignees::ref_id.eq(unit.to_string()))
            .select(task_assignees::task_id);
        query = query.filter(tasks::id.eq_any(assigned));
    }
    if let Some(area) = filter.area_id {
        let area = area.to_string();
        let inside = task_areas::table
            .filter(task_areas::area_id.eq(area.clone()).or(task_areas::province_id.eq(area)))
            .select(task_areas::task_id);
        query = query.filter(tasks::id.eq_any(inside));
    }
    if let Some(item) = filter.plan_item_id {
        query = query.filter(tasks::plan_item_id.eq(item.to_string()));
    }
    if let Some(group) = filter.working_group_id {
        query = query.filter(tasks::working_group_id.eq(group.to_string()));
    }
    if let Some(from) = filter.due_from {
        query = query.filter(tasks::due_on.ge(from));
    }
    if let Some(to) = filter.due_to {
        query = query.filter(tasks::due_on.le(to));
    }
    if filter.mine {
        let own_units: Vec<String> = viewer.org_unit_id.iter().map(Uuid::to_string).collect();
        query = query.filter(tasks::id.eq_any(assigned_to!(viewer.user_id.to_string(), own_units)));
    }
    if filter.created_by_me {
        query = query.filter(tasks::created_by.eq(viewer.user_id.to_string()));
    }
    if filter.overdue {
        query = query.filter(tasks::status.eq_any(open_statuses())).filter(tasks::due_on.lt(today));
    }
    if filter.due_soon {
        query = query
            .filter(tasks::status.eq_any(open_statuses()))
            .filter(tasks::due_on.ge(today))
            .filter(tasks::due_on.le(calendar::due_soon_until(today)));
    }
    if let Some(q) = &filter.q {
        let needle: String = fold(q).chars().filter(|c| !matches!(c, '%' | '_' | '\\')).collect();
        query = query.filter(tasks::title_folded.like(format!("%{needle}%")));
    }
    if let Some(since) = filter.updated_since {
        query = query.filter(tasks::updated_at.gt(since.naive_utc()));
    }
    query
}

/// Orders `query` by `sort` then id, starting after the cursor `after`.
fn sorted(query: TaskQuery, sort: TaskSort, after: Option<&str>) -> Result<TaskQuery, StoreError> {
    let key: Option<[String; 2]> = after.map(paging::decode).transpose()?;
    macro_rules! seek {
        ($column:expr, $parse:expr, $direction:tt) => {{
            let after = key.map(|[value, id]| Ok::<_, StoreError>(($parse(&value)?, id))).transpose()?;
            Ok(paging::seek!(query, $column, tasks::id, after, $direction))
        }};
    }
    match sort {
        TaskSort::DueOn => seek!(tasks::due_on, paging::parse_date, asc),
        TaskSort::DueOnDesc => seek!(tasks::due_on, paging::parse_date, desc),
        TaskSort::Priority => seek!(tasks::priority_rank, parse_rank, asc),
        TaskSort::PriorityDesc => seek!(tasks::priority_rank, parse_rank, desc),
        TaskSort::CreatedAt => seek!(tasks::created_at, paging::parse_stamp, asc),
        TaskSort::CreatedAtDesc => seek!(tasks::created_at, paging::parse_stamp, desc),
        TaskSort::UpdatedAt => seek!(tasks::updated_at, paging::parse_stamp, asc),
        TaskSort::UpdatedAtDesc => seek!(tasks::updated_at, paging::parse_stamp, desc),
    }
}

fn parse_rank(text: &str) -> Result<i32, StoreError> {
    text.parse().map_err(|_| paging::bad_cursor())
}

fn sort_key(row: &TaskRow, sort: TaskSort) -> Vec<String> {
    let value = match sort {
        TaskSort::DueOn | TaskSort::DueOnDesc => row.due_on.format("%Y-%m-%d").to_string(),
        TaskSort::Priority | TaskSort::PriorityDesc => row.priority_rank.to_string(),
        TaskSort::CreatedAt | TaskSort::CreatedAtDesc => paging::stamp(row.created_at),
        TaskSort::UpdatedAt | TaskSort::UpdatedAtDesc => paging::stamp(row.updated_at),
    };
    vec![value, row.id.clone()]
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
    let query = sorted(filtered(viewer, filter, today()), sort, after)?;
    let rows: Vec<TaskRow> = query.limit(paging::fetch(limit)).load(conn)?;
    paging::paginate(rows, limit, |row| sort_key(row, sort), |rows| assemble(conn, viewer, &rows))
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
    let query = sorted(filtered(viewer, filter, today()), sort, None)?;
    let rows: Vec<TaskRow> = query.limit(max as i64 + 1).load(conn)?;
    if rows.len() > max {
        return Ok(None);
    }
    Ok(Some(assemble(conn, viewer, &rows)?))
}
