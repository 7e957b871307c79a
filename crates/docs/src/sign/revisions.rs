//! What may follow a signature. A signature covers the file as it was when
//! it was made; PAdES long-term signatures then add incremental updates
//! that the signer never saw: validation data (the document security
//! store, /DSS: certificates, OCSP responses, CRLs) and document
//! time-stamps (EN 319 142-1, 5.4 and 5.5). Those leave what the signer
//! signed as it was. Anything else after the last signature — a changed
//! page, a new annotation, another field's value — is a change to the
//! signed document.
//!
//! The check compares the revision the signature ends with against the
//! whole file, object by object: every object that is new or different
//! must belong to the validation data or to a document time-stamp.

use std::collections::{BTreeSet, HashSet};

use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::sign::pdf_sign::load;

/// Objects reached from `from` through references (and direct containers),
/// at most `limit` of them: what a dictionary entry such as /DSS owns.
fn reachable(doc: &Document, from: &Object, limit: usize) -> HashSet<ObjectId> {
    let mut seen = HashSet::new();
    let mut stack = vec![from.clone()];
    while let Some(o) = stack.pop() {
        if seen.len() >= limit {
            break;
        }
        match o {
            Object::Reference(id) if seen.insert(id) => {
                if let Ok(target) = doc.get_object(id) {
                    stack.push(target.clone());
                }
            }
            Object::Array(items) => stack.extend(items),
            Object::Dictionary(d) => stack.extend(d.iter().map(|(_, v)| v.clone())),
            Object::Stream(s) => stack.extend(s.dict.iter().map(|(_, v)| v.clone())),
            _ => {}
        }
    }
    seen
}

/// Equal as PDF objects: streams by dictionary and bytes (not where
/// they happen to sit in the file).
fn same(a: &Object, b: &Object) -> bool {
    match (a, b) {
        (Object::Stream(x), Object::Stream(y)) => x.dict == y.dict && x.content == y.content,
        _ => a == b,
    }
}

/// `d` without the entries named in `keys`.
fn without(d: &Dictionary, keys: &[&[u8]]) -> Dictionary {
    let mut d = d.clone();
    for k in keys {
        d.remove(k);
    }
    d
}

fn dss_of(doc: &Document) -> HashSet<ObjectId> {
    doc.catalog()
        .ok()
        .and_then(|c| c.get(b"DSS").ok())
        .map(|dss| reachable(doc, dss, 100_000))
        .unwrap_or_default()
}

/// A new signature field whose value is a document time-stamp, with
/// the objects it owns (value, appearance).
fn doc_timestamp_objects(doc: &Document, id: ObjectId) -> Option<HashSet<ObjectId>> {
    let field = doc.get_dictionary(id).ok()?;
    let value = field.get(b"V").ok()?;
    let (_, sig) = doc.dereference(value).ok()?;
    let is_doc_ts = sig
        .as_dict()
        .ok()?
        .get(b"Type")
        .and_then(Object::as_name)
        .is_ok_and(|t| t == b"DocTimeStamp");
    if !is_doc_ts {
        return None;
    }
    let mut owned = reachable(doc, value, 16);
    if let Ok(ap) = field.get(b"AP") {
        owned.extend(reachable(doc, ap, 64));
    }
    owned.insert(id);
    Some(owned)
}

/// The references of an array (direct or behind one reference).
fn array_refs(doc: &Document, o: Option<&Object>) -> Option<Vec<Object>> {
    match o {
        None => Some(Vec::new()),
        Some(Object::Array(a)) => Some(a.clone()),
        Some(Object::Reference(id)) => doc.get_object(*id).ok()?.as_array().ok().cloned(),
        Some(_) => None,
    }
}

/// `after` is `before` with only `added` appended (order kept).
fn only_appended(before: &[Object], after: &[Object], added: &HashSet<ObjectId>) -> bool {
    after.len() >= before.len()
        && after[..before.len()] == *before
        && after[before.len()..]
            .iter()
            .all(|o| matches!(o, Object::Reference(id) if added.contains(id)))
}

/// Why the updates after byte `end` of `pdf` (where a signature's revision
/// ends) are more than validation data and document time-stamps; `Ok`
/// when they are only those (or there are none).
pub(crate) fn check_later_updates(pdf: &[u8], end: usize) -> Result<(), String> {
    let before = load(&pdf[..end]).map_err(|e| format!("the signed revision: {e}"))?;
    let after = load(pdf).map_err(|e| e.to_string())?;
    let root = |d: &Document| d.trailer.get(b"Root").and_then(Object::as_reference).ok();
    let root_id = root(&after).ok_or("no /Root")?;
    if root(&before) != Some(root_id) {
        return Err("the document catalog was replaced".into());
    }
    for id in before.objects.keys() {
        if !after.objects.contains_key(id) {
            return Err(format!("object {} {} was removed", id.0, id.1));
        }
    }
    let changed: BTreeSet<ObjectId> = after
        .objects
        .iter()
        .filter(|(id, o)| before.objects.get(id).is_none_or(|old| !same(old, o)))
        .map(|(id, _)| *id)
        .collect();
    if changed.is_empty() {
        return Ok(());
    }

    // Validation data: new objects under /DSS, or ones that were already
    // under it.
    let (dss_before, dss_after) = (dss_of(&before), dss_of(&after));
    let validation_data = |id: &ObjectId| {
        dss_after.contains(id) && (!before.objects.contains_key(id) || dss_before.contains(id))
    };
    // Document time-stamps: new fields whose value is one.
    let mut stamps = HashSet::new();
    let mut stamp_fields = HashSet::new();
    for id in changed.iter().filter(|id| !before.objects.contains_key(id)) {
        if let Some(owned) = doc_timestamp_objects(&after, *id) {
            stamp_fields.insert(*id);
            stamps.extend(owned);
        }
    }
    let new_stamp = |id: &ObjectId| stamps.contains(id) && !before.objects.contains_key(id);

    let acro_form_id = after
        .catalog()
        .ok()
        .and_then(|c| c.get(b"AcroForm").ok())
        .and_then(|a| a.as_reference().ok());
    for id in &changed {
        if validation_data(id) || new_stamp(id) {
            continue;
        }
        let new = after.objects.get(id).ok_or("object vanished")?;
        // A cross-reference stream of a later update: it points, nothing points to it.
        let is_xref = new
            .as_stream()
            .is_ok_and(|s| s.dict.get(b"Type").and_then(Object::as_name).ok() == Some(b"XRef"));
        if is_xref && !before.objects.contains_key(id) {
            continue;
        }
        let old = before.objects.get(id);
        // An indirect /Annots or /Fields array that gained a time-stamp field.
        if let (Some(Object::Array(b)), Object::Array(a)) = (old, new) {
            if only_appended(b, a, &stamp_fields) {
                continue;
            }
        }
        let (Some(old_dict), Ok(new_dict)) = (old.and_then(|o| o.as_dict().ok()), new.as_dict())
        else {
            return Err(describe(
                id,
                "a new or changed object outside the validation data",
            ));
        };
        if *id == root_id {
            // The catalog may gain /DSS (and /Extensions naming the
            // extension level that has it), nothing else.
            let keys: &[&[u8]] = &[b"DSS", b"Extensions"];
            if without(old_dict, keys) != without(new_dict, keys) {
                return Err(describe(id, "the document catalog changed"));
            }
            continue;
        }
        if Some(*id) == acro_form_id {
            let keys: &[&[u8]] = &[b"Fields", b"SigFlags"];
            let fields_ok = match (
                array_refs(&before, old_dict.get(b"Fields").ok()),
                array_refs(&after, new_dict.get(b"Fields").ok()),
            ) {
                (Some(b), Some(a)) => only_appended(&b, &a, &stamp_fields),
                _ => false,
            };
            if without(old_dict, keys) != without(new_dict, keys) || !fields_ok {
                return Err(describe(
                    id,
                    "the form changed beyond a document time-stamp",
                ));
            }
            continue;
        }
        // A page that gains a document time-stamp's widget in /Annots.
        let annots_ok = match (
            array_refs(&before, old_dict.get(b"Annots").ok()),
            array_refs(&after, new_dict.get(b"Annots").ok()),
        ) {
            (Some(b), Some(a)) => only_appended(&b, &a, &stamp_fields),
            _ => false,
        };
        let keys: &[&[u8]] = &[b"Annots"];
        if old_dict.get(b"Type").and_then(Object::as_name).ok() == Some(b"Page")
            && without(old_dict, keys) == without(new_dict, keys)
            && annots_ok
        {
            continue;
        }
        return Err(describe(id, "changed after the signature"));
    }
    Ok(())
}

fn describe(id: &ObjectId, what: &str) -> String {
    format!("object {} {}: {what}", id.0, id.1)
}
