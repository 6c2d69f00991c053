//! Donors: businesses, organisations and people who give.

use crate::{
    personal::PersonalField,
    validation::{self, Errors, FieldError},
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

crate::text_enum! {
    /// Who a donor is.
    pub enum DonorKind {
        Business = "business",
        Organisation = "organisation",
        Individual = "individual",
        OverseasVietnamese = "overseas_vietnamese",
        /// A giver who left no name; their donations carry none either.
        Anonymous = "anonymous",
    }
}

/// A donor. Phone and e-mail are personal data: sealed at rest, sent masked and only to
/// the roles that handle donors (`POST /donors/{id}/reveal` gives them in full, with a
/// reason that is audited).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Donor {
    pub id: Uuid,
    pub kind: DonorKind,
    pub name: String,
    /// A business's tax code (mã số thuế): 10 digits, or 13 for a branch (`0101234567-001`).
    pub tax_code: Option<String>,
    pub contact_person: String,
    pub phone: Option<PersonalField>,
    pub email: Option<PersonalField>,
    /// Whether the donor agrees to be named in public reports.
    pub public_consent: bool,
    pub note: String,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Body of `POST /api/v1/donors`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateDonor {
    pub kind: DonorKind,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub name: String,
    /// Required of a business; 10 digits or 13 (`0101234567-001`).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 14))]
    pub tax_code: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub contact_person: String,
    /// A Vietnamese phone number, or an international one starting with `+`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 20))]
    pub phone: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 254))]
    pub email: Option<String>,
    #[serde(default)]
    pub public_consent: bool,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub note: String,
}

/// Longest note on a donor, campaign, pledge or donation.
pub const AID_NOTE_MAX: usize = 2_000;

impl CreateDonor {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        errors.text("name", &self.name, 1, validation::NAME_MAX);
        errors.text("contact_person", &self.contact_person, 0, validation::NAME_MAX);
        errors.text("note", &self.note, 0, AID_NOTE_MAX);
        match &self.tax_code {
            Some(code) => check_tax_code(&mut errors, code),
            None => errors.check(
                "tax_code",
                self.kind != DonorKind::Business,
                "required",
                "a business donor needs its tax code",
            ),
        }
        if let Some(phone) = &self.phone {
            check_phone(&mut errors, phone);
        }
        if let Some(email) = &self.email {
            validation::email(&mut errors, "email", email);
        }
        errors.finish()
    }
}

/// Body of `PATCH /api/v1/donors/{id}`; absent fields stay as they are, `null` clears.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateDonor {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<DonorKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "crate::user::nullable", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, max_length = 14))]
    pub tax_code: Option<Option<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub contact_person: Option<String>,
    #[serde(default, deserialize_with = "crate::user::nullable", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, max_length = 20))]
    pub phone: Option<Option<String>>,
    #[serde(default, deserialize_with = "crate::user::nullable", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, max_length = 254))]
    pub email: Option<Option<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_consent: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub note: Option<String>,
}

impl UpdateDonor {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        errors.optional_text("name", self.name.as_deref(), validation::NAME_MAX);
        if let Some(value) = &self.contact_person {
            errors.text("contact_person", value, 0, validation::NAME_MAX);
        }
        if let Some(value) = &self.note {
            errors.text("note", value, 0, AID_NOTE_MAX);
        }
        if let Some(Some(code)) = &self.tax_code {
            check_tax_code(&mut errors, code);
        }
        if let Some(Some(phone)) = &self.phone {
            check_phone(&mut errors, phone);
        }
        if let Some(Some(email)) = &self.email {
            validation::email(&mut errors, "email", email);
        }
        errors.finish()
    }
}

/// The one form a tax code is stored and compared in: 10 digits, or 10 + `-` + 3.
pub fn normalise_tax_code(value: &str) -> Option<String> {
    let digits: String = value.chars().filter(|c| !matches!(c, '-' | ' ' | '.')).collect();
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match digits.len() {
        10 => Some(digits),
        13 => Some(format!("{}-{}", &digits[..10], &digits[10..])),
        _ => None,
    }
}

fn check_tax_code(errors: &mut Errors, code: &str) {
    errors.check(
        "tax_code",
        code.chars().count() <= 14 && normalise_tax_code(code).is_some(),
        "invalid_format",
        "must be 10 digits, or 13 for a branch (0101234567-001)",
    );
}

/// Normal form of a donor's phone: Vietnamese numbers in national form, others as `+` and digits.
pub fn normalise_donor_phone(value: &str) -> Option<String> {
    if let Some(national) = crate::personal::normalise_phone(value) {
        return Some(national);
    }
    let rest = value.trim().strip_prefix('+')?;
    let digits: String = rest.chars().filter(|c| !matches!(c, ' ' | '.' | '-')).collect();
    ((8..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit())).then(|| format!("+{digits}"))
}

fn check_phone(errors: &mut Errors, phone: &str) {
    errors.check(
        "phone",
        phone.chars().count() <= 20 && normalise_donor_phone(phone).is_some(),
        "invalid_format",
        "must be a phone number, e.g. 0912 345 678 or +61 412 345 678",
    );
}

/// The answer to `POST /api/v1/donors/{id}/reveal`: the donor's contact in full.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevealedContact {
    pub phone: Option<String>,
    pub email: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tax_codes_have_ten_or_thirteen_digits() {
        assert_eq!(normalise_tax_code("0101234567").as_deref(), Some("0101234567"));
        assert_eq!(normalise_tax_code("0101234567-001").as_deref(), Some("0101234567-001"));
        assert_eq!(normalise_tax_code("0101234567001").as_deref(), Some("0101234567-001"));
        for bad in ["123", "01012345678", "010123456a", ""] {
            assert_eq!(normalise_tax_code(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_business_needs_a_tax_code() {
        let request = CreateDonor {
            kind: DonorKind::Business,
            name: "Công ty TNHH Hoàng Phúc".into(),
            tax_code: None,
            contact_person: String::new(),
            phone: None,
            email: None,
            public_consent: true,
            note: String::new(),
        };
        assert!(request.validate().is_err());
        assert!(CreateDonor { tax_code: Some("0101234567".into()), ..request }.validate().is_ok());
    }

    #[test]
    fn overseas_phones_are_kept_with_their_country_code() {
        assert_eq!(normalise_donor_phone("0912 345 678").as_deref(), Some("0912345678"));
        assert_eq!(normalise_donor_phone("+61 412 345 678").as_deref(), Some("+61412345678"));
        assert_eq!(normalise_donor_phone("12"), None);
    }
}
