//! Households: the list (within the caller's provinces), one household with its members,
//! entering and changing one.

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
    aid::{CreateHousehold, Household, UpdateHousehold},
    page::Page,
    permission::Action,
};
use danvan_store::aid::{self as store, HouseholdFilter};
use serde::Deserialize;
use uuid::Uuid;

/// Filters of the household list.
#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HouseholdQuery {
    /// Part of the name (diacritics and case ignored).
    #[param(max_length = 200)]
    pub q: Option<String>,
    /// The commune or ward.
    pub area_id: Option<Uuid>,
    pub province_id: Option<Uuid>,
}

/// Households by name (without diacritics), within the caller's provinces.
#[utoipa::path(
    tag = "aid",
    params(HouseholdQuery, PageParams),
    responses((status = 200, description = "Success", body = Page<Household>), ReadProblems),
    security(("bearer" = []))
)]
#[get("/households")]
pub async fn list_households(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<HouseholdQuery>,
    paging: web::Query<PageParams>,
) -> Result<web::Json<Page<Household>>, ApiError> {
    caller.require(Action::BeneficiariesRead)?;
    let filter = HouseholdFilter { q: words(&query.q)?, area_id: query.area_id, province_id: query.province_id };
    let (limit, cursor, viewer) = (paging.limit()?, paging.cursor()?, viewer(&caller));
    let page = http::read(&state.db, move |conn| {
        Ok(store::list_households(conn, &viewer, &filter, limit, cursor.as_deref())?)
    })
    .await?;
    Ok(web::Json(page))
}

/// Enters a household in a commune the caller manages.
#[utoipa::path(
    tag = "aid",
    request_body = CreateHousehold,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries of this create safe")),
    responses((status = 201, description = "Created", body = Household, headers(("ETag" = String), ("Location" = String))), CreateProblems),
    security(("bearer" = []))
)]
#[post("/households")]
pub async fn create_household(
    state: web::Data<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    body: web::Json<CreateHousehold>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::BeneficiariesManage)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let fingerprint = serde_json::to_value(&request).unwrap_or_default();
    let viewer = viewer(&caller);
    http::create_once(&state.db, caller.actor(), key, "/api/v1/households", &fingerprint, move |conn, actor| {
        Ok(store::create_household(conn, actor, &viewer, &request)?)
    })
    .await
}

/// One household with its members and head, with its `ETag`.
#[utoipa::path(
    tag = "aid",
    params(("id" = Uuid, Path, description = "Household id")),
    responses((status = 200, description = "Success", body = Household, headers(("ETag" = String))), ReadProblems),
    security(("bearer" = []))
)]
#[get("/households/{id}")]
pub async fn get_household(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::BeneficiariesRead)?;
    let (id, viewer) = (id.into_inner(), viewer(&caller));
    let household = http::read(&state.db, move |conn| Ok(store::get_household(conn, &viewer, id)?)).await?;
    Ok(http::ok_with_etag(household.version, &household))
}

/// Changes a household; a new commune moves its members with it. Needs `If-Match`.
#[utoipa::path(
    tag = "aid",
    request_body = UpdateHousehold,
    params(("id" = Uuid, Path, description = "Household id"), ("If-Match" = String, Header, description = "The ETag last read")),
    responses((status = 200, description = "Success", body = Household, headers(("ETag" = String))), UpdateProblems),
    security(("bearer" = []))
)]
#[patch("/households/{id}")]
pub async fn update_household(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: web::Json<UpdateHousehold>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::BeneficiariesManage)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let (id, actor, viewer) = (id.into_inner(), caller.actor(), viewer(&caller));
    let household = http::write(&state.db, move |conn| {
        Ok(store::update_household(conn, &actor, &viewer, id, if_match.0, &request)?)
    })
    .await?;
    Ok(http::ok_with_etag(household.version, &household))
}
