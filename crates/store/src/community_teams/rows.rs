//! The stored rows of community teams and their models.

use crate::schema::{
    community_teams, model_adoptions, model_evaluations, team_activities, team_indicators, team_kinds, team_members,
    team_model_events, team_models,
};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = team_kinds)]
pub(super) struct KindRow {
    pub id: String,
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    pub active: bool,
    pub position: i64,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = team_indicators)]
pub(super) struct IndicatorRow {
    pub id: String,
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    pub unit: String,
    pub higher_is_better: bool,
    pub weight: f64,
    pub active: bool,
    pub position: i64,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = community_teams)]
#[diesel(treat_none_as_null = true)]
pub(super) struct TeamRow {
    pub id: String,
    pub name: String,
    pub name_folded: String,
    pub kind_id: String,
    pub area_id: String,
    pub province_id: String,
    pub founded_on: NaiveDate,
    pub status: String,
    pub org_unit_id: Option<String>,
    pub partner_body: String,
    pub description: String,
    pub households_covered: i64,
    pub created_by: String,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = team_members)]
#[diesel(treat_none_as_null = true)]
pub(super) struct MemberRow {
    pub id: String,
    pub team_id: String,
    pub name: String,
    pub role: String,
    pub affiliation: String,
    pub joined_on: NaiveDate,
    pub left_on: Option<NaiveDate>,
    pub phone_sealed: Option<String>,
    pub phone_hash: Option<String>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = team_activities)]
pub(super) struct ActivityRow {
    pub id: String,
    pub team_id: String,
    pub occurred_on: NaiveDate,
    pub kind: String,
    pub households_reached: i64,
    pub people_supported: i64,
    pub note: String,
    pub created_by: String,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = team_models)]
#[diesel(treat_none_as_null = true)]
pub(super) struct ModelRow {
    pub id: String,
    pub team_id: String,
    pub province_id: String,
    pub status: String,
    pub rationale: String,
    pub evidence: String,
    pub nominated_by: String,
    pub decision_note: String,
    pub decided_by: Option<String>,
    pub decided_on: Option<NaiveDate>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = team_model_events)]
pub(super) struct ModelEventRow {
    pub id: String,
    pub model_id: String,
    pub at: NaiveDateTime,
    pub actor_id: String,
    pub kind: String,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    pub note: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = model_evaluations)]
pub(super) struct EvaluationRow {
    pub id: String,
    pub model_id: String,
    pub evaluator_id: String,
    pub scores_json: String,
    pub average: f64,
    pub comment: String,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = model_adoptions)]
pub(super) struct AdoptionRow {
    pub id: String,
    pub model_id: String,
    pub team_id: String,
    pub province_id: String,
    pub adopted_on: NaiveDate,
    pub adaptations: String,
    pub recorded_by: String,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Parses a stored enum text, or says the row is corrupt.
pub(super) fn parse<T>(text: &str, parse: fn(&str) -> Option<T>) -> Result<T, crate::StoreError> {
    parse(text).ok_or_else(|| crate::StoreError::Corrupt(format!("unknown value {text:?}")))
}
