//! Reporting periods: a week, a month or a quarter, named by a key (`2026-W48`, `2026-11`,
//! `2026-Q4`) that travels in URLs and is stored with each submission.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

crate::text_enum! {
    /// How often a template is reported.
    pub enum PeriodType {
        Weekly = "weekly",
        Monthly = "monthly",
        Quarterly = "quarterly",
        /// Filed whenever there is something to report (urgent reports); owed by no one.
        AdHoc = "ad_hoc",
    }
}

/// One period of a periodic template.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportPeriod {
    /// `2026-W48`, `2026-11` or `2026-Q4`; for an ad hoc report, the day it was filed.
    pub key: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl ReportPeriod {
    /// The period of `period_type` that holds `date`.
    pub fn containing(period_type: PeriodType, date: NaiveDate) -> ReportPeriod {
        match period_type {
            PeriodType::Weekly => {
                let start = date - Duration::days(i64::from(date.weekday().num_days_from_monday()));
                let week = date.iso_week();
                ReportPeriod {
                    key: format!("{}-W{:02}", week.year(), week.week()),
                    start,
                    end: start + Duration::days(6),
                }
            }
            PeriodType::Monthly => {
                let start = date.with_day(1).unwrap_or(date);
                ReportPeriod { key: format!("{}-{:02}", date.year(), date.month()), start, end: month_end(start) }
            }
            PeriodType::Quarterly => {
                let quarter = date.month0() / 3;
                let start = NaiveDate::from_ymd_opt(date.year(), quarter * 3 + 1, 1).unwrap_or(date);
                let end = month_end(start.checked_add_months(chrono::Months::new(2)).unwrap_or(start));
                ReportPeriod { key: format!("{}-Q{}", date.year(), quarter + 1), start, end }
            }
            PeriodType::AdHoc => ReportPeriod { key: date.format("%Y-%m-%d").to_string(), start: date, end: date },
        }
    }

    /// The period named by `key`, if it is one of `period_type`'s.
    pub fn parse(period_type: PeriodType, key: &str) -> Option<ReportPeriod> {
        let first = match period_type {
            PeriodType::Weekly => {
                let (year, week) = key.split_once("-W")?;
                NaiveDate::from_isoywd_opt(number(year)?, number(week)?, Weekday::Mon)?
            }
            PeriodType::Monthly => {
                let (year, month) = key.split_once('-')?;
                (month.len() == 2).then_some(())?;
                NaiveDate::from_ymd_opt(number(year)?, number(month)?, 1)?
            }
            PeriodType::Quarterly => {
                let (year, quarter) = key.split_once("-Q")?;
                let quarter: u32 = number(quarter)?;
                (1..=4).contains(&quarter).then_some(())?;
                NaiveDate::from_ymd_opt(number(year)?, quarter * 3 - 2, 1)?
            }
            PeriodType::AdHoc => NaiveDate::parse_from_str(key, "%Y-%m-%d").ok()?,
        };
        // Reports are of this era; far dates would only overflow the due-day arithmetic.
        (1900..=9999).contains(&first.year()).then_some(())?;
        let period = ReportPeriod::containing(period_type, first);
        (period.key == key).then_some(period)
    }

    /// The period reported on around `today`: the last one that has ended.
    pub fn last_ended(period_type: PeriodType, today: NaiveDate) -> ReportPeriod {
        let current = ReportPeriod::containing(period_type, today);
        if period_type == PeriodType::AdHoc {
            current
        } else {
            current.previous(period_type)
        }
    }

    /// The period before this one.
    pub fn previous(&self, period_type: PeriodType) -> ReportPeriod {
        ReportPeriod::containing(period_type, self.start - Duration::days(1))
    }

    /// The day it is due: `due_day` days after its end (the 5th of the next month for a
    /// monthly template with due day 5; Wednesday of the next week for a weekly one with 3).
    pub fn due_on(&self, due_day: i32) -> NaiveDate {
        self.end + Duration::days(i64::from(due_day))
    }
}

fn number<T: std::str::FromStr>(text: &str) -> Option<T> {
    text.bytes().all(|b| b.is_ascii_digit()).then(|| text.parse().ok()).flatten()
}

fn month_end(first: NaiveDate) -> NaiveDate {
    first.checked_add_months(chrono::Months::new(1)).map_or(first, |next| next - Duration::days(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn periods_hold_their_dates_and_round_trip_through_their_keys() {
        let month = ReportPeriod::containing(PeriodType::Monthly, day(2024, 2, 14));
        assert_eq!((month.key.as_str(), month.start, month.end), ("2024-02", day(2024, 2, 1), day(2024, 2, 29)));
        let quarter = ReportPeriod::containing(PeriodType::Quarterly, day(2026, 11, 3));
        assert_eq!(
            (quarter.key.as_str(), quarter.start, quarter.end),
            ("2026-Q4", day(2026, 10, 1), day(2026, 12, 31))
        );
        let week = ReportPeriod::containing(PeriodType::Weekly, day(2027, 1, 1));
        assert_eq!((week.key.as_str(), week.start, week.end), ("2026-W53", day(2026, 12, 28), day(2027, 1, 3)));
        for period_type in PeriodType::ALL {
            let period = ReportPeriod::containing(*period_type, day(2026, 12, 3));
            assert_eq!(ReportPeriod::parse(*period_type, &period.key), Some(period.clone()));
            assert_eq!(period.previous(*period_type).end + Duration::days(1), period.start);
        }
        for bad in ["2026-13", "2026-1", "2026-Q5", "x-11", "2026-11-01"] {
            assert_eq!(ReportPeriod::parse(PeriodType::Monthly, bad), None, "{bad}");
        }
        assert_eq!(ReportPeriod::parse(PeriodType::Quarterly, "2026-Q5"), None);
        assert_eq!(ReportPeriod::parse(PeriodType::Weekly, "2026-W60"), None);
        assert_eq!(ReportPeriod::parse(PeriodType::Weekly, "262143-W52"), None, "far years are refused");
        assert_eq!(month.due_on(5), day(2024, 3, 5));
    }
}
