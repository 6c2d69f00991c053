//! The pure logic of the beneficiary pages, tested natively: the registry's filters kept
//! in the URL, the new-person draft and its request, what a refused create means for the
//! duplicate prompt, and the labels of hardships, consent and deliveries.

use crate::{api::tasks::decode, i18n::Lang};
use chrono::NaiveDate;
use danvan_client::{
    beneficiaries::{duplicate_candidates, existing_beneficiary},
    ClientError,
};
use danvan_domain::{
    aid::{
        beneficiary_codes, CategoryRef, ConsentInput, ConsentState, CreateBeneficiary, Hardship, LineStatus,
        NotDeliveredReason,
    },
    named::NamedRef,
    validation::FieldError,
};
use uuid::Uuid;

/// The registry's filters, kept in the URL.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RegistryFilter {
    /// Words of the name (the server ignores diacritics), or a whole citizen ID or phone.
    pub q: String,
    pub category_id: Option<Uuid>,
    pub province_id: Option<Uuid>,
    pub area_id: Option<Uuid>,
    pub household_id: Option<Uuid>,
}

fn text(id: Option<Uuid>) -> String {
    id.map(|id| id.to_string()).unwrap_or_default()
}

impl RegistryFilter {
    /// The filters as query pairs, empty ones left out.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        [
            ("q", self.q.trim().to_owned()),
            ("category_id", text(self.category_id)),
            ("province_id", text(self.province_id)),
            ("area_id", text(self.area_id)),
            ("household_id", text(self.household_id)),
        ]
        .into_iter()
        .filter(|(_, value)| !value.is_empty())
        .collect()
    }

    /// The filters of a query string; values that are not ids are dropped, so a
    /// hand-edited link shows a list rather than an error.
    pub fn from_query(query: &str) -> RegistryFilter {
        let mut filter = RegistryFilter::default();
        for part in query.trim_start_matches('?').split('&').filter(|part| !part.is_empty()) {
            let (name, value) = part.split_once('=').unwrap_or((part, ""));
            let value = decode(value);
            let id = value.parse::<Uuid>().ok();
            match decode(name).as_str() {
                "q" => filter.q = value,
                "category_id" => filter.category_id = id,
                "province_id" => filter.province_id = id,
                "area_id" => filter.area_id = id,
                "household_id" => filter.household_id = id,
                _ => {}
            }
        }
        filter
    }

    pub fn is_empty(&self) -> bool {
        *self == RegistryFilter::default()
    }
}

/// The new-person form as typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PersonDraft {
    pub full_name: String,
    pub household_id: Option<Uuid>,
    pub is_head: bool,
    pub area_id: String,
    pub address: String,
    pub category_ids: Vec<Uuid>,
    pub hardships: Vec<Hardship>,
    pub citizen_id: String,
    pub phone: String,
    pub birth_date: Option<NaiveDate>,
    pub disability: String,
    pub health: String,
    pub given_by: String,
    pub purpose: String,
}

fn optional(text: &str) -> Option<String> {
    Some(text.trim().to_owned()).filter(|text| !text.is_empty())
}

impl PersonDraft {
    /// The request, checked as the server checks it; `override_reason` is the reason
    /// given in the duplicate prompt.
    pub fn to_create(
        &self,
        today: NaiveDate,
        override_reason: Option<String>,
    ) -> Result<CreateBeneficiary, Vec<FieldError>> {
        let mut errors = Vec::new();
        let area_id = match (self.household_id, self.area_id.parse::<Uuid>()) {
            (Some(_), _) => None,
            (None, Ok(id)) => Some(id),
            (None, Err(_)) => {
                errors.push(FieldError::new("area_id", "required", "must be chosen"));
                None
            }
        };
        let request = CreateBeneficiary {
            full_name: self.full_name.trim().to_owned(),
            household_id: self.household_id,
            is_head: self.is_head && self.household_id.is_some(),
            area_id,
            address: self.address.trim().to_owned(),
            category_ids: self.category_ids.clone(),
            hardships: self.hardships.clone(),
            citizen_id: optional(&self.citizen_id),
            phone: optional(&self.phone),
            birth_date: self.birth_date,
            disability: optional(&self.disability),
            health: optional(&self.health),
            consent: ConsentInput {
                given_by: self.given_by.trim().to_owned(),
                purpose: self.purpose.trim().to_owned(),
            },
            override_reason: override_reason.and_then(|reason| optional(&reason)),
        };
        if let Err(failed) = request.validate(today) {
            // The commune's own error, found above, is enough.
            let commune_reported = !errors.is_empty();
            errors.extend(failed.into_iter().filter(|e| !(e.field == "area_id" && commune_reported)));
        }
        errors.dedup_by(|a, b| a.field == b.field && a.code == b.code);
        if errors.is_empty() {
            Ok(request)
        } else {
            Err(errors)
        }
    }
}

/// `list` with `value` added, or taken out when it was there.
pub fn toggled<T: PartialEq + Clone>(list: &[T], value: T) -> Vec<T> {
    if list.contains(&value) {
        list.iter().filter(|item| **item != value).cloned().collect()
    } else {
        let mut next = list.to_vec();
        next.push(value);
        next
    }
}

/// What a refused create asks of the form.
#[derive(Clone, Debug, PartialEq)]
pub enum Duplicate {
    /// Not a duplicate.
    None,
    /// The citizen ID is registered: the record, when the caller may see it.
    SameCitizenId(Option<NamedRef>),
    /// Likely the same person as these: check them, or enter anyway with a reason.
    Likely(Vec<NamedRef>),
}

/// The duplicate prompt `error` calls for.
pub fn duplicate_of(error: &ClientError) -> Duplicate {
    if let Some(candidates) = duplicate_candidates(error) {
        return Duplicate::Likely(candidates.to_vec());
    }
    match error.problem() {
        Some(problem) if problem.code == beneficiary_codes::DUPLICATE_CITIZEN_ID => {
            Duplicate::SameCitizenId(existing_beneficiary(error).cloned())
        }
        _ => Duplicate::None,
    }
}

/// A category's name in the reader's language.
pub fn category_name(lang: Lang, category: &CategoryRef) -> String {
    match lang {
        Lang::Vi => category.name_vi.clone(),
        Lang::En => category.name_en.clone(),
    }
}

pub fn hardship_label(lang: Lang, hardship: Hardship) -> &'static str {
    match hardship {
        Hardship::LostJob => lang.pick("Mất việc làm", "Lost job"),
        Hardship::LostIncome => lang.pick("Mất thu nhập", "Lost income"),
        Hardship::Illness => lang.pick("Ốm đau, bệnh tật", "Illness"),
        Hardship::Isolation => lang.pick("Neo đơn, cô lập", "Isolation"),
    }
}

pub fn consent_label(lang: Lang, state: ConsentState) -> &'static str {
    match state {
        ConsentState::Given => lang.pick("Đã đồng ý", "Given"),
        ConsentState::Withdrawn => lang.pick("Đã rút đồng ý", "Withdrawn"),
    }
}

pub fn line_status_label(lang: Lang, status: LineStatus) -> &'static str {
    match status {
        LineStatus::Planned => lang.pick("Dự kiến", "Planned"),
        LineStatus::Delivered => lang.pick("Đã trao", "Delivered"),
        LineStatus::NotDelivered => lang.pick("Không trao được", "Not delivered"),
        LineStatus::Cancelled => lang.pick("Đã hủy", "Cancelled"),
    }
}

pub fn reason_label(lang: Lang, reason: NotDeliveredReason) -> &'static str {
    match reason {
        NotDeliveredReason::Absent => lang.pick("Vắng mặt", "Absent"),
        NotDeliveredReason::Moved => lang.pick("Đã chuyển đi", "Moved"),
        NotDeliveredReason::Refused => lang.pick("Từ chối nhận", "Refused"),
        NotDeliveredReason::Deceased => lang.pick("Đã mất", "Deceased"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use danvan_domain::problem::Problem;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 6, 1).unwrap_or_default()
    }

    fn draft() -> PersonDraft {
        PersonDraft {
            full_name: " Nguyễn Văn An ".into(),
            area_id: Uuid::from_u128(1).to_string(),
            category_ids: vec![Uuid::from_u128(2)],
            citizen_id: "001 099 012 345".into(),
            given_by: "Bản thân".into(),
            purpose: "Nhận hỗ trợ".into(),
            ..PersonDraft::default()
        }
    }

    #[test]
    fn the_filters_round_trip_through_the_url_and_drop_what_is_not_an_id() {
        let filter = RegistryFilter {
            q: "nguyen van".into(),
            category_id: Some(Uuid::from_u128(3)),
            area_id: Some(Uuid::from_u128(4)),
            ..RegistryFilter::default()
        };
        let query = crate::api::query(&filter.pairs().iter().map(|(n, v)| (*n, v.as_str())).collect::<Vec<_>>());
        assert_eq!(RegistryFilter::from_query(&query), filter);
        assert_eq!(RegistryFilter::from_query("?household_id=abc&q=x").household_id, None);
        assert!(RegistryFilter::default().pairs().is_empty());
        assert!(RegistryFilter::from_query("").is_empty());
    }

    #[test]
    fn a_draft_becomes_the_request_the_server_checks() {
        let request = draft().to_create(today(), None).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(request.full_name, "Nguyễn Văn An");
        assert_eq!(request.citizen_id.as_deref(), Some("001 099 012 345"));
        assert_eq!(request.phone, None);
        assert_eq!(request.override_reason, None);
        let overridden =
            draft().to_create(today(), Some("Hai người khác nhau".into())).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(overridden.override_reason.as_deref(), Some("Hai người khác nhau"));
        // A member takes the household's commune.
        let member =
            PersonDraft { household_id: Some(Uuid::from_u128(9)), area_id: String::new(), is_head: true, ..draft() };
        let request = member.to_create(today(), None).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!((request.area_id, request.is_head), (None, true));
    }

    #[test]
    fn a_draft_reports_each_field_once() {
        let bad = PersonDraft {
            area_id: String::new(),
            citizen_id: "12345".into(),
            category_ids: Vec::new(),
            given_by: String::new(),
            ..draft()
        };
        let fields: Vec<String> =
            bad.to_create(today(), None).err().unwrap_or_default().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["area_id", "category_ids", "citizen_id", "consent.given_by"]);
    }

    fn problem(code: &str, existing: Option<NamedRef>, candidates: Vec<NamedRef>) -> ClientError {
        let mut problem = Problem::new(409, code, "Conflict");
        problem.existing = existing;
        problem.candidates = candidates;
        ClientError::Problem { status: 409, problem: Box::new(problem) }
    }

    #[test]
    fn a_refused_create_asks_for_the_right_prompt() {
        let an = NamedRef { id: Uuid::from_u128(5), name: "Nguyễn Văn An · Phường Phúc Xá".into() };
        assert_eq!(
            duplicate_of(&problem("possible_duplicate", None, vec![an.clone()])),
            Duplicate::Likely(vec![an.clone()])
        );
        assert_eq!(
            duplicate_of(&problem("duplicate_citizen_id", Some(an.clone()), Vec::new())),
            Duplicate::SameCitizenId(Some(an))
        );
        assert_eq!(duplicate_of(&problem("duplicate_citizen_id", None, Vec::new())), Duplicate::SameCitizenId(None));
        assert_eq!(duplicate_of(&problem("household_has_head", None, Vec::new())), Duplicate::None);
    }

    #[test]
    fn toggling_adds_and_removes() {
        assert_eq!(toggled(&[1, 2], 3), [1, 2, 3]);
        assert_eq!(toggled(&[1, 2, 3], 2), [1, 3]);
    }
}
