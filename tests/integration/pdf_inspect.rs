//! Reading untrusted PDFs in a bounded child process: fixtures made by
//! LibreOffice and Ghostscript (see tests/fixtures/make.sh), a scan, and
//! files that are encrypted, cut off, damaged or not PDFs at all.

use std::path::{Path, PathBuf};
use std::time::Duration;

use kyhop_docs::child::{Limits, PdfChildren};
use kyhop_docs::pdf::{PdfError, PdfInfo};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn children() -> PdfChildren {
    PdfChildren::new(PathBuf::from(env!("CARGO_BIN_EXE_kyhop")), 2)
}

async fn inspect(path: &Path) -> Result<PdfInfo, PdfError> {
    children().inspect(path, Limits::default()).await
}

/// Whitespace folded, for comparing text whose line breaks differ.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn pdftotext(path: &Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext is installed (Debian poppler-utils)");
    String::from_utf8(out.stdout).unwrap()
}

#[tokio::test]
async fn libreoffice_pdf_gives_back_its_vietnamese_text_page_by_page() {
    let path = fixture("to-trinh-libreoffice.pdf");
    let info = inspect(&path).await.unwrap();
    assert_eq!(info.page_count, 2);
    assert_eq!(
        info.pages[0].text,
        "ỦY BAN NHÂN DÂN THÀNH PHỐ\nTỜ TRÌNH\nVề dự toán thu, chi ngân sách địa phương năm 2027\n\
         Kính gửi: Hội đồng nhân dân thành phố.\n\
         Căn cứ Luật Ngân sách nhà nước, Ủy ban nhân dân thành phố trình Hội đồng nhân dân dự toán\n\
         ngân sách năm 2027 như sau.\n"
    );
    assert_eq!(
        info.pages[1].text,
        "Tổng thu ngân sách nhà nước trên địa bàn dự kiến đạt mức tăng trưởng ổn định.\n\
         Chi đầu tư phát triển ưu tiên giáo dục, y tế và hạ tầng giao thông nông thôn.\n\
         Đề nghị Hội đồng nhân dân xem xét, quyết nghị.\n"
    );
    assert!(info.pages.iter().all(|p| !p.scanned));
    // The same words as poppler's pdftotext reads.
    let ours: String = info
        .pages
        .iter()
        .map(|p| p.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    assert_eq!(words(&ours), words(&pdftotext(&path)));
}

#[tokio::test]
async fn ghostscript_pdf_gives_back_its_text() {
    let path = fixture("bao-cao-ghostscript.pdf");
    let info = inspect(&path).await.unwrap();
    assert_eq!(info.page_count, 1);
    let source = std::fs::read_to_string(fixture("bao-cao.txt")).unwrap();
    assert_eq!(words(&info.pages[0].text), words(&source));
    assert_eq!(words(&info.pages[0].text), words(&pdftotext(&path)));
}

/// The words of every page, in order.
fn all_words(info: &PdfInfo) -> String {
    let pages: Vec<&str> = info.pages.iter().map(|p| p.text.as_str()).collect();
    words(&pages.join(" "))
}

/// The words of the fixture's HTML source: its body without the tags.
fn source_words(html: &str) -> String {
    let body = &html[html.find("<body").unwrap()..];
    let mut text = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    words(&text)
}

/// The same report printed by Chromium (Skia), saved as a Word document
/// and exported by LibreOffice, and that export distilled again by
/// Ghostscript: each reads word for word as written and as pdftotext reads
/// it, and the words a delegate searches for are whole.
#[tokio::test]
async fn every_producers_pdf_reads_word_for_word_as_pdftotext_reads_it() {
    let written = source_words(&std::fs::read_to_string(fixture("bao-cao-kt-xh.html")).unwrap());
    // pdftotext drops a dash that ends a line ("kinh tế -⏎xã hội" becomes
    // "kinh tế xã hội"), taking it for a hyphenation: compared without
    // lone dashes.
    let dashless = |text: &str| words(&text.replace(" - ", " "));
    for producer in ["chromium", "docx-libreoffice", "ghostscript"] {
        let path = fixture(&format!("bao-cao-kt-xh-{producer}.pdf"));
        let info = inspect(&path).await.unwrap();
        let ours = all_words(&info);
        assert_eq!(ours, written, "{producer}");
        assert_eq!(dashless(&ours), dashless(&pdftotext(&path)), "{producer}");
        for phrase in [
            "71,5 triệu đồng",
            "nông thôn mới kiểu mẫu",
            "ỦY BAN NHÂN DÂN XÃ THUẬN THÀNH",
        ] {
            assert!(ours.contains(phrase), "{producer}: {phrase:?} in {ours}");
        }
    }
}

#[tokio::test]
async fn a_page_without_text_is_marked_scanned() {
    let info = inspect(&fixture("scanned-ghostscript.pdf")).await.unwrap();
    assert_eq!(info.page_count, 1);
    assert!(info.pages[0].scanned);
    assert_eq!(info.pages[0].text, "");
}

#[tokio::test]
async fn files_that_cannot_be_read_are_named_for_what_they_are() {
    assert_eq!(
        inspect(&fixture("encrypted-qpdf.pdf")).await,
        Err(PdfError::Encrypted)
    );
    assert_eq!(
        inspect(&fixture("truncated.pdf")).await,
        Err(PdfError::Truncated)
    );
    // Not a PDF: the HTML source of a fixture.
    assert_eq!(
        inspect(&fixture("to-trinh.html")).await,
        Err(PdfError::NotPdf)
    );

    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.pdf");
    std::fs::write(&empty, b"").unwrap();
    assert_eq!(inspect(&empty).await, Err(PdfError::Empty));
    // A header, then noise, then an end marker: damaged beyond repair.
    let damaged = dir.path().join("damaged.pdf");
    let mut bytes = b"%PDF-1.7\n".to_vec();
    bytes.extend((0..20_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
    bytes.extend(b"\n%%EOF\n");
    std::fs::write(&damaged, &bytes).unwrap();
    let err = inspect(&damaged).await.unwrap_err();
    assert_eq!(err.code(), "pdf_damaged", "{err}");
    let missing = dir.path().join("no-such-file.pdf");
    assert_eq!(
        inspect(&missing).await.unwrap_err().code(),
        "pdf_unreadable"
    );
}

#[tokio::test]
async fn a_reader_that_takes_too_long_is_stopped() {
    let limits = Limits {
        time: Duration::from_millis(1),
        ..Limits::default()
    };
    let err = children()
        .inspect(&fixture("to-trinh-libreoffice.pdf"), limits)
        .await
        .unwrap_err();
    assert_eq!(err, PdfError::TimedOut);
}
