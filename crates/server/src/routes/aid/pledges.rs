//! Pledges: what donors promise, and how far their donations honour it.

use crate::{
    auth::Caller,
    error::ApiError,
    http::{self, IdempotencyKey, IfMatch, PageParams},
    openapi::{CreateProblems, ReadProblems, UpdateProblems},
    state::AppState,
};
use actix_web::{get, patch, post, web, HttpResponse};
use danvan_domain::{
    aid::{CreatePledge, Pledge, UpdatePledge},
    page::Page,
    permission::Action,
};
use danvan_store::aid::{self as store, PledgeFilter};
use serde::Deserialize;
use uuid::Uuid;

/// Filters of the pledge list.
#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PledgeQuery {
    pub campaign_id: Option<Uuid>,
    pub donor_id: Option<Uuid>,
}

/// Pledges, newest first, each with what has come of it and its status.
#[utoipa::path(
    tag = "aid",
    params(PledgeQuery, PageParams),
    responses((status = 200, description = "Success", body = Page<Pledge>), ReadProblems),
    security(("bearer" = []))
)]
#[get("/pledges")]
pub async fn list_pledges(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<PledgeQuery>,
    paging: web::Query<PageParams>,
) -> Result<web::Json<Page<Pledge>>, ApiError> {
    caller.require(Action::AidRead)?;
    let filter = PledgeFilter { campaign_id: query.campaign_id, donor_id: query.donor_id };
    let (limit, cursor) = (paging.limit()?, paging.cursor()?);
    let page =
        http::read(&state.db, move |conn| Ok(store::list_pledges(conn, &filter, limit, cursor.as_deref())?)).await?;
    Ok(web::Json(page))
}

/// Records a donor's promise to a campaign that is not closed.
#[utoipa::path(
    tag = "aid",
    request_body = CreatePledge,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries of this create safe")),
    responses((status = 201, description = "Created", body = Pledge, headers(("ETag" = String), ("Location" = String))), CreateProblems),
    security(("bearer" = []))
)]
#[post("/pledges")]
pub async fn create_pledge(
    state: web::Data<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    body: web::Json<CreatePledge>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::DonationsRecord)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let fingerprint = serde_json::to_value(&request).unwrap_or_default();
    http::post_once(&state.db, caller.actor(), key, "/api/v1/pledges", &fingerprint, move |conn, actor| {
        Ok(store::create_pledge(conn, actor, &request)?)
    })
    .await
}

/// One pledge, with its `ETag`.
#[utoipa::path(
    tag = "aid",
    params(("id" = Uuid, Path, description = "Pledge id")),
    responses((status = 200, description = "Success", body = Pledge, headers(("ETag" = String))), ReadProblems),
    security(("bearer" = []))
)]
#[get("/pledges/{id}")]
pub async fn get_pledge(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::AidRead)?;
    let id = id.into_inner();
    let pledge = http::read(&state.db, move |conn| Ok(store::get_pledge(conn, id)?)).await?;
    Ok(http::ok_with_etag(pledge.version, &pledge))
}

/// Changes a pledge's due date or note, or cancels it. Needs `If-Match`.
#[utoipa::path(
    tag = "aid",
    request_body = UpdatePledge,
    params(("id" = Uuid, Path, description = "Pledge id"), ("If-Match" = String, Header, description = "The ETag last read")),
    responses((status = 200, description = "Success", body = Pledge, headers(("ETag" = String))), UpdateProblems),
    security(("bearer" = []))
)]
#[patch("/pledges/{id}")]
pub async fn update_pledge(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: web::Json<UpdatePledge>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::DonationsRecord)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let (id, actor) = (id.into_inner(), caller.actor());
    let pledge =
        http::post(&state.db, move |conn| Ok(store::update_pledge(conn, &actor, id, if_match.0, &request)?)).await?;
    Ok(http::ok_with_etag(pledge.version, &pledge))
}
