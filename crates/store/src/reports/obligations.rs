//! Who owes which report for a period, derived when read: from the assignment matrix as
//! of the period (each member with a row in force on any day of it, for the union of what
//! their rows cover), from the regional offices' area groups, and from the unit
//! officers' units. Nothing here is typed in: change an assignment and the obligation
//! follows. The state of each obligation is its submission's.

use super::rows::{StoredBasis, SubmissionRow, TemplateRow};
use super::submissions::{basis_names, first_submitted, histories, named_basis, submission_timeliness};
use super::templates::{find_template, sources};
use crate::{
    named,
    schema::{assignment_links, assignments, report_submissions, report_templates, user_scope_area_groups, users},
    scope::Viewer,
    tasks::user_names,
    utc, DbConnection, StoreError,
};
use chrono::NaiveDate;
use danvan_domain::{
    named::NamedRef,
    policy,
    report::{
        Obligation, ObligationState, PeriodType, ReportPeriod, ReporterSource, SubmissionStatus, Timeliness,
        TimelinessRow, TimelinessTable,
    },
    role::Role,
};
use diesel::prelude::*;
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

/// What each reporter owes for `period` (by reporter id), before any submission.
/// `only` narrows to one reporter.
pub(crate) fn owed(
    conn: &mut DbConnection,
    template: &TemplateRow,
    period: &ReportPeriod,
    only: Option<&str>,
) -> Result<BTreeMap<String, StoredBasis>, StoreError> {
    let people = || {
        let mut query = users::table.filter(users::active.eq(true)).into_boxed();
        if let Some(user) = only {
            query = query.filter(users::id.eq(user.to_owned()));
        }
        query
    };
    let mut owed: BTreeMap<String, StoredBasis> = BTreeMap::new();
    let mut add = |user: String, basis: StoredBasis| match owed.get_mut(&user) {
        Some(existing) => existing.absorb(basis),
        None => {
            owed.insert(user, basis);
        }
    };
    let wanted = sources(&template.reporters);
    if wanted.contains(&ReporterSource::Members) {
        for (user, basis) in members(conn, period, only)? {
            add(user, basis);
        }
    }
    if wanted.contains(&ReporterSource::RegionalOffices) {
        let offices: Vec<(String, Option<String>, String)> = people()
            .inner_join(user_scope_area_groups::table.on(user_scope_area_groups::user_id.eq(users::id)))
            .filter(users::role.eq(Role::RegionalOffice.as_str()))
            .select((users::id, users::org_unit_id, user_scope_area_groups::area_group_id))
            .load(conn)?;
        for (user, unit, group) in offices {
            let mut basis = StoredBasis::empty(period.start, period.end);
            basis.sources.push(ReporterSource::RegionalOffices);
            basis.area_group_ids.push(group);
            basis.org_unit_id = unit;
            add(user, basis);
        }
    }
    if wanted.contains(&ReporterSource::UnitOfficers) {
        let officers: Vec<(String, Option<String>)> = people()
            .filter(users::role.eq(Role::UnitOfficer.as_str()))
            .filter(users::org_unit_id.is_not_null())
            .select((users::id, users::org_unit_id))
            .load(conn)?;
        for (user, unit) in officers {
            let mut basis = StoredBasis::empty(period.start, period.end);
            basis.sources.push(ReporterSource::UnitOfficers);
            basis.org_unit_id = unit;
            add(user, basis);
        }
    }
    Ok(owed)
}

/// Each member with an assignment in force on some day of the period, and the union of
/// what those rows cover over the days they cover.
fn members(
    conn: &mut DbConnection,
    period: &ReportPeriod,
    only: Option<&str>,
) -> Result<Vec<(String, StoredBasis)>, StoreError> {
    let mut query = assignments::table.inner_join(users::table.on(users::id.eq(assignments::user_id))).into_boxed();
    if let Some(user) = only {
        query = query.filter(assignments::user_id.eq(user.to_owned()));
    }
    let rows: Vec<(String, String, NaiveDate, Option<NaiveDate>)> = query
        .filter(assignments::superseded_at.is_null())
        .filter(assignments::valid_from.le(period.end))
        .filter(assignments::valid_to.is_null().or(assignments::valid_to.ge(period.start)))
        .filter(users::active.eq(true))
        .select((assignments::id, assignments::user_id, assignments::valid_from, assignments::valid_to))
        .load(conn)?;
    let ids: Vec<String> = rows.iter().map(|row| row.0.clone()).collect();
    let mut links: HashMap<String, Vec<(String, String)>> = HashMap::new();
    for chunk in ids.chunks(500) {
        let found: Vec<(String, String, String)> = assignment_links::table
            .filter(assignment_links::assignment_id.eq_any(chunk))
            .select((assignment_links::assignment_id, assignment_links::kind, assignment_links::ref_id))
            .load(conn)?;
        for (assignment, kind, reference) in found {
            links.entry(assignment).or_default().push((kind, reference));
        }
    }
    let mut by_user: BTreeMap<String, StoredBasis> = BTreeMap::new();
    for (assignment, user, from, to) in rows {
        let mut basis = StoredBasis::empty(from.max(period.start), to.map_or(period.end, |to| to.min(period.end)));
        basis.sources.push(ReporterSource::Members);
        for (kind, reference) in links.remove(&assignment).unwrap_or_default() {
            match kind.as_str() {
                "target_group" => basis.target_group_ids.push(reference),
                "field" => basis.field_ids.push(reference),
                "area" => basis.area_ids.push(reference),
                "area_group" => basis.area_group_ids.push(reference),
                _ => {}
            }
        }
        match by_user.get_mut(&user) {
            Some(existing) => existing.absorb(basis),
            None => {
                by_user.insert(user, basis);
            }
        }
    }
    Ok(by_user.into_iter().collect())
}

/// The state of an obligation given its (non-urgent) submission.
pub(crate) fn state_of(submission: Option<&SubmissionRow>, late_after: NaiveDate, today: NaiveDate) -> ObligationState {
    let status = submission.and_then(|row| SubmissionStatus::parse(&row.status));
    match status {
        Some(SubmissionStatus::Submitted) => ObligationState::Submitted,
        Some(SubmissionStatus::Approved) => ObligationState::Approved,
        Some(SubmissionStatus::Returned) => ObligationState::SentBack,
        _ if today > late_after => ObligationState::Late,
        Some(SubmissionStatus::Draft) => ObligationState::Draft,
        None => ObligationState::NotStarted,
    }
}

/// The obligations of a template's period the viewer sees (everyone's for the standing
/// unit and the leadership, else their own), by reporter name; `reporter` narrows to one.
pub fn list_obligations(
    conn: &mut DbConnection,
    viewer: &Viewer,
    template_id: Uuid,
    period_key: &str,
    reporter: Option<Uuid>,
    today: NaiveDate,
) -> Result<Vec<Obligation>, StoreError> {
    let template = find_template(conn, template_id)?;
    let period_type = template.period_type()?;
    if period_type == PeriodType::AdHoc {
        return Err(StoreError::invalid("template_id", "ad_hoc", "an ad hoc template is owed by no one"));
    }
    let period = ReportPeriod::parse(period_type, period_key)
        .ok_or_else(|| StoreError::invalid("period", "invalid_format", "not a period of this template"))?;
    let only = if policy::sees_all_reports(viewer.role) { reporter } else { Some(viewer.user_id) };
    let only = only.map(|user| user.to_string());
    let mut owed = owed(conn, &template, &period, only.as_deref())?;
    let mut query = report_submissions::table
        .filter(report_submissions::template_id.eq(&template.id))
        .filter(report_submissions::period_key.eq(&period.key))
        .filter(report_submissions::obligation_key.is_not_null())
        .into_boxed();
    if let Some(user) = only {
        query = query.filter(report_submissions::reporter_id.eq(user));
    }
    let submissions: Vec<SubmissionRow> = query.select(SubmissionRow::as_select()).load(conn)?;
    // A report already started keeps the basis it was started on, even when the matrix
    // has changed since.
    for row in &submissions {
        owed.insert(row.reporter_id.clone(), super::rows::from_json(&row.basis)?);
    }
    let ids: Vec<String> = submissions.iter().map(|row| row.id.clone()).collect();
    let histories = histories(conn, &ids)?;
    let submitted_at = |row: &SubmissionRow| histories.get(&row.id).and_then(|history| first_submitted(history));
    let reporters: Vec<String> = owed.keys().cloned().collect();
    let people = user_names(conn, &reporters)?;
    let names = basis_names(conn, owed.values())?;
    let (due_on, late_after) = template.deadlines(&period);
    let template_ref = NamedRef { id: template_id, name: template.name.clone() };
    let mut obligations = owed
        .into_iter()
        .map(|(user, basis)| {
            let submission = submissions.iter().find(|row| row.reporter_id == user);
            // A report started keeps the deadline of when it was started.
            let (due_on, late_after) = submission.map_or((due_on, late_after), |row| (row.due_on, row.late_after));
            Ok(Obligation {
                template: template_ref.clone(),
                period_type,
                period: period.key.clone(),
                period_start: period.start,
                period_end: period.end,
                due_on,
                late_after,
                reporter: named(&user, &people)?,
                basis: named_basis(&basis, &names)?,
                state: state_of(submission, late_after, today),
                timeliness: submission.map_or(Timeliness::of(None, late_after, today), |row| {
                    submission_timeliness(row, submitted_at(row), today)
                }),
                submission_id: submission.map(|row| super::rows::uuid(&row.id)).transpose()?,
                submitted_at: submission.and_then(submitted_at).map(utc),
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    obligations.sort_by(|a, b| a.reporter.name.cmp(&b.reporter.name).then(a.reporter.id.cmp(&b.reporter.id)));
    Ok(obligations)
}

/// What the viewer owes now: for each live periodic template, the last period that has
/// ended, and the two before it while their report is unfinished (the periods reminders
/// speak of), with their states.
pub fn list_my_obligations(
    conn: &mut DbConnection,
    viewer: &Viewer,
    today: NaiveDate,
) -> Result<Vec<Obligation>, StoreError> {
    let templates: Vec<TemplateRow> = report_templates::table
        .filter(report_templates::archived.eq(false))
        .filter(report_templates::period_type.ne(PeriodType::AdHoc.as_str()))
        .order((report_templates::name, report_templates::id))
        .select(TemplateRow::as_select())
        .load(conn)?;
    let mut mine = Vec::new();
    for template in templates {
        let period_type = template.period_type()?;
        let mut period = ReportPeriod::last_ended(period_type, today);
        let id = super::rows::uuid(&template.id)?;
        for back in 0..3 {
            let owed = list_obligations(conn, viewer, id, &period.key, Some(viewer.user_id), today)?;
            mine.extend(owed.into_iter().filter(|obligation| {
                let unfinished = !matches!(obligation.state, ObligationState::Submitted | ObligationState::Approved);
                obligation.reporter.id == viewer.user_id && (back == 0 || unfinished)
            }));
            period = period.previous(period_type);
        }
    }
    Ok(mine)
}

/// Most periods a timeliness table spans.
pub const TIMELINESS_PERIODS_MAX: usize = 12;

/// How each reporter met the deadlines of the `count` periods up to `until` (the last
/// ended period when absent).
pub fn timeliness_table(
    conn: &mut DbConnection,
    viewer: &Viewer,
    template_id: Uuid,
    until: Option<&str>,
    count: usize,
    today: NaiveDate,
) -> Result<TimelinessTable, StoreError> {
    let template = find_template(conn, template_id)?;
    let period_type = template.period_type()?;
    if period_type == PeriodType::AdHoc {
        return Err(StoreError::invalid("template_id", "ad_hoc", "an ad hoc template is owed by no one"));
    }
    let last = match until {
        Some(key) => ReportPeriod::parse(period_type, key)
            .ok_or_else(|| StoreError::invalid("until", "invalid_format", "not a period of this template"))?,
        None => ReportPeriod::last_ended(period_type, today),
    };
    let mut periods = vec![last];
    while periods.len() < count.clamp(1, TIMELINESS_PERIODS_MAX) {
        let earlier = periods[periods.len() - 1].previous(period_type);
        periods.push(earlier);
    }
    periods.reverse();
    let mut rows: Vec<TimelinessRow> = Vec::new();
    let (mut on_time, mut late, mut missing) = (0, 0, 0);
    for (index, period) in periods.iter().enumerate() {
        for obligation in list_obligations(conn, viewer, template_id, &period.key, None, today)? {
            match obligation.timeliness {
                Timeliness::OnTime => on_time += 1,
                Timeliness::Late => late += 1,
                Timeliness::Missing => missing += 1,
                Timeliness::Pending => {}
            }
            let at = match rows.iter().position(|row| row.reporter.id == obligation.reporter.id) {
                Some(at) => at,
                None => {
                    rows.push(TimelinessRow {
                        reporter: obligation.reporter.clone(),
                        cells: vec![None; periods.len()],
                    });
                    rows.len() - 1
                }
            };
            rows[at].cells[index] = Some(obligation.timeliness);
        }
    }
    rows.sort_by(|a, b| a.reporter.name.cmp(&b.reporter.name));
    Ok(TimelinessTable {
        template: NamedRef { id: template_id, name: template.name },
        periods: periods.into_iter().map(|period| period.key).collect(),
        rows,
        on_time,
        late,
        missing,
    })
}
