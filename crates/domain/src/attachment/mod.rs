//! Files attached to records: photos, scans and office documents that a team, an
//! activity, a model or an evaluation carries as evidence. The record a file belongs to
//! (its owner) decides who sees and who attaches; the file's type is read from its
//! content, never from its name.

mod names;

pub use names::{ascii_fallback, stored_name, FILE_NAME_MAX};

use crate::named::NamedRef;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

crate::text_enum! {
    /// The kind of record a file is attached to. A module that lets files be attached to
    /// its records adds its kinds here and answers for them in the store's owner dispatch.
    pub enum AttachmentOwnerKind {
        /// A community team.
        Team = "team",
        /// An entry of a community team's activity log.
        TeamActivity = "team_activity",
        /// An evaluation of a nominated model.
        ModelEvaluation = "model_evaluation",
        /// A community team nominated as a model.
        TeamModel = "team_model",
        /// A member's report.
        ReportSubmission = "report_submission",
    }
}

crate::text_enum! {
    /// The types a file may have, as its content shows them.
    pub enum FileType {
        Jpeg = "image/jpeg",
        Png = "image/png",
        Webp = "image/webp",
        Pdf = "application/pdf",
        Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
}

impl FileType {
    /// The media type sent as `Content-Type`.
    pub fn content_type(self) -> &'static str {
        self.as_str()
    }

    /// The extension a download of this type ends with.
    pub fn extension(self) -> &'static str {
        match self {
            FileType::Jpeg => "jpg",
            FileType::Png => "png",
            FileType::Webp => "webp",
            FileType::Pdf => "pdf",
            FileType::Docx => "docx",
            FileType::Xlsx => "xlsx",
        }
    }

    /// Every extension a name of this type may already end with (compared without case).
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            FileType::Jpeg => &["jpg", "jpeg", "jpe", "jfif"],
            FileType::Png => &["png"],
            FileType::Webp => &["webp"],
            FileType::Pdf => &["pdf"],
            FileType::Docx => &["docx"],
            FileType::Xlsx => &["xlsx"],
        }
    }

    /// Whether a thumbnail is made for files of this type.
    pub fn is_image(self) -> bool {
        matches!(self, FileType::Jpeg | FileType::Png | FileType::Webp)
    }
}

/// The longest side of a thumbnail, in pixels.
pub const THUMBNAIL_MAX_SIDE: u32 = 320;

/// A file attached to a record. The file itself is read at `/attachments/{id}/content`,
/// its thumbnail (images only) at `/attachments/{id}/thumbnail`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Attachment {
    pub id: Uuid,
    pub owner_kind: AttachmentOwnerKind,
    pub owner_id: Uuid,
    /// The name it is downloaded under: the uploaded name, ending with the extension of
    /// the type its content has (`scan.pdf` that holds a PNG is kept as `scan.pdf.png`).
    pub file_name: String,
    /// The type its content has, whatever its name or the uploader said.
    pub content_type: FileType,
    /// Size in bytes.
    pub size: i64,
    /// SHA-256 of the content, lower-case hex; also the download's `ETag`.
    pub sha256: String,
    /// Whether `/attachments/{id}/thumbnail` has an image (JPEG, at most 320 px on the long side).
    pub has_thumbnail: bool,
    pub uploaded_by: NamedRef,
    pub created_at: DateTime<Utc>,
    /// Attachments never change; the version is what a delete's `If-Match` names.
    pub version: i64,
    /// Whether the caller may delete it (they may attach files to its owner).
    pub can_delete: bool,
}
