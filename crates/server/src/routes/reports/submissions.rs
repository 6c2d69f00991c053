//! Submissions: the list (the review queue is `status=submitted`), starting one's report,
//! one report, saving the draft, and moving it along the transition table.

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
    report::{
        CreateReportSubmission, ReportSubmission, SubmissionStatus, SubmissionTransition, UpdateReportSubmission,
    },
};
use danvan_store::reports::{self as store, SubmissionFilter};
use serde::Deserialize;
use uuid::Uuid;

/// Filters of the submission list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SubmissionQuery {
    #[param(inline)]
    pub status: Option<SubmissionStatus>,
    pub reporter_id: Option<Uuid>,
    pub template_id: Option<Uuid>,
    /// With `template_id`: one period's reports.
    #[param(max_length = 10)]
    pub period: Option<String>,
}

/// Reports the caller sees (everyone's for the standing unit and the leadership, else
/// their own), most recently changed first.
#[utoipa::path(
    tag = "reports",
    params(SubmissionQuery, PageParams),
    responses((status = 200, description = "Success", body = Page<ReportSubmission>), ReadProblems),
    security(("bearer" = []))
)]
#[get("/report-submissions")]
pub async fn list_report_submissions(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<SubmissionQuery>,
    paging: web::Query<PageParams>,
) -> Result<web::Json<Page<ReportSubmission>>, ApiError> {
    caller.require(Action::ReportsRead)?;
    let query = query.into_inner();
    if query.period.is_some() && query.template_id.is_none() {
        return Err(ApiError::invalid("period", "needs_template", "a period is one template's: give template_id"));
    }
    let filter = SubmissionFilter {
        status: query.status,
        reporter_id: query.reporter_id,
        template_id: query.template_id,
        period: query.period,
    };
    let (limit, cursor, viewer) = (paging.limit()?, paging.cursor()?, caller.viewer());
    Ok(web::Json(
        http::read(&state.db, move |conn| {
            Ok(store::list_submissions(conn, &viewer, &filter, limit, cursor.as_deref(), today())?)
        })
        .await?,
    ))
}

/// Starts the caller's report as a draft: the one they owe for a period of a periodic
/// template (once; a second start is a 409 naming the first), or an ad hoc one, urgent
/// if need be. Figures are checked against the template and what the caller covers.
#[utoipa::path(
    tag = "reports",
    request_body = CreateReportSubmission,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries of this create safe")),
    responses((status = 201, description = "Created", body = ReportSubmission, headers(("ETag" = String), ("Location" = String))), CreateProblems),
    security(("bearer" = []))
)]
#[post("/report-submissions")]
pub async fn create_report_submission(
    state: web::Data<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    body: web::Json<CreateReportSubmission>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ReportsSubmit)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let fingerprint = serde_json::to_value(&request).unwrap_or_default();
    let viewer = caller.viewer();
    http::create_once(&state.db, caller.actor(), key, "/api/v1/report-submissions", &fingerprint, move |conn, actor| {
        Ok(store::create_submission(conn, actor, &viewer, &request, today())?)
    })
    .await
}

/// One report with its template content, figures, answers, history and the moves the
/// caller may make; its `ETag`.
#[utoipa::path(
    tag = "reports",
    params(("id" = Uuid, Path, description = "Submission id")),
    responses((status = 200, description = "Success", body = ReportSubmission, headers(("ETag" = String))), ReadProblems),
    security(("bearer" = []))
)]
#[get("/report-submissions/{id}")]
pub async fn get_report_submission(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ReportsRead)?;
    let (id, viewer) = (id.into_inner(), caller.viewer());
    let submission = http::read(&state.db, move |conn| Ok(store::get_submission(conn, &viewer, id, today())?)).await?;
    Ok(http::ok_with_etag(submission.version, &submission))
}

/// Saves the reporter's draft (or a report sent back): figures and answers as they are
/// now. A submitted or approved report is locked (409 `locked`). Needs `If-Match`.
#[utoipa::path(
    tag = "reports",
    request_body = UpdateReportSubmission,
    params(("id" = Uuid, Path, description = "Submission id"), ("If-Match" = String, Header, description = "The ETag last read")),
    responses((status = 200, description = "Success", body = ReportSubmission, headers(("ETag" = String))), UpdateProblems),
    security(("bearer" = []))
)]
#[patch("/report-submissions/{id}")]
pub async fn update_report_submission(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: web::Json<UpdateReportSubmission>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ReportsSubmit)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let (id, actor, viewer) = (id.into_inner(), caller.actor(), caller.viewer());
    let submission = http::write(&state.db, move |conn| {
        Ok(store::update_submission(conn, &actor, &viewer, id, if_match.0, &request, today())?)
    })
    .await?;
    Ok(http::ok_with_etag(submission.version, &submission))
}

/// Moves a report along the transition table: its reporter submits (required answers
/// checked); the standing unit approves (which locks it), sends it back or reopens an
/// approved one, with a comment the reporter is told of. An urgent report's submission
/// tells the group head and the leadership. Any other move is a 409
/// `transition_not_allowed`. Needs `If-Match`.
#[utoipa::path(
    tag = "reports",
    request_body = SubmissionTransition,
    params(("id" = Uuid, Path, description = "Submission id"), ("If-Match" = String, Header, description = "The ETag last read")),
    responses((status = 200, description = "Success", body = ReportSubmission, headers(("ETag" = String))), UpdateProblems),
    security(("bearer" = []))
)]
#[post("/report-submissions/{id}/transitions")]
pub async fn transition_report_submission(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: web::Json<SubmissionTransition>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ReportsSubmit)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let (id, actor, viewer) = (id.into_inner(), caller.actor(), caller.viewer());
    let submission = http::write(&state.db, move |conn| {
        Ok(store::transition_submission(conn, &actor, &viewer, id, if_match.0, &request, today())?)
    })
    .await?;
    Ok(http::ok_with_etag(submission.version, &submission))
}
