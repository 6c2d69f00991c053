//! `GET /tasks/export`: the filtered task list as a CSV or XLSX file.

use super::list::TaskQuery;
use super::viewer;
use crate::{
    auth::Caller,
    error::ApiError,
    export as files,
    http::{self, SyncParams},
    openapi::ReadProblems,
    state::AppState,
};
use actix_web::{get, http::header, web, HttpResponse};
use danvan_domain::{lang::Lang, permission::Action, task::ExportFormat};
use danvan_store::tasks;
use serde::Deserialize;

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
    let rows = http::read(&state.db, move |conn| {
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
