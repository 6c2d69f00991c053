//! Money and quantities. Money is whole đồng in an `i64`, never a float. A quantity is an
//! exact decimal with up to three places, kept as thousandths in an `i64` and written
//! over the API as a decimal string (`"1234.5"`), so no reader rounds it.

use crate::lang::Lang;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Largest amount of money one record may carry: a thousand billion đồng.
pub const VND_MAX: i64 = 1_000_000_000_000_000;

/// Thousandths in one unit of a [`Quantity`].
pub const QUANTITY_SCALE: i64 = 1_000;
/// Largest quantity one record may carry (a hundred million units).
pub const QUANTITY_MAX: i64 = 100_000_000 * QUANTITY_SCALE;

/// An exact quantity of an item, in thousandths of its unit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quantity(pub i64);

impl Quantity {
    pub const ZERO: Quantity = Quantity(0);

    pub fn milli(self) -> i64 {
        self.0
    }

    pub fn units(units: i64) -> Quantity {
        Quantity(units * QUANTITY_SCALE)
    }

    /// Parses `1234`, `1234.5`, `-2.125` (a dot before at most three places).
    pub fn parse(text: &str) -> Option<Quantity> {
        let text = text.trim();
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        if whole.is_empty()
            || whole.len() > 12
            || !whole.bytes().all(|b| b.is_ascii_digit())
            || fraction.len() > 3
            || !fraction.bytes().all(|b| b.is_ascii_digit())
            || (digits.contains('.') && fraction.is_empty())
        {
            return None;
        }
        let whole: i64 = whole.parse().ok()?;
        let mut thousandths = 0i64;
        for (index, digit) in fraction.bytes().enumerate() {
            thousandths += i64::from(digit - b'0') * 10i64.pow(2 - index as u32);
        }
        let value = whole.checked_mul(QUANTITY_SCALE)?.checked_add(thousandths)?;
        Some(Quantity(if negative { -value } else { value }))
    }

    /// Whether this is a quantity a record may carry as positive, e.g. a donated amount.
    pub fn is_positive_within_limit(self) -> bool {
        self.0 > 0 && self.0 <= QUANTITY_MAX
    }
}

impl std::fmt::Display for Quantity {
    /// The API form: `1234.5`, trailing zeros dropped.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let value = self.0.unsigned_abs();
        let whole = value / QUANTITY_SCALE as u64;
        let fraction = value % QUANTITY_SCALE as u64;
        if fraction == 0 {
            write!(f, "{sign}{whole}")
        } else {
            let digits = format!("{fraction:03}");
            write!(f, "{sign}{whole}.{}", digits.trim_end_matches('0'))
        }
    }
}

impl Serialize for Quantity {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Quantity {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Quantity::parse(&text).ok_or_else(|| {
            serde::de::Error::custom("a quantity is a decimal string with at most three places, e.g. \"1234.5\"")
        })
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Quantity {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .pattern(Some(r"^-?[0-9]{1,12}(\.[0-9]{1,3})?$"))
            .description(Some("An exact decimal quantity in the item's unit, at most three places, e.g. \"1234.5\"."))
            .examples(["1234.5"])
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Quantity {}

/// Groups `digits` in threes with `separator`.
fn group(digits: &str, separator: char) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, c) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(c);
    }
    out
}

fn separators(lang: Lang) -> (char, char) {
    match lang {
        Lang::Vi => ('.', ','),
        Lang::En => (',', '.'),
    }
}

/// Whole đồng grouped the way the reader's language writes numbers: `1.500.000`.
pub fn format_number(value: i64, lang: Lang) -> String {
    let grouped = group(&value.unsigned_abs().to_string(), separators(lang).0);
    if value < 0 {
        format!("-{grouped}")
    } else {
        grouped
    }
}

/// Money for people: `1.500.000 ₫` in Vietnamese, `₫1,500,000` in English.
pub fn format_vnd(value: i64, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("{} ₫", format_number(value, lang)),
        Lang::En => format!("₫{}", format_number(value, lang)),
    }
}

/// A quantity for people, with its unit: `1.234,5 kg` or `1,234.5 kg`.
pub fn format_quantity(value: Quantity, unit: &str, lang: Lang) -> String {
    let (thousands, decimal) = separators(lang);
    let plain = value.to_string();
    let (sign, plain) = match plain.strip_prefix('-') {
        Some(rest) => ("-", rest.to_owned()),
        None => ("", plain),
    };
    let (whole, fraction) = plain.split_once('.').unwrap_or((&plain, ""));
    let mut out = format!("{sign}{}", group(whole, thousands));
    if !fraction.is_empty() {
        out.push(decimal);
        out.push_str(fraction);
    }
    if !unit.is_empty() {
        out.push(' ');
        out.push_str(unit);
    }
    out
}

/// Reads money typed in either way (`1.500.000`, `1,500,000`, `1500000`, with or
/// without `₫`/`đ`): whole đồng only, so every `.` and `,` is a thousands separator.
pub fn parse_vnd(text: &str) -> Option<i64> {
    let digits: String = text
        .trim()
        .trim_end_matches(['₫', 'đ', 'Đ'])
        .trim_start_matches('₫')
        .trim()
        .chars()
        .filter(|c| !matches!(c, '.' | ',' | ' ' | '\u{a0}'))
        .collect();
    if digits.is_empty() || digits.len() > 16 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|value| *value <= VND_MAX)
}

/// Reads a quantity typed the reader's way (`1.234,5` in Vietnamese, `1,234.5` in English).
pub fn parse_quantity_typed(text: &str, lang: Lang) -> Option<Quantity> {
    let (thousands, decimal) = separators(lang);
    let plain: String = text
        .trim()
        .chars()
        .filter(|c| *c != thousands && *c != ' ')
        .map(|c| if c == decimal { '.' } else { c })
        .collect();
    Quantity::parse(&plain)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_round_trip_exactly() {
        for (text, milli) in [("0", 0), ("1234.5", 1_234_500), ("0.001", 1), ("-2.125", -2_125), ("7", 7_000)] {
            let quantity = Quantity::parse(text).unwrap_or_default();
            assert_eq!(quantity.milli(), milli, "{text}");
            assert_eq!(quantity.to_string(), text);
        }
        for bad in ["", "1.", ".5", "1.2345", "1e3", "abc", "1,5", "--1"] {
            assert_eq!(Quantity::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn money_and_quantities_read_the_vietnamese_way() {
        assert_eq!(format_vnd(1_500_000, Lang::Vi), "1.500.000 ₫");
        assert_eq!(format_vnd(1_500_000, Lang::En), "₫1,500,000");
        assert_eq!(format_vnd(0, Lang::Vi), "0 ₫");
        assert_eq!(format_quantity(Quantity(1_234_500), "kg", Lang::Vi), "1.234,5 kg");
        assert_eq!(format_quantity(Quantity(1_234_500), "kg", Lang::En), "1,234.5 kg");
        assert_eq!(parse_vnd("1.500.000"), Some(1_500_000));
        assert_eq!(parse_vnd("1,500,000 ₫"), Some(1_500_000));
        assert_eq!(parse_vnd("12a"), None);
        assert_eq!(parse_quantity_typed("1.234,5", Lang::Vi), Some(Quantity(1_234_500)));
        assert_eq!(parse_quantity_typed("1,234.5", Lang::En), Some(Quantity(1_234_500)));
    }
}
