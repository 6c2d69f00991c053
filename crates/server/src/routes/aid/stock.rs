//! Stock: balances (with export), a location's movements, transfers and adjustments with
//! their approval.

use super::viewer;
use crate::{
    auth::Caller,
    error::ApiError,
    export::{self as files, Cell, ExportQuery, Sheet},
    http::{self, IdempotencyKey, PageParams},
    openapi::{CreateProblems, ReadProblems},
    state::AppState,
};
use actix_web::{get, post, web, HttpResponse};
use danvan_domain::{
    aid::{
        AdjustmentStatus, CreateStockAdjustment, CreateStockTransfer, DecideAdjustment, ReverseRequest,
        StockAdjustment, StockBalance, StockMovement, StockTransfer, QUANTITY_SCALE,
    },
    page::Page,
    permission::Action,
    task::ExportFormat,
};
use danvan_store::aid::{self as store, AdjustmentFilter, BalanceFilter};
use serde::Deserialize;
use uuid::Uuid;

/// Filters of the balance list and its export.
#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BalanceQuery {
    pub location_id: Option<Uuid>,
    pub item_id: Option<Uuid>,
}

impl BalanceQuery {
    fn filter(&self) -> BalanceFilter {
        BalanceFilter { location_id: self.location_id, item_id: self.item_id }
    }
}

/// What each location holds of each item: the sum of its movements.
#[utoipa::path(
    tag = "aid",
    params(BalanceQuery, PageParams),
    responses((status = 200, description = "Success", body = Page<StockBalance>), ReadProblems),
    security(("bearer" = []))
)]
#[get("/stock-balances")]
pub async fn list_stock_balances(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<BalanceQuery>,
    paging: web::Query<PageParams>,
) -> Result<web::Json<Page<StockBalance>>, ApiError> {
    caller.require(Action::AidRead)?;
    let (filter, limit, cursor) = (query.filter(), paging.limit()?, paging.cursor()?);
    let page =
        http::read(&state.db, move |conn| Ok(store::list_balances(conn, &filter, limit, cursor.as_deref())?)).await?;
    Ok(web::Json(page))
}

const BALANCE_COLUMNS: &[(&str, &str, f64)] = &[
    ("Kho, điểm tiếp nhận", "Location", 34.0),
    ("Mặt hàng", "Item", 28.0),
    ("Đơn vị tính", "Unit", 12.0),
    ("Tồn kho", "In stock", 14.0),
    ("Cập nhật", "Updated", 20.0),
];

/// The filtered balances as a file; at most 10 000 rows.
#[utoipa::path(
    tag = "aid",
    params(ExportQuery, BalanceQuery),
    responses(
        (
            status = 200,
            description = "A header row and one row per location and item",
            content((String = "text/csv"), (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")),
            headers(("Content-Disposition" = String, description = "attachment; filename=\"stock.csv\""))
        ),
        ReadProblems
    ),
    security(("bearer" = []))
)]
#[get("/stock-balances/export")]
pub async fn export_stock_balances(
    state: web::Data<AppState>,
    caller: Caller,
    options: web::Query<ExportQuery>,
    query: web::Query<BalanceQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::AidRead)?;
    let filter = query.filter();
    let balances = http::read(&state.db, move |conn| {
        store::export_balances(conn, &filter, files::MAX_ROWS)?.ok_or_else(|| {
            ApiError::invalid("filters", "too_many_rows", "more than 10000 balances match; narrow the filters")
        })
    })
    .await?;
    let lang = options.lang.unwrap_or_default();
    let rows = balances
        .iter()
        .map(|balance| {
            vec![
                Cell::Text(balance.location.name.clone()),
                Cell::Text(balance.item.name.clone()),
                Cell::Text(balance.unit.symbol(lang).into()),
                Cell::Number(balance.quantity.milli() as f64 / QUANTITY_SCALE as f64),
                Cell::Text(balance.updated_at.format("%Y-%m-%d %H:%M").to_string()),
            ]
        })
        .collect();
    let sheet = Sheet { name: ("Tồn kho", "Stock"), columns: BALANCE_COLUMNS, rows };
    sheet.respond(options.format.unwrap_or(ExportFormat::Csv), lang, "stock")
}

/// Filters of a location's movements.
#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MovementQuery {
    /// The location whose history this is.
    pub location_id: Uuid,
    pub item_id: Option<Uuid>,
}

/// A location's movements, newest first, each with the balance it left.
#[utoipa::path(
    tag = "aid",
    params(MovementQuery, PageParams),
    responses((status = 200, description = "Success", body = Page<StockMovement>), ReadProblems),
    security(("bearer" = []))
)]
#[get("/stock-movements")]
pub async fn list_stock_movements(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<MovementQuery>,
    paging: web::Query<PageParams>,
) -> Result<web::Json<Page<StockMovement>>, ApiError> {
    caller.require(Action::AidRead)?;
    let (location, item, limit, cursor) = (query.location_id, query.item_id, paging.limit()?, paging.cursor()?);
    let page =
        http::read(&state.db, move |conn| Ok(store::list_movements(conn, location, item, limit, cursor.as_deref())?))
            .await?;
    Ok(web::Json(page))
}

/// Filters of the transfer list.
#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TransferQuery {
    /// Transfers out of or into this location.
    pub location_id: Option<Uuid>,
    /// Transfers out of this location.
    pub from_location_id: Option<Uuid>,
    /// Transfers into this location.
    pub to_location_id: Option<Uuid>,
}

/// Transfers, newest first.
#[utoipa::path(
    tag = "aid",
    params(TransferQuery, PageParams),
    responses((status = 200, description = "Success", body = Page<StockTransfer>), ReadProblems),
    security(("bearer" = []))
)]
#[get("/stock-transfers")]
pub async fn list_stock_transfers(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<TransferQuery>,
    paging: web::Query<PageParams>,
) -> Result<web::Json<Page<StockTransfer>>, ApiError> {
    caller.require(Action::AidRead)?;
    let (location, from, to) = (query.location_id, query.from_location_id, query.to_location_id);
    let (limit, cursor) = (paging.limit()?, paging.cursor()?);
    let page = http::read(&state.db, move |conn| {
        Ok(store::list_transfers(conn, location, from, to, limit, cursor.as_deref())?)
    })
    .await?;
    Ok(web::Json(page))
}

/// Moves goods out of a location the caller keeps into another: every line or none; 409
/// `insufficient_stock` when the source holds too little.
#[utoipa::path(
    tag = "aid",
    request_body = CreateStockTransfer,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries of this create safe")),
    responses((status = 201, description = "Created", body = StockTransfer, headers(("Location" = String))), CreateProblems),
    security(("bearer" = []))
)]
#[post("/stock-transfers")]
pub async fn create_stock_transfer(
    state: web::Data<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    body: web::Json<CreateStockTransfer>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::StockManage)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let fingerprint = serde_json::to_value(&request).unwrap_or_default();
    let viewer = viewer(&caller);
    http::post_once(&state.db, caller.actor(), key, "/api/v1/stock-transfers", &fingerprint, move |conn, actor| {
        Ok(store::create_transfer(conn, actor, &viewer, &request)?)
    })
    .await
}

/// Undoes a transfer: the goods go back, if the receiving location still holds them.
#[utoipa::path(
    tag = "aid",
    request_body = ReverseRequest,
    params(("id" = Uuid, Path, description = "Transfer id")),
    responses((status = 200, description = "The transfer with its reversal", body = StockTransfer), CreateProblems),
    security(("bearer" = []))
)]
#[post("/stock-transfers/{id}/reverse")]
pub async fn reverse_stock_transfer(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: web::Json<ReverseRequest>,
) -> Result<web::Json<StockTransfer>, ApiError> {
    caller.require(Action::StockManage)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let (id, actor, viewer) = (id.into_inner(), caller.actor(), viewer(&caller));
    let transfer =
        http::post(&state.db, move |conn| Ok(store::reverse_transfer(conn, &actor, &viewer, id, &request.reason)?))
            .await?;
    Ok(web::Json(transfer))
}

/// Filters of the adjustment list.
#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AdjustmentQuery {
    #[param(inline)]
    pub status: Option<AdjustmentStatus>,
    pub location_id: Option<Uuid>,
}

/// Adjustments, newest first; `can_decide` says whether the caller may approve one.
#[utoipa::path(
    tag = "aid",
    params(AdjustmentQuery, PageParams),
    responses((status = 200, description = "Success", body = Page<StockAdjustment>), ReadProblems),
    security(("bearer" = []))
)]
#[get("/stock-adjustments")]
pub async fn list_stock_adjustments(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<AdjustmentQuery>,
    paging: web::Query<PageParams>,
) -> Result<web::Json<Page<StockAdjustment>>, ApiError> {
    caller.require(Action::AidRead)?;
    let filter = AdjustmentFilter { status: query.status, location_id: query.location_id };
    let (limit, cursor, viewer) = (paging.limit()?, paging.cursor()?, viewer(&caller));
    let page = http::read(&state.db, move |conn| {
        Ok(store::list_adjustments(conn, &viewer, &filter, limit, cursor.as_deref())?)
    })
    .await?;
    Ok(web::Json(page))
}

/// Asks for an adjustment (loss, damage, expiry, a count): pending until another person
/// who keeps the location approves it.
#[utoipa::path(
    tag = "aid",
    request_body = CreateStockAdjustment,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries of this create safe")),
    responses((status = 201, description = "Created", body = StockAdjustment, headers(("Location" = String))), CreateProblems),
    security(("bearer" = []))
)]
#[post("/stock-adjustments")]
pub async fn create_stock_adjustment(
    state: web::Data<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    body: web::Json<CreateStockAdjustment>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::StockManage)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let fingerprint = serde_json::to_value(&request).unwrap_or_default();
    let viewer = viewer(&caller);
    http::create_once(&state.db, caller.actor(), key, "/api/v1/stock-adjustments", &fingerprint, move |conn, actor| {
        Ok(store::create_adjustment(conn, actor, &viewer, &request)?)
    })
    .await
}

/// Approves a pending adjustment and posts it (409 `insufficient_stock` if it would take
/// the balance below zero, `not_pending` if decided already); 403 to whoever asked for it.
#[utoipa::path(
    tag = "aid",
    request_body = DecideAdjustment,
    params(("id" = Uuid, Path, description = "Adjustment id")),
    responses((status = 200, description = "Success", body = StockAdjustment), CreateProblems),
    security(("bearer" = []))
)]
#[post("/stock-adjustments/{id}/approve")]
pub async fn approve_stock_adjustment(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: web::Json<DecideAdjustment>,
) -> Result<web::Json<StockAdjustment>, ApiError> {
    decide(state, caller, id.into_inner(), body.into_inner(), true).await
}

/// Rejects a pending adjustment; nothing is posted.
#[utoipa::path(
    tag = "aid",
    request_body = DecideAdjustment,
    params(("id" = Uuid, Path, description = "Adjustment id")),
    responses((status = 200, description = "Success", body = StockAdjustment), CreateProblems),
    security(("bearer" = []))
)]
#[post("/stock-adjustments/{id}/reject")]
pub async fn reject_stock_adjustment(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: web::Json<DecideAdjustment>,
) -> Result<web::Json<StockAdjustment>, ApiError> {
    decide(state, caller, id.into_inner(), body.into_inner(), false).await
}

async fn decide(
    state: web::Data<AppState>,
    caller: Caller,
    id: Uuid,
    request: DecideAdjustment,
    approve: bool,
) -> Result<web::Json<StockAdjustment>, ApiError> {
    caller.require(Action::StockManage)?;
    http::validated(request.validate())?;
    let (actor, viewer) = (caller.actor(), viewer(&caller));
    let adjustment = http::post(&state.db, move |conn| {
        Ok(if approve {
            store::approve_adjustment(conn, &actor, &viewer, id, &request.note)?
        } else {
            store::reject_adjustment(conn, &actor, &viewer, id, &request.note)?
        })
    })
    .await?;
    Ok(web::Json(adjustment))
}
