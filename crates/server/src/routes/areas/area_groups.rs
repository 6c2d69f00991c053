//! Area groups: everyone reads them, administrators create, change and delete them.

use crate::{
    auth::Caller,
    error::ApiError,
    http::{self, IdempotencyKey, IfMatch, PageParams, SyncParams},
    openapi::{CreateProblems, ReadProblems, UpdateProblems},
    state::AppState,
};
use actix_web::{delete, get, patch, post, web, HttpResponse};
use danvan_domain::{
    area::{AreaGroup, AreaGroupKind, CreateAreaGroup, Layout, UpdateAreaGroup},
    page::Page,
    permission::Action,
};
use danvan_store::area_groups::AreaGroupFilter;
use serde::Deserialize;
use uuid::Uuid;

/// Filters of the area group list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AreaGroupQuery {
    pub layout: Option<Layout>,
    pub kind: Option<AreaGroupKind>,
}

/// Lists area groups by code, each with its provinces.
#[utoipa::path(
    tag = "area-groups",
    params(AreaGroupQuery, PageParams, SyncParams),
    responses((status = 200, description = "Success", body = Page<AreaGroup>), ReadProblems),
    security(("bearer" = []))
)]
#[get("/area-groups")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<AreaGroupQuery>,
    paging: web::Query<PageParams>,
    sync: web::Query<SyncParams>,
) -> Result<web::Json<Page<AreaGroup>>, ApiError> {
    caller.require(Action::AreasRead)?;
    let filter = AreaGroupFilter { layout: query.layout, kind: query.kind, updated_since: sync.updated_since };
    let (limit, cursor) = (paging.limit()?, paging.cursor()?);
    let page = http::read(&state.db, move |conn| {
        Ok(danvan_store::area_groups::list(conn, &filter, limit, cursor.as_deref())?)
    })
    .await?;
    Ok(web::Json(page))
}

/// One area group, with its `ETag`.
#[utoipa::path(
    tag = "area-groups",
    params(("id" = Uuid, Path, description = "Area group id")),
    responses((status = 200, description = "Success", body = AreaGroup, headers(("ETag" = String))), ReadProblems),
    security(("bearer" = []))
)]
#[get("/area-groups/{id}")]
pub async fn get(state: web::Data<AppState>, caller: Caller, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    caller.require(Action::AreasRead)?;
    let id = id.into_inner();
    let group = http::read(&state.db, move |conn| Ok(danvan_store::area_groups::get(conn, id)?)).await?;
    Ok(http::ok_with_etag(group.version, &group))
}

/// Creates an area group of provinces of one layout (administrators).
#[utoipa::path(
    tag = "area-groups",
    request_body = CreateAreaGroup,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries of this create safe")),
    responses((status = 201, description = "Created", body = AreaGroup, headers(("ETag" = String), ("Location" = String))), CreateProblems),
    security(("bearer" = []))
)]
#[post("/area-groups")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    body: web::Json<CreateAreaGroup>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::AreaGroupsManage)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let fingerprint = serde_json::to_value(&request).unwrap_or_default();
    http::create_once(&state.db, caller.actor(), key, "/api/v1/area-groups", &fingerprint, move |conn, actor| {
        Ok(danvan_store::area_groups::create(conn, actor, &request)?)
    })
    .await
}

/// Renames an area group or replaces its provinces. Needs `If-Match`.
#[utoipa::path(
    tag = "area-groups",
    request_body = UpdateAreaGroup,
    params(("id" = Uuid, Path, description = "Area group id"), ("If-Match" = String, Header, description = "The ETag last read")),
    responses((status = 200, description = "Success", body = AreaGroup, headers(("ETag" = String))), UpdateProblems),
    security(("bearer" = []))
)]
#[patch("/area-groups/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: web::Json<UpdateAreaGroup>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::AreaGroupsManage)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let (id, actor) = (id.into_inner(), caller.actor());
    let group = http::write(&state.db, move |conn| {
        Ok(danvan_store::area_groups::update(conn, &actor, id, if_match.0, &request)?)
    })
    .await?;
    Ok(http::ok_with_etag(group.version, &group))
}

/// Deletes an area group no user's scope refers to. Sync clients see a tombstone. Needs `If-Match`.
#[utoipa::path(
    tag = "area-groups",
    params(("id" = Uuid, Path, description = "Area group id"), ("If-Match" = String, Header, description = "The ETag last read")),
    responses((status = 204, description = "Deleted"), UpdateProblems),
    security(("bearer" = []))
)]
#[delete("/area-groups/{id}")]
pub async fn delete(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::AreaGroupsManage)?;
    let (id, actor) = (id.into_inner(), caller.actor());
    http::write(&state.db, move |conn| Ok(danvan_store::area_groups::delete(conn, &actor, id, if_match.0)?)).await?;
    Ok(HttpResponse::NoContent().finish())
}
