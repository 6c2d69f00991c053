//! From template and data to positioned text and lines, page by page.
//!
//! Blocks become a flow of chunks, each a piece that must not be split (a line of a
//! paragraph, a table row, a row of side-by-side columns, a signature block); the flow is
//! then cut into pages. Coordinates are points from the page's top-left corner, y down,
//! which is also krilla's convention.

use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

use crate::template::{self, Align, Block, Scope, Template};
use crate::text::{Fonts, Run, Style};
use crate::{Paper, RenderError};

/// Body text size on A4, in points.
const BODY: f32 = 11.0;
/// Line height as a multiple of the font size.
const LEADING: f32 = 1.4;
const HAIRLINE: f32 = 0.6;

#[derive(Debug, Clone)]
pub(crate) enum Op {
    /// `y` is the baseline.
    Text {
        x: f32,
        y: f32,
        style: Style,
        size: f32,
        run: Run,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
    },
}

impl Op {
    fn moved(mut self, dx: f32, dy: f32) -> Op {
        match &mut self {
            Op::Text { x, y, .. } => {
                *x += dx;
                *y += dy;
            }
            Op::Line { x1, y1, x2, y2, .. } => {
                *x1 += dx;
                *x2 += dx;
                *y1 += dy;
                *y2 += dy;
            }
        }
        self
    }
}

pub(crate) struct Laid {
    pub title: String,
    pub pages: Vec<Vec<Op>>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Content,
    /// Vertical space: dropped at the top of a page.
    Space,
    /// Repeated at the top of each page until the table's `TableEnd`.
    TableHeader,
    TableEnd,
}

#[derive(Debug, Clone)]
pub(crate) struct Chunk {
    height: f32,
    ops: Vec<Op>,
    /// Never the last thing on a page (a heading, a table's header row).
    keep_with_next: bool,
    kind: Kind,
}

impl Chunk {
    fn content(height: f32, ops: Vec<Op>) -> Chunk {
        Chunk { height, ops, keep_with_next: false, kind: Kind::Content }
    }

    pub(crate) fn space(height: f32) -> Chunk {
        Chunk { height, ops: Vec::new(), keep_with_next: false, kind: Kind::Space }
    }
}

/// Chunks one after another as one piece; trailing space is left out.
pub(crate) fn stack(chunks: Vec<Chunk>) -> (Vec<Op>, f32) {
    let end = chunks.iter().rposition(|c| c.kind != Kind::Space).map_or(0, |i| i + 1);
    let mut y = 0.0;
    let mut ops = Vec::new();
    for chunk in chunks.into_iter().take(end) {
        ops.extend(chunk.ops.into_iter().map(|op| op.moved(0.0, y)));
        y += chunk.height;
    }
    (ops, y)
}

/// The primitives: wrapped text, headings, bordered tables, signatures, pages. A template is
/// laid out with them, and so is a document built in code (the Party document).
pub(crate) struct Layout<'a> {
    fonts: &'a Fonts,
    paper: Paper,
}

/// A line in the top or bottom margin of a page.
pub(crate) struct Band {
    pub text: String,
    pub style: Style,
    /// In A4 points, like every size.
    pub size: f32,
    pub align: Align,
}

pub(crate) fn layout(template: &Template, data: &Value, paper: Paper) -> Result<Laid, RenderError> {
    let fonts = Fonts::load()?;
    let lay = Templated { lay: Layout::new(&fonts, paper), data };
    let mut flow = Vec::new();
    for block in &template.blocks {
        lay.block(block, paper.content_width(), &mut flow)?;
    }
    let pages = lay.lay.pages(flow, |page, count| {
        let scope = Scope { page: Some((page, count)), ..Scope::new(data) };
        let band = |text: &Option<String>| {
            let Some(text) = text else { return Ok(None) };
            let text = template::fill(text, scope)?;
            Ok(Some(Band { text, style: Style::Regular, size: 8.5, align: Align::Center }))
        };
        Ok([band(&template.header)?, band(&template.footer)?])
    })?;
    let title = template::fill(&template.title, Scope::new(data))?.nfc().collect();
    Ok(Laid { title, pages })
}

/// Cuts the flow into pages between `top` and `bottom`.
fn paginate(flow: Vec<Chunk>, top: f32, bottom: f32) -> Vec<Vec<Op>> {
    let mut pages = vec![Vec::new()];
    let mut y = top;
    let mut header: Option<Chunk> = None;
    for (i, chunk) in flow.iter().enumerate() {
        let at_top = y <= top;
        match chunk.kind {
            Kind::TableEnd => {
                header = None;
                continue;
            }
            Kind::Space if at_top => continue,
            Kind::Space if y + chunk.height > bottom => {
                pages.push(Vec::new());
                y = top;
                continue;
            }
            _ => {}
        }
        let mut needed = chunk.height;
        if chunk.keep_with_next {
            let next = flow[i + 1..].iter().find(|c| matches!(c.kind, Kind::Content | Kind::TableHeader));
            needed += next.map_or(0.0, |c| c.height);
        }
        if chunk.kind == Kind::TableHeader {
            header = Some(chunk.clone());
        }
        if y + needed > bottom && !at_top {
            pages.push(Vec::new());
            y = top;
            if let Some(header) = header.as_ref().filter(|_| chunk.kind != Kind::TableHeader) {
                place(&mut pages, header, &mut y);
            }
        }
        place(&mut pages, chunk, &mut y);
    }
    pages
}

fn place(pages: &mut [Vec<Op>], chunk: &Chunk, y: &mut f32) {
    if let Some(page) = pages.last_mut() {
        page.extend(chunk.ops.iter().cloned().map(|op| op.moved(0.0, *y)));
    }
    *y += chunk.height;
}

impl<'a> Layout<'a> {
    pub(crate) fn new(fonts: &'a Fonts, paper: Paper) -> Self {
        Layout { fonts, paper }
    }

    /// A size given in A4 points, on this paper: smaller paper shrinks it.
    pub(crate) fn pt(&self, size: f32) -> f32 {
        size * self.paper.scale()
    }

    /// Cuts the flow into pages, then writes on each page the header and footer lines that
    /// `bands(page, pages)` gives: only then is the number of pages known.
    pub(crate) fn pages(
        &self,
        flow: Vec<Chunk>,
        mut bands: impl FnMut(usize, usize) -> Result<[Option<Band>; 2], RenderError>,
    ) -> Result<Vec<Vec<Op>>, RenderError> {
        let (_, page_height) = self.paper.size();
        let margin = self.paper.margins();
        let width = self.paper.content_width();
        let mut pages = paginate(flow, margin.top, page_height - margin.bottom);
        let count = pages.len();
        for (i, page) in pages.iter_mut().enumerate() {
            for op in page.iter_mut() {
                *op = op.clone().moved(margin.left, 0.0);
            }
            let [header, footer] = bands(i + 1, count)?;
            for (band, middle) in [(header, margin.top * 0.5), (footer, page_height - margin.bottom * 0.5)] {
                let Some(band) = band else { continue };
                let lines = self.lines(&band.text, band.style, self.pt(band.size), band.align, width, false);
                let (ops, height) = stack(lines);
                page.extend(ops.into_iter().map(|op| op.moved(margin.left, middle - height / 2.0)));
            }
        }
        Ok(pages)
    }

    /// One chunk per line of wrapped text, aligned within `width`.
    pub(crate) fn lines(
        &self,
        text: &str,
        style: Style,
        size: f32,
        align: Align,
        width: f32,
        underline: bool,
    ) -> Vec<Chunk> {
        // NFC so that each Vietnamese letter is the font's precomposed glyph.
        let text: String = text.nfc().collect();
        let (ascent, descent) = self.fonts.extent(style);
        let line_height = size * LEADING;
        let baseline = (line_height - (ascent + descent) * size) / 2.0 + ascent * size;
        let runs = self.fonts.wrap(&text, style, size, width);
        let count = runs.len();
        runs.into_iter()
            .enumerate()
            .map(|(i, run)| {
                let run_width = run.advance * size;
                let x = match align {
                    Align::Left => 0.0,
                    Align::Center => (width - run_width) / 2.0,
                    Align::Right => width - run_width,
                };
                let mut chunk = Chunk::content(line_height, vec![Op::Text { x, y: baseline, style, size, run }]);
                if underline && i + 1 == count {
                    let y = baseline + descent * size + HAIRLINE;
                    let line = Op::Line { x1: x, y1: y, x2: x + run_width, y2: y, width: self.pt(HAIRLINE) };
                    chunk.ops.push(line);
                    chunk.height += 2.0 * self.pt(HAIRLINE);
                }
                chunk
            })
            .collect()
    }

    /// Lines that never end a page (they move on with what follows), with a little space
    /// above and below.
    pub(crate) fn heading(&self, text: &str, style: Style, size: f32, align: Align, width: f32, out: &mut Vec<Chunk>) {
        out.push(Chunk::space(size * 0.5));
        out.extend(self.lines(text, style, size, align, width, false).into_iter().map(|mut c| {
            c.keep_with_next = true;
            c
        }));
        out.push(Chunk::space(size * 0.4));
    }

    /// A signature: the title (bold, one line per `\n`), a note (italic), `space` to sign
    /// and stamp, the name (bold), centred in `width`.
    pub(crate) fn signer(
        &self,
        title: &str,
        note: &str,
        space: f32,
        name: &str,
        size: f32,
        width: f32,
    ) -> (Vec<Op>, f32) {
        let mut chunks = self.lines(title, Style::Bold, size, Align::Center, width, false);
        if !note.is_empty() {
            chunks.extend(self.lines(note, Style::Italic, size * 0.9, Align::Center, width, false));
        }
        chunks.push(Chunk::content(space, Vec::new()));
        chunks.extend(self.lines(name, Style::Bold, size, Align::Center, width, false));
        stack(chunks)
    }

    /// A bordered table, `shares` of `width` a column: the header row, repeated at the top
    /// of every page the table runs onto, then the rows, none split across pages.
    pub(crate) fn table(
        &self,
        header: &[String],
        rows: &[Vec<(String, Align)>],
        shares: &[f32],
        size: f32,
        width: f32,
        out: &mut Vec<Chunk>,
    ) {
        let total: f32 = shares.iter().map(|s| s.max(0.0)).sum();
        let widths: Vec<f32> = shares.iter().map(|s| width * s.max(0.0) / total.max(f32::EPSILON)).collect();
        let pad = self.pt(3.0);
        let header: Vec<(String, Style, Align)> =
            header.iter().map(|text| (text.clone(), Style::Bold, Align::Center)).collect();
        let mut chunk = self.table_row(&header, &widths, size, pad);
        chunk.kind = Kind::TableHeader;
        chunk.keep_with_next = true;
        out.push(chunk);
        for row in rows {
            let cells: Vec<(String, Style, Align)> =
                row.iter().map(|(text, align)| (text.clone(), Style::Regular, *align)).collect();
            out.push(self.table_row(&cells, &widths, size, pad));
        }
        out.push(Chunk { kind: Kind::TableEnd, ..Chunk::space(0.0) });
        out.push(Chunk::space(size * 0.5));
    }

    fn table_row(&self, cells: &[(String, Style, Align)], widths: &[f32], size: f32, pad: f32) -> Chunk {
        let laid: Vec<(Vec<Op>, f32)> = cells
            .iter()
            .zip(widths)
            .map(|((text, style, align), &w)| {
                stack(self.lines(text, *style, size, *align, (w - 2.0 * pad).max(1.0), false))
            })
            .collect();
        let inner = laid.iter().map(|(_, h)| *h).fold(0.0, f32::max);
        let height = inner + 2.0 * pad;
        let mut ops = Vec::new();
        let mut x = 0.0;
        for ((cell_ops, cell_height), w) in laid.into_iter().zip(widths) {
            // Cells are centred vertically, so a short cell beside a wrapped one reads as its row.
            let dy = pad + (inner - cell_height) / 2.0;
            ops.extend(cell_ops.into_iter().map(|op| op.moved(x + pad, dy)));
            x += w;
        }

        // Each row draws its whole frame; shared edges coincide exactly.
        let line = self.pt(HAIRLINE);
        let mut edges = vec![0.0];
        edges.extend(widths.iter().scan(0.0, |edge, w| {
            *edge += w;
            Some(*edge)
        }));
        let right = edges.last().copied().unwrap_or(0.0);
        for y in [0.0, height] {
            ops.push(Op::Line { x1: 0.0, y1: y, x2: right, y2: y, width: line });
        }
        for x in edges {
            ops.push(Op::Line { x1: x, y1: 0.0, x2: x, y2: height, width: line });
        }
        Chunk::content(height, ops)
    }
}

/// A template's blocks, their placeholders filled from the data.
struct Templated<'a> {
    lay: Layout<'a>,
    data: &'a Value,
}

impl Templated<'_> {
    fn text(&self, text: &str) -> Result<String, RenderError> {
        template::fill(text, Scope::new(self.data))
    }

    fn size(&self, size: Option<f32>) -> f32 {
        self.lay.pt(size.unwrap_or(BODY))
    }

    fn block(&self, block: &Block, width: f32, out: &mut Vec<Chunk>) -> Result<(), RenderError> {
        if block.when().is_some_and(|path| !template::present(self.data, path)) {
            return Ok(());
        }
        let lay = &self.lay;
        match block {
            Block::Heading(h) => {
                let size = lay.pt([15.0, 13.0, 11.5][usize::from(h.level.clamp(1, 3)) - 1]);
                let align = h.align.unwrap_or(if h.level <= 1 { Align::Center } else { Align::Left });
                lay.heading(&self.text(&h.text)?, Style::Bold, size, align, width, out);
            }
            Block::Paragraph(p) => {
                let style = Style::of(p.bold, p.italic);
                let size = self.size(p.size);
                if p.keep_with_previous {
                    keep_with_previous(out);
                }
                out.extend(lay.lines(&self.text(&p.text)?, style, size, p.align, width, p.underline));
                out.push(Chunk::space(size * 0.3));
            }
            Block::Fields(f) => {
                let size = self.size(f.size);
                let gap = lay.pt(6.0);
                let label_width = width * f.label_width.unwrap_or(0.3).clamp(0.05, 0.95);
                let value_width = width - label_width - gap;
                for row in &f.rows {
                    if row.when.as_deref().is_some_and(|path| !template::present(self.data, path)) {
                        continue;
                    }
                    let style = Style::of(row.bold, row.italic);
                    let label =
                        lay.lines(&self.text(&row.label)?, Style::Regular, size, Align::Left, label_width, false);
                    let value = lay.lines(&self.text(&row.value)?, style, size, Align::Left, value_width, false);
                    let cells = [(0.0, stack(label)), (label_width + gap, stack(value))];
                    let mut chunk = side_by_side(cells);
                    // A little air between rows tells a wrapped value from the next row.
                    chunk.height += 0.25 * size;
                    out.push(chunk);
                }
                out.push(Chunk::space(size * 0.3));
            }
            Block::Table(t) => self.table(t, width, out)?,
            Block::Signatures(s) => {
                let size = self.size(None);
                let space = lay.pt(s.space.unwrap_or(60.0));
                let column = width / s.signers.len().max(1) as f32;
                let mut cells = Vec::new();
                for (i, signer) in s.signers.iter().enumerate() {
                    let (title, note, name) =
                        (self.text(&signer.title)?, self.text(&signer.note)?, self.text(&signer.name)?);
                    cells.push((i as f32 * column, lay.signer(&title, &note, space, &name, size, column)));
                }
                if s.keep_with_previous {
                    keep_with_previous(out);
                }
                out.push(side_by_side(cells));
            }
            Block::Columns(c) => {
                let gap = lay.pt(c.gap.unwrap_or(10.0));
                let usable = width - gap * c.columns.len().saturating_sub(1) as f32;
                let given: f32 = c.columns.iter().filter_map(|col| col.width).sum();
                let unsized_count = c.columns.iter().filter(|col| col.width.is_none()).count();
                let share = if unsized_count > 0 { (1.0 - given).max(0.0) / unsized_count as f32 } else { 0.0 };
                let mut x = 0.0;
                let mut cells = Vec::new();
                for col in &c.columns {
                    let col_width = usable * col.width.unwrap_or(share);
                    let mut chunks = Vec::new();
                    for inner in &col.blocks {
                        self.block(inner, col_width, &mut chunks)?;
                    }
                    cells.push((x, stack(chunks)));
                    x += col_width + gap;
                }
                out.push(side_by_side(cells));
            }
            Block::Spacer(s) => out.push(Chunk::space(lay.pt(s.height))),
            Block::Rule(r) => {
                let length = width * r.width.unwrap_or(1.0).clamp(0.0, 1.0);
                let x = match r.align {
                    Align::Left => 0.0,
                    Align::Center => (width - length) / 2.0,
                    Align::Right => width - length,
                };
                let thickness = lay.pt(r.thickness.unwrap_or(HAIRLINE));
                let y = lay.pt(2.0);
                let line = Op::Line { x1: x, y1: y, x2: x + length, y2: y, width: thickness };
                out.push(Chunk::content(lay.pt(4.0), vec![line]));
            }
        }
        Ok(())
    }

    /// A table block: one row per element of its array, cells filled against the element.
    fn table(&self, t: &template::Table, width: f32, out: &mut Vec<Chunk>) -> Result<(), RenderError> {
        let rows = template::array(self.data, &t.rows)?;
        if t.columns.is_empty() || t.columns.iter().map(|c| c.width.max(0.0)).sum::<f32>() <= 0.0 {
            return Err(RenderError::Template(format!("table over `{}` has no column widths", t.rows)));
        }
        let header: Vec<String> = t.columns.iter().map(|c| self.text(&c.header)).collect::<Result<_, _>>()?;
        let cells: Vec<Vec<(String, Align)>> = rows
            .iter()
            .enumerate()
            .map(|(i, row)| {
                let scope = Scope { data: row, index: Some(i + 1), page: None };
                t.columns.iter().map(|c| Ok((template::fill(&c.value, scope)?, c.align))).collect()
            })
            .collect::<Result<_, RenderError>>()?;
        let shares: Vec<f32> = t.columns.iter().map(|c| c.width).collect();
        self.lay.table(&header, &cells, &shares, self.lay.pt(t.size.unwrap_or(10.0)), width, out);
        Ok(())
    }
}

pub(crate) fn keep_with_previous(flow: &mut [Chunk]) {
    if let Some(last) = flow.iter_mut().rev().find(|c| matches!(c.kind, Kind::Content | Kind::TableHeader)) {
        last.keep_with_next = true;
    }
}

/// Pieces placed next to each other at their x, as tall as the tallest.
pub(crate) fn side_by_side(cells: impl IntoIterator<Item = (f32, (Vec<Op>, f32))>) -> Chunk {
    let mut ops = Vec::new();
    let mut height: f32 = 0.0;
    for (x, (cell_ops, cell_height)) in cells {
        ops.extend(cell_ops.into_iter().map(|op| op.moved(x, 0.0)));
        height = height.max(cell_height);
    }
    Chunk::content(height, ops)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(height: f32) -> Chunk {
        Chunk::content(height, vec![Op::Line { x1: 0.0, y1: 0.0, x2: 1.0, y2: 0.0, width: 1.0 }])
    }

    #[test]
    fn table_headers_repeat_and_space_vanishes_at_the_top_of_a_page() {
        let mut header = line(10.0);
        header.kind = Kind::TableHeader;
        header.keep_with_next = true;
        let mut flow = vec![Chunk::space(5.0), header];
        flow.extend((0..10).map(|_| line(20.0)));
        flow.push(Chunk { kind: Kind::TableEnd, ..Chunk::space(0.0) });
        flow.push(Chunk::space(50.0));
        flow.push(line(20.0));
        // 100 points a page: the header and 4 rows a page, then 2; the 50 points of space
        // fill the third page, so the last line opens a fourth (without the table's header).
        let pages = paginate(flow, 0.0, 100.0);
        let counts: Vec<usize> = pages.iter().map(Vec::len).collect();
        assert_eq!(counts, [5, 5, 3, 1]);
    }

    #[test]
    fn a_heading_moves_to_the_next_page_with_what_follows() {
        let mut heading = line(10.0);
        heading.keep_with_next = true;
        let flow = vec![line(80.0), heading, Chunk::space(2.0), line(20.0)];
        let pages = paginate(flow, 0.0, 100.0);
        assert_eq!(pages.iter().map(Vec::len).collect::<Vec<_>>(), [1, 2]);
    }
}
