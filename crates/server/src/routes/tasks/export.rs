//! `GET /tasks/export`: the filtered task list as a CSV or XLSX file.

use super::list::TaskQuery;
use super::viewer;
use crate::export::{Cell, ExportQuery};
use crate::{
    auth::Caller,
    error::ApiError,
    export as files,
    http::{self, SyncParams},
    openapi::ReadProblems,
    state::AppState,
};
use actix_web::{get, web, HttpResponse};
use danvan_domain::{
    calendar,
    lang::Lang,
    named::NamedRef,
    permission::Action,
    task::{ExportFormat, Task},
};
use danvan_store::tasks;

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
    let rows = http::read(&state.db, move |conn| {
        tasks::export(conn, &viewer, &filter, sort, files::MAX_ROWS)?.ok_or_else(|| {
            ApiError::invalid("filters", "too_many_rows", "more than 10000 tasks match; narrow the filters")
        })
    })
    .await?;
    let lang = options.lang.unwrap_or_default();
    let sheet = files::Sheet {
        name: ("Nhiệm vụ", "Tasks"),
        columns: COLUMNS,
        rows: rows.iter().map(|task| cells(task, lang)).collect(),
    };
    sheet.respond(options.format.unwrap_or(ExportFormat::Csv), lang, &format!("tasks-{}", tasks::today()))
}

/// Columns of the task export: Vietnamese and English headers, width.
const COLUMNS: &[(&str, &str, f64)] = &[
    ("Tên nhiệm vụ", "Title", 40.0),
    ("Trạng thái", "Status", 16.0),
    ("Mức độ ưu tiên", "Priority", 14.0),
    ("Hạn hoàn thành", "Due date", 14.0),
    ("Tiến độ (%)", "Percent", 10.0),
    ("Người, đơn vị thực hiện", "Assignees", 36.0),
    ("Địa bàn", "Areas", 30.0),
    ("Mục kế hoạch", "Plan item", 36.0),
    ("Đối tượng", "Target group", 24.0),
    ("Người tạo", "Created by", 24.0),
    ("Cập nhật lúc", "Updated at", 18.0),
];

fn cells(task: &Task, lang: Lang) -> Vec<Cell> {
    let assignees: Vec<NamedRef> = task.assignee_users.iter().chain(task.assignee_org_units.iter()).cloned().collect();
    let updated = task.updated_at.with_timezone(&calendar::vietnam()).format("%Y-%m-%d %H:%M").to_string();
    vec![
        Cell::Text(task.title.clone()),
        Cell::Text(task.status.label(lang).to_owned()),
        Cell::Text(task.priority.label(lang).to_owned()),
        Cell::Text(task.due_on.format("%Y-%m-%d").to_string()),
        Cell::Number(f64::from(task.percent)),
        Cell::Text(files::joined(&assignees)),
        Cell::Text(files::joined(&task.areas)),
        Cell::Text(task.plan_item.as_ref().map(|item| item.name.clone()).unwrap_or_default()),
        Cell::Text(task.target_group.as_ref().map(|group| group.name.clone()).unwrap_or_default()),
        Cell::Text(task.created_by.name.clone()),
        Cell::Text(updated),
    ]
}
