//! A task, its statuses and priorities, the bodies that create, change, move and report
//! on it, and its timeline.

use crate::{
    lang::Lang,
    named::NamedRef,
    plan::{BODY_MAX, TITLE_MAX},
    validation::{Errors, FieldError},
};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

crate::text_enum! {
    /// Where a task is in its life.
    pub enum TaskStatus {
        /// Created, not yet taken on by an assignee.
        New = "new",
        /// An assignee has taken it on.
        Accepted = "accepted",
        InProgress = "in_progress",
        /// Stuck; the comment says on what.
        Blocked = "blocked",
        /// The assignee says it is finished.
        Done = "done",
        /// A manager has checked the result.
        Verified = "verified",
        Cancelled = "cancelled",
        /// Sent back for more work after done, verified or cancelled.
        Reopened = "reopened",
    }
}

impl TaskStatus {
    /// Statuses in which work is still expected.
    pub fn is_open(self) -> bool {
        !matches!(self, TaskStatus::Done | TaskStatus::Verified | TaskStatus::Cancelled)
    }

    /// Statuses in which an assignee reports progress.
    pub fn takes_progress(self) -> bool {
        matches!(self, TaskStatus::Accepted | TaskStatus::InProgress | TaskStatus::Blocked | TaskStatus::Reopened)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            TaskStatus::New => lang.pick("Mới", "New"),
            TaskStatus::Accepted => lang.pick("Đã nhận", "Accepted"),
            TaskStatus::InProgress => lang.pick("Đang thực hiện", "In progress"),
            TaskStatus::Blocked => lang.pick("Vướng mắc", "Blocked"),
            TaskStatus::Done => lang.pick("Đã xong", "Done"),
            TaskStatus::Verified => lang.pick("Đã kiểm tra", "Verified"),
            TaskStatus::Cancelled => lang.pick("Đã hủy", "Cancelled"),
            TaskStatus::Reopened => lang.pick("Mở lại", "Reopened"),
        }
    }
}

crate::text_enum! {
    /// How urgent a task is.
    pub enum TaskPriority {
        Low = "low",
        Normal = "normal",
        High = "high",
        Urgent = "urgent",
    }
}

impl TaskPriority {
    /// Higher is more urgent; lists sort by it.
    pub fn rank(self) -> i32 {
        match self {
            TaskPriority::Low => 0,
            TaskPriority::Normal => 1,
            TaskPriority::High => 2,
            TaskPriority::Urgent => 3,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            TaskPriority::Low => lang.pick("Thấp", "Low"),
            TaskPriority::Normal => lang.pick("Bình thường", "Normal"),
            TaskPriority::High => lang.pick("Cao", "High"),
            TaskPriority::Urgent => lang.pick("Khẩn", "Urgent"),
        }
    }
}

/// A task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Task {
    pub id: Uuid,
    pub title: String,
    pub description: String,
    /// The plan item the task serves; `name` is its number and title.
    pub plan_item: Option<NamedRef>,
    /// The working group the task belongs to, if any.
    pub working_group_id: Option<Uuid>,
    /// People assigned to it.
    pub assignee_users: Vec<NamedRef>,
    /// Org units assigned to it; everyone in them counts as an assignee.
    pub assignee_org_units: Vec<NamedRef>,
    pub areas: Vec<NamedRef>,
    /// The target group it is aimed at; `name` is the Vietnamese name.
    pub target_group: Option<NamedRef>,
    pub due_on: NaiveDate,
    pub priority: TaskPriority,
    pub status: TaskStatus,
    /// The latest reported progress, 0–100.
    pub percent: i32,
    pub created_by: NamedRef,
    /// The statuses the caller may move the task to now.
    pub allowed_transitions: Vec<TaskStatus>,
    /// Whether the caller may change the task's fields and assignees.
    pub can_edit: bool,
    /// Whether the caller may post progress now.
    pub can_report: bool,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Task {
    /// Past its due date on `today` and not finished.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.status.is_open() && self.due_on < today
    }
}

/// Most assignees or areas on one task.
pub const TASK_LIST_MAX: usize = 50;
/// Longest comment on a move or a progress update.
pub const COMMENT_MAX: usize = 4_000;

/// Body of `POST /api/v1/tasks`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateTask {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 500))]
    pub title: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 20000))]
    pub description: String,
    #[serde(default)]
    pub plan_item_id: Option<Uuid>,
    #[serde(default)]
    pub working_group_id: Option<Uuid>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 50))]
    pub assignee_user_ids: Vec<Uuid>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 50))]
    pub assignee_org_unit_ids: Vec<Uuid>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 50))]
    pub area_ids: Vec<Uuid>,
    #[serde(default)]
    pub target_group_id: Option<Uuid>,
    pub due_on: NaiveDate,
    /// `normal` when absent.
    #[serde(default)]
    pub priority: Option<TaskPriority>,
}

impl CreateTask {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        errors.text("title", &self.title, 1, TITLE_MAX);
        errors.text("description", &self.description, 0, BODY_MAX);
        task_lists(&mut errors, &self.assignee_user_ids, &self.assignee_org_unit_ids, &self.area_ids);
        errors.check(
            "assignee_user_ids",
            !(self.assignee_user_ids.is_empty() && self.assignee_org_unit_ids.is_empty()),
            "required",
            "assign the task to at least one person or org unit",
        );
        errors.finish()
    }
}

/// Body of `PATCH /api/v1/tasks/{id}` (managers). New assignees are a reassignment and
/// appear on the timeline.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateTask {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 500))]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 20000))]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "crate::user::nullable", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Uuid>))]
    pub plan_item_id: Option<Option<Uuid>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_items = 50))]
    pub assignee_user_ids: Option<Vec<Uuid>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_items = 50))]
    pub assignee_org_unit_ids: Option<Vec<Uuid>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_items = 50))]
    pub area_ids: Option<Vec<Uuid>>,
    #[serde(default, deserialize_with = "crate::user::nullable", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Uuid>))]
    pub target_group_id: Option<Option<Uuid>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<TaskPriority>,
}

impl UpdateTask {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        errors.optional_text("title", self.title.as_deref(), TITLE_MAX);
        if let Some(description) = &self.description {
            errors.text("description", description, 0, BODY_MAX);
        }
        let empty = Vec::new();
        task_lists(
            &mut errors,
            self.assignee_user_ids.as_ref().unwrap_or(&empty),
            self.assignee_org_unit_ids.as_ref().unwrap_or(&empty),
            self.area_ids.as_ref().unwrap_or(&empty),
        );
        errors.finish()
    }
}

fn task_lists(errors: &mut Errors, users: &[Uuid], org_units: &[Uuid], areas: &[Uuid]) {
    for (name, list) in [("assignee_user_ids", users), ("assignee_org_unit_ids", org_units), ("area_ids", areas)] {
        errors.check(name, list.len() <= TASK_LIST_MAX, "too_many", "must have at most 50 entries");
        let mut sorted = list.to_vec();
        sorted.sort();
        sorted.dedup();
        errors.check(name, sorted.len() == list.len(), "duplicate", "must not repeat an entry");
    }
}

/// Body of `POST /api/v1/tasks/{id}/transitions`: one transition of the table.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TaskTransition {
    /// The status to take the task to; one of the task's `allowed_transitions`.
    pub to: TaskStatus,
    /// Why, for the timeline; may be empty.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 4000))]
    pub comment: String,
}

impl TaskTransition {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        errors.text("comment", &self.comment, 0, COMMENT_MAX);
        errors.finish()
    }
}

/// Body of `POST /api/v1/tasks/{id}/progress`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PostProgress {
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100))]
    pub percent: i32,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 4000))]
    pub comment: String,
}

impl PostProgress {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        errors.check("percent", (0..=100).contains(&self.percent), "out_of_range", "must be between 0 and 100");
        errors.text("comment", &self.comment, 1, COMMENT_MAX);
        errors.finish()
    }
}

crate::text_enum! {
    /// What happened to a task.
    pub enum TaskEventKind {
        Created = "created",
        /// A status change; `from_status`, `to_status` and the comment tell.
        Moved = "moved",
        /// A progress report; `percent` and the comment tell.
        Progress = "progress",
        /// New assignees; `assignees` lists them.
        Reassigned = "reassigned",
        /// Other fields changed.
        Edited = "edited",
    }
}

/// One entry of a task's timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaskEvent {
    pub id: Uuid,
    pub task_id: Uuid,
    pub kind: TaskEventKind,
    pub at: DateTime<Utc>,
    pub actor: NamedRef,
    pub from_status: Option<TaskStatus>,
    pub to_status: Option<TaskStatus>,
    pub percent: Option<i32>,
    pub comment: String,
    /// For `reassigned`: the assignees after the change (people and org units).
    pub assignees: Vec<NamedRef>,
}

crate::text_enum! {
    /// Orders of the task list; `-` first means descending.
    pub enum TaskSort {
        DueOn = "due_on",
        DueOnDesc = "-due_on",
        Priority = "priority",
        PriorityDesc = "-priority",
        CreatedAt = "created_at",
        CreatedAtDesc = "-created_at",
        UpdatedAt = "updated_at",
        UpdatedAtDesc = "-updated_at",
    }
}

crate::text_enum! {
    /// File formats of the task export.
    pub enum ExportFormat {
        Csv = "csv",
        Xlsx = "xlsx",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_needs_a_comment_and_a_percent_in_range() {
        let errors = PostProgress { percent: 101, comment: String::new() }.validate().err().unwrap_or_default();
        let fields: Vec<&str> = errors.iter().map(|error| error.field.as_str()).collect();
        assert_eq!(fields, ["percent", "comment"]);
    }
}
