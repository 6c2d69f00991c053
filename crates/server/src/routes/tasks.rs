//! Tasks: the filtered list and its export, creating and editing (managers), moving
//! along the transition table and reporting progress (those who stand in the task), the
//! timeline, and the progress of a plan's items.

use crate::{
    auth::Caller,
    error::ApiError,
    export as files,
    http::{self, IdempotencyKey, IfMatch, PageParams, SyncParams, Versioned},
    openapi::{CreateProblems, ReadProblems, UpdateProblems},
    state::AppState,
};
use actix_web::{get, http::header, patch, post, web, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use danvan_domain::{
    lang::Lang,
    page::Page,
    permission::Action,
    plan::PlanItemProgress,
    task::{CreateTask, ExportFormat, MoveTask, PostProgress, Task, TaskEvent, TaskSort, TaskStatus, UpdateTask},
};
use danvan_store::{
    task_queries::TaskViewer,
    tasks::{self, TaskError, TaskFilter},
};
use serde::Deserialize;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

/// Mounts this module's endpoints; the export before `/tasks/{id}`.
pub fn mount(config: &mut ServiceConfig) {
    config
        .service(list)
        .service(export)
        .service(create)
        .service(get)
        .service(update)
        .service(move_task)
        .service(post_progress)
        .service(timeline)
        .service(plan_progress);
}

impl Versioned for Task {
    fn id(&self) -> Uuid {
        self.id
    }
    fn version(&self) -> i64 {
        self.version
    }
}

/// Events are never changed, so they have no version of their own.
impl Versioned for TaskEvent {
    fn id(&self) -> Uuid {
        self.id
    }
    fn version(&self) -> i64 {
        0
    }
}

impl From<TaskError> for ApiError {
    fn from(error: TaskError) -> Self {
        match error {
            TaskError::Forbidden => ApiError::Forbidden,
            TaskError::Store(error) => error.into(),
        }
    }
}

fn viewer(caller: &Caller) -> TaskViewer {
    TaskViewer::new(&caller.user, &caller.scope)
}

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
    fn filter(&self, updated_since: Option<DateTime<Utc>>) -> Result<(TaskFilter, TaskSort), ApiError> {
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
        http::read(&state.pool, move |conn| Ok(tasks::list(conn, &viewer, &filter, sort, limit, cursor.as_deref())?))
            .await?;
    Ok(web::Json(http::page(page)))
}

/// Format and language of the export.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// `csv` by default.
    #[param(inline)]
    pub format: Option<ExportFormat>,
    /// The language of headers and labels; `vi` by default.
    #[param(inline)]
    pub lang: Option<Lang>,
}

/// An XLSX workbook.
#[derive(utoipa::ToSchema)]
#[schema(value_type = String, format = Binary)]
#[allow(dead_code)]
pub struct Workbook(Vec<u8>);

/// The filtered task list as a file: the rows `GET /tasks` returns for the same filters
/// and order, without paging; at most 10 000 rows.
#[utoipa::path(
    tag = "tasks",
    params(ExportQuery, TaskQuery, SyncParams),
    responses(
        (
            status = 200,
            description = "A header row and one row per task",
            content(
                (String = "text/csv"),
                (Workbook = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            ),
            headers(("Content-Disposition" = String, description = "attachment; filename=\"tasks-YYYY-MM-DD.csv\""))
        ),
        ReadProblems
    ),
    security(("bearer" = []))
)]
#[get("/tasks/export")]
pub async fn export(
    state: web::Data<AppState>,
    caller: Caller,
    options: web::Query<ExportQuery>,
    query: web::Query<TaskQuery>,
    sync: web::Query<SyncParams>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::TasksRead)?;
    let (filter, sort) = query.filter(sync.updated_since)?;
    let viewer = viewer(&caller);
    let rows = http::read(&state.pool, move |conn| {
        tasks::export(conn, &viewer, &filter, sort, files::MAX_ROWS)?.ok_or_else(|| {
            ApiError::invalid("filters", "too_many_rows", "more than 10000 tasks match; narrow the filters")
        })
    })
    .await?;
    let lang = options.lang.unwrap_or_default();
    let format = options.format.unwrap_or(ExportFormat::Csv);
    let (body, content_type) = match format {
        ExportFormat::Csv => (files::csv(&rows, lang), "text/csv; charset=utf-8"),
        ExportFormat::Xlsx => {
            (files::xlsx(&rows, lang)?, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        }
    };
    let filename = format!("tasks-{}.{}", tasks::today(), format.as_str());
    Ok(HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename=\"{filename}\"")))
        .body(body))
}

/// Creates a task in status `new` and tells its assignees (people, and the people of
/// the org units assigned).
#[utoipa::path(
    tag = "tasks",
    request_body = CreateTask,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries of this create safe")),
    responses((status = 201, description = "Created", body = Task, headers(("ETag" = String), ("Location" = String))), CreateProblems),
    security(("bearer" = []))
)]
#[post("/tasks")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    body: web::Json<CreateTask>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::TasksCreate)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let fingerprint = serde_json::to_value(&request).unwrap_or_default();
    let viewer = viewer(&caller);
    http::create_once(&state.pool, caller.actor(), key, "/api/v1/tasks", &fingerprint, move |conn, actor| {
        Ok(tasks::create(conn, actor, &viewer, &request)?)
    })
    .await
}

/// One task, with its `ETag`; not found unless the caller may see it.
#[utoipa::path(
    tag = "tasks",
    params(("id" = Uuid, Path, description = "Task id")),
    responses((status = 200, description = "Success", body = Task, headers(("ETag" = String))), ReadProblems),
    security(("bearer" = []))
)]
#[get("/tasks/{id}")]
pub async fn get(state: web::Data<AppState>, caller: Caller, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    caller.require(Action::TasksRead)?;
    let (id, viewer) = (id.into_inner(), viewer(&caller));
    let task = http::read(&state.pool, move |conn| Ok(tasks::get(conn, &viewer, id)?)).await?;
    Ok(http::ok_with_etag(task.version, &task))
}

/// Changes a task's fields or assignees (its managers: the creator, administrators,
/// group heads). New assignees appear on the timeline and are told. Needs `If-Match`.
#[utoipa::path(
    tag = "tasks",
    request_body = UpdateTask,
    params(("id" = Uuid, Path, description = "Task id"), ("If-Match" = String, Header, description = "The ETag last read")),
    responses((status = 200, description = "Success", body = Task, headers(("ETag" = String))), UpdateProblems),
    security(("bearer" = []))
)]
#[patch("/tasks/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: web::Json<UpdateTask>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::TasksWork)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let (id, actor, viewer) = (id.into_inner(), caller.actor(), viewer(&caller));
    let task =
        http::write(&state.pool, move |conn| Ok(tasks::update(conn, &actor, &viewer, id, if_match.0, &request)?))
            .await?;
    Ok(http::ok_with_etag(task.version, &task))
}

/// Moves a task to another status. The transition table decides which moves the
/// caller's relation to the task (assignee, manager) allows: any other is a 409
/// `transition_not_allowed`; a caller in no relation gets 403. Needs `If-Match`.
#[utoipa::path(
    tag = "tasks",
    request_body = MoveTask,
    params(("id" = Uuid, Path, description = "Task id"), ("If-Match" = String, Header, description = "The ETag last read")),
    responses((status = 200, description = "Success", body = Task, headers(("ETag" = String))), UpdateProblems),
    security(("bearer" = []))
)]
#[post("/tasks/{id}/transitions")]
pub async fn move_task(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: web::Json<MoveTask>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::TasksWork)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let (id, actor, viewer) = (id.into_inner(), caller.actor(), viewer(&caller));
    let task =
        http::write(&state.pool, move |conn| Ok(tasks::move_task(conn, &actor, &viewer, id, if_match.0, &request)?))
            .await?;
    Ok(http::ok_with_etag(task.version, &task))
}

/// Reports progress on a task (assignees and managers) and sets its percent. The task
/// must be accepted, in progress, blocked or reopened, else 409 `not_in_progress`.
#[utoipa::path(
    tag = "tasks",
    request_body = PostProgress,
    params(
        ("id" = Uuid, Path, description = "Task id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes retries of this report safe")
    ),
    responses((status = 201, description = "Created", body = TaskEvent, headers(("Location" = String))), CreateProblems),
    security(("bearer" = []))
)]
#[post("/tasks/{id}/progress")]
pub async fn post_progress(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    key: IdempotencyKey,
    body: web::Json<PostProgress>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::TasksWork)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let (id, viewer) = (id.into_inner(), viewer(&caller));
    let fingerprint = serde_json::json!({ "task_id": id, "progress": request });
    let mut response =
        http::create_once(&state.pool, caller.actor(), key, "/api/v1/task-events", &fingerprint, move |conn, actor| {
            Ok(tasks::post_progress(conn, actor, &viewer, id, &request)?)
        })
        .await?;
    // Events are read through the task's timeline.
    if let Ok(location) = header::HeaderValue::from_str(&format!("/api/v1/tasks/{id}/timeline")) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}

/// The task's timeline: creation, moves, progress reports, reassignments and edits,
/// oldest first.
#[utoipa::path(
    tag = "tasks",
    params(("id" = Uuid, Path, description = "Task id")),
    responses((status = 200, description = "Success", body = Vec<TaskEvent>), ReadProblems),
    security(("bearer" = []))
)]
#[get("/tasks/{id}/timeline")]
pub async fn timeline(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<web::Json<Vec<TaskEvent>>, ApiError> {
    caller.require(Action::TasksRead)?;
    let (id, viewer) = (id.into_inner(), viewer(&caller));
    let events = http::read(&state.pool, move |conn| Ok(tasks::timeline(conn, &viewer, id)?)).await?;
    Ok(web::Json(events))
}

/// How far the tasks of each item of the plan have got, counting the tasks the caller
/// may see (cancelled ones left out); items without such tasks are left out.
#[utoipa::path(
    tag = "plans",
    params(("id" = Uuid, Path, description = "Plan id")),
    responses((status = 200, description = "Success", body = Vec<PlanItemProgress>), ReadProblems),
    security(("bearer" = []))
)]
#[get("/plans/{id}/progress")]
pub async fn plan_progress(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<web::Json<Vec<PlanItemProgress>>, ApiError> {
    caller.require(Action::PlansRead)?;
    caller.require(Action::TasksRead)?;
    let (id, viewer) = (id.into_inner(), viewer(&caller));
    let progress = http::read(&state.pool, move |conn| Ok(tasks::plan_progress(conn, &viewer, id)?)).await?;
    Ok(web::Json(progress))
}
