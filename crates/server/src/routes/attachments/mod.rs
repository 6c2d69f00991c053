//! Files attached to records: uploads, an owner's list, one file's description, its
//! content and thumbnail, and deletes. The record a file belongs to decides who may see
//! and attach (`danvan_store::attachments::reach`); no role-wide permission comes first.
//! One file per endpoint group.

mod delete;
mod download;
mod inspect;
mod list;
mod read;
mod upload;

use crate::error::ApiError;
use danvan_domain::attachment::AttachmentOwnerKind;
use danvan_store::attachments::AttachmentError;
use serde::Deserialize;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

/// Mounts this module's endpoints.
pub fn mount(config: &mut ServiceConfig) {
    config
        .service(list::list_attachments)
        .service(upload::upload_attachment)
        .service(read::get_attachment)
        .service(download::download_attachment)
        .service(download::attachment_thumbnail)
        .service(delete::delete_attachment);
}

impl From<AttachmentError> for ApiError {
    fn from(error: AttachmentError) -> Self {
        match error {
            AttachmentError::Forbidden => ApiError::Forbidden,
            AttachmentError::Store(error) => error.into(),
        }
    }
}

/// The record files are attached to.
#[derive(Debug, Clone, Copy, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OwnerQuery {
    /// The kind of record.
    #[param(inline)]
    pub owner_kind: AttachmentOwnerKind,
    /// Its id.
    pub owner_id: Uuid,
}
