//! The consolidated report of a template's period: built from the approved submissions
//! (each total keeps the submissions it sums), edited by the standing unit with every
//! saved state kept as a revision, signed off by the leader, which numbers it in the
//! Commission's series and locks it.

use super::obligations::list_obligations;
use super::rows::{
    from_json, json, parse, uuid, ConsolidatedRow, ReportBody, RevisionRow, StoredBasis, SubmissionRow, TemplateRow,
};
use super::submissions::basis_names;
use super::templates::{content, find_template};
use crate::limit::LimitInText;
use crate::{
    actor_id, audit, named, new_id, now, paging,
    schema::{
        consolidated_reports, consolidated_revisions, report_figures, report_number_series, report_submissions,
        report_templates, users,
    },
    scope::Viewer,
    tasks::user_names,
    utc, Actor, DbConnection, OptionalRow, StoreError,
};
use chrono::{Datelike, NaiveDate};
use danvan_domain::{
    audit::{AuditAction, AuditEntity},
    named::NamedRef,
    permission::{allows, Action},
    policy,
    report::{
        roman, sum_figures, ConsolidatedFigure, ConsolidatedReport, ConsolidatedRevision, ConsolidatedStatus,
        CreateConsolidatedReport, NarrativeAnswer, PeriodType, ReportPeriod, ReportSection, ReporterTimeliness,
        Signatory, SubmissionStatus, UpdateConsolidatedReport, REPORT_SERIES,
    },
    role::Role,
};
use diesel::prelude::*;
use std::collections::HashMap;
use uuid::Uuid;

/// Whom the Commission's consolidated reports go to, unless edited.
const DEFAULT_RECIPIENTS: &[&str] = &[
    "Thường trực Ban Bí thư (để báo cáo)",
    "Tiểu ban Dân vận (để báo cáo)",
    "Các đồng chí Lãnh đạo Ban",
    "Các vụ, đơn vị thuộc Ban",
    "Lưu Văn phòng Ban",
];

fn require_reader(viewer: &Viewer) -> Result<(), StoreError> {
    if policy::sees_all_reports(viewer.role) {
        Ok(())
    } else {
        Err(StoreError::Forbidden)
    }
}

impl ConsolidatedRow {
    fn status(&self) -> Result<ConsolidatedStatus, StoreError> {
        parse(&self.status, ConsolidatedStatus::parse)
    }
}

fn assemble(conn: &mut DbConnection, viewer: &Viewer, row: ConsolidatedRow) -> Result<ConsolidatedReport, StoreError> {
    Ok(assemble_all(conn, viewer, vec![row])?.remove(0))
}

/// Reports as the API shows them, their templates and signers read once for all of them.
fn assemble_all(
    conn: &mut DbConnection,
    viewer: &Viewer,
    rows: Vec<ConsolidatedRow>,
) -> Result<Vec<ConsolidatedReport>, StoreError> {
    let template_ids: Vec<&str> = rows.iter().map(|row| row.template_id.as_str()).collect();
    let templates: HashMap<String, TemplateRow> = report_templates::table
        .filter(report_templates::id.eq_any(&template_ids))
        .select(TemplateRow::as_select())
        .load(conn)?
        .into_iter()
        .map(|template: TemplateRow| (template.id.clone(), template))
        .collect();
    let signers: Vec<String> = rows.iter().filter_map(|row| row.signed_by.clone()).collect();
    let people = user_names(conn, &signers)?;
    rows.into_iter()
        .map(|row| {
            let template = templates.get(&row.template_id).ok_or(StoreError::NotFound)?;
            let body: ReportBody = from_json(&row.body)?;
            let status = row.status()?;
            let draft = status == ConsolidatedStatus::Draft;
            Ok(ConsolidatedReport {
                id: uuid(&row.id)?,
                template: NamedRef { id: uuid(&template.id)?, name: template.name.clone() },
                period_type: template.period_type()?,
                period: row.period_key,
                period_start: row.period_start,
                period_end: row.period_end,
                title: row.title,
                status,
                number: row.number,
                revision: row.revision,
                figures: body.figures,
                sections: body.sections,
                recipients: body.recipients,
                signatory: body.signatory,
                reporters: body.reporters,
                approved_count: body.approved_count,
                excluded_count: body.excluded_count,
                signed_by: row.signed_by.as_deref().map(|id| named(id, &people)).transpose()?,
                signed_at: row.signed_at.map(utc),
                can_edit: draft && allows(viewer.role, Action::ReportsReview),
                can_sign_off: draft && allows(viewer.role, Action::ReportsSignOff),
                version: row.version,
                created_at: utc(row.created_at),
                updated_at: utc(row.updated_at),
            })
        })
        .collect()
}

fn find(conn: &mut DbConnection, id: Uuid) -> Result<ConsolidatedRow, StoreError> {
    consolidated_reports::table.find(id.to_string()).select(ConsolidatedRow::as_select()).first_row(conn).found()
}

pub fn get_consolidated(conn: &mut DbConnection, viewer: &Viewer, id: Uuid) -> Result<ConsolidatedReport, StoreError> {
    require_reader(viewer)?;
    let row = find(conn, id)?;
    assemble(conn, viewer, row)
}

/// Consolidated reports, most recently changed first; `template_id` narrows to one template.
pub fn list_consolidated(
    conn: &mut DbConnection,
    viewer: &Viewer,
    template_id: Option<Uuid>,
    limit: usize,
    after: Option<&str>,
) -> Result<paging::Page<ConsolidatedReport>, StoreError> {
    require_reader(viewer)?;
    let mut query = consolidated_reports::table.into_boxed();
    if let Some(template) = template_id {
        query = query.filter(consolidated_reports::template_id.eq(template.to_string()));
    }
    let after = paging::after_stamp(after)?;
    let rows: Vec<ConsolidatedRow> =
        paging::seek!(query, consolidated_reports::updated_at, consolidated_reports::id, after, desc)
            .select(ConsolidatedRow::as_select())
            .limit_in_text(paging::fetch(limit))
            .load(conn)?;
    paging::paginate(
        rows,
        limit,
        |row| paging::stamp_key(row.updated_at, &row.id),
        |rows| assemble_all(conn, viewer, rows),
    )
}

/// The approved submissions of a period, with their reporters' names and the names of
/// what their bases cover.
struct Approved {
    rows: Vec<SubmissionRow>,
    bases: Vec<StoredBasis>,
    people: HashMap<String, String>,
    names: HashMap<String, String>,
}

/// The figures of the approved submissions of a period, summed, the approved submissions,
/// and how many submissions were left out.
fn approved_figures(
    conn: &mut DbConnection,
    template_id: &str,
    period_key: &str,
    indicators: &[danvan_domain::report::Indicator],
) -> Result<(Vec<ConsolidatedFigure>, Approved, i64), StoreError> {
    let submissions: Vec<SubmissionRow> = report_submissions::table
        .filter(report_submissions::template_id.eq(template_id))
        .filter(report_submissions::period_key.eq(period_key))
        .filter(report_submissions::obligation_key.is_not_null())
        .select(SubmissionRow::as_select())
        .load(conn)?;
    let (approved, others): (Vec<SubmissionRow>, Vec<SubmissionRow>) =
        submissions.into_iter().partition(|row| row.status == SubmissionStatus::Approved.as_str());
    let ids: Vec<String> = approved.iter().map(|row| row.id.clone()).collect();
    let rows: Vec<(String, String, String, i64)> = report_figures::table
        .filter(report_figures::submission_id.eq_any(&ids))
        .select((
            report_figures::submission_id,
            report_figures::indicator,
            report_figures::item_id,
            report_figures::value,
        ))
        .load(conn)?;
    let reporters: Vec<String> = approved.iter().map(|row| row.reporter_id.clone()).collect();
    let people = user_names(conn, &reporters)?;
    let bases: Vec<StoredBasis> = approved.iter().map(|row| from_json(&row.basis)).collect::<Result<_, _>>()?;
    let names = basis_names(conn, bases.iter())?;
    let reporter_of: HashMap<&str, &str> =
        approved.iter().map(|row| (row.id.as_str(), row.reporter_id.as_str())).collect();
    let mut figures = Vec::with_capacity(rows.len());
    for (submission, indicator, item, value) in rows {
        let reporter = reporter_of.get(submission.as_str()).copied().unwrap_or_default();
        let item = if item.is_empty() { None } else { Some(named(&item, &names)?) };
        figures.push((uuid(&submission)?, named(reporter, &people)?, indicator, item, value));
    }
    let approved = Approved { rows: approved, bases, people, names };
    Ok((sum_figures(indicators, &figures), approved, others.len() as i64))
}

/// One section per narrative question, holding each approved reporter's answer under
/// their name and fields, for the standing unit to edit into prose.
fn assembled_sections(
    questions: &[danvan_domain::report::Question],
    approved: &Approved,
) -> Result<Vec<ReportSection>, StoreError> {
    let Approved { rows, bases, people, names } = approved;
    let mut ordered: Vec<(&SubmissionRow, &StoredBasis)> = rows.iter().zip(bases).collect();
    ordered.sort_by_key(|(row, basis)| {
        let field = basis.field_ids.first().and_then(|id| names.get(id)).cloned().unwrap_or_default();
        (field, people.get(&row.reporter_id).cloned().unwrap_or_default())
    });
    let mut sections = Vec::new();
    for (index, question) in questions.iter().enumerate() {
        let mut paragraphs = Vec::new();
        for (row, basis) in &ordered {
            let answers: Vec<NarrativeAnswer> = from_json(&row.narratives)?;
            let Some(answer) = answers.iter().find(|a| a.question == question.key && !a.text.trim().is_empty()) else {
                continue;
            };
            let fields: Vec<&str> = basis.field_ids.iter().filter_map(|id| names.get(id).map(String::as_str)).collect();
            let who = people.get(&row.reporter_id).cloned().unwrap_or_default();
            let label = if fields.is_empty() { who } else { format!("{who} ({})", fields.join(", ")) };
            paragraphs.push(format!("{label}: {}", answer.text.trim()));
        }
        sections.push(ReportSection {
            heading: format!("{}. {}", roman(index + 1), question.prompt.trim().to_uppercase()),
            text: paragraphs.join("\n\n"),
        });
    }
    Ok(sections)
}

/// The reporters' annex: each obligation's timeliness, and whether it is counted.
fn reporter_annex(
    conn: &mut DbConnection,
    viewer: &Viewer,
    template_id: Uuid,
    period_key: &str,
    today: NaiveDate,
) -> Result<Vec<ReporterTimeliness>, StoreError> {
    Ok(list_obligations(conn, viewer, template_id, period_key, None, today)?
        .into_iter()
        .map(|obligation| ReporterTimeliness {
            reporter: obligation.reporter,
            timeliness: obligation.timeliness,
            submitted_at: obligation.submitted_at,
            counted: obligation.state == danvan_domain::report::ObligationState::Approved,
        })
        .collect())
}

fn save_revision(conn: &mut DbConnection, row: &ConsolidatedRow, author: &str, note: &str) -> Result<(), StoreError> {
    let revision = RevisionRow {
        report_id: row.id.clone(),
        revision: row.revision,
        title: row.title.clone(),
        body: row.body.clone(),
        note: note.to_owned(),
        saved_by: author.to_owned(),
        saved_at: row.updated_at,
    };
    diesel::insert_into(consolidated_revisions::table).values(&revision).execute(conn)?;
    Ok(())
}

/// Builds the consolidated report of a template's period from what is approved so far;
/// one per period (a second answers 409 naming the first).
pub fn create_consolidated(
    conn: &mut DbConnection,
    actor: &Actor,
    viewer: &Viewer,
    request: &CreateConsolidatedReport,
    today: NaiveDate,
) -> Result<ConsolidatedReport, StoreError> {
    let template = find_template(conn, request.template_id)
        .map_err(|_| StoreError::invalid("template_id", "unknown", "no report template has this id"))?;
    let period_type = template.period_type()?;
    if period_type == PeriodType::AdHoc {
        return Err(StoreError::invalid("template_id", "ad_hoc", "ad hoc reports are not consolidated by period"));
    }
    let period = ReportPeriod::parse(period_type, &request.period)
        .ok_or_else(|| StoreError::invalid("period", "invalid_format", "not a period of this template"))?;
    let existing: Option<(String, String)> = consolidated_reports::table
        .filter(consolidated_reports::template_id.eq(&template.id))
        .filter(consolidated_reports::period_key.eq(&period.key))
        .select((consolidated_reports::id, consolidated_reports::title))
        .first_row(conn)
        .optional()?;
    if let Some((id, title)) = existing {
        return Err(StoreError::Duplicate {
            code: "already_consolidated",
            detail: "this period already has its consolidated report".into(),
            existing: NamedRef { id: uuid(&id)?, name: title },
        });
    }
    let content = content(conn, &template.id, template.content_version)?;
    let (figures, approved, excluded) = approved_figures(conn, &template.id, &period.key, &content.indicators)?;
    let sections = assembled_sections(&content.questions, &approved)?;
    let leader: Option<String> = users::table
        .filter(users::role.eq(Role::Leader.as_str()))
        .filter(users::active.eq(true))
        .order(users::display_name)
        .select(users::display_name)
        .first_row(conn)
        .optional()?;
    let body = ReportBody {
        sections,
        recipients: DEFAULT_RECIPIENTS.iter().map(|r| (*r).to_owned()).collect(),
        signatory: Signatory {
            capacity: "K/T TRƯỞNG BAN".into(),
            title: "PHÓ TRƯỞNG BAN THƯỜNG TRỰC".into(),
            name: leader.unwrap_or_default(),
        },
        figures,
        reporters: reporter_annex(conn, viewer, request.template_id, &period.key, today)?,
        approved_count: approved.rows.len() as i64,
        excluded_count: excluded,
    };
    let author = actor_id(actor)?;
    let at = now();
    let row = ConsolidatedRow {
        id: new_id(),
        template_id: template.id.clone(),
        period_key: period.key.clone(),
        period_start: period.start,
        period_end: period.end,
        status: ConsolidatedStatus::Draft.as_str().to_owned(),
        number: None,
        title: format!("{} ({})", template.name, period.key),
        revision: 1,
        body: json(&body)?,
        signed_by: None,
        signed_at: None,
        created_by: author.clone(),
        version: 1,
        created_at: at,
        updated_at: at,
    };
    diesel::insert_into(consolidated_reports::table).values(&row).execute(conn).map_err(|error| match error {
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _) => {
            StoreError::conflict("already_consolidated", "this period already has its consolidated report")
        }
        other => other.into(),
    })?;
    save_revision(conn, &row, &author, "built")?;
    let report = assemble(conn, viewer, row)?;
    let id = report.id.to_string();
    audit::record(
        conn,
        actor,
        AuditAction::Create,
        AuditEntity::ConsolidatedReport,
        Some(&id),
        None::<&()>,
        Some(&report),
    )?;
    Ok(report)
}

fn locked_unless_draft(row: &ConsolidatedRow) -> Result<(), StoreError> {
    if row.status()? == ConsolidatedStatus::Draft {
        Ok(())
    } else {
        Err(StoreError::conflict("locked", "a signed-off report is locked"))
    }
}

/// Saves the standing unit's edits as a new revision; `refresh_figures` sums the approved
/// submissions again.
pub fn update_consolidated(
    conn: &mut DbConnection,
    actor: &Actor,
    viewer: &Viewer,
    id: Uuid,
    expected_version: i64,
    request: &UpdateConsolidatedReport,
    today: NaiveDate,
) -> Result<ConsolidatedReport, StoreError> {
    require_reader(viewer)?;
    let current = find(conn, id)?;
    crate::expect_version(expected_version, crate::Found::Version(current.version))?;
    locked_unless_draft(&current)?;
    let before = assemble(conn, viewer, current.clone())?;
    let edits = request.title.is_some()
        || request.sections.is_some()
        || request.recipients.is_some()
        || request.signatory.is_some();
    if !edits && !request.refresh_figures {
        return Ok(before);
    }
    let mut body: ReportBody = from_json(&current.body)?;
    let mut row = current;
    let mut notes = Vec::new();
    if let Some(title) = &request.title {
        row.title = title.trim().to_owned();
    }
    if let Some(sections) = &request.sections {
        body.sections = sections.clone();
    }
    if let Some(recipients) = &request.recipients {
        body.recipients = recipients.iter().map(|r| r.trim().to_owned()).collect();
    }
    if let Some(signatory) = &request.signatory {
        body.signatory = signatory.clone();
    }
    if edits {
        notes.push("edited");
    }
    if request.refresh_figures {
        let template = find_template(conn, uuid(&row.template_id)?)?;
        let content = content(conn, &template.id, template.content_version)?;
        let (figures, approved, excluded) =
            approved_figures(conn, &row.template_id, &row.period_key, &content.indicators)?;
        body.figures = figures;
        body.approved_count = approved.rows.len() as i64;
        body.excluded_count = excluded;
        body.reporters = reporter_annex(conn, viewer, uuid(&row.template_id)?, &row.period_key, today)?;
        notes.push("refreshed");
    }
    row.body = json(&body)?;
    row.revision += 1;
    row.version += 1;
    row.updated_at = now();
    crate::save_versioned!(conn, consolidated_reports, &row, expected_version)?;
    save_revision(conn, &row, &actor_id(actor)?, &notes.join(", "))?;
    let after = assemble(conn, viewer, row)?;
    let id = id.to_string();
    audit::record(
        conn,
        actor,
        AuditAction::Update,
        AuditEntity::ConsolidatedReport,
        Some(&id),
        Some(&before),
        Some(&after),
    )?;
    Ok(after)
}

/// Every saved state of a report, newest first.
pub fn list_revisions(
    conn: &mut DbConnection,
    viewer: &Viewer,
    id: Uuid,
) -> Result<Vec<ConsolidatedRevision>, StoreError> {
    require_reader(viewer)?;
    find(conn, id)?;
    let rows: Vec<RevisionRow> = consolidated_revisions::table
        .filter(consolidated_revisions::report_id.eq(id.to_string()))
        .order(consolidated_revisions::revision.desc())
        .select(RevisionRow::as_select())
        .load(conn)?;
    let authors: Vec<String> = rows.iter().map(|row| row.saved_by.clone()).collect();
    let people = user_names(conn, &authors)?;
    rows.into_iter()
        .map(|row| {
            let body: ReportBody = from_json(&row.body)?;
            Ok(ConsolidatedRevision {
                revision: row.revision,
                saved_by: named(&row.saved_by, &people)?,
                saved_at: utc(row.saved_at),
                title: row.title,
                sections: body.sections,
                approved_count: body.approved_count,
                note: row.note,
            })
        })
        .collect()
}

/// The next number of `series` in `year`. The series row is made if missing (without
/// conflict when two sign-offs make it at once), then raised: the raise holds the row's
/// lock to the end of the transaction, so two sign-offs never share a number.
fn next_number(conn: &mut DbConnection, series: &str, year: i32) -> Result<i64, StoreError> {
    let seed = (
        report_number_series::series.eq(series),
        report_number_series::year.eq(year),
        report_number_series::last_number.eq(0_i64),
    );
    match conn {
        DbConnection::Sqlite(conn) => {
            diesel::insert_into(report_number_series::table).values(seed).on_conflict_do_nothing().execute(conn)
        }
        DbConnection::Pg(conn) => {
            diesel::insert_into(report_number_series::table).values(seed).on_conflict_do_nothing().execute(conn)
        }
    }?;
    diesel::update(report_number_series::table.find((series, year)))
        .set(report_number_series::last_number.eq(report_number_series::last_number + 1))
        .execute(conn)?;
    Ok(report_number_series::table.find((series, year)).select(report_number_series::last_number).first_row(conn)?)
}

/// The leader signs the report off: it takes the next number of the Commission's series
/// for the year and is locked.
pub fn sign_off_consolidated(
    conn: &mut DbConnection,
    actor: &Actor,
    viewer: &Viewer,
    id: Uuid,
    expected_version: i64,
    today: NaiveDate,
) -> Result<ConsolidatedReport, StoreError> {
    let current = find(conn, id)?;
    crate::expect_version(expected_version, crate::Found::Version(current.version))?;
    locked_unless_draft(&current)?;
    let body: ReportBody = from_json(&current.body)?;
    if body.signatory.name.trim().is_empty() {
        return Err(StoreError::conflict("unsigned", "name who signs before signing off"));
    }
    let before = assemble(conn, viewer, current.clone())?;
    let number = next_number(conn, REPORT_SERIES, today.year())?;
    let me = actor_id(actor)?;
    let mut row = current;
    row.status = ConsolidatedStatus::SignedOff.as_str().to_owned();
    row.number = Some(format!("{number}-{REPORT_SERIES}"));
    row.signed_by = Some(me.clone());
    row.signed_at = Some(now());
    row.revision += 1;
    row.version += 1;
    row.updated_at = now();
    crate::save_versioned!(conn, consolidated_reports, &row, expected_version)?;
    save_revision(conn, &row, &me, "signed_off")?;
    let after = assemble(conn, viewer, row)?;
    let id = id.to_string();
    audit::record(
        conn,
        actor,
        AuditAction::SignOff,
        AuditEntity::ConsolidatedReport,
        Some(&id),
        Some(&before),
        Some(&after),
    )?;
    Ok(after)
}
