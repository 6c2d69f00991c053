//! Beneficiaries: the people aid is for, with their categories, hardships, consent and
//! sealed personal data.
//!
//! - Personal values (citizen ID, phone, birth date, disability, health) are sealed
//!   (`Keyring::seal` under `beneficiary.<field>`), the citizen ID and phone with a keyed
//!   hash beside them; answers carry them masked, audit rows not at all (only which fields
//!   are on record), and a reveal opens them with a reason that `record_reveal` audits.
//! - Every read and list is scoped by `policy::reaches_beneficiaries_in` over the person's
//!   province (out of reach: not found), every write by `manages_beneficiaries_in` (403).
//! - Consent withdrawn stops processing: no change, no reveal, no merge.
//! - Lists walk one index per filter (household, category, commune, province, or the name
//!   alone) with key cursors on (folded name, id); merged records are never listed.

use super::categories;
use super::dedup::{self, BIRTH_DATE_PURPOSE};
use super::households::{find_household, manages, reaches, scope_provinces};
use super::vocabulary::commune;
use super::{contains, names, parse};
use crate::limit::LimitInText;
use crate::{
    audit, new_id, now, paging, parse_id,
    personal::{record_reveal, Keyring},
    schema::{
        beneficiaries, beneficiary_category_links, beneficiary_consents, beneficiary_merges, beneficiary_personal,
        distribution_lines,
    },
    scope::Viewer,
    utc, Actor, DbConnection, OptionalRow, StoreError,
};
use chrono::{NaiveDate, NaiveDateTime};
use danvan_domain::{
    aid::{
        beneficiary_codes, Beneficiary, BeneficiaryDelivery, ConsentRecord, ConsentRequest, ConsentState,
        CreateBeneficiary, Hardship, LineStatus, MergeRequest, NotDeliveredReason, RevealedPersonal, UpdateBeneficiary,
    },
    audit::{AuditAction, AuditEntity},
    named::NamedRef,
    permission::{self, Action},
    personal::{normalise_citizen_id, normalise_phone, PersonalField},
    text::fold,
};
use diesel::prelude::*;
use serde::Serialize;
use std::collections::HashMap;
use uuid::Uuid;

const CITIZEN_ID_PURPOSE: &str = "beneficiary.citizen_id";
const PHONE_PURPOSE: &str = "beneficiary.phone";
const DISABILITY_PURPOSE: &str = "beneficiary.disability";
const HEALTH_PURPOSE: &str = "beneficiary.health";

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = beneficiaries)]
#[diesel(treat_none_as_null = true)]
pub(super) struct BeneficiaryRow {
    pub id: String,
    pub household_id: Option<String>,
    pub is_head: bool,
    pub full_name: String,
    pub name_folded: String,
    pub area_id: String,
    pub province_id: String,
    pub address: String,
    pub hardships: String,
    pub consent: String,
    pub merged_into: Option<String>,
    pub created_by: String,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Default, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = beneficiary_personal)]
#[diesel(treat_none_as_null = true)]
#[diesel(primary_key(beneficiary_id))]
pub(super) struct PersonalRow {
    pub beneficiary_id: String,
    pub citizen_id_sealed: Option<String>,
    pub citizen_id_hash: Option<String>,
    pub phone_sealed: Option<String>,
    pub phone_hash: Option<String>,
    pub birth_date_sealed: Option<String>,
    pub disability_sealed: Option<String>,
    pub health_sealed: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = beneficiary_consents)]
struct ConsentRow {
    id: String,
    beneficiary_id: String,
    kind: String,
    given_by: String,
    purpose: String,
    recorded_by: String,
    recorded_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = beneficiary_merges)]
struct MergeRow {
    merged_id: String,
    survivor_id: String,
    reason: String,
    merged_by: String,
    merged_at: NaiveDateTime,
}

/// What an audit row keeps of a person: never a personal value, only which are on record.
#[derive(Debug, Serialize)]
struct Snapshot {
    full_name: String,
    household_id: Option<String>,
    is_head: bool,
    area_id: String,
    province_id: String,
    address: String,
    category_ids: Vec<String>,
    hardships: Vec<String>,
    consent: String,
    merged_into: Option<String>,
    /// The personal fields on record (`citizen_id`, `phone`, …), without their values.
    personal: Vec<&'static str>,
}

fn snapshot(conn: &mut DbConnection, row: &BeneficiaryRow, personal: &PersonalRow) -> Result<Snapshot, StoreError> {
    let on_record = [
        ("citizen_id", personal.citizen_id_sealed.is_some()),
        ("phone", personal.phone_sealed.is_some()),
        ("birth_date", personal.birth_date_sealed.is_some()),
        ("disability", personal.disability_sealed.is_some()),
        ("health", personal.health_sealed.is_some()),
    ];
    Ok(Snapshot {
        full_name: row.full_name.clone(),
        household_id: row.household_id.clone(),
        is_head: row.is_head,
        area_id: row.area_id.clone(),
        province_id: row.province_id.clone(),
        address: row.address.clone(),
        category_ids: categories::category_ids_of(conn, &row.id)?,
        hardships: split(&row.hardships).map(str::to_owned).collect(),
        consent: row.consent.clone(),
        merged_into: row.merged_into.clone(),
        personal: on_record.iter().filter(|(_, present)| *present).map(|(name, _)| *name).collect(),
    })
}

fn split(text: &str) -> impl Iterator<Item = &str> {
    text.split(',').filter(|part| !part.is_empty())
}

fn hardships_text(list: &[Hardship]) -> String {
    list.iter().map(|hardship| hardship.as_str()).collect::<Vec<_>>().join(",")
}

/// A sealed value opened and masked (`whole`: every character hidden).
fn masked(
    keyring: &Keyring,
    purpose: &str,
    sealed: &Option<String>,
    whole: bool,
) -> Result<Option<PersonalField>, StoreError> {
    sealed
        .as_deref()
        .map(|sealed| {
            let plain = keyring.open(purpose, sealed)?;
            Ok(if whole { PersonalField::hide_all(&plain) } else { PersonalField::hide(&plain) })
        })
        .transpose()
}

/// The people of `rows` as the viewer sees them, in a fixed number of queries.
fn assemble(
    conn: &mut DbConnection,
    viewer: &Viewer,
    keyring: &Keyring,
    rows: Vec<BeneficiaryRow>,
) -> Result<Vec<Beneficiary>, StoreError> {
    let ids: Vec<String> = rows.iter().map(|row| row.id.clone()).collect();
    let mut area_ids: Vec<String> =
        rows.iter().flat_map(|row| [row.area_id.clone(), row.province_id.clone()]).collect();
    area_ids.sort();
    area_ids.dedup();
    let area_names: HashMap<String, String> = names!(conn, areas, name, &area_ids);
    let household_ids: Vec<String> = rows.iter().filter_map(|row| row.household_id.clone()).collect();
    let household_names: HashMap<String, String> = names!(conn, households, name, &household_ids);
    let survivors: Vec<String> = rows.iter().filter_map(|row| row.merged_into.clone()).collect();
    let survivor_names: HashMap<String, String> = names!(conn, beneficiaries, full_name, &survivors);
    let mut category_lists = categories::categories_of(conn, &ids)?;
    let mut personal: HashMap<String, PersonalRow> = beneficiary_personal::table
        .filter(beneficiary_personal::beneficiary_id.eq_any(&ids))
        .select(PersonalRow::as_select())
        .load::<PersonalRow>(conn)?
        .into_iter()
        .map(|row| (row.beneficiary_id.clone(), row))
        .collect();
    let merges = permission::allows(viewer.role, Action::BeneficiariesMerge);
    rows.into_iter()
        .map(|row| {
            let sealed = personal.remove(&row.id).unwrap_or_default();
            let can_manage = manages(viewer, &row.province_id)?;
            let consent = parse(&row.consent, ConsentState::parse)?;
            let live = row.merged_into.is_none() && consent == ConsentState::Given;
            Ok(Beneficiary {
                id: parse_id(&row.id)?,
                household: row.household_id.as_deref().map(|id| crate::named(id, &household_names)).transpose()?,
                is_head: row.is_head,
                area: crate::named(&row.area_id, &area_names)?,
                province: crate::named(&row.province_id, &area_names)?,
                categories: category_lists.remove(&row.id).unwrap_or_default(),
                hardships: split(&row.hardships).map(|text| parse(text, Hardship::parse)).collect::<Result<_, _>>()?,
                citizen_id: masked(keyring, CITIZEN_ID_PURPOSE, &sealed.citizen_id_sealed, false)?,
                phone: masked(keyring, PHONE_PURPOSE, &sealed.phone_sealed, false)?,
                birth_date: masked(keyring, BIRTH_DATE_PURPOSE, &sealed.birth_date_sealed, true)?,
                disability: masked(keyring, DISABILITY_PURPOSE, &sealed.disability_sealed, true)?,
                health: masked(keyring, HEALTH_PURPOSE, &sealed.health_sealed, true)?,
                consent,
                merged_into: row.merged_into.as_deref().map(|id| crate::named(id, &survivor_names)).transpose()?,
                consents: Vec::new(),
                merged: Vec::new(),
                deliveries: Vec::new(),
                can_manage: can_manage && live,
                can_reveal: can_manage && live,
                can_merge: can_manage && live && merges,
                full_name: row.full_name,
                address: row.address,
                version: row.version,
                created_at: utc(row.created_at),
                updated_at: utc(row.updated_at),
            })
        })
        .collect()
}

// --- lists ---

/// Filters of the beneficiary list and its export.
#[derive(Debug, Clone, Default)]
pub struct BeneficiaryFilter {
    /// Words of the name without diacritics; or a whole citizen ID or phone number, found
    /// by its keyed hash.
    pub q: Option<String>,
    pub category_id: Option<Uuid>,
    pub area_id: Option<Uuid>,
    pub province_id: Option<Uuid>,
    pub household_id: Option<Uuid>,
}

/// What `q` asks for: words of a name, or the people holding a citizen ID or phone.
enum Search {
    None,
    Words(String),
    People(Vec<String>),
}

fn search(conn: &mut DbConnection, keyring: &Keyring, q: Option<&str>) -> Result<Search, StoreError> {
    let Some(q) = q.map(str::trim).filter(|q| !q.is_empty()) else {
        return Ok(Search::None);
    };
    let people = beneficiary_personal::table.select(beneficiary_personal::beneficiary_id).into_boxed();
    let people = match (normalise_citizen_id(q), normalise_phone(q)) {
        (Some(id), _) if id.len() == 12 => {
            Some(people.filter(beneficiary_personal::citizen_id_hash.eq(keyring.lookup_hash("citizen_id", &id))))
        }
        (_, Some(phone)) => {
            Some(people.filter(beneficiary_personal::phone_hash.eq(keyring.lookup_hash("phone", &phone))))
        }
        _ => None,
    };
    if let Some(people) = people {
        return Ok(Search::People(people.load(conn)?));
    }
    let words = fold(q);
    Ok(if words.is_empty() { Search::None } else { Search::Words(words) })
}

/// Narrows a boxed query over `beneficiaries` (alone or joined) by the viewer's scope and
/// the filters other than the one whose index the query walks.
macro_rules! narrowed {
    ($query:expr, $viewer:expr, $filter:expr, $search:expr) => {{
        let mut query = $query.filter(beneficiaries::merged_into.is_null());
        if let Some(provinces) = scope_provinces($viewer) {
            query = query.filter(beneficiaries::province_id.eq_any(provinces));
        }
        if let Some(household) = $filter.household_id {
            query = query.filter(beneficiaries::household_id.eq(household.to_string()));
        }
        if let Some(area) = $filter.area_id {
            query = query.filter(beneficiaries::area_id.eq(area.to_string()));
        }
        if let Some(province) = $filter.province_id {
            query = query.filter(beneficiaries::province_id.eq(province.to_string()));
        }
        match $search {
            Search::None => {}
            Search::Words(words) => query = query.filter(beneficiaries::name_folded.like(contains(words)).escape('\\')),
            Search::People(ids) => query = query.filter(beneficiaries::id.eq_any(ids.clone())),
        }
        query
    }};
}

/// The rows of one page (`limit + 1` of them) after `after`, up to `fetch` rows.
fn page_rows(
    conn: &mut DbConnection,
    viewer: &Viewer,
    filter: &BeneficiaryFilter,
    search: &Search,
    after: Option<(String, String)>,
    fetch: usize,
) -> Result<Vec<BeneficiaryRow>, StoreError> {
    // With a category the list walks `beneficiary_category_links_list`, which carries the
    // folded name; a household, commune or province walks its own index on `beneficiaries`.
    if let Some(category) = filter.category_id.filter(|_| filter.household_id.is_none()) {
        let query = beneficiary_category_links::table
            .inner_join(beneficiaries::table.on(beneficiaries::id.eq(beneficiary_category_links::beneficiary_id)))
            .filter(beneficiary_category_links::category_id.eq(category.to_string()))
            .into_boxed();
        let query = narrowed!(query, viewer, filter, search);
        return Ok(paging::seek!(
            query,
            beneficiary_category_links::name_folded,
            beneficiary_category_links::beneficiary_id,
            after,
            asc
        )
        .select(BeneficiaryRow::as_select())
        .limit_in_text(fetch)
        .load(conn)?);
    }
    let mut query = beneficiaries::table.into_boxed();
    if let Some(category) = filter.category_id {
        let people = beneficiary_category_links::table
            .filter(beneficiary_category_links::category_id.eq(category.to_string()))
            .select(beneficiary_category_links::beneficiary_id);
        query = query.filter(beneficiaries::id.eq_any(people));
    }
    let query = narrowed!(query, viewer, filter, search);
    Ok(paging::seek!(query, beneficiaries::name_folded, beneficiaries::id, after, asc)
        .select(BeneficiaryRow::as_select())
        .limit_in_text(fetch)
        .load(conn)?)
}

/// People by name (without diacritics) within the caller's provinces, `limit` at a time;
/// personal data masked.
pub fn list_beneficiaries(
    conn: &mut DbConnection,
    viewer: &Viewer,
    keyring: &Keyring,
    filter: &BeneficiaryFilter,
    limit: usize,
    after: Option<&str>,
) -> Result<paging::Page<Beneficiary>, StoreError> {
    let after = after.map(paging::decode::<2>).transpose()?.map(|[name, id]| (name, id));
    let search = search(conn, keyring, filter.q.as_deref())?;
    let rows = page_rows(conn, viewer, filter, &search, after, paging::fetch(limit))?;
    paging::paginate(
        rows,
        limit,
        |row| vec![row.name_folded.clone(), row.id.clone()],
        |rows| assemble(conn, viewer, keyring, rows),
    )
}

/// Every person the list would show, up to `max` (`None` beyond it), for exports:
/// personal data masked, as in the list.
pub fn export_beneficiaries(
    conn: &mut DbConnection,
    viewer: &Viewer,
    keyring: &Keyring,
    filter: &BeneficiaryFilter,
    max: usize,
) -> Result<Option<Vec<Beneficiary>>, StoreError> {
    let search = search(conn, keyring, filter.q.as_deref())?;
    let rows = page_rows(conn, viewer, filter, &search, None, max + 1)?;
    if rows.len() > max {
        return Ok(None);
    }
    assemble(conn, viewer, keyring, rows).map(Some)
}

/// The query plan of a list by `filter`, for the index tests.
pub fn explain_beneficiaries(
    conn: &mut DbConnection,
    viewer: &Viewer,
    filter: &BeneficiaryFilter,
) -> Result<Vec<String>, StoreError> {
    let after = None::<(String, String)>;
    let search = match filter.q.as_deref().map(fold) {
        Some(words) if !words.is_empty() => Search::Words(words),
        _ => Search::None,
    };
    if let Some(category) = filter.category_id.filter(|_| filter.household_id.is_none()) {
        let query = beneficiary_category_links::table
            .inner_join(beneficiaries::table.on(beneficiaries::id.eq(beneficiary_category_links::beneficiary_id)))
            .filter(beneficiary_category_links::category_id.eq(category.to_string()))
            .into_boxed();
        let query = narrowed!(query, viewer, filter, &search);
        let query = paging::seek!(
            query,
            beneficiary_category_links::name_folded,
            beneficiary_category_links::beneficiary_id,
            after,
            asc
        )
        .select(BeneficiaryRow::as_select())
        .limit_in_text(51);
        return crate::explain::plan(conn, query);
    }
    let query = narrowed!(beneficiaries::table.into_boxed(), viewer, filter, &search);
    let query = paging::seek!(query, beneficiaries::name_folded, beneficiaries::id, after, asc)
        .select(BeneficiaryRow::as_select())
        .limit_in_text(51);
    crate::explain::plan(conn, query)
}

// --- one person ---

fn find_row(conn: &mut DbConnection, id: &str) -> Result<BeneficiaryRow, StoreError> {
    beneficiaries::table.find(id).select(BeneficiaryRow::as_select()).first_row(conn).found()
}

/// The person `id` when the viewer reaches them; not found otherwise.
fn find_reached(conn: &mut DbConnection, viewer: &Viewer, id: Uuid) -> Result<BeneficiaryRow, StoreError> {
    let row = find_row(conn, &id.to_string())?;
    if !reaches(viewer, &row.province_id)? {
        return Err(StoreError::NotFound);
    }
    Ok(row)
}

/// The person `id` for a change: reached (else 404), managed (else 403), not merged and
/// with consent standing (else 409).
fn find_for_change(conn: &mut DbConnection, viewer: &Viewer, id: Uuid) -> Result<BeneficiaryRow, StoreError> {
    let row = find_reached(conn, viewer, id)?;
    if !manages(viewer, &row.province_id)? {
        return Err(StoreError::Forbidden);
    }
    if row.merged_into.is_some() {
        return Err(StoreError::conflict("merged", "this record was merged into another: change that one"));
    }
    if row.consent != ConsentState::Given.as_str() {
        return Err(StoreError::conflict(
            beneficiary_codes::CONSENT_WITHDRAWN,
            "the person withdrew their consent: their data is no longer processed",
        ));
    }
    Ok(row)
}

fn personal_of(conn: &mut DbConnection, id: &str) -> Result<PersonalRow, StoreError> {
    Ok(beneficiary_personal::table
        .find(id)
        .select(PersonalRow::as_select())
        .first_row(conn)
        .optional()?
        .unwrap_or_else(|| PersonalRow { beneficiary_id: id.to_owned(), ..PersonalRow::default() }))
}

/// One person with their consent history, the records merged into them and what they
/// received, those of the merged records included.
pub fn get_beneficiary(
    conn: &mut DbConnection,
    viewer: &Viewer,
    keyring: &Keyring,
    id: Uuid,
) -> Result<Beneficiary, StoreError> {
    let row = find_reached(conn, viewer, id)?;
    let own = row.id.clone();
    let mut person = assemble(conn, viewer, keyring, vec![row])?.remove(0);
    let merged: Vec<(String, String)> = beneficiary_merges::table
        .inner_join(beneficiaries::table.on(beneficiaries::id.eq(beneficiary_merges::merged_id)))
        .filter(beneficiary_merges::survivor_id.eq(&own))
        .order(beneficiary_merges::merged_at)
        .select((beneficiaries::id, beneficiaries::full_name))
        .load(conn)?;
    let mut ids = vec![own.clone()];
    ids.extend(merged.iter().map(|(id, _)| id.clone()));
    let from = |id: &str| -> Result<Option<Uuid>, StoreError> {
        if id == own {
            Ok(None)
        } else {
            parse_id(id).map(Some)
        }
    };
    person.merged = merged
        .iter()
        .map(|(id, name)| Ok(NamedRef { id: parse_id(id)?, name: name.clone() }))
        .collect::<Result<_, StoreError>>()?;
    let consents: Vec<ConsentRow> = beneficiary_consents::table
        .filter(beneficiary_consents::beneficiary_id.eq_any(&ids))
        .order((beneficiary_consents::recorded_at, beneficiary_consents::id))
        .select(ConsentRow::as_select())
        .load(conn)?;
    let recorders: Vec<String> = consents.iter().map(|consent| consent.recorded_by.clone()).collect();
    let recorder_names: HashMap<String, String> = names!(conn, users, display_name, &recorders);
    person.consents = consents
        .into_iter()
        .map(|consent| {
            Ok(ConsentRecord {
                id: parse_id(&consent.id)?,
                kind: parse(&consent.kind, ConsentState::parse)?,
                recorded_by: crate::named(&consent.recorded_by, &recorder_names)?,
                recorded_at: utc(consent.recorded_at),
                from_merged: from(&consent.beneficiary_id)?,
                given_by: consent.given_by,
                purpose: consent.purpose,
            })
        })
        .collect::<Result<_, StoreError>>()?;
    type LineRow = (String, String, String, String, Option<String>, Option<NaiveDateTime>, String);
    let lines: Vec<LineRow> = distribution_lines::table
        .filter(distribution_lines::beneficiary_id.eq_any(&ids))
        .order(distribution_lines::updated_at.desc())
        .select((
            distribution_lines::id,
            distribution_lines::round_id,
            distribution_lines::campaign_id,
            distribution_lines::status,
            distribution_lines::reason,
            distribution_lines::delivered_at,
            distribution_lines::beneficiary_id,
        ))
        .load(conn)?;
    let round_ids: Vec<String> = lines.iter().map(|line| line.1.clone()).collect();
    let campaign_ids: Vec<String> = lines.iter().map(|line| line.2.clone()).collect();
    let round_names: HashMap<String, String> = names!(conn, distribution_rounds, name, &round_ids);
    let campaign_names: HashMap<String, String> = names!(conn, campaigns, name, &campaign_ids);
    person.deliveries = lines
        .into_iter()
        .map(|(line, round, campaign, status, reason, delivered_at, holder)| {
            Ok(BeneficiaryDelivery {
                id: parse_id(&line)?,
                round: crate::named(&round, &round_names)?,
                campaign: crate::named(&campaign, &campaign_names)?,
                status: parse(&status, LineStatus::parse)?,
                reason: reason.as_deref().map(|reason| parse(reason, NotDeliveredReason::parse)).transpose()?,
                delivered_at: delivered_at.map(utc),
                from_merged: from(&holder)?,
            })
        })
        .collect::<Result<_, StoreError>>()?;
    Ok(person)
}

// --- writes ---

/// A typed citizen ID's sealed value and keyed hash.
fn sealed_citizen_id(keyring: &Keyring, typed: &str) -> Result<(String, String), StoreError> {
    let digits = normalise_citizen_id(typed)
        .filter(|digits| digits.len() == 12)
        .ok_or_else(|| StoreError::invalid("citizen_id", "invalid_format", "must be the 12 digits of a citizen ID"))?;
    Ok((keyring.seal(CITIZEN_ID_PURPOSE, &digits)?, keyring.lookup_hash("citizen_id", &digits)))
}

fn sealed_phone(keyring: &Keyring, typed: &str) -> Result<(String, String), StoreError> {
    let phone = normalise_phone(typed)
        .ok_or_else(|| StoreError::invalid("phone", "invalid_format", "must be a Vietnamese phone number"))?;
    Ok((keyring.seal(PHONE_PURPOSE, &phone)?, keyring.lookup_hash("phone", &phone)))
}

fn seal_text(keyring: &Keyring, purpose: &str, text: Option<&str>) -> Result<Option<String>, StoreError> {
    text.map(str::trim).filter(|text| !text.is_empty()).map(|text| keyring.seal(purpose, text)).transpose()
}

fn seal_date(keyring: &Keyring, date: Option<NaiveDate>) -> Result<Option<String>, StoreError> {
    date.map(|date| keyring.seal(BIRTH_DATE_PURPOSE, &date.format("%Y-%m-%d").to_string())).transpose()
}

/// Refuses a second head for `household` (another than `except`).
fn refuse_second_head(conn: &mut DbConnection, household: &str, except: Option<&str>) -> Result<(), StoreError> {
    let mut query = beneficiaries::table
        .filter(beneficiaries::household_id.eq(household.to_owned()))
        .filter(beneficiaries::is_head.eq(true))
        .into_boxed();
    if let Some(except) = except {
        query = query.filter(beneficiaries::id.ne(except.to_owned()));
    }
    let heads: i64 = query.count().get_result(conn)?;
    if heads > 0 {
        return Err(has_head());
    }
    Ok(())
}

fn has_head() -> StoreError {
    StoreError::conflict(beneficiary_codes::HOUSEHOLD_HAS_HEAD, "the household already has a head")
}

/// Unique-index violations of a write to `beneficiaries` or `beneficiary_personal`, when
/// two requests pass the checks at the same moment.
fn on_unique(conflict: fn() -> StoreError) -> impl FnOnce(diesel::result::Error) -> StoreError {
    move |error| match error {
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _) => conflict(),
        other => other.into(),
    }
}

/// Where a person lives: their household (and its commune), or a commune of their own.
struct Place {
    household_id: Option<String>,
    area_id: String,
    province_id: String,
    /// The household's address, for a member who gave none.
    household_address: Option<String>,
}

fn place_of(
    conn: &mut DbConnection,
    viewer: &Viewer,
    household: Option<Uuid>,
    area: Option<Uuid>,
) -> Result<Place, StoreError> {
    let place = match household {
        Some(household) => {
            let row = match find_household(conn, viewer, household) {
                Err(StoreError::NotFound) => {
                    return Err(StoreError::invalid("household_id", "unknown", "no household has this id"))
                }
                other => other?,
            };
            Place {
                household_id: Some(row.id),
                area_id: row.area_id,
                province_id: row.province_id,
                household_address: Some(row.address),
            }
        }
        None => {
            let area =
                area.ok_or_else(|| StoreError::invalid("area_id", "required", "give the commune, or the household"))?;
            let (area_id, province_id) = commune(conn, area)?;
            Place { household_id: None, area_id, province_id, household_address: None }
        }
    };
    if !manages(viewer, &place.province_id)? {
        return Err(StoreError::Forbidden);
    }
    Ok(place)
}

/// The audit row of an entry made despite likely duplicates.
#[derive(Serialize)]
struct Overridden<'a> {
    full_name: &'a str,
    reason: &'a str,
    candidates: Vec<Uuid>,
}

/// Enters a person (see the module's documentation for the duplicate checks).
pub fn create_beneficiary(
    conn: &mut DbConnection,
    actor: &Actor,
    viewer: &Viewer,
    keyring: &Keyring,
    request: &CreateBeneficiary,
) -> Result<Beneficiary, StoreError> {
    let place = place_of(conn, viewer, request.household_id, request.area_id)?;
    let categories = categories::live_categories(conn, &request.category_ids)?;
    if request.is_head {
        refuse_second_head(conn, place.household_id.as_deref().unwrap_or_default(), None)?;
    }
    let citizen_id = request.citizen_id.as_deref().map(|typed| sealed_citizen_id(keyring, typed)).transpose()?;
    if let Some((_, hash)) = &citizen_id {
        dedup::refuse_same_citizen_id(conn, viewer, hash, None)?;
    }
    let entry = dedup::Entry {
        full_name: &request.full_name,
        area_id: &place.area_id,
        household_id: place.household_id.as_deref(),
        birth_date: request.birth_date,
    };
    let candidates = dedup::likely_duplicates(conn, keyring, &entry)?;
    let override_reason = request.override_reason.as_deref().map(str::trim).filter(|reason| !reason.is_empty());
    if !candidates.is_empty() && override_reason.is_none() {
        return Err(StoreError::PossibleDuplicates {
            code: beneficiary_codes::POSSIBLE_DUPLICATE,
            detail: "this may be a person already registered: check the candidates, or enter anyway with a reason"
                .into(),
            candidates,
        });
    }
    let phone = request.phone.as_deref().map(|typed| sealed_phone(keyring, typed)).transpose()?;
    let at = now();
    let address = match request.address.trim() {
        "" => place.household_address.clone().unwrap_or_default(),
        typed => typed.to_owned(),
    };
    let row = BeneficiaryRow {
        id: new_id(),
        household_id: place.household_id,
        is_head: request.is_head,
        full_name: request.full_name.trim().to_owned(),
        name_folded: fold(&request.full_name),
        area_id: place.area_id,
        province_id: place.province_id,
        address,
        hardships: hardships_text(&request.hardships),
        consent: ConsentState::Given.as_str().to_owned(),
        merged_into: None,
        created_by: crate::actor_id(actor)?,
        version: 1,
        created_at: at,
        updated_at: at,
    };
    diesel::insert_into(beneficiaries::table).values(&row).execute(conn).map_err(on_unique(has_head))?;
    let personal = PersonalRow {
        beneficiary_id: row.id.clone(),
        citizen_id_sealed: citizen_id.as_ref().map(|(sealed, _)| sealed.clone()),
        citizen_id_hash: citizen_id.map(|(_, hash)| hash),
        phone_sealed: phone.as_ref().map(|(sealed, _)| sealed.clone()),
        phone_hash: phone.map(|(_, hash)| hash),
        birth_date_sealed: seal_date(keyring, request.birth_date)?,
        disability_sealed: seal_text(keyring, DISABILITY_PURPOSE, request.disability.as_deref())?,
        health_sealed: seal_text(keyring, HEALTH_PURPOSE, request.health.as_deref())?,
    };
    diesel::insert_into(beneficiary_personal::table)
        .values(&personal)
        .execute(conn)
        .map_err(on_unique(dedup::taken_elsewhere))?;
    categories::set_categories(conn, &row.id, &row.name_folded, &categories)?;
    let consent = ConsentRow {
        id: new_id(),
        beneficiary_id: row.id.clone(),
        kind: ConsentState::Given.as_str().to_owned(),
        given_by: request.consent.given_by.trim().to_owned(),
        purpose: request.consent.purpose.trim().to_owned(),
        recorded_by: row.created_by.clone(),
        recorded_at: at,
    };
    diesel::insert_into(beneficiary_consents::table).values(&consent).execute(conn)?;
    let audited = snapshot(conn, &row, &personal)?;
    audit::record(
        conn,
        actor,
        AuditAction::Create,
        AuditEntity::Beneficiary,
        Some(&row.id),
        None::<&()>,
        Some(&audited),
    )?;
    if let (Some(reason), false) = (override_reason, candidates.is_empty()) {
        let overridden =
            Overridden { full_name: &row.full_name, reason, candidates: candidates.iter().map(|c| c.id).collect() };
        audit::record(
            conn,
            actor,
            AuditAction::Override,
            AuditEntity::Beneficiary,
            Some(&row.id),
            None::<&()>,
            Some(&overridden),
        )?;
    }
    Ok(assemble(conn, viewer, keyring, vec![row])?.remove(0))
}

/// Changes a person's record. A new citizen ID is checked as at entry; a new household
/// brings its commune.
#[allow(clippy::too_many_arguments)]
pub fn update_beneficiary(
    conn: &mut DbConnection,
    actor: &Actor,
    viewer: &Viewer,
    keyring: &Keyring,
    id: Uuid,
    expected_version: i64,
    request: &UpdateBeneficiary,
) -> Result<Beneficiary, StoreError> {
    let current = find_for_change(conn, viewer, id)?;
    crate::expect_version(expected_version, crate::Found::Version(current.version))?;
    let mut personal = personal_of(conn, &current.id)?;
    let before = snapshot(conn, &current, &personal)?;
    let mut row = current;
    let household = match request.household_id {
        Some(household) => household,
        None => row.household_id.as_deref().map(parse_id).transpose()?,
    };
    let area = match request.area_id {
        Some(area) => Some(area),
        None => Some(parse_id(&row.area_id)?),
    };
    if request.household_id.is_some() || request.area_id.is_some() {
        let place = place_of(conn, viewer, household, area)?;
        if place.household_id != row.household_id {
            row.is_head = false;
        }
        row.household_id = place.household_id;
        row.area_id = place.area_id;
        row.province_id = place.province_id;
    }
    if let Some(head) = request.is_head {
        if head {
            let household = row
                .household_id
                .clone()
                .ok_or_else(|| StoreError::invalid("is_head", "no_household", "only a household has a head"))?;
            refuse_second_head(conn, &household, Some(&row.id))?;
        }
        row.is_head = head;
    }
    if let Some(name) = &request.full_name {
        row.full_name = name.trim().to_owned();
        row.name_folded = fold(name);
        categories::rename_links(conn, &row.id, &row.name_folded)?;
    }
    if let Some(address) = &request.address {
        row.address = address.trim().to_owned();
    }
    if let Some(list) = &request.hardships {
        row.hardships = hardships_text(list);
    }
    if let Some(ids) = &request.category_ids {
        let categories = categories::live_categories(conn, ids)?;
        categories::set_categories(conn, &row.id, &row.name_folded, &categories)?;
    }
    match &request.citizen_id {
        Some(Some(typed)) => {
            let (sealed, hash) = sealed_citizen_id(keyring, typed)?;
            dedup::refuse_same_citizen_id(conn, viewer, &hash, Some(&row.id))?;
            personal.citizen_id_sealed = Some(sealed);
            personal.citizen_id_hash = Some(hash);
        }
        Some(None) => {
            personal.citizen_id_sealed = None;
            personal.citizen_id_hash = None;
        }
        None => {}
    }
    match &request.phone {
        Some(Some(typed)) => {
            let (sealed, hash) = sealed_phone(keyring, typed)?;
            personal.phone_sealed = Some(sealed);
            personal.phone_hash = Some(hash);
        }
        Some(None) => {
            personal.phone_sealed = None;
            personal.phone_hash = None;
        }
        None => {}
    }
    if let Some(date) = request.birth_date {
        personal.birth_date_sealed = seal_date(keyring, date)?;
    }
    if let Some(text) = &request.disability {
        personal.disability_sealed = seal_text(keyring, DISABILITY_PURPOSE, text.as_deref())?;
    }
    if let Some(text) = &request.health {
        personal.health_sealed = seal_text(keyring, HEALTH_PURPOSE, text.as_deref())?;
    }
    row.version += 1;
    row.updated_at = now();
    crate::save_versioned!(conn, beneficiaries, &row, expected_version, on_unique(has_head))?;
    let changed = diesel::update(beneficiary_personal::table.find(&row.id))
        .set(&personal)
        .execute(conn)
        .map_err(on_unique(dedup::taken_elsewhere))?;
    if changed == 0 {
        diesel::insert_into(beneficiary_personal::table)
            .values(&personal)
            .execute(conn)
            .map_err(on_unique(dedup::taken_elsewhere))?;
    }
    let after = snapshot(conn, &row, &personal)?;
    audit::record(
        conn,
        actor,
        AuditAction::Update,
        AuditEntity::Beneficiary,
        Some(&row.id),
        Some(&before),
        Some(&after),
    )?;
    Ok(assemble(conn, viewer, keyring, vec![row])?.remove(0))
}

/// The person's personal data in full, for those who manage them, with a reason that
/// the audit log keeps (never the values) before they are answered.
pub fn reveal_beneficiary(
    conn: &mut DbConnection,
    actor: &Actor,
    viewer: &Viewer,
    keyring: &Keyring,
    id: Uuid,
    reason: &str,
) -> Result<RevealedPersonal, StoreError> {
    let row = find_reached(conn, viewer, id)?;
    if !manages(viewer, &row.province_id)? {
        return Err(StoreError::Forbidden);
    }
    if row.consent != ConsentState::Given.as_str() {
        return Err(StoreError::conflict(
            beneficiary_codes::CONSENT_WITHDRAWN,
            "the person withdrew their consent: their data is no longer shown",
        ));
    }
    let sealed = personal_of(conn, &row.id)?;
    let open = |purpose: &str, value: &Option<String>| value.as_deref().map(|v| keyring.open(purpose, v)).transpose();
    let birth_date = open(BIRTH_DATE_PURPOSE, &sealed.birth_date_sealed)?
        .map(|text| {
            NaiveDate::parse_from_str(&text, "%Y-%m-%d")
                .map_err(|_| StoreError::Corrupt("a sealed birth date is not a date".into()))
        })
        .transpose()?;
    let revealed = RevealedPersonal {
        citizen_id: open(CITIZEN_ID_PURPOSE, &sealed.citizen_id_sealed)?,
        phone: open(PHONE_PURPOSE, &sealed.phone_sealed)?,
        birth_date,
        disability: open(DISABILITY_PURPOSE, &sealed.disability_sealed)?,
        health: open(HEALTH_PURPOSE, &sealed.health_sealed)?,
    };
    record_reveal(conn, actor, AuditEntity::Beneficiary, &row.id, "personal", reason)?;
    Ok(revealed)
}

/// What a consent audit row keeps.
#[derive(Serialize)]
struct ConsentAudit<'a> {
    full_name: &'a str,
    consent: &'a str,
    given_by: &'a str,
    purpose: &'a str,
}

/// Consent given again, or withdrawn (audited as `Withdraw`): a withdrawn record is
/// kept, but nothing more is done with it.
pub fn record_consent(
    conn: &mut DbConnection,
    actor: &Actor,
    viewer: &Viewer,
    keyring: &Keyring,
    id: Uuid,
    request: &ConsentRequest,
) -> Result<Beneficiary, StoreError> {
    let mut row = find_reached(conn, viewer, id)?;
    if !manages(viewer, &row.province_id)? {
        return Err(StoreError::Forbidden);
    }
    if row.merged_into.is_some() {
        return Err(StoreError::conflict("merged", "this record was merged into another: record consent there"));
    }
    if request.kind == ConsentState::Withdrawn && row.consent == ConsentState::Withdrawn.as_str() {
        return Err(StoreError::conflict(beneficiary_codes::CONSENT_WITHDRAWN, "the consent is already withdrawn"));
    }
    let at = now();
    let consent = ConsentRow {
        id: new_id(),
        beneficiary_id: row.id.clone(),
        kind: request.kind.as_str().to_owned(),
        given_by: request.given_by.trim().to_owned(),
        purpose: request.purpose.trim().to_owned(),
        recorded_by: crate::actor_id(actor)?,
        recorded_at: at,
    };
    diesel::insert_into(beneficiary_consents::table).values(&consent).execute(conn)?;
    let before = row.consent.clone();
    row.consent = request.kind.as_str().to_owned();
    row.version += 1;
    row.updated_at = at;
    crate::save_versioned!(conn, beneficiaries, &row, row.version - 1)?;
    let action = match request.kind {
        ConsentState::Withdrawn => AuditAction::Withdraw,
        ConsentState::Given => AuditAction::Update,
    };
    let before_audit = ConsentAudit { full_name: &row.full_name, consent: &before, given_by: "", purpose: "" };
    let after_audit = ConsentAudit {
        full_name: &row.full_name,
        consent: &row.consent,
        given_by: request.given_by.trim(),
        purpose: request.purpose.trim(),
    };
    audit::record(
        conn,
        actor,
        action,
        AuditEntity::Beneficiary,
        Some(&row.id),
        Some(&before_audit),
        Some(&after_audit),
    )?;
    get_beneficiary(conn, viewer, keyring, id)
}

/// What a merge's audit rows keep.
#[derive(Serialize)]
struct Merged<'a> {
    full_name: &'a str,
    survivor_id: &'a str,
    merged_id: &'a str,
    reason: &'a str,
}

/// Merges the record `request.merged_id` into `id`: the merged record points to the
/// survivor, its categories join the survivor's, and its consents and deliveries show
/// under the survivor. Refused when both hold a planned or delivered line of one campaign.
pub fn merge_beneficiaries(
    conn: &mut DbConnection,
    actor: &Actor,
    viewer: &Viewer,
    keyring: &Keyring,
    id: Uuid,
    request: &MergeRequest,
) -> Result<Beneficiary, StoreError> {
    if request.merged_id == id {
        return Err(StoreError::invalid("merged_id", "same", "a record cannot be merged into itself"));
    }
    let survivor = find_for_change(conn, viewer, id)?;
    let merged = match find_for_change(conn, viewer, request.merged_id) {
        Err(StoreError::NotFound) => {
            return Err(StoreError::invalid("merged_id", "unknown", "no person has this id"));
        }
        other => other?,
    };
    let held = [LineStatus::Planned.as_str(), LineStatus::Delivered.as_str()];
    let campaigns_of = |conn: &mut DbConnection, person: &str| -> Result<Vec<String>, StoreError> {
        Ok(distribution_lines::table
            .filter(distribution_lines::beneficiary_id.eq(person.to_owned()))
            .filter(distribution_lines::status.eq_any(held))
            .select(distribution_lines::campaign_id)
            .load(conn)?)
    };
    let survivor_campaigns = campaigns_of(conn, &survivor.id)?;
    let merged_campaigns = campaigns_of(conn, &merged.id)?;
    if merged_campaigns.iter().any(|campaign| survivor_campaigns.contains(campaign)) {
        return Err(StoreError::conflict(
            "double_entitlement",
            "both records hold the same campaign's entitlement: settle one of them first",
        ));
    }
    let at = now();
    let mut merged_row = merged;
    let merged_personal = personal_of(conn, &merged_row.id)?;
    let merged_before = snapshot(conn, &merged_row, &merged_personal)?;
    merged_row.merged_into = Some(survivor.id.clone());
    merged_row.is_head = false;
    merged_row.version += 1;
    merged_row.updated_at = at;
    crate::save_versioned!(conn, beneficiaries, &merged_row, merged_row.version - 1)?;
    // The survivor takes the merged record's categories it does not have yet.
    let survivor_categories = categories::category_ids_of(conn, &survivor.id)?;
    let taken: Vec<String> = categories::category_ids_of(conn, &merged_row.id)?
        .into_iter()
        .filter(|category| !survivor_categories.contains(category))
        .collect();
    diesel::delete(
        beneficiary_category_links::table.filter(beneficiary_category_links::beneficiary_id.eq(&merged_row.id)),
    )
    .execute(conn)?;
    let links: Vec<categories::LinkRow> = taken
        .into_iter()
        .map(|category_id| categories::LinkRow {
            category_id,
            beneficiary_id: survivor.id.clone(),
            name_folded: survivor.name_folded.clone(),
        })
        .collect();
    crate::insert_many!(conn, beneficiary_category_links::table, &links, 3)?;
    let reason = request.reason.trim();
    let merge = MergeRow {
        merged_id: merged_row.id.clone(),
        survivor_id: survivor.id.clone(),
        reason: reason.to_owned(),
        merged_by: crate::actor_id(actor)?,
        merged_at: at,
    };
    diesel::insert_into(beneficiary_merges::table).values(&merge).execute(conn)?;
    let mut survivor_row = survivor;
    survivor_row.version += 1;
    survivor_row.updated_at = at;
    crate::save_versioned!(conn, beneficiaries, &survivor_row, survivor_row.version - 1)?;
    let merged_after = snapshot(conn, &merged_row, &merged_personal)?;
    audit::record(
        conn,
        actor,
        AuditAction::Merge,
        AuditEntity::Beneficiary,
        Some(&merged_row.id),
        Some(&merged_before),
        Some(&merged_after),
    )?;
    let record =
        Merged { full_name: &survivor_row.full_name, survivor_id: &survivor_row.id, merged_id: &merged_row.id, reason };
    audit::record(
        conn,
        actor,
        AuditAction::Merge,
        AuditEntity::Beneficiary,
        Some(&survivor_row.id),
        None::<&()>,
        Some(&record),
    )?;
    get_beneficiary(conn, viewer, keyring, id)
}
