//! Attachments over HTTP on both databases: the type read from the content whatever the
//! name, the upload limit, one stored copy per content, thumbnails, the download's
//! headers, who reads and who deletes as the owning team decides, and If-Match.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support::{new_user, refused, TestApp, PASSWORD};
use chrono::NaiveDate;
use danvan_client::Client;
use danvan_domain::{
    area::Layout,
    attachment::{Attachment, AttachmentOwnerKind, FileType},
    audit::{AuditAction, AuditPage},
    community_team::CreateTeam,
    role::Role,
    user::CreateUser,
};
use danvan_store::diesel::{self, RunQueryDsl};
use reqwest::{header, multipart, Method, StatusCode};
use std::io::{Cursor, Write};
use uuid::Uuid;

const TEAM: AttachmentOwnerKind = AttachmentOwnerKind::Team;

/// A community team in the commune with `code` (2021 layout), registered by the administrator.
async fn team(app: &TestApp, name: &str, code: &str) -> Uuid {
    let kind_id = app.admin.list_team_kinds(Some(true)).await.unwrap()[0].id;
    let area_id = app.admin.area_by_code(Layout::L2021, code).await.unwrap().id;
    let request = CreateTeam {
        name: name.into(),
        kind_id,
        area_id,
        founded_on: NaiveDate::from_ymd_opt(2021, 8, 1).unwrap(),
        status: None,
        org_unit_id: None,
        partner_body: "UBND phường".into(),
        description: String::new(),
        households_covered: 100,
    };
    app.admin.create_team(&request, None).await.unwrap().id
}

/// A PNG of `width` × `height`, half-transparent, different for each `seed`.
pub(crate) fn png(width: u32, height: u32, seed: u8) -> Vec<u8> {
    let image =
        image::RgbaImage::from_fn(width, height, |x, y| image::Rgba([seed, (x % 256) as u8, (y % 256) as u8, 200]));
    let mut bytes = Cursor::new(Vec::new());
    image.write_to(&mut bytes, image::ImageFormat::Png).unwrap();
    bytes.into_inner()
}

/// A minimal Word document: the parts Word itself needs to open it.
fn docx() -> Vec<u8> {
    let mut bytes = Cursor::new(Vec::new());
    let mut archive = zip::ZipWriter::new(&mut bytes);
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let parts = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#,
        ),
        (
            "word/document.xml",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Báo cáo hoạt động tổ</w:t></w:r></w:p></w:body></w:document>"#,
        ),
    ];
    for (name, text) in parts {
        archive.start_file(name, options).unwrap();
        archive.write_all(text.as_bytes()).unwrap();
    }
    archive.finish().unwrap();
    bytes.into_inner()
}

/// A workbook as Excel writes it, made by the same library as the exports.
fn xlsx() -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    workbook.add_worksheet().write_string(0, 0, "Số hộ được hỗ trợ").unwrap();
    workbook.save_to_buffer().unwrap()
}

/// A document that passes for a PDF by its signature: the server reads no further.
fn pdf(text: &str) -> Vec<u8> {
    format!("%PDF-1.4\n% {text}\n%%EOF\n").into_bytes()
}

async fn upload(
    client: &Client,
    owner: Uuid,
    name: &str,
    bytes: Vec<u8>,
) -> Result<Attachment, danvan_client::ClientError> {
    client.upload_attachment(TEAM, owner, name, bytes, None).await
}

/// Distinct contents the database holds.
async fn blob_count(app: &TestApp) -> i64 {
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        count: i64,
    }
    let url = app.config.database_url.clone();
    tokio::task::spawn_blocking(move || {
        let pool = danvan_store::db::connect(&url, 1).unwrap();
        let rows: Vec<Count> =
            diesel::sql_query("SELECT COUNT(*) AS count FROM blobs").load(&mut *pool.get().unwrap()).unwrap();
        rows[0].count
    })
    .await
    .unwrap()
}

/// An account of `role` whose scope is the provinces of `areas`.
async fn scoped(app: &TestApp, username: &str, role: Role, areas: Vec<Uuid>) -> Client {
    let request = CreateUser { scope_area_ids: areas, ..new_user(username, role) };
    app.admin.create_user(&request, None).await.unwrap();
    app.login(username, PASSWORD).await
}

both_backends! {
    async fn the_content_decides_the_type_whatever_the_name(app) {
        let team = team(&app, "Tổ COVID Phúc Xá", "00001").await;
        let disguised = upload(&app.admin, team, "scan.pdf", png(40, 30, 1)).await.unwrap();
        assert_eq!(disguised.content_type, FileType::Png);
        assert_eq!(disguised.file_name, "scan.pdf.png", "the name ends with the type the content has");
        assert!(disguised.has_thumbnail);
        assert_eq!((disguised.owner_kind, disguised.owner_id), (TEAM, team));
        assert_eq!(disguised.uploaded_by.id, app.admin_user.id);
        assert!(disguised.can_delete);

        let page = b"<!DOCTYPE html><html><script>alert(1)</script></html>".to_vec();
        refused(upload(&app.admin, team, "anh.png", page).await, StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
        let zip_of_nothing = {
            let mut bytes = Cursor::new(Vec::new());
            let mut archive = zip::ZipWriter::new(&mut bytes);
            archive.start_file("readme.txt", zip::write::SimpleFileOptions::default()).unwrap();
            archive.write_all(b"hello").unwrap();
            archive.finish().unwrap();
            bytes.into_inner()
        };
        refused(upload(&app.admin, team, "bang.xlsx", zip_of_nothing).await, StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");

        let word = upload(&app.admin, team, "Báo cáo tháng 9.docx", docx()).await.unwrap();
        assert_eq!((word.content_type, word.file_name.as_str()), (FileType::Docx, "Báo cáo tháng 9.docx"));
        assert!(!word.has_thumbnail);
        let sheet = upload(&app.admin, team, "so-lieu", xlsx()).await.unwrap();
        assert_eq!((sheet.content_type, sheet.file_name.as_str()), (FileType::Xlsx, "so-lieu.xlsx"));
        let document = upload(&app.admin, team, "ke-hoach.PDF", pdf("kế hoạch")).await.unwrap();
        assert_eq!((document.content_type, document.file_name.as_str()), (FileType::Pdf, "ke-hoach.PDF"));

        let listed = app.admin.list_attachments(TEAM, team).await.unwrap();
        let ids: Vec<Uuid> = listed.iter().map(|attachment| attachment.id).collect();
        assert_eq!(ids, [disguised.id, word.id, sheet.id, document.id], "oldest first, refused uploads absent");
    }

    async fn the_same_content_is_stored_once_and_goes_with_its_last_attachment(app) {
        let team = team(&app, "Tổ COVID Phúc Xá", "00001").await;
        let before = blob_count(&app).await;
        let photo = png(500, 400, 7);
        let first = upload(&app.admin, team, "anh-1.png", photo.clone()).await.unwrap();
        let second = upload(&app.admin, team, "anh-2.png", photo.clone()).await.unwrap();
        assert_ne!(first.id, second.id);
        assert_eq!(first.sha256, second.sha256);
        assert_eq!(first.size, photo.len() as i64);
        assert_eq!(blob_count(&app).await, before + 2, "the photo and its thumbnail, once each");
        let document = upload(&app.admin, team, "a.pdf", pdf("một")).await.unwrap();
        assert_eq!(blob_count(&app).await, before + 3);

        app.admin.delete_attachment(first.id, &danvan_client::etag_of(first.version)).await.unwrap();
        assert_eq!(blob_count(&app).await, before + 3, "the second upload still has the content");
        let bytes = app.admin.download_attachment(second.id).await.unwrap().bytes;
        assert_eq!(bytes, photo);
        app.admin.delete_attachment(second.id, &danvan_client::etag_of(second.version)).await.unwrap();
        app.admin.delete_attachment(document.id, &danvan_client::etag_of(document.version)).await.unwrap();
        assert_eq!(blob_count(&app).await, before, "nothing is left of deleted files");
    }

    async fn a_thumbnail_is_a_jpeg_of_at_most_320_pixels(app) {
        let team = team(&app, "Tổ COVID Phúc Xá", "00001").await;
        let wide = upload(&app.admin, team, "toan-canh.png", png(1200, 500, 3)).await.unwrap();
        let thumbnail = app.admin.attachment_thumbnail(wide.id).await.unwrap();
        assert_eq!(thumbnail.content_type, "image/jpeg");
        assert!(thumbnail.disposition.starts_with("inline;"), "{}", thumbnail.disposition);
        let image = image::load_from_memory_with_format(&thumbnail.bytes, image::ImageFormat::Jpeg).unwrap();
        assert_eq!((image.width(), image.height()), (320, 133));

        let tall = upload(&app.admin, team, "doc.png", png(300, 900, 4)).await.unwrap();
        let image = image::load_from_memory(&app.admin.attachment_thumbnail(tall.id).await.unwrap().bytes).unwrap();
        assert_eq!((image.width(), image.height()), (107, 320));

        let document = upload(&app.admin, team, "a.pdf", pdf("không ảnh")).await.unwrap();
        refused(app.admin.attachment_thumbnail(document.id).await, StatusCode::NOT_FOUND, "not_found");
    }

    async fn a_download_says_what_it_is_and_may_be_cached_by_its_reader_only(app) {
        let team = team(&app, "Tổ COVID Phúc Xá", "00001").await;
        let photo = png(60, 40, 9);
        let attachment = upload(&app.admin, team, "Ảnh tổ \"xung kích\".pdf", photo.clone()).await.unwrap();
        let path = format!("/api/v1/attachments/{}/content", attachment.id);
        let response = app.admin.request(Method::GET, &path).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let headers = response.headers().clone();
        let text = |name: header::HeaderName| headers.get(name).map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
        assert_eq!(text(header::CONTENT_TYPE), "image/png");
        assert_eq!(text(header::X_CONTENT_TYPE_OPTIONS), "nosniff");
        assert_eq!(
            text(header::CONTENT_DISPOSITION),
            "attachment; filename=\"Anh to _xung kich_.pdf.png\"; \
             filename*=UTF-8''%E1%BA%A2nh%20t%E1%BB%95%20%22xung%20k%C3%ADch%22.pdf.png"
        );
        let etag = format!("\"{}\"", attachment.sha256);
        assert_eq!(text(header::ETAG), etag);
        assert_eq!(text(header::CACHE_CONTROL), "private, max-age=31536000, immutable");
        assert!(text(header::VARY).split(", ").any(|name| name == "Authorization"), "{}", text(header::VARY));
        assert!(text(header::CONTENT_SECURITY_POLICY).contains("sandbox"));
        assert_eq!(response.bytes().await.unwrap().to_vec(), photo);

        let again = app.admin.request(Method::GET, &path).header(header::IF_NONE_MATCH, &etag).send().await.unwrap();
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
        assert!(again.bytes().await.unwrap().is_empty());

        // The description carries the version a delete names, not the content's hash.
        let read = app.admin.get_attachment(attachment.id).await.unwrap();
        assert_eq!((read.etag.as_str(), read.value), ("\"1\"", attachment));
    }

    async fn only_those_who_see_the_team_read_its_files_and_only_its_managers_change_them(app) {
        let saigon = team(&app, "Tổ COVID Tân Định", "26734").await;
        let (_, office) = app.user("van.phong", Role::Office, None).await;
        let (_, member) = app.user("thanh.vien", Role::Member, None).await;
        let hanoi = app.admin.area_by_code(Layout::L2021, "01").await.unwrap().id;
        let hcm = app.admin.area_by_code(Layout::L2021, "79").await.unwrap().id;
        let elsewhere = scoped(&app, "vp.ha.noi", Role::RegionalOffice, vec![hanoi]).await;
        let nearby = scoped(&app, "vp.hcm", Role::RegionalOffice, vec![hcm]).await;

        let photo = upload(&office, saigon, "anh.png", png(30, 30, 5)).await.unwrap();
        assert!(photo.can_delete);

        // Out of sight: every operation says not found, as for a team that does not exist.
        refused(elsewhere.list_attachments(TEAM, saigon).await, StatusCode::NOT_FOUND, "not_found");
        refused(elsewhere.get_attachment(photo.id).await, StatusCode::NOT_FOUND, "not_found");
        refused(elsewhere.download_attachment(photo.id).await, StatusCode::NOT_FOUND, "not_found");
        refused(elsewhere.attachment_thumbnail(photo.id).await, StatusCode::NOT_FOUND, "not_found");
        refused(upload(&elsewhere, saigon, "b.pdf", pdf("b")).await, StatusCode::NOT_FOUND, "not_found");
        refused(elsewhere.delete_attachment(photo.id, "\"1\"").await, StatusCode::NOT_FOUND, "not_found");
        refused(upload(&app.admin, Uuid::now_v7(), "c.pdf", pdf("c")).await, StatusCode::NOT_FOUND, "not_found");

        // In sight: read, but only managers attach and delete.
        for reader in [&member, &nearby] {
            let listed = reader.list_attachments(TEAM, saigon).await.unwrap();
            assert_eq!(listed.len(), 1);
            assert!(!listed[0].can_delete);
            assert_eq!(reader.download_attachment(photo.id).await.unwrap().bytes, png(30, 30, 5));
            refused(upload(reader, saigon, "d.pdf", pdf("d")).await, StatusCode::FORBIDDEN, "forbidden");
            refused(reader.delete_attachment(photo.id, "\"1\"").await, StatusCode::FORBIDDEN, "forbidden");
        }
        office.delete_attachment(photo.id, "\"1\"").await.unwrap();
        assert!(member.list_attachments(TEAM, saigon).await.unwrap().is_empty());
    }

    async fn a_delete_names_the_version_it_read_and_both_ends_are_audited(app) {
        let team = team(&app, "Tổ COVID Phúc Xá", "00001").await;
        let document = upload(&app.admin, team, "bien-ban.pdf", pdf("biên bản")).await.unwrap();
        let path = format!("/api/v1/attachments/{}", document.id);
        let without = app.admin.request(Method::DELETE, &path).send().await.unwrap();
        assert_eq!(without.status(), StatusCode::PRECONDITION_REQUIRED);
        refused(app.admin.delete_attachment(document.id, "\"2\"").await, StatusCode::PRECONDITION_FAILED, "precondition_failed");
        let etag = app.admin.get_attachment(document.id).await.unwrap().etag;
        app.admin.delete_attachment(document.id, &etag).await.unwrap();
        refused(app.admin.get_attachment(document.id).await, StatusCode::NOT_FOUND, "not_found");
        refused(app.admin.delete_attachment(document.id, &etag).await, StatusCode::NOT_FOUND, "not_found");

        let id = document.id.to_string();
        let entries = app.admin.all_audit(&[("entity", "attachment"), ("entity_id", id.as_str())]).await.unwrap();
        let actions: Vec<AuditAction> = entries.iter().map(|entry| entry.action).collect();
        assert_eq!(actions, [AuditAction::Delete, AuditAction::Create]);
        for entry in &entries {
            assert_eq!(entry.label.as_deref(), Some("bien-ban.pdf"));
            let link = entry.link.unwrap();
            assert_eq!((link.page, link.id), (AuditPage::CommunityTeam, team));
        }
    }

    async fn a_malformed_upload_is_a_problem(app) {
        let team = team(&app, "Tổ COVID Phúc Xá", "00001").await;
        let path = format!("/api/v1/attachments?owner_kind=team&owner_id={team}");
        let json = app.admin.request(Method::POST, &path).json(&serde_json::json!({ "file": "x" })).send().await.unwrap();
        assert_eq!(json.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
        // A multipart body needs at least one part (RFC 2046 §5.1.1).
        let empty = app.admin.request(Method::POST, &path).multipart(multipart::Form::new()).send().await.unwrap();
        assert_eq!(empty.status(), StatusCode::BAD_REQUEST);
        let other = multipart::Form::new().text("note", "ghi chú");
        let other = app.admin.request(Method::POST, &path).multipart(other).send().await.unwrap();
        assert_eq!(other.status(), StatusCode::BAD_REQUEST);
        let two = multipart::Form::new()
            .part("file", multipart::Part::bytes(pdf("1")).file_name("1.pdf"))
            .part("file", multipart::Part::bytes(pdf("2")).file_name("2.pdf"));
        let two = app.admin.request(Method::POST, &path).multipart(two).send().await.unwrap();
        assert_eq!(two.status(), StatusCode::UNPROCESSABLE_ENTITY);
        refused(upload(&app.admin, team, "rong.pdf", Vec::new()).await, StatusCode::UNPROCESSABLE_ENTITY, "validation");
        let unknown_kind = format!("/api/v1/attachments?owner_kind=plan&owner_id={team}");
        let form = multipart::Form::new().part("file", multipart::Part::bytes(pdf("x")).file_name("x.pdf"));
        let unknown_kind = app.admin.request(Method::POST, &unknown_kind).multipart(form).send().await.unwrap();
        assert_eq!(unknown_kind.status(), StatusCode::BAD_REQUEST);
        assert!(app.admin.list_attachments(TEAM, team).await.unwrap().is_empty());

        // A retry under the same key replays the upload; another file under it is refused.
        let first = app.admin.upload_attachment(TEAM, team, "a.pdf", pdf("a"), Some("upload-1")).await.unwrap();
        let again = app.admin.upload_attachment(TEAM, team, "a.pdf", pdf("a"), Some("upload-1")).await.unwrap();
        assert_eq!(again, first);
        let other = app.admin.upload_attachment(TEAM, team, "a.pdf", pdf("b"), Some("upload-1")).await;
        refused(other, StatusCode::UNPROCESSABLE_ENTITY, "idempotency_key_reused");
        assert_eq!(app.admin.list_attachments(TEAM, team).await.unwrap().len(), 1);
    }
}

/// `max_upload_bytes` bounds the file: one byte more is a 413 problem and stores nothing.
async fn uploads_over_the_limit_are_refused(backend: crate::support::Backend) {
    const LIMIT: usize = 64 * 1024;
    let Some(app) = TestApp::spawn_with(backend, |config| config.max_upload_bytes = LIMIT).await else { return };
    let team = team(&app, "Tổ COVID Phúc Xá", "00001").await;
    let sized = |size: usize| {
        let mut bytes = pdf("đủ");
        bytes.resize(size, b' ');
        bytes
    };
    upload(&app.admin, team, "vua.pdf", sized(LIMIT)).await.unwrap();
    refused(
        upload(&app.admin, team, "thua.pdf", sized(LIMIT + 1)).await,
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
    );
    // Far over: refused by its Content-Length, before a byte of it is read.
    refused(
        upload(&app.admin, team, "lon.pdf", sized(8 * LIMIT)).await,
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
    );
    assert_eq!(app.admin.list_attachments(TEAM, team).await.unwrap().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_uploads_over_the_limit_are_refused() {
    uploads_over_the_limit_are_refused(crate::support::Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_uploads_over_the_limit_are_refused() {
    uploads_over_the_limit_are_refused(crate::support::Backend::Postgres).await;
}
