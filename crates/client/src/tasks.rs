//! Tasks, their export, plan progress and the caller's notifications.

use crate::{Client, ClientError, Result, Tagged};
use danvan_domain::{
    notification::{Notification, UnreadCount},
    page::Page,
    plan::PlanItemProgress,
    task::{CreateTask, PostProgress, Task, TaskEvent, TaskTransition, UpdateTask},
};
use reqwest::{header, Method};
use uuid::Uuid;

/// A downloaded file: its bytes and `Content-Type`.
#[derive(Debug, Clone)]
pub struct Download {
    pub bytes: Vec<u8>,
    pub content_type: String,
    /// The `Content-Disposition` header, with the file name.
    pub disposition: String,
}

impl Client {
    // --- tasks ---

    /// `query`: status (comma list), assignee_user_id, assignee_org_unit_id, area_id,
    /// plan_item_id, working_group_id, due_from, due_to, mine, created_by_me, overdue,
    /// due_soon, q, sort, limit, cursor, updated_since.
    pub async fn list_tasks(&self, query: &[(&str, &str)]) -> Result<Page<Task>> {
        self.json(self.get("/api/v1/tasks", query)).await
    }

    pub async fn get_task(&self, id: Uuid) -> Result<Tagged<Task>> {
        self.tagged(self.get(&format!("/api/v1/tasks/{id}"), &[])).await
    }

    pub async fn create_task(&self, body: &CreateTask, idempotency_key: Option<&str>) -> Result<Task> {
        self.json(self.create("/api/v1/tasks", body, idempotency_key)).await
    }

    pub async fn update_task(&self, id: Uuid, etag: &str, body: &UpdateTask) -> Result<Task> {
        self.json(self.change(Method::PATCH, &format!("/api/v1/tasks/{id}"), etag, Some(body))).await
    }

    /// Takes the task to another status along the transition table.
    pub async fn transition_task(&self, id: Uuid, etag: &str, body: &TaskTransition) -> Result<Task> {
        self.json(self.change(Method::POST, &format!("/api/v1/tasks/{id}/transitions"), etag, Some(body))).await
    }

    pub async fn post_progress(
        &self,
        id: Uuid,
        body: &PostProgress,
        idempotency_key: Option<&str>,
    ) -> Result<TaskEvent> {
        self.json(self.create(&format!("/api/v1/tasks/{id}/progress"), body, idempotency_key)).await
    }

    pub async fn task_timeline(&self, id: Uuid) -> Result<Vec<TaskEvent>> {
        self.json(self.get(&format!("/api/v1/tasks/{id}/timeline"), &[])).await
    }

    /// `query`: format (csv|xlsx), lang (vi|en) and the filters of [`Client::list_tasks`].
    pub async fn export_tasks(&self, query: &[(&str, &str)]) -> Result<Download> {
        let response = self.send(self.get("/api/v1/tasks/export", query)).await?;
        let text = |name: header::HeaderName| {
            response.headers().get(name).and_then(|value| value.to_str().ok()).map(str::to_owned)
        };
        let content_type =
            text(header::CONTENT_TYPE).ok_or_else(|| ClientError::Unexpected("no Content-Type".into()))?;
        let disposition = text(header::CONTENT_DISPOSITION).unwrap_or_default();
        let bytes = response.bytes().await?.to_vec();
        Ok(Download { bytes, content_type, disposition })
    }

    /// How far the tasks of each item of the plan have got.
    pub async fn plan_progress(&self, plan_id: Uuid) -> Result<Vec<PlanItemProgress>> {
        self.json(self.get(&format!("/api/v1/plans/{plan_id}/progress"), &[])).await
    }

    // --- notifications ---

    /// `query`: unread, limit, cursor.
    pub async fn list_notifications(&self, query: &[(&str, &str)]) -> Result<Page<Notification>> {
        self.json(self.get("/api/v1/notifications", query)).await
    }

    pub async fn unread_count(&self) -> Result<UnreadCount> {
        self.json(self.get("/api/v1/notifications/unread-count", &[])).await
    }

    pub async fn mark_read(&self, id: Uuid) -> Result<()> {
        self.empty(self.request(Method::POST, &format!("/api/v1/notifications/{id}/read"))).await
    }

    pub async fn mark_all_read(&self) -> Result<()> {
        self.empty(self.request(Method::POST, "/api/v1/notifications/read-all")).await
    }
}
