//! Submissions: a reporter starts their report for a period (a draft saved as they go),
//! submits it, and the standing unit approves it (which locks it) or sends it back.
//! Urgent ad hoc reports tell the group head and the leadership the moment they are
//! submitted.

use super::obligations::owed;
use super::rows::{from_json, json, parse, uuid, EventRow, FigureRow, StoredBasis, SubmissionRow, TemplateRow};
use super::templates::{content, find_template};
use crate::limit::LimitInText;
use crate::notifications::{notify_report, ReportNotice};
use crate::{
    actor_id, audit, lookup, named, new_id, now, paging,
    schema::{
        area_groups, areas, catalog_entries, org_units, report_figures, report_submission_events, report_submissions,
        users,
    },
    scope::Viewer,
    tasks::user_names,
    utc, Actor, DbConnection, OptionalRow, StoreError,
};
use chrono::{NaiveDate, NaiveDateTime};
use danvan_domain::{
    audit::{AuditAction, AuditEntity},
    calendar,
    named::NamedRef,
    notification::NotificationKind,
    policy,
    report::{
        check_against, is_editable, may_move_submission, submission_moves_from, CreateReportSubmission, FigureValue,
        NarrativeAnswer, PeriodType, ReportBasis, ReportPeriod, ReportSubmission, SubmissionActor, SubmissionEvent,
        SubmissionStatus, SubmissionTransition, Timeliness, UpdateReportSubmission,
    },
    role::Role,
};
use diesel::prelude::*;
use std::collections::HashMap;
use uuid::Uuid;

/// Names of target groups, fields, areas, area groups and units, by id.
pub(crate) type BasisNames = HashMap<String, String>;

/// The names of everything `bases` name: one query per kind.
pub(crate) fn basis_names<'a>(
    conn: &mut DbConnection,
    bases: impl Iterator<Item = &'a StoredBasis>,
) -> Result<BasisNames, StoreError> {
    let bases: Vec<&StoredBasis> = bases.collect();
    let ids: Vec<String> = bases.iter().flat_map(|basis| basis.ids().cloned()).collect();
    let units: Vec<String> = bases.iter().filter_map(|basis| basis.org_unit_id.clone()).collect();
    let mut names = HashMap::new();
    for chunk in ids.chunks(500) {
        names.extend(lookup(
            catalog_entries::table
                .filter(catalog_entries::id.eq_any(chunk))
                .select((catalog_entries::id, catalog_entries::name_vi))
                .load(conn)?,
        ));
        names.extend(lookup(areas::table.filter(areas::id.eq_any(chunk)).select((areas::id, areas::name)).load(conn)?));
        names.extend(lookup(
            area_groups::table
                .filter(area_groups::id.eq_any(chunk))
                .select((area_groups::id, area_groups::name))
                .load(conn)?,
        ));
    }
    names.extend(lookup(
        org_units::table.filter(org_units::id.eq_any(&units)).select((org_units::id, org_units::name)).load(conn)?,
    ));
    Ok(names)
}

pub(crate) fn named_basis(basis: &StoredBasis, names: &BasisNames) -> Result<ReportBasis, StoreError> {
    let refs = |ids: &[String]| -> Result<Vec<NamedRef>, StoreError> {
        let mut refs = ids.iter().map(|id| named(id, names)).collect::<Result<Vec<_>, _>>()?;
        refs.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(refs)
    };
    let mut areas = refs(&basis.area_group_ids)?;
    areas.extend(refs(&basis.area_ids)?);
    Ok(ReportBasis {
        sources: basis.sources.clone(),
        target_groups: refs(&basis.target_group_ids)?,
        fields: refs(&basis.field_ids)?,
        areas,
        org_unit: basis.org_unit_id.as_deref().map(|id| named(id, names)).transpose()?,
        covered_from: basis.covered_from,
        covered_to: basis.covered_to,
    })
}

/// How the report met its deadline, counting from its first submission.
pub(crate) fn submission_timeliness(
    row: &SubmissionRow,
    submitted_at: Option<NaiveDateTime>,
    today: NaiveDate,
) -> Timeliness {
    Timeliness::of(submitted_at.map(|at| calendar::today(utc(at))), row.late_after, today)
}

/// The moves of each of `ids`, oldest first: one query.
pub(crate) fn histories(conn: &mut DbConnection, ids: &[String]) -> Result<HashMap<String, Vec<EventRow>>, StoreError> {
    let rows: Vec<EventRow> = report_submission_events::table
        .filter(report_submission_events::submission_id.eq_any(ids))
        .order((report_submission_events::submission_id, report_submission_events::at, report_submission_events::id))
        .select(EventRow::as_select())
        .load(conn)?;
    let mut by_submission: HashMap<String, Vec<EventRow>> = HashMap::new();
    for row in rows {
        by_submission.entry(row.submission_id.clone()).or_default().push(row);
    }
    Ok(by_submission)
}

/// When a history first went to the standing unit.
pub(crate) fn first_submitted(history: &[EventRow]) -> Option<NaiveDateTime> {
    history.iter().find(|event| event.to_status == SubmissionStatus::Submitted.as_str()).map(|event| event.at)
}

impl SubmissionRow {
    fn status(&self) -> Result<SubmissionStatus, StoreError> {
        parse(&self.status, SubmissionStatus::parse)
    }

    fn actors(&self, viewer: &Viewer) -> Vec<SubmissionActor> {
        SubmissionActor::of(viewer.role, self.reporter_id == viewer.user_id.to_string())
    }
}

fn sees(viewer: &Viewer, row: &SubmissionRow) -> bool {
    policy::sees_all_reports(viewer.role) || row.reporter_id == viewer.user_id.to_string()
}

/// The stored submission, when the viewer sees it.
pub(crate) fn find_submission(conn: &mut DbConnection, viewer: &Viewer, id: Uuid) -> Result<SubmissionRow, StoreError> {
    let row: SubmissionRow =
        report_submissions::table.find(id.to_string()).select(SubmissionRow::as_select()).first_row(conn).found()?;
    if sees(viewer, &row) {
        Ok(row)
    } else {
        Err(StoreError::NotFound)
    }
}

fn figures_of(conn: &mut DbConnection, ids: &[String]) -> Result<HashMap<String, Vec<FigureValue>>, StoreError> {
    let rows: Vec<FigureRow> = report_figures::table
        .filter(report_figures::submission_id.eq_any(ids))
        .order((report_figures::submission_id, report_figures::indicator, report_figures::item_id))
        .select(FigureRow::as_select())
        .load(conn)?;
    let mut by_submission: HashMap<String, Vec<FigureValue>> = HashMap::new();
    for row in rows {
        let item_id = if row.item_id.is_empty() { None } else { Some(uuid(&row.item_id)?) };
        by_submission.entry(row.submission_id).or_default().push(FigureValue {
            indicator: row.indicator,
            item_id,
            value: row.value,
        });
    }
    Ok(by_submission)
}

/// Turns rows into submissions as the viewer sees them, in a fixed number of queries.
fn assemble(
    conn: &mut DbConnection,
    viewer: &Viewer,
    rows: Vec<SubmissionRow>,
    today: NaiveDate,
) -> Result<Vec<ReportSubmission>, StoreError> {
    let ids: Vec<String> = rows.iter().map(|row| row.id.clone()).collect();
    let mut figures = figures_of(conn, &ids)?;
    let mut histories = histories(conn, &ids)?;
    let people: Vec<String> = rows
        .iter()
        .map(|row| row.reporter_id.clone())
        .chain(histories.values().flatten().map(|event| event.actor_id.clone()))
        .collect();
    let people = user_names(conn, &people)?;
    let bases: Vec<StoredBasis> = rows.iter().map(|row| from_json(&row.basis)).collect::<Result<_, _>>()?;
    let names = basis_names(conn, bases.iter())?;
    let template_ids: Vec<String> = rows.iter().map(|row| row.template_id.clone()).collect();
    let templates: Vec<TemplateRow> = crate::schema::report_templates::table
        .filter(crate::schema::report_templates::id.eq_any(&template_ids))
        .select(TemplateRow::as_select())
        .load(conn)?;
    let mut contents = HashMap::new();
    rows.into_iter()
        .zip(bases)
        .map(|(row, basis)| {
            let template = templates
                .iter()
                .find(|t| t.id == row.template_id)
                .ok_or_else(|| StoreError::Corrupt(format!("submission {} has no template", row.id)))?;
            let key = (row.template_id.clone(), row.content_version);
            if !contents.contains_key(&key) {
                contents.insert(key.clone(), content(conn, &row.template_id, row.content_version)?);
            }
            let status = row.status()?;
            let actors = row.actors(viewer);
            let period_type = template.period_type()?;
            let period = ReportPeriod::parse(period_type, &row.period_key)
                .ok_or_else(|| StoreError::Corrupt(format!("submission {} has period {:?}", row.id, row.period_key)))?;
            let history = histories.remove(&row.id).unwrap_or_default();
            let submitted_at = first_submitted(&history);
            let review = history.iter().rev().find(|event| event.to_status != SubmissionStatus::Submitted.as_str());
            let review = match status {
                SubmissionStatus::Approved | SubmissionStatus::Returned => review,
                _ => None,
            };
            Ok(ReportSubmission {
                id: uuid(&row.id)?,
                template: NamedRef { id: uuid(&template.id)?, name: template.name.clone() },
                content: contents[&key].clone(),
                period_type,
                period: row.period_key.clone(),
                period_start: period.start,
                period_end: period.end,
                due_on: row.due_on,
                late_after: row.late_after,
                reporter: named(&row.reporter_id, &people)?,
                basis: named_basis(&basis, &names)?,
                urgent: row.urgent,
                title: row.title.clone(),
                status,
                figures: figures.remove(&row.id).unwrap_or_default(),
                narratives: from_json(&row.narratives)?,
                submitted_at: submitted_at.map(utc),
                timeliness: submission_timeliness(&row, submitted_at, today),
                reviewed_by: review.map(|event| named(&event.actor_id, &people)).transpose()?,
                reviewed_at: review.map(|event| utc(event.at)),
                review_comment: review.map(|event| event.comment.clone()).unwrap_or_default(),
                history: history
                    .iter()
                    .map(|event| {
                        Ok(SubmissionEvent {
                            from: parse(&event.from_status, SubmissionStatus::parse)?,
                            to: parse(&event.to_status, SubmissionStatus::parse)?,
                            comment: event.comment.clone(),
                            actor: named(&event.actor_id, &people)?,
                            at: utc(event.at),
                        })
                    })
                    .collect::<Result<_, StoreError>>()?,
                allowed_transitions: submission_moves_from(status, &actors),
                can_edit: actors.contains(&SubmissionActor::Reporter) && is_editable(status),
                caller_stands_as: actors,
                version: row.version,
                created_at: utc(row.created_at),
                updated_at: utc(row.updated_at),
            })
        })
        .collect()
}

pub fn get_submission(
    conn: &mut DbConnection,
    viewer: &Viewer,
    id: Uuid,
    today: NaiveDate,
) -> Result<ReportSubmission, StoreError> {
    let row = find_submission(conn, viewer, id)?;
    Ok(assemble(conn, viewer, vec![row], today)?.remove(0))
}

/// Filters of the submission list.
#[derive(Debug, Clone, Default)]
pub struct SubmissionFilter {
    pub status: Option<SubmissionStatus>,
    pub reporter_id: Option<Uuid>,
    pub template_id: Option<Uuid>,
    /// Needs `template_id`.
    pub period: Option<String>,
}

fn submissions_query(
    viewer: &Viewer,
    filter: &SubmissionFilter,
) -> report_submissions::BoxedQuery<'static, crate::db::MultiBackend> {
    let mut query = report_submissions::table.into_boxed();
    let reporter = if policy::sees_all_reports(viewer.role) { filter.reporter_id } else { Some(viewer.user_id) };
    if let Some(reporter) = reporter {
        query = query.filter(report_submissions::reporter_id.eq(reporter.to_string()));
    }
    if let Some(status) = filter.status {
        query = query.filter(report_submissions::status.eq(status.as_str()));
    }
    if let Some(template) = filter.template_id {
        query = query.filter(report_submissions::template_id.eq(template.to_string()));
        if let Some(period) = &filter.period {
            query = query.filter(report_submissions::period_key.eq(period.clone()));
        }
    }
    query
}

/// Submissions the viewer sees (everyone's for the national roles), most recently
/// changed first; the review queue is `status=submitted`.
pub fn list_submissions(
    conn: &mut DbConnection,
    viewer: &Viewer,
    filter: &SubmissionFilter,
    limit: usize,
    after: Option<&str>,
    today: NaiveDate,
) -> Result<paging::Page<ReportSubmission>, StoreError> {
    let after = paging::after_stamp(after)?;
    let rows: Vec<SubmissionRow> = paging::seek!(
        submissions_query(viewer, filter),
        report_submissions::updated_at,
        report_submissions::id,
        after,
        desc
    )
    .select(SubmissionRow::as_select())
    .limit_in_text(paging::fetch(limit))
    .load(conn)?;
    paging::paginate(
        rows,
        limit,
        |row| paging::stamp_key(row.updated_at, &row.id),
        |rows| assemble(conn, viewer, rows, today),
    )
}

/// The query `list_submissions` runs for its first page, for the query-plan test.
pub fn explain_submissions(
    conn: &mut DbConnection,
    viewer: &Viewer,
    filter: &SubmissionFilter,
) -> Result<Vec<String>, StoreError> {
    let query = paging::seek!(
        submissions_query(viewer, filter),
        report_submissions::updated_at,
        report_submissions::id,
        None::<(NaiveDateTime, String)>,
        desc
    )
    .select(report_submissions::id)
    .limit_in_text(paging::fetch(danvan_domain::page::DEFAULT_LIMIT as usize));
    crate::explain::plan(conn, query)
}

fn write_figures(conn: &mut DbConnection, submission: &str, figures: &[FigureValue]) -> Result<(), StoreError> {
    diesel::delete(report_figures::table.filter(report_figures::submission_id.eq(submission))).execute(conn)?;
    let rows: Vec<FigureRow> = figures
        .iter()
        .map(|figure| FigureRow {
            submission_id: submission.to_owned(),
            indicator: figure.indicator.clone(),
            item_id: figure.item_id.map(|id| id.to_string()).unwrap_or_default(),
            value: figure.value,
        })
        .collect();
    crate::insert_many!(conn, report_figures::table, &rows, 4)?;
    Ok(())
}

/// What the caller covers for `period` of `template`, when they owe it; for an ad hoc
/// template, what they cover that day by any source.
fn caller_basis(
    conn: &mut DbConnection,
    template: &TemplateRow,
    period: &ReportPeriod,
    viewer: &Viewer,
) -> Result<Option<StoredBasis>, StoreError> {
    let me = viewer.user_id.to_string();
    let mut owing = template.clone();
    if template.period_type()? == PeriodType::AdHoc {
        owing.reporters = "members,regional_offices,unit_officers".into();
    }
    let mut owed = owed(conn, &owing, period, Some(&me))?;
    Ok(owed.remove(&me))
}

/// Starts the caller's report: for a periodic template, the one they owe for the period
/// (once: a second start answers 409 naming the first); for an ad hoc one, a report dated
/// today.
pub fn create_submission(
    conn: &mut DbConnection,
    actor: &Actor,
    viewer: &Viewer,
    request: &CreateReportSubmission,
    today: NaiveDate,
) -> Result<ReportSubmission, StoreError> {
    let template = find_template(conn, request.template_id)
        .map_err(|_| StoreError::invalid("template_id", "unknown", "no report template has this id"))?;
    if template.archived {
        return Err(StoreError::conflict("archived", "this template is archived"));
    }
    let period_type = template.period_type()?;
    let period = match (period_type, &request.period) {
        (PeriodType::AdHoc, _) => ReportPeriod::containing(PeriodType::AdHoc, today),
        (_, Some(key)) => ReportPeriod::parse(period_type, key)
            .ok_or_else(|| StoreError::invalid("period", "invalid_format", "not a period of this template"))?,
        (_, None) => return Err(StoreError::invalid("period", "required", "name the period reported on")),
    };
    let ad_hoc = period_type == PeriodType::AdHoc;
    if request.urgent && !ad_hoc {
        return Err(StoreError::invalid("urgent", "periodic", "urgent reports are filed on an ad hoc template"));
    }
    if ad_hoc && request.title.trim().is_empty() {
        return Err(StoreError::invalid("title", "required", "an ad hoc report needs a title"));
    }
    let me = viewer.user_id.to_string();
    let basis = match caller_basis(conn, &template, &period, viewer)? {
        Some(basis) => basis,
        None if ad_hoc => StoredBasis::empty(period.start, period.end),
        None => {
            return Err(StoreError::invalid("period", "not_owed", "you owe no report on this template for this period"))
        }
    };
    let obligation_key = (!ad_hoc).then(|| format!("{}:{}:{me}", template.id, period.key));
    if let Some(key) = &obligation_key {
        let existing: Option<(String, String)> = report_submissions::table
            .filter(report_submissions::obligation_key.eq(key))
            .select((report_submissions::id, report_submissions::title))
            .first_row(conn)
            .optional()?;
        if let Some((id, title)) = existing {
            return Err(StoreError::Duplicate {
                code: "already_started",
                detail: "your report for this period is already started".into(),
                existing: NamedRef { id: uuid(&id)?, name: title },
            });
        }
    }
    let content = content(conn, &template.id, template.content_version)?;
    let names = basis_names(conn, std::iter::once(&basis))?;
    check_against(&content, &named_basis(&basis, &names)?, &request.figures, &request.narratives, false)
        .map_err(StoreError::Invalid)?;
    let (due_on, late_after) = template.deadlines(&period);
    let at = now();
    let title = if ad_hoc { request.title.trim().to_owned() } else { format!("{} {}", template.name, period.key) };
    let row = SubmissionRow {
        id: new_id(),
        template_id: template.id.clone(),
        content_version: template.content_version,
        period_key: period.key.clone(),
        due_on,
        late_after,
        reporter_id: me,
        obligation_key,
        basis: json(&basis)?,
        urgent: request.urgent,
        title,
        status: SubmissionStatus::Draft.as_str().to_owned(),
        narratives: json(&request.narratives)?,
        version: 1,
        created_at: at,
        updated_at: at,
    };
    diesel::insert_into(report_submissions::table).values(&row).execute(conn).map_err(|error| match error {
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _) => {
            StoreError::conflict("already_started", "your report for this period is already started")
        }
        other => other.into(),
    })?;
    write_figures(conn, &row.id, &request.figures)?;
    let submission = assemble(conn, viewer, vec![row], today)?.remove(0);
    let id = submission.id.to_string();
    audit::record(
        conn,
        actor,
        AuditAction::Create,
        AuditEntity::ReportSubmission,
        Some(&id),
        None::<&()>,
        Some(&submission),
    )?;
    Ok(submission)
}

/// Saves the reporter's draft (or a report sent back). An approved report is locked (409).
pub fn update_submission(
    conn: &mut DbConnection,
    actor: &Actor,
    viewer: &Viewer,
    id: Uuid,
    expected_version: i64,
    request: &UpdateReportSubmission,
    today: NaiveDate,
) -> Result<ReportSubmission, StoreError> {
    let current = find_submission(conn, viewer, id)?;
    crate::expect_version(expected_version, crate::Found::Version(current.version))?;
    let status = current.status()?;
    if current.reporter_id != viewer.user_id.to_string() {
        return Err(StoreError::Forbidden);
    }
    if !is_editable(status) {
        let detail = if status == SubmissionStatus::Approved {
            "an approved report is locked; the standing unit may reopen it"
        } else {
            "a submitted report is with the standing unit; it changes once sent back"
        };
        return Err(StoreError::conflict("locked", detail));
    }
    let before = assemble(conn, viewer, vec![current.clone()], today)?.remove(0);
    let figures = request.figures.clone().unwrap_or_else(|| before.figures.clone());
    let narratives: Vec<NarrativeAnswer> = request.narratives.clone().unwrap_or_else(|| before.narratives.clone());
    check_against(&before.content, &before.basis, &figures, &narratives, false).map_err(StoreError::Invalid)?;
    let mut row = current;
    if let Some(title) = &request.title {
        if row.urgent || row.obligation_key.is_none() {
            if title.trim().is_empty() {
                return Err(StoreError::invalid("title", "required", "an ad hoc report needs a title"));
            }
            row.title = title.trim().to_owned();
        }
    }
    row.narratives = json(&narratives)?;
    row.version += 1;
    row.updated_at = now();
    crate::save_versioned!(conn, report_submissions, &row, expected_version)?;
    if request.figures.is_some() {
        write_figures(conn, &row.id, &figures)?;
    }
    let after = assemble(conn, viewer, vec![row], today)?.remove(0);
    let id = id.to_string();
    audit::record(
        conn,
        actor,
        AuditAction::Update,
        AuditEntity::ReportSubmission,
        Some(&id),
        Some(&before),
        Some(&after),
    )?;
    Ok(after)
}

fn active_users_in(conn: &mut DbConnection, roles: &[Role]) -> Result<Vec<String>, StoreError> {
    let roles: Vec<&str> = roles.iter().map(|role| role.as_str()).collect();
    Ok(users::table.filter(users::role.eq_any(roles)).filter(users::active.eq(true)).select(users::id).load(conn)?)
}

/// Moves a submission along the transition table: submit (complete answers required),
/// approve (locks it), send back or reopen (with a comment; the reporter is told).
pub fn transition_submission(
    conn: &mut DbConnection,
    actor: &Actor,
    viewer: &Viewer,
    id: Uuid,
    expected_version: i64,
    request: &SubmissionTransition,
    today: NaiveDate,
) -> Result<ReportSubmission, StoreError> {
    let current = find_submission(conn, viewer, id)?;
    crate::expect_version(expected_version, crate::Found::Version(current.version))?;
    let from = current.status()?;
    let to = request.to;
    if !may_move_submission(from, to, &current.actors(viewer)) {
        return Err(StoreError::conflict(
            "transition_not_allowed",
            format!("a report {from} cannot be moved to {to} by you"),
        ));
    }
    let before = assemble(conn, viewer, vec![current.clone()], today)?.remove(0);
    if to == SubmissionStatus::Submitted {
        check_against(&before.content, &before.basis, &before.figures, &before.narratives, true)
            .map_err(StoreError::Invalid)?;
    }
    let me = actor_id(actor)?;
    let at = now();
    let mut row = current;
    row.status = to.as_str().to_owned();
    row.version += 1;
    row.updated_at = at;
    crate::save_versioned!(conn, report_submissions, &row, expected_version)?;
    let event = EventRow {
        id: new_id(),
        submission_id: row.id.clone(),
        from_status: from.as_str().to_owned(),
        to_status: to.as_str().to_owned(),
        comment: request.comment.trim().to_owned(),
        actor_id: me.clone(),
        at,
    };
    diesel::insert_into(report_submission_events::table).values(&event).execute(conn)?;
    let notice = |kind| ReportNotice {
        kind,
        template_id: row.template_id.clone(),
        submission_id: Some(row.id.clone()),
        period: row.period_key.clone(),
        actor_id: Some(me.clone()),
        due_on: None,
    };
    if to == SubmissionStatus::Returned {
        notify_report(conn, std::slice::from_ref(&row.reporter_id), &notice(NotificationKind::ReportReturned))?;
    }
    if to == SubmissionStatus::Submitted && row.urgent && from == SubmissionStatus::Draft {
        let recipients: Vec<String> =
            active_users_in(conn, &[Role::GroupHead, Role::Leader])?.into_iter().filter(|user| *user != me).collect();
        notify_report(conn, &recipients, &notice(NotificationKind::ReportUrgent))?;
    }
    let after = assemble(conn, viewer, vec![row], today)?.remove(0);
    let action = if to == SubmissionStatus::Approved { AuditAction::Approve } else { AuditAction::Transition };
    let id = id.to_string();
    audit::record(conn, actor, action, AuditEntity::ReportSubmission, Some(&id), Some(&before), Some(&after))?;
    Ok(after)
}

/// Dates every move of a submission `at`: for demonstration data and imports of reports
/// made on paper, whose timeliness is that of their real dates.
pub fn backdate_moves(conn: &mut DbConnection, id: Uuid, at: NaiveDateTime) -> Result<(), StoreError> {
    diesel::update(report_submission_events::table.filter(report_submission_events::submission_id.eq(id.to_string())))
        .set(report_submission_events::at.eq(at))
        .execute(conn)?;
    Ok(())
}
