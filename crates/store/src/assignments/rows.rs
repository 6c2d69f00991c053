//! The stored assignment row, the four lists it names (kept in `assignment_links`) and
//! their reading into an [`Assignment`].

use crate::{parse_id, schema::assignments, utc, StoreError};
use chrono::{NaiveDate, NaiveDateTime};
use danvan_domain::assignment::Assignment;
use diesel::prelude::*;
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = assignments, treat_none_as_null = true)]
pub(super) struct AssignmentRow {
    pub(super) id: String,
    pub(super) working_group_id: String,
    pub(super) user_id: String,
    pub(super) valid_from: NaiveDate,
    pub(super) valid_to: Option<NaiveDate>,
    pub(super) note: String,
    pub(super) replaces_id: Option<String>,
    pub(super) replaced_by_id: Option<String>,
    pub(super) superseded_at: Option<NaiveDateTime>,
    pub(super) created_by: Option<String>,
    pub(super) version: i64,
    pub(super) created_at: NaiveDateTime,
    pub(super) updated_at: NaiveDateTime,
}

/// The kinds of `assignment_links` rows, in the order of [`Lists`].
pub(super) const LINK_KINDS: [&str; 4] = ["target_group", "field", "area", "area_group"];
/// The request field of each link kind.
pub(super) const LIST_FIELDS: [&str; 4] = ["target_group_ids", "field_ids", "area_ids", "area_group_ids"];

/// The four lists an assignment names, as stored text ids, each sorted.
#[derive(Debug, Clone, Default)]
pub(super) struct Lists(pub(super) [Vec<String>; 4]);

impl Lists {
    pub(super) fn from_ids(lists: [&[Uuid]; 4]) -> Lists {
        Lists(lists.map(|list| {
            let mut ids: Vec<String> = list.iter().map(Uuid::to_string).collect();
            ids.sort();
            ids
        }))
    }

    pub(super) fn parsed(&self, index: usize) -> Result<Vec<Uuid>, StoreError> {
        self.0[index].iter().map(|id| parse_id(id)).collect()
    }
}

impl AssignmentRow {
    pub(super) fn into_domain(self, lists: &Lists) -> Result<Assignment, StoreError> {
        Ok(Assignment {
            id: parse_id(&self.id)?,
            working_group_id: parse_id(&self.working_group_id)?,
            user_id: parse_id(&self.user_id)?,
            target_group_ids: lists.parsed(0)?,
            field_ids: lists.parsed(1)?,
            area_ids: lists.parsed(2)?,
            area_group_ids: lists.parsed(3)?,
            valid_from: self.valid_from,
            valid_to: self.valid_to,
            note: self.note,
            replaces_id: self.replaces_id.as_deref().map(parse_id).transpose()?,
            replaced_by_id: self.replaced_by_id.as_deref().map(parse_id).transpose()?,
            superseded_at: self.superseded_at.map(utc),
            created_by: self.created_by.as_deref().map(parse_id).transpose()?,
            version: self.version,
            created_at: utc(self.created_at),
            updated_at: utc(self.updated_at),
        })
    }

    /// Whether the row is the last of its chain, the only one that may change.
    pub(super) fn is_head(&self) -> bool {
        self.replaced_by_id.is_none() && self.superseded_at.is_none()
    }
}
