//! The names files are kept and downloaded under.

use super::FileType;
use unicode_normalization::UnicodeNormalization;

/// The longest name kept, in characters, extension included.
pub const FILE_NAME_MAX: usize = 255;

/// The name an uploaded file is kept under: the last part of what the browser sent (old
/// browsers send a whole Windows path), in NFC (macOS sends names decomposed), without
/// control characters, at most [`FILE_NAME_MAX`] characters, and ending with an extension
/// of the type its content has. A wrong extension is kept and the right one added, so a
/// name never ends in an extension that would make a desktop open the file as something
/// it is not (`trang.html` holding a PNG is kept as `trang.html.png`).
pub fn stored_name(uploaded: &str, file_type: FileType) -> String {
    let last = uploaded.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = last.nfc().filter(|c| !c.is_control()).collect();
    let cleaned = cleaned.trim();
    let has_extension = cleaned.rsplit_once('.').is_some_and(|(stem, extension)| {
        !stem.is_empty() && file_type.extensions().iter().any(|known| known.eq_ignore_ascii_case(extension))
    });
    let (stem, suffix) = if cleaned.is_empty() {
        ("file", format!(".{}", file_type.extension()))
    } else if has_extension {
        (cleaned, String::new())
    } else {
        (cleaned, format!(".{}", file_type.extension()))
    };
    // Cut the stem, not the extension that was just made sure of.
    let room = FILE_NAME_MAX - suffix.chars().count();
    let stem: String = stem.chars().take(room).collect();
    let stem = stem.trim_end();
    format!("{stem}{suffix}")
}

/// A plain-ASCII stand-in for `name`, for the `filename=` of a `Content-Disposition`
/// that clients without RFC 8187 `filename*` read: Vietnamese letters lose their marks
/// (`Báo cáo đợt 1.pdf` → `Bao cao dot 1.pdf`), anything else outside printable ASCII,
/// and quotes, backslashes and `%` (which some browsers decode), become `_`.
pub fn ascii_fallback(name: &str) -> String {
    name.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c) && !c.is_control())
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            '"' | '\\' | '%' => '_',
            c if c.is_ascii_graphic() || c == ' ' => c,
            _ => '_',
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_keeps_a_right_extension_and_gains_the_true_one_otherwise() {
        assert_eq!(stored_name("Ảnh tổ.JPEG", FileType::Jpeg), "Ảnh tổ.JPEG");
        assert_eq!(stored_name("scan.pdf", FileType::Png), "scan.pdf.png");
        assert_eq!(stored_name("bao-cao", FileType::Docx), "bao-cao.docx");
        assert_eq!(stored_name(".png", FileType::Png), ".png.png", "an extension needs a stem");
        assert_eq!(stored_name(r"C:\Users\a\Desktop\so lieu.xlsx", FileType::Xlsx), "so lieu.xlsx");
        assert_eq!(stored_name("  \u{7}  ", FileType::Pdf), "file.pdf");
    }

    #[test]
    fn names_are_composed_and_bounded() {
        let decomposed = "Ba\u{0301}o ca\u{0301}o.pdf";
        assert_eq!(stored_name(decomposed, FileType::Pdf), "Báo cáo.pdf");
        let long = format!("{}.exe", "a".repeat(400));
        let kept = stored_name(&long, FileType::Pdf);
        assert_eq!(kept.chars().count(), FILE_NAME_MAX);
        assert!(kept.ends_with("aaa.pdf"), "{kept}");
    }

    #[test]
    fn the_ascii_fallback_drops_marks_and_quotes() {
        assert_eq!(ascii_fallback("Báo cáo đợt 1.pdf"), "Bao cao dot 1.pdf");
        assert_eq!(ascii_fallback("Đội \"xung kích\" 100%.png"), "Doi _xung kich_ 100_.png");
        assert_eq!(ascii_fallback("名前.png"), "__.png");
    }
}
