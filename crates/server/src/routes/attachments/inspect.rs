//! What an uploaded file is: its type read from its first bytes (and, for a ZIP, from
//! the names inside it), its hash, and for an image a thumbnail. Names and the type a
//! client declares are never believed: a page renamed `.png` must not be served as an
//! image, nor a script as a document. CPU work, done before the upload's database write.

use crate::error::ApiError;
use danvan_domain::attachment::{FileType, THUMBNAIL_MAX_SIDE};
use danvan_store::attachments::Blob;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits, RgbImage};
use std::io::Cursor;

/// What the 415 of an upload says.
pub const ACCEPTED: &str = "the file must be a JPEG, PNG or WebP image, a PDF, or a Word (DOCX) or Excel (XLSX) \
                            document; its content decides, not its name";

/// An uploaded file, inspected.
pub struct Inspected {
    pub file_type: FileType,
    pub content: Blob,
    pub thumbnail: Option<Blob>,
}

/// Reads the type of `bytes`, hashes them and, for an image, makes its thumbnail; a
/// content of no accepted type is a 415.
pub fn inspect(bytes: Vec<u8>) -> Result<Inspected, ApiError> {
    let file_type = sniff(&bytes).ok_or(ApiError::UnsupportedMediaType(ACCEPTED))?;
    let thumbnail = match file_type.is_image() {
        true => thumbnail(&bytes, file_type).map(Blob::new),
        false => None,
    };
    Ok(Inspected { file_type, content: Blob::new(bytes), thumbnail })
}

/// The type the content's signature shows.
pub fn sniff(bytes: &[u8]) -> Option<FileType> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(FileType::Jpeg)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(FileType::Png)
    } else if bytes.len() >= 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
        Some(FileType::Webp)
    } else if bytes.starts_with(b"%PDF-") {
        Some(FileType::Pdf)
    } else if bytes.starts_with(b"PK\x03\x04") {
        office(bytes)
    } else {
        None
    }
}

/// DOCX and XLSX are both ZIP archives; the main part each has tells them apart. Only the
/// archive's directory is read, nothing is unpacked.
fn office(bytes: &[u8]) -> Option<FileType> {
    let archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let word = archive.index_for_name("word/document.xml").is_some();
    let excel = archive.index_for_name("xl/workbook.xml").is_some();
    match (word, excel) {
        (true, false) => Some(FileType::Docx),
        (false, true) => Some(FileType::Xlsx),
        _ => None,
    }
}

/// The longest side of an image that is decoded for a thumbnail, and the memory its
/// decoding may take: a small file can claim an enormous picture (a "decompression bomb").
const DECODE_MAX_SIDE: u32 = 16_384;
const DECODE_MAX_BYTES: u64 = 256 * 1024 * 1024;

/// A JPEG of at most [`THUMBNAIL_MAX_SIDE`] pixels on the long side, turned upright as
/// the photo's EXIF says, transparency on white. `None` when the image cannot be decoded
/// within the limits: the file is still kept, without a thumbnail.
fn thumbnail(bytes: &[u8], file_type: FileType) -> Option<Vec<u8>> {
    let format = match file_type {
        FileType::Jpeg => ImageFormat::Jpeg,
        FileType::Png => ImageFormat::Png,
        FileType::Webp => ImageFormat::WebP,
        _ => return None,
    };
    match make_thumbnail(bytes, format) {
        Ok(thumbnail) => Some(thumbnail),
        Err(error) => {
            tracing::warn!(%error, ?format, "no thumbnail for an uploaded image");
            None
        }
    }
}

fn make_thumbnail(bytes: &[u8], format: ImageFormat) -> image::ImageResult<Vec<u8>> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(DECODE_MAX_SIDE);
    limits.max_image_height = Some(DECODE_MAX_SIDE);
    limits.max_alloc = Some(DECODE_MAX_BYTES);
    reader.limits(limits);
    let mut decoder = reader.into_decoder()?;
    let orientation = decoder.orientation()?;
    let mut image = DynamicImage::from_decoder(decoder)?;
    image.apply_orientation(orientation);
    if image.width().max(image.height()) > THUMBNAIL_MAX_SIDE {
        image = image.thumbnail(THUMBNAIL_MAX_SIDE, THUMBNAIL_MAX_SIDE);
    }
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 80).encode_image(&on_white(&image))?;
    Ok(jpeg)
}

/// The image without transparency, laid on white: JPEG has no alpha, and dropping it
/// would show whatever colour transparent pixels happen to carry (often black).
fn on_white(image: &DynamicImage) -> RgbImage {
    if !image.color().has_alpha() {
        return image.to_rgb8();
    }
    let rgba = image.to_rgba8();
    RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
        let [r, g, b, alpha] = rgba.get_pixel(x, y).0;
        let blend = |channel: u8| {
            let (channel, alpha) = (u16::from(channel), u16::from(alpha));
            u8::try_from((channel * alpha + 255 * (255 - alpha)) / 255).unwrap_or(u8::MAX)
        };
        image::Rgb([blend(r), blend(g), blend(b)])
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{ImageEncoder, RgbaImage};
    use std::io::Write;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let image = RgbaImage::from_fn(width, height, |x, _| image::Rgba([(x % 256) as u8, 0, 0, 128]));
        let mut bytes = Vec::new();
        let encoder = image::codecs::png::PngEncoder::new(&mut bytes);
        encoder.write_image(image.as_raw(), width, height, image::ExtendedColorType::Rgba8).unwrap_or_default();
        bytes
    }

    fn zip_with(name: &str) -> Vec<u8> {
        let mut bytes = Cursor::new(Vec::new());
        let mut archive = zip::ZipWriter::new(&mut bytes);
        let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        archive.start_file(name, options).ok();
        archive.write_all(b"<xml/>").ok();
        archive.finish().ok();
        bytes.into_inner()
    }

    #[test]
    fn the_signature_decides_the_type() {
        assert_eq!(sniff(&png(2, 2)), Some(FileType::Png));
        assert_eq!(sniff(b"\xFF\xD8\xFF\xE0\0\x10JFIF"), Some(FileType::Jpeg));
        assert_eq!(sniff(b"RIFF\x10\0\0\0WEBPVP8 "), Some(FileType::Webp));
        assert_eq!(sniff(b"%PDF-1.7\n"), Some(FileType::Pdf));
        assert_eq!(sniff(&zip_with("word/document.xml")), Some(FileType::Docx));
        assert_eq!(sniff(&zip_with("xl/workbook.xml")), Some(FileType::Xlsx));
        for other in [&b"<!DOCTYPE html><html>"[..], b"RIFF\x10\0\0\0WAVEfmt ", b"", b"PK\x03\x04 not a zip"] {
            assert_eq!(sniff(other), None, "{other:?}");
        }
        assert_eq!(sniff(&zip_with("mimetype")), None, "a ZIP that is neither");
    }

    #[test]
    fn a_thumbnail_fits_the_long_side_and_lays_transparency_on_white() {
        let wide = thumbnail(&png(1000, 250), FileType::Png).unwrap_or_default();
        let image = image::load_from_memory_with_format(&wide, ImageFormat::Jpeg);
        let image = image.map(|image| image.to_rgb8()).unwrap_or_default();
        assert_eq!((image.width(), image.height()), (THUMBNAIL_MAX_SIDE, 80));
        let [_, green, _] = image.get_pixel(0, 0).0;
        assert!(green > 100, "half-transparent red on white is pink, not dark: {green}");
        let small = thumbnail(&png(20, 10), FileType::Png).unwrap_or_default();
        let small = image::load_from_memory(&small).map(|image| (image.width(), image.height()));
        assert_eq!(small.ok(), Some((20, 10)), "a small image is not blown up");
    }

    #[test]
    fn an_image_that_cannot_be_decoded_has_no_thumbnail() {
        let mut broken = png(10, 10);
        broken.truncate(40);
        assert_eq!(thumbnail(&broken, FileType::Png), None);
    }
}
