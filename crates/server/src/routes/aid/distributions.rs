//! Distribution rounds: the list, the eligibility preview, the create (Idempotency-Key),
//! one round and its lines (the delivery checklist), the moves of the round (approve,
//! start, complete, cancel; each with `If-Match`), a person left out of a draft, and each
//! delivery: `deliver` posts to both ledgers once per `Idempotency-Key`, so a retry after
//! a timeout on a slow connection is recorded once; `not-delivered` records the reason.

use super::viewer;
use crate::{
    auth::Caller,
    error::ApiError,
    http::{self, IdempotencyKey, IfMatch, PageParams},
    openapi::{CreateProblems, ReadProblems, UpdateProblems},
    state::AppState,
};
use actix_web::{get, post, web, HttpResponse};
use danvan_domain::{
    aid::{
        CancelRequest, CreateRound, DeliverRequest, DistributionLine, DistributionRound, LineStatus,
        NotDeliveredRequest, RoundPreview, RoundStatus,
    },
    page::Page,
    permission::Action,
};
use danvan_store::aid::{self as store, LineFilter, RoundFilter};
use serde::Deserialize;
use uuid::Uuid;

/// Filters of the round list.
#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RoundQuery {
    pub campaign_id: Option<Uuid>,
    #[param(inline)]
    pub status: Option<RoundStatus>,
    pub province_id: Option<Uuid>,
}

/// The rounds of the caller's provinces, newest first, each with its counts per line
/// status and what the caller may do with it.
#[utoipa::path(
    tag = "aid",
    params(RoundQuery, PageParams),
    responses((status = 200, description = "Success", body = Page<DistributionRound>), ReadProblems),
    security(("bearer" = []))
)]
#[get("/distribution-rounds")]
pub async fn list_distribution_rounds(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<RoundQuery>,
    paging: web::Query<PageParams>,
) -> Result<web::Json<Page<DistributionRound>>, ApiError> {
    caller.require(Action::BeneficiariesRead)?;
    let filter = RoundFilter { campaign_id: query.campaign_id, status: query.status, province_id: query.province_id };
    let (limit, cursor, viewer) = (paging.limit()?, paging.cursor()?, viewer(&caller));
    let page =
        http::read(&state.db, move |conn| Ok(store::list_rounds(conn, &viewer, &filter, limit, cursor.as_deref())?))
            .await?;
    Ok(web::Json(page))
}

/// Who a round of this body would cover (how many, the first 50 names, those left out as
/// covered by the campaign already) and whether the location's stock and the campaign's
/// cash suffice. Nothing is written.
#[utoipa::path(
    tag = "aid",
    request_body = CreateRound,
    responses((status = 200, description = "Success", body = RoundPreview), CreateProblems),
    security(("bearer" = []))
)]
#[post("/distribution-rounds/preview")]
pub async fn preview_distribution_round(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<CreateRound>,
) -> Result<web::Json<RoundPreview>, ApiError> {
    caller.require(Action::DistributionsManage)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let viewer = viewer(&caller);
    let preview = http::read(&state.db, move |conn| Ok(store::preview_round(conn, &viewer, &request)?)).await?;
    Ok(web::Json(preview))
}

/// A draft round whose lines are every eligible person of the area: one of the
/// categories, consent given, not merged, no planned or delivered line of the campaign.
/// 409 `already_covered` when each of them has one already, `no_eligible_beneficiaries`
/// when nobody qualifies.
#[utoipa::path(
    tag = "aid",
    request_body = CreateRound,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries of this create safe")),
    responses((status = 201, description = "Created", body = DistributionRound, headers(("Location" = String), ("ETag" = String))), CreateProblems),
    security(("bearer" = []))
)]
#[post("/distribution-rounds")]
pub async fn create_distribution_round(
    state: web::Data<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    body: web::Json<CreateRound>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::DistributionsManage)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let fingerprint = serde_json::to_value(&request).unwrap_or_default();
    let viewer = viewer(&caller);
    http::create_once(
        &state.db,
        caller.actor(),
        key,
        "/api/v1/distribution-rounds",
        &fingerprint,
        move |conn, actor| Ok(store::create_round(conn, actor, &viewer, &request)?),
    )
    .await
}

/// One round: its counts per line status, items, and capability flags.
#[utoipa::path(
    tag = "aid",
    params(("id" = Uuid, Path, description = "Round id")),
    responses((status = 200, description = "Success", body = DistributionRound, headers(("ETag" = String))), ReadProblems),
    security(("bearer" = []))
)]
#[get("/distribution-rounds/{id}")]
pub async fn get_distribution_round(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::BeneficiariesRead)?;
    let (id, viewer) = (id.into_inner(), viewer(&caller));
    let round = http::read(&state.db, move |conn| Ok(store::get_round(conn, &viewer, id)?)).await?;
    Ok(http::ok_with_etag(round.version, &round))
}

/// Filters of a round's lines.
#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LineQuery {
    #[param(inline)]
    pub status: Option<LineStatus>,
    /// Words of the name, without diacritics.
    #[param(max_length = 200)]
    pub q: Option<String>,
}

/// The round's people by name (the delivery checklist): name, household, commune,
/// address and where each delivery stands.
#[utoipa::path(
    tag = "aid",
    params(("id" = Uuid, Path, description = "Round id"), LineQuery, PageParams),
    responses((status = 200, description = "Success", body = Page<DistributionLine>), ReadProblems),
    security(("bearer" = []))
)]
#[get("/distribution-rounds/{id}/lines")]
pub async fn list_distribution_lines(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    query: web::Query<LineQuery>,
    paging: web::Query<PageParams>,
) -> Result<web::Json<Page<DistributionLine>>, ApiError> {
    caller.require(Action::BeneficiariesRead)?;
    let filter = LineFilter { status: query.status, q: super::words(&query.q)? };
    let (id, limit, cursor, viewer) = (id.into_inner(), paging.limit()?, paging.cursor()?, viewer(&caller));
    let page =
        http::read(&state.db, move |conn| Ok(store::list_lines(conn, &viewer, id, &filter, limit, cursor.as_deref())?))
            .await?;
    Ok(web::Json(page))
}

/// One line of a round, wherever it is (a delivery's `Location`).
#[utoipa::path(
    tag = "aid",
    params(("id" = Uuid, Path, description = "Line id")),
    responses((status = 200, description = "Success", body = DistributionLine, headers(("ETag" = String))), ReadProblems),
    security(("bearer" = []))
)]
#[get("/distribution-lines/{id}")]
pub async fn get_distribution_line(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::BeneficiariesRead)?;
    let (id, viewer) = (id.into_inner(), viewer(&caller));
    let line = http::read(&state.db, move |conn| Ok(store::get_line(conn, &viewer, id)?)).await?;
    Ok(http::ok_with_etag(line.version, &line))
}

async fn move_round(
    state: web::Data<AppState>,
    caller: Caller,
    id: Uuid,
    if_match: IfMatch,
    to: RoundStatus,
    reason: Option<String>,
) -> Result<HttpResponse, ApiError> {
    let (actor, viewer) = (caller.actor(), viewer(&caller));
    let round = http::write(&state.db, move |conn| {
        Ok(store::move_round(conn, &actor, &viewer, id, if_match.0, to, reason.as_deref())?)
    })
    .await?;
    Ok(http::ok_with_etag(round.version, &round))
}

/// Approves a draft: a leader, or office staff other than its author (403 to the
/// author). 409 `invalid_transition` from any other status, `empty_round` without anyone
/// planned. Needs `If-Match`.
#[utoipa::path(
    tag = "aid",
    params(("id" = Uuid, Path, description = "Round id"), ("If-Match" = String, Header, description = "The ETag last read")),
    responses((status = 200, description = "Success", body = DistributionRound, headers(("ETag" = String))), UpdateProblems),
    security(("bearer" = []))
)]
#[post("/distribution-rounds/{id}/approve")]
pub async fn approve_distribution_round(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::DistributionsApprove)?;
    move_round(state, caller, id.into_inner(), if_match, RoundStatus::Approved, None).await
}

/// Moves an approved round to delivering before its first delivery (which does it too).
/// Needs `If-Match`.
#[utoipa::path(
    tag = "aid",
    params(("id" = Uuid, Path, description = "Round id"), ("If-Match" = String, Header, description = "The ETag last read")),
    responses((status = 200, description = "Success", body = DistributionRound, headers(("ETag" = String))), UpdateProblems),
    security(("bearer" = []))
)]
#[post("/distribution-rounds/{id}/start")]
pub async fn start_distribution_round(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::DistributionsDeliver)?;
    move_round(state, caller, id.into_inner(), if_match, RoundStatus::Delivering, None).await
}

/// Completes a delivering round once no line is planned (409 `lines_planned` before).
/// Needs `If-Match`.
#[utoipa::path(
    tag = "aid",
    params(("id" = Uuid, Path, description = "Round id"), ("If-Match" = String, Header, description = "The ETag last read")),
    responses((status = 200, description = "Success", body = DistributionRound, headers(("ETag" = String))), UpdateProblems),
    security(("bearer" = []))
)]
#[post("/distribution-rounds/{id}/complete")]
pub async fn complete_distribution_round(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::DistributionsDeliver)?;
    move_round(state, caller, id.into_inner(), if_match, RoundStatus::Completed, None).await
}

/// Cancels a draft or approved round, with the reason (kept in the audit log); its planned
/// lines are cancelled and their people free for another round. Needs `If-Match`.
#[utoipa::path(
    tag = "aid",
    request_body = CancelRequest,
    params(("id" = Uuid, Path, description = "Round id"), ("If-Match" = String, Header, description = "The ETag last read")),
    responses((status = 200, description = "Success", body = DistributionRound, headers(("ETag" = String))), UpdateProblems),
    security(("bearer" = []))
)]
#[post("/distribution-rounds/{id}/cancel")]
pub async fn cancel_distribution_round(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: web::Json<CancelRequest>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::DistributionsManage)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    move_round(state, caller, id.into_inner(), if_match, RoundStatus::Cancelled, Some(request.reason)).await
}

/// Path of a line of a round.
#[derive(Debug, Clone, Copy, Deserialize)]
pub struct LinePath {
    id: Uuid,
    line_id: Uuid,
}

/// Leaves a person out of a draft round (409 `round_not_draft` later): the line is
/// cancelled and the person free for another round.
#[utoipa::path(
    tag = "aid",
    params(("id" = Uuid, Path, description = "Round id"), ("line_id" = Uuid, Path, description = "Line id")),
    responses((status = 200, description = "Success", body = DistributionLine), CreateProblems),
    security(("bearer" = []))
)]
#[post("/distribution-rounds/{id}/lines/{line_id}/exclude")]
pub async fn exclude_distribution_line(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<LinePath>,
) -> Result<web::Json<DistributionLine>, ApiError> {
    caller.require(Action::DistributionsManage)?;
    let (path, actor, viewer) = (path.into_inner(), caller.actor(), viewer(&caller));
    let line =
        http::write(&state.db, move |conn| Ok(store::exclude_line(conn, &actor, &viewer, path.id, path.line_id)?))
            .await?;
    Ok(web::Json(line))
}

/// Records a delivery: the round's goods leave its location and its cash the campaign, in
/// one write (409 `insufficient_stock` / `insufficient_funds` and nothing recorded when
/// they do not suffice). A retry with the same `Idempotency-Key` replays the first answer;
/// another delivery of a delivered line is 409 `already_delivered`.
#[utoipa::path(
    tag = "aid",
    request_body = DeliverRequest,
    params(
        ("id" = Uuid, Path, description = "Round id"),
        ("line_id" = Uuid, Path, description = "Line id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes retries of this delivery safe")
    ),
    responses((status = 201, description = "Delivered", body = DistributionLine, headers(("Location" = String), ("ETag" = String))), CreateProblems),
    security(("bearer" = []))
)]
#[post("/distribution-rounds/{id}/lines/{line_id}/deliver")]
pub async fn deliver_distribution_line(
    state: web::Data<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    path: web::Path<LinePath>,
    body: web::Json<DeliverRequest>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::DistributionsDeliver)?;
    let (path, request) = (path.into_inner(), body.into_inner());
    http::validated(request.validate())?;
    let fingerprint = serde_json::json!({ "round_id": path.id, "line_id": path.line_id, "body": &request });
    let viewer = viewer(&caller);
    http::post_once(&state.db, caller.actor(), key, "/api/v1/distribution-lines", &fingerprint, move |conn, actor| {
        Ok(store::deliver(conn, actor, &viewer, path.id, path.line_id, &request)?)
    })
    .await
}

/// Records that the person was not reached (absent, moved, refused, deceased); the line
/// may still be delivered later in the round.
#[utoipa::path(
    tag = "aid",
    request_body = NotDeliveredRequest,
    params(("id" = Uuid, Path, description = "Round id"), ("line_id" = Uuid, Path, description = "Line id")),
    responses((status = 200, description = "Success", body = DistributionLine), CreateProblems),
    security(("bearer" = []))
)]
#[post("/distribution-rounds/{id}/lines/{line_id}/not-delivered")]
pub async fn not_delivered_distribution_line(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<LinePath>,
    body: web::Json<NotDeliveredRequest>,
) -> Result<web::Json<DistributionLine>, ApiError> {
    caller.require(Action::DistributionsDeliver)?;
    let (path, request) = (path.into_inner(), body.into_inner());
    http::validated(request.validate())?;
    let (actor, viewer) = (caller.actor(), viewer(&caller));
    let line = http::post(&state.db, move |conn| {
        Ok(store::mark_not_delivered(conn, &actor, &viewer, path.id, path.line_id, &request)?)
    })
    .await?;
    Ok(web::Json(line))
}
