//! The task list as a file: CSV (UTF-8 with a byte order mark so that Excel shows
//! Vietnamese, RFC 4180 quoting, CRLF line ends) or an XLSX workbook. Both have a header
//! row in the caller's language and one row per task, in the list's order.

use crate::error::ApiError;
use danvan_domain::{calendar, lang::Lang, named::NamedRef, task::Task};
use rust_xlsxwriter::{Format, Workbook};

/// The most rows one export may hold.
pub const MAX_ROWS: usize = 10_000;

/// Column headers, Vietnamese and English.
const HEADERS: [(&str, &str); 11] = [
    ("Tên nhiệm vụ", "Title"),
    ("Trạng thái", "Status"),
    ("Mức độ ưu tiên", "Priority"),
    ("Hạn hoàn thành", "Due date"),
    ("Tiến độ (%)", "Percent"),
    ("Người, đơn vị thực hiện", "Assignees"),
    ("Địa bàn", "Areas"),
    ("Mục kế hoạch", "Plan item"),
    ("Đối tượng", "Target group"),
    ("Người tạo", "Created by"),
    ("Cập nhật lúc", "Updated at"),
];

/// The name of the XLSX sheet.
fn sheet_name(lang: Lang) -> &'static str {
    lang.pick("Nhiệm vụ", "Tasks")
}

fn headers(lang: Lang) -> Vec<&'static str> {
    HEADERS.iter().map(|(vi, en)| lang.pick(vi, en)).collect()
}

fn joined(refs: &[NamedRef]) -> String {
    refs.iter().map(|named| named.name.as_str()).collect::<Vec<_>>().join("; ")
}

/// One cell of a row: text, or a number for the spreadsheet.
enum Cell {
    Text(String),
    Number(i32),
}

impl Cell {
    fn text(&self) -> String {
        match self {
            Cell::Text(text) => text.clone(),
            Cell::Number(number) => number.to_string(),
        }
    }
}

fn cells(task: &Task, lang: Lang) -> Vec<Cell> {
    let assignees: Vec<NamedRef> = task.assignee_users.iter().chain(task.assignee_org_units.iter()).cloned().collect();
    let updated = task.updated_at.with_timezone(&calendar::vietnam()).format("%Y-%m-%d %H:%M").to_string();
    vec![
        Cell::Text(task.title.clone()),
        Cell::Text(task.status.label(lang).to_owned()),
        Cell::Text(task.priority.label(lang).to_owned()),
        Cell::Text(task.due_on.format("%Y-%m-%d").to_string()),
        Cell::Number(task.percent),
        Cell::Text(joined(&assignees)),
        Cell::Text(joined(&task.areas)),
        Cell::Text(task.plan_item.as_ref().map(|item| item.name.clone()).unwrap_or_default()),
        Cell::Text(task.target_group.as_ref().map(|group| group.name.clone()).unwrap_or_default()),
        Cell::Text(task.created_by.name.clone()),
        Cell::Text(updated),
    ]
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

/// The tasks as CSV.
pub fn csv(tasks: &[Task], lang: Lang) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    csv_line(&mut out, headers(lang).into_iter().map(str::to_owned));
    for task in tasks {
        csv_line(&mut out, cells(task, lang).iter().map(Cell::text));
    }
    out.into_bytes()
}

/// The tasks as an XLSX workbook.
pub fn xlsx(tasks: &[Task], lang: Lang) -> Result<Vec<u8>, ApiError> {
    let failed = |error: rust_xlsxwriter::XlsxError| ApiError::Internal(format!("xlsx: {error}"));
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(sheet_name(lang)).map_err(failed)?;
    let bold = Format::new().set_bold();
    for (column, header) in headers(lang).into_iter().enumerate() {
        sheet.write_string_with_format(0, column as u16, header, &bold).map_err(failed)?;
    }
    for (column, width) in [40.0, 16.0, 14.0, 14.0, 10.0, 36.0, 30.0, 36.0, 24.0, 24.0, 18.0].into_iter().enumerate() {
        sheet.set_column_width(column as u16, width).map_err(failed)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(failed)?;
    for (index, task) in tasks.iter().enumerate() {
        let row = index as u32 + 1;
        for (column, cell) in cells(task, lang).into_iter().enumerate() {
            match cell {
                Cell::Text(text) => sheet.write_string(row, column as u16, text).map_err(failed)?,
                Cell::Number(number) => sheet.write_number(row, column as u16, f64::from(number)).map_err(failed)?,
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
        assert_eq!(headers(Lang::Vi)[0], "Tên nhiệm vụ");
        assert_eq!(headers(Lang::En)[0], "Title");
        let csv = csv(&[], Lang::En);
        assert!(csv.starts_with("\u{feff}Title,Status,".as_bytes()));
        assert!(csv.ends_with(b"Updated at\r\n"));
    }
}
