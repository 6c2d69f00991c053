//! Donations: the list with its export, recording one (its receipt number is taken in
//! the same transaction), reading one, and reversing one.

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
use chrono::NaiveDate;
use danvan_domain::{
    aid::{format_quantity, CreateDonation, Donation, DonationChannel, ReverseRequest},
    lang::Lang,
    page::Page,
    permission::Action,
    task::ExportFormat,
};
use danvan_store::aid::{self as store, DonationFilter};
use serde::Deserialize;
use uuid::Uuid;

/// Filters of the donation list and its export.
#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DonationQuery {
    pub campaign_id: Option<Uuid>,
    pub donor_id: Option<Uuid>,
    /// Goods received at this location.
    pub location_id: Option<Uuid>,
    #[param(inline)]
    pub channel: Option<DonationChannel>,
    /// Received on or after this day.
    pub from: Option<NaiveDate>,
    /// Received on or before this day.
    pub to: Option<NaiveDate>,
}

impl DonationQuery {
    fn filter(&self) -> DonationFilter {
        DonationFilter {
            campaign_id: self.campaign_id,
            donor_id: self.donor_id,
            location_id: self.location_id,
            channel: self.channel,
            from: self.from,
            to: self.to,
        }
    }
}

/// Donations, the latest received first.
#[utoipa::path(
    tag = "aid",
    params(DonationQuery, PageParams),
    responses((status = 200, description = "Success", body = Page<Donation>), ReadProblems),
    security(("bearer" = []))
)]
#[get("/donations")]
pub async fn list_donations(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<DonationQuery>,
    paging: web::Query<PageParams>,
) -> Result<web::Json<Page<Donation>>, ApiError> {
    caller.require(Action::AidRead)?;
    let (filter, limit, cursor, viewer) = (query.filter(), paging.limit()?, paging.cursor()?, viewer(&caller));
    let page =
        http::read(&state.db, move |conn| Ok(store::list_donations(conn, &viewer, &filter, limit, cursor.as_deref())?))
            .await?;
    Ok(web::Json(page))
}

const COLUMNS: &[(&str, &str, f64)] = &[
    ("Số biên nhận", "Receipt", 16.0),
    ("Ngày nhận", "Received on", 12.0),
    ("Nhà hảo tâm", "Donor", 34.0),
    ("Chiến dịch", "Campaign", 34.0),
    ("Hình thức", "Channel", 14.0),
    ("Tiền (đồng)", "Cash (VND)", 16.0),
    ("Giá trị hàng (đồng)", "Goods value (VND)", 16.0),
    ("Hàng hóa", "Goods", 40.0),
    ("Nơi nhận", "Received at", 28.0),
    ("Đã hủy", "Reversed", 10.0),
];

pub(super) fn channel_label(channel: DonationChannel, lang: Lang) -> &'static str {
    match channel {
        DonationChannel::Cash => lang.pick("Tiền mặt", "Cash"),
        DonationChannel::BankTransfer => lang.pick("Chuyển khoản", "Bank transfer"),
        DonationChannel::InKind => lang.pick("Hiện vật", "In kind"),
    }
}

/// The filtered donations as a file; at most 10 000 rows.
#[utoipa::path(
    tag = "aid",
    params(ExportQuery, DonationQuery),
    responses(
        (
            status = 200,
            description = "A header row and one row per donation",
            content((String = "text/csv"), (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")),
            headers(("Content-Disposition" = String, description = "attachment; filename=\"donations.csv\""))
        ),
        ReadProblems
    ),
    security(("bearer" = []))
)]
#[get("/donations/export")]
pub async fn export_donations(
    state: web::Data<AppState>,
    caller: Caller,
    options: web::Query<ExportQuery>,
    query: web::Query<DonationQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::AidRead)?;
    let (filter, viewer) = (query.filter(), viewer(&caller));
    let donations = http::read(&state.db, move |conn| {
        store::export_donations(conn, &viewer, &filter, files::MAX_ROWS)?.ok_or_else(|| {
            ApiError::invalid("filters", "too_many_rows", "more than 10000 donations match; narrow the filters")
        })
    })
    .await?;
    let lang = options.lang.unwrap_or_default();
    let rows = donations
        .iter()
        .map(|donation| {
            let goods: Vec<String> = donation
                .lines
                .iter()
                .map(|line| {
                    format!("{} {}", line.item.name, format_quantity(line.quantity, line.unit.symbol(lang), lang))
                })
                .collect();
            vec![
                Cell::Text(donation.receipt_number.clone()),
                Cell::Text(donation.received_on.to_string()),
                Cell::Text(
                    donation
                        .donor
                        .as_ref()
                        .map_or_else(|| lang.pick("Ẩn danh", "Anonymous").into(), |d| d.name.clone()),
                ),
                Cell::Text(donation.campaign.name.clone()),
                Cell::Text(channel_label(donation.channel, lang).into()),
                Cell::Number(donation.cash_amount as f64),
                Cell::Number(donation.goods_value as f64),
                Cell::Text(goods.join("; ")),
                Cell::Text(donation.location.as_ref().map(|l| l.name.clone()).unwrap_or_default()),
                Cell::Text(if donation.reversal.is_some() { lang.pick("Có", "Yes") } else { "" }.into()),
            ]
        })
        .collect();
    let sheet = Sheet { name: ("Tiếp nhận ủng hộ", "Donations"), columns: COLUMNS, rows };
    sheet.respond(options.format.unwrap_or(ExportFormat::Csv), lang, "donations")
}

/// Records a donation to an open campaign: its receipt number comes from the year's
/// gapless sequence, its cash goes on the campaign's ledger and its goods on the
/// location's stock, all in one transaction.
#[utoipa::path(
    tag = "aid",
    request_body = CreateDonation,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries of this create safe: a retry gets the same receipt")),
    responses((status = 201, description = "Created", body = Donation, headers(("Location" = String))), CreateProblems),
    security(("bearer" = []))
)]
#[post("/donations")]
pub async fn create_donation(
    state: web::Data<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    body: web::Json<CreateDonation>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::DonationsRecord)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let fingerprint = serde_json::to_value(&request).unwrap_or_default();
    let viewer = viewer(&caller);
    http::post_once(&state.db, caller.actor(), key, "/api/v1/donations", &fingerprint, move |conn, actor| {
        Ok(store::create_donation(conn, actor, &viewer, &request)?)
    })
    .await
}

/// One donation with its lines and any reversal.
#[utoipa::path(
    tag = "aid",
    params(("id" = Uuid, Path, description = "Donation id")),
    responses((status = 200, description = "Success", body = Donation), ReadProblems),
    security(("bearer" = []))
)]
#[get("/donations/{id}")]
pub async fn get_donation(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<web::Json<Donation>, ApiError> {
    caller.require(Action::AidRead)?;
    let (id, viewer) = (id.into_inner(), viewer(&caller));
    Ok(web::Json(http::read(&state.db, move |conn| Ok(store::get_donation(conn, &viewer, id)?)).await?))
}

/// Reverses a donation: its goods leave the location again (409 `insufficient_stock` if
/// they have moved on), its cash leaves the campaign (409 `insufficient_funds` if spent),
/// its sums are taken back; the receipt number stays used. 409 `already_reversed` the
/// second time.
#[utoipa::path(
    tag = "aid",
    request_body = ReverseRequest,
    params(("id" = Uuid, Path, description = "Donation id")),
    responses((status = 200, description = "The donation with its reversal", body = Donation), CreateProblems),
    security(("bearer" = []))
)]
#[post("/donations/{id}/reverse")]
pub async fn reverse_donation(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: web::Json<ReverseRequest>,
) -> Result<web::Json<Donation>, ApiError> {
    caller.require(Action::AidManage)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let (id, actor, viewer) = (id.into_inner(), caller.actor(), viewer(&caller));
    let donation =
        http::post(&state.db, move |conn| Ok(store::reverse_donation(conn, &actor, &viewer, id, &request.reason)?))
            .await?;
    Ok(web::Json(donation))
}
