//! PAdES B-B signing as an incremental update. The original bytes are
//! kept untouched as the prefix; we append new/updated objects, a
//! cross-reference section (classic, or a stream if the previous section
//! was a stream) and a trailer with /Prev.

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, Utc};
use lopdf::{dictionary, Dictionary, Document, Object, ObjectId, Stream, StringFormat};
use sha2::{Digest, Sha256};

use crate::sign::appearance::{form_content, prepared_streams, real, Appearance};
use crate::sign::cms::build_detached_cms;
use crate::sign::error::SignError;
use crate::sign::keys::Signer;
use crate::sign::revisions::check_later_updates;
use crate::sign::timestamp::TimeStamper;

/// Bytes reserved for the CMS blob in /Contents (written as 2× hex digits).
pub const CONTENTS_RESERVED_BYTES: usize = 16 * 1024;

/// What to sign and how the signature looks.
#[derive(Debug, Clone)]
pub struct SignRequest {
    /// Partial field name (/T); must be unique and must not contain '.'.
    pub field_name: String,
    /// 1-based page number.
    pub page: u32,
    /// Widget rectangle [x0, y0, x1, y1] in PDF points (page user space).
    pub rect: [f32; 4],
    /// `None`: the widget has an empty appearance.
    pub appearance: Option<Appearance>,
    /// /Name of the signature dictionary.
    pub signer_name: String,
    pub reason: Option<String>,
    pub location: Option<String>,
    /// Written as /M (the CMS has no signing-time attribute in B-B).
    pub signing_time: DateTime<Utc>,
}

impl SignRequest {
    /// An invisible signature in field `field_name` on page 1, signed now.
    pub fn invisible(field_name: &str) -> Self {
        Self {
            field_name: field_name.into(),
            page: 1,
            rect: [0.0; 4],
            appearance: None,
            signer_name: String::new(),
            reason: None,
            location: None,
            signing_time: Utc::now(),
        }
    }
}

// ---------------------------------------------------------------------------
// Shared with verify.rs: loading and finding signature fields
// ---------------------------------------------------------------------------

pub(crate) fn load(pdf: &[u8]) -> Result<Document, SignError> {
    if !pdf.starts_with(b"%PDF-") {
        return Err(SignError::DamagedPdf("missing %PDF- header".into()));
    }
    let doc = Document::load_mem(pdf).map_err(|e| SignError::DamagedPdf(e.to_string()))?;
    if doc.trailer.get(b"Encrypt").is_ok() {
        return Err(SignError::EncryptedPdf);
    }
    if doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .is_err()
    {
        return Err(SignError::DamagedPdf("trailer has no /Root".into()));
    }
    Ok(doc)
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Object> {
    doc.dereference(o).ok().map(|(_, o)| o)
}

/// A terminal signature field with a value.
pub(crate) struct SigField {
    pub name: String,
    pub sig: Dictionary,
}

/// The names of every form field of `pdf` (signed or not).
pub fn field_names(pdf: &[u8]) -> Result<Vec<String>, SignError> {
    Ok(fields(&load(pdf)?).0)
}

/// All field names and the signed signature fields of the AcroForm.
pub(crate) fn fields(doc: &Document) -> (Vec<String>, Vec<SigField>) {
    let mut names = Vec::new();
    let mut sigs = Vec::new();
    let Some(acro) = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"AcroForm").ok())
        .and_then(|a| deref(doc, a))
        .and_then(|a| a.as_dict().ok())
    else {
        return (names, sigs);
    };
    let Some(list) = acro
        .get(b"Fields")
        .ok()
        .and_then(|f| deref(doc, f))
        .and_then(|f| f.as_array().ok())
    else {
        return (names, sigs);
    };
    let mut seen = HashSet::new();
    let mut stack: Vec<(Object, String, Option<Vec<u8>>, u32)> = list
        .iter()
        .rev()
        .map(|o| (o.clone(), String::new(), None, 0))
        .collect();
    while let Some((o, parent, parent_ft, depth)) = stack.pop() {
        if depth > 32 {
            continue;
        }
        if let Object::Reference(id) = o {
            if !seen.insert(id) {
                continue;
            }
        }
        let Some(d) = deref(doc, &o).and_then(|x| x.as_dict().ok()) else {
            continue;
        };
        let part = d.get(b"T").ok().map(lopdf::decode_text_string);
        let name = match (part, parent.is_empty()) {
            (Some(Ok(p)), true) => p,
            (Some(Ok(p)), false) => format!("{parent}.{p}"),
            _ => parent.clone(),
        };
        let ft = d
            .get(b"FT")
            .ok()
            .and_then(|f| f.as_name().ok())
            .map(|n| n.to_vec())
            .or(parent_ft);
        let kids = d
            .get(b"Kids")
            .ok()
            .and_then(|k| deref(doc, k))
            .and_then(|k| k.as_array().ok());
        let has_field_kids = kids
            .map(|k| {
                k.iter().any(|kid| {
                    deref(doc, kid)
                        .and_then(|x| x.as_dict().ok())
                        .is_some_and(|x| x.has(b"T"))
                })
            })
            .unwrap_or(false);
        if has_field_kids {
            for kid in kids.unwrap().iter().rev() {
                stack.push((kid.clone(), name.clone(), ft.clone(), depth + 1));
            }
            continue;
        }
        if !name.is_empty() {
            names.push(name.clone());
        }
        if ft.as_deref() == Some(b"Sig") {
            if let Some(v) = d
                .get(b"V")
                .ok()
                .and_then(|v| deref(doc, v))
                .and_then(|v| v.as_dict().ok())
            {
                sigs.push(SigField {
                    name,
                    sig: v.clone(),
                });
            }
        }
    }
    (names, sigs)
}

/// /ByteRange as four non-negative integers.
pub(crate) fn byte_range(sig: &Dictionary) -> Option<[usize; 4]> {
    let arr = sig.get(b"ByteRange").ok()?.as_array().ok()?;
    if arr.len() != 4 {
        return None;
    }
    let mut out = [0usize; 4];
    for (i, o) in arr.iter().enumerate() {
        out[i] = usize::try_from(o.as_i64().ok()?).ok()?;
    }
    Some(out)
}

/// True if nothing but whitespace follows `end`.
pub(crate) fn only_whitespace_after(pdf: &[u8], end: usize) -> bool {
    end <= pdf.len()
        && pdf[end..]
            .iter()
            .all(|b| matches!(b, b' ' | b'\r' | b'\n' | b'\t' | 0x0c))
}

// ---------------------------------------------------------------------------
// Serialisation of objects
// ---------------------------------------------------------------------------

fn write_name(out: &mut Vec<u8>, name: &[u8]) {
    out.push(b'/');
    for &b in name {
        if b.is_ascii_graphic() && !b"()<>[]{}/%#".contains(&b) {
            out.push(b);
        } else {
            out.extend_from_slice(format!("#{b:02X}").as_bytes());
        }
    }
}

fn write_hex(out: &mut Vec<u8>, bytes: &[u8]) {
    out.push(b'<');
    for b in bytes {
        out.extend_from_slice(format!("{b:02X}").as_bytes());
    }
    out.push(b'>');
}

pub(crate) fn write_object(out: &mut Vec<u8>, obj: &Object) {
    match obj {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Integer(i) => out.extend_from_slice(i.to_string().as_bytes()),
        // The shortest form that reads back as the same number: a page
        // rewritten to gain an annotation keeps its MediaBox to the digit,
        // so a verifier comparing revisions sees only the annotation.
        Object::Real(r) if r.is_finite() => out.extend_from_slice(format!("{r}").as_bytes()),
        Object::Real(_) => out.push(b'0'),
        Object::Name(n) => write_name(out, n),
        Object::String(s, StringFormat::Hexadecimal) => write_hex(out, s),
        Object::String(s, StringFormat::Literal) => {
            out.push(b'(');
            for &b in s {
                match b {
                    b'\\' | b'(' | b')' => out.extend_from_slice(&[b'\\', b]),
                    b'\n' => out.extend_from_slice(b"\\n"),
                    b'\r' => out.extend_from_slice(b"\\r"),
                    0x20..=0x7e => out.push(b),
                    _ => out.extend_from_slice(format!("\\{b:03o}").as_bytes()),
                }
            }
            out.push(b')');
        }
        Object::Array(a) => {
            out.push(b'[');
            for (i, o) in a.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                write_object(out, o);
            }
            out.push(b']');
        }
        Object::Dictionary(d) => write_dict(out, d),
        Object::Stream(s) => {
            let mut d = s.dict.clone();
            d.set("Length", s.content.len() as i64);
            write_dict(out, &d);
            out.extend_from_slice(b"\nstream\n");
            out.extend_from_slice(&s.content);
            out.extend_from_slice(b"\nendstream");
        }
        Object::Reference((n, g)) => out.extend_from_slice(format!("{n} {g} R").as_bytes()),
    }
}

fn write_dict(out: &mut Vec<u8>, d: &Dictionary) {
    out.extend_from_slice(b"<<");
    for (k, v) in d.iter() {
        write_name(out, k);
        out.push(b' ');
        write_object(out, v);
    }
    out.extend_from_slice(b">>");
}

/// PDF text string: literal if printable ASCII, else UTF-16BE with BOM.
pub fn text_string(s: &str) -> Object {
    if s.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut v = vec![0xFE, 0xFF];
        for u in s.encode_utf16() {
            v.extend_from_slice(&u.to_be_bytes());
        }
        Object::String(v, StringFormat::Hexadecimal)
    }
}

/// `D:YYYYMMDDHHmmSS+00'00'`
pub fn pdf_date(t: DateTime<Utc>) -> String {
    format!("D:{}+00'00'", t.format("%Y%m%d%H%M%S"))
}

// ---------------------------------------------------------------------------
// The increment
// ---------------------------------------------------------------------------

struct Increment {
    next_id: u32,
    objects: BTreeMap<ObjectId, Vec<u8>>,
}

impl Increment {
    fn alloc(&mut self) -> ObjectId {
        let id = (self.next_id, 0);
        self.next_id += 1;
        id
    }
}

/// An incremental update over `pdf`: objects added or replaced, written
/// after the original bytes (kept untouched) with their own
/// cross-reference section and a trailer pointing back with /Prev.
pub(crate) struct Update<'a> {
    pdf: &'a [u8],
    doc: &'a Document,
    pub root_id: ObjectId,
    prev_xref: usize,
    prev_is_stream: bool,
    prev_size: u32,
    inc: Increment,
}

impl<'a> Update<'a> {
    /// An empty update over `pdf`, which `doc` was loaded from.
    pub fn new(pdf: &'a [u8], doc: &'a Document) -> Result<Self, SignError> {
        let (prev_xref, prev_is_stream) = previous_xref(pdf)?;
        let root_id = doc
            .trailer
            .get(b"Root")
            .and_then(Object::as_reference)
            .map_err(|e| SignError::DamagedPdf(e.to_string()))?;
        let prev_size = doc
            .trailer
            .get(b"Size")
            .and_then(Object::as_i64)
            .unwrap_or(0)
            .max(0) as u32;
        Ok(Self {
            pdf,
            doc,
            root_id,
            prev_xref,
            prev_is_stream,
            prev_size,
            inc: Increment {
                next_id: prev_size.max(doc.max_id + 1),
                objects: BTreeMap::new(),
            },
        })
    }

    /// A new object number.
    pub fn alloc(&mut self) -> ObjectId {
        self.inc.alloc()
    }

    /// `obj` as object `id` (new, or replacing the earlier one).
    pub fn put(&mut self, id: ObjectId, obj: &Object) {
        let mut body = Vec::new();
        write_object(&mut body, obj);
        self.inc.objects.insert(id, body);
    }

    /// Object `id` written as `body`, already serialised.
    fn put_raw(&mut self, id: ObjectId, body: Vec<u8>) {
        self.inc.objects.insert(id, body);
    }

    /// The whole file with the update appended, and where each object's
    /// body starts in it.
    pub fn write(mut self) -> Result<(Vec<u8>, BTreeMap<ObjectId, usize>), SignError> {
        let mut out = self.pdf.to_vec();
        if !matches!(out.last(), Some(b'\n') | Some(b'\r')) {
            out.push(b'\n');
        }
        let mut offsets: BTreeMap<ObjectId, usize> = BTreeMap::new();
        let mut bodies: BTreeMap<ObjectId, usize> = BTreeMap::new();
        for (id, body) in &self.inc.objects {
            offsets.insert(*id, out.len());
            out.extend_from_slice(format!("{} {} obj\n", id.0, id.1).as_bytes());
            bodies.insert(*id, out.len());
            out.extend_from_slice(body);
            out.extend_from_slice(b"\nendobj\n");
        }

        let mut trailer = Dictionary::new();
        trailer.set("Root", Object::Reference(self.root_id));
        if let Ok(info) = self.doc.trailer.get(b"Info") {
            trailer.set("Info", info.clone());
        }
        let new_id_part = Sha256::digest(self.pdf)[..16].to_vec();
        let first_id = self
            .doc
            .trailer
            .get(b"ID")
            .and_then(Object::as_array)
            .ok()
            .and_then(|a| a.first())
            .and_then(|o| o.as_str().ok())
            .map(|s| s.to_vec())
            .unwrap_or_else(|| new_id_part.clone());
        trailer.set(
            "ID",
            vec![
                Object::String(first_id, StringFormat::Hexadecimal),
                Object::String(new_id_part, StringFormat::Hexadecimal),
            ],
        );
        trailer.set("Prev", self.prev_xref as i64);

        if self.prev_is_stream {
            write_xref_stream(&mut out, &mut self.inc, offsets, trailer, self.prev_size)?;
        } else {
            write_xref_table(&mut out, &self.inc, &offsets, trailer, self.prev_size);
        }
        Ok((out, bodies))
    }
}

/// Offset after `startxref` and whether it points to an xref stream.
fn previous_xref(pdf: &[u8]) -> Result<(usize, bool), SignError> {
    let bad = |m: &str| SignError::DamagedPdf(m.to_string());
    let tail_start = pdf.len().saturating_sub(2048);
    let tail = &pdf[tail_start..];
    let pos = tail
        .windows(9)
        .rposition(|w| w == b"startxref")
        .ok_or_else(|| bad("no startxref"))?;
    let digits: String = tail[pos + 9..]
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take_while(|b| b.is_ascii_digit())
        .map(|&b| b as char)
        .collect();
    let off: usize = digits.parse().map_err(|_| bad("bad startxref offset"))?;
    let at = pdf
        .get(off..)
        .ok_or_else(|| bad("startxref beyond end of file"))?;
    if at.starts_with(b"xref") {
        Ok((off, false))
    } else if at.first().is_some_and(u8::is_ascii_digit) {
        Ok((off, true))
    } else {
        Err(bad("startxref does not point to a cross-reference section"))
    }
}

fn validate_request(req: &SignRequest) -> Result<(), SignError> {
    let r = req.rect;
    if req.field_name.is_empty() || req.field_name.contains('.') {
        return Err(SignError::InvalidRequest(
            "field name must be non-empty and contain no '.'".into(),
        ));
    }
    // [0 0 0 0] is an invisible signature (PDF 32000-1, 12.7.4.5).
    let invisible = req.appearance.is_none() && r == [0.0; 4];
    if !invisible && (!r.iter().all(|x| x.is_finite()) || r[2] <= r[0] || r[3] <= r[1]) {
        return Err(SignError::InvalidRequest(
            "rect must be [x0, y0, x1, y1] with x1 > x0 and y1 > y0".into(),
        ));
    }
    Ok(())
}

/// Refuse a PDF whose last signature no longer covers the whole file.
pub fn check_not_modified_after_signature(pdf: &[u8]) -> Result<(), SignError> {
    let doc = load(pdf)?;
    check_sigs_cover(pdf, &fields(&doc).1)
}

fn check_sigs_cover(pdf: &[u8], sigs: &[SigField]) -> Result<(), SignError> {
    let ends: Vec<usize> = sigs
        .iter()
        .map(|s| {
            byte_range(&s.sig)
                .map(|b| b[2].saturating_add(b[3]))
                .unwrap_or(0)
        })
        .collect();
    if let Some(&end) = ends.iter().max() {
        // Validation data and document time-stamps may follow the last
        // signature; nothing else may.
        if !only_whitespace_after(pdf, end) && check_later_updates(pdf, end).is_err() {
            return Err(SignError::ModifiedAfterSignature);
        }
    }
    Ok(())
}

const BYTE_RANGE_PLACEHOLDER: &[u8] = b"[0 0000000000 0000000000 0000000000]";

/// Sign `pdf` with `signer` (PAdES B-B, ETSI.CAdES.detached) as an
/// incremental update. Earlier signatures stay valid.
pub fn sign_pdf(pdf: &[u8], signer: &dyn Signer, req: &SignRequest) -> Result<Vec<u8>, SignError> {
    sign_pdf_timestamped(pdf, signer, req, None)
}

/// [`sign_pdf`], with the signature time-stamped by `timestamper` when
/// given (PAdES B-T).
pub fn sign_pdf_timestamped(
    pdf: &[u8],
    signer: &dyn Signer,
    req: &SignRequest,
    timestamper: Option<&TimeStamper>,
) -> Result<Vec<u8>, SignError> {
    add_signature_field(
        pdf,
        req,
        FieldValue::Cms {
            signer,
            timestamper,
        },
    )
}

/// A document time-stamp (PAdES B-LTA, ETSI.RFC3161) over the whole of
/// `pdf` as an incremental update, in a new invisible field: the
/// authority's token proves the file — signatures and validation data —
/// existed at its time, and can be renewed by another before its
/// certificate expires.
pub fn timestamp_document(
    pdf: &[u8],
    timestamper: &TimeStamper,
    field_name: &str,
) -> Result<Vec<u8>, SignError> {
    let req = SignRequest::invisible(field_name);
    add_signature_field(pdf, &req, FieldValue::DocumentTimeStamp(timestamper))
}

/// What a new signature field's /Contents holds.
enum FieldValue<'a> {
    /// A CAdES signature (PAdES B-B; B-T with a time-stamp on it).
    Cms {
        signer: &'a dyn Signer,
        timestamper: Option<&'a TimeStamper>,
    },
    /// An RFC 3161 token over the file (a document time-stamp).
    DocumentTimeStamp(&'a TimeStamper),
}

fn add_signature_field(
    pdf: &[u8],
    req: &SignRequest,
    value: FieldValue<'_>,
) -> Result<Vec<u8>, SignError> {
    validate_request(req)?;
    let doc = load(pdf)?;
    let (names, sigs) = fields(&doc);
    check_sigs_cover(pdf, &sigs)?;
    if names.contains(&req.field_name) {
        return Err(SignError::FieldExists(req.field_name.clone()));
    }
    let page_id = *doc
        .get_pages()
        .get(&req.page)
        .ok_or(SignError::InvalidPage(req.page))?;
    let damaged = |e: lopdf::Error| SignError::DamagedPdf(e.to_string());
    let mut inc = Update::new(pdf, &doc)?;
    let root_id = inc.root_id;

    // --- appearance -------------------------------------------------------
    let (w, h) = (req.rect[2] - req.rect[0], req.rect[3] - req.rect[1]);
    let mut xobjects = Dictionary::new();
    let mut rects = Vec::new();
    if let Some(app) = &req.appearance {
        for (i, im) in app.images.iter().enumerate() {
            let prepared = prepared_streams(&im.png)?;
            let (mut rgb, mask) = (prepared.0.clone(), prepared.1.clone());
            if let Some(mask) = mask {
                let mid = inc.alloc();
                inc.put(mid, &Object::Stream(mask));
                rgb.dict.set("SMask", Object::Reference(mid));
            }
            let iid = inc.alloc();
            inc.put(iid, &Object::Stream(rgb));
            xobjects.set(format!("Im{i}"), Object::Reference(iid));
            rects.push(im.rect);
        }
    }
    let mut form_dict = dictionary! {
        "Type" => "XObject",
        "Subtype" => "Form",
        "BBox" => vec![real(0.0), real(0.0), real(w), real(h)],
    };
    if !xobjects.is_empty() {
        form_dict.set("Resources", dictionary! { "XObject" => xobjects });
    }
    let ap_id = inc.alloc();
    inc.put(
        ap_id,
        &Object::Stream(Stream::new(form_dict, form_content(&rects))),
    );

    // --- signature dictionary (raw, with placeholders) -----------------------
    let sig_id = inc.alloc();
    let mut sig_body = Vec::new();
    match value {
        FieldValue::Cms { .. } => {
            sig_body.extend_from_slice(
                b"<</Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached",
            );
            sig_body.extend_from_slice(b" /M ");
            write_object(
                &mut sig_body,
                &Object::string_literal(pdf_date(req.signing_time)),
            );
        }
        // EN 319 142-1 5.4: a document time-stamp's dictionary says no
        // more than what it is.
        FieldValue::DocumentTimeStamp(_) => sig_body.extend_from_slice(
            b"<</Type /DocTimeStamp /Filter /Adobe.PPKLite /SubFilter /ETSI.RFC3161",
        ),
    }
    if !req.signer_name.is_empty() {
        sig_body.extend_from_slice(b" /Name ");
        write_object(&mut sig_body, &text_string(&req.signer_name));
    }
    if let Some(r) = &req.reason {
        sig_body.extend_from_slice(b" /Reason ");
        write_object(&mut sig_body, &text_string(r));
    }
    if let Some(l) = &req.location {
        sig_body.extend_from_slice(b" /Location ");
        write_object(&mut sig_body, &text_string(l));
    }
    sig_body.extend_from_slice(b" /ByteRange ");
    let br_rel = sig_body.len();
    sig_body.extend_from_slice(BYTE_RANGE_PLACEHOLDER);
    sig_body.extend_from_slice(b" /Contents ");
    let contents_rel = sig_body.len();
    sig_body.push(b'<');
    sig_body.resize(sig_body.len() + CONTENTS_RESERVED_BYTES * 2, b'0');
    sig_body.push(b'>');
    sig_body.extend_from_slice(b">>");
    inc.put_raw(sig_id, sig_body);

    // --- field + widget (merged) ---------------------------------------------
    let field_id = inc.alloc();
    let field = dictionary! {
        "Type" => "Annot",
        "Subtype" => "Widget",
        "FT" => "Sig",
        "T" => text_string(&req.field_name),
        "V" => Object::Reference(sig_id),
        "F" => 132, // Print | Locked
        "Rect" => req.rect.iter().map(|&x| real(x)).collect::<Vec<_>>(),
        "P" => Object::Reference(page_id),
        "AP" => dictionary! { "N" => Object::Reference(ap_id) },
    };
    inc.put(field_id, &Object::Dictionary(field));

    // --- page /Annots --------------------------------------------------------
    let mut page = doc.get_dictionary(page_id).map_err(damaged)?.clone();
    match page.get(b"Annots").ok().cloned() {
        Some(Object::Reference(aid)) => {
            let mut arr = doc
                .get_object(aid)
                .and_then(Object::as_array)
                .map_err(damaged)?
                .clone();
            arr.push(Object::Reference(field_id));
            inc.put(aid, &Object::Array(arr));
        }
        Some(Object::Array(mut arr)) => {
            arr.push(Object::Reference(field_id));
            page.set("Annots", arr);
            inc.put(page_id, &Object::Dictionary(page));
        }
        _ => {
            page.set("Annots", vec![Object::Reference(field_id)]);
            inc.put(page_id, &Object::Dictionary(page));
        }
    }

    // --- AcroForm (kept as / moved to an indirect object) ---------------------
    let catalog = doc.get_dictionary(root_id).map_err(damaged)?.clone();
    let (acro_id, mut acro, catalog_needs_update) = match catalog.get(b"AcroForm").ok() {
        Some(Object::Reference(id)) => (
            *id,
            doc.get_dictionary(*id).map_err(damaged)?.clone(),
            false,
        ),
        Some(Object::Dictionary(d)) => (inc.alloc(), d.clone(), true),
        _ => (inc.alloc(), Dictionary::new(), true),
    };
    match acro.get(b"Fields").ok().cloned() {
        Some(Object::Reference(fid)) => {
            let mut arr = doc
                .get_object(fid)
                .and_then(Object::as_array)
                .map_err(damaged)?
                .clone();
            arr.push(Object::Reference(field_id));
            inc.put(fid, &Object::Array(arr));
        }
        Some(Object::Array(mut arr)) => {
            arr.push(Object::Reference(field_id));
            acro.set("Fields", arr);
        }
        _ => acro.set("Fields", vec![Object::Reference(field_id)]),
    }
    let flags = acro.get(b"SigFlags").and_then(Object::as_i64).unwrap_or(0);
    acro.set("SigFlags", flags | 3);
    inc.put(acro_id, &Object::Dictionary(acro));
    if catalog_needs_update {
        let mut cat = catalog;
        cat.set("AcroForm", Object::Reference(acro_id));
        inc.put(root_id, &Object::Dictionary(cat));
    }

    // --- write ---------------------------------------------------------------
    let (mut out, bodies) = inc.write()?;
    let sig_obj_body_start = *bodies
        .get(&sig_id)
        .ok_or_else(|| SignError::Internal("the signature object was not written".into()))?;

    // --- byte range, digest, CMS ---------------------------------------------
    let contents_start = sig_obj_body_start + contents_rel; // the '<'
    let contents_end = contents_start + 2 + CONTENTS_RESERVED_BYTES * 2; // after '>'
    let br = format!(
        "[0 {} {} {}]",
        contents_start,
        contents_end,
        out.len() - contents_end
    );
    if br.len() > BYTE_RANGE_PLACEHOLDER.len() {
        return Err(SignError::Internal("ByteRange does not fit".into()));
    }
    let br_start = sig_obj_body_start + br_rel;
    let slot = &mut out[br_start..br_start + BYTE_RANGE_PLACEHOLDER.len()];
    slot.fill(b' ');
    slot[..br.len()].copy_from_slice(br.as_bytes());

    let mut hasher = Sha256::new();
    hasher.update(&out[..contents_start]);
    hasher.update(&out[contents_end..]);
    let digest = hasher.finalize();
    let cms = match value {
        FieldValue::Cms {
            signer,
            timestamper,
        } => build_detached_cms(signer, &digest, timestamper, Utc::now())?,
        FieldValue::DocumentTimeStamp(timestamper) => {
            timestamper.stamp_digest(&digest.into(), Utc::now())?.der
        }
    };
    if cms.len() > CONTENTS_RESERVED_BYTES {
        return Err(SignError::SignatureTooLarge(cms.len()));
    }
    let mut hex = Vec::with_capacity(cms.len() * 2);
    for b in &cms {
        hex.extend_from_slice(format!("{b:02X}").as_bytes());
    }
    out[contents_start + 1..contents_start + 1 + hex.len()].copy_from_slice(&hex);
    Ok(out)
}

/// Consecutive runs of object numbers: (first, count).
fn runs(ids: &[u32]) -> Vec<(u32, u32)> {
    let mut v: Vec<(u32, u32)> = Vec::new();
    for &id in ids {
        match v.last_mut() {
            Some((s, c)) if *s + *c == id => *c += 1,
            _ => v.push((id, 1)),
        }
    }
    v
}

fn write_xref_table(
    out: &mut Vec<u8>,
    inc: &Increment,
    offsets: &BTreeMap<ObjectId, usize>,
    mut trailer: Dictionary,
    prev_size: u32,
) {
    let xref_at = out.len();
    out.extend_from_slice(b"xref\n");
    let ids: Vec<u32> = offsets.keys().map(|k| k.0).collect();
    for (start, count) in runs(&ids) {
        out.extend_from_slice(format!("{start} {count}\n").as_bytes());
        for n in start..start + count {
            let (id, off) = offsets
                .iter()
                .find(|(k, _)| k.0 == n)
                .expect("id from offsets");
            out.extend_from_slice(format!("{:010} {:05} n\r\n", off, id.1).as_bytes());
        }
    }
    trailer.set("Size", prev_size.max(inc.next_id) as i64);
    out.extend_from_slice(b"trailer\n");
    write_dict(out, &trailer);
    out.extend_from_slice(format!("\nstartxref\n{xref_at}\n%%EOF\n").as_bytes());
}

fn write_xref_stream(
    out: &mut Vec<u8>,
    inc: &mut Increment,
    mut offsets: BTreeMap<ObjectId, usize>,
    mut trailer: Dictionary,
    prev_size: u32,
) -> Result<(), SignError> {
    let xid = inc.alloc();
    let xref_at = out.len();
    offsets.insert(xid, xref_at);
    if out.len() > u32::MAX as usize {
        return Err(SignError::InvalidRequest("PDF larger than 4 GiB".into()));
    }
    let ids: Vec<u32> = offsets.keys().map(|k| k.0).collect();
    let mut index = Vec::new();
    for (s, c) in runs(&ids) {
        index.push(Object::Integer(s as i64));
        index.push(Object::Integer(c as i64));
    }
    let mut data = Vec::new();
    for (id, off) in &offsets {
        data.push(1u8);
        data.extend_from_slice(&(*off as u32).to_be_bytes());
        data.extend_from_slice(&id.1.to_be_bytes());
    }
    trailer.set("Type", "XRef");
    trailer.set("Size", prev_size.max(inc.next_id) as i64);
    trailer.set("Index", index);
    trailer.set(
        "W",
        vec![Object::Integer(1), Object::Integer(4), Object::Integer(2)],
    );
    out.extend_from_slice(format!("{} {} obj\n", xid.0, xid.1).as_bytes());
    write_object(out, &Object::Stream(Stream::new(trailer, data)));
    out.extend_from_slice(format!("\nendobj\nstartxref\n{xref_at}\n%%EOF\n").as_bytes());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ser(o: &Object) -> String {
        let mut v = Vec::new();
        write_object(&mut v, o);
        String::from_utf8(v).unwrap()
    }

    #[test]
    fn serialises_objects() {
        assert_eq!(ser(&Object::Name(b"A B#/".to_vec())), "/A#20B#23#2F");
        assert_eq!(
            ser(&Object::string_literal("a(b)\\\n")),
            "(a\\(b\\)\\\\\\n)"
        );
        assert_eq!(ser(&Object::Real(1.5)), "1.5");
        assert_eq!(ser(&Object::Real(2.0)), "2");
        assert_eq!(
            ser(&Object::Array(vec![
                Object::Integer(1),
                Object::Reference((3, 0))
            ])),
            "[1 3 0 R]"
        );
        assert_eq!(ser(&text_string("Hải")), "<FEFF00481EA30069>");
        assert_eq!(ser(&text_string("abc")), "(abc)");
    }

    #[test]
    fn xref_runs() {
        assert_eq!(runs(&[3, 4, 5, 9, 11, 12]), vec![(3, 3), (9, 1), (11, 2)]);
    }

    #[test]
    fn dates() {
        let t = chrono::DateTime::parse_from_rfc3339("2025-03-04T05:06:07Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(pdf_date(t), "D:20250304050607+00'00'");
    }
}
