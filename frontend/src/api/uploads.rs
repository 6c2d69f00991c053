//! Files sent to the API as `multipart/form-data` (attachments), which the client's JSON
//! calls do not carry: the browser's `FormData` goes through [`super::post_form`], with the
//! session's token and its renewal.

use super::{post_form, query, ApiError};
use danvan_domain::attachment::{Attachment, AttachmentOwnerKind};
use uuid::Uuid;

/// Attaches `file` to the record `owner_id` of `owner_kind` (`POST /attachments`); the
/// server reads its type from its content.
pub async fn upload_attachment(
    owner_kind: AttachmentOwnerKind,
    owner_id: Uuid,
    file: &web_sys::File,
    idempotency_key: &str,
) -> Result<Attachment, ApiError> {
    let form = web_sys::FormData::new().map_err(|_| ApiError::network())?;
    form.append_with_blob_and_filename("file", file, &file.name()).map_err(|_| ApiError::network())?;
    let owner = owner_id.to_string();
    let target = format!("/api/v1/attachments{}", query(&[("owner_kind", owner_kind.as_str()), ("owner_id", &owner)]));
    post_form(&target, &form, Some(idempotency_key)).await
}
