//! CID font widths in the one form pdf-extract reads right.
//!
//! A CID font's `/W` array gives glyph widths in two forms (ISO 32000-1,
//! 9.7.4.3): `c [w1 w2 …]` for consecutive CIDs and `c_first c_last w` for
//! a range. pdf-extract 0.12.1 (the latest) reads all three numbers of the
//! range form from its first element, so every glyph of a range gets the
//! font's default width, and an indirect sub-array is taken for a range.
//! The reading-order layout then sees gaps inside words: Chromium and
//! anything else that prints with Skia use ranges, and its PDFs came out
//! as "triệ u đồ ng". Before extraction each `/W` is rewritten in the first
//! form, with every element direct.

use lopdf::{Document, Object, ObjectId};

/// The most CIDs a font can have (two-byte codes).
const CIDS: i64 = 1 << 16;

/// The most widths written out for a whole document: a few bytes of
/// `c_first c_last w` become 65,536 numbers, so a small hostile file with
/// many fonts must not grow without end (real documents need a few
/// thousand). Fonts past it keep their arrays as they were.
const DOCUMENT_BUDGET: usize = 1 << 20;

/// Rewrites every CID font's `/W` in `doc` as `c [w1 w2 …]` entries. A
/// malformed entry ends the array there (the rest falls back to the
/// default width, as it would have).
pub(super) fn normalize(doc: &mut Document) {
    let mut budget = DOCUMENT_BUDGET;
    let rewritten: Vec<(ObjectId, Vec<Object>)> = doc
        .objects
        .iter()
        .filter_map(|(id, object)| {
            let font = object.as_dict().ok()?;
            let subtype = font.get(b"Subtype").ok()?.as_name().ok()?;
            if subtype != b"CIDFontType0" && subtype != b"CIDFontType2" {
                return None;
            }
            let widths = resolve(doc, font.get(b"W").ok()?).as_array().ok()?;
            let listed = list_form(doc, widths);
            let count = listed
                .iter()
                .filter_map(|o| o.as_array().ok())
                .map(Vec::len)
                .sum::<usize>();
            budget = budget.checked_sub(count)?;
            Some((*id, listed))
        })
        .collect();
    for (id, widths) in rewritten {
        if let Ok(font) = doc.get_object_mut(id).and_then(Object::as_dict_mut) {
            font.set("W", Object::Array(widths));
        }
    }
}

fn resolve<'a>(doc: &'a Document, object: &'a Object) -> &'a Object {
    match object {
        Object::Reference(id) => doc.get_object(*id).unwrap_or(object),
        direct => direct,
    }
}

fn list_form(doc: &Document, entries: &[Object]) -> Vec<Object> {
    let integer = |i: usize| entries.get(i).and_then(|o| resolve(doc, o).as_i64().ok());
    let number = |o: &Object| resolve(doc, o).as_float().ok();
    let mut out = Vec::new();
    let mut cids = 0;
    let mut i = 0;
    while let Some(first) = integer(i).filter(|c| (0..CIDS).contains(c)) {
        let widths: Vec<Object> = match entries.get(i + 1).map(|o| resolve(doc, o)) {
            Some(Object::Array(listed)) => {
                i += 2;
                listed.iter().map_while(number).map(Object::Real).collect()
            }
            Some(_) => {
                let (Some(last), Some(width)) =
                    (integer(i + 1), entries.get(i + 2).and_then(number))
                else {
                    break;
                };
                i += 3;
                if last < first || last >= CIDS {
                    break;
                }
                vec![Object::Real(width); usize::try_from(last - first + 1).unwrap_or(0)]
            }
            None => break,
        };
        cids += widths.len();
        if cids > CIDS as usize {
            break;
        }
        out.push(Object::Integer(first));
        out.push(Object::Array(widths));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::dictionary;

    fn widths_of(doc: &Document, id: ObjectId) -> Vec<Object> {
        doc.get_object(id)
            .unwrap()
            .as_dict()
            .unwrap()
            .get(b"W")
            .unwrap()
            .as_array()
            .unwrap()
            .clone()
    }

    #[test]
    fn ranges_and_indirect_lists_become_direct_lists() {
        let mut doc = Document::with_version("1.7");
        let listed = doc.add_object(Object::Array(vec![Object::Integer(250)]));
        let font = doc.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "CIDFontType2",
            "W" => vec![
                Object::Integer(3),
                Object::Integer(5),
                Object::Real(722.5),
                Object::Integer(9),
                Object::Reference(listed),
                Object::Integer(10),
                vec![Object::Integer(333), Object::Integer(444)].into(),
            ],
        });
        normalize(&mut doc);
        assert_eq!(
            widths_of(&doc, font),
            vec![
                Object::Integer(3),
                vec![Object::Real(722.5); 3].into(),
                Object::Integer(9),
                vec![Object::Real(250.0)].into(),
                Object::Integer(10),
                vec![Object::Real(333.0), Object::Real(444.0)].into(),
            ]
        );
    }

    #[test]
    fn a_malformed_or_huge_array_ends_where_it_stops_making_sense() {
        let mut doc = Document::with_version("1.7");
        let w = |entries: Vec<Object>| {
            dictionary! { "Subtype" => "CIDFontType0", "W" => entries }
        };
        let backwards = doc.add_object(w(vec![
            Object::Integer(1),
            vec![Object::Integer(500)].into(),
            Object::Integer(9),
            Object::Integer(3),
            Object::Integer(600),
        ]));
        let truncated = doc.add_object(w(vec![Object::Integer(4), Object::Integer(8)]));
        let huge = doc.add_object(w(vec![
            Object::Integer(0),
            Object::Integer(i64::from(u32::MAX)),
            Object::Integer(1),
        ]));
        let simple_font = doc.add_object(dictionary! { "Subtype" => "TrueType", "W" => 7 });
        normalize(&mut doc);
        assert_eq!(
            widths_of(&doc, backwards),
            vec![Object::Integer(1), vec![Object::Real(500.0)].into()]
        );
        assert!(widths_of(&doc, truncated).is_empty());
        assert!(widths_of(&doc, huge).is_empty());
        let untouched = doc.get_object(simple_font).unwrap().as_dict().unwrap();
        assert_eq!(untouched.get(b"W").unwrap(), &Object::Integer(7));
    }

    #[test]
    fn a_document_of_many_huge_ranges_stays_within_its_budget() {
        let mut doc = Document::with_version("1.7");
        let fonts: Vec<ObjectId> = (0..40)
            .map(|_| {
                doc.add_object(dictionary! {
                    "Subtype" => "CIDFontType2",
                    "W" => vec![Object::Integer(0), Object::Integer(CIDS - 1), Object::Integer(1)],
                })
            })
            .collect();
        normalize(&mut doc);
        let written: usize = fonts
            .iter()
            .map(|id| {
                widths_of(&doc, *id)
                    .iter()
                    .filter_map(|o| o.as_array().ok())
                    .map(Vec::len)
                    .sum::<usize>()
            })
            .sum();
        assert!(written <= DOCUMENT_BUDGET, "{written}");
        assert!(written >= DOCUMENT_BUDGET - (1 << 16), "{written}");
    }
}
