//! A report template: what a period's report holds (figures and narrative questions), when
//! it is due and who owes it. Its content is versioned: a submission keeps the version it
//! was written against, so changing a template never rewrites a past report.

use super::PeriodType;
use crate::validation::{is_valid_code, Errors, FieldError, NAME_MAX};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Most indicators in a template.
pub const INDICATORS_MAX: usize = 50;
/// Most narrative questions in a template.
pub const QUESTIONS_MAX: usize = 20;
/// Longest question prompt.
pub const PROMPT_MAX: usize = 1_000;
/// Longest unit of an indicator.
pub const UNIT_MAX: usize = 40;
/// Latest due day after a period's end.
pub const DUE_DAY_MAX: i32 = 31;

crate::text_enum! {
    /// What an indicator's figure is broken down by.
    pub enum Breakdown {
        /// One figure for the whole report.
        None = "none",
        /// One figure per target group the reporter covers.
        TargetGroup = "target_group",
        /// One figure per field of work the reporter covers.
        Field = "field",
        /// One figure per area or area group the reporter covers.
        Area = "area",
    }
}

crate::text_enum! {
    /// Who owes a periodic template's report.
    pub enum ReporterSource {
        /// Each working-group member with an assignment in force during the period, for
        /// their target groups, fields and areas.
        Members = "members",
        /// Each regional standing office's officer (T78, T26), for their area group.
        RegionalOffices = "regional_offices",
        /// Each unit officer, for their unit's results.
        UnitOfficers = "unit_officers",
    }
}

/// One figure a report asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// Stable key (`a-z`, `0-9`, `_`), unique in the template.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 40, pattern = "^[a-z0-9_]+$"))]
    pub key: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub label: String,
    /// "người", "hộ", "đồng"…
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 40))]
    pub unit: String,
    pub breakdown: Breakdown,
}

/// One narrative question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Question {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 40, pattern = "^[a-z0-9_]+$"))]
    pub key: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 1000))]
    pub prompt: String,
    /// Whether a submission must answer it.
    #[serde(default)]
    pub required: bool,
}

/// A report template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportTemplate {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub period_type: PeriodType,
    /// Days after a period's end that its report is due.
    pub due_day: i32,
    /// Days after the due day before a report counts as late.
    pub grace_days: i32,
    pub reporters: Vec<ReporterSource>,
    pub indicators: Vec<Indicator>,
    pub questions: Vec<Question>,
    /// The content's version, raised by each change of indicators or questions.
    pub content_version: i64,
    pub archived: bool,
    /// Whether the caller may change it.
    pub can_manage: bool,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// One version of a template's content, as submissions written against it see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TemplateContent {
    pub content_version: i64,
    pub indicators: Vec<Indicator>,
    pub questions: Vec<Question>,
}

/// Body of `POST /api/v1/report-templates`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateReportTemplate {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 50))]
    pub code: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub name: String,
    pub period_type: PeriodType,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 31))]
    pub due_day: i32,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 31))]
    pub grace_days: i32,
    /// Who owes it; ignored (and empty) for an ad hoc template.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 3))]
    pub reporters: Vec<ReporterSource>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 50))]
    pub indicators: Vec<Indicator>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 20))]
    pub questions: Vec<Question>,
}

impl CreateReportTemplate {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        errors.check("code", is_valid_code(&self.code), "invalid_format", "letters, digits, '-' and '_' only");
        errors.text("name", &self.name, 1, NAME_MAX);
        schedule(&mut errors, self.due_day, self.grace_days);
        let periodic = self.period_type != PeriodType::AdHoc;
        errors.check("reporters", !periodic || !self.reporters.is_empty(), "required", "say who owes the report");
        content(&mut errors, &self.indicators, &self.questions);
        errors.finish()
    }
}

/// Body of `PATCH /api/v1/report-templates/{id}`. New indicators or questions make a new
/// content version; reports already written keep theirs.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateReportTemplate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 31))]
    pub due_day: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 31))]
    pub grace_days: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_items = 3))]
    pub reporters: Option<Vec<ReporterSource>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_items = 50))]
    pub indicators: Option<Vec<Indicator>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_items = 20))]
    pub questions: Option<Vec<Question>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archived: Option<bool>,
}

impl UpdateReportTemplate {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        errors.optional_text("name", self.name.as_deref(), NAME_MAX);
        schedule(&mut errors, self.due_day.unwrap_or(0), self.grace_days.unwrap_or(0));
        let none = Vec::new();
        content(&mut errors, self.indicators.as_ref().unwrap_or(&none), self.questions.as_ref().unwrap_or(&Vec::new()));
        errors.finish()
    }
}

fn schedule(errors: &mut Errors, due_day: i32, grace_days: i32) {
    errors.check("due_day", (0..=DUE_DAY_MAX).contains(&due_day), "out_of_range", "must be 0 to 31");
    errors.check("grace_days", (0..=DUE_DAY_MAX).contains(&grace_days), "out_of_range", "must be 0 to 31");
}

fn is_key(key: &str) -> bool {
    (1..=40).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

fn content(errors: &mut Errors, indicators: &[Indicator], questions: &[Question]) {
    errors.check("indicators", indicators.len() <= INDICATORS_MAX, "too_many", "at most 50 indicators");
    errors.check("questions", questions.len() <= QUESTIONS_MAX, "too_many", "at most 20 questions");
    for (index, indicator) in indicators.iter().enumerate() {
        let field = format!("indicators[{index}]");
        errors.check(&format!("{field}.key"), is_key(&indicator.key), "invalid_format", "a-z, 0-9 and '_' only");
        let unique = indicators.iter().filter(|other| other.key == indicator.key).count() == 1;
        errors.check(&format!("{field}.key"), unique, "duplicate", "each indicator key once");
        errors.text(&format!("{field}.label"), &indicator.label, 1, NAME_MAX);
        errors.text(&format!("{field}.unit"), &indicator.unit, 0, UNIT_MAX);
    }
    for (index, question) in questions.iter().enumerate() {
        let field = format!("questions[{index}]");
        errors.check(&format!("{field}.key"), is_key(&question.key), "invalid_format", "a-z, 0-9 and '_' only");
        let unique = questions.iter().filter(|other| other.key == question.key).count() == 1;
        errors.check(&format!("{field}.key"), unique, "duplicate", "each question key once");
        errors.text(&format!("{field}.prompt"), &question.prompt, 1, PROMPT_MAX);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_names_its_reporters_and_keys_each_item_once() {
        let indicator = |key: &str| Indicator {
            key: key.into(),
            label: "Số hộ được hỗ trợ".into(),
            unit: "hộ".into(),
            breakdown: Breakdown::Area,
        };
        let mut template = CreateReportTemplate {
            code: "BC-THANG".into(),
            name: "Báo cáo tháng".into(),
            period_type: PeriodType::Monthly,
            due_day: 5,
            grace_days: 2,
            reporters: vec![ReporterSource::Members],
            indicators: vec![indicator("households"), indicator("people")],
            questions: vec![],
        };
        assert!(template.validate().is_ok());
        template.indicators.push(indicator("people"));
        template.reporters.clear();
        template.due_day = 40;
        let fields: Vec<String> = template.validate().err().unwrap_or_default().into_iter().map(|e| e.field).collect();
        assert!(fields.contains(&"indicators[2].key".to_owned()), "{fields:?}");
        assert!(fields.contains(&"reporters".to_owned()) && fields.contains(&"due_day".to_owned()), "{fields:?}");
    }
}
