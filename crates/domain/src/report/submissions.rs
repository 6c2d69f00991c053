//! Obligations (who owes which report for a period, derived from the assignment matrix,
//! the regional offices and the units) and the submissions that answer them.

use super::{Breakdown, PeriodType, ReporterSource, SubmissionActor, TemplateContent};
use crate::{
    named::NamedRef,
    validation::{Errors, FieldError, NAME_MAX},
};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use uuid::Uuid;

/// Longest narrative answer.
pub const ANSWER_MAX: usize = 20_000;
/// Longest review comment.
pub const COMMENT_MAX: usize = 5_000;
/// Largest figure.
pub const FIGURE_MAX: i64 = 1_000_000_000_000;
/// Most figures in one submission.
pub const FIGURES_MAX: usize = 2_000;

crate::text_enum! {
    /// Where a submission is in its review.
    pub enum SubmissionStatus {
        /// Being written; saved as the reporter goes.
        Draft = "draft",
        /// With the standing unit.
        Submitted = "submitted",
        /// Accepted; locked against edits.
        Approved = "approved",
        /// Sent back with comments, or an approved one reopened.
        Returned = "returned",
    }
}

crate::text_enum! {
    /// Where an obligation stands.
    pub enum ObligationState {
        NotStarted = "not_started",
        Draft = "draft",
        Submitted = "submitted",
        /// Not submitted and past the due day and its grace.
        Late = "late",
        Approved = "approved",
        SentBack = "sent_back",
    }
}

crate::text_enum! {
    /// How a reporter met a period's deadline.
    pub enum Timeliness {
        /// Submitted by the due day plus grace.
        OnTime = "on_time",
        /// Submitted after it.
        Late = "late",
        /// Not submitted, and the deadline has passed.
        Missing = "missing",
        /// Not submitted yet, and the deadline has not passed.
        Pending = "pending",
    }
}

impl Timeliness {
    /// `submitted_at` is the first submission's day in Vietnam.
    pub fn of(submitted_on: Option<NaiveDate>, late_after: NaiveDate, today: NaiveDate) -> Timeliness {
        match submitted_on {
            Some(day) if day <= late_after => Timeliness::OnTime,
            Some(_) => Timeliness::Late,
            None if today > late_after => Timeliness::Missing,
            None => Timeliness::Pending,
        }
    }
}

/// What a reporter owes a report on: the union over the period of what they cover.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportBasis {
    pub sources: Vec<ReporterSource>,
    pub target_groups: Vec<NamedRef>,
    pub fields: Vec<NamedRef>,
    /// Areas and area groups.
    pub areas: Vec<NamedRef>,
    pub org_unit: Option<NamedRef>,
    /// The part of the period their assignments cover (a member who joined mid-period
    /// owes from the day they joined).
    pub covered_from: NaiveDate,
    pub covered_to: NaiveDate,
}

impl ReportBasis {
    /// The ids a figure broken down by `breakdown` may name.
    pub fn items(&self, breakdown: Breakdown) -> Vec<Uuid> {
        let ids = |refs: &[NamedRef]| refs.iter().map(|r| r.id).collect();
        match breakdown {
            Breakdown::None => Vec::new(),
            Breakdown::TargetGroup => ids(&self.target_groups),
            Breakdown::Field => ids(&self.fields),
            Breakdown::Area => ids(&self.areas),
        }
    }
}

/// One reporter's obligation for one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Obligation {
    pub template: NamedRef,
    pub period_type: PeriodType,
    pub period: String,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub due_on: NaiveDate,
    /// After this day an unsubmitted report is late.
    pub late_after: NaiveDate,
    pub reporter: NamedRef,
    pub basis: ReportBasis,
    pub state: ObligationState,
    pub timeliness: Timeliness,
    pub submission_id: Option<Uuid>,
    pub submitted_at: Option<DateTime<Utc>>,
}

/// How each reporter met the deadlines of a template's recent periods.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimelinessTable {
    pub template: NamedRef,
    /// Oldest first.
    pub periods: Vec<String>,
    pub rows: Vec<TimelinessRow>,
    pub on_time: i64,
    pub late: i64,
    pub missing: i64,
}

/// One reporter's line: a cell per period, absent where they owed nothing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimelinessRow {
    pub reporter: NamedRef,
    pub cells: Vec<Option<Timeliness>>,
}

/// One figure of a submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct FigureValue {
    pub indicator: String,
    /// The target group, field, area or area group it counts, when the indicator is
    /// broken down; absent otherwise.
    #[serde(default)]
    pub item_id: Option<Uuid>,
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 1000000000000_i64))]
    pub value: i64,
}

/// One narrative answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NarrativeAnswer {
    pub question: String,
    #[cfg_attr(feature = "openapi", schema(max_length = 20000))]
    pub text: String,
}

/// A report as its reporter wrote it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportSubmission {
    pub id: Uuid,
    pub template: NamedRef,
    /// The template content it was written against.
    pub content: TemplateContent,
    pub period_type: PeriodType,
    pub period: String,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub due_on: NaiveDate,
    pub late_after: NaiveDate,
    pub reporter: NamedRef,
    pub basis: ReportBasis,
    /// An urgent report (báo cáo đột xuất): the group head and the leadership are told
    /// when it is submitted.
    pub urgent: bool,
    pub title: String,
    pub status: SubmissionStatus,
    pub figures: Vec<FigureValue>,
    pub narratives: Vec<NarrativeAnswer>,
    /// First submitted; timeliness counts from it.
    pub submitted_at: Option<DateTime<Utc>>,
    pub timeliness: Timeliness,
    pub reviewed_by: Option<NamedRef>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub review_comment: String,
    /// Every move, oldest first: submitted, approved, sent back, reopened.
    pub history: Vec<SubmissionEvent>,
    pub allowed_transitions: Vec<SubmissionStatus>,
    pub caller_stands_as: Vec<SubmissionActor>,
    /// Whether the caller may change its figures and answers now.
    pub can_edit: bool,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// One move of a submission.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubmissionEvent {
    pub from: SubmissionStatus,
    pub to: SubmissionStatus,
    pub comment: String,
    pub actor: NamedRef,
    pub at: DateTime<Utc>,
}

/// Body of `POST /api/v1/report-submissions`: starts the caller's report for a period (a
/// draft), or an ad hoc one.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateReportSubmission {
    pub template_id: Uuid,
    /// The period's key (`2026-11`); absent for an ad hoc template, whose period is today.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 10))]
    pub period: Option<String>,
    #[serde(default)]
    pub urgent: bool,
    /// Required for an ad hoc report; a periodic report takes its template's name.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub title: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 2000))]
    pub figures: Vec<FigureValue>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 20))]
    pub narratives: Vec<NarrativeAnswer>,
}

impl CreateReportSubmission {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        errors.text("title", &self.title, 0, NAME_MAX);
        errors.check("period", self.period.as_ref().is_none_or(|p| p.len() <= 10), "too_long", "a period key");
        shape(&mut errors, &self.figures, &self.narratives);
        errors.finish()
    }
}

/// Body of `PATCH /api/v1/report-submissions/{id}`: the draft's new figures and answers
/// (each list replaces the stored one when present). Only the reporter, only while a
/// draft or sent back.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateReportSubmission {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_items = 2000))]
    pub figures: Option<Vec<FigureValue>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_items = 20))]
    pub narratives: Option<Vec<NarrativeAnswer>>,
}

impl UpdateReportSubmission {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        if let Some(title) = &self.title {
            errors.text("title", title, 0, NAME_MAX);
        }
        shape(&mut errors, self.figures.as_deref().unwrap_or_default(), self.narratives.as_deref().unwrap_or_default());
        errors.finish()
    }
}

/// Body of `POST /api/v1/report-submissions/{id}/transitions`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SubmissionTransition {
    pub to: SubmissionStatus,
    /// Required when sending back or reopening.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 5000))]
    pub comment: String,
}

impl SubmissionTransition {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        let needs_reason = self.to == SubmissionStatus::Returned;
        errors.text("comment", &self.comment, usize::from(needs_reason), COMMENT_MAX);
        errors.finish()
    }
}

fn shape(errors: &mut Errors, figures: &[FigureValue], narratives: &[NarrativeAnswer]) {
    errors.check("figures", figures.len() <= FIGURES_MAX, "too_many", "at most 2000 figures");
    for (index, figure) in figures.iter().enumerate() {
        let ok = (0..=FIGURE_MAX).contains(&figure.value);
        errors.check(&format!("figures[{index}].value"), ok, "out_of_range", "a whole number from 0");
    }
    for (index, answer) in narratives.iter().enumerate() {
        errors.text(&format!("narratives[{index}].text"), &answer.text, 0, ANSWER_MAX);
    }
}

/// Checks figures and answers against the template content and the reporter's basis:
/// known indicators and questions, a breakdown item where the indicator asks for one and
/// only among what the reporter covers, each cell once. `complete` also requires the
/// required answers (on submitting).
pub fn check_against(
    content: &TemplateContent,
    basis: &ReportBasis,
    figures: &[FigureValue],
    narratives: &[NarrativeAnswer],
    complete: bool,
) -> Result<(), Vec<FieldError>> {
    let mut errors = Errors::default();
    let mut cells = HashSet::new();
    for (index, figure) in figures.iter().enumerate() {
        let field = format!("figures[{index}]");
        let Some(indicator) = content.indicators.iter().find(|i| i.key == figure.indicator) else {
            errors.push(FieldError::new(format!("{field}.indicator"), "unknown", "not an indicator of this template"));
            continue;
        };
        let fits = match (indicator.breakdown, figure.item_id) {
            (Breakdown::None, None) => true,
            (Breakdown::None, Some(_)) | (_, None) => false,
            (breakdown, Some(item)) => basis.items(breakdown).contains(&item),
        };
        errors.check(&format!("{field}.item_id"), fits, "not_covered", "not something this report covers");
        errors.check(&field, cells.insert((&figure.indicator, figure.item_id)), "duplicate", "each figure once");
    }
    for (index, answer) in narratives.iter().enumerate() {
        let known = content.questions.iter().any(|q| q.key == answer.question);
        errors.check(&format!("narratives[{index}].question"), known, "unknown", "not a question of this template");
        let first = narratives.iter().position(|other| other.question == answer.question) == Some(index);
        errors.check(&format!("narratives[{index}].question"), first, "duplicate", "each question answered once");
    }
    if complete {
        for question in content.questions.iter().filter(|q| q.required) {
            let answered = narratives.iter().any(|a| a.question == question.key && !a.text.trim().is_empty());
            errors.check(
                &format!("narratives.{}", question.key),
                answered,
                "required",
                "this question needs an answer",
            );
        }
    }
    errors.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Indicator, Question};

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap_or_default()
    }

    #[test]
    fn figures_fit_the_template_and_what_the_reporter_covers() {
        let youth = NamedRef { id: Uuid::from_u128(1), name: "Thanh niên".into() };
        let content = TemplateContent {
            content_version: 1,
            indicators: vec![
                Indicator {
                    key: "meetings".into(),
                    label: "Buổi".into(),
                    unit: "buổi".into(),
                    breakdown: Breakdown::None,
                },
                Indicator {
                    key: "people".into(),
                    label: "Người".into(),
                    unit: "người".into(),
                    breakdown: Breakdown::TargetGroup,
                },
            ],
            questions: vec![Question { key: "results".into(), prompt: "Kết quả".into(), required: true }],
        };
        let basis = ReportBasis {
            target_groups: vec![youth.clone()],
            covered_from: day(1),
            covered_to: day(30),
            ..Default::default()
        };
        let good = vec![
            FigureValue { indicator: "meetings".into(), item_id: None, value: 3 },
            FigureValue { indicator: "people".into(), item_id: Some(youth.id), value: 120 },
        ];
        assert!(check_against(&content, &basis, &good, &[], false).is_ok());
        assert!(check_against(&content, &basis, &good, &[], true).is_err(), "a required answer is missing");
        let bad = vec![
            FigureValue { indicator: "people".into(), item_id: Some(Uuid::from_u128(9)), value: 1 },
            FigureValue { indicator: "people".into(), item_id: None, value: 1 },
            FigureValue { indicator: "nothing".into(), item_id: None, value: 1 },
            FigureValue { indicator: "meetings".into(), item_id: None, value: 1 },
            FigureValue { indicator: "meetings".into(), item_id: None, value: 2 },
        ];
        let errors = check_against(&content, &basis, &bad, &[], false).err().unwrap_or_default();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["figures[0].item_id", "figures[1].item_id", "figures[2].indicator", "figures[4]"]);
    }

    #[test]
    fn timeliness_counts_from_the_first_submission() {
        assert_eq!(Timeliness::of(Some(day(7)), day(7), day(20)), Timeliness::OnTime);
        assert_eq!(Timeliness::of(Some(day(8)), day(7), day(20)), Timeliness::Late);
        assert_eq!(Timeliness::of(None, day(7), day(8)), Timeliness::Missing);
        assert_eq!(Timeliness::of(None, day(7), day(7)), Timeliness::Pending);
    }
}
