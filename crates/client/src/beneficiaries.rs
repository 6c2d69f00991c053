//! Aid, part two: the categories of people to support, households, and beneficiaries
//! (masked; their personal data revealed with a reason; consent given or withdrawn; two
//! records of one person merged).
//!
//! A create meets two refusals the caller handles: `409 duplicate_citizen_id` (the
//! problem's `existing` names the record when the caller may see it, see
//! [`existing_beneficiary`]) and `409 possible_duplicate` (the `candidates`, see
//! [`duplicate_candidates`]), which the caller may override by sending the request again
//! with `override_reason`.

use crate::{Api, Call, ClientError, Download, Result, Tagged, Transport};
use danvan_domain::{
    aid::{
        beneficiary_codes, Beneficiary, ConsentRequest, CreateBeneficiary, CreateHousehold, CreateSupportCategory,
        Household, MergeRequest, RevealedPersonal, SupportCategory, UpdateBeneficiary, UpdateHousehold,
        UpdateSupportCategory,
    },
    named::NamedRef,
    page::Page,
    personal::RevealRequest,
};
use uuid::Uuid;

const CATEGORIES: &str = "/api/v1/support-categories";
const HOUSEHOLDS: &str = "/api/v1/households";
const BENEFICIARIES: &str = "/api/v1/beneficiaries";

/// The record a `409 duplicate_citizen_id` names, when the caller may see it.
pub fn existing_beneficiary(error: &ClientError) -> Option<&NamedRef> {
    error
        .problem()
        .filter(|problem| problem.code == beneficiary_codes::DUPLICATE_CITIZEN_ID)
        .and_then(|problem| problem.existing.as_ref())
}

/// The likely duplicates a `409 possible_duplicate` names; `None` for any other error.
pub fn duplicate_candidates(error: &ClientError) -> Option<&[NamedRef]> {
    error
        .problem()
        .filter(|problem| problem.code == beneficiary_codes::POSSIBLE_DUPLICATE)
        .map(|problem| problem.candidates.as_slice())
}

impl<T: Transport> Api<T> {
    // --- categories ---

    /// The categories in their order; `active` filters retired ones in or out.
    pub async fn list_support_categories(&self, active: Option<bool>) -> Result<Vec<SupportCategory>> {
        let active = active.map(|active| active.to_string()).unwrap_or_default();
        self.json(Call::get(CATEGORIES).query(&[("active", active)])).await
    }

    pub async fn create_support_category(
        &self,
        body: &CreateSupportCategory,
        idempotency_key: Option<&str>,
    ) -> Result<SupportCategory> {
        self.json(Call::create(CATEGORIES, body, idempotency_key)).await
    }

    pub async fn update_support_category(
        &self,
        id: Uuid,
        etag: &str,
        body: &UpdateSupportCategory,
    ) -> Result<SupportCategory> {
        self.json(Call::patch(format!("{CATEGORIES}/{id}"), etag, body)).await
    }

    // --- households ---

    /// `query`: q, area_id, province_id, limit, cursor.
    pub async fn list_households(&self, query: &[(&str, &str)]) -> Result<Page<Household>> {
        self.json(Call::get(HOUSEHOLDS).query(query)).await
    }

    pub async fn create_household(&self, body: &CreateHousehold, idempotency_key: Option<&str>) -> Result<Household> {
        self.json(Call::create(HOUSEHOLDS, body, idempotency_key)).await
    }

    /// The household with its members.
    pub async fn get_household(&self, id: Uuid) -> Result<Tagged<Household>> {
        self.tagged(Call::get(format!("{HOUSEHOLDS}/{id}"))).await
    }

    pub async fn update_household(&self, id: Uuid, etag: &str, body: &UpdateHousehold) -> Result<Household> {
        self.json(Call::patch(format!("{HOUSEHOLDS}/{id}"), etag, body)).await
    }

    // --- beneficiaries ---

    /// `query`: q (words of the name without diacritics, or a whole citizen ID or phone),
    /// category_id, area_id, province_id, household_id, limit, cursor.
    pub async fn list_beneficiaries(&self, query: &[(&str, &str)]) -> Result<Page<Beneficiary>> {
        self.json(Call::get(BENEFICIARIES).query(query)).await
    }

    /// `query`: format (`csv`, `xlsx`), lang, and the filters of [`Api::list_beneficiaries`].
    pub async fn export_beneficiaries(&self, query: &[(&str, &str)]) -> Result<Download> {
        self.download(&format!("{BENEFICIARIES}/export"), query).await
    }

    /// A new person. See the module's documentation for the two duplicate refusals.
    pub async fn create_beneficiary(
        &self,
        body: &CreateBeneficiary,
        idempotency_key: Option<&str>,
    ) -> Result<Beneficiary> {
        self.json(Call::create(BENEFICIARIES, body, idempotency_key)).await
    }

    /// The person with their consent history, merged records and deliveries.
    pub async fn get_beneficiary(&self, id: Uuid) -> Result<Tagged<Beneficiary>> {
        self.tagged(Call::get(format!("{BENEFICIARIES}/{id}"))).await
    }

    pub async fn update_beneficiary(&self, id: Uuid, etag: &str, body: &UpdateBeneficiary) -> Result<Beneficiary> {
        self.json(Call::patch(format!("{BENEFICIARIES}/{id}"), etag, body)).await
    }

    /// The person's personal data in full; the reason goes to the audit log.
    pub async fn reveal_beneficiary(&self, id: Uuid, body: &RevealRequest) -> Result<RevealedPersonal> {
        self.json(Call::post(format!("{BENEFICIARIES}/{id}/reveal")).json(body)).await
    }

    /// Consent given again, or withdrawn.
    pub async fn record_beneficiary_consent(&self, id: Uuid, body: &ConsentRequest) -> Result<Beneficiary> {
        self.json(Call::post(format!("{BENEFICIARIES}/{id}/consent")).json(body)).await
    }

    /// Merges `body.merged_id` into the person `id`.
    pub async fn merge_beneficiaries(&self, id: Uuid, body: &MergeRequest) -> Result<Beneficiary> {
        self.json(Call::post(format!("{BENEFICIARIES}/{id}/merge")).json(body)).await
    }
}
