//! The Party document (the consolidated report) as PDF, read back with poppler's
//! `pdftotext` and `pdfinfo` (Debian's poppler-utils, which `.ci/run` installs), and as
//! DOCX, read back with docx-rs. With `DANVAN_RENDER_SAMPLE_DIR` set, the sample is written
//! there as party-sample.pdf and party-sample.docx for a person to look at.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Cursor;
use std::path::PathBuf;
use std::process::Command;

use danvan_render::{
    party_document_docx, party_document_pdf, PartyBlock, PartyDocument, PartySection, PartySignature, RenderError,
};
use docx_rs::{DocumentChild, TableCellContent, TableChild, TableRowChild};

const SIGNER: &str = "Nguyễn Thị Thu Hằng";
const NUMBER: &str = "25-BC/BDVTW";

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn paragraph(text: &str) -> PartyBlock {
    PartyBlock::Paragraph { text: text.to_owned() }
}

fn figures(rows: usize) -> PartyBlock {
    let places = ["Hà Nội", "Thừa Thiên Huế", "Thành phố Hồ Chí Minh", "Đắk Lắk", "Quảng Ngãi"];
    PartyBlock::Table {
        caption: Some("Bảng 1. Kết quả vận động hỗ trợ theo địa phương".into()),
        header: strings(&["STT", "Địa phương", "Số hộ được hỗ trợ", "Kinh phí (triệu đồng)"]),
        rows: (0..rows)
            .map(|i| {
                vec![
                    (i + 1).to_string(),
                    places[i % places.len()].to_owned(),
                    format!("{}", 120 + i * 7),
                    format!("1.{:03},5", i * 13),
                ]
            })
            .collect(),
        numeric_columns: vec![0, 2, 3],
    }
}

fn report(sections: usize, table_rows: usize) -> PartyDocument {
    let mut all = vec![
        PartySection {
            heading: "I. TÌNH HÌNH VÀ KẾT QUẢ".into(),
            blocks: vec![
                paragraph(
                    "Thực hiện Kế hoạch số 12-KH/BDVTW, trong tháng 11/2026 các cấp ủy, tổ chức đảng, Mặt trận \
                     Tổ quốc và các đoàn thể chính trị - xã hội đã chủ động nắm tình hình nhân dân, kịp thời \
                     vận động các tầng lớp nhân dân chung tay phòng, chống dịch bệnh.",
                ),
                figures(table_rows),
                paragraph("Tổng kinh phí vận động được trong tháng là 5.230,5 triệu đồng."),
            ],
        },
        PartySection {
            heading: "II. NHIỆM VỤ TRỌNG TÂM THÁNG 12/2026".into(),
            blocks: vec![paragraph(
                "1. Tiếp tục nắm chắc tình hình tư tưởng của nhân dân.\n2. Đẩy mạnh phong trào thi đua \"Dân vận khéo\".",
            )],
        },
    ];
    for i in 0..sections.saturating_sub(2) {
        all.push(PartySection {
            heading: format!("{}. NỘI DUNG BỔ SUNG SỐ {}", i + 3, i + 1),
            blocks: vec![paragraph(&"Các cấp ủy đảng quán triệt, triển khai nghiêm túc chủ trương của Trung ương về công tác dân vận trong tình hình mới. ".repeat(4))],
        });
    }
    PartyDocument {
        issuer: strings(&["BAN CHẤP HÀNH TRUNG ƯƠNG", "BAN DÂN VẬN"]),
        number: NUMBER.into(),
        place_date: "Hà Nội, ngày 05 tháng 12 năm 2026".into(),
        kind: "BÁO CÁO".into(),
        title: "Kết quả công tác dân vận tham gia phòng, chống dịch COVID-19 tháng 11/2026".into(),
        sections: all,
        signature: PartySignature {
            capacity: Some("K/T TRƯỞNG BAN".into()),
            title: "PHÓ TRƯỞNG BAN THƯỜNG TRỰC".into(),
            name: SIGNER.into(),
            signed_note: None,
        },
        recipients: strings(&[
            "- Thường trực Ban Bí thư (để báo cáo),",
            "- Các đồng chí Lãnh đạo Ban,",
            "- Ban Dân vận các tỉnh ủy, thành ủy,",
            "- Lưu Văn phòng Ban.",
        ]),
        draft_mark: Some("DỰ THẢO".into()),
    }
}

/// What the reader must find in either format.
const EXPECTED: &[&str] = &[
    "BAN CHẤP HÀNH TRUNG ƯƠNG",
    "BAN DÂN VẬN",
    "ĐẢNG CỘNG SẢN VIỆT NAM",
    "Số 25-BC/BDVTW",
    "Hà Nội, ngày 05 tháng 12 năm 2026",
    "BÁO CÁO",
    "I. TÌNH HÌNH VÀ KẾT QUẢ",
    "II. NHIỆM VỤ TRỌNG TÂM THÁNG 12/2026",
    "Thành phố Hồ Chí Minh",
    "1.026,5",
    "Tổng kinh phí vận động được trong tháng là 5.230,5 triệu đồng.",
    "Nơi nhận:",
    "Lưu Văn phòng Ban.",
    "K/T TRƯỞNG BAN",
    "PHÓ TRƯỞNG BAN THƯỜNG TRỰC",
    SIGNER,
];

/// The poppler tool's output.
fn tool(name: &str, args: &[&str]) -> String {
    let output = Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("cannot run `{name}` ({e}): install Debian's poppler-utils (apt-get install -y poppler-utils)")
    });
    assert!(output.status.success(), "{name} {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("utf-8 output")
}

fn write(name: &str, bytes: &[u8]) -> String {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("danvan-render");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_string_lossy().into_owned()
}

/// Columns and wrapping spread a line with runs of spaces; one space is enough to compare.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn pages(path: &str) -> usize {
    let info = tool("pdfinfo", &[path]);
    let line = info.lines().find(|l| l.starts_with("Pages:")).expect("pdfinfo gives the pages");
    line.trim_start_matches("Pages:").trim().parse().unwrap()
}

#[test]
fn the_report_prints_as_a_party_document() {
    let doc = report(2, 6);
    let pdf = party_document_pdf(&doc).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    let path = write("party-report.pdf", &pdf);
    assert_eq!(pages(&path), 1);
    {
        let text = tool("pdftotext", &["-layout", &path, "-"]);
        let flat = words(&text);
        for expected in EXPECTED.iter().chain(&["DỰ THẢO", "Kết quả công tác dân vận tham gia phòng, chống dịch"])
        {
            assert!(flat.contains(expected), "«{expected}» not in:\n{text}");
        }
        // The letterhead's two columns share their first line.
        let first = text.lines().find(|l| !l.trim().is_empty() && !l.contains("DỰ THẢO")).unwrap_or_default();
        assert!(first.contains("BAN CHẤP HÀNH TRUNG ƯƠNG") && first.contains("ĐẢNG CỘNG SẢN VIỆT NAM"), "{text}");
    }
    {
        let info = tool("pdfinfo", &[&path]);
        assert!(info.contains("BÁO CÁO 25-BC/BDVTW: Kết quả công tác dân vận"), "{info}");
    }
}

#[test]
fn a_long_report_runs_onto_numbered_pages() {
    let mut doc = report(12, 60);
    doc.draft_mark = None;
    doc.signature.signed_note = Some("(Đã ký)".into());
    let pdf = party_document_pdf(&doc).unwrap();
    let path = write("party-report-long.pdf", &pdf);
    let count = pages(&path);
    assert!(count >= 3, "{count} page(s)");
    {
        let text = tool("pdftotext", &["-layout", &path, "-"]);
        let flat = words(&text);
        for expected in EXPECTED.iter().chain(&["12. NỘI DUNG BỔ SUNG SỐ 10", "1.767,5", "(Đã ký)"]) {
            assert!(flat.contains(expected), "«{expected}» not in:\n{text}");
        }
        assert!(!flat.contains("DỰ THẢO"));
        let pages: Vec<&str> = text.split('\u{c}').filter(|p| !p.trim().is_empty()).collect();
        assert_eq!(pages.len(), count);
        for (i, page) in pages.iter().enumerate().skip(1) {
            let last = page.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or_default();
            assert_eq!(last.trim(), (i + 1).to_string(), "page {} ends with its number", i + 1);
        }
        // The table's header row opens each page it runs onto.
        let table_pages = pages.iter().filter(|p| p.contains("Quảng Ngãi")).count();
        let headed = pages.iter().filter(|p| p.contains("Quảng Ngãi") && words(p).contains("Địa phương")).count();
        assert!(table_pages >= 2 && headed == table_pages, "{table_pages} page(s) of table, {headed} headed");
    }
}

/// Every text of the document body, paragraphs and table cells, in order.
fn docx_text(docx: &[u8]) -> Vec<String> {
    fn cells(table: &docx_rs::Table, out: &mut Vec<String>) {
        for TableChild::TableRow(row) in &table.rows {
            for TableRowChild::TableCell(cell) in &row.cells {
                for content in &cell.children {
                    match content {
                        TableCellContent::Paragraph(p) => out.push(p.raw_text()),
                        TableCellContent::Table(t) => cells(t, out),
                        _ => {}
                    }
                }
            }
        }
    }
    let read = docx_rs::read_docx(docx).unwrap();
    let mut out = Vec::new();
    for child in &read.document.children {
        match child {
            DocumentChild::Paragraph(p) => out.push(p.raw_text()),
            DocumentChild::Table(t) => cells(t, &mut out),
            _ => {}
        }
    }
    out
}

#[test]
fn the_report_reads_back_from_docx() {
    let doc = report(3, 12);
    let docx = party_document_docx(&doc).unwrap();
    write("party-report.docx", &docx);
    let archive = zip::ZipArchive::new(Cursor::new(&docx)).unwrap();
    let names: Vec<String> = archive.file_names().map(|name| name.unwrap().into_owned()).collect();
    for part in ["word/document.xml", "word/header1.xml", "word/footer1.xml", "docProps/core.xml"] {
        assert!(names.iter().any(|name| name == part), "no {part} in {names:?}");
    }
    let texts = docx_text(&docx);
    let flat = words(&texts.join("\n"));
    for expected in EXPECTED.iter().chain(&["3. NỘI DUNG BỔ SUNG SỐ 1", "1.143,5"]) {
        assert!(flat.contains(expected), "«{expected}» not in:\n{texts:#?}");
    }
    // Table cells are paragraphs of their own: a figure is a whole cell.
    assert!(texts.iter().any(|t| t == "1.143,5"), "{texts:#?}");
    // The capacity and title are one paragraph, on two lines.
    assert!(texts.iter().any(|t| t == "K/T TRƯỞNG BAN\nPHÓ TRƯỞNG BAN THƯỜNG TRỰC"), "{texts:#?}");
}

#[test]
fn a_ragged_table_is_refused() {
    let mut doc = report(2, 3);
    if let PartyBlock::Table { rows, .. } = &mut doc.sections[0].blocks[1] {
        rows[1].pop();
    }
    for result in [party_document_pdf(&doc), party_document_docx(&doc)] {
        match result {
            Err(RenderError::Document(message)) => {
                assert!(message.contains("row 2 has 3 cells for 4 columns"), "{message}")
            }
            other => panic!("{:?}", other.map(|bytes| bytes.len())),
        }
    }
}

#[test]
fn the_document_round_trips_through_json() {
    let doc = report(2, 2);
    let json = serde_json::to_value(&doc).unwrap();
    assert_eq!(json["sections"][0]["blocks"][1]["type"], "table");
    assert_eq!(json["sections"][0]["blocks"][0]["type"], "paragraph");
    let back: PartyDocument = serde_json::from_value(json).unwrap();
    assert_eq!(back, doc);
}

/// Writes the sample where a person can open it: `DANVAN_RENDER_SAMPLE_DIR=dir cargo test`.
#[test]
fn sample_for_a_person_to_look_at() {
    let Some(dir) = std::env::var_os("DANVAN_RENDER_SAMPLE_DIR") else { return };
    let dir = PathBuf::from(dir);
    std::fs::create_dir_all(&dir).unwrap();
    let doc = report(5, 25);
    std::fs::write(dir.join("party-sample.pdf"), party_document_pdf(&doc).unwrap()).unwrap();
    std::fs::write(dir.join("party-sample.docx"), party_document_docx(&doc).unwrap()).unwrap();
}
