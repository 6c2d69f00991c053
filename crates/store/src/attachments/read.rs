//! Reading attachments: an owner's files, one file, and a file's bytes. Each read asks
//! the owner first, so a file outside the viewer's sight is not found.

use super::{
    owners::reach,
    rows::AttachmentRow,
    storage::{BlobStore, DatabaseBlobs},
};
use crate::limit::LimitInText;
use crate::{
    schema::{attachments, users},
    scope::Viewer,
    DbConnection, OptionalRow, StoreError,
};
use danvan_domain::attachment::{Attachment, AttachmentOwnerKind};
use diesel::prelude::*;
use std::collections::HashMap;
use uuid::Uuid;

/// The display names of the uploaders of `rows`, in one query.
pub(super) fn uploaders(
    conn: &mut DbConnection,
    rows: &[AttachmentRow],
) -> Result<HashMap<String, String>, StoreError> {
    let mut ids: Vec<&str> = rows.iter().map(|row| row.uploaded_by.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    let names: Vec<(String, String)> =
        users::table.filter(users::id.eq_any(ids)).select((users::id, users::display_name)).load(conn)?;
    Ok(names.into_iter().collect())
}

/// The files of one record, oldest first. Not found when the viewer does not see the record.
pub fn list(
    conn: &mut DbConnection,
    viewer: &Viewer,
    owner_kind: AttachmentOwnerKind,
    owner_id: Uuid,
) -> Result<Vec<Attachment>, StoreError> {
    let owner = reach(conn, viewer, owner_kind, owner_id)?;
    let rows: Vec<AttachmentRow> = attachments::table
        .filter(attachments::owner_kind.eq(owner_kind.as_str()))
        .filter(attachments::owner_id.eq(owner_id.to_string()))
        .order((attachments::created_at, attachments::id))
        .load(conn)?;
    let names = uploaders(conn, &rows)?;
    rows.into_iter().map(|row| row.into_domain(&names, owner.may_attach)).collect()
}

pub(super) fn find(conn: &mut DbConnection, id: Uuid) -> Result<AttachmentRow, StoreError> {
    attachments::table.find(id.to_string()).first_row(conn).found()
}

/// The row of a file the viewer sees, and whether they may delete it.
pub(super) fn find_visible(
    conn: &mut DbConnection,
    viewer: &Viewer,
    id: Uuid,
) -> Result<(AttachmentRow, bool), StoreError> {
    let row = find(conn, id)?;
    let owner = reach(conn, viewer, row.owner_kind()?, crate::parse_id(&row.owner_id)?)?;
    Ok((row, owner.may_attach))
}

/// One file's description. Not found when the viewer does not see its record.
pub fn get(conn: &mut DbConnection, viewer: &Viewer, id: Uuid) -> Result<Attachment, StoreError> {
    let (row, may_delete) = find_visible(conn, viewer, id)?;
    let names = uploaders(conn, std::slice::from_ref(&row))?;
    row.into_domain(&names, may_delete)
}

/// A part of a file to read: the file itself or its thumbnail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Content,
    Thumbnail,
}

/// One file's description and the hash of its `part`, whose bytes [`bytes`] reads. Not
/// found when the viewer does not see its record, or it has no such part (a thumbnail of
/// a document).
pub fn locate(
    conn: &mut DbConnection,
    viewer: &Viewer,
    id: Uuid,
    part: Part,
) -> Result<(Attachment, String), StoreError> {
    let (row, may_delete) = find_visible(conn, viewer, id)?;
    let sha256 = match part {
        Part::Content => Some(row.sha256.clone()),
        Part::Thumbnail => row.thumbnail_sha256.clone(),
    }
    .ok_or(StoreError::NotFound)?;
    let names = uploaders(conn, std::slice::from_ref(&row))?;
    Ok((row.into_domain(&names, may_delete)?, sha256))
}

/// The bytes kept under `sha256`, as [`locate`] gave it.
pub fn bytes(conn: &mut DbConnection, sha256: &str) -> Result<Vec<u8>, StoreError> {
    DatabaseBlobs(conn).get(sha256)?.ok_or_else(|| StoreError::Corrupt(format!("no blob {sha256}")))
}
