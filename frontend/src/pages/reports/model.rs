//! The reports pages' pure logic, tested natively: labels, the figure grid of a report's
//! form (one cell per indicator and item the reporter covers), and reading it back.

use crate::i18n::{t, Lang};
use danvan_domain::{
    named::NamedRef,
    report::{
        FigureValue, NarrativeAnswer, ObligationState, ReportBasis, SubmissionStatus, TemplateContent, Timeliness,
        FIGURE_MAX,
    },
    validation::FieldError,
};

pub fn state_label(lang: Lang, state: ObligationState) -> &'static str {
    t(lang, &format!("reports.state.{}", state.as_str()))
}

pub fn status_label(lang: Lang, status: SubmissionStatus) -> &'static str {
    t(lang, &format!("reports.status.{}", status.as_str()))
}

pub fn timeliness_label(lang: Lang, timeliness: Timeliness) -> &'static str {
    t(lang, &format!("reports.timeliness.{}", timeliness.as_str()))
}

/// One input of a report's figures.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureCell {
    pub indicator: String,
    pub label: String,
    pub unit: String,
    /// The target group, field or area it counts; absent for a whole-report figure.
    pub item: Option<NamedRef>,
    /// As typed; blank when not given.
    pub value: String,
}

impl FigureCell {
    /// The input's id, stable for tests: `fig-people-<item>` or `fig-meetings`.
    pub fn input_id(&self) -> String {
        match &self.item {
            Some(item) => format!("fig-{}-{}", self.indicator, item.id),
            None => format!("fig-{}", self.indicator),
        }
    }
}

/// The grid of a report: for each indicator in the template's order, one cell for the
/// whole report, or one per item of its breakdown the reporter covers; filled from
/// `figures`.
pub fn figure_cells(content: &TemplateContent, basis: &ReportBasis, figures: &[FigureValue]) -> Vec<FigureCell> {
    let mut cells = Vec::new();
    for indicator in &content.indicators {
        let items: Vec<Option<NamedRef>> = match indicator.breakdown {
            danvan_domain::report::Breakdown::None => vec![None],
            breakdown => {
                let ids = basis.items(breakdown);
                let named = basis.target_groups.iter().chain(&basis.fields).chain(&basis.areas);
                named.filter(|n| ids.contains(&n.id)).cloned().map(Some).collect()
            }
        };
        for item in items {
            let id = item.as_ref().map(|item| item.id);
            let value = figures
                .iter()
                .find(|figure| figure.indicator == indicator.key && figure.item_id == id)
                .map(|figure| figure.value.to_string())
                .unwrap_or_default();
            cells.push(FigureCell {
                indicator: indicator.key.clone(),
                label: indicator.label.clone(),
                unit: indicator.unit.clone(),
                item,
                value,
            });
        }
    }
    cells
}

/// The figures the grid holds (blank cells left out), or the errors of the cells that are
/// not whole numbers from 0, named by their input ids.
pub fn figures_of(cells: &[FigureCell]) -> Result<Vec<FigureValue>, Vec<FieldError>> {
    let mut figures = Vec::new();
    let mut errors = Vec::new();
    for cell in cells {
        let text: String = cell.value.chars().filter(|c| !c.is_whitespace() && *c != '.').collect();
        if text.is_empty() {
            continue;
        }
        match text.parse::<i64>() {
            Ok(value) if (0..=FIGURE_MAX).contains(&value) => figures.push(FigureValue {
                indicator: cell.indicator.clone(),
                item_id: cell.item.as_ref().map(|item| item.id),
                value,
            }),
            _ => errors.push(FieldError::new(cell.input_id(), "out_of_range", "a whole number from 0")),
        }
    }
    if errors.is_empty() {
        Ok(figures)
    } else {
        Err(errors)
    }
}

/// The answers as typed, one per question of the template (blank ones included, so a
/// cleared answer is saved cleared).
pub fn answers_of(content: &TemplateContent, texts: &[(String, String)]) -> Vec<NarrativeAnswer> {
    content
        .questions
        .iter()
        .map(|question| NarrativeAnswer {
            question: question.key.clone(),
            text: texts.iter().find(|(key, _)| *key == question.key).map(|(_, text)| text.clone()).unwrap_or_default(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use danvan_domain::report::{Breakdown, Indicator, Question};
    use uuid::Uuid;

    fn content() -> TemplateContent {
        TemplateContent {
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
        }
    }

    fn basis() -> ReportBasis {
        let day = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap_or_default();
        ReportBasis {
            target_groups: vec![
                NamedRef { id: Uuid::from_u128(1), name: "Công nhân".into() },
                NamedRef { id: Uuid::from_u128(2), name: "Thanh niên".into() },
            ],
            covered_from: day,
            covered_to: day,
            ..ReportBasis::default()
        }
    }

    #[test]
    fn the_grid_has_a_cell_per_indicator_and_covered_item_and_reads_back() {
        let saved = vec![FigureValue { indicator: "people".into(), item_id: Some(Uuid::from_u128(2)), value: 40 }];
        let mut cells = figure_cells(&content(), &basis(), &saved);
        assert_eq!(cells.len(), 3);
        assert_eq!(cells[2].value, "40");
        assert_eq!(cells[1].input_id(), format!("fig-people-{}", Uuid::from_u128(1)));
        cells[0].value = "1.200".into();
        let figures = figures_of(&cells).unwrap_or_default();
        assert_eq!(figures.iter().map(|f| f.value).collect::<Vec<_>>(), [1200, 40], "blank cells are left out");
        cells[1].value = "-3".into();
        let errors = figures_of(&cells).err().unwrap_or_default();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, cells[1].input_id());
    }

    #[test]
    fn every_question_is_answered_even_blank() {
        let answers = answers_of(&content(), &[("other".into(), "x".into())]);
        assert_eq!(answers, vec![NarrativeAnswer { question: "results".into(), text: String::new() }]);
        assert_eq!(state_label(Lang::En, ObligationState::SentBack), "Sent back");
        assert_eq!(timeliness_label(Lang::Vi, Timeliness::OnTime), "Đúng hạn");
    }
}
