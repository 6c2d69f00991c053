//! Org units: everyone reads the tree, administrators change it.

use crate::{
    auth::Caller,
    error::ApiError,
    http::{self, IdempotencyKey, IfMatch, PageParams, SyncParams},
    openapi::{CreateProblems, ReadProblems, UpdateProblems},
    state::AppState,
};
use actix_web::{delete, get, patch, post, web, HttpResponse};
use danvan_domain::{
    org_unit::{CreateOrgUnit, OrgUnit, UpdateOrgUnit},
    page::Page,
    permission::Action,
};
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
    let page = http::read(&state.pool, move |conn| {
        Ok(danvan_store::org_units::list(conn, &filter, limit, cursor.as_deref())?)
    })
    .await?;
    Ok(web::Json(http::page(page)))
}

/// One org unit, with its `ETag`.
#[utoipa::path(
    tag = "org-units",
    params(("id" = Uuid, Path, description = "Org unit id")),
    responses((status = 200, description = "Success", body = OrgUnit, headers(("ETag" = String))), ReadProblems),
    security(("bearer" = []))
)]
#[get("/org-units/{id}")]
pub async fn get(state: web::Data<AppState>, caller: Caller, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    caller.require(Action::OrgUnitsRead)?;
    let id = id.into_inner();
    let unit = http::read(&state.pool, move |conn| Ok(danvan_store::org_units::get(conn, id)?)).await?;
    Ok(http::ok_with_etag(unit.version, &unit))
}

/// Creates an org unit (administrators).
#[utoipa::path(
    tag = "org-units",
    request_body = CreateOrgUnit,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries of this create safe")),
    responses((status = 201, description = "Created", body = OrgUnit, headers(("ETag" = String), ("Location" = String))), CreateProblems),
    security(("bearer" = []))
)]
#[post("/org-units")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    body: web::Json<CreateOrgUnit>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::OrgUnitsManage)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let fingerprint = serde_json::to_value(&request).unwrap_or_default();
    http::create_once(&state.pool, caller.actor(), key, "/api/v1/org-units", &fingerprint, move |conn, actor| {
        Ok(danvan_store::org_units::create(conn, actor, &request)?)
    })
    .await
}

/// Renames, recodes or moves an org unit (a new `parent_id`; cycles are refused). Needs `If-Match`.
#[utoipa::path(
    tag = "org-units",
    request_body = UpdateOrgUnit,
    params(("id" = Uuid, Path, description = "Org unit id"), ("If-Match" = String, Header, description = "The ETag last read")),
    responses((status = 200, description = "Success", body = OrgUnit, headers(("ETag" = String))), UpdateProblems),
    security(("bearer" = []))
)]
#[patch("/org-units/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: web::Json<UpdateOrgUnit>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::OrgUnitsManage)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let (id, actor) = (id.into_inner(), caller.actor());
    let unit = http::write(&state.pool, move |conn| {
        Ok(danvan_store::org_units::update(conn, &actor, id, if_match.0, &request)?)
    })
    .await?;
    Ok(http::ok_with_etag(unit.version, &unit))
}

/// Deletes an org unit with no sub-units and no users. Sync clients see a tombstone. Needs `If-Match`.
#[utoipa::path(
    tag = "org-units",
    params(("id" = Uuid, Path, description = "Org unit id"), ("If-Match" = String, Header, description = "The ETag last read")),
    responses((status = 204, description = "Deleted"), UpdateProblems),
    security(("bearer" = []))
)]
#[delete("/org-units/{id}")]
pub async fn delete(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::OrgUnitsManage)?;
    let (id, actor) = (id.into_inner(), caller.actor());
    http::write(&state.pool, move |conn| Ok(danvan_store::org_units::delete(conn, &actor, id, if_match.0)?)).await?;
    Ok(HttpResponse::NoContent().finish())
}
