//! The stored plan (its basis as a JSON list) and plan item, and their reading into a
//! [`Plan`] and a [`PlanItem`].

use crate::{
    parse_id,
    schema::{plan_items, plans},
    utc, StoreError,
};
use chrono::{NaiveDate, NaiveDateTime};
use danvan_domain::plan::{Plan, PlanItem, PlanStatus};
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = plans, treat_none_as_null = true)]
pub(super) struct PlanRow {
    pub(super) id: String,
    pub(super) number: String,
    pub(super) title: String,
    pub(super) issuing_body: String,
    pub(super) issued_on: NaiveDate,
    pub(super) basis_json: String,
    pub(super) status: String,
    pub(super) version: i64,
    pub(super) created_at: NaiveDateTime,
    pub(super) updated_at: NaiveDateTime,
}

impl PlanRow {
    pub(super) fn into_domain(self) -> Result<Plan, StoreError> {
        Ok(Plan {
            id: parse_id(&self.id)?,
            basis: serde_json::from_str(&self.basis_json)
                .map_err(|_| StoreError::Corrupt(format!("plan basis {:?}", self.basis_json)))?,
            status: PlanStatus::parse(&self.status)
                .ok_or_else(|| StoreError::Corrupt(format!("plan status {:?}", self.status)))?,
            number: self.number,
            title: self.title,
            issuing_body: self.issuing_body,
            issued_on: self.issued_on,
            // The caller's flags are set where the caller is known (`Plan::for_caller`).
            can_edit: false,
            version: self.version,
            created_at: utc(self.created_at),
            updated_at: utc(self.updated_at),
        })
    }
}

#[derive(Debug, Clone, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = plan_items, treat_none_as_null = true)]
pub(super) struct ItemRow {
    pub(super) id: String,
    pub(super) plan_id: String,
    pub(super) parent_id: Option<String>,
    pub(super) number: String,
    pub(super) title: String,
    pub(super) body: String,
    pub(super) position: i64,
    pub(super) version: i64,
    pub(super) created_at: NaiveDateTime,
    pub(super) updated_at: NaiveDateTime,
}

impl ItemRow {
    pub(super) fn into_domain(self) -> Result<PlanItem, StoreError> {
        Ok(PlanItem {
            id: parse_id(&self.id)?,
            plan_id: parse_id(&self.plan_id)?,
            parent_id: self.parent_id.as_deref().map(parse_id).transpose()?,
            number: self.number,
            title: self.title,
            body: self.body,
            position: self.position,
            version: self.version,
            created_at: utc(self.created_at),
            updated_at: utc(self.updated_at),
        })
    }
}

pub(super) fn basis_json(basis: &[String]) -> String {
    let trimmed: Vec<&str> = basis.iter().map(|entry| entry.trim()).collect();
    serde_json::to_string(&trimmed).unwrap_or_else(|_| "[]".to_owned())
}
