//! The consolidated report of a period for the leadership: figures summed from the
//! approved submissions (each total with the submissions it comes from), narrative
//! sections assembled from the members' answers and then edited, annexes, every saved
//! state kept as a revision, the leader's sign-off and the number in the Commission's
//! series.

use super::{Breakdown, PeriodType, Timeliness};
use crate::{
    named::NamedRef,
    validation::{Errors, FieldError, NAME_MAX},
};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Longest section text.
pub const SECTION_MAX: usize = 50_000;
/// Most sections.
pub const SECTIONS_MAX: usize = 30;
/// Most recipients.
pub const RECIPIENTS_MAX: usize = 30;
/// The series of the Commission's reports: `25-BC/BDVTW`.
pub const REPORT_SERIES: &str = "BC/BDVTW";

crate::text_enum! {
    pub enum ConsolidatedStatus {
        /// Being edited by the standing unit.
        Draft = "draft",
        /// Signed off by the leader: numbered and locked.
        SignedOff = "signed_off",
    }
}

/// What one approved submission contributed to a total.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FigureSource {
    pub submission_id: Uuid,
    pub reporter: NamedRef,
    pub value: i64,
}

/// One total: an indicator, for one breakdown item (or the whole), over the approved
/// submissions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConsolidatedFigure {
    pub indicator: String,
    pub label: String,
    pub unit: String,
    pub breakdown: Breakdown,
    /// The target group, field, area or area group; absent for a whole-report figure.
    pub item: Option<NamedRef>,
    pub total: i64,
    pub sources: Vec<FigureSource>,
}

/// One section of the report's body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReportSection {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub heading: String,
    /// Paragraphs separated by blank lines.
    #[cfg_attr(feature = "openapi", schema(max_length = 50000))]
    pub text: String,
}

/// A reporter's line in the annex: how they met the deadline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReporterTimeliness {
    pub reporter: NamedRef,
    pub timeliness: Timeliness,
    pub submitted_at: Option<DateTime<Utc>>,
    /// Whether their report is approved and counted.
    pub counted: bool,
}

/// Who signs and for whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Signatory {
    /// "K/T TRƯỞNG BAN".
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub capacity: String,
    /// "PHÓ TRƯỞNG BAN THƯỜNG TRỰC".
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub title: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub name: String,
}

/// A consolidated report, at its latest revision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConsolidatedReport {
    pub id: Uuid,
    pub template: NamedRef,
    pub period_type: PeriodType,
    pub period: String,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub title: String,
    pub status: ConsolidatedStatus,
    /// In the Commission's series once signed off: `25-BC/BDVTW`.
    pub number: Option<String>,
    pub revision: i64,
    pub figures: Vec<ConsolidatedFigure>,
    pub sections: Vec<ReportSection>,
    pub recipients: Vec<String>,
    pub signatory: Signatory,
    /// The annex of reporters and timeliness.
    pub reporters: Vec<ReporterTimeliness>,
    /// How many approved submissions the figures sum.
    pub approved_count: i64,
    /// Submissions of the period left out because they are not approved.
    pub excluded_count: i64,
    pub signed_by: Option<NamedRef>,
    pub signed_at: Option<DateTime<Utc>>,
    pub can_edit: bool,
    pub can_sign_off: bool,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// One saved state in a report's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConsolidatedRevision {
    pub revision: i64,
    pub saved_by: NamedRef,
    pub saved_at: DateTime<Utc>,
    pub title: String,
    pub sections: Vec<ReportSection>,
    /// How many approved submissions its figures summed.
    pub approved_count: i64,
    /// What was done: `built`, `edited`, `refreshed`, `signed_off`.
    pub note: String,
}

/// Body of `POST /api/v1/consolidated-reports`: builds the report of a template's period
/// from what is approved so far.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateConsolidatedReport {
    pub template_id: Uuid,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 10))]
    pub period: String,
}

/// Body of `PATCH /api/v1/consolidated-reports/{id}`: each save is a new revision.
/// `refresh_figures` sums the approved submissions again (those approved since).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateConsolidatedReport {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 500))]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_items = 30))]
    pub sections: Option<Vec<ReportSection>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_items = 30))]
    pub recipients: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signatory: Option<Signatory>,
    #[serde(default)]
    pub refresh_figures: bool,
}

/// Longest title.
pub const TITLE_MAX: usize = 500;

impl UpdateConsolidatedReport {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        errors.optional_text("title", self.title.as_deref(), TITLE_MAX);
        if let Some(sections) = &self.sections {
            errors.check("sections", sections.len() <= SECTIONS_MAX, "too_many", "at most 30 sections");
            for (index, section) in sections.iter().enumerate() {
                errors.text(&format!("sections[{index}].heading"), &section.heading, 1, NAME_MAX);
                errors.text(&format!("sections[{index}].text"), &section.text, 0, SECTION_MAX);
            }
        }
        if let Some(recipients) = &self.recipients {
            errors.check("recipients", recipients.len() <= RECIPIENTS_MAX, "too_many", "at most 30 recipients");
            for (index, recipient) in recipients.iter().enumerate() {
                errors.text(&format!("recipients[{index}]"), recipient, 1, NAME_MAX);
            }
        }
        if let Some(signatory) = &self.signatory {
            errors.text("signatory.capacity", &signatory.capacity, 0, NAME_MAX);
            errors.text("signatory.title", &signatory.title, 1, NAME_MAX);
            errors.text("signatory.name", &signatory.name, 1, NAME_MAX);
        }
        errors.finish()
    }
}

/// `n` (from 1) in Roman numerals, as the sections of Party documents are numbered.
pub fn roman(mut n: usize) -> String {
    const NUMERALS: [(usize, &str); 8] =
        [(90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")];
    let mut out = String::new();
    for (value, text) in NUMERALS.iter() {
        while n >= *value {
            out.push_str(text);
            n -= value;
        }
    }
    out
}

/// Adds up approved submissions' figures: one total per indicator and breakdown item,
/// in the template's indicator order, each with its sources. `figures` holds
/// (submission, reporter, indicator key, item, value).
pub fn sum_figures(
    indicators: &[super::Indicator],
    figures: &[(Uuid, NamedRef, String, Option<NamedRef>, i64)],
) -> Vec<ConsolidatedFigure> {
    let mut totals: Vec<ConsolidatedFigure> = Vec::new();
    for indicator in indicators {
        let mut rows: Vec<&(Uuid, NamedRef, String, Option<NamedRef>, i64)> =
            figures.iter().filter(|row| row.2 == indicator.key).collect();
        rows.sort_by(|a, b| {
            let name = |row: &(Uuid, NamedRef, String, Option<NamedRef>, i64)| row.3.as_ref().map(|i| i.name.clone());
            name(a).cmp(&name(b)).then_with(|| a.1.name.cmp(&b.1.name))
        });
        for (submission, reporter, _, item, value) in rows {
            let at = totals.iter().position(|t| t.indicator == indicator.key && t.item == *item);
            let total = match at {
                Some(index) => &mut totals[index],
                None => {
                    totals.push(ConsolidatedFigure {
                        indicator: indicator.key.clone(),
                        label: indicator.label.clone(),
                        unit: indicator.unit.clone(),
                        breakdown: indicator.breakdown,
                        item: item.clone(),
                        total: 0,
                        sources: Vec::new(),
                    });
                    let last = totals.len() - 1;
                    &mut totals[last]
                }
            };
            total.total += value;
            total.sources.push(FigureSource { submission_id: *submission, reporter: reporter.clone(), value: *value });
        }
    }
    totals
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Indicator;

    #[test]
    fn sections_are_numbered_in_roman_numerals() {
        let numerals: Vec<String> = [1, 4, 9, 12, 14, 19, 20, 30, 44].into_iter().map(roman).collect();
        assert_eq!(numerals, ["I", "IV", "IX", "XII", "XIV", "XIX", "XX", "XXX", "XLIV"]);
    }

    #[test]
    fn totals_keep_their_sources_per_item() {
        let named = |n: u128, name: &str| NamedRef { id: Uuid::from_u128(n), name: name.into() };
        let indicators = vec![Indicator {
            key: "people".into(),
            label: "Người được hỗ trợ".into(),
            unit: "người".into(),
            breakdown: Breakdown::Area,
        }];
        let hcm = named(10, "TP. Hồ Chí Minh");
        let figures = vec![
            (Uuid::from_u128(1), named(1, "An"), "people".to_owned(), Some(hcm.clone()), 100),
            (Uuid::from_u128(2), named(2, "Bình"), "people".to_owned(), Some(hcm.clone()), 50),
            (Uuid::from_u128(2), named(2, "Bình"), "people".to_owned(), Some(named(11, "Đà Nẵng")), 7),
            (Uuid::from_u128(2), named(2, "Bình"), "other".to_owned(), None, 7),
        ];
        let totals = sum_figures(&indicators, &figures);
        assert_eq!(totals.len(), 2);
        let at_hcm = totals.iter().find(|t| t.item.as_ref() == Some(&hcm));
        assert_eq!(at_hcm.map(|t| (t.total, t.sources.len())), Some((150, 2)));
    }
}
