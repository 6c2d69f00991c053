//! `GET /working-groups/{id}/coverage`: where a group's matrix leaves gaps.

use super::today;
use crate::{auth::Caller, error::ApiError, http, openapi::ReadProblems, state::AppState};
use actix_web::{get, web};
use chrono::NaiveDate;
use danvan_domain::{area::Layout, assignment::Coverage, permission::Action, policy};
use serde::Deserialize;
use uuid::Uuid;

/// The day and layout of a coverage check.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CoverageQuery {
    /// Default: today in Vietnam.
    pub as_of: Option<NaiveDate>,
    /// The layout whose provinces count (default 2021); areas of the other layout do not count.
    pub layout: Option<Layout>,
}

/// Where the group's matrix on a day leaves provinces of a layout, active target groups
/// or active fields uncovered, and which members share a target group in a province. Only
/// for callers who see the whole matrix (the group's `sees_whole_matrix`), else 403.
#[utoipa::path(
    tag = "assignments",
    params(("id" = Uuid, Path, description = "Working group id"), CoverageQuery),
    responses((status = 200, description = "Success", body = Coverage), ReadProblems),
    security(("bearer" = []))
)]
#[get("/working-groups/{id}/coverage")]
pub async fn coverage(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    query: web::Query<CoverageQuery>,
) -> Result<web::Json<Coverage>, ApiError> {
    caller.require(Action::PlansRead)?;
    caller.allow(policy::sees_whole_matrix(caller.user.role, caller.scope.all_areas))?;
    let group = id.into_inner();
    let (date, layout) = (query.as_of.unwrap_or_else(today), query.layout.unwrap_or(Layout::L2021));
    let report =
        http::read(&state.db, move |conn| Ok(danvan_store::assignments::coverage(conn, group, date, layout)?)).await?;
    Ok(web::Json(report))
}
