//! PDF documents of Dân vận (donation receipts now; certificates later), each described by
//! a declarative template in `templates/<name>.toml` and filled with JSON data; and the
//! Party document of the consolidated reports, as PDF and DOCX. The template language, the
//! data each template expects, the Party document and the embedded font are described in
//! docs/rendering.md.

mod layout;
mod party;
mod pdf;
mod template;
mod text;
mod words;

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

pub use party::{party_document_docx, party_document_pdf, PartyBlock, PartyDocument, PartySection, PartySignature};
pub use words::vnd_in_words;

/// Portrait paper; one template lays out on either, A5 with proportionally smaller margins
/// and type.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Paper {
    #[default]
    A4,
    A5,
}

pub(crate) struct Margins {
    pub top: f32,
    pub bottom: f32,
    pub left: f32,
    pub right: f32,
}

const MM: f32 = 72.0 / 25.4;

impl Paper {
    /// Width and height in points.
    pub(crate) fn size(self) -> (f32, f32) {
        match self {
            Paper::A4 => (210.0 * MM, 297.0 * MM),
            Paper::A5 => (148.0 * MM, 210.0 * MM),
        }
    }

    /// Those of Vietnamese administrative documents on A4 (Decree 30/2020: left 30 mm,
    /// right 15 mm, top and bottom 20 mm), scaled with the paper's width.
    pub(crate) fn margins(self) -> Margins {
        let k = self.size().0 / Paper::A4.size().0;
        Margins { top: 20.0 * MM * k, bottom: 20.0 * MM * k, left: 30.0 * MM * k, right: 15.0 * MM * k }
    }

    /// Width between the left and right margins, in points.
    pub(crate) fn content_width(self) -> f32 {
        let margins = self.margins();
        self.size().0 - margins.left - margins.right
    }

    /// Type shrinks a little less than the paper, so that A5 stays readable; lines wrap a
    /// little earlier there.
    pub(crate) fn scale(self) -> f32 {
        match self {
            Paper::A4 => 1.0,
            Paper::A5 => 0.8,
        }
    }
}

impl fmt::Display for Paper {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Paper::A4 => "a4",
            Paper::A5 => "a5",
        })
    }
}

impl FromStr for Paper {
    type Err = UnknownPaper;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "a4" => Ok(Paper::A4),
            "a5" => Ok(Paper::A5),
            _ => Err(UnknownPaper(s.to_owned())),
        }
    }
}

#[derive(Debug, thiserror::Error)]
#[error("unknown paper size `{0}` (a4 or a5)")]
pub struct UnknownPaper(pub String);

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("no template named `{0}`")]
    UnknownTemplate(String),
    /// The data lacks a value a placeholder needs; holds the placeholder's path.
    #[error("the data has no value for {{{{{0}}}}}")]
    MissingValue(String),
    /// The template itself is wrong (unparseable, a bad placeholder, a non-array table).
    #[error("template: {0}")]
    Template(String),
    /// A Party document that does not hold together (a table row that does not match its header).
    #[error("document: {0}")]
    Document(String),
    #[error("pdf: {0}")]
    Pdf(String),
    #[error("docx: {0}")]
    Docx(String),
}

/// Renders the named template with `data` (see docs/rendering.md for each template's data).
pub fn render_pdf(template: &str, data: &serde_json::Value, paper: Paper) -> Result<Vec<u8>, RenderError> {
    let template = template::load(template)?;
    let laid = layout::layout(&template, data, paper)?;
    pdf::write(&laid, paper)
}

/// The templates `render_pdf` knows.
pub fn template_names() -> &'static [&'static str] {
    template::NAMES
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paper_reads_and_prints_lowercase() {
        for paper in [Paper::A4, Paper::A5] {
            assert_eq!(paper.to_string().parse::<Paper>().ok(), Some(paper));
            assert_eq!(serde_json::to_string(&paper).ok(), Some(format!("\"{paper}\"")));
        }
        assert_eq!("A5".parse::<Paper>().ok(), Some(Paper::A5));
        assert!("letter".parse::<Paper>().is_err());
    }
}
