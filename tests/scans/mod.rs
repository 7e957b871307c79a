//! Scans made the way a People's Committee makes them, from text we write:
//! LibreOffice lays the text out as a PDF, `pdftoppm` draws each page at
//! 300 dpi in grey (the scanner), and the page images become an image-only
//! PDF (the scanner's PDF). Shared by tests/integration/recognition.rs and
//! benches/ocr.rs.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use lopdf::{dictionary, Document, Object, Stream};

/// A grey page image: width, height and one byte per pixel.
pub struct PageImage {
    pub width: u32,
    pub height: u32,
    pub pixels: Vec<u8>,
    /// Where `pdftoppm` wrote it (PGM), for running `tesseract` by hand.
    pub path: PathBuf,
}

fn run(command: &mut Command) {
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("{command:?}: {e}"));
    assert!(
        output.status.success(),
        "{command:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The pages of `text` (a page break is a form feed), typeset by
/// LibreOffice and drawn at 300 dpi, as PGM files in `dir`.
pub fn page_images(text: &str, dir: &Path) -> Vec<PageImage> {
    std::fs::create_dir_all(dir).expect("scan dir");
    let source = dir.join("source.txt");
    std::fs::write(&source, text).expect("source text");
    run(Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}/lo-profile",
            dir.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(&source));
    run(Command::new("pdftoppm")
        .args(["-r", "300", "-gray"])
        .arg(dir.join("source.pdf"))
        .arg(dir.join("page")));
    let mut images: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("scan dir")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "pgm"))
        .collect();
    images.sort();
    images.into_iter().map(|path| read_pgm(&path)).collect()
}

/// A binary PGM (P5, 8 bits) as pdftoppm writes it.
fn read_pgm(path: &Path) -> PageImage {
    let bytes = std::fs::read(path).expect("pgm");
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&bytes[start..at]).into_owned());
    }
    assert_eq!((fields[0].as_str(), fields[3].as_str()), ("P5", "255"));
    let (width, height): (u32, u32) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    let pixels = bytes[at + 1..].to_vec();
    assert_eq!(pixels.len(), (width * height) as usize);
    PageImage {
        width,
        height,
        pixels,
        path: path.to_owned(),
    }
}

/// An image-only PDF of A4 pages, one image each; `hidden_text[i]`, when
/// given, is an invisible text layer on page i (text render mode 3, as
/// scanners' OCR writes it) — garbage, to play a scan whose layer is noise.
pub fn image_pdf(pages: &[PageImage], hidden_text: &[Option<&str>]) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let mut kids = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        let mut deflated = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        deflated.write_all(&page.pixels).expect("deflate");
        let image = doc.add_object(Stream::new(
            dictionary! {
                "Type" => "XObject", "Subtype" => "Image",
                "Width" => page.width as i64, "Height" => page.height as i64,
                "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8,
                "Filter" => "FlateDecode",
            },
            deflated.finish().expect("deflate"),
        ));
        let mut content = String::from("q 595 0 0 842 0 0 cm /Scan Do Q\n");
        if let Some(Some(text)) = hidden_text.get(i) {
            let text = text
                .replace('\\', "\\\\")
                .replace('(', "\\(")
                .replace(')', "\\)");
            content += &format!("BT 3 Tr /F1 12 Tf 72 720 Td ({text}) Tj ET\n");
        }
        let contents = doc.add_object(Stream::new(dictionary! {}, content.into_bytes()));
        kids.push(Object::Reference(doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Contents" => contents,
            "Resources" => dictionary! {
                "XObject" => dictionary! { "Scan" => image },
                "Font" => dictionary! { "F1" => font },
            },
        })));
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("image-only PDF");
    out
}

/// Characters between `a` and `b` (Levenshtein, over chars).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

/// Words joined by single spaces (line breaks are layout, not text).
pub fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Character accuracy of `read` against `source`: 1 − CER, over words.
pub fn character_accuracy(source: &str, read: &str) -> f64 {
    let (source, read) = (words(source), words(read));
    1.0 - edit_distance(&source, &read) as f64 / source.chars().count().max(1) as f64
}
