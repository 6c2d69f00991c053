//! The tasks' pure logic, tested natively: the list's orders and filter choices, the task
//! form's draft (from a task, to the create request, to a patch of only the changes) with
//! its select options, the board's columns, and the groups of "my tasks".

use crate::{
    components::form::check,
    i18n::{t, Lang},
};
use chrono::{Duration, NaiveDate};
use danvan_domain::{
    calendar,
    named::NamedRef,
    task::{CreateTask, Task, TaskPriority, TaskSort, TaskStatus, UpdateTask},
    validation::FieldError,
};
use std::{collections::BTreeSet, rc::Rc};
use uuid::Uuid;
use yew::AttrValue;

/// The catalogue key of an order of the list.
pub fn sort_key(sort: TaskSort) -> &'static str {
    match sort {
        TaskSort::DueOn => "tasks.sort.due_on",
        TaskSort::DueOnDesc => "tasks.sort.due_on_desc",
        TaskSort::Priority => "tasks.sort.priority",
        TaskSort::PriorityDesc => "tasks.sort.priority_desc",
        TaskSort::CreatedAt => "tasks.sort.created_at",
        TaskSort::CreatedAtDesc => "tasks.sort.created_at_desc",
        TaskSort::UpdatedAt => "tasks.sort.updated_at",
        TaskSort::UpdatedAtDesc => "tasks.sort.updated_at_desc",
    }
}

/// Options of a select: "all" first, then `(value, label)` pairs.
pub fn choices(lang: Lang, items: impl IntoIterator<Item = (String, String)>) -> Vec<(String, String)> {
    let mut options = vec![(String::new(), t(lang, "tasks.any").to_owned())];
    options.extend(items);
    options
}

/// What the task form holds, as typed. Ids of selects are strings, empty for none.
#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    pub title: String,
    pub description: String,
    pub plan_item: String,
    pub working_group: String,
    pub users: BTreeSet<Uuid>,
    pub org_units: BTreeSet<Uuid>,
    pub areas: BTreeSet<Uuid>,
    pub target_group: String,
    pub due_on: Option<NaiveDate>,
    pub priority: TaskPriority,
}

impl Default for Draft {
    fn default() -> Self {
        Draft {
            title: String::new(),
            description: String::new(),
            plan_item: String::new(),
            working_group: String::new(),
            users: BTreeSet::new(),
            org_units: BTreeSet::new(),
            areas: BTreeSet::new(),
            target_group: String::new(),
            due_on: None,
            priority: TaskPriority::Normal,
        }
    }
}

pub fn ids(list: &[NamedRef]) -> BTreeSet<Uuid> {
    list.iter().map(|named| named.id).collect()
}

pub fn sorted(list: &[NamedRef]) -> Vec<Uuid> {
    let mut ids: Vec<Uuid> = list.iter().map(|named| named.id).collect();
    ids.sort();
    ids
}

impl Draft {
    pub fn of(task: &Task) -> Self {
        Draft {
            title: task.title.clone(),
            description: task.description.clone(),
            plan_item: task.plan_item.as_ref().map(|item| item.id.to_string()).unwrap_or_default(),
            working_group: task.working_group_id.map(|id| id.to_string()).unwrap_or_default(),
            users: ids(&task.assignee_users),
            org_units: ids(&task.assignee_org_units),
            areas: ids(&task.areas),
            target_group: task.target_group.as_ref().map(|group| group.id.to_string()).unwrap_or_default(),
            due_on: Some(task.due_on),
            priority: task.priority,
        }
    }

    pub fn id(value: &str) -> Option<Uuid> {
        value.parse().ok()
    }

    /// The body of `POST /tasks`, or the errors that keep it from being sent.
    pub fn to_create(&self) -> Result<CreateTask, Vec<FieldError>> {
        let request = CreateTask {
            title: self.title.trim().to_owned(),
            description: self.description.trim().to_owned(),
            plan_item_id: Draft::id(&self.plan_item),
            working_group_id: Draft::id(&self.working_group),
            assignee_user_ids: self.users.iter().copied().collect(),
            assignee_org_unit_ids: self.org_units.iter().copied().collect(),
            area_ids: self.areas.iter().copied().collect(),
            target_group_id: Draft::id(&self.target_group),
            due_on: self.due_on.unwrap_or_default(),
            priority: Some(self.priority),
        };
        let mut errors = check(request.validate());
        if self.due_on.is_none() {
            errors.push(FieldError::new("due_on", "required", "must not be empty"));
        }
        if errors.is_empty() {
            Ok(request)
        } else {
            Err(errors)
        }
    }

    /// The body of `PATCH /tasks/{id}`: only what differs from `task`.
    pub fn to_update(&self, task: &Task) -> Result<UpdateTask, Vec<FieldError>> {
        let title = self.title.trim().to_owned();
        let description = self.description.trim().to_owned();
        let plan_item = Draft::id(&self.plan_item);
        let target_group = Draft::id(&self.target_group);
        let list = |chosen: &BTreeSet<Uuid>, old: &[NamedRef]| {
            let chosen: Vec<Uuid> = chosen.iter().copied().collect();
            (chosen != sorted(old)).then_some(chosen)
        };
        let request = UpdateTask {
            title: (title != task.title).then_some(title),
            description: (description != task.description).then_some(description),
            plan_item_id: (plan_item != task.plan_item.as_ref().map(|item| item.id)).then_some(plan_item),
            assignee_user_ids: list(&self.users, &task.assignee_users),
            assignee_org_unit_ids: list(&self.org_units, &task.assignee_org_units),
            area_ids: list(&self.areas, &task.areas),
            target_group_id: (target_group != task.target_group.as_ref().map(|group| group.id)).then_some(target_group),
            due_on: self.due_on.filter(|due| *due != task.due_on),
            priority: (self.priority != task.priority).then_some(self.priority),
        };
        let mut errors = check(request.validate());
        if self.due_on.is_none() {
            errors.push(FieldError::new("due_on", "required", "must not be empty"));
        }
        if self.users.is_empty() && self.org_units.is_empty() {
            errors.push(FieldError::new(
                "assignee_user_ids",
                "required",
                "assign the task to at least one person or org unit",
            ));
        }
        if errors.is_empty() {
            Ok(request)
        } else {
            Err(errors)
        }
    }
}

/// `options` plus the entries of `current` it lacks (a retired user, a district area…),
/// so that what a task holds always shows.
pub fn with_current(options: &[(Uuid, AttrValue)], current: &[NamedRef]) -> Rc<Vec<(Uuid, AttrValue)>> {
    let mut all = options.to_vec();
    for named in current {
        if !all.iter().any(|(id, _)| *id == named.id) {
            all.push((named.id, AttrValue::from(named.name.clone())));
        }
    }
    Rc::new(all)
}

/// Select options: a "none" entry, then `(id, label)`.
pub fn select_options(lang: Lang, items: impl IntoIterator<Item = (String, String)>) -> Vec<(AttrValue, AttrValue)> {
    let mut options = vec![(AttrValue::default(), AttrValue::from(t(lang, "tasks.none_chosen")))];
    options.extend(items.into_iter().map(|(id, label)| (AttrValue::from(id), AttrValue::from(label))));
    options
}

/// How many days a finished task stays under "recently done".
pub const RECENT_DAYS: i64 = 14;

/// The caller's tasks, grouped for the page. Cancelled tasks are left out.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MyGroups {
    pub overdue: Vec<Task>,
    pub due_soon: Vec<Task>,
    pub open: Vec<Task>,
    pub done: Vec<Task>,
}

/// Sorts `tasks` into the groups as seen on `today`: open ones by due date, done ones
/// (finished within [`RECENT_DAYS`]) newest first.
pub fn my_groups(tasks: &[Task], today: NaiveDate) -> MyGroups {
    let mut groups = MyGroups::default();
    let soon = calendar::due_soon_until(today);
    let recent = today - Duration::days(RECENT_DAYS);
    for task in tasks {
        if task.status.is_open() {
            let list = if task.due_on < today {
                &mut groups.overdue
            } else if task.due_on <= soon {
                &mut groups.due_soon
            } else {
                &mut groups.open
            };
            list.push(task.clone());
        } else if matches!(task.status, TaskStatus::Done | TaskStatus::Verified)
            && calendar::today(task.updated_at) >= recent
        {
            groups.done.push(task.clone());
        }
    }
    for list in [&mut groups.overdue, &mut groups.due_soon, &mut groups.open] {
        list.sort_by_key(|task| (task.due_on, -task.priority.rank()));
    }
    groups.done.sort_by_key(|task| std::cmp::Reverse(task.updated_at));
    groups
}

/// The board's columns, left to right. Cancelled tasks are folded below the board.
pub const COLUMNS: [TaskStatus; 7] = [
    TaskStatus::New,
    TaskStatus::Accepted,
    TaskStatus::InProgress,
    TaskStatus::Blocked,
    TaskStatus::Reopened,
    TaskStatus::Done,
    TaskStatus::Verified,
];

/// The tasks of each column, in [`COLUMNS`] order (each column keeps the list's order),
/// and the cancelled ones.
pub fn by_column(tasks: &[Task]) -> (Vec<(TaskStatus, Vec<Task>)>, Vec<Task>) {
    let columns = COLUMNS
        .iter()
        .map(|status| (*status, tasks.iter().filter(|task| task.status == *status).cloned().collect()))
        .collect();
    let cancelled = tasks.iter().filter(|task| task.status == TaskStatus::Cancelled).cloned().collect();
    (columns, cancelled)
}

/// The list after the server answered a move with `task`.
pub fn replace(tasks: &[Task], task: Task) -> Vec<Task> {
    tasks.iter().map(|old| if old.id == task.id { task.clone() } else { old.clone() }).collect()
}

/// Whether a failed move means the board is out of date.
pub fn stale(status: u16) -> bool {
    matches!(status, 409 | 412)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A task for the tests: `n` tells it apart.
    pub(crate) fn task(n: u128, status: TaskStatus, due: &str) -> Task {
        let at = chrono::DateTime::UNIX_EPOCH;
        Task {
            id: Uuid::from_u128(n),
            title: format!("Nhiệm vụ {n}"),
            description: String::new(),
            plan_item: None,
            working_group_id: None,
            assignee_users: vec![NamedRef { id: Uuid::from_u128(100), name: "Trần Thị Thành Viên".into() }],
            assignee_org_units: vec![],
            areas: vec![],
            target_group: None,
            due_on: NaiveDate::parse_from_str(due, "%Y-%m-%d").unwrap_or_default(),
            priority: TaskPriority::High,
            status,
            percent: 40,
            created_by: NamedRef { id: Uuid::from_u128(101), name: "Tổ trưởng".into() },
            allowed_transitions: vec![],
            can_edit: false,
            can_report: false,
            version: 1,
            created_at: at,
            updated_at: at,
        }
    }

    #[test]
    fn every_order_has_a_label() {
        for sort in TaskSort::ALL {
            assert!(crate::i18n::lookup(Lang::En, sort_key(*sort)).is_some(), "{sort}");
        }
    }

    fn fields(errors: Vec<FieldError>) -> Vec<String> {
        errors.into_iter().map(|error| error.field).collect()
    }

    #[test]
    fn an_empty_form_asks_for_title_assignee_and_due_date() {
        let errors = Draft::default().to_create().err().unwrap_or_default();
        assert_eq!(fields(errors), ["title", "assignee_user_ids", "due_on"]);
    }

    #[test]
    fn a_filled_form_becomes_a_create_request() {
        let draft = Draft {
            title: "  Nắm tình hình  ".into(),
            plan_item: Uuid::from_u128(3).to_string(),
            users: [Uuid::from_u128(7)].into(),
            due_on: NaiveDate::from_ymd_opt(2026, 12, 1),
            ..Draft::default()
        };
        let request = draft.to_create().unwrap_or_else(|errors| panic!("{errors:?}"));
        assert_eq!(request.title, "Nắm tình hình");
        assert_eq!(request.plan_item_id, Some(Uuid::from_u128(3)));
        assert_eq!(request.assignee_user_ids, [Uuid::from_u128(7)]);
        assert_eq!(request.priority, Some(TaskPriority::Normal));
    }

    #[test]
    fn an_edit_sends_only_the_changes() {
        let task = task(1, TaskStatus::New, "2030-01-01");
        let unchanged = Draft::of(&task).to_update(&task).unwrap_or_else(|errors| panic!("{errors:?}"));
        assert_eq!(serde_json::to_string(&unchanged).unwrap_or_default(), "{}");
        let mut draft = Draft::of(&task);
        draft.users.insert(Uuid::from_u128(5));
        draft.plan_item = Uuid::from_u128(9).to_string();
        draft.priority = TaskPriority::Urgent;
        let patch = serde_json::to_value(draft.to_update(&task).unwrap_or_default()).unwrap_or_default();
        assert_eq!(patch["priority"], "urgent");
        assert_eq!(patch["plan_item_id"], Uuid::from_u128(9).to_string());
        assert_eq!(patch["assignee_user_ids"].as_array().map(Vec::len), Some(2));
        let mut cleared = Draft::of(&task);
        cleared.users.clear();
        assert_eq!(fields(cleared.to_update(&task).err().unwrap_or_default()), ["assignee_user_ids"]);
    }

    #[test]
    fn tasks_fall_into_overdue_due_soon_open_and_recently_done() {
        let today = NaiveDate::from_ymd_opt(2026, 5, 10).unwrap_or_default();
        let recently =
            chrono::DateTime::parse_from_rfc3339("2026-05-09T03:00:00Z").map(|t| t.to_utc()).unwrap_or_default();
        let mut done = task(4, TaskStatus::Verified, "2026-05-01");
        done.updated_at = recently;
        let old_done = task(5, TaskStatus::Done, "2026-01-01");
        let tasks = vec![
            task(1, TaskStatus::InProgress, "2026-05-09"),
            task(2, TaskStatus::New, "2026-05-13"),
            task(3, TaskStatus::Blocked, "2026-05-14"),
            done,
            old_done,
            task(6, TaskStatus::Cancelled, "2026-05-01"),
            task(7, TaskStatus::Accepted, "2026-05-10"),
        ];
        let groups = my_groups(&tasks, today);
        let ids = |list: &[Task]| list.iter().map(|task| task.id.as_u128()).collect::<Vec<_>>();
        assert_eq!(ids(&groups.overdue), [1]);
        assert_eq!(ids(&groups.due_soon), [7, 2]);
        assert_eq!(ids(&groups.open), [3]);
        assert_eq!(ids(&groups.done), [4]);
    }

    #[test]
    fn every_status_has_a_column_or_the_cancelled_fold() {
        let tasks: Vec<Task> =
            TaskStatus::ALL.iter().enumerate().map(|(n, status)| task(n as u128, *status, "2030-01-01")).collect();
        let (columns, cancelled) = by_column(&tasks);
        assert_eq!(columns.len(), 7);
        assert!(columns.iter().all(|(status, list)| list.len() == 1 && list[0].status == *status));
        assert_eq!(cancelled.len(), 1);
    }

    #[test]
    fn a_moved_task_replaces_its_old_card() {
        let tasks = vec![task(1, TaskStatus::New, "2030-01-01"), task(2, TaskStatus::New, "2030-01-01")];
        let mut moved = tasks[1].clone();
        moved.status = TaskStatus::Accepted;
        let after = replace(&tasks, moved);
        let (columns, _) = by_column(&after);
        assert_eq!(columns[0].1.len(), 1);
        assert_eq!(columns[1].1[0].id, Uuid::from_u128(2));
        assert!(stale(409) && stale(412) && !stale(403));
    }
}
