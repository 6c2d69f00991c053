//! The embedded font, text shaping and line breaking.
//!
//! Text is shaped once with rustybuzz and the same glyph run is both measured for wrapping
//! and handed to krilla for drawing, so what was measured is what gets printed.

use krilla::text::{GlyphId, KrillaGlyph};
use rustybuzz::{Direction, Face, UnicodeBuffer};

use crate::RenderError;

/// Be Vietnam Pro (SIL OFL 1.1, see fonts/OFL.txt): drawn for Vietnamese, so every letter
/// and its stacked diacritics are designed glyphs, not marks placed by guesswork.
const REGULAR: &[u8] = include_bytes!("../fonts/BeVietnamPro-Regular.ttf");
const BOLD: &[u8] = include_bytes!("../fonts/BeVietnamPro-Bold.ttf");
const ITALIC: &[u8] = include_bytes!("../fonts/BeVietnamPro-Italic.ttf");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    Regular,
    Bold,
    Italic,
}

impl Style {
    pub(crate) const ALL: [Style; 3] = [Style::Regular, Style::Bold, Style::Italic];

    /// There is no bold italic face: bold wins.
    pub(crate) fn of(bold: bool, italic: bool) -> Style {
        match (bold, italic) {
            (true, _) => Style::Bold,
            (false, true) => Style::Italic,
            (false, false) => Style::Regular,
        }
    }

    pub(crate) fn font_data(self) -> &'static [u8] {
        match self {
            Style::Regular => REGULAR,
            Style::Bold => BOLD,
            Style::Italic => ITALIC,
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// A shaped piece of text; advances are in ems (krilla's convention), times the size for points.
#[derive(Debug, Clone)]
pub(crate) struct Run {
    pub text: String,
    pub glyphs: Vec<KrillaGlyph>,
    pub advance: f32,
}

pub(crate) struct Fonts {
    faces: [Face<'static>; 3],
}

impl Fonts {
    pub(crate) fn load() -> Result<Self, RenderError> {
        let face = |style: Style| {
            Face::from_slice(style.font_data(), 0).ok_or_else(|| RenderError::Pdf(format!("unreadable {style:?} font")))
        };
        Ok(Fonts { faces: [face(Style::Regular)?, face(Style::Bold)?, face(Style::Italic)?] })
    }

    fn face(&self, style: Style) -> &Face<'static> {
        &self.faces[style.index()]
    }

    /// Ascent and descent (positive, below the baseline) in ems.
    pub(crate) fn extent(&self, style: Style) -> (f32, f32) {
        let face = self.face(style);
        let em = face.units_per_em() as f32;
        (f32::from(face.ascender()) / em, -f32::from(face.descender()) / em)
    }

    #[cfg(test)]
    pub(crate) fn has_glyph(&self, style: Style, c: char) -> bool {
        self.face(style).glyph_index(c).is_some_and(|g| g.0 != 0)
    }

    pub(crate) fn shape(&self, text: &str, style: Style) -> Run {
        let face = self.face(style);
        let em = face.units_per_em() as f32;
        let mut buffer = UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.set_direction(Direction::LeftToRight);
        let shaped = rustybuzz::shape(face, &[], buffer);
        let infos = shaped.glyph_infos();
        let mut glyphs = Vec::with_capacity(infos.len());
        let mut advance = 0.0;
        for (i, (info, pos)) in infos.iter().zip(shaped.glyph_positions()).enumerate() {
            // A cluster runs to the start of the next different cluster: krilla maps it back
            // to this text so that the PDF's text can be copied and searched.
            let start = info.cluster as usize;
            let end = infos[i..].iter().map(|g| g.cluster as usize).find(|&c| c != start).unwrap_or(text.len());
            glyphs.push(KrillaGlyph::new(
                GlyphId::new(info.glyph_id),
                pos.x_advance as f32 / em,
                pos.x_offset as f32 / em,
                pos.y_offset as f32 / em,
                pos.y_advance as f32 / em,
                start..end,
                None,
            ));
            advance += pos.x_advance as f32 / em;
        }
        Run { text: text.to_owned(), glyphs, advance }
    }

    /// Breaks `text` into lines no wider than `width` points at `size`: at spaces, and inside
    /// a word only when the word alone is wider than the line. `\n` starts a new line.
    pub(crate) fn wrap(&self, text: &str, style: Style, size: f32, width: f32) -> Vec<Run> {
        let space = self.shape(" ", style).advance * size;
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let mut line = String::new();
            let mut line_width = 0.0;
            // Only spaces and tabs break: a no-break space (U+00A0) keeps "1.500.000 đồng" whole.
            for word in paragraph.trim_end_matches('\r').split([' ', '\t']).filter(|w| !w.is_empty()) {
                let word_width = self.shape(word, style).advance * size;
                if !line.is_empty() && line_width + space + word_width <= width + 0.01 {
                    line.push(' ');
                    line.push_str(word);
                    line_width += space + word_width;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                if word_width <= width {
                    line = word.to_owned();
                    line_width = word_width;
                } else {
                    let mut pieces = self.split_word(word, style, size, width);
                    let last = pieces.pop().unwrap_or_default();
                    lines.extend(pieces);
                    line_width = self.shape(&last, style).advance * size;
                    line = last;
                }
            }
            lines.push(line);
        }
        lines.into_iter().map(|line| self.shape(&line, style)).collect()
    }

    /// A word longer than the line (an account number, a URL) is cut between characters.
    fn split_word(&self, word: &str, style: Style, size: f32, width: f32) -> Vec<String> {
        let mut pieces = vec![String::new()];
        for c in word.chars() {
            let mut candidate = pieces.last().cloned().unwrap_or_default();
            candidate.push(c);
            let fits = self.shape(&candidate, style).advance * size <= width;
            match pieces.last_mut() {
                Some(piece) if fits || piece.is_empty() => *piece = candidate,
                _ => pieces.push(c.to_string()),
            }
        }
        pieces
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every letter of the Vietnamese alphabet with every tone, both cases.
    const VIETNAMESE: &str =
        "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ";

    #[test]
    fn every_vietnamese_letter_has_a_glyph_in_every_style() -> Result<(), RenderError> {
        let fonts = Fonts::load()?;
        let letters: String = VIETNAMESE.chars().chain(VIETNAMESE.chars().flat_map(char::to_uppercase)).collect();
        assert_eq!(letters.chars().count(), 2 * 89);
        for style in Style::ALL {
            let missing: String = letters.chars().filter(|&c| !fonts.has_glyph(style, c)).collect();
            assert!(missing.is_empty(), "{style:?} lacks {missing}");
        }
        Ok(())
    }

    #[test]
    fn wraps_at_spaces_within_the_width() -> Result<(), RenderError> {
        let fonts = Fonts::load()?;
        let text = "Công ty TNHH Thương mại Hoàng Phúc – Chi nhánh Đà Nẵng ủng hộ đồng bào vùng lũ";
        let lines = fonts.wrap(text, Style::Regular, 11.0, 120.0);
        assert!(lines.len() > 2);
        assert!(lines.iter().all(|l| l.advance * 11.0 <= 120.01), "{lines:?}");
        let joined: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(joined.join(" "), text);
        Ok(())
    }

    #[test]
    fn cuts_a_word_longer_than_the_line() -> Result<(), RenderError> {
        let fonts = Fonts::load()?;
        let lines = fonts.wrap("STK 0123456789012345678901234567890123456789", Style::Bold, 11.0, 80.0);
        assert!(lines.len() >= 3);
        assert!(lines.iter().all(|l| l.advance * 11.0 <= 80.01));
        let joined: String = lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join("");
        assert_eq!(joined, "STK0123456789012345678901234567890123456789");
        Ok(())
    }
}
