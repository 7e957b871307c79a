//! ToUnicode CMaps in the form pdf-extract reads fastest.
//!
//! pdf-extract starts every page with an empty font table, so it parses a
//! font's ToUnicode CMap again on every page that uses the font, with
//! adobe-cmap-parser (on pom), which takes about a millisecond for 80
//! entries: on a 300-page report that was 45 % of reading its text. Before
//! extraction each ToUnicode stream is parsed once, by that same parser,
//! and rewritten as the same mapping with nothing else: consecutive codes
//! as ranges, codes and text as literal strings (which that parser tries
//! before hexadecimal ones). The rewrite is parsed back and kept only when
//! it gives exactly the same map. The document is only read from, never
//! saved; the lopdf extractor, whose CMap parser is another, gets the
//! original streams back ([`Compacted::restore`]).

use std::collections::{BTreeSet, HashMap};
use std::panic::catch_unwind;

use lopdf::{Document, Object, ObjectId, Stream};

/// CMaps larger than this (decompressed) are left as they are: a real one
/// is a few kilobytes, and a hostile one is pdf-extract's to refuse.
const MOST_BYTES: usize = 256 * 1024;

/// A code to UTF-16BE text, as adobe-cmap-parser reads a ToUnicode CMap.
type UnicodeMap = HashMap<u32, Vec<u8>>;

/// The ToUnicode streams as they were before [`compact`].
pub(super) struct Compacted(Vec<(ObjectId, Stream)>);

impl Compacted {
    /// Puts the original streams back.
    pub(super) fn restore(self, doc: &mut Document) {
        for (id, original) in self.0 {
            doc.objects.insert(id, Object::Stream(original));
        }
    }
}

/// Rewrites every font's ToUnicode stream in `doc` in the compact form.
pub(super) fn compact(doc: &mut Document) -> Compacted {
    let streams: BTreeSet<ObjectId> = doc
        .objects
        .values()
        .filter_map(|object| object.as_dict().ok()?.get(b"ToUnicode").ok())
        .filter_map(|to_unicode| to_unicode.as_reference().ok())
        .collect();
    let mut originals = Vec::new();
    for id in streams {
        let Ok(Object::Stream(stream)) = doc.get_object_mut(id) else {
            continue;
        };
        let Some(rewritten) = rewrite(stream) else {
            continue;
        };
        let original = stream.clone();
        stream.set_plain_content(rewritten);
        originals.push((id, original));
    }
    Compacted(originals)
}

/// The compact CMap with the same map as `stream`, or `None` when it cannot
/// be read or the rewrite would read differently.
fn rewrite(stream: &Stream) -> Option<Vec<u8>> {
    let content = match stream.filters() {
        Ok(_) => stream.decompressed_content().ok()?,
        Err(_) => stream.content.clone(),
    };
    if content.len() > MOST_BYTES {
        return None;
    }
    let map = parse(&content)?;
    let rewritten = write(&map);
    (parse(&rewritten)? == map).then_some(rewritten)
}

/// adobe-cmap-parser's reading (it panics on some input).
fn parse(cmap: &[u8]) -> Option<UnicodeMap> {
    catch_unwind(|| adobe_cmap_parser::get_unicode_map(cmap))
        .ok()?
        .ok()
}

/// `map` as `beginbfrange` runs (consecutive codes to consecutive
/// two-byte values) and `beginbfchar` entries for the rest.
fn write(map: &UnicodeMap) -> Vec<u8> {
    let mut codes: Vec<u32> = map.keys().copied().collect();
    codes.sort_unstable();
    let mut singles = Vec::new();
    let mut ranges: Vec<(u32, u32, u16)> = Vec::new();
    for code in codes {
        let value = &map[&code];
        let Ok(unit) = <[u8; 2]>::try_from(value.as_slice()).map(u16::from_be_bytes) else {
            singles.push((code, value.clone()));
            continue;
        };
        match ranges.last_mut() {
            Some((first, last, start))
                if *last + 1 == code && u32::from(*start) + (code - *first) == u32::from(unit) =>
            {
                *last = code
            }
            _ => ranges.push((code, code, unit)),
        }
    }
    // A range of one is a single entry (fewer strings to read).
    for (first, _, unit) in ranges.extract_if(.., |(first, last, _)| first == last) {
        singles.push((first, unit.to_be_bytes().to_vec()));
    }
    let mut out = Vec::new();
    if !singles.is_empty() {
        out.extend_from_slice(format!("{} beginbfchar\n", singles.len()).as_bytes());
        for (code, value) in &singles {
            literal(&mut out, &code_bytes(*code));
            literal(&mut out, value);
        }
        out.extend_from_slice(b"\nendbfchar\n");
    }
    if !ranges.is_empty() {
        out.extend_from_slice(format!("{} beginbfrange\n", ranges.len()).as_bytes());
        for (first, last, unit) in &ranges {
            literal(&mut out, &code_bytes(*first));
            literal(&mut out, &code_bytes(*last));
            literal(&mut out, &unit.to_be_bytes());
        }
        out.extend_from_slice(b"\nendbfrange\n");
    }
    out
}

/// A code's bytes, big-endian, two of them when it fits (the parser reads
/// any width as the same number).
fn code_bytes(code: u32) -> Vec<u8> {
    match u16::try_from(code) {
        Ok(short) => short.to_be_bytes().to_vec(),
        Err(_) => code.to_be_bytes().to_vec(),
    }
}

/// `bytes` as a PDF literal string: raw, with `\`, `(` and `)` escaped.
fn literal(out: &mut Vec<u8>, bytes: &[u8]) {
    out.push(b'(');
    for &byte in bytes {
        if matches!(byte, b'\\' | b'(' | b')') {
            out.push(b'\\');
        }
        out.push(byte);
    }
    out.push(b')');
}

#[cfg(test)]
mod tests {
    use super::*;

    const OFFICE_CMAP: &[u8] = b"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
        /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
        /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
        1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n\
        6 beginbfchar\n<0001> <0020>\n<0002> <0061>\n<0003> <0062>\n<0004> <0063>\n\
        <0028> <1EA1>\n<005C> <0028>\nendbfchar\n\
        2 beginbfrange\n<0010> <0012> <0041>\n<0029> <0029> [<D835DC00>]\nendbfrange\n\
        endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";

    #[test]
    fn the_rewrite_reads_as_the_same_map_and_is_smaller() {
        let map = parse(OFFICE_CMAP).expect("the fixture parses");
        assert_eq!(map.len(), 10);
        let rewritten = write(&map);
        assert_eq!(parse(&rewritten), Some(map));
        assert!(rewritten.len() * 3 < OFFICE_CMAP.len(), "{rewritten:?}");
        // Codes and text that are `(`, `)` or `\` in a byte are escaped.
        assert!(
            rewritten.windows(4).any(|w| w == b"(\0\\("),
            "{rewritten:?}"
        );
    }

    #[test]
    fn consecutive_codes_to_consecutive_text_become_ranges() {
        let map: UnicodeMap = (1..=3)
            .map(|code| (code, vec![0, 0x60 + code as u8]))
            .chain([(9, vec![0x1E, 0xA1])])
            .collect();
        let rewritten = write(&map);
        assert_eq!(
            rewritten,
            b"1 beginbfchar\n(\0\t)(\x1e\xa1)\nendbfchar\n1 beginbfrange\n(\0\x01)(\0\x03)(\0a)\nendbfrange\n"
        );
        assert_eq!(parse(&rewritten), Some(map));
    }

    #[test]
    fn a_document_gets_its_cmaps_rewritten_and_back() {
        let mut doc = Document::with_version("1.7");
        let cmap = doc.add_object(Stream::new(lopdf::dictionary! {}, OFFICE_CMAP.to_vec()));
        let broken = doc.add_object(Stream::new(
            lopdf::dictionary! {},
            b"1 beginbfchar".to_vec(),
        ));
        doc.add_object(lopdf::dictionary! { "Type" => "Font", "ToUnicode" => cmap });
        doc.add_object(lopdf::dictionary! { "Type" => "Font", "ToUnicode" => broken });
        let compacted = compact(&mut doc);
        let content = |doc: &Document, id| {
            doc.get_object(id)
                .unwrap()
                .as_stream()
                .unwrap()
                .content
                .clone()
        };
        assert_ne!(content(&doc, cmap), OFFICE_CMAP);
        assert_eq!(parse(&content(&doc, cmap)), parse(OFFICE_CMAP));
        // What the parser cannot read stays for pdf-extract to refuse.
        assert_eq!(content(&doc, broken), b"1 beginbfchar");
        compacted.restore(&mut doc);
        assert_eq!(content(&doc, cmap), OFFICE_CMAP);
    }
}
