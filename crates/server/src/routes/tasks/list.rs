//! `GET /tasks`: the tasks the caller may see, with filters, paging and sync; its
//! filters serve the export too.

use super::viewer;
use crate::{
    auth::Caller,
    error::ApiError,
    http::{self, PageParams, SyncParams},
    openapi::ReadProblems,
    state::AppState,
};
use actix_web::{get, web};
use chrono::{DateTime, NaiveDate, Utc};
use danvan_domain::{
    page::Page,
    permission::Action,
    task::{Task, TaskSort, TaskStatus},
};
use danvan_store::tasks::{self, TaskFilter};
use serde::Deserialize;
use uuid::Uuid;

/// Filters and order of the task list and its export.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TaskQuery {
    /// Any of these statuses, comma-separated, e.g. `new,accepted`.
    #[param(
        pattern = "^(new|accepted|in_progress|blocked|done|verified|cancelled|reopened)(,(new|accepted|in_progress|blocked|done|verified|cancelled|reopened))*$"
    )]
    pub status: Option<String>,
    /// Tasks assigned to this person.
    pub assignee_user_id: Option<Uuid>,
    /// Tasks assigned to this org unit.
    pub assignee_org_unit_id: Option<Uuid>,
    /// Tasks with this area, or with an area inside this province.
    pub area_id: Option<Uuid>,
    pub plan_item_id: Option<Uuid>,
    pub working_group_id: Option<Uuid>,
    /// Due on or after this date.
    pub due_from: Option<NaiveDate>,
    /// Due on or before this date.
    pub due_to: Option<NaiveDate>,
    /// Only tasks assigned to the caller, directly or through their org unit.
    pub mine: Option<bool>,
    /// Only tasks the caller created.
    pub created_by_me: Option<bool>,
    /// Only open tasks past their due date.
    pub overdue: Option<bool>,
    /// Only open tasks due within the next three days.
    pub due_soon: Option<bool>,
    /// Part of the title; diacritics and case are ignored.
    #[param(max_length = 200)]
    pub q: Option<String>,
    /// The order; `due_on` by default, `updated_at` with `updated_since`.
    #[param(inline)]
    pub sort: Option<TaskSort>,
}

impl TaskQuery {
    pub(super) fn filter(&self, updated_since: Option<DateTime<Utc>>) -> Result<(TaskFilter, TaskSort), ApiError> {
        let statuses = match &self.status {
            None => Vec::new(),
            Some(text) => text
                .split(',')
                .map(|status| {
                    TaskStatus::parse(status).ok_or_else(|| {
                        ApiError::BadRequest(format!(
                            "status {status:?} is not one of new, accepted, in_progress, blocked, done, verified, \
                             cancelled, reopened"
                        ))
                    })
                })
                .collect::<Result<_, _>>()?,
        };
        if self.q.as_ref().is_some_and(|q| q.chars().count() > 200) {
            return Err(ApiError::invalid("q", "too_long", "must have at most 200 characters"));
        }
        let filter = TaskFilter {
            statuses,
            assignee_user_id: self.assignee_user_id,
            assignee_org_unit_id: self.assignee_org_unit_id,
            area_id: self.area_id,
            plan_item_id: self.plan_item_id,
            working_group_id: self.working_group_id,
            due_from: self.due_from,
            due_to: self.due_to,
            mine: self.mine == Some(true),
            created_by_me: self.created_by_me == Some(true),
            overdue: self.overdue == Some(true),
            due_soon: self.due_soon == Some(true),
            q: self.q.clone(),
            updated_since,
        };
        let default = if updated_since.is_some() { TaskSort::UpdatedAt } else { TaskSort::DueOn };
        Ok((filter, self.sort.unwrap_or(default)))
    }
}

/// Lists the tasks the caller may see that pass the filters.
#[utoipa::path(
    tag = "tasks",
    params(TaskQuery, PageParams, SyncParams),
    responses((status = 200, description = "Success", body = Page<Task>), ReadProblems),
    security(("bearer" = []))
)]
#[get("/tasks")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<TaskQuery>,
    paging: web::Query<PageParams>,
    sync: web::Query<SyncParams>,
) -> Result<web::Json<Page<Task>>, ApiError> {
    caller.require(Action::TasksRead)?;
    let (filter, sort) = query.filter(sync.updated_since)?;
    let (limit, cursor) = (paging.limit()?, paging.cursor()?);
    let viewer = viewer(&caller);
    let page =
        http::read(&state.db, move |conn| Ok(tasks::list(conn, &viewer, &filter, sort, limit, cursor.as_deref())?))
            .await?;
    Ok(web::Json(page))
}
