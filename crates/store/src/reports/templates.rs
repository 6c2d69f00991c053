//! Report templates and their content versions.

use super::rows::{from_json, json, parse, ContentRow, TemplateRow};
use crate::limit::LimitInText;
use crate::{
    actor_id, audit, new_id, now, paging, parse_id,
    schema::{report_template_contents, report_templates},
    utc, Actor, DbConnection, OptionalRow, StoreError,
};
use chrono::NaiveDate;
use danvan_domain::{
    audit::{AuditAction, AuditEntity},
    permission::{allows, Action},
    report::{
        CreateReportTemplate, Indicator, PeriodType, Question, ReportPeriod, ReportTemplate, ReporterSource,
        TemplateContent, UpdateReportTemplate,
    },
    role::Role,
};
use diesel::prelude::*;
use uuid::Uuid;

const CODE_TAKEN: &str = "another template has this code";

pub(crate) fn sources(text: &str) -> Vec<ReporterSource> {
    text.split(',').filter_map(ReporterSource::parse).collect()
}

fn sources_text(sources: &[ReporterSource]) -> String {
    let mut sorted = sources.to_vec();
    sorted.sort();
    sorted.dedup();
    sorted.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(",")
}

impl TemplateRow {
    pub(crate) fn period_type(&self) -> Result<PeriodType, StoreError> {
        parse(&self.period_type, PeriodType::parse)
    }

    /// The period's due day and the last day a report counts as on time (`due_on`, `late_after`).
    pub(crate) fn deadlines(&self, period: &ReportPeriod) -> (NaiveDate, NaiveDate) {
        let due_on = period.due_on(self.due_day);
        (due_on, due_on + chrono::Duration::days(i64::from(self.grace_days)))
    }
}

impl ContentRow {
    pub(crate) fn into_domain(self) -> Result<TemplateContent, StoreError> {
        Ok(TemplateContent {
            content_version: self.content_version,
            indicators: from_json(&self.indicators)?,
            questions: from_json(&self.questions)?,
        })
    }
}

fn assemble(row: TemplateRow, content: TemplateContent, role: Role) -> Result<ReportTemplate, StoreError> {
    Ok(ReportTemplate {
        id: parse_id(&row.id)?,
        period_type: row.period_type()?,
        reporters: sources(&row.reporters),
        code: row.code,
        name: row.name,
        due_day: row.due_day,
        grace_days: row.grace_days,
        indicators: content.indicators,
        questions: content.questions,
        content_version: row.content_version,
        archived: row.archived,
        can_manage: allows(role, Action::ReportsReview),
        version: row.version,
        created_at: utc(row.created_at),
        updated_at: utc(row.updated_at),
    })
}

pub(crate) fn find_template(conn: &mut DbConnection, id: Uuid) -> Result<TemplateRow, StoreError> {
    report_templates::table.find(id.to_string()).select(TemplateRow::as_select()).first_row(conn).found()
}

/// A template's content at `content_version`.
pub(crate) fn content(
    conn: &mut DbConnection,
    template_id: &str,
    content_version: i64,
) -> Result<TemplateContent, StoreError> {
    report_template_contents::table
        .find((template_id, content_version))
        .select(ContentRow::as_select())
        .first_row(conn)
        .found()?
        .into_domain()
}

pub fn get_template(conn: &mut DbConnection, role: Role, id: Uuid) -> Result<ReportTemplate, StoreError> {
    let row = find_template(conn, id)?;
    let content = content(conn, &row.id, row.content_version)?;
    assemble(row, content, role)
}

/// Templates by name, `limit` at a time; live ones only unless `archived` says otherwise.
pub fn list_templates(
    conn: &mut DbConnection,
    role: Role,
    archived: Option<bool>,
    limit: usize,
    after: Option<&str>,
) -> Result<paging::Page<ReportTemplate>, StoreError> {
    let mut query = report_templates::table.into_boxed();
    if let Some(archived) = archived {
        query = query.filter(report_templates::archived.eq(archived));
    }
    let after = match after {
        Some(cursor) => {
            let [name, id] = paging::decode::<2>(cursor)?;
            Some((name, id))
        }
        None => None,
    };
    let rows: Vec<TemplateRow> = paging::seek!(query, report_templates::name, report_templates::id, after, asc)
        .select(TemplateRow::as_select())
        .limit_in_text(paging::fetch(limit))
        .load(conn)?;
    paging::paginate(
        rows,
        limit,
        |row| vec![row.name.clone(), row.id.clone()],
        |rows| {
            let keys: Vec<(String, i64)> = rows.iter().map(|r| (r.id.clone(), r.content_version)).collect();
            let ids: Vec<String> = keys.iter().map(|(id, _)| id.clone()).collect();
            let contents: Vec<ContentRow> = report_template_contents::table
                .filter(report_template_contents::template_id.eq_any(&ids))
                .select(ContentRow::as_select())
                .load(conn)?;
            rows.into_iter()
                .map(|row| {
                    let content = contents
                        .iter()
                        .find(|c| c.template_id == row.id && c.content_version == row.content_version)
                        .cloned()
                        .ok_or_else(|| StoreError::Corrupt(format!("template {} has no content", row.id)))?
                        .into_domain()?;
                    assemble(row, content, role)
                })
                .collect()
        },
    )
}

fn save_content(
    conn: &mut DbConnection,
    template_id: &str,
    content_version: i64,
    indicators: &[Indicator],
    questions: &[Question],
    author: &str,
) -> Result<(), StoreError> {
    let row = ContentRow {
        template_id: template_id.to_owned(),
        content_version,
        indicators: json(&indicators)?,
        questions: json(&questions)?,
        created_by: author.to_owned(),
        created_at: now(),
    };
    diesel::insert_into(report_template_contents::table).values(&row).execute(conn)?;
    Ok(())
}

pub fn create_template(
    conn: &mut DbConnection,
    actor: &Actor,
    role: Role,
    request: &CreateReportTemplate,
) -> Result<ReportTemplate, StoreError> {
    let holders = report_templates::table.filter(report_templates::code.eq(request.code.clone())).into_boxed();
    crate::refuse_taken!(conn, holders, report_templates::id, None::<&str>, "code", CODE_TAKEN)?;
    let author = actor_id(actor)?;
    let at = now();
    let reporters = if request.period_type == PeriodType::AdHoc { Vec::new() } else { request.reporters.clone() };
    let row = TemplateRow {
        id: new_id(),
        code: request.code.clone(),
        name: request.name.trim().to_owned(),
        period_type: request.period_type.as_str().to_owned(),
        due_day: request.due_day,
        grace_days: request.grace_days,
        reporters: sources_text(&reporters),
        content_version: 1,
        archived: false,
        created_by: author.clone(),
        version: 1,
        created_at: at,
        updated_at: at,
    };
    diesel::insert_into(report_templates::table)
        .values(&row)
        .execute(conn)
        .map_err(crate::taken("code", CODE_TAKEN))?;
    save_content(conn, &row.id, 1, &request.indicators, &request.questions, &author)?;
    let id = row.id.clone();
    let template = get_template(conn, role, parse_id(&id)?)?;
    audit::record(
        conn,
        actor,
        AuditAction::Create,
        AuditEntity::ReportTemplate,
        Some(&id),
        None::<&()>,
        Some(&template),
    )?;
    Ok(template)
}

/// Changes a template; new indicators or questions make a new content version, so the
/// reports written against the old one still read as they were written.
pub fn update_template(
    conn: &mut DbConnection,
    actor: &Actor,
    role: Role,
    id: Uuid,
    expected_version: i64,
    request: &UpdateReportTemplate,
) -> Result<ReportTemplate, StoreError> {
    let current = find_template(conn, id)?;
    crate::expect_version(expected_version, crate::Found::Version(current.version))?;
    let before = get_template(conn, role, id)?;
    let mut row = current;
    if let Some(name) = &request.name {
        row.name = name.trim().to_owned();
    }
    row.due_day = request.due_day.unwrap_or(row.due_day);
    row.grace_days = request.grace_days.unwrap_or(row.grace_days);
    if let Some(reporters) = &request.reporters {
        if row.period_type()? != PeriodType::AdHoc {
            if reporters.is_empty() {
                return Err(StoreError::invalid("reporters", "required", "say who owes the report"));
            }
            row.reporters = sources_text(reporters);
        }
    }
    row.archived = request.archived.unwrap_or(row.archived);
    let indicators = request.indicators.clone().unwrap_or_else(|| before.indicators.clone());
    let questions = request.questions.clone().unwrap_or_else(|| before.questions.clone());
    if indicators != before.indicators || questions != before.questions {
        row.content_version += 1;
        save_content(conn, &row.id, row.content_version, &indicators, &questions, &actor_id(actor)?)?;
    }
    row.version += 1;
    row.updated_at = now();
    crate::save_versioned!(conn, report_templates, &row, expected_version)?;
    let after = get_template(conn, role, id)?;
    let id = id.to_string();
    audit::record(
        conn,
        actor,
        AuditAction::Update,
        AuditEntity::ReportTemplate,
        Some(&id),
        Some(&before),
        Some(&after),
    )?;
    Ok(after)
}
