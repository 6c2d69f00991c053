//! Diesel rows of the reports module and their reading into domain types.

use crate::{
    parse_id,
    schema::{
        consolidated_reports, consolidated_revisions, report_figures, report_submission_events, report_submissions,
        report_template_contents, report_templates,
    },
    StoreError,
};
use chrono::{NaiveDate, NaiveDateTime};
use danvan_domain::report::{ReportSection, ReporterSource, Signatory};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = report_templates)]
pub(crate) struct TemplateRow {
    pub id: String,
    pub code: String,
    pub name: String,
    pub period_type: String,
    pub due_day: i32,
    pub grace_days: i32,
    pub reporters: String,
    pub content_version: i64,
    pub archived: bool,
    pub created_by: String,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = report_template_contents)]
pub(crate) struct ContentRow {
    pub template_id: String,
    pub content_version: i64,
    pub indicators: String,
    pub questions: String,
    pub created_by: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = report_submissions)]
#[diesel(treat_none_as_null = true)]
pub(crate) struct SubmissionRow {
    pub id: String,
    pub template_id: String,
    pub content_version: i64,
    pub period_key: String,
    pub due_on: NaiveDate,
    pub late_after: NaiveDate,
    pub reporter_id: String,
    pub obligation_key: Option<String>,
    pub basis: String,
    pub urgent: bool,
    pub title: String,
    pub status: String,
    pub narratives: String,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = report_submission_events)]
pub(crate) struct EventRow {
    pub id: String,
    pub submission_id: String,
    pub from_status: String,
    pub to_status: String,
    pub comment: String,
    pub actor_id: String,
    pub at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = report_figures)]
pub(crate) struct FigureRow {
    pub submission_id: String,
    pub indicator: String,
    /// Empty for a whole-report figure.
    pub item_id: String,
    pub value: i64,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = consolidated_reports)]
#[diesel(treat_none_as_null = true)]
pub(crate) struct ConsolidatedRow {
    pub id: String,
    pub template_id: String,
    pub period_key: String,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub status: String,
    pub number: Option<String>,
    pub title: String,
    pub revision: i64,
    pub body: String,
    pub signed_by: Option<String>,
    pub signed_at: Option<NaiveDateTime>,
    pub created_by: String,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = consolidated_revisions)]
pub(crate) struct RevisionRow {
    pub report_id: String,
    pub revision: i64,
    pub title: String,
    pub body: String,
    pub note: String,
    pub saved_by: String,
    pub saved_at: NaiveDateTime,
}

/// What a reporter covers, as stored with a submission (ids; names are read with it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct StoredBasis {
    pub sources: Vec<ReporterSource>,
    pub target_group_ids: Vec<String>,
    pub field_ids: Vec<String>,
    pub area_ids: Vec<String>,
    pub area_group_ids: Vec<String>,
    pub org_unit_id: Option<String>,
    pub covered_from: NaiveDate,
    pub covered_to: NaiveDate,
}

impl StoredBasis {
    pub fn empty(from: NaiveDate, to: NaiveDate) -> StoredBasis {
        StoredBasis {
            sources: Vec::new(),
            target_group_ids: Vec::new(),
            field_ids: Vec::new(),
            area_ids: Vec::new(),
            area_group_ids: Vec::new(),
            org_unit_id: None,
            covered_from: from,
            covered_to: to,
        }
    }

    /// Adds what `other` covers.
    pub fn absorb(&mut self, other: StoredBasis) {
        fn union(into: &mut Vec<String>, from: Vec<String>) {
            for id in from {
                if !into.contains(&id) {
                    into.push(id);
                }
            }
        }
        for source in other.sources {
            if !self.sources.contains(&source) {
                self.sources.push(source);
            }
        }
        union(&mut self.target_group_ids, other.target_group_ids);
        union(&mut self.field_ids, other.field_ids);
        union(&mut self.area_ids, other.area_ids);
        union(&mut self.area_group_ids, other.area_group_ids);
        self.org_unit_id = self.org_unit_id.take().or(other.org_unit_id);
        self.covered_from = self.covered_from.min(other.covered_from);
        self.covered_to = self.covered_to.max(other.covered_to);
    }

    /// Every id it names, for one name look-up per kind.
    pub fn ids(&self) -> impl Iterator<Item = &String> {
        self.target_group_ids.iter().chain(&self.field_ids).chain(&self.area_ids).chain(&self.area_group_ids)
    }
}

/// The consolidated report's content at a revision (the body column, as JSON).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct ReportBody {
    pub sections: Vec<ReportSection>,
    pub recipients: Vec<String>,
    pub signatory: Signatory,
    pub figures: Vec<danvan_domain::report::ConsolidatedFigure>,
    pub reporters: Vec<danvan_domain::report::ReporterTimeliness>,
    pub approved_count: i64,
    pub excluded_count: i64,
}

pub(crate) fn json<T: Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::Corrupt(e.to_string()))
}

pub(crate) fn from_json<T: for<'de> Deserialize<'de>>(text: &str) -> Result<T, StoreError> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt(format!("stored report JSON: {e}")))
}

pub(crate) fn parse<T>(text: &str, parse: impl Fn(&str) -> Option<T>) -> Result<T, StoreError> {
    parse(text).ok_or_else(|| StoreError::Corrupt(format!("unknown stored value {text:?}")))
}

pub(crate) fn uuid(text: &str) -> Result<uuid::Uuid, StoreError> {
    parse_id(text)
}
