//! The Party document as a Word file, in the type of the regulation: Times New Roman, 14 pt
//! body, 13 pt in tables, 12 pt for the recipients. Sizes below are half-points, lengths
//! twips (1/20 pt), as in the file.

use std::io::Cursor;

use docx_rs::{
    AlignmentType, BreakType, Docx, Footer, Header, LineSpacing, LineSpacingType, PageMargin, PageNum, Paragraph, Run,
    RunFonts, SpecialIndentType, Table, TableCell, TableCellMargins, TableLayoutType, TableRow, VAlignType, WidthType,
};
use unicode_normalization::UnicodeNormalization;

use super::{column_shares, signature_title, PartyBlock, PartyDocument};
use crate::RenderError;

const FONT: &str = "Times New Roman";
const BODY: usize = 28;
const TABLE: usize = 26;
const RECIPIENTS: usize = 24;
/// A4, and the margins of Decree 30 that the PDF uses too: 20 mm top and bottom, 30 mm
/// left, 15 mm right.
const PAGE: (u32, u32) = (11906, 16838);
const MARGIN: (i32, i32, i32, i32) = (1134, 1134, 1701, 850);
const WIDTH: usize = (PAGE.0 as i32 - MARGIN.2 - MARGIN.3) as usize;

pub(super) fn write(doc: &PartyDocument) -> Result<Vec<u8>, RenderError> {
    let (top, bottom, left, right) = MARGIN;
    let fonts = RunFonts::new().ascii(FONT).hi_ansi(FONT).cs(FONT).east_asia(FONT);
    let mut docx = Docx::new()
        .page_size(PAGE.0, PAGE.1)
        .page_margin(PageMargin::new().top(top).bottom(bottom).left(left).right(right).header(567).footer(567))
        .default_fonts(fonts)
        .default_size(BODY)
        // Numbered from the second page on, as the regulation has it: the first page has a
        // footer of its own, empty.
        .title_pg()
        .footer(Footer::new().add_paragraph(Paragraph::new().align(AlignmentType::Center).add_page_num(PageNum::new())))
        .first_footer(Footer::new());
    if let Some(mark) = doc.draft_mark.as_deref().filter(|mark| !mark.trim().is_empty()) {
        let header =
            || Header::new().add_paragraph(Paragraph::new().align(AlignmentType::Right).add_run(text(mark).bold()));
        docx = docx.header(header()).first_header(header());
    }

    docx = docx.add_table(letterhead(doc)).add_paragraph(blank());
    docx = docx
        .add_paragraph(centred(text(&doc.kind).bold().size(32)).keep_next(true))
        .add_paragraph(centred(text(&doc.title).bold()).keep_next(true))
        .add_paragraph(centred(text("-----")).line_spacing(spacing(0, 120)));

    for section in &doc.sections {
        docx = docx.add_paragraph(
            Paragraph::new().add_run(text(&section.heading).bold()).keep_next(true).line_spacing(spacing(120, 60)),
        );
        for block in &section.blocks {
            docx = match block {
                PartyBlock::Paragraph { text: body } => {
                    // A paragraph of its own for each line, so that each starts indented like
                    // the first; the space after is the block's.
                    let lines: Vec<&str> = body.split('\n').collect();
                    lines.iter().enumerate().fold(docx, |docx, (i, line)| {
                        let after = if i + 1 == lines.len() { 120 } else { 0 };
                        docx.add_paragraph(
                            Paragraph::new()
                                .add_run(text(line))
                                .align(AlignmentType::Both)
                                .indent(None, Some(SpecialIndentType::FirstLine(567)), None, None)
                                .line_spacing(spacing(0, after)),
                        )
                    })
                }
                PartyBlock::Table { caption, header, rows, numeric_columns } => {
                    if let Some(caption) = caption.as_deref().filter(|c| !c.trim().is_empty()) {
                        docx = docx.add_paragraph(centred(text(caption).italic().size(TABLE)).keep_next(true));
                    }
                    let widths = twips(&column_shares(header, rows), WIDTH);
                    let head = header.iter().map(|h| (h.as_str(), AlignmentType::Center, true));
                    let mut table_rows = vec![table_row(head, &widths)];
                    for row in rows {
                        let cells = row.iter().enumerate().map(|(i, cell)| {
                            let align =
                                if numeric_columns.contains(&i) { AlignmentType::Right } else { AlignmentType::Left };
                            (cell.as_str(), align, false)
                        });
                        table_rows.push(table_row(cells, &widths));
                    }
                    let table = Table::new(table_rows)
                        .set_grid(widths)
                        .width(WIDTH, WidthType::Dxa)
                        .layout(TableLayoutType::Fixed);
                    docx.add_table(table).add_paragraph(blank())
                }
            };
        }
    }

    docx = docx.add_paragraph(blank()).add_table(closing(doc));

    let mut out = Cursor::new(Vec::new());
    docx.pack(&mut out).map_err(|e| RenderError::Docx(e.to_string()))?;
    Ok(out.into_inner())
}

/// A run of text, NFC so that Word finds each Vietnamese letter precomposed; `\n` breaks
/// the line.
fn text(text: &str) -> Run {
    let text: String = text.nfc().collect();
    let mut run = Run::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            run = run.add_break(BreakType::TextWrapping);
        }
        run = run.add_text(line);
    }
    run
}

fn spacing(before: u32, after: u32) -> LineSpacing {
    LineSpacing::new().before(before).after(after).line(264).line_rule(LineSpacingType::Auto)
}

fn centred(run: Run) -> Paragraph {
    Paragraph::new().add_run(run).align(AlignmentType::Center).line_spacing(spacing(0, 0))
}

fn blank() -> Paragraph {
    Paragraph::new().line_spacing(spacing(0, 0))
}

/// Shares of `width` in whole twips.
fn twips(shares: &[f32], width: usize) -> Vec<usize> {
    let total: f32 = shares.iter().sum();
    shares.iter().map(|share| (width as f32 * share / total.max(f32::EPSILON)) as usize).collect()
}

fn table_row<'a>(cells: impl Iterator<Item = (&'a str, AlignmentType, bool)>, widths: &[usize]) -> TableRow {
    let cells = cells
        .zip(widths)
        .map(|((content, align, bold), &width)| {
            let run = if bold { text(content).bold() } else { text(content) };
            let paragraph = Paragraph::new().add_run(run.size(TABLE)).align(align).line_spacing(spacing(40, 40));
            TableCell::new().width(width, WidthType::Dxa).vertical_align(VAlignType::Center).add_paragraph(paragraph)
        })
        .collect();
    TableRow::new(cells).cant_split()
}

/// Two columns without borders or cell margins, each a stack of paragraphs: the
/// letterhead's lines need the whole width at 14 and 15 pt.
fn columns(left: Vec<Paragraph>, right: Vec<Paragraph>, left_share: f32) -> Table {
    let widths = twips(&[left_share, 1.0 - left_share], WIDTH);
    let cell = |paragraphs: Vec<Paragraph>, width: usize| {
        paragraphs.into_iter().fold(TableCell::new().width(width, WidthType::Dxa), TableCell::add_paragraph)
    };
    let row = TableRow::new(vec![cell(left, widths[0]), cell(right, widths[1])]).cant_split();
    Table::without_borders(vec![row])
        .set_grid(widths)
        .width(WIDTH, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .margins(TableCellMargins::new().margin(0, 0, 0, 0))
}

/// Issuer, "*" and number on the left; the Party's name, underlined, and the place and date
/// on the right.
fn letterhead(doc: &PartyDocument) -> Table {
    let mut left: Vec<Paragraph> = doc
        .issuer
        .iter()
        .enumerate()
        .map(|(i, line)| centred(if i + 1 == doc.issuer.len() { text(line).bold() } else { text(line) }))
        .collect();
    left.push(centred(text("*")));
    left.push(centred(text(&format!("Số {}", doc.number))));
    let right = vec![
        centred(text("ĐẢNG CỘNG SẢN VIỆT NAM").bold().underline("single").size(30)).line_spacing(spacing(0, 240)),
        centred(text(&doc.place_date).italic()),
    ];
    columns(left, right, 0.47)
}

/// "Nơi nhận:" and its list on the left, the signature on the right.
fn closing(doc: &PartyDocument) -> Table {
    let mut left = vec![Paragraph::new().add_run(text("Nơi nhận:").bold().italic().underline("single"))];
    left.extend(doc.recipients.iter().map(|line| Paragraph::new().add_run(text(line).size(RECIPIENTS))));

    let signature = &doc.signature;
    let mut right = vec![centred(text(&signature_title(signature)).bold())];
    let note = signature.signed_note.as_deref().filter(|note| !note.trim().is_empty());
    // A signed copy prints its note where the signature and stamp would be.
    let room = match note {
        Some(note) => {
            right.push(centred(text(note).italic()).line_spacing(spacing(120, 0)));
            240
        }
        None => 1440,
    };
    right.push(centred(text(&signature.name).bold()).line_spacing(spacing(room, 0)));
    columns(left, right, 0.45)
}
