//! Beneficiaries: the registry (masked, within the caller's provinces) with its export,
//! entering a person (a duplicate citizen ID or a likely duplicate is refused with 409),
//! changing them, their personal data revealed with a reason, consent given or
//! withdrawn, and two records of one person merged.

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
use chrono::Utc;
use danvan_domain::{
    aid::{
        Beneficiary, ConsentRequest, ConsentState, CreateBeneficiary, Hardship, MergeRequest, RevealedPersonal,
        UpdateBeneficiary,
    },
    calendar,
    lang::Lang,
    page::Page,
    permission::Action,
    personal::{PersonalField, RevealRequest},
    task::ExportFormat,
};
use danvan_store::aid::{self as store, BeneficiaryFilter};
use serde::Deserialize;
use uuid::Uuid;

/// The request fields that hold personal data: replaced by keyed hashes in the
/// fingerprint an `Idempotency-Key` keeps.
const PERSONAL: &[&str] = &["citizen_id", "phone", "birth_date", "disability", "health"];

/// Filters of the beneficiary list and its export.
#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BeneficiaryQuery {
    /// Part of the name (diacritics and case ignored), or a whole citizen ID or phone
    /// number (matched exactly, by its keyed hash).
    #[param(max_length = 200)]
    pub q: Option<String>,
    pub category_id: Option<Uuid>,
    /// The commune or ward.
    pub area_id: Option<Uuid>,
    pub province_id: Option<Uuid>,
    pub household_id: Option<Uuid>,
}

impl BeneficiaryQuery {
    fn filter(&self) -> Result<BeneficiaryFilter, ApiError> {
        Ok(BeneficiaryFilter {
            q: words(&self.q)?,
            category_id: self.category_id,
            area_id: self.area_id,
            province_id: self.province_id,
            household_id: self.household_id,
        })
    }
}

/// People by name (without diacritics), within the caller's provinces; personal data
/// masked. Records merged into another are never listed.
#[utoipa::path(
    tag = "aid",
    params(BeneficiaryQuery, PageParams),
    responses((status = 200, description = "Success", body = Page<Beneficiary>), ReadProblems),
    security(("bearer" = []))
)]
#[get("/beneficiaries")]
pub async fn list_beneficiaries(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<BeneficiaryQuery>,
    paging: web::Query<PageParams>,
) -> Result<web::Json<Page<Beneficiary>>, ApiError> {
    caller.require(Action::BeneficiariesRead)?;
    let filter = query.filter()?;
    let (limit, cursor, viewer, keyring) = (paging.limit()?, paging.cursor()?, viewer(&caller), state.keyring.clone());
    let page = http::read(&state.db, move |conn| {
        Ok(store::list_beneficiaries(conn, &viewer, &keyring, &filter, limit, cursor.as_deref())?)
    })
    .await?;
    Ok(web::Json(page))
}

const COLUMNS: &[(&str, &str, f64)] = &[
    ("Họ và tên", "Full name", 30.0),
    ("Hộ gia đình", "Household", 26.0),
    ("Chủ hộ", "Head", 8.0),
    ("Xã/phường", "Commune", 22.0),
    ("Tỉnh/thành phố", "Province", 20.0),
    ("Địa chỉ", "Address", 30.0),
    ("Diện hỗ trợ", "Categories", 36.0),
    ("Hoàn cảnh", "Hardships", 26.0),
    ("Số CCCD", "Citizen ID", 16.0),
    ("Điện thoại", "Phone", 14.0),
    ("Đồng ý xử lý dữ liệu", "Consent", 12.0),
    ("Ngày nhập", "Entered on", 14.0),
];

fn hardship_label(hardship: Hardship, lang: Lang) -> &'static str {
    match hardship {
        Hardship::LostJob => lang.pick("Mất việc làm", "Lost job"),
        Hardship::LostIncome => lang.pick("Mất thu nhập", "Lost income"),
        Hardship::Illness => lang.pick("Ốm đau, bệnh tật", "Illness"),
        Hardship::Isolation => lang.pick("Neo đơn, cô lập", "Isolation"),
    }
}

fn masked(field: &Option<PersonalField>) -> String {
    field.as_ref().map(|field| field.masked().to_owned()).unwrap_or_default()
}

/// The filtered registry as a file, personal data masked as in the list; at most
/// 10 000 rows.
#[utoipa::path(
    tag = "aid",
    params(ExportQuery, BeneficiaryQuery),
    responses(
        (
            status = 200,
            description = "A header row and one row per person",
            content((String = "text/csv"), (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")),
            headers(("Content-Disposition" = String, description = "attachment; filename=\"beneficiaries.csv\""))
        ),
        ReadProblems
    ),
    security(("bearer" = []))
)]
#[get("/beneficiaries/export")]
pub async fn export_beneficiaries(
    state: web::Data<AppState>,
    caller: Caller,
    options: web::Query<ExportQuery>,
    query: web::Query<BeneficiaryQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::BeneficiariesRead)?;
    let (filter, viewer, keyring) = (query.filter()?, viewer(&caller), state.keyring.clone());
    let people = http::read(&state.db, move |conn| {
        store::export_beneficiaries(conn, &viewer, &keyring, &filter, files::MAX_ROWS)?.ok_or_else(|| {
            ApiError::invalid("filters", "too_many_rows", "more than 10000 people match; narrow the filters")
        })
    })
    .await?;
    let lang = options.lang.unwrap_or_default();
    let yes_no = |yes: bool| if yes { lang.pick("Có", "Yes") } else { lang.pick("Không", "No") }.to_owned();
    let rows = people
        .iter()
        .map(|person| {
            let categories: Vec<&str> = person
                .categories
                .iter()
                .map(|category| if lang == Lang::En { category.name_en.as_str() } else { category.name_vi.as_str() })
                .collect();
            let hardships: Vec<&str> = person.hardships.iter().map(|h| hardship_label(*h, lang)).collect();
            vec![
                Cell::Text(person.full_name.clone()),
                Cell::Text(person.household.as_ref().map(|h| h.name.clone()).unwrap_or_default()),
                Cell::Text(yes_no(person.is_head)),
                Cell::Text(person.area.name.clone()),
                Cell::Text(person.province.name.clone()),
                Cell::Text(person.address.clone()),
                Cell::Text(categories.join("; ")),
                Cell::Text(hardships.join("; ")),
                Cell::Text(masked(&person.citizen_id)),
                Cell::Text(masked(&person.phone)),
                Cell::Text(yes_no(person.consent == ConsentState::Given)),
                Cell::Text(person.created_at.date_naive().to_string()),
            ]
        })
        .collect();
    let sheet = Sheet { name: ("Đối tượng hỗ trợ", "Beneficiaries"), columns: COLUMNS, rows };
    sheet.respond(options.format.unwrap_or(ExportFormat::Csv), lang, "beneficiaries")
}

/// Enters a person, with their consent. The same citizen ID is refused with 409
/// `duplicate_citizen_id` (the existing record in `existing` only when the caller may see
/// it); likely the same person as others (a close name, the same commune or household, the
/// same birth year) with 409 `possible_duplicate` and the `candidates`, unless
/// `override_reason` says why this is another person (audited).
#[utoipa::path(
    tag = "aid",
    request_body = CreateBeneficiary,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries of this create safe")),
    responses((status = 201, description = "Created", body = Beneficiary, headers(("ETag" = String), ("Location" = String))), CreateProblems),
    security(("bearer" = []))
)]
#[post("/beneficiaries")]
pub async fn create_beneficiary(
    state: web::Data<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    body: web::Json<CreateBeneficiary>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::BeneficiariesManage)?;
    let request = body.into_inner();
    http::validated(request.validate(calendar::today(Utc::now())))?;
    let fingerprint = state.keyring.fingerprint(&request, PERSONAL);
    let (viewer, keyring) = (viewer(&caller), state.keyring.clone());
    http::create_once(&state.db, caller.actor(), key, "/api/v1/beneficiaries", &fingerprint, move |conn, actor| {
        Ok(store::create_beneficiary(conn, actor, &viewer, &keyring, &request)?)
    })
    .await
}

/// One person, masked, with their consent history, the records merged into them and
/// what they received; with its `ETag`.
#[utoipa::path(
    tag = "aid",
    params(("id" = Uuid, Path, description = "Beneficiary id")),
    responses((status = 200, description = "Success", body = Beneficiary, headers(("ETag" = String))), ReadProblems),
    security(("bearer" = []))
)]
#[get("/beneficiaries/{id}")]
pub async fn get_beneficiary(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::BeneficiariesRead)?;
    let (id, viewer, keyring) = (id.into_inner(), viewer(&caller), state.keyring.clone());
    let person = http::read(&state.db, move |conn| Ok(store::get_beneficiary(conn, &viewer, &keyring, id)?)).await?;
    Ok(http::ok_with_etag(person.version, &person))
}

/// Changes a person's record (not after consent is withdrawn: 409 `consent_withdrawn`).
/// Needs `If-Match`.
#[utoipa::path(
    tag = "aid",
    request_body = UpdateBeneficiary,
    params(("id" = Uuid, Path, description = "Beneficiary id"), ("If-Match" = String, Header, description = "The ETag last read")),
    responses((status = 200, description = "Success", body = Beneficiary, headers(("ETag" = String))), UpdateProblems),
    security(("bearer" = []))
)]
#[patch("/beneficiaries/{id}")]
pub async fn update_beneficiary(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: web::Json<UpdateBeneficiary>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::BeneficiariesManage)?;
    let request = body.into_inner();
    http::validated(request.validate(calendar::today(Utc::now())))?;
    let (id, actor, viewer, keyring) = (id.into_inner(), caller.actor(), viewer(&caller), state.keyring.clone());
    let person = http::write(&state.db, move |conn| {
        Ok(store::update_beneficiary(conn, &actor, &viewer, &keyring, id, if_match.0, &request)?)
    })
    .await?;
    Ok(http::ok_with_etag(person.version, &person))
}

/// A person's personal data in full, for those who manage them, with the reason; the
/// reveal is audited with its reason (never the values).
#[utoipa::path(
    tag = "aid",
    request_body = RevealRequest,
    params(("id" = Uuid, Path, description = "Beneficiary id")),
    responses((status = 200, description = "Success", body = RevealedPersonal), CreateProblems),
    security(("bearer" = []))
)]
#[post("/beneficiaries/{id}/reveal")]
pub async fn reveal_beneficiary(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: web::Json<RevealRequest>,
) -> Result<web::Json<RevealedPersonal>, ApiError> {
    caller.require(Action::BeneficiariesManage)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let (id, actor, viewer, keyring) = (id.into_inner(), caller.actor(), viewer(&caller), state.keyring.clone());
    let revealed = http::write(&state.db, move |conn| {
        Ok(store::reveal_beneficiary(conn, &actor, &viewer, &keyring, id, &request.reason)?)
    })
    .await?;
    Ok(web::Json(revealed))
}

/// Records consent given again, or withdrawn (audited as `withdraw`): after a withdrawal
/// the record is kept but no longer changed, revealed or given aid.
#[utoipa::path(
    tag = "aid",
    request_body = ConsentRequest,
    params(("id" = Uuid, Path, description = "Beneficiary id")),
    responses((status = 200, description = "Success", body = Beneficiary, headers(("ETag" = String))), CreateProblems),
    security(("bearer" = []))
)]
#[post("/beneficiaries/{id}/consent")]
pub async fn record_beneficiary_consent(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: web::Json<ConsentRequest>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::BeneficiariesManage)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let (id, actor, viewer, keyring) = (id.into_inner(), caller.actor(), viewer(&caller), state.keyring.clone());
    let person =
        http::write(&state.db, move |conn| Ok(store::record_consent(conn, &actor, &viewer, &keyring, id, &request)?))
            .await?;
    Ok(http::ok_with_etag(person.version, &person))
}

/// Merges the record `merged_id` into this one, with a reason: the merged record points
/// here and its history shows here. Refused (409 `double_entitlement`) when both hold a
/// planned or delivered line of the same campaign.
#[utoipa::path(
    tag = "aid",
    request_body = MergeRequest,
    params(("id" = Uuid, Path, description = "The record that stays")),
    responses((status = 200, description = "Success", body = Beneficiary, headers(("ETag" = String))), CreateProblems),
    security(("bearer" = []))
)]
#[post("/beneficiaries/{id}/merge")]
pub async fn merge_beneficiaries(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: web::Json<MergeRequest>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::BeneficiariesMerge)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let (id, actor, viewer, keyring) = (id.into_inner(), caller.actor(), viewer(&caller), state.keyring.clone());
    let person = http::write(&state.db, move |conn| {
        Ok(store::merge_beneficiaries(conn, &actor, &viewer, &keyring, id, &request)?)
    })
    .await?;
    Ok(http::ok_with_etag(person.version, &person))
}
