//! Obligations, derived when read: one's own now, a template's period, and the
//! timeliness table of recent periods.

use crate::{
    auth::Caller, error::ApiError, http, openapi::ReadProblems, routes::working_groups::today, state::AppState,
};
use actix_web::{get, web};
use danvan_domain::{
    permission::Action,
    report::{Obligation, TimelinessTable},
};
use danvan_store::reports as store;
use serde::Deserialize;
use uuid::Uuid;

/// What the caller owes now: for each live periodic template, the last period that has
/// ended, with the state of their report.
#[utoipa::path(
    tag = "reports",
    responses((status = 200, description = "Success", body = Vec<Obligation>), ReadProblems),
    security(("bearer" = []))
)]
#[get("/me/report-obligations")]
pub async fn list_my_report_obligations(
    state: web::Data<AppState>,
    caller: Caller,
) -> Result<web::Json<Vec<Obligation>>, ApiError> {
    caller.require(Action::ReportsRead)?;
    let viewer = caller.viewer();
    Ok(web::Json(http::read(&state.db, move |conn| Ok(store::list_my_obligations(conn, &viewer, today())?)).await?))
}

/// The period of an obligation list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ObligationQuery {
    /// `2026-11`, `2026-W48` or `2026-Q4`, as the template's period type; the last
    /// period that has ended when absent.
    #[param(max_length = 10)]
    pub period: Option<String>,
    /// One reporter's obligation only.
    pub reporter_id: Option<Uuid>,
}

/// Who owes the template's report for a period, what each covers (from the assignment
/// matrix as of the period, the regional offices' area groups and the unit officers'
/// units) and where each report stands. The national roles (leadership, group head,
/// standing unit, administrators) see every reporter; anyone else their own.
#[utoipa::path(
    tag = "reports",
    params(("id" = Uuid, Path, description = "Template id"), ObligationQuery),
    responses((status = 200, description = "Success", body = Vec<Obligation>), ReadProblems),
    security(("bearer" = []))
)]
#[get("/report-templates/{id}/obligations")]
pub async fn list_report_obligations(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    query: web::Query<ObligationQuery>,
) -> Result<web::Json<Vec<Obligation>>, ApiError> {
    caller.require(Action::ReportsRead)?;
    let (id, viewer, query) = (id.into_inner(), caller.viewer(), query.into_inner());
    Ok(web::Json(
        http::read(&state.db, move |conn| {
            let today = today();
            let period = match query.period {
                Some(period) => period,
                None => {
                    let template = store::get_template(conn, viewer.role, id)?;
                    danvan_domain::report::ReportPeriod::last_ended(template.period_type, today).key
                }
            };
            Ok(store::list_obligations(conn, &viewer, id, &period, query.reporter_id, today)?)
        })
        .await?,
    ))
}

/// The periods of a timeliness table.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TimelinessQuery {
    /// The last period shown; the last one that has ended when absent.
    #[param(max_length = 10)]
    pub until: Option<String>,
    /// How many periods, 1 to 12 (6 when absent).
    #[param(minimum = 1, maximum = 12)]
    pub periods: Option<usize>,
}

/// How each reporter met the deadlines of the template's recent periods: on time, late,
/// missing. For the national roles.
#[utoipa::path(
    tag = "reports",
    params(("id" = Uuid, Path, description = "Template id"), TimelinessQuery),
    responses((status = 200, description = "Success", body = TimelinessTable), ReadProblems),
    security(("bearer" = []))
)]
#[get("/report-templates/{id}/timeliness")]
pub async fn report_timeliness(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    query: web::Query<TimelinessQuery>,
) -> Result<web::Json<TimelinessTable>, ApiError> {
    caller.require(Action::ReportsRead)?;
    caller.allow(danvan_domain::policy::sees_all_reports(caller.user.role))?;
    let periods = query.periods.unwrap_or(6);
    if !(1..=store::TIMELINESS_PERIODS_MAX).contains(&periods) {
        return Err(ApiError::invalid("periods", "out_of_range", "must be 1 to 12"));
    }
    let (id, viewer, until) = (id.into_inner(), caller.viewer(), query.until.clone());
    Ok(web::Json(
        http::read(&state.db, move |conn| {
            Ok(store::timeliness_table(conn, &viewer, id, until.as_deref(), periods, today())?)
        })
        .await?,
    ))
}
