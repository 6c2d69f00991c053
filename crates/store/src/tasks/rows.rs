//! The stored task and timeline event; a [`super::read`] function turns them into a
//! [`danvan_domain::task::Task`] as one viewer sees it, with names resolved in batches.

use crate::{
    schema::{task_events, tasks},
    StoreError,
};
use chrono::{NaiveDate, NaiveDateTime};
use danvan_domain::task::TaskStatus;
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = tasks, treat_none_as_null = true)]
pub(super) struct TaskRow {
    pub(super) id: String,
    pub(super) title: String,
    pub(super) title_folded: String,
    pub(super) description: String,
    pub(super) plan_item_id: Option<String>,
    pub(super) working_group_id: Option<String>,
    pub(super) target_group_id: Option<String>,
    pub(super) due_on: NaiveDate,
    pub(super) priority: String,
    pub(super) priority_rank: i32,
    pub(super) status: String,
    pub(super) percent: i32,
    pub(super) created_by: String,
    pub(super) version: i64,
    pub(super) created_at: NaiveDateTime,
    pub(super) updated_at: NaiveDateTime,
}

impl TaskRow {
    pub(super) fn status(&self) -> Result<TaskStatus, StoreError> {
        TaskStatus::parse(&self.status).ok_or_else(|| StoreError::Corrupt(format!("task status {:?}", self.status)))
    }
}

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = task_events)]
pub(super) struct EventRow {
    pub(super) id: String,
    pub(super) task_id: String,
    pub(super) kind: String,
    pub(super) at: NaiveDateTime,
    pub(super) actor_id: String,
    pub(super) from_status: Option<String>,
    pub(super) to_status: Option<String>,
    pub(super) percent: Option<i32>,
    pub(super) comment: String,
    pub(super) assignees_json: String,
}
