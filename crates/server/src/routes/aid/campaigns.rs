//! Campaigns: the list, running one, its report (with export) and its cash ledger with
//! payments out of it.

use super::{viewer, words};
use crate::{
    auth::Caller,
    error::ApiError,
    export::{Cell, ExportQuery, Sheet},
    http::{self, IdempotencyKey, IfMatch, PageParams},
    openapi::{CreateProblems, ReadProblems, UpdateProblems},
    state::AppState,
};
use actix_web::{get, patch, post, web, HttpResponse};
use danvan_domain::{
    aid::{
        Campaign, CampaignReport, CampaignStatus, CashEntry, CreateCampaign, CreateDisbursement, ReverseRequest,
        UpdateCampaign, QUANTITY_SCALE,
    },
    page::Page,
    permission::Action,
    task::ExportFormat,
};
use danvan_store::aid::{self as store, CampaignFilter};
use serde::Deserialize;
use uuid::Uuid;

/// Filters of the campaign list.
#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CampaignQuery {
    #[param(inline)]
    pub status: Option<CampaignStatus>,
    /// Campaigns this org unit runs.
    pub org_unit_id: Option<Uuid>,
    /// Part of the name; diacritics and case are ignored.
    #[param(max_length = 200)]
    pub q: Option<String>,
}

/// Campaigns with their cash totals, the latest to start first.
#[utoipa::path(
    tag = "aid",
    params(CampaignQuery, PageParams),
    responses((status = 200, description = "Success", body = Page<Campaign>), ReadProblems),
    security(("bearer" = []))
)]
#[get("/campaigns")]
pub async fn list_campaigns(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<CampaignQuery>,
    paging: web::Query<PageParams>,
) -> Result<web::Json<Page<Campaign>>, ApiError> {
    caller.require(Action::AidRead)?;
    let filter = CampaignFilter { status: query.status, org_unit_id: query.org_unit_id, q: words(&query.q)? };
    let (limit, cursor, viewer) = (paging.limit()?, paging.cursor()?, viewer(&caller));
    let page =
        http::read(&state.db, move |conn| Ok(store::list_campaigns(conn, &viewer, &filter, limit, cursor.as_deref())?))
            .await?;
    Ok(web::Json(page))
}

/// Starts a campaign (`planned` unless said otherwise).
#[utoipa::path(
    tag = "aid",
    request_body = CreateCampaign,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries of this create safe")),
    responses((status = 201, description = "Created", body = Campaign, headers(("ETag" = String), ("Location" = String))), CreateProblems),
    security(("bearer" = []))
)]
#[post("/campaigns")]
pub async fn create_campaign(
    state: web::Data<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    body: web::Json<CreateCampaign>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::AidManage)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let fingerprint = serde_json::to_value(&request).unwrap_or_default();
    let viewer = viewer(&caller);
    http::create_once(&state.db, caller.actor(), key, "/api/v1/campaigns", &fingerprint, move |conn, actor| {
        Ok(store::create_campaign(conn, actor, &viewer, &request)?)
    })
    .await
}

/// One campaign, with its `ETag`.
#[utoipa::path(
    tag = "aid",
    params(("id" = Uuid, Path, description = "Campaign id")),
    responses((status = 200, description = "Success", body = Campaign, headers(("ETag" = String))), ReadProblems),
    security(("bearer" = []))
)]
#[get("/campaigns/{id}")]
pub async fn get_campaign(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::AidRead)?;
    let (id, viewer) = (id.into_inner(), viewer(&caller));
    let campaign = http::read(&state.db, move |conn| Ok(store::get_campaign(conn, &viewer, id)?)).await?;
    Ok(http::ok_with_etag(campaign.version, &campaign))
}

/// Changes a campaign: its fields, targets, or status (planned → open → closed; a
/// closed campaign may reopen; anything else is 409). Needs `If-Match`.
#[utoipa::path(
    tag = "aid",
    request_body = UpdateCampaign,
    params(("id" = Uuid, Path, description = "Campaign id"), ("If-Match" = String, Header, description = "The ETag last read")),
    responses((status = 200, description = "Success", body = Campaign, headers(("ETag" = String))), UpdateProblems),
    security(("bearer" = []))
)]
#[patch("/campaigns/{id}")]
pub async fn update_campaign(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: web::Json<UpdateCampaign>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::AidManage)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let (id, actor, viewer) = (id.into_inner(), caller.actor(), viewer(&caller));
    let campaign = http::write(&state.db, move |conn| {
        Ok(store::update_campaign(conn, &actor, &viewer, id, if_match.0, &request)?)
    })
    .await?;
    Ok(http::ok_with_etag(campaign.version, &campaign))
}

/// What a campaign asked for, was promised, received and handed out: cash and each item,
/// the largest donors, per location and per month.
#[utoipa::path(
    tag = "aid",
    params(("id" = Uuid, Path, description = "Campaign id")),
    responses((status = 200, description = "Success", body = CampaignReport), ReadProblems),
    security(("bearer" = []))
)]
#[get("/campaigns/{id}/report")]
pub async fn campaign_report(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<web::Json<CampaignReport>, ApiError> {
    caller.require(Action::AidRead)?;
    let id = id.into_inner();
    Ok(web::Json(http::read(&state.db, move |conn| Ok(store::campaign_report(conn, id)?)).await?))
}

const REPORT_COLUMNS: &[(&str, &str, f64)] = &[
    ("Khoản", "Line", 32.0),
    ("Đơn vị tính", "Unit", 12.0),
    ("Mục tiêu", "Target", 16.0),
    ("Cam kết", "Pledged", 16.0),
    ("Đã nhận", "Received", 16.0),
    ("Giá trị (đồng)", "Value (VND)", 18.0),
    ("Đã chi, đã phân phối", "Paid out, handed out", 18.0),
];

/// A campaign's report as a file: a line for cash, then one per item.
#[utoipa::path(
    tag = "aid",
    params(("id" = Uuid, Path, description = "Campaign id"), ExportQuery),
    responses(
        (
            status = 200,
            description = "A header row, a row for cash and one per item",
            content((String = "text/csv"), (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")),
            headers(("Content-Disposition" = String, description = "attachment; filename=\"campaign-report.csv\""))
        ),
        ReadProblems
    ),
    security(("bearer" = []))
)]
#[get("/campaigns/{id}/report/export")]
pub async fn export_campaign_report(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    options: web::Query<ExportQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::AidRead)?;
    let id = id.into_inner();
    let report = http::read(&state.db, move |conn| Ok(store::campaign_report(conn, id)?)).await?;
    let lang = options.lang.unwrap_or_default();
    let money = |value: i64| Cell::Number(value as f64);
    let quantity = |value: danvan_domain::aid::Quantity| Cell::Number(value.milli() as f64 / QUANTITY_SCALE as f64);
    let mut rows = vec![vec![
        Cell::Text(lang.pick("Tiền", "Cash").into()),
        Cell::Text(lang.pick("đồng", "VND").into()),
        money(report.target_cash),
        money(report.pledged_cash),
        money(report.received_cash),
        money(report.received_cash),
        money(report.disbursed_cash),
    ]];
    rows.extend(report.goods.iter().map(|line| {
        vec![
            Cell::Text(line.item.name.clone()),
            Cell::Text(line.unit.symbol(lang).into()),
            quantity(line.target),
            quantity(line.pledged),
            quantity(line.received),
            money(line.received_value),
            quantity(line.distributed),
        ]
    }));
    let sheet = Sheet { name: ("Báo cáo chiến dịch", "Campaign report"), columns: REPORT_COLUMNS, rows };
    sheet.respond(options.format.unwrap_or(ExportFormat::Csv), lang, "campaign-report")
}

/// A campaign's cash ledger, newest entry first, each with the balance it left.
#[utoipa::path(
    tag = "aid",
    params(("id" = Uuid, Path, description = "Campaign id"), PageParams),
    responses((status = 200, description = "Success", body = Page<CashEntry>), ReadProblems),
    security(("bearer" = []))
)]
#[get("/campaigns/{id}/cash")]
pub async fn list_campaign_cash(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    paging: web::Query<PageParams>,
) -> Result<web::Json<Page<CashEntry>>, ApiError> {
    caller.require(Action::AidRead)?;
    let (id, limit, cursor) = (id.into_inner(), paging.limit()?, paging.cursor()?);
    let page = http::read(&state.db, move |conn| Ok(store::list_cash(conn, id, limit, cursor.as_deref())?)).await?;
    Ok(web::Json(page))
}

/// Pays money out of a campaign; 409 `insufficient_funds` when it holds less.
#[utoipa::path(
    tag = "aid",
    request_body = CreateDisbursement,
    params(("id" = Uuid, Path, description = "Campaign id"), ("Idempotency-Key" = Option<String>, Header, description = "Makes retries of this create safe")),
    responses((status = 201, description = "Created", body = CashEntry, headers(("Location" = String))), CreateProblems),
    security(("bearer" = []))
)]
#[post("/campaigns/{id}/disbursements")]
pub async fn create_disbursement(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    key: IdempotencyKey,
    body: web::Json<CreateDisbursement>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::AidManage)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let fingerprint = serde_json::to_value(&request).unwrap_or_default();
    let campaign = id.into_inner();
    http::post_once(&state.db, caller.actor(), key, "/api/v1/cash-entries", &fingerprint, move |conn, actor| {
        Ok(store::create_disbursement(conn, actor, campaign, &request)?)
    })
    .await
}

/// Undoes a payment by posting it back; 409 `already_reversed` the second time. A
/// donation's receipt is undone with the donation.
#[utoipa::path(
    tag = "aid",
    request_body = ReverseRequest,
    params(("id" = Uuid, Path, description = "Cash entry id")),
    responses((status = 200, description = "The reversing entry", body = CashEntry), CreateProblems),
    security(("bearer" = []))
)]
#[post("/cash-entries/{id}/reverse")]
pub async fn reverse_cash_entry(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: web::Json<ReverseRequest>,
) -> Result<web::Json<CashEntry>, ApiError> {
    caller.require(Action::AidManage)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let (id, actor) = (id.into_inner(), caller.actor());
    let entry =
        http::post(&state.db, move |conn| Ok(store::reverse_cash_entry(conn, &actor, id, &request.reason)?)).await?;
    Ok(web::Json(entry))
}
