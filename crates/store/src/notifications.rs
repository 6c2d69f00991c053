//! Notifications behind the bell: written by task changes ([`notify`]) and, for
//! reminders, materialised when their owner reads them ([`materialise`]). A reminder's
//! `dedupe_key` is unique per user, so it appears once however often the bell is read.
//! Read marks are the user's own UI state and are not audited.

use crate::{
    new_id, now, paging, parse_id,
    schema::{notifications, tasks},
    tasks::{assigned_to, open_statuses, user_names},
    utc, DbConnection, StoreError,
};
use chrono::{Duration, NaiveDate, NaiveDateTime};
use danvan_domain::{
    named::NamedRef,
    notification::{Notification, NotificationKind},
    task::TaskStatus,
};
use diesel::prelude::*;
use std::collections::HashMap;
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = notifications)]
struct NotificationRow {
    id: String,
    user_id: String,
    kind: String,
    task_id: String,
    actor_id: Option<String>,
    status: Option<String>,
    due_on: Option<NaiveDate>,
    dedupe_key: Option<String>,
    created_at: NaiveDateTime,
    read_at: Option<NaiveDateTime>,
}

/// What a notification says, before it is addressed.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Notice<'a> {
    pub kind: NotificationKind,
    pub task_id: &'a str,
    pub actor_id: Option<&'a str>,
    pub status: Option<TaskStatus>,
    pub due_on: Option<NaiveDate>,
}

impl Notice<'_> {
    fn row(&self, user_id: &str, dedupe_key: Option<String>) -> NotificationRow {
        NotificationRow {
            id: new_id(),
            user_id: user_id.to_owned(),
            kind: self.kind.as_str().to_owned(),
            task_id: self.task_id.to_owned(),
            actor_id: self.actor_id.map(str::to_owned),
            status: self.status.map(|status| status.as_str().to_owned()),
            due_on: self.due_on,
            dedupe_key,
            created_at: now(),
            read_at: None,
        }
    }
}

/// Tells each of `recipients` (user ids) about `notice`.
pub(crate) fn notify(conn: &mut DbConnection, recipients: &[String], notice: &Notice) -> Result<(), StoreError> {
    for user in recipients {
        diesel::insert_into(notifications::table).values(&notice.row(user, None)).execute(conn)?;
    }
    Ok(())
}

/// Inserts a reminder unless the user already has one under `key`. The insert runs in a
/// savepoint so that a concurrent reader's identical reminder (a unique violation on
/// PostgreSQL) leaves the surrounding transaction usable: it is simply already there.
fn remind(conn: &mut DbConnection, user_id: &str, notice: &Notice, key: String) -> Result<(), StoreError> {
    let row = notice.row(user_id, Some(key));
    let inserted = conn.transaction(|conn| diesel::insert_into(notifications::table).values(&row).execute(conn));
    match inserted {
        Ok(_) => Ok(()),
        Err(diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)) => Ok(()),
        Err(error) => Err(error.into()),
    }
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
    let units: Vec<String> = org_unit_id.iter().map(Uuid::to_string).collect();
    let tomorrow = today + Duration::days(1);
    let due: Vec<(String, NaiveDate)> = tasks::table
        .filter(tasks::id.eq_any(assigned_to!(me.clone(), units)))
        .filter(tasks::status.eq_any(open_statuses()))
        .filter(tasks::due_on.eq(tomorrow).or(tasks::due_on.lt(today)))
        .select((tasks::id, tasks::due_on))
        .load(conn)?;
    if due.is_empty() {
        return Ok(());
    }
    let wanted: Vec<(String, String, NaiveDate, NotificationKind)> = due
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
    for (key, task, due_on, kind) in wanted {
        if existing.iter().flatten().any(|have| *have == key) {
            continue;
        }
        let notice = Notice { kind, task_id: &task, actor_id: None, status: None, due_on: Some(due_on) };
        remind(conn, &me, &notice, key)?;
    }
    Ok(())
}

/// The user's notifications, newest first.
pub fn list(
    conn: &mut DbConnection,
    user_id: Uuid,
    unread_only: bool,
    limit: usize,
    after: Option<&str>,
) -> Result<paging::Page<Notification>, StoreError> {
    let mut query = notifications::table.filter(notifications::user_id.eq(user_id.to_string())).into_boxed();
    if unread_only {
        query = query.filter(notifications::read_at.is_null());
    }
    let after = paging::after_stamp(after)?;
    let rows: Vec<NotificationRow> = paging::seek!(query, notifications::created_at, notifications::id, after, desc)
        .limit(paging::fetch(limit))
        .load(conn)?;
    paging::paginate(rows, limit, |row| paging::stamp_key(row.created_at, &row.id), |rows| into_domain(conn, rows))
}

fn into_domain(conn: &mut DbConnection, rows: Vec<NotificationRow>) -> Result<Vec<Notification>, StoreError> {
    let task_ids: Vec<String> = rows.iter().map(|row| row.task_id.clone()).collect();
    let titles: HashMap<String, String> = tasks::table
        .filter(tasks::id.eq_any(&task_ids))
        .select((tasks::id, tasks::title))
        .load(conn)?
        .into_iter()
        .collect();
    let actor_ids: Vec<String> = rows.iter().filter_map(|row| row.actor_id.clone()).collect();
    let actors = user_names(conn, &actor_ids)?;
    let named = |id: &str, names: &HashMap<String, String>| -> Result<NamedRef, StoreError> {
        Ok(NamedRef { id: parse_id(id)?, name: names.get(id).cloned().unwrap_or_default() })
    };
    rows.into_iter()
        .map(|row| {
            Ok(Notification {
                id: parse_id(&row.id)?,
                kind: NotificationKind::parse(&row.kind)
                    .ok_or_else(|| StoreError::Corrupt(format!("notification kind {:?}", row.kind)))?,
                task: named(&row.task_id, &titles)?,
                actor: row.actor_id.as_deref().map(|id| named(id, &actors)).transpose()?,
                status: row
                    .status
                    .as_deref()
                    .map(|text| TaskStatus::parse(text).ok_or_else(|| StoreError::Corrupt(format!("status {text:?}"))))
                    .transpose()?,
                due_on: row.due_on,
                created_at: utc(row.created_at),
                read_at: row.read_at.map(utc),
            })
        })
        .collect()
}

/// How many of the user's notifications are unread.
pub fn unread_count(conn: &mut DbConnection, user_id: Uuid) -> Result<i64, StoreError> {
    Ok(notifications::table
        .filter(notifications::user_id.eq(user_id.to_string()))
        .filter(notifications::read_at.is_null())
        .count()
        .get_result(conn)?)
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
