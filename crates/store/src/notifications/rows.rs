//! The stored notification, and a [`Notice`]: what a notification says before it is
//! addressed to each recipient.

use crate::{new_id, now, schema::notifications};
use chrono::{NaiveDate, NaiveDateTime};
use danvan_domain::{notification::NotificationKind, task::TaskStatus};
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = notifications)]
pub(super) struct NotificationRow {
    pub(super) id: String,
    pub(super) user_id: String,
    pub(super) kind: String,
    pub(super) task_id: Option<String>,
    pub(super) model_id: Option<String>,
    pub(super) report_template_id: Option<String>,
    pub(super) report_submission_id: Option<String>,
    pub(super) report_period: Option<String>,
    pub(super) actor_id: Option<String>,
    pub(super) status: Option<String>,
    pub(super) due_on: Option<NaiveDate>,
    pub(super) dedupe_key: Option<String>,
    pub(super) created_at: NaiveDateTime,
    pub(super) read_at: Option<NaiveDateTime>,
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
    pub(super) fn row(&self, user_id: &str, dedupe_key: Option<String>) -> NotificationRow {
        NotificationRow {
            id: new_id(),
            user_id: user_id.to_owned(),
            kind: self.kind.as_str().to_owned(),
            task_id: Some(self.task_id.to_owned()),
            model_id: None,
            report_template_id: None,
            report_submission_id: None,
            report_period: None,
            actor_id: self.actor_id.map(str::to_owned),
            status: self.status.map(|status| status.as_str().to_owned()),
            due_on: self.due_on,
            dedupe_key,
            created_at: now(),
            read_at: None,
        }
    }
}

/// What a report notification says, before it is addressed.
#[derive(Debug, Clone)]
pub(crate) struct ReportNotice {
    pub kind: NotificationKind,
    pub template_id: String,
    pub submission_id: Option<String>,
    pub period: String,
    pub actor_id: Option<String>,
    pub due_on: Option<NaiveDate>,
}

impl ReportNotice {
    pub(super) fn row(&self, user_id: &str, dedupe_key: Option<String>) -> NotificationRow {
        NotificationRow {
            id: new_id(),
            user_id: user_id.to_owned(),
            kind: self.kind.as_str().to_owned(),
            task_id: None,
            model_id: None,
            report_template_id: Some(self.template_id.clone()),
            report_submission_id: self.submission_id.clone(),
            report_period: Some(self.period.clone()),
            actor_id: self.actor_id.clone(),
            status: None,
            due_on: self.due_on,
            dedupe_key,
            created_at: now(),
            read_at: None,
        }
    }
}
