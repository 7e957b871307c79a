//! The document security store (/DSS, ISO 32000-2 12.8.4.3; PAdES B-LT):
//! the certificates, OCSP responses and CRLs a verifier needs, kept in the
//! file itself so that it can be validated when the CA's services are long
//! gone. Added as an incremental update after the signatures; earlier
//! entries are kept.

use std::collections::HashSet;

use lopdf::{Dictionary, Document, Object, Stream};
use sha2::{Digest, Sha256};

use crate::sign::error::SignError;
use crate::sign::pdf_sign::{load, Update};

/// Validation data, each item DER: certificates, OCSP responses
/// (`OCSPResponse`), CRLs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ValidationData {
    pub certs: Vec<Vec<u8>>,
    pub ocsps: Vec<Vec<u8>>,
    pub crls: Vec<Vec<u8>>,
}

impl ValidationData {
    pub fn is_empty(&self) -> bool {
        self.certs.is_empty() && self.ocsps.is_empty() && self.crls.is_empty()
    }

    /// `other`'s items added, each once.
    pub fn merge(&mut self, other: ValidationData) {
        for (mine, theirs) in [
            (&mut self.certs, other.certs),
            (&mut self.ocsps, other.ocsps),
            (&mut self.crls, other.crls),
        ] {
            for item in theirs {
                if !mine.contains(&item) {
                    mine.push(item);
                }
            }
        }
    }
}

/// The three arrays of a DSS and their keys.
const ARRAYS: [&[u8]; 3] = [b"Certs", b"OCSPs", b"CRLs"];

/// The validation data in `pdf`'s DSS (empty when it has none).
pub fn read_validation_data(pdf: &[u8]) -> Result<ValidationData, SignError> {
    let doc = load(pdf)?;
    let Some(dss) = dss_dict(&doc) else {
        return Ok(ValidationData::default());
    };
    let mut items = ARRAYS.map(|key| stream_contents(&doc, &dss, key));
    let [certs, ocsps, crls] = &mut items;
    Ok(ValidationData {
        certs: std::mem::take(certs),
        ocsps: std::mem::take(ocsps),
        crls: std::mem::take(crls),
    })
}

/// `pdf` with `data` added to its DSS, as an incremental update; items
/// already there are not added twice. Nothing new: `pdf` as it was.
pub fn add_validation_data(pdf: &[u8], data: &ValidationData) -> Result<Vec<u8>, SignError> {
    let doc = load(pdf)?;
    let mut dss = dss_dict(&doc).unwrap_or_default();
    let mut update = Update::new(pdf, &doc)?;
    let mut added = false;
    for (key, items) in ARRAYS.iter().zip([&data.certs, &data.ocsps, &data.crls]) {
        let mut refs = match dss.get(key).ok().map(|o| doc.dereference(o)) {
            Some(Ok((_, Object::Array(a)))) => a.clone(),
            _ => Vec::new(),
        };
        let mut present: HashSet<[u8; 32]> = stream_contents(&doc, &dss, key)
            .iter()
            .map(|c| Sha256::digest(c).into())
            .collect();
        for item in items {
            if !present.insert(Sha256::digest(item).into()) {
                continue;
            }
            let id = update.alloc();
            update.put(
                id,
                &Object::Stream(Stream::new(Dictionary::new(), item.clone())),
            );
            refs.push(Object::Reference(id));
            added = true;
        }
        if !refs.is_empty() {
            dss.set(*key, refs);
        }
    }
    if !added {
        return Ok(pdf.to_vec());
    }
    dss.set("Type", "DSS");
    let root_id = update.root_id;
    let catalog = doc
        .get_dictionary(root_id)
        .map_err(|e| SignError::DamagedPdf(e.to_string()))?;
    match catalog.get(b"DSS") {
        Ok(Object::Reference(id)) => {
            let id = *id;
            update.put(id, &Object::Dictionary(dss));
        }
        _ => {
            let id = update.alloc();
            update.put(id, &Object::Dictionary(dss));
            let mut catalog = catalog.clone();
            catalog.set("DSS", Object::Reference(id));
            update.put(root_id, &Object::Dictionary(catalog));
        }
    }
    Ok(update.write()?.0)
}

fn dss_dict(doc: &Document) -> Option<Dictionary> {
    let dss = doc.catalog().ok()?.get(b"DSS").ok()?;
    doc.dereference(dss).ok()?.1.as_dict().ok().cloned()
}

/// The decoded contents of the streams in `dss`'s `key` array.
fn stream_contents(doc: &Document, dss: &Dictionary, key: &[u8]) -> Vec<Vec<u8>> {
    let Some(Ok((_, Object::Array(refs)))) = dss.get(key).ok().map(|o| doc.dereference(o)) else {
        return Vec::new();
    };
    refs.iter()
        .filter_map(|r| doc.dereference(r).ok())
        .filter_map(|(_, o)| o.as_stream().ok())
        .map(|s| {
            s.decompressed_content()
                .unwrap_or_else(|_| s.content.clone())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merging_keeps_each_item_once() {
        let mut a = ValidationData {
            certs: vec![b"c1".to_vec()],
            ocsps: vec![],
            crls: vec![],
        };
        a.merge(ValidationData {
            certs: vec![b"c1".to_vec(), b"c2".to_vec()],
            ocsps: vec![b"o1".to_vec()],
            crls: vec![],
        });
        assert_eq!(a.certs, vec![b"c1".to_vec(), b"c2".to_vec()]);
        assert_eq!(a.ocsps.len(), 1);
        assert!(!a.is_empty());
        assert!(ValidationData::default().is_empty());
    }
}
