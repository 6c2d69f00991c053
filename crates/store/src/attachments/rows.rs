//! The stored attachment and its reading into an [`Attachment`].

use crate::{parse_id, schema::attachments, utc, StoreError};
use chrono::NaiveDateTime;
use danvan_domain::{
    attachment::{Attachment, AttachmentOwnerKind, FileType},
    named::NamedRef,
};
use diesel::prelude::*;
use std::collections::HashMap;

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = attachments)]
pub(super) struct AttachmentRow {
    pub(super) id: String,
    pub(super) owner_kind: String,
    pub(super) owner_id: String,
    pub(super) file_name: String,
    pub(super) content_type: String,
    pub(super) size: i64,
    pub(super) sha256: String,
    pub(super) thumbnail_sha256: Option<String>,
    pub(super) uploaded_by: String,
    pub(super) version: i64,
    pub(super) created_at: NaiveDateTime,
}

impl AttachmentRow {
    pub(super) fn owner_kind(&self) -> Result<AttachmentOwnerKind, StoreError> {
        AttachmentOwnerKind::parse(&self.owner_kind)
            .ok_or_else(|| StoreError::Corrupt(format!("attachment owner kind {:?}", self.owner_kind)))
    }

    /// The attachment, its uploader named from `names` (user id → display name).
    pub(super) fn into_domain(
        self,
        names: &HashMap<String, String>,
        can_delete: bool,
    ) -> Result<Attachment, StoreError> {
        Ok(Attachment {
            id: parse_id(&self.id)?,
            owner_kind: self.owner_kind()?,
            owner_id: parse_id(&self.owner_id)?,
            content_type: FileType::parse(&self.content_type)
                .ok_or_else(|| StoreError::Corrupt(format!("attachment content type {:?}", self.content_type)))?,
            uploaded_by: NamedRef {
                id: parse_id(&self.uploaded_by)?,
                name: names.get(&self.uploaded_by).cloned().unwrap_or_default(),
            },
            file_name: self.file_name,
            size: self.size,
            sha256: self.sha256,
            has_thumbnail: self.thumbnail_sha256.is_some(),
            created_at: utc(self.created_at),
            version: self.version,
            can_delete,
        })
    }
}
