//! Writing a typeset document to bytes.
//!
//! printpdf's own `save` deflates every stream at zlib's best level
//! (`deflate_slow`): on a three-page resolution that was a quarter of the
//! time to render and sign it. The default level (6) writes streams a few
//! per cent larger in a fraction of the time; a resolution is a few
//! hundred kilobytes either way.

use std::io::Write;

use flate2::write::ZlibEncoder;
use flate2::Compression;
use printpdf::{PdfDocument, PdfSaveOptions};
use printpdf_lopdf::Object;

/// The PDF's bytes: fonts subset, streams deflated at the default level.
pub fn save(pdf: &PdfDocument) -> Vec<u8> {
    let uncompressed = PdfSaveOptions {
        optimize: false,
        ..PdfSaveOptions::default()
    };
    let mut doc = pdf.to_lopdf_document(&uncompressed, &mut Vec::new());
    for object in doc.objects.values_mut() {
        if let Object::Stream(stream) = object {
            if stream.allows_compression && stream.dict.get(b"Filter").is_err() {
                let deflated = deflate(&stream.content);
                // As lopdf does: only when it saves more than the filter's name costs.
                if deflated.len() + 19 < stream.content.len() {
                    stream.dict.set("Filter", "FlateDecode");
                    stream.set_content(deflated);
                }
            }
        }
    }
    let mut bytes = Vec::new();
    // Writing to memory: lopdf's only errors are the writer's, and a Vec
    // takes every byte.
    doc.save_to(&mut bytes)
        .expect("a PDF is written to memory without error");
    bytes
}

fn deflate(content: &[u8]) -> Vec<u8> {
    let mut encoder = ZlibEncoder::new(
        Vec::with_capacity(content.len() / 2),
        Compression::default(),
    );
    encoder
        .write_all(content)
        .and_then(|()| encoder.finish())
        .expect("deflating into memory does not fail")
}
