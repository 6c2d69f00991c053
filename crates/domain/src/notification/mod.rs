//! Notifications kept for each user and shown behind the bell. Delivery to other
//! channels (mail, SMS, push) can later read the same rows.

use crate::{community_team::ModelStatus, named::NamedRef, task::TaskStatus};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

crate::text_enum! {
    /// Why a user is being told.
    pub enum NotificationKind {
        /// A task was assigned to them (or to their org unit).
        Assigned = "assigned",
        /// A task they created changed status.
        StatusChanged = "status_changed",
        /// A task assigned to them is due tomorrow.
        DueTomorrow = "due_tomorrow",
        /// A task assigned to them is past its due date.
        Overdue = "overdue",
        /// A community team model waits for them: the Office to evaluate it, the
        /// leadership to decide, the nominator to add evidence.
        ModelWaiting = "model_waiting",
        /// The user's report for a period is due within three days.
        ReportDue = "report_due",
        /// The user's report for a period is late; repeated once a day until submitted.
        ReportOverdue = "report_overdue",
        /// The standing unit sent the user's report back (or reopened it) with comments.
        ReportReturned = "report_returned",
        /// An urgent report was submitted (to the group head and the leadership).
        ReportUrgent = "report_urgent",
    }
}

/// One notification.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notification {
    pub id: Uuid,
    pub kind: NotificationKind,
    /// The task it is about; `name` is the task's title. Absent for a model.
    pub task: Option<NamedRef>,
    /// The community team model it is about; `name` is the team's name.
    pub model: Option<NamedRef>,
    /// The report template a report notification is about.
    pub report_template: Option<NamedRef>,
    /// The submission it is about, once one exists.
    pub report_submission_id: Option<Uuid>,
    /// The period it is about (`2026-11`).
    pub report_period: Option<String>,
    /// For `model_waiting`: the model's status when it was sent.
    pub model_status: Option<ModelStatus>,
    /// Who caused it; absent for reminders.
    pub actor: Option<NamedRef>,
    /// For `status_changed`: the new status.
    pub status: Option<TaskStatus>,
    /// For reminders: the task's due date.
    pub due_on: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

/// Answer of `GET /api/v1/notifications/unread-count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnreadCount {
    pub unread: i64,
}
