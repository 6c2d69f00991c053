//! A document of the Party's bodies (Quy định 66-QĐ/TW, Hướng dẫn 36-HD/VPTW): the
//! consolidated report to the Commission's leadership, printed as PDF or edited as DOCX.
//!
//! Its sections are a list of any length whose blocks are paragraphs or tables of any
//! width, so it is laid out in code from the same primitives as the templates rather than
//! in a template, whose tables have fixed columns.

mod docx;
mod pdf;

use serde::{Deserialize, Serialize};

use crate::RenderError;

/// A Party document: letterhead, kind and title, numbered sections, and the closing
/// (recipients beside the signature). Every text is printed as given: the caller formats
/// dates, numbers and section numbering.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartyDocument {
    /// The issuing body, top left, one line each, e.g. ["BAN CHẤP HÀNH TRUNG ƯƠNG",
    /// "BAN DÂN VẬN"]; the last line is bold.
    pub issuer: Vec<String>,
    /// The number in the issuer's series, e.g. "25-BC/BDVTW" (printed "Số 25-BC/BDVTW"); a
    /// draft may carry a placeholder such as "   -BC/BDVTW".
    pub number: String,
    /// E.g. "Hà Nội, ngày 05 tháng 12 năm 2026".
    pub place_date: String,
    /// The kind of document, e.g. "BÁO CÁO".
    pub kind: String,
    /// What it is about, under the kind.
    pub title: String,
    pub sections: Vec<PartySection>,
    pub signature: PartySignature,
    /// The "Nơi nhận:" list, one line each, e.g. ["- Thường trực Ban Bí thư,", "- Lưu Văn phòng Ban."].
    #[serde(default)]
    pub recipients: Vec<String>,
    /// Printed at the top of every page of a draft, e.g. "DỰ THẢO"; `None` once signed.
    #[serde(default)]
    pub draft_mark: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartySection {
    /// As printed, numbered by the caller: "I. TÌNH HÌNH VÀ KẾT QUẢ".
    pub heading: String,
    #[serde(default)]
    pub blocks: Vec<PartyBlock>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum PartyBlock {
    /// `\n` starts a new line within the paragraph.
    Paragraph { text: String },
    /// A bordered table; every row has as many cells as the header.
    Table {
        #[serde(default)]
        caption: Option<String>,
        header: Vec<String>,
        rows: Vec<Vec<String>>,
        /// Indexes (from 0) of the columns of figures, aligned right.
        #[serde(default)]
        numeric_columns: Vec<usize>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartySignature {
    /// Signing on someone's behalf, e.g. "K/T TRƯỞNG BAN" or "T/M BAN THƯỜNG VỤ"; `None`
    /// when the head signs in their own name.
    #[serde(default)]
    pub capacity: Option<String>,
    /// E.g. "PHÓ TRƯỞNG BAN THƯỜNG TRỰC".
    pub title: String,
    pub name: String,
    /// Printed in place of the signature on a copy of a signed document, e.g. "(Đã ký)".
    #[serde(default)]
    pub signed_note: Option<String>,
}

/// The document as an A4 PDF, in the crate's embedded font (see docs/rendering.md).
pub fn party_document_pdf(doc: &PartyDocument) -> Result<Vec<u8>, RenderError> {
    check(doc)?;
    pdf::write(doc)
}

/// The document as a Word file (A4, Times New Roman), for the office to edit before signing.
pub fn party_document_docx(doc: &PartyDocument) -> Result<Vec<u8>, RenderError> {
    check(doc)?;
    docx::write(doc)
}

/// A table whose rows do not match its header would print shifted or ragged columns.
fn check(doc: &PartyDocument) -> Result<(), RenderError> {
    for section in &doc.sections {
        for block in &section.blocks {
            let PartyBlock::Table { header, rows, numeric_columns, .. } = block else { continue };
            let table = format!("a table in \"{}\"", section.heading);
            if header.is_empty() {
                return Err(RenderError::Document(format!("{table} has no columns")));
            }
            if let Some((i, row)) = rows.iter().enumerate().find(|(_, row)| row.len() != header.len()) {
                let message = format!("{table}: row {} has {} cells for {} columns", i + 1, row.len(), header.len());
                return Err(RenderError::Document(message));
            }
            if let Some(column) = numeric_columns.iter().find(|&&c| c >= header.len()) {
                return Err(RenderError::Document(format!("{table} has no column {column}")));
            }
        }
    }
    Ok(())
}

/// The capacity and title lines above the signature.
fn signature_title(signature: &PartySignature) -> String {
    match &signature.capacity {
        Some(capacity) if !capacity.trim().is_empty() => format!("{capacity}\n{}", signature.title),
        _ => signature.title.clone(),
    }
}

/// Each column's share of a table's width, from what it holds: its longest text (capped,
/// so a column of prose wraps instead of squeezing the others) but never less than its
/// longest word, so "STT" stays narrow and a place name gets room. Counted in characters,
/// so the PDF and the DOCX get the same proportions.
fn column_shares(header: &[String], rows: &[Vec<String>]) -> Vec<f32> {
    const CAP: usize = 30;
    let chars = |s: &str| s.chars().count();
    let longest_word = |s: &str| s.split_whitespace().map(chars).max().unwrap_or(0);
    (0..header.len())
        .map(|i| {
            let cells = || header.iter().skip(i).take(1).chain(rows.iter().filter_map(|row| row.get(i)));
            let text = cells().map(|s| chars(s)).max().unwrap_or(0).min(CAP);
            let word = cells().map(|s| longest_word(s)).max().unwrap_or(0);
            // And some for the cell's padding.
            (text.max(word) + 3) as f32
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn columns_share_by_their_text() {
        let header = strings(&["STT", "Địa phương", "Số hộ được hỗ trợ"]);
        let rows = vec![strings(&["1", "Thành phố Hồ Chí Minh", "1.250"]), strings(&["2", "Huế", "30"])];
        let shares = column_shares(&header, &rows);
        assert_eq!(shares, [6.0, 24.0, 20.0]);
        let long = strings(&["x"]);
        let prose = vec![strings(&["một đoạn văn rất dài ".repeat(10).trim()])];
        assert_eq!(column_shares(&long, &prose), [33.0]);
    }

    #[test]
    fn a_table_must_match_its_header() {
        let table = |rows: Vec<Vec<String>>, numeric: Vec<usize>| PartyDocument {
            issuer: strings(&["BAN DÂN VẬN"]),
            number: "1-BC/BDVTW".into(),
            place_date: "Hà Nội".into(),
            kind: "BÁO CÁO".into(),
            title: "t".into(),
            sections: vec![PartySection {
                heading: "I. A".into(),
                blocks: vec![PartyBlock::Table {
                    caption: None,
                    header: strings(&["a", "b"]),
                    rows,
                    numeric_columns: numeric,
                }],
            }],
            signature: PartySignature {
                capacity: None,
                title: "TRƯỞNG BAN".into(),
                name: "N".into(),
                signed_note: None,
            },
            recipients: vec![],
            draft_mark: None,
        };
        assert!(check(&table(vec![strings(&["1", "2"])], vec![1])).is_ok());
        for doc in [table(vec![strings(&["1"])], vec![]), table(vec![strings(&["1", "2"])], vec![2])] {
            assert!(matches!(check(&doc), Err(RenderError::Document(_))), "{doc:?}");
        }
    }

    #[test]
    fn blocks_are_tagged_by_type() {
        let json = serde_json::json!([
            {"type": "paragraph", "text": "Đoạn"},
            {"type": "table", "header": ["a"], "rows": [["1"]]}
        ]);
        let blocks: Vec<PartyBlock> = serde_json::from_value(json).unwrap_or_default();
        assert_eq!(
            blocks,
            [
                PartyBlock::Paragraph { text: "Đoạn".into() },
                PartyBlock::Table {
                    caption: None,
                    header: strings(&["a"]),
                    rows: vec![strings(&["1"])],
                    numeric_columns: vec![]
                }
            ]
        );
    }
}
