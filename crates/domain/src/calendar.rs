//! Dates as the Commission reads them. Due dates, validity periods and "today" are
//! calendar dates in Vietnam (UTC+7, no daylight saving), whatever the server's clock zone.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Offset, Utc};

/// Vietnam's offset from UTC.
pub fn vietnam() -> FixedOffset {
    // Seven hours is within the ±24 h that `east_opt` accepts, so the fallback never runs.
    FixedOffset::east_opt(7 * 3600).unwrap_or(Utc.fix())
}

/// The calendar date in Vietnam at `now`.
pub fn today(now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&vietnam()).date_naive()
}

/// How many days ahead a task counts as due soon.
pub const DUE_SOON_DAYS: i64 = 3;

/// The last date that still counts as due soon, seen from `today`.
pub fn due_soon_until(today: NaiveDate) -> NaiveDate {
    today + Duration::days(DUE_SOON_DAYS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn today_turns_over_at_midnight_in_vietnam_not_utc() {
        let evening_utc = Utc.with_ymd_and_hms(2021, 9, 13, 17, 30, 0).single();
        let date = evening_utc.map(today);
        assert_eq!(date, NaiveDate::from_ymd_opt(2021, 9, 14));
        let morning_utc = Utc.with_ymd_and_hms(2021, 9, 13, 16, 59, 0).single();
        assert_eq!(morning_utc.map(today), NaiveDate::from_ymd_opt(2021, 9, 13));
    }
}
