//! `GET /attachments/{id}/content` and `GET /attachments/{id}/thumbnail`: a file's bytes
//! and its image's thumbnail, for those who see its record.
//!
//! The bytes of an id never change, so the answer is tagged with their hash, cached for a
//! year by the caller's browser only (`private`: it is somebody's record), and a request
//! that names the tag it has is a 304 without the bytes. `Vary: Authorization` keeps two
//! people signed in one after the other on one browser from sharing its cache.

use crate::{auth::Caller, error::ApiError, http, openapi::ReadProblems, state::AppState};
use actix_web::{
    get,
    http::header::{self, Charset, ContentDisposition, DispositionParam, DispositionType, ExtendedValue},
    web, HttpRequest, HttpResponse,
};
use danvan_domain::attachment::{ascii_fallback, Attachment};
use danvan_store::attachments::{self, Part};
use uuid::Uuid;

/// A file's bytes as the document shows them.
#[derive(utoipa::ToSchema)]
#[schema(value_type = String, format = Binary)]
#[allow(dead_code)]
pub struct FileContent(Vec<u8>);

/// The file, as its content's type, with `Content-Disposition: attachment` and its name.
#[utoipa::path(
    tag = "attachments",
    params(
        ("id" = Uuid, Path, description = "Attachment id"),
        ("If-None-Match" = Option<String>, Header, description = "The ETag of a copy already held")
    ),
    responses(
        (
            status = 200,
            description = "The file; `Content-Type` is the type its content has",
            content(
                (FileContent = "image/jpeg"),
                (FileContent = "image/png"),
                (FileContent = "image/webp"),
                (FileContent = "application/pdf"),
                (FileContent = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
                (FileContent = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            ),
            headers(
                ("ETag" = String, description = "The content's SHA-256, quoted"),
                ("Content-Disposition" = String, description = "attachment; filename=\"…\"; filename*=UTF-8''…"),
                ("Cache-Control" = String, description = "private, max-age=31536000, immutable")
            )
        ),
        (status = 304, description = "Not modified: If-None-Match names the content's ETag"),
        ReadProblems
    ),
    security(("bearer" = []))
)]
#[get("/attachments/{id}/content")]
pub async fn download_attachment(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    serve(&state, &caller, id.into_inner(), Part::Content, &request).await
}

/// The image's thumbnail: a JPEG of at most 320 px on the long side, shown inline. Not
/// found for files that are not images (and for an image that could not be decoded).
#[utoipa::path(
    tag = "attachments",
    params(
        ("id" = Uuid, Path, description = "Attachment id"),
        ("If-None-Match" = Option<String>, Header, description = "The ETag of a copy already held")
    ),
    responses(
        (
            status = 200,
            description = "The thumbnail",
            content((FileContent = "image/jpeg")),
            headers(
                ("ETag" = String, description = "The thumbnail's SHA-256, quoted"),
                ("Cache-Control" = String, description = "private, max-age=31536000, immutable")
            )
        ),
        (status = 304, description = "Not modified: If-None-Match names the thumbnail's ETag"),
        ReadProblems
    ),
    security(("bearer" = []))
)]
#[get("/attachments/{id}/thumbnail")]
pub async fn attachment_thumbnail(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    serve(&state, &caller, id.into_inner(), Part::Thumbnail, &request).await
}

const CACHE_CONTROL: &str = "private, max-age=31536000, immutable";
/// A file is never a page: should a browser render one anyway, it runs nothing and loads nothing.
const FILE_CSP: &str = "default-src 'none'; sandbox";

async fn serve(
    state: &AppState,
    caller: &Caller,
    id: Uuid,
    part: Part,
    request: &HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let viewer = caller.viewer();
    let held = request.headers().get(header::IF_NONE_MATCH).and_then(|value| value.to_str().ok()).map(str::to_owned);
    let (attachment, sha256, bytes) = http::read(&state.db, move |conn| {
        let (attachment, sha256) = attachments::locate(conn, &viewer, id, part)?;
        let bytes = match held.as_deref().is_some_and(|held| names_tag(held, &sha256)) {
            true => None,
            false => Some(attachments::bytes(conn, &sha256)?),
        };
        Ok((attachment, sha256, bytes))
    })
    .await?;
    let mut response = match bytes {
        Some(_) => HttpResponse::Ok(),
        None => HttpResponse::NotModified(),
    };
    response
        .insert_header((header::ETAG, format!("\"{sha256}\"")))
        .insert_header((header::CACHE_CONTROL, CACHE_CONTROL))
        .insert_header((header::VARY, "Authorization"))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::CONTENT_SECURITY_POLICY, FILE_CSP));
    let Some(bytes) = bytes else { return Ok(response.finish()) };
    let (content_type, disposition) = match part {
        Part::Content => {
            (attachment.content_type.content_type(), disposition(DispositionType::Attachment, &attachment.file_name))
        }
        Part::Thumbnail => ("image/jpeg", disposition(DispositionType::Inline, &thumbnail_name(&attachment))),
    };
    Ok(response.content_type(content_type).insert_header((header::CONTENT_DISPOSITION, disposition)).body(bytes))
}

/// Whether an `If-None-Match` value names the entity tag of `sha256` (compared weakly,
/// as RFC 9110 §13.1.2 has it), or is `*`.
fn names_tag(held: &str, sha256: &str) -> bool {
    held.trim() == "*"
        || held.split(',').map(str::trim).any(|tag| tag.strip_prefix("W/").unwrap_or(tag).trim_matches('"') == sha256)
}

/// `<type>; filename="<ASCII stand-in>"; filename*=UTF-8''<name>` (RFC 6266): the plain
/// name for old clients, the exact one for the rest.
fn disposition(kind: DispositionType, name: &str) -> ContentDisposition {
    ContentDisposition {
        disposition: kind,
        parameters: vec![
            DispositionParam::Filename(ascii_fallback(name)),
            DispositionParam::FilenameExt(ExtendedValue {
                charset: Charset::Ext("UTF-8".into()),
                language_tag: None,
                value: name.as_bytes().to_vec(),
            }),
        ],
    }
}

/// `ảnh tổ.png` → `ảnh tổ-thumbnail.jpg`.
fn thumbnail_name(attachment: &Attachment) -> String {
    let name = &attachment.file_name;
    let stem = name.rsplit_once('.').map_or(name.as_str(), |(stem, _)| stem);
    format!("{stem}-thumbnail.jpg")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_none_match_names_the_hash_strongly_or_weakly_or_by_star() {
        assert!(names_tag("\"abc\"", "abc"));
        assert!(names_tag("\"x\", W/\"abc\"", "abc"));
        assert!(names_tag("*", "abc"));
        assert!(!names_tag("\"abd\"", "abc"));
    }

    #[test]
    fn the_disposition_carries_both_names() {
        let header = disposition(DispositionType::Attachment, "Báo cáo \"đợt 1\".pdf").to_string();
        assert_eq!(
            header,
            "attachment; filename=\"Bao cao _dot 1_.pdf\"; filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20%22%C4%91%E1%BB%A3t%201%22.pdf"
        );
    }
}
