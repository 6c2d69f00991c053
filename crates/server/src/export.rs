//! The task list as a file: CSV (UTF-8 with a byte order mark so that Excel shows
//! Vietnamese, RFC 4180 quoting, CRLF line ends) or an XLSX workbook. Both have a header
//! row in the caller's language and one row per task, in the list's order.

use crate::error::ApiError;
use actix_web::{http::header, HttpResponse};
use danvan_domain::{lang::Lang, task::ExportFormat};
use rust_xlsxwriter::{Format, Workbook};
use serde::Deserialize;

/// The most rows one export may hold.
pub const MAX_ROWS: usize = 10_000;

/// Format and language of an export.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// `csv` by default.
    #[param(inline)]
    pub format: Option<ExportFormat>,
    /// The language of headers and labels; `vi` by default.
    #[param(inline)]
    pub lang: Option<Lang>,
}

/// One table to export: its columns (headers in both languages, widths) and rows.
pub struct Sheet {
    /// The XLSX sheet's name, Vietnamese and English.
    pub name: (&'static str, &'static str),
    /// Column headers, Vietnamese and English, with the column's width in characters.
    pub columns: &'static [(&'static str, &'static str, f64)],
    pub rows: Vec<Vec<Cell>>,
}

impl Sheet {
    fn headers(&self, lang: Lang) -> Vec<&'static str> {
        self.columns.iter().map(|(vi, en, _)| lang.pick(vi, en)).collect()
    }

    /// The sheet as a file answer in `format`, named `<stem>.<format>`.
    pub fn respond(&self, format: ExportFormat, lang: Lang, stem: &str) -> Result<HttpResponse, ApiError> {
        let (body, content_type) = match format {
            ExportFormat::Csv => (csv(self, lang), "text/csv; charset=utf-8"),
            ExportFormat::Xlsx => {
                (xlsx(self, lang)?, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            }
        };
        let filename = format!("{stem}.{}", format.as_str());
        Ok(HttpResponse::Ok()
            .content_type(content_type)
            .insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename=\"{filename}\"")))
            .body(body))
    }
}

/// One cell of a row: text, or a number for the spreadsheet.
pub enum Cell {
    Text(String),
    Number(f64),
}

impl Cell {
    fn text(&self) -> String {
        match self {
            Cell::Text(text) => text.clone(),
            Cell::Number(number) => number.to_string(),
        }
    }
}

/// References joined for one cell.
pub fn joined(refs: &[danvan_domain::named::NamedRef]) -> String {
    refs.iter().map(|named| named.name.as_str()).collect::<Vec<_>>().join("; ")
}

/// A field quoted as RFC 4180 asks when it holds a comma, a quote or a line break.
fn quoted(field: &str) -> String {
    if field.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_owned()
    }
}

/// A text cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, a tab or a
/// carriage return first) gets a leading apostrophe, so that it shows as the text it is:
/// titles and names are typed by people, and soon by citizens.
fn inert(field: String) -> String {
    if field.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{field}")
    } else {
        field
    }
}

fn csv_line(out: &mut String, fields: impl IntoIterator<Item = String>) {
    let line: Vec<String> = fields.into_iter().map(|field| quoted(&inert(field))).collect();
    out.push_str(&line.join(","));
    out.push_str("\r\n");
}

/// The sheet as CSV.
pub fn csv(sheet: &Sheet, lang: Lang) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    csv_line(&mut out, sheet.headers(lang).into_iter().map(str::to_owned));
    for row in &sheet.rows {
        csv_line(&mut out, row.iter().map(Cell::text));
    }
    out.into_bytes()
}

/// The sheet as an XLSX workbook.
pub fn xlsx(sheet: &Sheet, lang: Lang) -> Result<Vec<u8>, ApiError> {
    let failed = |error: rust_xlsxwriter::XlsxError| ApiError::Internal(format!("xlsx: {error}"));
    let mut workbook = Workbook::new();
    let out = workbook.add_worksheet();
    out.set_name(lang.pick(sheet.name.0, sheet.name.1)).map_err(failed)?;
    let bold = Format::new().set_bold();
    for (column, header) in sheet.headers(lang).into_iter().enumerate() {
        out.write_string_with_format(0, column as u16, header, &bold).map_err(failed)?;
    }
    for (column, (_, _, width)) in sheet.columns.iter().enumerate() {
        out.set_column_width(column as u16, *width).map_err(failed)?;
    }
    out.set_freeze_panes(1, 0).map_err(failed)?;
    for (index, cells) in sheet.rows.iter().enumerate() {
        let row = index as u32 + 1;
        for (column, cell) in cells.iter().enumerate() {
            match cell {
                Cell::Text(text) => out.write_string(row, column as u16, text).map_err(failed)?,
                Cell::Number(number) => out.write_number(row, column as u16, *number).map_err(failed)?,
            };
        }
    }
    workbook.save_to_buffer().map_err(failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        assert_eq!(quoted("plain"), "plain");
        assert_eq!(quoted("a, b"), "\"a, b\"");
        assert_eq!(quoted("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(quoted("two\nlines"), "\"two\nlines\"");
    }

    #[test]
    fn csv_cells_never_start_a_formula() {
        for (typed, shown) in [
            ("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\""),
            ("+1", "'+1"),
            ("-1+2", "'-1+2"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\r=1", "\"'\r=1\""),
            ("Vận động = hỗ trợ", "Vận động = hỗ trợ"),
        ] {
            let mut line = String::new();
            csv_line(&mut line, [typed.to_owned()]);
            assert_eq!(line, format!("{shown}\r\n"), "{typed:?}");
        }
    }

    #[test]
    fn headers_follow_the_language() {
        let sheet = Sheet {
            name: ("Tổ", "Teams"),
            columns: &[("Tên", "Name", 10.0), ("Số hộ", "Households", 8.0)],
            rows: Vec::new(),
        };
        assert_eq!(sheet.headers(Lang::Vi), ["Tên", "Số hộ"]);
        let csv = csv(&sheet, Lang::En);
        assert_eq!(csv, "\u{feff}Name,Households\r\n".as_bytes());
    }
}
