//! Confidential copies: the reader's name, delegate id and the time stamped
//! on every page of their own copy, as real text, so that a leaked copy can
//! be extracted (`pdftotext`) and names its source.
//!
//! printpdf draws the stamp once, on an A4 page, with the Vietnamese font
//! subset-embedded and a ToUnicode map; that page becomes a form XObject
//! inside the reader's copy, drawn over every page scaled to its size. The
//! page's own content is wrapped in `q … Q`, so whatever graphics state it
//! leaves behind cannot move or hide the stamp.

use chrono::{DateTime, Utc};
use lopdf::{dictionary, Document, Object, ObjectId, Stream};
use printpdf::{
    Color, ExtendedGraphicsState, Greyscale, Mm, Op, PdfDocument, PdfFontHandle, PdfPage, Point,
    Pt, TextItem, TextMatrix,
};

use super::fonts::{Face, Style};

/// What is stamped on a reader's copy.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Stamp {
    /// Large, diagonal, translucent: e.g. "MẬT · Nguyễn Văn An".
    pub headline: String,
    /// Small, along the bottom edge: who, which id, when.
    pub footer: String,
}

impl Stamp {
    /// The stamp of one reader's copy: `id` says who they are in the
    /// council ("mã đại biểu 12"); the time is Vietnam's (UTC+7, no DST).
    pub fn for_reader(name: &str, id: &str, at: DateTime<Utc>) -> Stamp {
        let local = kyhop_domain::vi::vietnam_time(at);
        Stamp {
            headline: format!("MẬT · {name}"),
            footer: format!(
                "Tài liệu mật – bản cấp riêng cho {name} ({id}) lúc {} – không sao chép, không chuyển cho người khác",
                local.format("%H:%M ngày %d/%m/%Y")
            ),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum WatermarkError {
    #[error("the stored PDF could not be read: {0}")]
    Read(String),
    #[error("the stamp could not be drawn: {0}")]
    Stamp(String),
}

const A4_WIDTH: f32 = 595.28;
const A4_HEIGHT: f32 = 841.89;
const FORM_NAME: &str = "KyHopReaderStamp";

/// A copy of `original` with `stamp` on every page. `original` is not changed.
pub fn stamp_copy(original: &[u8], stamp: &Stamp) -> Result<Vec<u8>, WatermarkError> {
    let mut doc = Document::load_mem(original).map_err(|e| WatermarkError::Read(e.to_string()))?;
    let form = import_stamp(&mut doc, &draw_stamp(stamp))?;
    let open = doc.add_object(Stream::new(dictionary! {}, b"q\n".to_vec()));
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    for page in pages {
        let [x0, y0, x1, y1] = media_box(&doc, page);
        let scale = ((x1 - x0) / A4_WIDTH).min((y1 - y0) / A4_HEIGHT);
        let dx = x0 + ((x1 - x0) - A4_WIDTH * scale) / 2.0;
        let dy = y0 + ((y1 - y0) - A4_HEIGHT * scale) / 2.0;
        let close = doc.add_object(Stream::new(
            dictionary! {},
            format!("Q\nq {scale:.5} 0 0 {scale:.5} {dx:.3} {dy:.3} cm /{FORM_NAME} Do Q\n")
                .into_bytes(),
        ));
        let mut resources = inherited(&doc, page, b"Resources")
            .and_then(|o| resolve(&doc, o).as_dict().ok().cloned())
            .unwrap_or_default();
        let mut xobjects = resources
            .get(b"XObject")
            .ok()
            .and_then(|o| resolve(&doc, o).as_dict().ok().cloned())
            .unwrap_or_default();
        xobjects.set(FORM_NAME, Object::Reference(form));
        resources.set("XObject", Object::Dictionary(xobjects));
        let mut contents: Vec<Object> = vec![Object::Reference(open)];
        contents.extend(
            doc.get_page_contents(page)
                .into_iter()
                .map(Object::Reference),
        );
        contents.push(Object::Reference(close));
        let dict = doc
            .get_object_mut(page)
            .and_then(Object::as_dict_mut)
            .map_err(|e| WatermarkError::Read(e.to_string()))?;
        dict.set("Resources", Object::Dictionary(resources));
        dict.set("Contents", Object::Array(contents));
    }
    let mut out = Vec::with_capacity(original.len() + 64 * 1024);
    doc.save_to(&mut out)
        .map_err(|e| WatermarkError::Read(e.to_string()))?;
    Ok(out)
}

/// The stamp as a one-page A4 PDF.
fn draw_stamp(stamp: &Stamp) -> Vec<u8> {
    let mut pdf = PdfDocument::new("KyHop");
    let regular = Face::get(Style::Regular);
    let bold = Face::get(Style::Bold);
    let regular_id = pdf.add_font(&regular.parsed);
    let bold_id = pdf.add_font(&bold.parsed);
    let translucent =
        pdf.add_graphics_state(ExtendedGraphicsState::default().with_current_fill_alpha(0.16));

    // The headline runs corner to corner, as large as fits the diagonal.
    let angle = (A4_HEIGHT / A4_WIDTH).atan();
    let diagonal = A4_WIDTH.hypot(A4_HEIGHT) * 0.8;
    let headline_size = (diagonal / bold.width(&stamp.headline, 1.0).max(1.0)).min(60.0);
    let headline_width = bold.width(&stamp.headline, headline_size);
    let (sin, cos) = angle.sin_cos();
    // Start so that the middle of the baseline's run sits at the page centre.
    let start_x = A4_WIDTH / 2.0 - cos * headline_width / 2.0 + sin * headline_size * 0.35;
    let start_y = A4_HEIGHT / 2.0 - sin * headline_width / 2.0 - cos * headline_size * 0.35;

    let footer_size = 8.0;
    let footer_x = (A4_WIDTH - regular.width(&stamp.footer, footer_size)).max(0.0) / 2.0;
    let ops = vec![
        Op::SaveGraphicsState,
        Op::LoadGraphicsState { gs: translucent },
        Op::SetFillColor {
            col: Color::Greyscale(Greyscale::new(0.1, None)),
        },
        Op::StartTextSection,
        Op::SetFont {
            font: PdfFontHandle::External(bold_id),
            size: Pt(headline_size),
        },
        Op::SetTextMatrix {
            matrix: TextMatrix::Raw([cos, sin, -sin, cos, start_x, start_y]),
        },
        Op::ShowText {
            items: vec![TextItem::Text(stamp.headline.clone())],
        },
        Op::EndTextSection,
        Op::RestoreGraphicsState,
        Op::SetFillColor {
            col: Color::Greyscale(Greyscale::new(0.25, None)),
        },
        Op::StartTextSection,
        Op::SetFont {
            font: PdfFontHandle::External(regular_id),
            size: Pt(footer_size),
        },
        Op::SetTextCursor {
            pos: Point {
                x: Pt(footer_x),
                y: Pt(14.0),
            },
        },
        Op::ShowText {
            items: vec![TextItem::Text(stamp.footer.clone())],
        },
        Op::EndTextSection,
    ];
    let page = PdfPage::new(Mm(210.0), Mm(297.0), ops);
    super::save(pdf.with_pages(vec![page]))
}

/// Copies the stamp page's objects into `doc` and wraps its content in a
/// form XObject; returns the form.
fn import_stamp(doc: &mut Document, stamp_pdf: &[u8]) -> Result<ObjectId, WatermarkError> {
    let stamp_error = |e: lopdf::Error| WatermarkError::Stamp(e.to_string());
    let mut stamp = Document::load_mem(stamp_pdf).map_err(stamp_error)?;
    stamp.renumber_objects_with(doc.max_id + 1);
    let page = *stamp
        .get_pages()
        .values()
        .next()
        .ok_or_else(|| WatermarkError::Stamp("the stamp has no page".into()))?;
    let content = stamp.get_page_content(page).map_err(stamp_error)?;
    let resources = inherited(&stamp, page, b"Resources")
        .map(|o| resolve(&stamp, o).clone())
        .unwrap_or_else(|| Object::Dictionary(lopdf::Dictionary::new()));
    // Only the objects the stamp's resources use come over: fonts, font
    // files, the ToUnicode map and the graphics state.
    let skeleton: Vec<ObjectId> = stamp
        .get_pages()
        .values()
        .copied()
        .chain(stamp.get_page_contents(page))
        .chain(
            stamp
                .trailer
                .get(b"Root")
                .and_then(Object::as_reference)
                .ok(),
        )
        .chain(
            stamp
                .trailer
                .get(b"Info")
                .and_then(Object::as_reference)
                .ok(),
        )
        .chain(
            stamp
                .catalog()
                .and_then(|c| c.get(b"Pages"))
                .and_then(Object::as_reference)
                .ok(),
        )
        .collect();
    for (id, object) in stamp.objects {
        if !skeleton.contains(&id) {
            doc.objects.insert(id, object);
        }
    }
    doc.max_id = stamp.max_id.max(doc.max_id);
    let mut form = Stream::new(
        dictionary! {
            "Type" => "XObject",
            "Subtype" => "Form",
            "BBox" => vec![0.into(), 0.into(), A4_WIDTH.into(), A4_HEIGHT.into()],
            "Resources" => resources,
        },
        content,
    );
    form.compress().map_err(stamp_error)?;
    Ok(doc.add_object(form))
}

/// A page attribute that may be inherited from the page tree.
fn inherited<'a>(doc: &'a Document, page: ObjectId, key: &[u8]) -> Option<&'a Object> {
    let mut node = doc.get_dictionary(page).ok();
    // The depth bound stops a malicious parent loop.
    for _ in 0..64 {
        let dict = node?;
        if let Ok(value) = dict.get(key) {
            return Some(value);
        }
        node = dict
            .get(b"Parent")
            .and_then(Object::as_reference)
            .and_then(|id| doc.get_dictionary(id))
            .ok();
    }
    None
}

fn resolve<'a>(doc: &'a Document, object: &'a Object) -> &'a Object {
    match object {
        Object::Reference(id) => doc.get_object(*id).unwrap_or(object),
        other => other,
    }
}

/// The page's media box `[x0 y0 x1 y1]`; A4 when it has none that makes sense.
fn media_box(doc: &Document, page: ObjectId) -> [f32; 4] {
    let numbers: Option<Vec<f32>> = inherited(doc, page, b"MediaBox")
        .and_then(|o| resolve(doc, o).as_array().ok())
        .map(|a| {
            a.iter()
                .filter_map(|n| resolve(doc, n).as_float().ok())
                .collect()
        });
    match numbers.as_deref() {
        Some(&[a, b, c, d]) if (c - a).abs() > 1.0 && (d - b).abs() > 1.0 => {
            [a.min(c), b.min(d), a.max(c), b.max(d)]
        }
        _ => [0.0, 0.0, A4_WIDTH, A4_HEIGHT],
    }
}

#[cfg(test)]
mod tests {
    use super::Stamp;
    use chrono::TimeZone;

    #[test]
    fn names_the_reader_and_the_vietnamese_time() {
        let at = chrono::Utc.with_ymd_and_hms(2026, 12, 3, 1, 5, 0).unwrap();
        let stamp = Stamp::for_reader("Nguyễn Thị Hà", "mã đại biểu 12", at);
        assert_eq!(stamp.headline, "MẬT · Nguyễn Thị Hà");
        assert!(stamp
            .footer
            .contains("Nguyễn Thị Hà (mã đại biểu 12) lúc 08:05 ngày 03/12/2026"));
    }
}
