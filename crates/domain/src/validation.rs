//! Validation rules shared by the server and the browser, so a form rejects exactly
//! what the API would. Each rule returns field errors rather than stopping at the first.

use serde::{Deserialize, Serialize};

/// One failed rule on one field of a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// The field's name as sent, e.g. `username` or `scope_area_ids[2]`.
    pub field: String,
    /// A stable code for the rule, e.g. `required`, `too_long`, `invalid_format`, `taken`.
    pub code: String,
    /// An English explanation; clients translate by `code`.
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, code: &str, message: impl Into<String>) -> Self {
        FieldError { field: field.into(), code: code.to_owned(), message: message.into() }
    }
}

/// Collects field errors while a request is checked.
#[derive(Debug, Default)]
pub struct Errors(Vec<FieldError>);

impl Errors {
    pub fn push(&mut self, error: FieldError) {
        self.0.push(error);
    }

    /// Text of `min..=max` characters that is not only white space.
    pub fn text(&mut self, field: &str, value: &str, min: usize, max: usize) {
        let length = value.chars().count();
        if value.trim().is_empty() && min > 0 {
            self.push(FieldError::new(field, "required", "must not be empty"));
        } else if length < min {
            self.push(FieldError::new(field, "too_short", format!("must have at least {min} characters")));
        } else if length > max {
            self.push(FieldError::new(field, "too_long", format!("must have at most {max} characters")));
        }
    }

    pub fn optional_text(&mut self, field: &str, value: Option<&str>, max: usize) {
        if let Some(value) = value {
            self.text(field, value, 1, max);
        }
    }

    /// Applies `rule`'s verdict on a field.
    pub fn check(&mut self, field: &str, ok: bool, code: &str, message: &str) {
        if !ok {
            self.push(FieldError::new(field, code, message));
        }
    }

    pub fn finish(self) -> Result<(), Vec<FieldError>> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(self.0)
        }
    }
}

/// Longest display name, org unit or group name.
pub const NAME_MAX: usize = 200;
/// Shortest password a user may choose.
pub const PASSWORD_MIN: usize = 10;
/// Longest password accepted (argon2 input is bounded on purpose).
pub const PASSWORD_MAX: usize = 256;
/// Longest e-mail address.
pub const EMAIL_MAX: usize = 254;

/// Usernames: 3–64 of `a-z 0-9 . _ -`.
pub const USERNAME_PATTERN: &str = "^[a-z0-9._-]{3,64}$";

pub fn is_valid_username(value: &str) -> bool {
    (3..=64).contains(&value.len())
        && value.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-'))
}

/// Codes of org units and area groups: 1–32 of `A-Z a-z 0-9 _ -`.
pub const CODE_PATTERN: &str = "^[A-Za-z0-9_-]{1,32}$";

pub fn is_valid_code(value: &str) -> bool {
    (1..=32).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-'))
}

/// Largest `position` of an ordered entry.
pub const POSITION_MAX: i64 = 100_000;

/// An optional sort position in `0..=POSITION_MAX`.
pub fn position(errors: &mut Errors, value: Option<i64>) {
    errors.check(
        "position",
        value.is_none_or(|position| (0..=POSITION_MAX).contains(&position)),
        "out_of_range",
        "must be between 0 and 100000",
    );
}

pub fn password(errors: &mut Errors, field: &str, value: &str) {
    let length = value.chars().count();
    if length < PASSWORD_MIN {
        errors.push(FieldError::new(field, "too_short", format!("must have at least {PASSWORD_MIN} characters")));
    } else if length > PASSWORD_MAX {
        errors.push(FieldError::new(field, "too_long", format!("must have at most {PASSWORD_MAX} characters")));
    }
}

pub fn email(errors: &mut Errors, field: &str, value: &str) {
    errors.text(field, value, 3, EMAIL_MAX);
    let mut parts = value.splitn(2, '@');
    let well_formed = matches!((parts.next(), parts.next()), (Some(local), Some(domain)) if !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.'))
        && !value.chars().any(char::is_whitespace);
    errors.check(field, well_formed, "invalid_format", "must be an e-mail address");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_follow_the_published_pattern() {
        assert!(is_valid_username("nguyen.van-a_1"));
        assert!(!is_valid_username("ab"));
        assert!(!is_valid_username("Nguyen"));
        assert!(!is_valid_username("có dấu"));
        assert!(!is_valid_username(&"a".repeat(65)));
    }

    #[test]
    fn text_rules_report_each_failure_by_field() {
        let mut errors = Errors::default();
        errors.text("name", "   ", 1, 10);
        errors.text("title", "abcdefghijk", 1, 10);
        errors.text("ok", "fine", 1, 10);
        let failed = errors.finish().err().unwrap_or_default();
        assert_eq!(failed.len(), 2);
        assert_eq!((failed[0].field.as_str(), failed[0].code.as_str()), ("name", "required"));
        assert_eq!((failed[1].field.as_str(), failed[1].code.as_str()), ("title", "too_long"));
    }

    #[test]
    fn emails_need_a_local_part_and_a_dotted_domain() {
        for (value, ok) in [("a@b.vn", true), ("a@b", false), ("@b.vn", false), ("a b@c.vn", false)] {
            let mut errors = Errors::default();
            email(&mut errors, "email", value);
            assert_eq!(errors.finish().is_ok(), ok, "{value}");
        }
    }
}
