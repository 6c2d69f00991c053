//! Beneficiaries (plan section II.3): the people aid is for, alone or in a household with
//! a head, their categories (a managed list), hardships and consent.
//!
//! Their citizen ID (CCCD), phone, birth date, disability and health are personal data:
//! sealed at rest, always sent masked ([`PersonalField`]; birth date, disability and
//! health masked whole), in full only in the answer to an audited
//! `POST /beneficiaries/{id}/reveal` ([`RevealedPersonal`]). Consent withdrawn stops any
//! further processing of the person: no change, no reveal, no new round, no delivery.

use super::ADDRESS_MAX;
use crate::{
    named::NamedRef,
    personal::{normalise_citizen_id, normalise_phone, PersonalField, REASON_MAX, REASON_MIN},
    validation::{self, Errors, FieldError},
};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Longest note on disability or health.
pub const HEALTH_MAX: usize = 500;
/// Most categories on one person.
pub const CATEGORIES_MAX: usize = 20;
/// Earliest birth year accepted.
pub const BIRTH_YEAR_MIN: i32 = 1900;

// --- categories ---

/// A category of people to support (hộ nghèo, người neo đơn, …), from the managed list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SupportCategory {
    pub id: Uuid,
    /// A stable code; campaigns' categories are the same codes.
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    /// Retired categories stay on people but are not offered for new ones.
    pub active: bool,
    pub position: i64,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Body of `POST /api/v1/support-categories`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateSupportCategory {
    #[cfg_attr(feature = "openapi", schema(pattern = "^[A-Za-z0-9_-]{1,32}$"))]
    pub code: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub name_vi: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub name_en: String,
    /// After the last category when absent.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100000))]
    pub position: Option<i64>,
}

impl CreateSupportCategory {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        errors.check(
            "code",
            validation::is_valid_code(&self.code),
            "invalid_format",
            "must be 1-32 letters, digits, _ or -",
        );
        errors.text("name_vi", &self.name_vi, 1, validation::NAME_MAX);
        errors.text("name_en", &self.name_en, 1, validation::NAME_MAX);
        validation::position(&mut errors, self.position);
        errors.finish()
    }
}

/// Body of `PATCH /api/v1/support-categories/{id}`. The code cannot change.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateSupportCategory {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub name_vi: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub name_en: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100000))]
    pub position: Option<i64>,
}

impl UpdateSupportCategory {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        errors.optional_text("name_vi", self.name_vi.as_deref(), validation::NAME_MAX);
        errors.optional_text("name_en", self.name_en.as_deref(), validation::NAME_MAX);
        validation::position(&mut errors, self.position);
        errors.finish()
    }
}

/// A category on a person, with both names so a page needs no second request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CategoryRef {
    pub id: Uuid,
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
}

// --- households ---

/// A household: its members share a commune and an address; one of them may be its head.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Household {
    pub id: Uuid,
    pub name: String,
    /// The commune or ward.
    pub area: NamedRef,
    pub province: NamedRef,
    pub address: String,
    pub head: Option<NamedRef>,
    /// Members not merged into another record; only in the answer for one household.
    #[serde(default)]
    pub members: Vec<HouseholdMember>,
    /// Members not merged into another record.
    pub member_count: i64,
    /// Whether the caller may change the household and add members to it.
    pub can_manage: bool,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A member of a household.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HouseholdMember {
    pub id: Uuid,
    pub full_name: String,
    pub is_head: bool,
    pub consent: ConsentState,
}

/// Body of `POST /api/v1/households`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateHousehold {
    /// How the household is called ("Hộ ông Nguyễn Văn An"); the address when absent.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub name: Option<String>,
    /// The commune or ward.
    pub area_id: Uuid,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 500))]
    pub address: String,
}

impl CreateHousehold {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        if let Some(name) = &self.name {
            errors.text("name", name, 0, validation::NAME_MAX);
        }
        errors.text("address", &self.address, 1, ADDRESS_MAX);
        errors.finish()
    }
}

/// Body of `PATCH /api/v1/households/{id}`. A new commune moves every member with it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateHousehold {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 500))]
    pub address: Option<String>,
}

impl UpdateHousehold {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        errors.optional_text("name", self.name.as_deref(), validation::NAME_MAX);
        errors.optional_text("address", self.address.as_deref(), ADDRESS_MAX);
        errors.finish()
    }
}

// --- beneficiaries ---

crate::text_enum! {
    /// What left a person in need.
    pub enum Hardship {
        LostJob = "lost_job",
        LostIncome = "lost_income",
        Illness = "illness",
        Isolation = "isolation",
    }
}

crate::text_enum! {
    /// Whether the person's consent to the processing of their data stands.
    pub enum ConsentState {
        Given = "given",
        /// Withdrawn: the record stays, but nothing more is done with it.
        Withdrawn = "withdrawn",
    }
}

/// Consent as given at entry: by whom (the person, or who speaks for them) and for what.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ConsentInput {
    /// Who gave it: the person, or who speaks for them ("Con gái: Trần Thị B").
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub given_by: String,
    /// What the data may be used for ("Nhận hỗ trợ của chiến dịch …").
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 500))]
    pub purpose: String,
}

fn check_consent(errors: &mut Errors, given_by: &str, purpose: &str) {
    errors.text("consent.given_by", given_by, 1, validation::NAME_MAX);
    errors.text("consent.purpose", purpose, 1, ADDRESS_MAX);
}

/// Body of `POST /api/v1/beneficiaries/{id}/consent`: consent given again, or withdrawn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ConsentRequest {
    pub kind: ConsentState,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub given_by: String,
    /// For a withdrawal: why, or what the person asked.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 500))]
    pub purpose: String,
}

impl ConsentRequest {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        errors.text("given_by", &self.given_by, 1, validation::NAME_MAX);
        errors.text("purpose", &self.purpose, 1, ADDRESS_MAX);
        errors.finish()
    }
}

/// One entry of a person's consent history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConsentRecord {
    pub id: Uuid,
    pub kind: ConsentState,
    pub given_by: String,
    pub purpose: String,
    /// The staff member who recorded it.
    pub recorded_by: NamedRef,
    pub recorded_at: DateTime<Utc>,
    /// The record it was given for, when that record was later merged into this one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_merged: Option<Uuid>,
}

/// Something a person received, or was to receive, from a distribution round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BeneficiaryDelivery {
    /// The round's line.
    pub id: Uuid,
    pub round: NamedRef,
    pub campaign: NamedRef,
    pub status: super::LineStatus,
    /// Why it was not delivered.
    pub reason: Option<super::NotDeliveredReason>,
    pub delivered_at: Option<DateTime<Utc>>,
    /// The record it was planned for, when that record was later merged into this one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_merged: Option<Uuid>,
}

/// A beneficiary. Personal fields are masked; `consents`, `merged` and `deliveries` are
/// filled only in the answer for one person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Beneficiary {
    pub id: Uuid,
    pub full_name: String,
    pub household: Option<NamedRef>,
    /// Whether the person heads their household.
    pub is_head: bool,
    /// The commune or ward.
    pub area: NamedRef,
    pub province: NamedRef,
    pub address: String,
    pub categories: Vec<CategoryRef>,
    pub hardships: Vec<Hardship>,
    /// The citizen ID (CCCD), masked (`•••••••••345`).
    pub citizen_id: Option<PersonalField>,
    pub phone: Option<PersonalField>,
    /// Masked whole.
    pub birth_date: Option<PersonalField>,
    /// Masked whole.
    pub disability: Option<PersonalField>,
    /// Masked whole.
    pub health: Option<PersonalField>,
    pub consent: ConsentState,
    /// The record this one was merged into: then it is never listed, and its history shows
    /// under that record.
    pub merged_into: Option<NamedRef>,
    #[serde(default)]
    pub consents: Vec<ConsentRecord>,
    /// Records merged into this one.
    #[serde(default)]
    pub merged: Vec<NamedRef>,
    #[serde(default)]
    pub deliveries: Vec<BeneficiaryDelivery>,
    /// Whether the caller may change the record and record consent.
    pub can_manage: bool,
    /// Whether the caller may see its personal data in full, with a reason.
    pub can_reveal: bool,
    /// Whether the caller may merge another record into this one.
    pub can_merge: bool,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Body of `POST /api/v1/beneficiaries`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateBeneficiary {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub full_name: String,
    /// The household the person belongs to; they then live in its commune.
    #[serde(default)]
    pub household_id: Option<Uuid>,
    /// Whether the person heads the household (one head per household).
    #[serde(default)]
    pub is_head: bool,
    /// The commune or ward; required of a person outside a household.
    #[serde(default)]
    pub area_id: Option<Uuid>,
    /// The household's address when absent for a member.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub address: String,
    /// At least one.
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 20))]
    pub category_ids: Vec<Uuid>,
    #[serde(default)]
    pub hardships: Vec<Hardship>,
    /// The citizen ID (CCCD): 12 digits.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 20))]
    pub citizen_id: Option<String>,
    /// A Vietnamese phone number.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 20))]
    pub phone: Option<String>,
    #[serde(default)]
    pub birth_date: Option<NaiveDate>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub disability: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub health: Option<String>,
    pub consent: ConsentInput,
    /// Enters the person although the server found likely duplicates (409
    /// `possible_duplicate`): why they are another person. Audited with the candidates.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(min_length = 5, max_length = 500))]
    pub override_reason: Option<String>,
}

fn check_categories(errors: &mut Errors, ids: &[Uuid]) {
    errors.check("category_ids", !ids.is_empty(), "required", "give at least one category");
    errors.check("category_ids", ids.len() <= CATEGORIES_MAX, "too_many", "at most 20 categories");
    let mut sorted = ids.to_vec();
    sorted.sort();
    sorted.dedup();
    errors.check("category_ids", sorted.len() == ids.len(), "duplicate", "a category is given twice");
}

/// A citizen ID as a new entry must have it: 12 digits (the old 9-digit cards are not
/// taken any more).
pub fn check_citizen_id(errors: &mut Errors, field: &str, value: &str) {
    errors.check(
        field,
        value.chars().count() <= 20 && normalise_citizen_id(value).is_some_and(|digits| digits.len() == 12),
        "invalid_format",
        "must be the 12 digits of a citizen ID (CCCD)",
    );
}

fn check_phone(errors: &mut Errors, value: &str) {
    errors.check(
        "phone",
        value.chars().count() <= 20 && normalise_phone(value).is_some(),
        "invalid_format",
        "must be a Vietnamese phone number, e.g. 0912 345 678",
    );
}

fn check_birth_date(errors: &mut Errors, value: NaiveDate, today: NaiveDate) {
    errors.check("birth_date", value <= today, "in_future", "must not be in the future");
    errors.check("birth_date", value.year() > BIRTH_YEAR_MIN, "too_early", "must be after 1900");
}

fn check_hardships(errors: &mut Errors, list: &[Hardship]) {
    let mut sorted = list.to_vec();
    sorted.sort();
    sorted.dedup();
    errors.check("hardships", sorted.len() == list.len(), "duplicate", "a hardship is given twice");
}

impl CreateBeneficiary {
    /// Checks the request; `today` bounds the birth date.
    pub fn validate(&self, today: NaiveDate) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        errors.text("full_name", &self.full_name, 1, validation::NAME_MAX);
        errors.text("address", &self.address, 0, ADDRESS_MAX);
        errors.check(
            "area_id",
            self.area_id.is_some() || self.household_id.is_some(),
            "required",
            "give the commune, or the household",
        );
        errors.check(
            "is_head",
            !self.is_head || self.household_id.is_some(),
            "no_household",
            "only a household has a head",
        );
        check_categories(&mut errors, &self.category_ids);
        check_hardships(&mut errors, &self.hardships);
        if let Some(value) = &self.citizen_id {
            check_citizen_id(&mut errors, "citizen_id", value);
        }
        if let Some(value) = &self.phone {
            check_phone(&mut errors, value);
        }
        if let Some(date) = self.birth_date {
            check_birth_date(&mut errors, date, today);
        }
        if let Some(value) = &self.disability {
            errors.text("disability", value, 1, HEALTH_MAX);
        }
        if let Some(value) = &self.health {
            errors.text("health", value, 1, HEALTH_MAX);
        }
        check_consent(&mut errors, &self.consent.given_by, &self.consent.purpose);
        if let Some(reason) = &self.override_reason {
            errors.text("override_reason", reason, REASON_MIN, REASON_MAX);
        }
        errors.finish()
    }
}

/// Body of `PATCH /api/v1/beneficiaries/{id}`; absent fields stay, `null` clears.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateBeneficiary {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub full_name: Option<String>,
    /// Moves the person into a household (`null`: out of it, into `area_id`).
    #[serde(default, deserialize_with = "crate::user::nullable", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Uuid>))]
    pub household_id: Option<Option<Uuid>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_head: Option<bool>,
    /// The commune of a person outside a household.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 20))]
    pub category_ids: Option<Vec<Uuid>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hardships: Option<Vec<Hardship>>,
    #[serde(default, deserialize_with = "crate::user::nullable", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, max_length = 20))]
    pub citizen_id: Option<Option<String>>,
    #[serde(default, deserialize_with = "crate::user::nullable", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, max_length = 20))]
    pub phone: Option<Option<String>>,
    #[serde(default, deserialize_with = "crate::user::nullable", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<NaiveDate>))]
    pub birth_date: Option<Option<NaiveDate>>,
    #[serde(default, deserialize_with = "crate::user::nullable", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, max_length = 500))]
    pub disability: Option<Option<String>>,
    #[serde(default, deserialize_with = "crate::user::nullable", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, max_length = 500))]
    pub health: Option<Option<String>>,
}

impl UpdateBeneficiary {
    /// Checks the request; `today` bounds the birth date.
    pub fn validate(&self, today: NaiveDate) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        errors.optional_text("full_name", self.full_name.as_deref(), validation::NAME_MAX);
        if let Some(address) = &self.address {
            errors.text("address", address, 0, ADDRESS_MAX);
        }
        if let Some(ids) = &self.category_ids {
            check_categories(&mut errors, ids);
        }
        if let Some(list) = &self.hardships {
            check_hardships(&mut errors, list);
        }
        if let Some(Some(value)) = &self.citizen_id {
            check_citizen_id(&mut errors, "citizen_id", value);
        }
        if let Some(Some(value)) = &self.phone {
            check_phone(&mut errors, value);
        }
        if let Some(Some(date)) = self.birth_date {
            check_birth_date(&mut errors, date, today);
        }
        if let Some(Some(value)) = &self.disability {
            errors.text("disability", value, 1, HEALTH_MAX);
        }
        if let Some(Some(value)) = &self.health {
            errors.text("health", value, 1, HEALTH_MAX);
        }
        errors.finish()
    }
}

/// Body of `POST /api/v1/beneficiaries/{id}/merge`: the record `merged_id` is the same
/// person as `{id}` and is merged into it; both histories are kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MergeRequest {
    pub merged_id: Uuid,
    /// Why they are one person (5–500 characters).
    #[cfg_attr(feature = "openapi", schema(min_length = 5, max_length = 500))]
    pub reason: String,
}

impl MergeRequest {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        errors.text("reason", &self.reason, REASON_MIN, REASON_MAX);
        errors.finish()
    }
}

/// The answer to `POST /api/v1/beneficiaries/{id}/reveal`: the personal data in full.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevealedPersonal {
    pub citizen_id: Option<String>,
    pub phone: Option<String>,
    pub birth_date: Option<NaiveDate>,
    pub disability: Option<String>,
    pub health: Option<String>,
}

/// Problem codes of beneficiaries.
pub mod beneficiary_codes {
    /// A person with this citizen ID is already registered (`existing` when the caller
    /// may see them).
    pub const DUPLICATE_CITIZEN_ID: &str = "duplicate_citizen_id";
    /// Likely the same person as the `candidates`: send again with `override_reason`.
    pub const POSSIBLE_DUPLICATE: &str = "possible_duplicate";
    /// The household already has a head.
    pub const HOUSEHOLD_HAS_HEAD: &str = "household_has_head";
    /// The person withdrew their consent: nothing more is done with the record.
    pub const CONSENT_WITHDRAWN: &str = "consent_withdrawn";
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 6, 1).unwrap_or_default()
    }

    fn request() -> CreateBeneficiary {
        CreateBeneficiary {
            full_name: "Nguyễn Văn An".into(),
            household_id: None,
            is_head: false,
            area_id: Some(Uuid::from_u128(1)),
            address: "Số 5 ngõ 12".into(),
            category_ids: vec![Uuid::from_u128(2)],
            hardships: vec![Hardship::LostJob],
            citizen_id: Some("001 099 012 345".into()),
            phone: Some("0912 345 678".into()),
            birth_date: NaiveDate::from_ymd_opt(1961, 3, 4),
            disability: None,
            health: None,
            consent: ConsentInput { given_by: "Bản thân".into(), purpose: "Nhận hỗ trợ".into() },
            override_reason: None,
        }
    }

    fn fields(result: Result<(), Vec<FieldError>>) -> Vec<(String, String)> {
        result.err().unwrap_or_default().into_iter().map(|e| (e.field, e.code)).collect()
    }

    #[test]
    fn a_complete_entry_is_valid() {
        assert_eq!(fields(request().validate(today())), Vec::<(String, String)>::new());
    }

    #[test]
    fn a_new_citizen_id_has_twelve_digits() {
        for bad in ["012345678", "00109901234", "0010990123456", "00109901234a"] {
            let got = fields(CreateBeneficiary { citizen_id: Some(bad.into()), ..request() }.validate(today()));
            assert_eq!(got, [("citizen_id".to_owned(), "invalid_format".to_owned())], "{bad}");
        }
    }

    #[test]
    fn birth_dates_lie_between_1900_and_today() {
        let future = NaiveDate::from_ymd_opt(2026, 6, 2);
        let got = fields(CreateBeneficiary { birth_date: future, ..request() }.validate(today()));
        assert_eq!(got, [("birth_date".to_owned(), "in_future".to_owned())]);
        let early = NaiveDate::from_ymd_opt(1899, 12, 31);
        let got = fields(CreateBeneficiary { birth_date: early, ..request() }.validate(today()));
        assert_eq!(got, [("birth_date".to_owned(), "too_early".to_owned())]);
    }

    #[test]
    fn a_person_needs_a_commune_a_category_and_consent() {
        let got = fields(
            CreateBeneficiary {
                area_id: None,
                is_head: true,
                category_ids: Vec::new(),
                phone: Some("12345".into()),
                consent: ConsentInput { given_by: " ".into(), purpose: String::new() },
                override_reason: Some("abc".into()),
                ..request()
            }
            .validate(today()),
        );
        let want = [
            ("area_id", "required"),
            ("is_head", "no_household"),
            ("category_ids", "required"),
            ("phone", "invalid_format"),
            ("consent.given_by", "required"),
            ("consent.purpose", "required"),
            ("override_reason", "too_short"),
        ];
        assert_eq!(got, want.iter().map(|(a, b)| ((*a).to_owned(), (*b).to_owned())).collect::<Vec<_>>());
    }

    #[test]
    fn unknown_fields_are_refused() {
        let body = r#"{"full_name":"A","category_ids":[],"consent":{"given_by":"A","purpose":"B"},"cccd":"1"}"#;
        assert!(serde_json::from_str::<CreateBeneficiary>(body).is_err());
        let patch: UpdateBeneficiary = serde_json::from_str(r#"{"phone":null}"#).unwrap_or_default();
        assert_eq!(patch.phone, Some(None));
    }
}
