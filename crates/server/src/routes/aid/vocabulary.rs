//! The item list and the locations that keep goods.

use super::{viewer, words};
use crate::{
    auth::Caller,
    error::ApiError,
    http::{self, IdempotencyKey, IfMatch, PageParams},
    openapi::{CreateProblems, ReadProblems, UpdateProblems},
    state::AppState,
};
use actix_web::{get, patch, post, web, HttpResponse};
use danvan_domain::{
    aid::{CreateItem, CreateLocation, Item, Location, UpdateItem, UpdateLocation},
    page::Page,
    permission::Action,
};
use danvan_store::aid::{self as store, LocationFilter};
use serde::Deserialize;
use uuid::Uuid;

/// Filter of the item list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ItemQuery {
    /// Only live (`true`) or only retired (`false`) items.
    pub active: Option<bool>,
}

/// The items goods are counted in, in their order.
#[utoipa::path(
    tag = "aid",
    params(ItemQuery),
    responses((status = 200, description = "Success", body = Vec<Item>), ReadProblems),
    security(("bearer" = []))
)]
#[get("/aid-items")]
pub async fn list_aid_items(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<ItemQuery>,
) -> Result<web::Json<Vec<Item>>, ApiError> {
    caller.require(Action::AidRead)?;
    let active = query.active;
    Ok(web::Json(http::read(&state.db, move |conn| Ok(store::list_items(conn, active)?)).await?))
}

/// Adds an item to the list.
#[utoipa::path(
    tag = "aid",
    request_body = CreateItem,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries of this create safe")),
    responses((status = 201, description = "Created", body = Item, headers(("ETag" = String), ("Location" = String))), CreateProblems),
    security(("bearer" = []))
)]
#[post("/aid-items")]
pub async fn create_aid_item(
    state: web::Data<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    body: web::Json<CreateItem>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::AidManage)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let fingerprint = serde_json::to_value(&request).unwrap_or_default();
    http::create_once(&state.db, caller.actor(), key, "/api/v1/aid-items", &fingerprint, move |conn, actor| {
        Ok(store::create_item(conn, actor, &request)?)
    })
    .await
}

/// Renames, recategorises, retires or moves an item. Needs `If-Match`.
#[utoipa::path(
    tag = "aid",
    request_body = UpdateItem,
    params(("id" = Uuid, Path, description = "Item id"), ("If-Match" = String, Header, description = "The ETag last read")),
    responses((status = 200, description = "Success", body = Item, headers(("ETag" = String))), UpdateProblems),
    security(("bearer" = []))
)]
#[patch("/aid-items/{id}")]
pub async fn update_aid_item(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: web::Json<UpdateItem>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::AidManage)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let (id, actor) = (id.into_inner(), caller.actor());
    let item =
        http::write(&state.db, move |conn| Ok(store::update_item(conn, &actor, id, if_match.0, &request)?)).await?;
    Ok(http::ok_with_etag(item.version, &item))
}

/// Filters of the location list.
#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LocationQuery {
    /// Locations in this province.
    pub province_id: Option<Uuid>,
    /// Part of the name; diacritics and case are ignored.
    #[param(max_length = 200)]
    pub q: Option<String>,
}

/// Warehouses and collection points, by name.
#[utoipa::path(
    tag = "aid",
    params(LocationQuery, PageParams),
    responses((status = 200, description = "Success", body = Page<Location>), ReadProblems),
    security(("bearer" = []))
)]
#[get("/aid-locations")]
pub async fn list_aid_locations(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<LocationQuery>,
    paging: web::Query<PageParams>,
) -> Result<web::Json<Page<Location>>, ApiError> {
    caller.require(Action::AidRead)?;
    let filter = LocationFilter { province_id: query.province_id, q: words(&query.q)? };
    let (limit, cursor, viewer) = (paging.limit()?, paging.cursor()?, viewer(&caller));
    let page =
        http::read(&state.db, move |conn| Ok(store::list_locations(conn, &viewer, &filter, limit, cursor.as_deref())?))
            .await?;
    Ok(web::Json(page))
}

/// Opens a warehouse or collection point in a commune or ward.
#[utoipa::path(
    tag = "aid",
    request_body = CreateLocation,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries of this create safe")),
    responses((status = 201, description = "Created", body = Location, headers(("ETag" = String), ("Location" = String))), CreateProblems),
    security(("bearer" = []))
)]
#[post("/aid-locations")]
pub async fn create_aid_location(
    state: web::Data<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    body: web::Json<CreateLocation>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::AidManage)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let fingerprint = serde_json::to_value(&request).unwrap_or_default();
    let viewer = viewer(&caller);
    http::create_once(&state.db, caller.actor(), key, "/api/v1/aid-locations", &fingerprint, move |conn, actor| {
        Ok(store::create_location(conn, actor, &viewer, &request)?)
    })
    .await
}

/// One location, with its `ETag`.
#[utoipa::path(
    tag = "aid",
    params(("id" = Uuid, Path, description = "Location id")),
    responses((status = 200, description = "Success", body = Location, headers(("ETag" = String))), ReadProblems),
    security(("bearer" = []))
)]
#[get("/aid-locations/{id}")]
pub async fn get_aid_location(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::AidRead)?;
    let (id, viewer) = (id.into_inner(), viewer(&caller));
    let location = http::read(&state.db, move |conn| Ok(store::get_location(conn, &viewer, id)?)).await?;
    Ok(http::ok_with_etag(location.version, &location))
}

/// Changes a location; `active: false` closes it to new goods. Needs `If-Match`.
#[utoipa::path(
    tag = "aid",
    request_body = UpdateLocation,
    params(("id" = Uuid, Path, description = "Location id"), ("If-Match" = String, Header, description = "The ETag last read")),
    responses((status = 200, description = "Success", body = Location, headers(("ETag" = String))), UpdateProblems),
    security(("bearer" = []))
)]
#[patch("/aid-locations/{id}")]
pub async fn update_aid_location(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: web::Json<UpdateLocation>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::AidManage)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let (id, actor, viewer) = (id.into_inner(), caller.actor(), viewer(&caller));
    let location = http::write(&state.db, move |conn| {
        Ok(store::update_location(conn, &actor, &viewer, id, if_match.0, &request)?)
    })
    .await?;
    Ok(http::ok_with_etag(location.version, &location))
}
