//! Parsing, in whatever process calls it; see the module above for why the
//! server only calls it in a child.

use std::panic::{catch_unwind, AssertUnwindSafe};

use unicode_normalization::UnicodeNormalization;

use super::layout::ReadingOrder;
use super::{PageText, PdfError, PdfInfo};

/// How far from the end the `%%EOF` marker may stand (trailing garbage is
/// allowed by readers, up to a point).
const EOF_WINDOW: usize = 2048;

/// Whether every page's chain of /Parent references ends (no loop, and no
/// deeper than a real page tree ever is).
fn parents_end(doc: &lopdf::Document) -> bool {
    const DEEPEST: usize = 64;
    doc.get_pages().values().all(|&page| {
        let mut seen = std::collections::HashSet::new();
        let mut node = page;
        loop {
            if !seen.insert(node) || seen.len() > DEEPEST {
                return false;
            }
            let parent = doc
                .get_dictionary(node)
                .ok()
                .and_then(|d| d.get(b"Parent").ok())
                .and_then(|p| p.as_reference().ok());
            match parent {
                Some(parent) => node = parent,
                None => return true,
            }
        }
    })
}

/// A thread reads at least this many pages: below it, starting one costs
/// more than it saves.
const PAGES_PER_THREAD: usize = 16;
/// The most threads one document is read on (the child runs one per core
/// at most anyway; each thread is one more interpreter's memory).
const MOST_THREADS: usize = 4;

/// Every page's text as pdf-extract reads it, or `None` when it fails or
/// panics on any page. A long document's pages are read on several
/// threads: pages are independent (pdf-extract starts each with an empty
/// font table), and on a 300-page file the interpretation is most of the
/// time an upload takes.
fn by_pdf_extract(doc: &lopdf::Document, page_numbers: &[u32]) -> Option<Vec<String>> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = cores
        .min(MOST_THREADS)
        .min(page_numbers.len().div_ceil(PAGES_PER_THREAD))
        .max(1);
    let chunk = page_numbers.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let readers: Vec<_> = page_numbers
            .chunks(chunk)
            .map(|pages| scope.spawn(move || pages_by_pdf_extract(doc, pages)))
            .collect();
        let mut texts = Vec::with_capacity(page_numbers.len());
        for reader in readers {
            texts.extend(reader.join().ok()??);
        }
        Some(texts)
    })
}

fn pages_by_pdf_extract(doc: &lopdf::Document, pages: &[u32]) -> Option<Vec<String>> {
    catch_unwind(AssertUnwindSafe(|| {
        let mut order = ReadingOrder::default();
        for &page in pages {
            pdf_extract::output_doc_page(doc, &mut order, page).ok()?;
        }
        Some(order.pages)
    }))
    .ok()
    .flatten()
}

/// Classifies and reads a PDF held in memory.
pub fn inspect_bytes(bytes: &[u8]) -> Result<PdfInfo, PdfError> {
    if bytes.is_empty() {
        return Err(PdfError::Empty);
    }
    // The header may follow up to 1 KiB of junk, as readers allow.
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(PdfError::NotPdf);
    }
    let tail = &bytes[bytes.len().saturating_sub(EOF_WINDOW)..];
    if !tail.windows(5).any(|w| w == b"%%EOF") {
        return Err(PdfError::Truncated);
    }
    let mut doc = catch_unwind(|| lopdf::Document::load_mem(bytes))
        .map_err(|_| PdfError::Damaged("the structure cannot be parsed".into()))?
        .map_err(|e| match e {
            lopdf::Error::Decryption(_) => PdfError::Encrypted,
            other => PdfError::Damaged(other.to_string()),
        })?;
    if doc.is_encrypted() || doc.trailer.get(b"Encrypt").is_ok() {
        return Err(PdfError::Encrypted);
    }
    let page_numbers: Vec<u32> = doc.get_pages().keys().copied().collect();
    if page_numbers.is_empty() {
        return Err(PdfError::Damaged("it has no pages".into()));
    }
    let page_count = u32::try_from(page_numbers.len()).unwrap_or(u32::MAX);

    // pdf-extract interprets the pages (it panics on some files); the
    // glyphs go back into reading order by position. It follows each
    // page's /Parent chain without end when the chain loops (found by
    // fuzzing): such a file goes to the lopdf extractor instead. Its
    // misreading of CID font widths is mended first, and its fonts' CMaps
    // are handed over in the form it reads fastest.
    super::cid_widths::normalize(&mut doc);
    let compacted = super::to_unicode::compact(&mut doc);
    let by_pdf_extract = parents_end(&doc)
        .then(|| by_pdf_extract(&doc, &page_numbers))
        .flatten()
        .filter(|pages| pages.len() == page_numbers.len());
    let (texts, extractor) = match by_pdf_extract {
        Some(pages) => (pages, "pdf-extract"),
        None => {
            compacted.restore(&mut doc);
            let pages = page_numbers
                .iter()
                .map(|&n| {
                    catch_unwind(AssertUnwindSafe(|| doc.extract_text(&[n])))
                        .ok()
                        .and_then(Result::ok)
                        .unwrap_or_default()
                })
                .collect();
            (pages, "lopdf")
        }
    };
    let pages = texts
        .into_iter()
        .zip(1..)
        .map(|(text, page)| {
            let text: String = text.nfc().collect();
            // No text, or only noise: a scan, to be read by OCR.
            let scanned = kyhop_domain::needs_recognition(&text);
            PageText {
                page,
                text,
                scanned,
            }
        })
        .collect();
    Ok(PdfInfo {
        page_count,
        pages,
        extractor: extractor.into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_what_is_not_a_whole_pdf() {
        assert_eq!(inspect_bytes(b""), Err(PdfError::Empty));
        assert_eq!(
            inspect_bytes(b"PK\x03\x04 a zip file"),
            Err(PdfError::NotPdf)
        );
        assert_eq!(
            inspect_bytes(b"%PDF-1.7\n1 0 obj"),
            Err(PdfError::Truncated)
        );
        assert!(matches!(
            inspect_bytes(b"%PDF-1.7\ngarbage\n%%EOF\n"),
            Err(PdfError::Damaged(_))
        ));
    }
}
