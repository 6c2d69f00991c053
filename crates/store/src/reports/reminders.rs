//! Reminders to reporters who have not submitted: `report_due` from three days before
//! the due day to the end of the grace, then `report_overdue`, each once per obligation
//! and day. They are materialised when the reporter reads the bell, like the tasks'.

use super::obligations::owed;
use super::rows::TemplateRow;
use crate::notifications::ReportNotice;
use crate::{
    schema::{notifications, report_submissions, report_templates},
    DbConnection, StoreError,
};
use chrono::{Duration, NaiveDate};
use danvan_domain::{
    notification::NotificationKind,
    report::{PeriodType, ReportPeriod, SubmissionStatus},
};
use diesel::prelude::*;
use uuid::Uuid;

/// How many days before the due day the first reminder comes.
pub const REMIND_DAYS_BEFORE: i64 = 3;
/// How many past periods are still reminded of.
const PERIODS_BACK: usize = 3;

/// The reminders the user should have today and has not: dedupe key and notice.
pub(crate) fn missing_reminders(
    conn: &mut DbConnection,
    user_id: Uuid,
    today: NaiveDate,
) -> Result<Vec<(String, ReportNotice)>, StoreError> {
    let me = user_id.to_string();
    let templates: Vec<TemplateRow> = report_templates::table
        .filter(report_templates::archived.eq(false))
        .filter(report_templates::period_type.ne(PeriodType::AdHoc.as_str()))
        .select(TemplateRow::as_select())
        .load(conn)?;
    let mut wanted = Vec::new();
    for template in templates {
        let period_type = template.period_type()?;
        let mut period = ReportPeriod::containing(period_type, today);
        for _ in 0..PERIODS_BACK {
            let (due_on, late_after) = template.deadlines(&period);
            let kind = if today > late_after {
                Some(NotificationKind::ReportOverdue)
            } else if today >= due_on - Duration::days(REMIND_DAYS_BEFORE) {
                Some(NotificationKind::ReportDue)
            } else {
                None
            };
            if let Some(kind) = kind {
                // The one-row lookup first: a report already sent spares working out the obligations.
                if !submitted(conn, &template, &period, &me)?
                    && owed(conn, &template, &period, Some(&me))?.contains_key(&me)
                {
                    let key = format!("{}:{}:{}:{today}", kind.as_str(), template.id, period.key);
                    let notice = ReportNotice {
                        kind,
                        template_id: template.id.clone(),
                        submission_id: None,
                        period: period.key.clone(),
                        actor_id: None,
                        due_on: Some(due_on),
                    };
                    wanted.push((key, notice));
                }
            }
            period = period.previous(period_type);
        }
    }
    if wanted.is_empty() {
        return Ok(wanted);
    }
    let keys: Vec<String> = wanted.iter().map(|(key, _)| key.clone()).collect();
    let existing: Vec<Option<String>> = notifications::table
        .filter(notifications::user_id.eq(&me))
        .filter(notifications::dedupe_key.eq_any(keys))
        .select(notifications::dedupe_key)
        .load(conn)?;
    Ok(wanted.into_iter().filter(|(key, _)| !existing.iter().flatten().any(|have| have == key)).collect())
}

/// Whether the reporter's report for the period has gone to the standing unit.
fn submitted(
    conn: &mut DbConnection,
    template: &TemplateRow,
    period: &ReportPeriod,
    user: &str,
) -> Result<bool, StoreError> {
    let key = format!("{}:{}:{user}", template.id, period.key);
    let count: i64 = report_submissions::table
        .filter(report_submissions::obligation_key.eq(key))
        .filter(report_submissions::status.ne(SubmissionStatus::Draft.as_str()))
        .count()
        .get_result(conn)?;
    Ok(count > 0)
}
