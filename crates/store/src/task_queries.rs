//! Reading tasks: who sees which task ([`visible`], the one place the scope rule lives),
//! the list's filters and orders with cursor paging, the export, the timeline and plan
//! progress. Names are resolved in a few batched queries per page, never per row.

use crate::{
    db::MultiBackend,
    paging, parse_id,
    schema::{
        areas, catalog_entries, org_units, plan_items, plans, task_areas, task_assignees, task_events, tasks, users,
    },
    utc, DbConnection, OptionalRow, StoreError,
};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use danvan_domain::{
    calendar,
    named::NamedRef,
    plan::PlanItemProgress,
    policy::{self, Reach},
    task::{transitions_from, Task, TaskEvent, TaskEventKind, TaskPriority, TaskRelation, TaskSort, TaskStatus},
    text::fold,
};
use diesel::prelude::*;
use std::collections::HashMap;
use uuid::Uuid;

/// Who is looking at tasks; the store's one [`Viewer`] under the name the task
/// functions have always used.
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

#[derive(Debug, Clone, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = tasks, treat_none_as_null = true)]
pub(crate) struct TaskRow {
    pub id: String,
    pub title: String,
    pub title_folded: String,
    pub description: String,
    pub plan_item_id: Option<String>,
    pub working_group_id: Option<String>,
    pub target_group_id: Option<String>,
    pub due_on: NaiveDate,
    pub priority: String,
    pub priority_rank: i32,
    pub status: String,
    pub percent: i32,
    pub created_by: String,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl TaskRow {
    pub(crate) fn status(&self) -> Result<TaskStatus, StoreError> {
        TaskStatus::parse(&self.status).ok_or_else(|| StoreError::Corrupt(format!("task status {:?}", self.status)))
    }
}

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = task_events)]
pub(crate) struct EventRow {
    pub id: String,
    pub task_id: String,
    pub kind: String,
    pub at: NaiveDateTime,
    pub actor_id: String,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    pub percent: Option<i32>,
    pub comment: String,
    pub assignees_json: String,
}

type TaskQuery = tasks::BoxedQuery<'static, MultiBackend>;

/// Today in Vietnam, the day due dates are compared with.
pub fn today() -> NaiveDate {
    calendar::today(Utc::now())
}

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
pub(crate) fn visible(viewer: &TaskViewer) -> TaskQuery {
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

/// The task's row if `viewer` may see it, else not found.
pub(crate) fn find_visible(conn: &mut DbConnection, viewer: &TaskViewer, id: Uuid) -> Result<TaskRow, StoreError> {
    visible(viewer).filter(tasks::id.eq(id.to_string())).first(conn).found()
}

/// One task as `viewer` sees it.
pub fn get(conn: &mut DbConnection, viewer: &TaskViewer, id: Uuid) -> Result<Task, StoreError> {
    let row = find_visible(conn, viewer, id)?;
    one(conn, viewer, row)
}

pub(crate) fn one(conn: &mut DbConnection, viewer: &TaskViewer, row: TaskRow) -> Result<Task, StoreError> {
    assemble(conn, viewer, &[row])?.pop().ok_or(StoreError::NotFound)
}

/// The user and org unit ids a task is assigned to.
pub(crate) fn assignee_ids(conn: &mut DbConnection, task_id: &str) -> Result<(Vec<Uuid>, Vec<Uuid>), StoreError> {
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
pub(crate) fn relations_to(
    conn: &mut DbConnection,
    viewer: &TaskViewer,
    row: &TaskRow,
) -> Result<Vec<TaskRelation>, StoreError> {
    let (users, units) = assignee_ids(conn, &row.id)?;
    Ok(viewer.relations(parse_id(&row.created_by)?, &users, &units))
}

/// Ids with their names, from (id, name) rows.
fn lookup(rows: Vec<(String, String)>) -> HashMap<String, String> {
    rows.into_iter().collect()
}

fn named(id: &str, names: &HashMap<String, String>) -> Result<NamedRef, StoreError> {
    Ok(NamedRef { id: parse_id(id)?, name: names.get(id).cloned().unwrap_or_default() })
}

/// Display names of users.
pub(crate) fn user_names(conn: &mut DbConnection, ids: &[String]) -> Result<HashMap<String, String>, StoreError> {
    Ok(lookup(users::table.filter(users::id.eq_any(ids)).select((users::id, users::display_name)).load(conn)?))
}

/// Names of org units, deleted ones included so that old tasks still read.
pub(crate) fn unit_names(conn: &mut DbConnection, ids: &[String]) -> Result<HashMap<String, String>, StoreError> {
    Ok(lookup(org_units::table.filter(org_units::id.eq_any(ids)).select((org_units::id, org_units::name)).load(conn)?))
}

/// Rows per batch of name look-ups, well below both backends' bind parameter limits.
const CHUNK: usize = 500;

/// Turns rows into tasks as `viewer` sees them.
pub(crate) fn assemble(
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
pub(crate) fn events(conn: &mut DbConnection, rows: Vec<EventRow>) -> Result<Vec<TaskEvent>, StoreError> {
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
