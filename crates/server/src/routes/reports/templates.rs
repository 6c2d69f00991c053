//! Report templates: the list, creating one, one template, and changing it (a new content
//! version when its indicators or questions change).

use crate::{
    auth::Caller,
    error::ApiError,
    http::{self, IdempotencyKey, IfMatch, PageParams},
    openapi::{CreateProblems, ReadProblems, UpdateProblems},
    state::AppState,
};
use actix_web::{get, patch, post, web, HttpResponse};
use danvan_domain::{
    page::Page,
    permission::Action,
    report::{CreateReportTemplate, ReportTemplate, UpdateReportTemplate},
};
use danvan_store::reports as store;
use serde::Deserialize;
use uuid::Uuid;

/// Filters of the template list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TemplateQuery {
    /// Only archived (`true`) or only live (`false`) templates; both when absent.
    pub archived: Option<bool>,
}

/// Report templates, by name.
#[utoipa::path(
    tag = "reports",
    params(TemplateQuery, PageParams),
    responses((status = 200, description = "Success", body = Page<ReportTemplate>), ReadProblems),
    security(("bearer" = []))
)]
#[get("/report-templates")]
pub async fn list_report_templates(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<TemplateQuery>,
    paging: web::Query<PageParams>,
) -> Result<web::Json<Page<ReportTemplate>>, ApiError> {
    caller.require(Action::ReportsRead)?;
    let (limit, cursor, role, archived) = (paging.limit()?, paging.cursor()?, caller.user.role, query.archived);
    Ok(web::Json(
        http::read(&state.db, move |conn| Ok(store::list_templates(conn, role, archived, limit, cursor.as_deref())?))
            .await?,
    ))
}

/// Creates a template: its period type, due day and grace, who owes it, its indicators
/// and narrative questions. By the standing unit.
#[utoipa::path(
    tag = "reports",
    request_body = CreateReportTemplate,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries of this create safe")),
    responses((status = 201, description = "Created", body = ReportTemplate, headers(("ETag" = String), ("Location" = String))), CreateProblems),
    security(("bearer" = []))
)]
#[post("/report-templates")]
pub async fn create_report_template(
    state: web::Data<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    body: web::Json<CreateReportTemplate>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ReportsReview)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let fingerprint = serde_json::to_value(&request).unwrap_or_default();
    let role = caller.user.role;
    http::create_once(&state.db, caller.actor(), key, "/api/v1/report-templates", &fingerprint, move |conn, actor| {
        Ok(store::create_template(conn, actor, role, &request)?)
    })
    .await
}

/// One template at its current content version, with its `ETag`.
#[utoipa::path(
    tag = "reports",
    params(("id" = Uuid, Path, description = "Template id")),
    responses((status = 200, description = "Success", body = ReportTemplate, headers(("ETag" = String))), ReadProblems),
    security(("bearer" = []))
)]
#[get("/report-templates/{id}")]
pub async fn get_report_template(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ReportsRead)?;
    let (id, role) = (id.into_inner(), caller.user.role);
    let template = http::read(&state.db, move |conn| Ok(store::get_template(conn, role, id)?)).await?;
    Ok(http::ok_with_etag(template.version, &template))
}

/// Changes a template. New indicators or questions make a new content version; reports
/// already written keep the version they were written against. Needs `If-Match`.
#[utoipa::path(
    tag = "reports",
    request_body = UpdateReportTemplate,
    params(("id" = Uuid, Path, description = "Template id"), ("If-Match" = String, Header, description = "The ETag last read")),
    responses((status = 200, description = "Success", body = ReportTemplate, headers(("ETag" = String))), UpdateProblems),
    security(("bearer" = []))
)]
#[patch("/report-templates/{id}")]
pub async fn update_report_template(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: web::Json<UpdateReportTemplate>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ReportsReview)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let (id, actor, role) = (id.into_inner(), caller.actor(), caller.user.role);
    let template =
        http::write(&state.db, move |conn| Ok(store::update_template(conn, &actor, role, id, if_match.0, &request)?))
            .await?;
    Ok(http::ok_with_etag(template.version, &template))
}
