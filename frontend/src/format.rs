//! Small formatting helpers: times in the reader's time zone and grouped numbers, written
//! by hand to keep chrono's formatting machinery out of the bundle.

use crate::i18n::Lang;
use chrono::{DateTime, Datelike, NaiveDate, TimeDelta, Timelike, Utc};

/// Milliseconds since the Unix epoch.
pub fn now_millis() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Date::now()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0.0, |d| d.as_millis() as f64)
    }
}

/// The browser's offset from UTC, in minutes (UTC+7 is 420). Zero outside the browser.
pub fn local_offset_minutes() -> i64 {
    #[cfg(target_arch = "wasm32")]
    {
        -(js_sys::Date::new_0().get_timezone_offset() as i64)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0
    }
}

/// A time in the reader's zone: `dd/mm/yyyy hh:mm` in Vietnamese, `yyyy-mm-dd hh:mm` in English.
pub fn datetime(lang: Lang, at: &DateTime<Utc>) -> String {
    datetime_at(lang, at, local_offset_minutes())
}

pub fn datetime_at(lang: Lang, at: &DateTime<Utc>, offset_minutes: i64) -> String {
    let local = at.naive_utc() + TimeDelta::minutes(offset_minutes);
    let (y, m, d, hh, mm) = (local.year(), local.month(), local.day(), local.hour(), local.minute());
    match lang {
        Lang::Vi => format!("{d:02}/{m:02}/{y:04} {hh:02}:{mm:02}"),
        Lang::En => format!("{y:04}-{m:02}-{d:02} {hh:02}:{mm:02}"),
    }
}

/// The RFC 3339 UTC instant at which a local calendar day (`yyyy-mm-dd`, as a date input
/// gives it) starts, or, with `end`, the start of the day after.
pub fn day_bound(date: &str, end: bool, offset_minutes: i64) -> Option<String> {
    let mut parts = date.trim().splitn(3, '-');
    let (y, m, d) = (parts.next()?.parse().ok()?, parts.next()?.parse().ok()?, parts.next()?.parse().ok()?);
    let mut day = NaiveDate::from_ymd_opt(y, m, d)?;
    if end {
        day = day.succ_opt()?;
    }
    let utc = day.and_hms_opt(0, 0, 0)? - TimeDelta::minutes(offset_minutes);
    Some(format!("{:04}-{:02}-{:02}T{:02}:{:02}:00Z", utc.year(), utc.month(), utc.day(), utc.hour(), utc.minute()))
}

/// A count with thousands grouped: `10.035` in Vietnamese, `10,035` in English.
pub fn number(lang: Lang, value: i64) -> String {
    let separator = match lang {
        Lang::Vi => '.',
        Lang::En => ',',
    };
    let digits = value.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if value < 0 {
        out.push('-');
    }
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(digit);
    }
    out
}

/// A number rounded to at most `decimals` digits after the decimal sign, trailing zeros
/// dropped, thousands grouped: `1.234,5` in Vietnamese, `1,234.5` in English. Not a number
/// shows as "–".
pub fn decimal(lang: Lang, value: f64, decimals: u32) -> String {
    if !value.is_finite() {
        return "–".to_owned();
    }
    let decimals = decimals.min(6);
    let factor = 10u64.pow(decimals);
    // Past 2^53 an f64 has no fraction left to show; the cast saturates.
    let scaled = (value.abs() * factor as f64).round() as u64;
    let (whole, fraction) = (scaled / factor, scaled % factor);
    let mut out = String::new();
    if value < 0.0 && scaled != 0 {
        out.push('-');
    }
    out.push_str(&number(lang, i64::try_from(whole).unwrap_or(i64::MAX)));
    if fraction != 0 {
        let digits = format!("{fraction:0width$}", width = decimals as usize);
        out.push(match lang {
            Lang::Vi => ',',
            Lang::En => '.',
        });
        out.push_str(digits.trim_end_matches('0'));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_show_in_the_readers_zone() {
        let at = DateTime::parse_from_rfc3339("2025-07-01T17:05:00Z").map(|t| t.with_timezone(&Utc));
        let at = at.unwrap_or_default();
        assert_eq!(datetime_at(Lang::Vi, &at, 420), "02/07/2025 00:05");
        assert_eq!(datetime_at(Lang::En, &at, 0), "2025-07-01 17:05");
    }

    #[test]
    fn day_bounds_are_local_midnights_in_utc() {
        assert_eq!(day_bound("2025-03-01", false, 420).as_deref(), Some("2025-02-28T17:00:00Z"));
        assert_eq!(day_bound("2025-02-28", true, 0).as_deref(), Some("2025-03-01T00:00:00Z"));
        assert_eq!(day_bound("", false, 0), None);
        assert_eq!(day_bound("2025-13-01", false, 0), None);
    }

    #[test]
    fn numbers_group_thousands() {
        assert_eq!(number(Lang::Vi, 10035), "10.035");
        assert_eq!(number(Lang::En, 1234567), "1,234,567");
        assert_eq!(number(Lang::En, 999), "999");
        assert_eq!(number(Lang::Vi, 0), "0");
    }

    #[test]
    fn decimals_use_the_languages_signs() {
        assert_eq!(decimal(Lang::Vi, 1234.5, 2), "1.234,5");
        assert_eq!(decimal(Lang::En, 1234.5, 2), "1,234.5");
        assert_eq!(decimal(Lang::Vi, 3.756, 2), "3,76");
        assert_eq!(decimal(Lang::En, 2.0, 2), "2");
        assert_eq!(decimal(Lang::En, 0.25, 1), "0.3");
        assert_eq!(decimal(Lang::Vi, -0.5, 1), "-0,5");
        assert_eq!(decimal(Lang::Vi, -0.01, 1), "0");
        assert_eq!(decimal(Lang::En, 12.0, 0), "12");
        assert_eq!(decimal(Lang::En, f64::NAN, 1), "–");
    }
}
