//! Personal data in answers and requests: masking, the shape of a personal value in an
//! answer, the body of a reveal, and the normal forms lookups hash.
//!
//! Citizens' IDs, phones, birth dates, health and disability are stored sealed (see
//! `danvan_store::personal` and docs/security.md) and leave the server masked. The plain
//! value is sent only in the answer to a `POST …/reveal` that gives a reason, which the
//! audit log keeps (never the value).

use crate::validation::{Errors, FieldError};
use serde::{Deserialize, Serialize};

/// What stands for each hidden character.
pub const MASK: char = '\u{2022}';

/// Characters left visible at the end of a masked value: enough to tell two numbers apart
/// on a call list, too few to dial one.
pub const SHOWN: usize = 3;

/// Shorter values are masked whole: showing three of six characters would give half away.
pub const SHOWN_FROM: usize = 7;

/// `value` with every character but the last [`SHOWN`] replaced by [`MASK`]
/// (`0912345678` → `•••••••678`); values shorter than [`SHOWN_FROM`] characters are masked
/// whole. The mask keeps the length, which for phones and IDs is no secret.
pub fn mask(value: &str) -> String {
    let length = value.chars().count();
    let hidden = if length < SHOWN_FROM { length } else { length - SHOWN };
    value.chars().enumerate().map(|(index, c)| if index < hidden { MASK } else { c }).collect()
}

/// `value` masked whole, for data whose every part is telling (a diagnosis, a birth date).
pub fn mask_all(value: &str) -> String {
    value.chars().map(|_| MASK).collect()
}

/// A personal value in an answer: always masked; in full only in the answer to an audited
/// reveal. The plain value can only be put in through [`PersonalField::reveal`], so a list
/// built with [`PersonalField::hide`] cannot carry it by mistake.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonalField {
    /// The value masked (`•••••••678`).
    masked: String,
    /// The value in full: only in the answer to `POST …/reveal`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    revealed: Option<String>,
}

impl PersonalField {
    /// The masked form only, for reads and lists.
    pub fn hide(plain: &str) -> Self {
        PersonalField { masked: mask(plain), revealed: None }
    }

    /// Masked whole (see [`mask_all`]).
    pub fn hide_all(plain: &str) -> Self {
        PersonalField { masked: mask_all(plain), revealed: None }
    }

    /// The masked form and the value in full, for the answer to a reveal whose reason is
    /// audited.
    pub fn reveal(plain: String) -> Self {
        PersonalField { masked: mask(&plain), revealed: Some(plain) }
    }

    pub fn masked(&self) -> &str {
        &self.masked
    }

    pub fn revealed(&self) -> Option<&str> {
        self.revealed.as_deref()
    }
}

/// Only the masked form: a revealed value must not reach a log through `{:?}`.
impl std::fmt::Debug for PersonalField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PersonalField")
            .field("masked", &self.masked)
            .field("revealed", &self.revealed.as_ref().map(|_| "<revealed>"))
            .finish()
    }
}

/// Shortest reason for a reveal: a word or two says nothing an auditor can check.
pub const REASON_MIN: usize = 5;
/// Longest reason for a reveal.
pub const REASON_MAX: usize = 500;

/// Body of every `POST …/reveal` endpoint: why the caller needs the value in full. The
/// reason is kept in the audit log with who asked, for which record and field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RevealRequest {
    /// Why the value is needed, e.g. "Gọi hỏi thăm F0 tại nhà" (5–500 characters).
    #[cfg_attr(feature = "openapi", schema(min_length = 5, max_length = 500))]
    pub reason: String,
}

impl RevealRequest {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        errors.text("reason", &self.reason, REASON_MIN, REASON_MAX);
        errors.finish()
    }
}

/// The kinds of personal value looked up by exact match, each with the one normal form
/// its keyed hash is taken of, so that `0912 345 678` and `+84 912 345 678` find each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonalKind {
    /// A Vietnamese phone number, in national form (`0912345678`).
    Phone,
    /// A citizen ID: 12 digits (căn cước công dân) or 9 (the old chứng minh nhân dân).
    CitizenId,
}

impl PersonalKind {
    /// The normal form of `value`, or `None` when it is not a value of this kind.
    pub fn normalise(self, value: &str) -> Option<String> {
        match self {
            PersonalKind::Phone => normalise_phone(value),
            PersonalKind::CitizenId => normalise_citizen_id(value),
        }
    }
}

/// Separators people type inside numbers.
fn is_separator(c: char) -> bool {
    matches!(c, ' ' | '.' | '-')
}

/// The digits of a Vietnamese phone number in national form (`0912345678`), or `None`
/// when it is not one: 10 digits after a leading 0 or `+84`/`84`, spaces, dots and
/// dashes ignored.
pub fn normalise_phone(value: &str) -> Option<String> {
    let trimmed = value.trim();
    if trimmed.chars().any(|c| !(c.is_ascii_digit() || is_separator(c) || c == '+')) {
        return None;
    }
    let digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
    let national = match digits.strip_prefix("84") {
        Some(rest) if trimmed.starts_with('+') || digits.len() == 11 => format!("0{rest}"),
        _ => digits,
    };
    (national.len() == 10 && national.starts_with('0')).then_some(national)
}

/// The digits of a citizen ID (12, or 9 for an old ID card), or `None`; spaces, dots and
/// dashes ignored.
pub fn normalise_citizen_id(value: &str) -> Option<String> {
    let trimmed = value.trim();
    if trimmed.chars().any(|c| !(c.is_ascii_digit() || is_separator(c))) {
        return None;
    }
    let digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
    matches!(digits.len(), 9 | 12).then_some(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_keep_the_last_three_characters_of_long_enough_values() {
        assert_eq!(mask("0912345678"), "•••••••678");
        assert_eq!(mask("001234567890"), "•••••••••890");
        assert_eq!(mask("1234567"), "••••567");
        assert_eq!(mask("123456"), "••••••");
        assert_eq!(mask("12"), "••");
        assert_eq!(mask(""), "");
        assert_eq!(mask("Nguyễn Văn A"), "•••••••••n A");
        assert_eq!(mask_all("1990-05-17"), "••••••••••");
    }

    #[test]
    fn a_hidden_field_carries_no_plain_value_in_json_or_debug() {
        let hidden = PersonalField::hide("0912345678");
        let json = serde_json::to_string(&hidden).unwrap_or_default();
        assert_eq!(json, r#"{"masked":"•••••••678"}"#);
        let revealed = PersonalField::reveal("0912345678".into());
        assert_eq!(revealed.revealed(), Some("0912345678"));
        let json = serde_json::to_string(&revealed).unwrap_or_default();
        assert_eq!(json, r#"{"masked":"•••••••678","revealed":"0912345678"}"#);
        assert!(!format!("{revealed:?}").contains("0912345678"));
        let read: Option<PersonalField> = serde_json::from_str(&json).ok();
        assert_eq!(read, Some(revealed));
    }

    #[test]
    fn a_reveal_needs_a_reason_of_five_to_five_hundred_characters() {
        let codes = |reason: &str| {
            RevealRequest { reason: reason.into() }
                .validate()
                .err()
                .unwrap_or_default()
                .into_iter()
                .map(|e| (e.field, e.code))
                .collect::<Vec<_>>()
        };
        assert!(codes("Gọi hỏi thăm F0").is_empty());
        assert!(codes(&"ư".repeat(500)).is_empty());
        assert_eq!(codes("      "), [("reason".to_owned(), "required".to_owned())]);
        assert_eq!(codes("abcd"), [("reason".to_owned(), "too_short".to_owned())]);
        assert_eq!(codes(&"a".repeat(501)), [("reason".to_owned(), "too_long".to_owned())]);
        let unknown = serde_json::from_str::<RevealRequest>(r#"{"reason":"abcdef","value":"x"}"#);
        assert!(unknown.is_err(), "unknown fields are refused");
    }

    #[test]
    fn lookups_hash_one_normal_form_per_kind() {
        for typed in ["0912 345 678", "+84 912.345.678", "84912345678", "0912-345-678"] {
            assert_eq!(PersonalKind::Phone.normalise(typed).as_deref(), Some("0912345678"), "{typed}");
        }
        assert_eq!(PersonalKind::Phone.normalise("091234567"), None);
        assert_eq!(PersonalKind::Phone.normalise("0912a45678"), None);
        assert_eq!(PersonalKind::CitizenId.normalise(" 001 099 012 345 ").as_deref(), Some("001099012345"));
        assert_eq!(PersonalKind::CitizenId.normalise("012.345.678").as_deref(), Some("012345678"));
        assert_eq!(PersonalKind::CitizenId.normalise("0123456789"), None);
        assert_eq!(PersonalKind::CitizenId.normalise("+84123456789"), None);
    }
}
