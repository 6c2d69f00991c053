//! Donors: the list with its export, entering and changing a donor (a duplicate is
//! refused with a link to the donor that exists), their contact revealed with a reason,
//! and their statement.

use super::{viewer, words};
use crate::{
    auth::Caller,
    error::ApiError,
    export::{self as files, Cell, ExportQuery, Sheet},
    http::{self, IdempotencyKey, IfMatch, PageParams},
    openapi::{CreateProblems, ReadProblems, UpdateProblems},
    state::AppState,
};
use actix_web::{get, patch, post, web, HttpResponse};
use danvan_domain::{
    aid::{CreateDonor, Donor, DonorKind, DonorStatement, RevealedContact, UpdateDonor},
    lang::Lang,
    page::Page,
    permission::Action,
    personal::RevealRequest,
    task::ExportFormat,
};
use danvan_store::aid::{self as store, DonorFilter};
use serde::Deserialize;
use uuid::Uuid;

/// Filters of the donor list and its export.
#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DonorQuery {
    #[param(inline)]
    pub kind: Option<DonorKind>,
    /// Part of the name (diacritics and case ignored), or the start of a tax code.
    #[param(max_length = 200)]
    pub q: Option<String>,
}

impl DonorQuery {
    fn filter(&self) -> Result<DonorFilter, ApiError> {
        Ok(DonorFilter { kind: self.kind, q: words(&self.q)? })
    }
}

/// Donors by name (without diacritics). Phone and e-mail come masked, and only to the
/// roles that handle donors.
#[utoipa::path(
    tag = "aid",
    params(DonorQuery, PageParams),
    responses((status = 200, description = "Success", body = Page<Donor>), ReadProblems),
    security(("bearer" = []))
)]
#[get("/donors")]
pub async fn list_donors(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<DonorQuery>,
    paging: web::Query<PageParams>,
) -> Result<web::Json<Page<Donor>>, ApiError> {
    caller.require(Action::AidRead)?;
    let filter = query.filter()?;
    let (limit, cursor, viewer, keyring) = (paging.limit()?, paging.cursor()?, viewer(&caller), state.keyring.clone());
    let page = http::read(&state.db, move |conn| {
        Ok(store::list_donors(conn, &viewer, &keyring, &filter, limit, cursor.as_deref())?)
    })
    .await?;
    Ok(web::Json(page))
}

const COLUMNS: &[(&str, &str, f64)] = &[
    ("Nhà hảo tâm", "Donor", 40.0),
    ("Loại", "Kind", 20.0),
    ("Mã số thuế", "Tax code", 16.0),
    ("Người liên hệ", "Contact person", 26.0),
    ("Đồng ý công khai", "Named publicly", 12.0),
    ("Ngày nhập", "Entered on", 14.0),
];

pub(super) fn kind_label(kind: DonorKind, lang: Lang) -> &'static str {
    match kind {
        DonorKind::Business => lang.pick("Doanh nghiệp", "Business"),
        DonorKind::Organisation => lang.pick("Tổ chức", "Organisation"),
        DonorKind::Individual => lang.pick("Cá nhân", "Individual"),
        DonorKind::OverseasVietnamese => lang.pick("Kiều bào", "Overseas Vietnamese"),
        DonorKind::Anonymous => lang.pick("Ẩn danh", "Anonymous"),
    }
}

/// The filtered donor list as a file, without contacts; at most 10 000 rows.
#[utoipa::path(
    tag = "aid",
    params(ExportQuery, DonorQuery),
    responses(
        (
            status = 200,
            description = "A header row and one row per donor",
            content((String = "text/csv"), (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")),
            headers(("Content-Disposition" = String, description = "attachment; filename=\"donors.csv\""))
        ),
        ReadProblems
    ),
    security(("bearer" = []))
)]
#[get("/donors/export")]
pub async fn export_donors(
    state: web::Data<AppState>,
    caller: Caller,
    options: web::Query<ExportQuery>,
    query: web::Query<DonorQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::AidRead)?;
    let (filter, keyring) = (query.filter()?, state.keyring.clone());
    let donors = http::read(&state.db, move |conn| {
        store::export_donors(conn, &keyring, &filter, files::MAX_ROWS)?.ok_or_else(|| {
            ApiError::invalid("filters", "too_many_rows", "more than 10000 donors match; narrow the filters")
        })
    })
    .await?;
    let lang = options.lang.unwrap_or_default();
    let rows = donors
        .iter()
        .map(|donor| {
            vec![
                Cell::Text(donor.name.clone()),
                Cell::Text(kind_label(donor.kind, lang).to_owned()),
                Cell::Text(donor.tax_code.clone().unwrap_or_default()),
                Cell::Text(donor.contact_person.clone()),
                Cell::Text(if donor.public_consent { lang.pick("Có", "Yes") } else { lang.pick("Không", "No") }.into()),
                Cell::Text(donor.created_at.date_naive().to_string()),
            ]
        })
        .collect();
    let sheet = Sheet { name: ("Nhà hảo tâm", "Donors"), columns: COLUMNS, rows };
    sheet.respond(options.format.unwrap_or(ExportFormat::Csv), lang, "donors")
}

/// Enters a donor. The same tax code, or the same name and phone, is refused with 409
/// `duplicate_donor` and the existing donor in `existing`.
#[utoipa::path(
    tag = "aid",
    request_body = CreateDonor,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries of this create safe")),
    responses((status = 201, description = "Created", body = Donor, headers(("ETag" = String), ("Location" = String))), CreateProblems),
    security(("bearer" = []))
)]
#[post("/donors")]
pub async fn create_donor(
    state: web::Data<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    body: web::Json<CreateDonor>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::DonationsRecord)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let fingerprint = state.keyring.fingerprint(&request, &["phone", "email"]);
    let (viewer, keyring) = (viewer(&caller), state.keyring.clone());
    http::create_once(&state.db, caller.actor(), key, "/api/v1/donors", &fingerprint, move |conn, actor| {
        Ok(store::create_donor(conn, actor, &viewer, &keyring, &request)?)
    })
    .await
}

/// One donor, with its `ETag`.
#[utoipa::path(
    tag = "aid",
    params(("id" = Uuid, Path, description = "Donor id")),
    responses((status = 200, description = "Success", body = Donor, headers(("ETag" = String))), ReadProblems),
    security(("bearer" = []))
)]
#[get("/donors/{id}")]
pub async fn get_donor(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::AidRead)?;
    let (id, viewer, keyring) = (id.into_inner(), viewer(&caller), state.keyring.clone());
    let donor = http::read(&state.db, move |conn| Ok(store::get_donor(conn, &viewer, &keyring, id)?)).await?;
    Ok(http::ok_with_etag(donor.version, &donor))
}

/// Changes a donor. Needs `If-Match`.
#[utoipa::path(
    tag = "aid",
    request_body = UpdateDonor,
    params(("id" = Uuid, Path, description = "Donor id"), ("If-Match" = String, Header, description = "The ETag last read")),
    responses((status = 200, description = "Success", body = Donor, headers(("ETag" = String))), UpdateProblems),
    security(("bearer" = []))
)]
#[patch("/donors/{id}")]
pub async fn update_donor(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: web::Json<UpdateDonor>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::DonationsRecord)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let (id, actor, viewer, keyring) = (id.into_inner(), caller.actor(), viewer(&caller), state.keyring.clone());
    let donor = http::write(&state.db, move |conn| {
        Ok(store::update_donor(conn, &actor, &viewer, &keyring, id, if_match.0, &request)?)
    })
    .await?;
    Ok(http::ok_with_etag(donor.version, &donor))
}

/// A donor's phone and e-mail in full, for the roles that handle donors, with the
/// reason; the reveal is audited with its reason (never the values).
#[utoipa::path(
    tag = "aid",
    request_body = RevealRequest,
    params(("id" = Uuid, Path, description = "Donor id")),
    responses((status = 200, description = "Success", body = RevealedContact), CreateProblems),
    security(("bearer" = []))
)]
#[post("/donors/{id}/reveal")]
pub async fn reveal_donor_contact(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: web::Json<RevealRequest>,
) -> Result<web::Json<RevealedContact>, ApiError> {
    caller.require(Action::DonationsRecord)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let (id, actor, viewer, keyring) = (id.into_inner(), caller.actor(), viewer(&caller), state.keyring.clone());
    let revealed = http::write(&state.db, move |conn| {
        Ok(store::reveal_donor_contact(conn, &actor, &viewer, &keyring, id, &request.reason)?)
    })
    .await?;
    Ok(web::Json(revealed))
}

/// Everything a donor gave, per campaign (reversed donations left out).
#[utoipa::path(
    tag = "aid",
    params(("id" = Uuid, Path, description = "Donor id")),
    responses((status = 200, description = "Success", body = DonorStatement), ReadProblems),
    security(("bearer" = []))
)]
#[get("/donors/{id}/statement")]
pub async fn donor_statement(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<web::Json<DonorStatement>, ApiError> {
    caller.require(Action::AidRead)?;
    let id = id.into_inner();
    Ok(web::Json(http::read(&state.db, move |conn| Ok(store::donor_statement(conn, id)?)).await?))
}
