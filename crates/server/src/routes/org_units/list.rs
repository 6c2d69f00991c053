//! `GET /org-units`: the org units by code, with paging and sync.

use crate::{
    auth::Caller,
    error::ApiError,
    http::{self, PageParams, SyncParams},
    openapi::ReadProblems,
    state::AppState,
};
use actix_web::{get, web};
use danvan_domain::{org_unit::OrgUnit, page::Page, permission::Action};
use danvan_store::org_units::OrgUnitFilter;
use serde::Deserialize;
use uuid::Uuid;

/// Filters of the org unit list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrgUnitQuery {
    /// Only the units directly below this one.
    pub parent_id: Option<Uuid>,
}

/// Lists org units by code; build the tree from `parent_id`.
#[utoipa::path(
    tag = "org-units",
    params(OrgUnitQuery, PageParams, SyncParams),
    responses((status = 200, description = "Success", body = Page<OrgUnit>), ReadProblems),
    security(("bearer" = []))
)]
#[get("/org-units")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<OrgUnitQuery>,
    paging: web::Query<PageParams>,
    sync: web::Query<SyncParams>,
) -> Result<web::Json<Page<OrgUnit>>, ApiError> {
    caller.require(Action::OrgUnitsRead)?;
    let filter = OrgUnitFilter { parent_id: query.parent_id, updated_since: sync.updated_since };
    let (limit, cursor) = (paging.limit()?, paging.cursor()?);
    let page =
        http::read(&state.db, move |conn| Ok(danvan_store::org_units::list(conn, &filter, limit, cursor.as_deref())?))
            .await?;
    Ok(web::Json(page))
}
