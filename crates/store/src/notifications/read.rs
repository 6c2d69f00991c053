//! Reading the bell: a user's notifications, newest first, with their tasks' titles and
//! actors' names, and the unread count.

use super::rows::NotificationRow;
use crate::limit::LimitInText;
use crate::{
    named, paging, parse_id, schema::notifications, schema::tasks, tasks::user_names, utc, DbConnection, StoreError,
};
use danvan_domain::{
    community_team::ModelStatus,
    notification::{Notification, NotificationKind},
    task::TaskStatus,
};
use diesel::prelude::*;
use std::collections::HashMap;
use uuid::Uuid;

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
        .limit_in_text(paging::fetch(limit))
        .load(conn)?;
    paging::paginate(rows, limit, |row| paging::stamp_key(row.created_at, &row.id), |rows| into_domain(conn, rows))
}

fn into_domain(conn: &mut DbConnection, rows: Vec<NotificationRow>) -> Result<Vec<Notification>, StoreError> {
    let task_ids: Vec<String> = rows.iter().filter_map(|row| row.task_id.clone()).collect();
    let titles: HashMap<String, String> = tasks::table
        .filter(tasks::id.eq_any(&task_ids))
        .select((tasks::id, tasks::title))
        .load(conn)?
        .into_iter()
        .collect();
    let model_ids: Vec<String> = rows.iter().filter_map(|row| row.model_id.clone()).collect();
    let models = crate::community_teams::model_names(conn, &model_ids)?;
    let template_ids: Vec<String> = rows.iter().filter_map(|row| row.report_template_id.clone()).collect();
    let templates = crate::reports::template_names(conn, &template_ids)?;
    let actor_ids: Vec<String> = rows.iter().filter_map(|row| row.actor_id.clone()).collect();
    let actors = user_names(conn, &actor_ids)?;
    rows.into_iter()
        .map(|row| {
            Ok(Notification {
                id: parse_id(&row.id)?,
                kind: NotificationKind::parse(&row.kind)
                    .ok_or_else(|| StoreError::Corrupt(format!("notification kind {:?}", row.kind)))?,
                task: row.task_id.as_deref().map(|id| named(id, &titles)).transpose()?,
                model: row.model_id.as_deref().map(|id| named(id, &models)).transpose()?,
                report_template: row.report_template_id.as_deref().map(|id| named(id, &templates)).transpose()?,
                report_submission_id: row.report_submission_id.as_deref().map(parse_id).transpose()?,
                report_period: row.report_period,
                actor: row.actor_id.as_deref().map(|id| named(id, &actors)).transpose()?,
                status: match row.task_id {
                    Some(_) => row.status.as_deref().map(|text| parse_status(text, TaskStatus::parse)).transpose()?,
                    None => None,
                },
                model_status: match row.model_id {
                    Some(_) => row.status.as_deref().map(|text| parse_status(text, ModelStatus::parse)).transpose()?,
                    None => None,
                },
                due_on: row.due_on,
                created_at: utc(row.created_at),
                read_at: row.read_at.map(utc),
            })
        })
        .collect()
}

fn parse_status<T>(text: &str, parse: fn(&str) -> Option<T>) -> Result<T, StoreError> {
    parse(text).ok_or_else(|| StoreError::Corrupt(format!("status {text:?}")))
}

/// How many of the user's notifications are unread.
pub fn unread_count(conn: &mut DbConnection, user_id: Uuid) -> Result<i64, StoreError> {
    Ok(notifications::table
        .filter(notifications::user_id.eq(user_id.to_string()))
        .filter(notifications::read_at.is_null())
        .count()
        .get_result(conn)?)
}
