//! Indicators (a managed list with a unit, a direction and a weight) and the monthly
//! values teams record for them.

use super::teams::code;
use crate::validation::{self, Errors, FieldError};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Largest weight an indicator may carry.
pub const WEIGHT_MAX: f64 = 100.0;
/// Largest value a team may record, in any unit.
pub const VALUE_MAX: f64 = 1e9;

/// One indicator of the scorecard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeamIndicator {
    pub id: Uuid,
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    /// e.g. `hộ`, `người`, `%`, `giờ`.
    pub unit: String,
    /// Whether a larger value is better (households covered) or worse (response time).
    pub higher_is_better: bool,
    /// Its share in the score, relative to the other active indicators' weights.
    pub weight: f64,
    /// Retired indicators keep their values but no longer count in scores.
    pub active: bool,
    pub position: i64,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Body of `POST /api/v1/team-indicators`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateTeamIndicator {
    #[cfg_attr(feature = "openapi", schema(pattern = "^[A-Za-z0-9_-]{1,32}$"))]
    pub code: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub name_vi: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub name_en: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 32))]
    pub unit: String,
    pub higher_is_better: bool,
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100))]
    pub weight: f64,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100000))]
    pub position: Option<i64>,
}

/// Longest unit of an indicator.
pub const UNIT_MAX: usize = 32;

impl CreateTeamIndicator {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        code(&mut errors, &self.code);
        errors.text("name_vi", &self.name_vi, 1, validation::NAME_MAX);
        errors.text("name_en", &self.name_en, 1, validation::NAME_MAX);
        errors.text("unit", &self.unit, 1, UNIT_MAX);
        weight(&mut errors, self.weight);
        validation::position(&mut errors, self.position);
        errors.finish()
    }
}

/// Body of `PATCH /api/v1/team-indicators/{id}`; absent fields stay as they are.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateTeamIndicator {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub name_vi: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub name_en: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 32))]
    pub unit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub higher_is_better: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100))]
    pub weight: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100000))]
    pub position: Option<i64>,
}

impl UpdateTeamIndicator {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        errors.optional_text("name_vi", self.name_vi.as_deref(), validation::NAME_MAX);
        errors.optional_text("name_en", self.name_en.as_deref(), validation::NAME_MAX);
        errors.optional_text("unit", self.unit.as_deref(), UNIT_MAX);
        if let Some(value) = self.weight {
            weight(&mut errors, value);
        }
        validation::position(&mut errors, self.position);
        errors.finish()
    }
}

fn weight(errors: &mut Errors, value: f64) {
    errors.check("weight", (0.0..=WEIGHT_MAX).contains(&value), "out_of_range", "must be between 0 and 100");
}

/// A month of the scorecard, written `YYYY-MM`.
pub const PERIOD_PATTERN: &str = "^[0-9]{4}-(0[1-9]|1[0-2])$";

/// The first day of the month `YYYY-MM`, or `None` when the text is not one.
pub fn parse_period(text: &str) -> Option<NaiveDate> {
    let (year, month) = text.split_once('-')?;
    if year.len() != 4 || month.len() != 2 {
        return None;
    }
    NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, 1)
}

/// The month of `date`, written `YYYY-MM`.
pub fn period_of(date: NaiveDate) -> String {
    format!("{:04}-{:02}", date.year(), date.month())
}

/// The month `offset` months after (or, negative, before) `period`.
pub fn shift_period(period: NaiveDate, offset: i32) -> NaiveDate {
    let index = period.year() * 12 + period.month0() as i32 + offset;
    NaiveDate::from_ymd_opt(index.div_euclid(12), index.rem_euclid(12) as u32 + 1, 1).unwrap_or(period)
}

/// One value a team recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IndicatorValue {
    pub indicator_id: Uuid,
    /// `YYYY-MM`.
    pub period: String,
    pub value: f64,
    pub updated_at: DateTime<Utc>,
}

/// One value of [`RecordIndicatorValues`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct IndicatorValueInput {
    pub indicator_id: Uuid,
    /// `null` removes the value.
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 1000000000))]
    pub value: Option<f64>,
}

/// Body of `POST /api/v1/community-teams/{id}/indicator-values`: a team's values for one
/// month; indicators not named keep their values.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RecordIndicatorValues {
    #[cfg_attr(feature = "openapi", schema(pattern = "^[0-9]{4}-(0[1-9]|1[0-2])$"))]
    pub period: String,
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 100))]
    pub values: Vec<IndicatorValueInput>,
}

impl RecordIndicatorValues {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        errors.check("period", parse_period(&self.period).is_some(), "invalid_format", "must be a month, YYYY-MM");
        errors.check("values", (1..=100).contains(&self.values.len()), "out_of_range", "must hold 1 to 100 values");
        for (index, input) in self.values.iter().enumerate() {
            if let Some(value) = input.value {
                errors.check(
                    &format!("values[{index}].value"),
                    value.is_finite() && (0.0..=VALUE_MAX).contains(&value),
                    "out_of_range",
                    "must be between 0 and 1000000000",
                );
            }
            let repeated = self.values[..index].iter().any(|other| other.indicator_id == input.indicator_id);
            errors.check(&format!("values[{index}].indicator_id"), !repeated, "duplicate", "is named twice");
        }
        errors.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_parse_and_shift_across_years() {
        let october = parse_period("2021-10").unwrap_or_default();
        assert_eq!(period_of(shift_period(october, 3)), "2022-01");
        assert_eq!(period_of(shift_period(october, -10)), "2020-12");
        assert_eq!(parse_period("2021-13"), None);
        assert_eq!(parse_period("21-10"), None);
    }
}
