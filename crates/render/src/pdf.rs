//! Positioned text and lines into a PDF, with krilla.

use krilla::geom::{PathBuilder, Point};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::Stroke;
use krilla::text::Font;
use krilla::Document;

use crate::layout::{Laid, Op};
use crate::text::Style;
use crate::{Paper, RenderError};

pub(crate) fn write(laid: &Laid, paper: Paper) -> Result<Vec<u8>, RenderError> {
    // krilla embeds only the glyphs used (a subset), so a receipt stays a few tens of KB.
    let fonts = Style::ALL.map(|style| Font::new(style.font_data().into(), 0));
    let font = |style: Style| {
        fonts[style as usize].clone().ok_or_else(|| RenderError::Pdf(format!("unreadable {style:?} font")))
    };
    let (width, height) = paper.size();
    let settings = PageSettings::from_wh(width, height).ok_or_else(|| RenderError::Pdf("bad page size".into()))?;

    let mut document = Document::new();
    document.set_metadata(
        Metadata::new().title(laid.title.clone()).language("vi".to_owned()).creator("Dân vận".to_owned()),
    );
    for ops in &laid.pages {
        let mut page = document.start_page_with(settings.clone());
        let mut surface = page.surface();
        for op in ops {
            match op {
                Op::Text { x, y, style, size, run } => {
                    surface.draw_glyphs(Point::from_xy(*x, *y), &run.glyphs, font(*style)?, &run.text, *size, false);
                }
                Op::Line { x1, y1, x2, y2, width } => {
                    let mut path = PathBuilder::new();
                    path.move_to(*x1, *y1);
                    path.line_to(*x2, *y2);
                    if let Some(path) = path.finish() {
                        // Only lines are stroked: text is drawn with the default black fill.
                        surface.set_stroke(Some(Stroke { width: *width, ..Stroke::default() }));
                        surface.draw_path(&path);
                        surface.set_stroke(None);
                    }
                }
            }
        }
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|e| RenderError::Pdf(e.to_string()))
}
