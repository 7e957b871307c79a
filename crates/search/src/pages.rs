//! The index's schema: one Tantivy document per page of a current version.

use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, FAST, INDEXED, STORED,
};
use tantivy::tokenizer::{PreTokenizedString, Token};
use tantivy::{TantivyDocument, Term};

use kyhop_domain::search::IndexTerms;

/// The fields of a page.
#[derive(Clone, Copy)]
pub(crate) struct Fields {
    /// The page's terms ([`kyhop_domain::search::index_terms`]), each
    /// prefixed with its session ("12/ngan_sach"): a search reads the
    /// postings of its own session only, and ranks with that session's
    /// statistics.
    pub terms: Field,
    /// For taking a whole session out.
    pub session: Field,
    /// For taking a document out, and for leaving out documents the reader
    /// may not see.
    pub document: Field,
    pub version: Field,
    pub page: Field,
    pub title: Field,
    /// The page as extracted, for the snippet.
    pub text: Field,
}

impl Fields {
    pub fn schema() -> (Schema, Fields) {
        let mut b = Schema::builder();
        // Frequencies for BM25; no positions: pairs of syllables are terms
        // of their own, so no query needs them.
        let terms = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("raw")
                .set_index_option(IndexRecordOption::WithFreqs),
        );
        let fields = Fields {
            terms: b.add_text_field("terms", terms),
            session: b.add_u64_field("session", INDEXED),
            document: b.add_u64_field("document", INDEXED | FAST | STORED),
            version: b.add_u64_field("version", STORED),
            page: b.add_u64_field("page", STORED),
            title: b.add_text_field("title", STORED),
            text: b.add_text_field("text", STORED),
        };
        (b.build(), fields)
    }

    pub fn session_term(&self, session: i64) -> Term {
        Term::from_field_u64(self.session, id(session))
    }

    pub fn document_term(&self, document: i64) -> Term {
        Term::from_field_u64(self.document, id(document))
    }

    /// The term a search looks up for one of its (folded) terms.
    pub fn term(&self, session: i64, term: &str) -> Term {
        Term::from_field_text(self.terms, &session_term(session, term))
    }

    pub fn page(&self, page: &Page<'_>) -> TantivyDocument {
        let found = kyhop_domain::search::index_terms(page.text);
        let IndexTerms { syllables, pairs } = found;
        let tokens = syllables
            .into_iter()
            .chain(pairs)
            .enumerate()
            .map(|(position, t)| Token {
                position,
                text: session_term(page.session, &t),
                ..Token::default()
            })
            .collect();
        let mut doc = TantivyDocument::default();
        doc.add_pre_tokenized_text(
            self.terms,
            PreTokenizedString {
                text: String::new(),
                tokens,
            },
        );
        doc.add_u64(self.session, id(page.session));
        doc.add_u64(self.document, id(page.document));
        doc.add_u64(self.version, u64::from(page.version));
        doc.add_u64(self.page, u64::from(page.page));
        doc.add_text(self.title, page.title);
        doc.add_text(self.text, page.text);
        doc
    }

    /// A stored page back, for a hit.
    pub fn stored(&self, doc: &TantivyDocument) -> Option<StoredPage> {
        let u64_of = |f: Field| doc.get_first(f).and_then(|v| v.as_u64());
        let text_of = |f: Field| doc.get_first(f).and_then(|v| v.as_str().map(str::to_owned));
        Some(StoredPage {
            document: i64::try_from(u64_of(self.document)?).ok()?,
            version: u32::try_from(u64_of(self.version)?).ok()?,
            page: u32::try_from(u64_of(self.page)?).ok()?,
            title: text_of(self.title)?,
            text: text_of(self.text)?,
        })
    }
}

/// A page to index.
pub(crate) struct Page<'a> {
    pub session: i64,
    pub document: i64,
    pub version: u32,
    pub page: u32,
    pub title: &'a str,
    pub text: &'a str,
}

/// A page as a hit reads it back.
#[derive(Debug)]
pub(crate) struct StoredPage {
    pub document: i64,
    pub version: u32,
    pub page: u32,
    pub title: String,
    pub text: String,
}

fn session_term(session: i64, term: &str) -> String {
    format!("{session}/{term}")
}

/// Store ids are positive; a negative one (never made) maps to 0, which
/// matches nothing.
pub(crate) fn id(id: i64) -> u64 {
    u64::try_from(id).unwrap_or(0)
}
