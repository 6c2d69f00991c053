//! Writing notifications: those of task changes, the reminders materialised when the
//! bell is read, and read marks.

use super::rows::{Notice, NotificationRow, ReportNotice};
use crate::{
    now,
    schema::{notifications, tasks},
    tasks::{assigned_to, open_statuses},
    DbConnection, StoreError,
};
use chrono::{Duration, NaiveDate};
use danvan_domain::notification::NotificationKind;
use diesel::prelude::*;
use uuid::Uuid;

/// Tells each of `recipients` (user ids) about `notice`.
pub(crate) fn notify(conn: &mut DbConnection, recipients: &[String], notice: &Notice) -> Result<(), StoreError> {
    for user in recipients {
        diesel::insert_into(notifications::table).values(&notice.row(user, None)).execute(conn)?;
    }
    Ok(())
}

/// Tells each of `recipients` (user ids) about a report.
pub(crate) fn notify_report(
    conn: &mut DbConnection,
    recipients: &[String],
    notice: &ReportNotice,
) -> Result<(), StoreError> {
    for user in recipients {
        diesel::insert_into(notifications::table).values(&notice.row(user, None)).execute(conn)?;
    }
    Ok(())
}

/// Inserts a reminder unless the user already has one under its dedupe key. The insert
/// runs in a savepoint so that a concurrent reader's identical reminder (a unique
/// violation on PostgreSQL) leaves the surrounding transaction usable: it is simply
/// already there.
fn remind(conn: &mut DbConnection, row: &NotificationRow) -> Result<(), StoreError> {
    let inserted = conn.transaction(|conn| diesel::insert_into(notifications::table).values(row).execute(conn));
    match inserted {
        Ok(_) => Ok(()),
        Err(diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)) => Ok(()),
        Err(error) => Err(error.into()),
    }
}

/// A reminder the user should have and has not: its dedupe key, task, due date and kind.
type Missing = (String, String, NaiveDate, NotificationKind);

/// Whether [`materialise`] has anything to write for the user on `today`; a read, so
/// that reading notifications takes the write lock only when there is something to add.
pub fn reminders_pending(
    conn: &mut DbConnection,
    user_id: Uuid,
    org_unit_id: Option<Uuid>,
    today: NaiveDate,
) -> Result<bool, StoreError> {
    Ok(!missing_reminders(conn, user_id, org_unit_id, today)?.is_empty()
        || !crate::reports::missing_reminders(conn, user_id, today)?.is_empty())
}

/// Writes the reminders due for the user on `today`: `due_tomorrow` for each open task
/// assigned to them (directly or through their org unit) due tomorrow, and `overdue`
/// once a day for each such task past its due date.
pub fn materialise(
    conn: &mut DbConnection,
    user_id: Uuid,
    org_unit_id: Option<Uuid>,
    today: NaiveDate,
) -> Result<(), StoreError> {
    let me = user_id.to_string();
    for (key, task, due_on, kind) in missing_reminders(conn, user_id, org_unit_id, today)? {
        let notice = Notice { kind, task_id: &task, actor_id: None, status: None, due_on: Some(due_on) };
        remind(conn, &notice.row(&me, Some(key)))?;
    }
    for (key, notice) in crate::reports::missing_reminders(conn, user_id, today)? {
        remind(conn, &notice.row(&me, Some(key)))?;
    }
    Ok(())
}

fn missing_reminders(
    conn: &mut DbConnection,
    user_id: Uuid,
    org_unit_id: Option<Uuid>,
    today: NaiveDate,
) -> Result<Vec<Missing>, StoreError> {
    let me = user_id.to_string();
    let units: Vec<String> = org_unit_id.iter().map(Uuid::to_string).collect();
    let tomorrow = today + Duration::days(1);
    let due: Vec<(String, NaiveDate)> = tasks::table
        .filter(tasks::id.eq_any(assigned_to!(me.clone(), units)))
        .filter(tasks::status.eq_any(open_statuses()))
        .filter(tasks::due_on.eq(tomorrow).or(tasks::due_on.lt(today)))
        .select((tasks::id, tasks::due_on))
        .load(conn)?;
    if due.is_empty() {
        return Ok(Vec::new());
    }
    let wanted: Vec<Missing> = due
        .into_iter()
        .map(|(task, due_on)| {
            if due_on == tomorrow {
                (format!("due_tomorrow:{task}:{due_on}"), task, due_on, NotificationKind::DueTomorrow)
            } else {
                (format!("overdue:{task}:{today}"), task, due_on, NotificationKind::Overdue)
            }
        })
        .collect();
    let keys: Vec<String> = wanted.iter().map(|(key, ..)| key.clone()).collect();
    let existing: Vec<Option<String>> = notifications::table
        .filter(notifications::user_id.eq(&me))
        .filter(notifications::dedupe_key.eq_any(keys))
        .select(notifications::dedupe_key)
        .load(conn)?;
    Ok(wanted.into_iter().filter(|(key, ..)| !existing.iter().flatten().any(|have| have == key)).collect())
}

/// Marks one of the user's notifications read; another user's is not found.
pub fn mark_read(conn: &mut DbConnection, user_id: Uuid, id: Uuid) -> Result<(), StoreError> {
    let mine = || {
        notifications::table
            .filter(notifications::id.eq(id.to_string()))
            .filter(notifications::user_id.eq(user_id.to_string()))
    };
    let found: i64 = mine().count().get_result(conn)?;
    if found == 0 {
        return Err(StoreError::NotFound);
    }
    diesel::update(mine().filter(notifications::read_at.is_null()))
        .set(notifications::read_at.eq(Some(now())))
        .execute(conn)?;
    Ok(())
}

/// Marks all the user's notifications read.
pub fn mark_all_read(conn: &mut DbConnection, user_id: Uuid) -> Result<(), StoreError> {
    diesel::update(
        notifications::table
            .filter(notifications::user_id.eq(user_id.to_string()))
            .filter(notifications::read_at.is_null()),
    )
    .set(notifications::read_at.eq(Some(now())))
    .execute(conn)?;
    Ok(())
}
