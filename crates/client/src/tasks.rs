//! Tasks, their export, plan progress and the caller's notifications.

use crate::{Api, Call, Result, Tagged, Transport};
use danvan_domain::{
    notification::{Notification, UnreadCount},
    page::Page,
    plan::PlanItemProgress,
    task::{CreateTask, PostProgress, Task, TaskEvent, TaskTransition, UpdateTask},
};
use uuid::Uuid;

/// A downloaded file: its bytes and `Content-Type`.
#[derive(Debug, Clone, PartialEq)]
pub struct Download {
    pub bytes: Vec<u8>,
    pub content_type: String,
    /// The `Content-Disposition` header, with the file name.
    pub disposition: String,
}

impl Download {
    /// The file name the `Content-Disposition` header gives, if it names a plain one.
    pub fn file_name(&self) -> Option<String> {
        self.disposition.split(';').map(str::trim).find_map(|part| {
            let value = part.strip_prefix("filename=")?;
            let name = value.trim_matches('"').trim();
            (!name.is_empty() && !name.contains(['/', '\\'])).then(|| name.to_owned())
        })
    }
}

const TASKS: &str = "/api/v1/tasks";

impl<T: Transport> Api<T> {
    // --- tasks ---

    /// `query`: status (comma list), assignee_user_id, assignee_org_unit_id, area_id,
    /// plan_item_id, working_group_id, due_from, due_to, mine, created_by_me, overdue,
    /// due_soon, q, sort, limit, cursor, updated_since.
    pub async fn list_tasks(&self, query: &[(&str, &str)]) -> Result<Page<Task>> {
        self.json(Call::get(TASKS).query(query)).await
    }

    /// Every task matching `query` (the filters of [`Api::list_tasks`]), e.g. for a board.
    pub async fn all_tasks(&self, query: &[(&str, &str)]) -> Result<Vec<Task>> {
        self.every(TASKS, query).await
    }

    pub async fn get_task(&self, id: Uuid) -> Result<Tagged<Task>> {
        self.tagged(Call::get(format!("/api/v1/tasks/{id}"))).await
    }

    pub async fn create_task(&self, body: &CreateTask, idempotency_key: Option<&str>) -> Result<Task> {
        self.json(Call::create("/api/v1/tasks", body, idempotency_key)).await
    }

    pub async fn update_task(&self, id: Uuid, etag: &str, body: &UpdateTask) -> Result<Task> {
        self.json(Call::patch(format!("/api/v1/tasks/{id}"), etag, body)).await
    }

    /// Takes the task to another status along the transition table.
    pub async fn transition_task(&self, id: Uuid, etag: &str, body: &TaskTransition) -> Result<Task> {
        self.json(Call::post(format!("/api/v1/tasks/{id}/transitions")).if_match(etag).json(body)).await
    }

    /// Reports progress on the task as read at `etag`.
    pub async fn post_progress(
        &self,
        id: Uuid,
        etag: &str,
        body: &PostProgress,
        idempotency_key: Option<&str>,
    ) -> Result<TaskEvent> {
        self.json(Call::create(format!("{TASKS}/{id}/progress"), body, idempotency_key).if_match(etag)).await
    }

    pub async fn task_timeline(&self, id: Uuid) -> Result<Vec<TaskEvent>> {
        self.json(Call::get(format!("/api/v1/tasks/{id}/timeline"))).await
    }

    /// `query`: format (csv|xlsx), lang (vi|en) and the filters of [`Client::list_tasks`].
    pub async fn export_tasks(&self, query: &[(&str, &str)]) -> Result<Download> {
        self.download("/api/v1/tasks/export", query).await
    }

    /// How far the tasks of each item of the plan have got.
    pub async fn plan_progress(&self, plan_id: Uuid) -> Result<Vec<PlanItemProgress>> {
        self.json(Call::get(format!("/api/v1/plans/{plan_id}/progress"))).await
    }

    // --- notifications ---

    /// `query`: unread, limit, cursor.
    pub async fn list_notifications(&self, query: &[(&str, &str)]) -> Result<Page<Notification>> {
        self.json(Call::get("/api/v1/notifications").query(query)).await
    }

    pub async fn unread_count(&self) -> Result<UnreadCount> {
        self.json(Call::get("/api/v1/notifications/unread-count")).await
    }

    pub async fn mark_read(&self, id: Uuid) -> Result<()> {
        self.empty(Call::post(format!("/api/v1/notifications/{id}/read"))).await
    }

    pub async fn mark_all_read(&self) -> Result<()> {
        self.empty(Call::post("/api/v1/notifications/read-all")).await
    }
}
