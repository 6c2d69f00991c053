//! A team nominated as an effective model, its evaluations against the rubric, the
//! leadership's decision and the adoptions elsewhere, with the before/after comparison.

use super::{
    teams::{CreateTeam, NOTE_MAX},
    ModelActor,
};
use crate::{
    named::NamedRef,
    validation::{Errors, FieldError},
};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

crate::text_enum! {
    /// Where a model is in the pipeline.
    pub enum ModelStatus {
        /// Put forward with a rationale and evidence; waits for the Office.
        Nominated = "nominated",
        /// The Office is scoring it against the rubric.
        Evaluating = "evaluating",
        /// Evaluated; waits for the leadership.
        AwaitingDecision = "awaiting_decision",
        /// Recommended for replication; other localities may adopt it.
        Recommended = "recommended",
        NotRecommended = "not_recommended",
        /// Sent back for more evidence.
        NeedsEvidence = "needs_evidence",
        /// Taken back by whoever nominated it.
        Withdrawn = "withdrawn",
    }
}

crate::text_enum! {
    /// The rubric a model is evaluated against.
    pub enum Criterion {
        /// What it achieved for residents.
        Effectiveness = "effectiveness",
        /// How far residents and local bodies take part.
        CommunityParticipation = "community_participation",
        /// Whether it keeps going without outside help.
        Sustainability = "sustainability",
        /// How easily another locality could run it.
        Replicability = "replicability",
        /// What it achieves for what it costs.
        CostEfficiency = "cost_efficiency",
    }
}

/// A nominated model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeamModel {
    pub id: Uuid,
    pub team: NamedRef,
    pub province: NamedRef,
    pub status: ModelStatus,
    pub rationale: String,
    pub evidence: String,
    pub nominated_by: NamedRef,
    /// The leadership's reasons, once decided or sent back.
    pub decision_note: String,
    pub decided_by: Option<NamedRef>,
    pub decided_on: Option<NaiveDate>,
    /// How many evaluations it has, and their mean of criterion averages (1–5).
    pub evaluation_count: i64,
    pub evaluation_average: Option<f64>,
    pub adoption_count: i64,
    /// The statuses the caller may move it to now.
    pub allowed_transitions: Vec<ModelStatus>,
    /// How the caller stands to it.
    pub caller_stands_as: Vec<ModelActor>,
    /// Whether the caller may score it now.
    pub can_evaluate: bool,
    /// Whether the caller may record an adoption now.
    pub can_record_adoption: bool,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Body of `POST /api/v1/team-models`: nominates a team.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NominateTeam {
    pub team_id: Uuid,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 5000))]
    pub rationale: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 5000))]
    pub evidence: String,
}

impl NominateTeam {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        errors.text("rationale", &self.rationale, 1, NOTE_MAX);
        errors.text("evidence", &self.evidence, 0, NOTE_MAX);
        errors.finish()
    }
}

/// Body of `PATCH /api/v1/team-models/{id}`: more rationale or evidence, before a decision.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateTeamModel {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 5000))]
    pub rationale: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 5000))]
    pub evidence: Option<String>,
}

impl UpdateTeamModel {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        errors.optional_text("rationale", self.rationale.as_deref(), NOTE_MAX);
        if let Some(evidence) = &self.evidence {
            errors.text("evidence", evidence, 0, NOTE_MAX);
        }
        errors.finish()
    }
}

/// Body of `POST /api/v1/team-models/{id}/transitions`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ModelTransition {
    pub to: ModelStatus,
    /// Why; required for a decision and for sending back.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 5000))]
    pub note: String,
}

impl ModelTransition {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        let needs_reason = matches!(self.to, ModelStatus::NotRecommended | ModelStatus::NeedsEvidence);
        errors.text("note", &self.note, usize::from(needs_reason), NOTE_MAX);
        errors.finish()
    }
}

crate::text_enum! {
    /// What happened on a model's timeline.
    pub enum ModelEventKind {
        Nominated = "nominated",
        Moved = "moved",
        Evaluated = "evaluated",
        Edited = "edited",
        Adopted = "adopted",
    }
}

/// One step on a model's timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ModelEvent {
    pub id: Uuid,
    pub kind: ModelEventKind,
    pub at: DateTime<Utc>,
    pub actor: NamedRef,
    pub from_status: Option<ModelStatus>,
    pub to_status: Option<ModelStatus>,
    pub note: String,
}

/// One criterion's score in an evaluation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CriterionScore {
    pub criterion: Criterion,
    /// 1 (weak) to 5 (excellent).
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 5))]
    pub score: i32,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub comment: String,
}

/// Longest comment on one criterion.
pub const CRITERION_COMMENT_MAX: usize = 2_000;

/// One evaluator's evaluation of a model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ModelEvaluation {
    pub id: Uuid,
    pub model_id: Uuid,
    pub evaluator: NamedRef,
    /// One per criterion of the rubric, in the rubric's order.
    pub scores: Vec<CriterionScore>,
    /// The mean of its scores.
    pub average: f64,
    pub comment: String,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Body of `POST /api/v1/team-models/{id}/evaluations` and of
/// `PATCH /api/v1/model-evaluations/{id}`: a score for every criterion of the rubric.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EvaluateModel {
    #[cfg_attr(feature = "openapi", schema(min_items = 5, max_items = 5))]
    pub scores: Vec<CriterionScore>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 5000))]
    pub comment: String,
}

impl EvaluateModel {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        for criterion in Criterion::ALL {
            let count = self.scores.iter().filter(|score| score.criterion == *criterion).count();
            errors.check("scores", count == 1, "rubric", "must score every criterion of the rubric once");
        }
        for (index, score) in self.scores.iter().enumerate() {
            errors.check(
                &format!("scores[{index}].score"),
                (1..=5).contains(&score.score),
                "out_of_range",
                "must be 1 to 5",
            );
            errors.text(&format!("scores[{index}].comment"), &score.comment, 0, CRITERION_COMMENT_MAX);
        }
        errors.text("comment", &self.comment, 0, NOTE_MAX);
        let mut errors = errors.finish().err().unwrap_or_default();
        errors.dedup();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// The scores in the rubric's order.
    pub fn ordered(&self) -> Vec<CriterionScore> {
        let mut scores = self.scores.clone();
        scores.sort_by_key(|score| score.criterion);
        scores
    }

    /// The mean of the scores.
    pub fn average(&self) -> f64 {
        mean(self.scores.iter().map(|score| f64::from(score.score))).unwrap_or(0.0)
    }
}

/// The evaluations of one criterion across evaluators.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CriterionSummary {
    pub criterion: Criterion,
    pub average: f64,
    pub min: i32,
    pub max: i32,
    /// The population standard deviation: how far the evaluators disagree.
    pub spread: f64,
}

/// A model's evaluations with their summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ModelEvaluations {
    pub evaluations: Vec<ModelEvaluation>,
    /// Per criterion, across evaluators; empty without evaluations.
    pub criteria: Vec<CriterionSummary>,
    /// The mean of the evaluations' averages.
    pub average: Option<f64>,
    /// The standard deviation of the evaluations' averages.
    pub spread: Option<f64>,
}

impl ModelEvaluations {
    pub fn summarise(evaluations: Vec<ModelEvaluation>) -> ModelEvaluations {
        let criteria = if evaluations.is_empty() {
            Vec::new()
        } else {
            Criterion::ALL
                .iter()
                .map(|criterion| {
                    let scores: Vec<i32> = evaluations
                        .iter()
                        .flat_map(|e| e.scores.iter().filter(|s| s.criterion == *criterion).map(|s| s.score))
                        .collect();
                    let values = || scores.iter().map(|score| f64::from(*score));
                    CriterionSummary {
                        criterion: *criterion,
                        average: round2(mean(values()).unwrap_or(0.0)),
                        min: scores.iter().copied().min().unwrap_or(0),
                        max: scores.iter().copied().max().unwrap_or(0),
                        spread: round2(deviation(values()).unwrap_or(0.0)),
                    }
                })
                .collect()
        };
        let averages = || evaluations.iter().map(|e| e.average);
        let (average, spread) = (mean(averages()).map(round2), deviation(averages()).map(round2));
        ModelEvaluations { evaluations, criteria, average, spread }
    }
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, count) = values.fold((0.0, 0u32), |(sum, count), value| (sum + value, count + 1));
    (count > 0).then(|| sum / f64::from(count))
}

fn deviation(values: impl Iterator<Item = f64> + Clone) -> Option<f64> {
    let centre = mean(values.clone())?;
    mean(values.map(|value| (value - centre).powi(2))).map(f64::sqrt)
}

pub(crate) fn round2(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

/// Another locality's adoption of a recommended model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ModelAdoption {
    pub id: Uuid,
    pub model_id: Uuid,
    /// The team that runs the model there.
    pub team: NamedRef,
    pub area: NamedRef,
    pub province: NamedRef,
    pub adopted_on: NaiveDate,
    /// What the locality changed to fit it.
    pub adaptations: String,
    pub recorded_by: NamedRef,
    pub version: i64,
    pub created_at: DateTime<Utc>,
}

/// Body of `POST /api/v1/team-models/{id}/adoptions`: names an existing team
/// (`team_id`) or registers the adopting team (`new_team`), one of the two.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RecordAdoption {
    #[serde(default)]
    pub team_id: Option<Uuid>,
    #[serde(default)]
    pub new_team: Option<CreateTeam>,
    pub adopted_on: NaiveDate,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 5000))]
    pub adaptations: String,
}

impl RecordAdoption {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        errors.check(
            "team_id",
            self.team_id.is_some() != self.new_team.is_some(),
            "one_of",
            "give either team_id or new_team",
        );
        errors.text("adaptations", &self.adaptations, 0, NOTE_MAX);
        let mut errors = errors.finish().err().unwrap_or_default();
        if let Some(team) = &self.new_team {
            if let Err(nested) = team.validate() {
                errors.extend(nested.into_iter().map(|e| FieldError { field: format!("new_team.{}", e.field), ..e }));
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// How many months before and after an adoption the comparison covers.
pub const COMPARISON_MONTHS: i32 = 6;

/// One indicator of the adopting team before and after adoption.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IndicatorComparison {
    pub indicator: NamedRef,
    pub unit: String,
    pub higher_is_better: bool,
    /// Mean of the months before the adoption month; absent without values.
    pub before: Option<f64>,
    /// Mean of the adoption month and those after it.
    pub after: Option<f64>,
    /// Whether the change goes the indicator's good way.
    pub improved: Option<bool>,
    /// The monthly values, oldest first.
    pub series: Vec<super::PeriodScore>,
}

/// Answer of `GET /api/v1/model-adoptions/{id}/comparison`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdoptionComparison {
    pub adoption: ModelAdoption,
    /// `YYYY-MM`: the first and last month compared.
    pub from_period: String,
    pub to_period: String,
    pub indicators: Vec<IndicatorComparison>,
}

impl IndicatorComparison {
    /// The before and after means of `series` split at `adopted` (`YYYY-MM`).
    pub fn split(
        series: &[super::PeriodScore],
        adopted: &str,
        higher_is_better: bool,
    ) -> (Option<f64>, Option<f64>, Option<bool>) {
        let before = mean(series.iter().filter(|p| p.period.as_str() < adopted).map(|p| p.score)).map(round2);
        let after = mean(series.iter().filter(|p| p.period.as_str() >= adopted).map(|p| p.score)).map(round2);
        let improved = match (before, after) {
            (Some(before), Some(after)) if after != before => Some((after > before) == higher_is_better),
            (Some(_), Some(_)) => Some(false),
            _ => None,
        };
        (before, after, improved)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn evaluation(scores: [i32; 5]) -> ModelEvaluation {
        let body = EvaluateModel {
            scores: Criterion::ALL
                .iter()
                .zip(scores)
                .map(|(criterion, score)| CriterionScore { criterion: *criterion, score, comment: String::new() })
                .collect(),
            comment: String::new(),
        };
        ModelEvaluation {
            id: Uuid::nil(),
            model_id: Uuid::nil(),
            evaluator: NamedRef { id: Uuid::nil(), name: String::new() },
            average: body.average(),
            scores: body.ordered(),
            comment: String::new(),
            version: 1,
            created_at: DateTime::default(),
            updated_at: DateTime::default(),
        }
    }

    #[test]
    fn two_evaluators_give_an_average_and_a_spread() {
        let summary = ModelEvaluations::summarise(vec![evaluation([5, 4, 4, 5, 3]), evaluation([3, 4, 4, 5, 3])]);
        assert_eq!(summary.criteria[0].average, 4.0);
        assert_eq!(summary.criteria[0].spread, 1.0);
        assert_eq!((summary.criteria[0].min, summary.criteria[0].max), (3, 5));
        assert_eq!(summary.average, Some(4.0));
        assert_eq!(summary.spread, Some(0.2));
    }

    #[test]
    fn an_evaluation_scores_every_criterion_once_from_one_to_five() {
        let mut body = EvaluateModel {
            scores: vec![CriterionScore { criterion: Criterion::Effectiveness, score: 6, comment: String::new() }],
            comment: String::new(),
        };
        let fields: Vec<String> = body.validate().err().unwrap_or_default().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["scores", "scores[0].score"]);
        body.scores = evaluation([1, 2, 3, 4, 5]).scores;
        assert!(body.validate().is_ok());
    }

    #[test]
    fn before_and_after_split_at_the_adoption_month() {
        let series: Vec<super::super::PeriodScore> = [("2021-08", 10.0), ("2021-09", 20.0), ("2021-10", 40.0)]
            .map(|(period, score)| super::super::PeriodScore { period: period.into(), score })
            .to_vec();
        assert_eq!(IndicatorComparison::split(&series, "2021-10", true), (Some(15.0), Some(40.0), Some(true)));
        assert_eq!(IndicatorComparison::split(&series, "2021-10", false).2, Some(false));
    }
}
