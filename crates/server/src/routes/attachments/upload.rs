//! `POST /attachments?owner_kind=&owner_id=`: attaches an uploaded file to a record
//! (those who may attach to it).

use super::{inspect, OwnerQuery};
use crate::{
    auth::Caller,
    error::ApiError,
    http::{self, IdempotencyKey},
    openapi::UploadProblems,
    state::AppState,
};
use actix_multipart::{Multipart, MultipartError};
use actix_web::{
    http::header::{self, Charset, ContentDisposition},
    post, web, HttpRequest, HttpResponse,
};
use danvan_domain::attachment::{stored_name, Attachment};
use danvan_store::attachments::{self, Upload};
use futures_util::StreamExt;

/// The body of an upload, as the document shows it.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct UploadForm {
    /// The file, with its name in the part's `filename`. Its type is read from its content.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// What a multipart body may add to its file: boundaries and the part's headers. A body
/// whose `Content-Length` exceeds the file limit by more is refused before it is read.
const FORM_OVERHEAD: usize = 64 * 1024;

const MULTIPART_ONLY: &str = "the body must be multipart/form-data with one field, `file`";

/// Attaches a file to a record. The body is `multipart/form-data` with one field, `file`.
/// The file's type is read from its content (JPEG, PNG, WebP, PDF, DOCX, XLSX; anything
/// else is a 415), and its name is kept ending with that type's extension. Images get a
/// thumbnail. The same content uploaded again is stored once.
#[utoipa::path(
    tag = "attachments",
    params(
        OwnerQuery,
        ("Idempotency-Key" = Option<String>, Header, description = "Makes retries of this upload safe")
    ),
    request_body(content = inline(UploadForm), content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "Created", body = Attachment, headers(("ETag" = String), ("Location" = String))),
        UploadProblems
    ),
    security(("bearer" = []))
)]
#[post("/attachments")]
pub async fn upload_attachment(
    state: web::Data<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    owner: web::Query<OwnerQuery>,
    request: HttpRequest,
    body: Multipart,
) -> Result<HttpResponse, ApiError> {
    let limit = state.config.max_upload_bytes;
    let declared =
        request.headers().get(header::CONTENT_LENGTH).and_then(|value| value.to_str().ok()?.parse::<usize>().ok());
    if declared.is_some_and(|length| length > limit.saturating_add(FORM_OVERHEAD)) {
        return Err(ApiError::PayloadTooLarge { limit });
    }
    let (viewer, owner) = (caller.viewer(), owner.into_inner());
    // Asked before the body is read, so that a caller who may not attach is not made to
    // send the file first; the write asks again, in its transaction.
    let asking = viewer.clone();
    let reach =
        http::read(&state.db, move |conn| Ok(attachments::reach(conn, &asking, owner.owner_kind, owner.owner_id)?))
            .await?;
    if !reach.may_attach {
        return Err(ApiError::Forbidden);
    }
    let (name, bytes) = receive(body, limit).await?;
    let inspected = web::block(move || inspect::inspect(bytes)).await??;
    let upload = Upload {
        owner_kind: owner.owner_kind,
        owner_id: owner.owner_id,
        file_name: stored_name(&name, inspected.file_type),
        file_type: inspected.file_type,
        content: inspected.content,
        thumbnail: inspected.thumbnail,
    };
    // A retry is the same file, under the same name, for the same record.
    let fingerprint = serde_json::json!({
        "owner_kind": upload.owner_kind,
        "owner_id": upload.owner_id,
        "file_name": upload.file_name,
        "sha256": upload.content.sha256(),
    });
    http::create_once(&state.db, caller.actor(), key, "/api/v1/attachments", &fingerprint, move |conn, actor| {
        Ok(attachments::create(conn, actor, &viewer, &upload)?)
    })
    .await
}

/// The name and bytes of the body's one field, `file`, read as they arrive: once more
/// than `limit` bytes have come, the upload is refused without reading the rest.
async fn receive(mut body: Multipart, limit: usize) -> Result<(String, Vec<u8>), ApiError> {
    let mut file: Option<(String, Vec<u8>)> = None;
    while let Some(field) = body.next().await {
        let mut field = field.map_err(unreadable)?;
        if field.name() != Some("file") {
            return Err(ApiError::BadRequest(format!(
                "unknown form field {:?}: the form has one field, `file`",
                field.name().unwrap_or_default()
            )));
        }
        if file.is_some() {
            return Err(ApiError::invalid("file", "one_file", "send one file per upload"));
        }
        let name = field.content_disposition().and_then(uploaded_name).unwrap_or_default();
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(unreadable)?;
            if bytes.len() + chunk.len() > limit {
                return Err(ApiError::PayloadTooLarge { limit });
            }
            bytes.extend_from_slice(&chunk);
        }
        file = Some((name, bytes));
    }
    match file {
        None => Err(ApiError::invalid("file", "required", "send the file in the form field `file`")),
        Some((_, bytes)) if bytes.is_empty() => Err(ApiError::invalid("file", "empty", "the file is empty")),
        Some(file) => Ok(file),
    }
}

/// The part's file name: RFC 8187 `filename*` when given (UTF-8 or Latin-1), else
/// `filename` (browsers send it as raw UTF-8).
fn uploaded_name(disposition: &ContentDisposition) -> Option<String> {
    if let Some(extended) = disposition.get_filename_ext() {
        return Some(match extended.charset {
            Charset::Iso_8859_1 => extended.value.iter().map(|&byte| char::from(byte)).collect(),
            _ => String::from_utf8_lossy(&extended.value).into_owned(),
        });
    }
    disposition.get_filename().map(str::to_owned)
}

fn unreadable(error: MultipartError) -> ApiError {
    match error {
        MultipartError::ContentTypeMissing
        | MultipartError::ContentTypeParse
        | MultipartError::ContentTypeIncompatible
        | MultipartError::BoundaryMissing => ApiError::UnsupportedMediaType(MULTIPART_ONLY),
        other => ApiError::BadRequest(format!("the multipart body cannot be read: {other}")),
    }
}
