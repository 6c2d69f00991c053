//! The Party document on A4, from the crate's layout primitives. Sizes are a size or so
//! below the regulation's, which are for Times New Roman: the embedded font is wider.

use super::{column_shares, signature_title, PartyBlock, PartyDocument};
use crate::layout::{keep_with_previous, side_by_side, stack, Band, Chunk, Laid, Layout};
use crate::template::Align;
use crate::text::{Fonts, Style};
use crate::{Paper, RenderError};

const PAPER: Paper = Paper::A4;
const BODY: f32 = 11.0;

pub(super) fn write(doc: &PartyDocument) -> Result<Vec<u8>, RenderError> {
    let fonts = Fonts::load()?;
    let lay = Layout::new(&fonts, PAPER);
    let width = PAPER.content_width();

    let mut flow = vec![letterhead(&lay, doc, width), Chunk::space(18.0)];
    // Kind, title and the short line under them are one piece.
    let mut title = lay.lines(&doc.kind, Style::Bold, 15.0, Align::Center, width, false);
    // The title wraps a little narrower than the text, as a centred block.
    let about = lay.lines(&doc.title, Style::Bold, 12.0, Align::Center, width * 0.85, false);
    title.push(side_by_side([(width * 0.075, stack(about))]));
    title.extend(lay.lines("-----", Style::Regular, BODY, Align::Center, width, false));
    flow.push(side_by_side([(0.0, stack(title))]));
    flow.push(Chunk::space(8.0));

    for section in &doc.sections {
        lay.heading(&section.heading, Style::Bold, 11.5, Align::Left, width, &mut flow);
        for block in &section.blocks {
            match block {
                PartyBlock::Paragraph { text } => {
                    flow.extend(lay.lines(text, Style::Regular, BODY, Align::Left, width, false));
                    flow.push(Chunk::space(BODY * 0.45));
                }
                PartyBlock::Table { caption, header, rows, numeric_columns } => {
                    if let Some(caption) = caption.as_deref().filter(|c| !c.trim().is_empty()) {
                        lay.heading(caption, Style::Italic, 10.0, Align::Center, width, &mut flow);
                    }
                    let align = |i: usize| if numeric_columns.contains(&i) { Align::Right } else { Align::Left };
                    let cells: Vec<Vec<(String, Align)>> = rows
                        .iter()
                        .map(|row| row.iter().enumerate().map(|(i, cell)| (cell.clone(), align(i))).collect())
                        .collect();
                    lay.table(header, &cells, &column_shares(header, rows), 10.0, width, &mut flow);
                }
            }
        }
    }

    flow.push(Chunk::space(14.0));
    keep_with_previous(&mut flow);
    flow.push(closing(&lay, doc, width));

    let pages = lay.pages(flow, |page, _| {
        let draft = doc.draft_mark.as_deref().filter(|mark| !mark.trim().is_empty());
        let header =
            draft.map(|mark| Band { text: mark.to_owned(), style: Style::Bold, size: 10.0, align: Align::Right });
        // Numbered from the second page on, as the regulation has it.
        let footer =
            (page > 1).then(|| Band { text: page.to_string(), style: Style::Regular, size: 9.0, align: Align::Center });
        Ok([header, footer])
    })?;
    let title = format!("{} {}: {}", doc.kind, doc.number, doc.title);
    crate::pdf::write(&Laid { title, pages }, PAPER)
}

/// Issuer, "*" and number on the left; the Party's name, underlined, and the place and date
/// on the right.
fn letterhead(lay: &Layout<'_>, doc: &PartyDocument, width: f32) -> Chunk {
    const SIZE: f32 = 10.5;
    let gap = 8.0;
    let left_width = (width - gap) * 0.42;
    let right_width = width - gap - left_width;

    let mut left = Vec::new();
    for (i, line) in doc.issuer.iter().enumerate() {
        let style = if i + 1 == doc.issuer.len() { Style::Bold } else { Style::Regular };
        left.extend(lay.lines(line, style, SIZE, Align::Center, left_width, false));
    }
    left.extend(lay.lines("*", Style::Regular, SIZE, Align::Center, left_width, false));
    left.extend(lay.lines(&format!("Số {}", doc.number), Style::Regular, SIZE, Align::Center, left_width, false));

    let mut right = lay.lines("ĐẢNG CỘNG SẢN VIỆT NAM", Style::Bold, 11.5, Align::Center, right_width, true);
    right.push(Chunk::space(SIZE * 0.8));
    right.extend(lay.lines(&doc.place_date, Style::Italic, SIZE, Align::Center, right_width, false));

    side_by_side([(0.0, stack(left)), (left_width + gap, stack(right))])
}

/// "Nơi nhận:" and its list on the left, the signature on the right.
fn closing(lay: &Layout<'_>, doc: &PartyDocument, width: f32) -> Chunk {
    let gap = 8.0;
    let left_width = (width - gap) * 0.45;
    let right_width = width - gap - left_width;

    let mut left = lay.lines("Nơi nhận:", Style::Bold, 10.5, Align::Left, left_width, true);
    for line in &doc.recipients {
        left.extend(lay.lines(line, Style::Regular, 9.5, Align::Left, left_width, false));
    }

    let signature = &doc.signature;
    let note = signature.signed_note.as_deref().unwrap_or_default();
    // A signed copy prints its note where the signature and stamp would be.
    let space = if note.is_empty() { 66.0 } else { 14.0 };
    let title = signature_title(signature);
    let right = lay.signer(&title, note, space, &signature.name, BODY, right_width);

    side_by_side([(0.0, stack(left)), (left_width + gap, right)])
}
