//! Attaching a file to a record and deleting it, each audited in its transaction. Both
//! ask the owner whether the viewer may attach; neither reads or hashes more than the
//! database holds, so they stay quick on SQLite's one writer (the upload's bytes were
//! sniffed, hashed and thumbnailed before).

use super::{
    owners::reach,
    read::{find_visible, uploaders},
    rows::AttachmentRow,
    storage::{Blob, BlobStore, DatabaseBlobs},
};
use crate::{audit, new_id, now, schema::attachments, scope::Viewer, Actor, DbConnection, StoreError};
use danvan_domain::{
    attachment::{Attachment, AttachmentOwnerKind, FileType},
    audit::{AuditAction, AuditEntity},
};
use diesel::prelude::*;
use uuid::Uuid;

/// Why an attachment could not be written.
#[derive(Debug, thiserror::Error)]
pub enum AttachmentError {
    /// The viewer sees the record but may not attach files to it.
    #[error("you may not attach files to this record")]
    Forbidden,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<diesel::result::Error> for AttachmentError {
    fn from(error: diesel::result::Error) -> Self {
        AttachmentError::Store(error.into())
    }
}

/// An uploaded file, ready to be kept: its type read from its content, its name as it is
/// to be kept (`danvan_domain::attachment::stored_name`), its bytes and, for an image, its
/// thumbnail.
#[derive(Debug, Clone)]
pub struct Upload {
    pub owner_kind: AttachmentOwnerKind,
    pub owner_id: Uuid,
    pub file_name: String,
    pub file_type: FileType,
    pub content: Blob,
    pub thumbnail: Option<Blob>,
}

/// Attaches the file to its owner, keeping its bytes unless the same content is kept already.
pub fn create(
    conn: &mut DbConnection,
    actor: &Actor,
    viewer: &Viewer,
    upload: &Upload,
) -> Result<Attachment, AttachmentError> {
    if !reach(conn, viewer, upload.owner_kind, upload.owner_id)?.may_attach {
        return Err(AttachmentError::Forbidden);
    }
    let mut blobs = DatabaseBlobs(conn);
    blobs.put(&upload.content)?;
    if let Some(thumbnail) = &upload.thumbnail {
        blobs.put(thumbnail)?;
    }
    let row = AttachmentRow {
        id: new_id(),
        owner_kind: upload.owner_kind.as_str().to_owned(),
        owner_id: upload.owner_id.to_string(),
        file_name: upload.file_name.clone(),
        content_type: upload.file_type.as_str().to_owned(),
        size: i64::try_from(upload.content.len()).unwrap_or(i64::MAX),
        sha256: upload.content.sha256().to_owned(),
        thumbnail_sha256: upload.thumbnail.as_ref().map(|thumbnail| thumbnail.sha256().to_owned()),
        uploaded_by: viewer.user_id.to_string(),
        version: 1,
        created_at: now(),
    };
    diesel::insert_into(attachments::table).values(&row).execute(conn)?;
    let uploader = uploaders(conn, std::slice::from_ref(&row))?;
    let attachment = row.into_domain(&uploader, true)?;
    audit::record(
        conn,
        actor,
        AuditAction::Create,
        AuditEntity::Attachment,
        Some(&attachment.id.to_string()),
        None::<&()>,
        Some(&attachment),
    )?;
    Ok(attachment)
}

/// Deletes a file the viewer may delete, at `expected_version`; its bytes go too once no
/// other attachment has the same content (or uses it as a thumbnail).
pub fn delete(
    conn: &mut DbConnection,
    actor: &Actor,
    viewer: &Viewer,
    id: Uuid,
    expected_version: i64,
) -> Result<(), AttachmentError> {
    let (row, may_delete) = find_visible(conn, viewer, id)?;
    if !may_delete {
        return Err(AttachmentError::Forbidden);
    }
    crate::expect_version(expected_version, crate::Found::Version(row.version))?;
    let uploader = uploaders(conn, std::slice::from_ref(&row))?;
    let before = row.clone().into_domain(&uploader, true)?;
    let deleted = diesel::delete(attachments::table.find(&row.id).filter(attachments::version.eq(expected_version)))
        .execute(conn)?;
    crate::expect_version(expected_version, crate::Found::Rows(deleted))?;
    release(conn, &row.sha256)?;
    if let Some(thumbnail) = &row.thumbnail_sha256 {
        release(conn, thumbnail)?;
    }
    audit::record(
        conn,
        actor,
        AuditAction::Delete,
        AuditEntity::Attachment,
        Some(&id.to_string()),
        Some(&before),
        None::<&()>,
    )?;
    Ok(())
}

/// Forgets the content under `sha256` when no attachment uses it any more: files are
/// often personal data, and a deleted one should not stay behind as an orphan.
fn release(conn: &mut DbConnection, sha256: &str) -> Result<(), StoreError> {
    let as_content: i64 = attachments::table.filter(attachments::sha256.eq(sha256)).count().get_result(conn)?;
    let as_thumbnail: i64 =
        attachments::table.filter(attachments::thumbnail_sha256.eq(sha256)).count().get_result(conn)?;
    if as_content + as_thumbnail == 0 {
        DatabaseBlobs(conn).remove(sha256)?;
    }
    Ok(())
}
