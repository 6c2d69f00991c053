//! Receipts rendered to real PDF files and read back with poppler (`pdftotext`, `pdfinfo`
//! from Debian's poppler-utils), as a person's PDF reader would.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::process::Command;

use danvan_render::{render_pdf, template_names, vnd_in_words, Paper, RenderError};
use serde_json::{json, Value};

const DONOR: &str = "Công ty TNHH Thương mại Hoàng Phúc – Chi nhánh Đà Nẵng";

fn cash_receipt() -> Value {
    json!({
        "number": "BN-2025-000123",
        "issuer": { "parent": "UBND PHƯỜNG HẢI CHÂU", "name": "BAN VẬN ĐỘNG CỨU TRỢ PHƯỜNG" },
        "place": "Đà Nẵng", "day": "05", "month": "11", "year": "2025",
        "donor": {
            "name": DONOR,
            "tax_code": "0401234567-001",
            "contact": "52 Lê Duẩn, phường Hải Châu, thành phố Đà Nẵng · 0905 123 456"
        },
        "campaign": { "name": "Ủng hộ đồng bào miền Trung khắc phục hậu quả bão lũ năm 2025" },
        "channel": "Chuyển khoản",
        "bank_reference": "FT25309123456789",
        "amount": { "figures": "1.500.000 đồng", "words": vnd_in_words(1_500_000) },
        "location": "Trụ sở Ủy ban MTTQ Việt Nam phường Hải Châu",
        "recorded_by": "Nguyễn Thị Mỹ Duyên"
    })
}

fn goods_receipt(lines: usize) -> Value {
    let goods = [
        ("Gạo tẻ", "kg"),
        ("Mì tôm thùng 30 gói", "thùng"),
        ("Nước uống đóng chai 500ml", "chai"),
        ("Áo phao cứu sinh", "chiếc"),
        ("Chăn ấm mùa đông", "chiếc"),
    ];
    let rows: Vec<Value> = (0..lines)
        .map(|i| {
            let (name, unit) = goods[i % goods.len()];
            json!({
                "name": name,
                "unit": unit,
                "quantity": format!("{}", (i + 1) * 10),
                "value": format!("{}.000 đồng", (i + 1) * 150)
            })
        })
        .collect();
    json!({
        "number": "BN-2025-000124",
        "issuer": { "parent": "ỦY BAN MTTQ VIỆT NAM", "name": "XÃ QUẢNG PHÚ" },
        "place": "Quảng Ngãi", "day": "06", "month": "11", "year": "2025",
        "donor": { "name": "Hội Phụ nữ thôn Tân Mỹ" },
        "campaign": { "name": "Tết ấm cho người nghèo" },
        "channel": "Hiện vật",
        "lines": rows,
        "goods_total": "12.345.000 đồng",
        "recorded_by": "Trần Văn Lưỡng"
    })
}

fn tool(name: &str, args: &[&str]) -> String {
    let output = Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("cannot run `{name}` ({e}): install Debian's poppler-utils (apt-get install -y poppler-utils)")
    });
    assert!(output.status.success(), "{name} {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("utf-8 output")
}

fn write(name: &str, pdf: &[u8]) -> String {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("danvan-render");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, pdf).unwrap();
    path.to_string_lossy().into_owned()
}

struct Info {
    pages: usize,
    size: (i64, i64),
    title: String,
    creator: String,
}

fn info(path: &str) -> Info {
    let text = tool("pdfinfo", &[path]);
    let field = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(name).map(|v| v.trim_start_matches(':').trim().to_owned()))
            .unwrap_or_else(|| panic!("pdfinfo has no {name}: {text}"))
    };
    // "Page size:      595.276 x 841.89 pts (A4)"
    let size: Vec<i64> =
        field("Page size").split_whitespace().filter_map(|w| w.parse::<f64>().ok()).map(|v| v.round() as i64).collect();
    Info {
        pages: field("Pages").parse().unwrap(),
        size: (size[0], size[1]),
        title: field("Title"),
        creator: field("Creator"),
    }
}

/// pdftotext -layout spreads a line's columns with runs of spaces; one space is enough to
/// check for a name that a narrow column may also have wrapped.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn size_of(paper: Paper) -> (i64, i64) {
    match paper {
        Paper::A4 => (595, 842),
        Paper::A5 => (420, 595),
    }
}

#[test]
fn a_cash_receipt_reads_back_on_a4_and_a5() {
    for paper in [Paper::A4, Paper::A5] {
        let pdf = render_pdf("receipt", &cash_receipt(), paper).unwrap();
        let path = write(&format!("receipt-cash-{paper}.pdf"), &pdf);
        let text = tool("pdftotext", &["-layout", &path, "-"]);
        let flat = words(&text);
        for expected in [
            DONOR,
            "BIÊN NHẬN TIẾP NHẬN ỦNG HỘ",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Số: BN-2025-000123",
            "Đà Nẵng, ngày 05 tháng 11 năm 2025",
            "1.500.000 đồng",
            "Một triệu năm trăm nghìn đồng",
            "0401234567-001",
            "FT25309123456789",
            "Nguyễn Thị Mỹ Duyên",
            "BN-2025-000123 · Trang 1/1",
        ] {
            assert!(flat.contains(expected), "{paper}: «{expected}» not in:\n{text}");
        }
        let info = info(&path);
        assert_eq!(info.pages, 1, "{paper}");
        assert_eq!(info.size, size_of(paper), "{paper}");
        assert_eq!(info.title, "Biên nhận tiếp nhận ủng hộ BN-2025-000123");
        assert_eq!(info.creator, "Dân vận");
        assert!(pdf.windows(9).any(|w| w == b"/Lang(vi)"), "{paper}: the document language should be vi");
    }
}

#[test]
fn goods_lines_flow_onto_more_pages_with_the_table_header_repeated() {
    for (paper, lines) in [(Paper::A4, 6), (Paper::A5, 6), (Paper::A5, 30), (Paper::A4, 60)] {
        let pdf = render_pdf("receipt", &goods_receipt(lines), paper).unwrap();
        let path = write(&format!("receipt-goods-{lines}-{paper}.pdf"), &pdf);
        let info = info(&path);
        assert_eq!(info.size, size_of(paper), "{paper}");
        let text = tool("pdftotext", &["-layout", &path, "-"]);
        let flat = words(&text);
        for expected in
            ["BIÊN NHẬN", "Số: BN-2025-000124", "Hội Phụ nữ thôn Tân Mỹ", "Tổng giá trị ước tính: 12.345.000 đồng"]
        {
            assert!(flat.contains(expected), "{paper}: «{expected}» not in:\n{text}");
        }
        // Goods only: no cash lines.
        assert!(!flat.contains("Số tiền") && !flat.contains("Bằng chữ"), "{paper}:\n{text}");
        assert!(flat.contains(&format!("{}.000 đồng", lines * 150)), "{paper}: the last row is missing:\n{text}");
        let pages: Vec<&str> = text.split('\u{c}').filter(|p| !p.trim().is_empty()).collect();
        assert_eq!(pages.len(), info.pages);
        if lines >= 30 {
            assert!(info.pages >= 2, "{paper} with {lines} lines: {} page(s)", info.pages);
            for (i, page) in pages.iter().enumerate() {
                // The header row on every page ("Đơn vị tính" may wrap within its cell on A5).
                let flat = words(page);
                for header in ["STT", "Tên hàng", "Đơn vị", "Số lượng", "Giá trị ước tính"] {
                    assert!(flat.contains(header), "page {}: no «{header}» in:\n{page}", i + 1);
                }
                assert!(page.contains(&format!("Trang {}/{}", i + 1, info.pages)), "page {}", i + 1);
            }
        } else {
            assert_eq!(info.pages, 1, "{paper} with {lines} lines");
        }
    }
}

#[test]
fn a_missing_value_names_the_placeholder() {
    let mut data = cash_receipt();
    data["donor"].as_object_mut().unwrap().remove("name");
    match render_pdf("receipt", &data, Paper::A4) {
        Err(RenderError::MissingValue(path)) => assert_eq!(path, "donor.name"),
        other => panic!("{:?}", other.map(|pdf| pdf.len())),
    }
    // Optional values may be absent or blank: their rows are left out.
    let mut data = cash_receipt();
    data["donor"]["tax_code"] = json!("");
    data.as_object_mut().unwrap().remove("bank_reference");
    data.as_object_mut().unwrap().remove("location");
    let pdf = render_pdf("receipt", &data, Paper::A5).unwrap();
    let text = tool("pdftotext", &["-layout", &write("receipt-optional.pdf", &pdf), "-"]);
    assert!(!text.contains("Mã số thuế") && !text.contains("Số tham chiếu") && !text.contains("Nơi tiếp nhận"));
    // A required value that is explicitly empty prints as empty.
    let mut data = cash_receipt();
    data["channel"] = json!("");
    assert!(render_pdf("receipt", &data, Paper::A4).is_ok());
}

#[test]
fn unknown_templates_are_refused_and_known_ones_listed() {
    assert_eq!(template_names(), ["receipt"]);
    assert!(
        matches!(render_pdf("invoice", &json!({}), Paper::A4), Err(RenderError::UnknownTemplate(n)) if n == "invoice")
    );
}
