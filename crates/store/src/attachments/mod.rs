//! Files attached to records. The record a file belongs to, its owner, decides who sees
//! the file and who attaches or deletes files: `owners.rs` asks the owner's module. The
//! bytes go through the one [`storage`] interface, kept by content hash so that a file
//! uploaded twice is stored once; `attachments` rows say what each upload was.

mod owners;
mod read;
mod rows;
pub mod storage;
mod write;

pub use owners::reach;
pub use read::{bytes, get, list, locate, Part};
pub use storage::{Blob, BlobStore, DatabaseBlobs};
pub use write::{create, delete, AttachmentError, Upload};

/// How a viewer stands to the record files are attached to, as its module answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OwnerReach {
    /// They see the record, and so its files.
    pub sees: bool,
    /// They may attach files to it and delete its files.
    pub may_attach: bool,
}
