//! A donation's receipt as PDF, from the `receipt` template of the rendering module.

use super::{donations::channel_label, viewer};
use crate::{auth::Caller, error::ApiError, http, openapi::ReadProblems, state::AppState};
use actix_web::{get, http::header, web, HttpResponse};
use chrono::Datelike;
use danvan_domain::{
    aid::{format_number, format_quantity},
    lang::Lang,
    permission::Action,
};
use danvan_render::{render_pdf, vnd_in_words, Paper};
use danvan_store::aid::{self as store, ReceiptFacts};
use serde::Deserialize;
use serde_json::{json, Value};
use uuid::Uuid;

/// Paper of a receipt.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReceiptQuery {
    /// `a4` (default) or `a5`.
    #[param(inline)]
    pub paper: Option<ReceiptPaper>,
}

/// A4 or A5, portrait.
#[derive(Debug, Clone, Copy, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ReceiptPaper {
    A4,
    A5,
}

/// Money as receipts write it: `1.500.000 đồng`.
fn dong(value: i64) -> String {
    format!("{} đồng", format_number(value, Lang::Vi))
}

/// The data of the `receipt` template (see docs/rendering.md).
fn receipt_data(facts: &ReceiptFacts) -> Value {
    let donation = &facts.donation;
    let day = donation.received_on;
    let mut data = json!({
        "number": donation.receipt_number,
        "issuer": { "parent": facts.issuer_parent.to_uppercase(), "name": facts.issuer.to_uppercase() },
        "place": facts.place.clone().unwrap_or_else(|| "Hà Nội".into()),
        "day": format!("{:02}", day.day()),
        "month": format!("{:02}", day.month()),
        "year": day.year().to_string(),
        "donor": {
            "name": donation.donor.as_ref().map_or("Nhà hảo tâm ẩn danh".to_owned(), |donor| donor.name.clone()),
            "tax_code": facts.donor_tax_code.clone().unwrap_or_default(),
            "contact": facts.donor_contact_person,
        },
        "campaign": { "name": donation.campaign.name },
        "channel": channel_label(donation.channel, Lang::Vi),
        "bank_reference": donation.bank_reference.clone().unwrap_or_default(),
        "location": donation.location.as_ref().map(|location| location.name.clone()).unwrap_or_default(),
        "recorded_by": donation.recorded_by.name,
        "reversal": donation.reversal.as_ref().map(|reversal| format!(
            "Đã hủy ngày {}: {}", reversal.at.date_naive().format("%d/%m/%Y"), reversal.reason
        )).unwrap_or_default(),
    });
    if donation.cash_amount > 0 {
        data["amount"] = json!({ "figures": dong(donation.cash_amount), "words": vnd_in_words(donation.cash_amount) });
    }
    if !donation.lines.is_empty() {
        data["lines"] = donation
            .lines
            .iter()
            .map(|line| {
                json!({
                    "name": line.item.name,
                    "unit": line.unit.symbol(Lang::Vi),
                    "quantity": format_quantity(line.quantity, "", Lang::Vi),
                    "value": if line.estimated_value > 0 { dong(line.estimated_value) } else { String::new() },
                })
            })
            .collect();
        data["goods_total"] = json!(dong(donation.goods_value));
    }
    data
}

/// The donation's receipt for the donor: an official receipt in Vietnamese, as PDF, on
/// A4 or A5. A reversed donation's receipt says so.
#[utoipa::path(
    tag = "aid",
    params(("id" = Uuid, Path, description = "Donation id"), ReceiptQuery),
    responses(
        (
            status = 200,
            description = "The receipt",
            content((Vec<u8> = "application/pdf")),
            headers(("Content-Disposition" = String, description = "inline; filename=\"BN-2021-000123.pdf\""))
        ),
        ReadProblems
    ),
    security(("bearer" = []))
)]
#[get("/donations/{id}/receipt")]
pub async fn donation_receipt(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    query: web::Query<ReceiptQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::AidRead)?;
    let (id, viewer) = (id.into_inner(), viewer(&caller));
    let paper = match query.paper {
        Some(ReceiptPaper::A5) => Paper::A5,
        _ => Paper::A4,
    };
    let facts = http::read(&state.db, move |conn| Ok(store::receipt_data(conn, &viewer, id)?)).await?;
    let number = facts.donation.receipt_number.clone();
    let data = receipt_data(&facts);
    let pdf = web::block(move || render_pdf("receipt", &data, paper))
        .await?
        .map_err(|error| ApiError::Internal(format!("receipt: {error}")))?;
    Ok(HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header((header::CONTENT_DISPOSITION, format!("inline; filename=\"{number}.pdf\"")))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(pdf))
}
