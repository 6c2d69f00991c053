//! The consolidated report as a Party document, DOCX or PDF: letterhead and number, the
//! edited sections, the annexes of figures and of reporters, the recipients and the
//! signature block.

use crate::{auth::Caller, error::ApiError, http, openapi::ReadProblems, state::AppState};
use actix_web::{get, http::header, web, HttpResponse};
use chrono::{Datelike, Utc};
use danvan_domain::{
    aid::format_number,
    calendar,
    lang::Lang,
    permission::Action,
    report::{roman, Breakdown, ConsolidatedReport, ConsolidatedStatus, Timeliness},
};
use danvan_render::{party_document_docx, party_document_pdf, PartyBlock, PartyDocument, PartySection, PartySignature};
use danvan_store::reports as store;
use serde::Deserialize;
use uuid::Uuid;

/// The file format of a document.
#[derive(Debug, Clone, Copy, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum DocumentFormat {
    Pdf,
    Docx,
}

/// The format of the consolidated report's document.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DocumentQuery {
    /// `pdf` (default) or `docx`.
    #[param(inline)]
    pub format: Option<DocumentFormat>,
}

fn timeliness_label(timeliness: Timeliness) -> &'static str {
    match timeliness {
        Timeliness::OnTime => "Đúng hạn",
        Timeliness::Late => "Muộn",
        Timeliness::Missing => "Chưa gửi",
        Timeliness::Pending => "Chưa đến hạn",
    }
}

fn breakdown_label(breakdown: Breakdown) -> &'static str {
    match breakdown {
        Breakdown::None => "",
        Breakdown::TargetGroup => "Đối tượng",
        Breakdown::Field => "Lĩnh vực",
        Breakdown::Area => "Địa bàn",
    }
}

/// The report laid out as the Commission's documents are: numbered sections as edited,
/// then the annexes.
pub(crate) fn party_document(report: &ConsolidatedReport) -> PartyDocument {
    let signed = report.status == ConsolidatedStatus::SignedOff;
    let day = calendar::today(report.signed_at.unwrap_or_else(Utc::now));
    let mut sections: Vec<PartySection> = report
        .sections
        .iter()
        .map(|section| PartySection {
            heading: section.heading.clone(),
            blocks: section
                .text
                .split("\n\n")
                .map(str::trim)
                .filter(|paragraph| !paragraph.is_empty())
                .map(|paragraph| PartyBlock::Paragraph { text: paragraph.to_owned() })
                .collect(),
        })
        .collect();
    let annex = |n: usize| roman(report.sections.len() + n + 1);
    let figures = report
        .figures
        .iter()
        .enumerate()
        .map(|(index, figure)| {
            let item = figure.item.as_ref().map(|item| item.name.clone()).unwrap_or_else(|| "Chung".into());
            let by = breakdown_label(figure.breakdown);
            vec![
                (index + 1).to_string(),
                figure.label.clone(),
                if by.is_empty() { item } else { format!("{by}: {item}") },
                figure.unit.clone(),
                format_number(figure.total, Lang::Vi),
                figure.sources.len().to_string(),
            ]
        })
        .collect();
    sections.push(PartySection {
        heading: format!("{}. SỐ LIỆU TỔNG HỢP", annex(0)),
        blocks: vec![
            PartyBlock::Paragraph {
                text: format!(
                    "Tổng hợp từ {} báo cáo đã được duyệt; {} báo cáo chưa được duyệt không được tính.",
                    report.approved_count, report.excluded_count
                ),
            },
            PartyBlock::Table {
                caption: None,
                header: ["STT", "Chỉ tiêu", "Phân theo", "Đơn vị", "Số liệu", "Số báo cáo"].map(String::from).to_vec(),
                rows: figures,
                numeric_columns: vec![0, 4, 5],
            },
        ],
    });
    let reporters = report
        .reporters
        .iter()
        .enumerate()
        .map(|(index, line)| {
            vec![
                (index + 1).to_string(),
                line.reporter.name.clone(),
                timeliness_label(line.timeliness).to_owned(),
                line.submitted_at.map(|at| calendar::today(at).format("%d/%m/%Y").to_string()).unwrap_or_default(),
                if line.counted { "Có" } else { "Không" }.to_owned(),
            ]
        })
        .collect();
    sections.push(PartySection {
        heading: format!("{}. TÌNH HÌNH GỬI BÁO CÁO", annex(1)),
        blocks: vec![PartyBlock::Table {
            caption: None,
            header: ["STT", "Người báo cáo", "Thời hạn", "Ngày gửi", "Được tổng hợp"].map(String::from).to_vec(),
            rows: reporters,
            numeric_columns: vec![0],
        }],
    });
    let last = report.recipients.len().saturating_sub(1);
    PartyDocument {
        issuer: vec!["BAN CHẤP HÀNH TRUNG ƯƠNG".into(), "BAN DÂN VẬN".into()],
        number: report.number.clone().unwrap_or_else(|| "     -BC/BDVTW".into()),
        place_date: format!("Hà Nội, ngày {:02} tháng {:02} năm {}", day.day(), day.month(), day.year()),
        kind: "BÁO CÁO".into(),
        title: report.title.clone(),
        sections,
        signature: PartySignature {
            capacity: Some(report.signatory.capacity.clone()).filter(|capacity| !capacity.trim().is_empty()),
            title: report.signatory.title.clone(),
            name: report.signatory.name.clone(),
            signed_note: signed.then(|| "(Đã ký)".to_owned()),
        },
        recipients: report
            .recipients
            .iter()
            .enumerate()
            .map(|(index, recipient)| format!("- {recipient}{}", if index == last { "." } else { "," }))
            .collect(),
        draft_mark: (!signed).then(|| "DỰ THẢO".to_owned()),
    }
}

/// The consolidated report as a Party document in Vietnamese, A4: PDF to print, DOCX to
/// edit. A draft says "DỰ THẢO" on every page and has no number yet.
#[utoipa::path(
    tag = "reports",
    params(("id" = Uuid, Path, description = "Consolidated report id"), DocumentQuery),
    responses(
        (
            status = 200,
            description = "The document",
            content(
                (Vec<u8> = "application/pdf"),
                (Vec<u8> = "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
            ),
            headers(("Content-Disposition" = String, description = "attachment; filename=\"25-BC-BDVTW.pdf\""))
        ),
        ReadProblems
    ),
    security(("bearer" = []))
)]
#[get("/consolidated-reports/{id}/document")]
pub async fn consolidated_report_document(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    query: web::Query<DocumentQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ReportsRead)?;
    let (id, viewer) = (id.into_inner(), caller.viewer());
    let format = query.format.unwrap_or(DocumentFormat::Pdf);
    let report = http::read(&state.db, move |conn| Ok(store::get_consolidated(conn, &viewer, id)?)).await?;
    let name = report.number.clone().unwrap_or_else(|| format!("du-thao-{}", report.period)).replace('/', "-");
    let document = party_document(&report);
    let (bytes, content_type, extension) = match format {
        DocumentFormat::Pdf => (web::block(move || party_document_pdf(&document)).await?, "application/pdf", "pdf"),
        DocumentFormat::Docx => (
            web::block(move || party_document_docx(&document)).await?,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
        ),
    };
    let bytes = bytes.map_err(|error| ApiError::Internal(format!("consolidated report document: {error}")))?;
    Ok(HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}.{extension}\"")))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(bytes))
}
