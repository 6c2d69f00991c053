//! The consolidated report: the list, building one for a period, reading and editing it
//! (each save a revision), its revisions, and the leader's sign-off.

use crate::{
    auth::Caller,
    error::ApiError,
    http::{self, IdempotencyKey, IfMatch, PageParams},
    openapi::{CreateProblems, ReadProblems, UpdateProblems},
    routes::working_groups::today,
    state::AppState,
};
use actix_web::{get, patch, post, web, HttpResponse};
use danvan_domain::{
    page::Page,
    permission::Action,
    report::{ConsolidatedReport, ConsolidatedRevision, CreateConsolidatedReport, UpdateConsolidatedReport},
};
use danvan_store::reports as store;
use serde::Deserialize;
use uuid::Uuid;

/// Filters of the consolidated report list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ConsolidatedQuery {
    pub template_id: Option<Uuid>,
}

/// Consolidated reports, most recently changed first. For the standing unit and the
/// leadership.
#[utoipa::path(
    tag = "reports",
    params(ConsolidatedQuery, PageParams),
    responses((status = 200, description = "Success", body = Page<ConsolidatedReport>), ReadProblems),
    security(("bearer" = []))
)]
#[get("/consolidated-reports")]
pub async fn list_consolidated_reports(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<ConsolidatedQuery>,
    paging: web::Query<PageParams>,
) -> Result<web::Json<Page<ConsolidatedReport>>, ApiError> {
    caller.require(Action::ReportsRead)?;
    let (limit, cursor, viewer, template) = (paging.limit()?, paging.cursor()?, caller.viewer(), query.template_id);
    Ok(web::Json(
        http::read(&state.db, move |conn| {
            Ok(store::list_consolidated(conn, &viewer, template, limit, cursor.as_deref())?)
        })
        .await?,
    ))
}

/// Builds the consolidated report of a template's period: figures summed from the
/// approved submissions only (each total with the submissions it comes from), one
/// section per narrative question assembled from the reporters' answers, the annex of
/// reporters and timeliness. One per period (409 naming the first).
#[utoipa::path(
    tag = "reports",
    request_body = CreateConsolidatedReport,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries of this create safe")),
    responses((status = 201, description = "Created", body = ConsolidatedReport, headers(("ETag" = String), ("Location" = String))), CreateProblems),
    security(("bearer" = []))
)]
#[post("/consolidated-reports")]
pub async fn create_consolidated_report(
    state: web::Data<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    body: web::Json<CreateConsolidatedReport>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ReportsReview)?;
    let request = body.into_inner();
    let fingerprint = serde_json::to_value(&request).unwrap_or_default();
    let viewer = caller.viewer();
    http::create_once(
        &state.db,
        caller.actor(),
        key,
        "/api/v1/consolidated-reports",
        &fingerprint,
        move |conn, actor| Ok(store::create_consolidated(conn, actor, &viewer, &request, today())?),
    )
    .await
}

/// One consolidated report at its latest revision, with its `ETag`.
#[utoipa::path(
    tag = "reports",
    params(("id" = Uuid, Path, description = "Consolidated report id")),
    responses((status = 200, description = "Success", body = ConsolidatedReport, headers(("ETag" = String))), ReadProblems),
    security(("bearer" = []))
)]
#[get("/consolidated-reports/{id}")]
pub async fn get_consolidated_report(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ReportsRead)?;
    let (id, viewer) = (id.into_inner(), caller.viewer());
    let report = http::read(&state.db, move |conn| Ok(store::get_consolidated(conn, &viewer, id)?)).await?;
    Ok(http::ok_with_etag(report.version, &report))
}

/// Saves the standing unit's edits (title, sections, recipients, who signs) as a new
/// revision; `refresh_figures` sums the approved submissions again. A signed-off report
/// is locked (409 `locked`). Needs `If-Match`.
#[utoipa::path(
    tag = "reports",
    request_body = UpdateConsolidatedReport,
    params(("id" = Uuid, Path, description = "Consolidated report id"), ("If-Match" = String, Header, description = "The ETag last read")),
    responses((status = 200, description = "Success", body = ConsolidatedReport, headers(("ETag" = String))), UpdateProblems),
    security(("bearer" = []))
)]
#[patch("/consolidated-reports/{id}")]
pub async fn update_consolidated_report(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: web::Json<UpdateConsolidatedReport>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ReportsReview)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let (id, actor, viewer) = (id.into_inner(), caller.actor(), caller.viewer());
    let report = http::write(&state.db, move |conn| {
        Ok(store::update_consolidated(conn, &actor, &viewer, id, if_match.0, &request, today())?)
    })
    .await?;
    Ok(http::ok_with_etag(report.version, &report))
}

/// Every saved state of a consolidated report, newest first.
#[utoipa::path(
    tag = "reports",
    params(("id" = Uuid, Path, description = "Consolidated report id")),
    responses((status = 200, description = "Success", body = Vec<ConsolidatedRevision>), ReadProblems),
    security(("bearer" = []))
)]
#[get("/consolidated-reports/{id}/revisions")]
pub async fn list_consolidated_revisions(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<web::Json<Vec<ConsolidatedRevision>>, ApiError> {
    caller.require(Action::ReportsRead)?;
    let (id, viewer) = (id.into_inner(), caller.viewer());
    Ok(web::Json(http::read(&state.db, move |conn| Ok(store::list_revisions(conn, &viewer, id)?)).await?))
}

/// The leader signs the report off: it takes the next number of the Commission's series
/// for the year (`25-BC/BDVTW`) and is locked. Needs `If-Match`.
#[utoipa::path(
    tag = "reports",
    params(("id" = Uuid, Path, description = "Consolidated report id"), ("If-Match" = String, Header, description = "The ETag last read")),
    responses((status = 200, description = "Success", body = ConsolidatedReport, headers(("ETag" = String))), UpdateProblems),
    security(("bearer" = []))
)]
#[post("/consolidated-reports/{id}/sign-off")]
pub async fn sign_off_consolidated_report(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ReportsSignOff)?;
    let (id, actor, viewer) = (id.into_inner(), caller.actor(), caller.viewer());
    let report = http::write(&state.db, move |conn| {
        Ok(store::sign_off_consolidated(conn, &actor, &viewer, id, if_match.0, today())?)
    })
    .await?;
    Ok(http::ok_with_etag(report.version, &report))
}
